"""A briefing in several languages: `content/NAME.yaml` and its translations beside it,
`content/NAME.cy.yaml`, one file a language.

Paired files, rather than one file with every field given in each language, because a
translator works on a whole text in one language (and a translation service is sent one
file and returns one); because each version is written, reviewed and approved on its own;
and because each is a briefing as any other, read with the same model, checks and
messages. What keeps them together is the shape check (briefgen.review.versions): the
versions must say the same things in the same shape, and every difference is named with
both files' lines.

This module reads what a translation's file name says: the language it is in.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from briefgen.content.languages import known_language, primary_of
from briefgen.content.load import Loaded
from briefgen.errors import ContentError, Problem
from briefgen.paths import version_of


def as_translation(loaded: Loaded, source: Path) -> Loaded:
    """A translation's briefing in the language its file's name gives (`NAME.cy.yaml`:
    Welsh). A name whose language briefgen does not know, or a `language:` that says
    another, is the author's mistake, told at its line."""
    name, tag = version_of(source)
    if tag is None:
        return loaded
    document = loaded.document
    if not known_language(tag):
        raise ContentError(
            [
                Problem(
                    document.file,
                    f"the file's name makes it the `{tag}` version of {name}.yaml, but "
                    f"briefgen knows no language `{tag}`",
                    f"name a translation with its language's BCP 47 tag ({name}.cy.yaml for "
                    f"Welsh, {name}.pl.yaml for Polish); a briefing's own name has no dot",
                    line=1,
                    column=1,
                )
            ]
        )
    written = loaded.briefing.language
    if written is not None and primary_of(written) != primary_of(tag):
        raise ContentError(
            [
                document.problem(
                    ("language",),
                    f"the file's name says it is in `{tag}`, but its `language` says `{written}`",
                    "remove the `language` line: a translation is in the language its file's "
                    "name gives; or rename the file",
                    value=written,
                )
            ]
        )
    briefing = loaded.briefing.model_copy(update={"language": written or tag})
    return replace(loaded, briefing=briefing)


__all__ = ["as_translation"]
