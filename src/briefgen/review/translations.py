"""What is checked of a briefing written in several languages, beyond each version's own
checks: that a translation has its original, that no language is written twice, that
every language the project publishes in has its version (`languages` in briefgen.yaml),
and that the versions say the same things in the same shape (briefgen.review.versions):
the original is compared with each translation, and a translation with its original.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from briefgen.content.config import ProjectConfig
from briefgen.content.languages import primary_of
from briefgen.content.load import Loaded, Version
from briefgen.errors import Problem
from briefgen.paths import version_of


def translation_problems(loaded: Loaded, config: ProjectConfig) -> list[Problem]:
    """Every problem of `loaded` as one of its briefing's versions; none for a briefing
    written in one language only, where the project asks for no other."""
    source = loaded.source or loaded.document.file
    own = loaded.briefing.language or config.language
    original = version_of(source)[1] is None
    problems = _missing(loaded, source, own, config) if original else []
    problems += _written_twice(loaded, own)
    if not original and not any(version.original for version in loaded.versions):
        problems.append(_without_original(loaded, source))
    if not loaded.versions:
        return problems
    # The comparison is imported only for a briefing that has versions: a briefing in one
    # language, nearly every one, builds without it (the cold build counts every import).
    from briefgen.review.versions import compare_versions  # noqa: PLC0415

    links = [[str(address) for address in group] for group in config.translated_links]
    this = _in_its_language(loaded, own)
    for version in loaded.versions:
        if version.loaded is None:
            problems.append(_unreadable(loaded, version))
            continue
        other = _in_its_language(version.loaded, version.language)
        if original:
            differences = compare_versions(this, other, translated_links=links)
            problems += [_differs(loaded, version, len(differences))] if differences else []
        elif version.original:
            problems += compare_versions(other, this, translated_links=links)
    return problems


def _differs(loaded: Loaded, version: Version, count: int) -> Problem:
    """The original's side of a difference: each is told once, at the translation's line
    with both lines (where it is to be mended, mostly); the original fails too, so that
    neither is published while they say different things."""
    places = "one place" if count == 1 else f"{count} places"
    return Problem(
        loaded.document.file,
        f"its `{version.language}` version, {version.source.name}, differs from it in "
        f"{places}, each told at that file's line with this one's",
        "make the two say the same things in the same shape: the same lists, figures and "
        "links, only the words translated",
    )


def _in_its_language(loaded: Loaded, language: str) -> Loaded:
    """The version with its language said, where it takes the project's (the original's,
    mostly): the comparison's messages then name it ("the English version")."""
    if loaded.briefing.language is not None:
        return loaded
    return replace(loaded, briefing=loaded.briefing.model_copy(update={"language": language}))


def _missing(loaded: Loaded, source: Path, own: str, config: ProjectConfig) -> list[Problem]:
    """A version the project publishes every briefing in and this one lacks."""
    have = {primary_of(own), *(primary_of(version.language) for version in loaded.versions)}
    name = version_of(source)[0]
    listed = ", ".join(config.languages)
    return [
        Problem(
            loaded.document.file,
            f"the briefing has no version in `{tag}`, one of the languages the project "
            f"publishes every briefing in ({listed})",
            f"write it as content/{name}.{tag}.yaml, a translation of this file with the same "
            "sections, lists, figures and links; or take the language out of `languages` in "
            "briefgen.yaml",
        )
        for tag in config.languages
        if primary_of(tag) not in have
    ]


def _written_twice(loaded: Loaded, own: str) -> list[Problem]:
    """Another version in this one's language: which of the two is published is unclear."""
    return [
        Problem(
            loaded.document.file,
            f"{version.source.name} is in `{version.language}` too, the language of this "
            "version: a briefing has one version a language",
            "rename the translation with the tag of the language it is in "
            f"({version_of(version.source)[0]}.cy.yaml for Welsh), or delete one of the two",
        )
        for version in loaded.versions
        if version.loaded is not None and primary_of(version.language) == primary_of(own)
    ]


def _without_original(loaded: Loaded, source: Path) -> Problem:
    name, tag = version_of(source)
    return Problem(
        loaded.document.file,
        f"this is the `{tag}` version of a briefing {name}.yaml, but content/ has no {name}.yaml",
        f"write the original as content/{name}.yaml (in the project's `language`), or, for a "
        f"briefing written only in this language, rename the file {name}.yaml and give it "
        f"`language: {tag}`",
    )


def _unreadable(loaded: Loaded, version: Version) -> Problem:
    """A version with mistakes of its own cannot be compared: told as a warning here (its
    own build tells its mistakes), so that this one still builds."""
    return Problem(
        loaded.document.file,
        f"its `{version.language}` version, {version.source.name}, has mistakes of its own, "
        "so the two are not compared yet",
        f"fix the mistakes briefgen shows for {version.source.name}; the versions are then "
        "checked to say the same things in the same shape",
        severity="warning",
    )


__all__ = ["translation_problems"]
