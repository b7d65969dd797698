"""What a project's own kind of block must draw, read in the HTML its template made.

A kind's template is the project's: briefgen cannot see what it means, only what it
made. So each block of a declared kind is found in the page (its frame,
components/kind.html.j2, names it by its id) and its markup read as the accessibility
checks read it, axe on the web page and the PDF/UA tags in the PDF:

- a list of items is drawn as a list (`ul`, `ol`, `dl`) or as a table;
- a table has headers (`th`);
- an image has a text alternative (`alt`, empty for one that only decorates), and a
  drawing (`svg`) is named (`role="img"` and `aria-label`) or hidden (`aria-hidden`);
- a word of a choice is printed, not shown by its colour or icon alone.

Each refusal names the template and the line that drew it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from briefgen.content.blocks import BlockView
from briefgen.content.kinds import DeclaredKind, FieldType, ProjectKinds, chosen_in

LISTS = ("ul", "ol", "dl", "table")


@dataclass(frozen=True)
class KindProblem:
    """A block's markup the checks cannot follow: its template, the markup to find the
    line of, what is wrong and how to fix it."""

    template: Path
    needles: tuple[str, ...]  # the markup to find its line by, the likeliest first
    message: str
    fix: str


def kind_blocks(blocks: Sequence[BlockView], kinds: ProjectKinds) -> dict[str, BlockView]:
    """The blocks of declared kinds among `blocks`, by their ids."""
    return {block.data.id: block for block in blocks if block.kind in kinds.kinds and block.data.id}


def kind_problems(
    html: str, blocks: dict[str, BlockView], kinds: ProjectKinds
) -> list[KindProblem]:
    """What each block of a declared kind draws that the checks cannot follow."""
    if not blocks:
        return []
    tree = LexborHTMLParser(html)
    problems: list[KindProblem] = []
    for block_id, block in blocks.items():
        node = tree.css_first(f"#{block_id}")
        kind = kinds.kinds[block.kind]
        if node is None:
            continue  # a block a fit step leaves out; the frame is the theme's
        problems.extend(_block_problems(node, block, kind))
    return problems


def _block_problems(
    node: LexborNode, block: BlockView, kind: type[DeclaredKind]
) -> Iterator[KindProblem]:
    template = kind.template
    for image in node.css("img"):
        if "alt" not in image.attributes:
            yield KindProblem(
                template,
                ("<img",),
                f"the kind `{kind.key}` draws an image without a text alternative",
                'give the <img> an alt="..." saying what it shows, or alt="" where the words '
                "beside it say it all",
            )
    for drawing in node.css("svg"):
        yield from _unnamed_drawing(drawing, kind)
    for table in node.css("table"):
        if table.css_first("th") is None:
            yield KindProblem(
                template,
                ("<table",),
                f"the kind `{kind.key}` draws a table without headers",
                'give the table a header row of <th scope="col"> cells (or a <th scope="row"> '
                "opening each row), so that a screen reader says what each cell is",
            )
    if _lists_of(kind, block.data) and not any(node.css_first(tag) for tag in LISTS):
        yield KindProblem(
            template,
            ("{% for",),
            f"the kind `{kind.key}` draws its list as other than a list",
            "draw the items as a list (<ul> or <ol> with an <li> each, or <dl>) or as a "
            "table, so that a screen reader says how many there are",
        )
    yield from _unprinted_words(node, block, kind)


def _unnamed_drawing(drawing: LexborNode, kind: type[DeclaredKind]) -> Iterator[KindProblem]:
    attributes = drawing.attributes
    hidden = attributes.get("aria-hidden") == "true"
    named = attributes.get("role") == "img" and bool(attributes.get("aria-label"))
    if not hidden and not named:
        yield KindProblem(
            kind.template,
            ("<svg",),
            f"the kind `{kind.key}` draws an <svg> that is neither named nor hidden",
            'give it role="img" and aria-label="..." saying what it shows, or '
            'aria-hidden="true" where the words beside it say it all',
        )


def _lists_of(kind: type[DeclaredKind], data: Any) -> bool:
    """Whether the block holds a list of more than one item."""
    return any(
        field.type is FieldType.LIST and len(getattr(data, name, None) or []) > 1
        for name, field in kind.declaration.fields.items()
    )


def _unprinted_words(
    node: LexborNode, block: BlockView, kind: type[DeclaredKind]
) -> Iterator[KindProblem]:
    """Each word chosen is printed as often as it is chosen: a rating shown by its colour
    (or its icon) alone says nothing to a reader who cannot tell the colours apart."""
    text = " ".join((node.text(separator=" ") or "").lower().split())
    uses: dict[str, int] = {}
    fields: dict[str, str] = {}
    for choice in chosen_in(block.data):
        uses[choice.word] = uses.get(choice.word, 0) + 1
        fields[choice.word] = choice.field
    for word, count in uses.items():
        if text.count(" ".join(word.lower().split())) < count:
            yield KindProblem(
                kind.template,
                tuple(f"{fields[word]}{tail}" for tail in (".css", ".colour", " ")),
                f"the kind `{kind.key}` shows the choice {word!r} without printing its word: "
                "a colour or an icon alone tells nothing to a reader who cannot see it",
                f"print the word beside its colour: {{{{ item.{fields[word]} }}}} prints it; "
                f"keep {{{{ item.{fields[word]}.css }}}}, its class, for the colour",
            )


__all__ = [
    "KindProblem",
    "kind_blocks",
    "kind_problems",
]
