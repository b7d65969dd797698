"""What the model says about one field: which keys its group allows, and its example.

Messages use this to name the keys allowed beside a misspelt one and to show a fix
with a real example, taken from the model (the single source of every field's
description and example), never written twice.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel

Path_ = tuple[str | int, ...]


def model_at(model: type[BaseModel], path: Path_) -> type[BaseModel] | None:
    """The model class of the group at `path`, following lists and nested models."""
    current: Any = model
    keyed = False  # the last field was a mapping of names to groups: this part is a name
    for part in path:
        if isinstance(part, int) or keyed:
            keyed = False
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
        keyed = _is_mapping(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _is_mapping(annotation: Any) -> bool:
    """Whether a field holds groups by name (`fields:` of a kind's declaration, each a
    group under a name the user chose), perhaps optional."""
    if typing.get_origin(annotation) is dict:
        return True
    return any(_is_mapping(argument) for argument in typing.get_args(annotation))


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None


def allowed_keys(model: type[BaseModel], path: Path_) -> list[str]:
    """The field names of the group at `path`, in the model's order."""
    holder = model_at(model, path)
    return list(holder.model_fields) if holder else []


def example_for(model: type[BaseModel], path: Path_) -> Any:
    """The model's first example of the field at `path` (an enum as its text), or None."""
    names = [part for part in path if isinstance(part, str)]
    if not names:
        return None
    last = max(index for index, part in enumerate(path) if isinstance(part, str))
    holder = model_at(model, path[:last])
    info = holder.model_fields.get(names[-1]) if holder else None
    if info is None or not info.examples:
        return None
    example = info.examples[0]
    return example.value if isinstance(example, Enum) else example


def is_scalar(value: Any) -> bool:
    """Whether an example fits on one line after its key (not a list or a group)."""
    return not isinstance(value, Sequence | dict) or isinstance(value, str)


@dataclass(frozen=True)
class Union:
    """A field that takes more than one form (a table cell: text or a number), where
    pydantic's errors go: `index` is where the name of the form tried stands in their
    location, after the location of the value itself."""

    index: int
    forms: tuple[Any, ...]  # the types it takes, None left out


def union_at(model: type[BaseModel], path: Path_) -> Union | None:
    """The first field of several forms that `path` (an error's location) passes through."""
    annotation: Any = model
    for index, part in enumerate(path):
        forms = forms_of(annotation)
        if len(forms) > 1:
            return Union(index, forms)
        annotation = _inside(forms[0] if forms else annotation, part)
        if annotation is None:
            return None
    return None


def forms_of(annotation: Any) -> tuple[Any, ...]:
    """The types a field takes, its constraints and None left out: `str | int | float`."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return forms_of(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        found: list[Any] = []
        for argument in typing.get_args(annotation):
            found.extend(forms_of(argument))
        return tuple(found)
    return () if annotation is type(None) else (annotation,)


def _inside(annotation: Any, part: str | int) -> Any:
    """The type of the value at `part` inside a value of type `annotation`."""
    if isinstance(part, int):
        arguments = typing.get_args(annotation)
        return arguments[0] if arguments else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        info = annotation.model_fields.get(part)
        return info.annotation if info else None
    return None


__all__ = [
    "Union",
    "allowed_keys",
    "example_for",
    "is_scalar",
    "model_at",
    "union_at",
]
