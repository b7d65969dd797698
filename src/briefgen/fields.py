"""What the model says about one field: which keys its group allows, and its example.

Messages use this to name the keys allowed beside a misspelt one and to show a fix
with a real example, taken from the model (the single source of every field's
description and example), never written twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

from pydantic import BaseModel

Path_ = tuple[str | int, ...]


def model_at(model: type[BaseModel], path: Path_) -> type[BaseModel] | None:
    """The model class of the group at `path`, following lists and nested models."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


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
