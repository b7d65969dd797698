"""Shared text: `include: snippets/NAME.yaml` puts a section, or a block, written once in
`content/snippets/` into any briefing.

A blog series repeats the same closing section in every post; written once as a snippet,
it is changed once. The include stands where the section (in `sections:`, or an entry's)
or the block (in a section's or subsection's `blocks:`) would: a snippet holds one section
(`heading:` and `blocks:`) or one block (`paragraphs: ...`), as it would be written there.

The snippet's data takes the include's place before the briefing is validated, so that it
is checked as any section is; the document remembers where it came from
(`Document.includes`), and every mistake in it is told at the snippet's own file and line.
A snippet is read through the gate as a briefing is, from `snippets/` beside the briefing,
and is never built on its own: content/*.yaml are the briefings, and snippets live a
folder below them. A snippet includes no other: one level is all a briefing needs, and no
loop can be written.

An incremental build rebuilds a briefing when a snippet it includes changes, and only then:
its fingerprint hashes the snippets its text names (`included_names`), read without
parsing YAML. So that the text says every snippet the briefing reads, an include is
written plainly, `include: snippets/NAME.yaml`, and one written otherwise (with escapes in
quotes) is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import Field

from briefgen.content.values import Strict
from briefgen.content.yaml_reader import Document, Path_, read_yaml
from briefgen.errors import ContentError, Problem
from briefgen.paths import SNIPPETS_FOLDER, included_names

INCLUDE_KEY = "include"
# How an include is written: `snippets/` and a name of lower-case letters, digits and hyphens.
SNIPPET = re.compile(r"snippets/([a-z0-9]+(?:-[a-z0-9]+)*)\.ya?ml")


class Include(Strict):
    """A section or a block written once in content/snippets/, put here: for the editor's
    schema (the include is followed before the model sees the briefing)."""

    include: str = Field(
        pattern=r"^snippets/[a-z0-9]+(?:-[a-z0-9]+)*\.ya?ml$",
        description="A snippet of content/snippets/ to put here: a section where a section "
        "stands, a block where a block does.",
        examples=["snippets/about-this-series.yaml"],
    )


HOW = "write it as `include: snippets/NAME.yaml`, NAME the file's name in content/snippets/"


def expand_includes(document: Document, source: Path, within: Sequence[Path] | None = None) -> None:
    """Put each included snippet's data in its include's place, remembering where it came
    from; raise ContentError with every include that cannot be followed. `source` is the
    briefing's file (the document names it as the user does)."""
    if not isinstance(document.data, dict):
        return
    problems: list[Problem] = []
    for path, item in list(_places(document.data)):
        written = item.get(INCLUDE_KEY)
        try:
            snippet = _read_snippet(document, source, path, written, within)
        except ContentError as error:
            problems.extend(error.problems)
            continue
        _put(document.data, path, snippet.data)
        document.includes[path] = snippet
    if problems:
        raise ContentError(problems)


def _read_snippet(
    document: Document,
    source: Path,
    path: Path_,
    written: object,
    within: Sequence[Path] | None,
) -> Document:
    found = SNIPPET.fullmatch(written) if isinstance(written, str) else None
    if found is None or found[0] not in included_names(document.text):
        raise ContentError([_problem(document, path, f"`{INCLUDE_KEY}` names no snippet", HOW)])
    file = source.parent / found[0]
    if not file.is_file():
        there = sorted(snippet.stem for snippet in file.parent.glob("*.y*ml"))
        listed = ", ".join(there) if there else "none yet"
        raise ContentError(
            [
                _problem(
                    document,
                    path,
                    f"there is no snippet {found[0]}",
                    f"the snippets in content/{SNIPPETS_FOLDER}/ are: {listed}",
                )
            ]
        )
    snippet = read_yaml(file, document.file.parent / found[0], within=within)
    if _holds_include(snippet.data):
        raise ContentError(
            [
                _problem(
                    snippet,
                    (),
                    "a snippet includes no other snippet",
                    "write the included text into this snippet, or include both in the briefing",
                )
            ]
        )
    return snippet


def _places(data: dict[str, Any]) -> Iterator[tuple[Path_, dict[str, Any]]]:
    """Each include in the data, with its path: in the briefing's sections and its entries',
    and in their blocks and their subsections' blocks."""
    yield from _in_sections(data.get("sections"), ("sections",))
    entries = data.get("entries")
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(entry, dict):
            yield from _in_sections(entry.get("sections"), ("entries", index, "sections"))


def _in_sections(sections: object, where: Path_) -> Iterator[tuple[Path_, dict[str, Any]]]:
    for number, section in enumerate(sections if isinstance(sections, list) else []):
        if _is_include(section):
            yield (*where, number), section
            continue
        if not isinstance(section, dict):
            continue
        yield from _in_blocks(section.get("blocks"), (*where, number, "blocks"))
        subsections = section.get("subsections")
        for sub, subsection in enumerate(subsections if isinstance(subsections, list) else []):
            if isinstance(subsection, dict):
                path = (*where, number, "subsections", sub, "blocks")
                yield from _in_blocks(subsection.get("blocks"), path)


def _in_blocks(blocks: object, where: Path_) -> Iterator[tuple[Path_, dict[str, Any]]]:
    for index, block in enumerate(blocks if isinstance(blocks, list) else []):
        if _is_include(block):
            yield (*where, index), block


def _holds_include(data: object) -> bool:
    """Whether an include stands anywhere in `data`."""
    if isinstance(data, dict):
        return _is_include(data) or any(_holds_include(value) for value in data.values())
    return isinstance(data, list) and any(_holds_include(value) for value in data)


def _is_include(item: object) -> bool:
    return isinstance(item, dict) and list(item) == [INCLUDE_KEY]


def _put(data: Any, path: Path_, value: Any) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def _problem(document: Document, path: Path_, message: str, fix: str) -> Problem:
    return document.problem((*path, INCLUDE_KEY) if path else (), message, fix)


__all__ = [
    "Include",
    "expand_includes",
]
