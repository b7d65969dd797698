"""Checks of valid content that catch what would publish badly: warnings, not errors.

Each check has a name; `--strict` turns its warnings into errors.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from briefgen.errors import Problem, shorten
from briefgen.load import Loaded, Path_, field_path
from briefgen.markdown import refused_markup


def iter_text(model: BaseModel, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every text value of a model, with its path, in the order of the file."""
    for name in type(model).model_fields:
        yield from _iter_value(getattr(model, name), (*path, name))


def _iter_value(value: object, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        yield from iter_text(value, path)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _iter_value(item, (*path, index))


def check_briefing(loaded: Loaded) -> list[Problem]:
    return list(check_markup(loaded))


def check_markup(loaded: Loaded) -> Iterator[Problem]:
    """Raw HTML, images and unsafe links are shown as plain text: say so."""
    for path, text in iter_text(loaded.briefing):
        for refused in refused_markup(text):
            position = loaded.document.position(path)
            yield Problem(
                loaded.document.file,
                f"{refused} is shown as plain text, not as markup",
                "write plain text, with **bold**, _italic_ or [a link](https://...) if needed",
                line=position.line if position else None,
                column=position.column if position else None,
                field=field_path(path),
                value=shorten(text),
                severity="warning",
                check="markup",
            )
