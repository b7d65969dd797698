"""What the model says of one field, for the messages: the model of the group at a path
(through lists and nested groups), the keys it allows in the model's order, the field's
first example, and the field of several forms an error's location passes through."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, Field, ValidationError

from briefgen.content.blocks import Table
from briefgen.content.fields import (
    Union,
    allowed_keys,
    example_for,
    is_scalar,
    model_at,
    union_at,
)
from briefgen.content.model import Briefing, FindingGroup
from briefgen.content.values import Cohort, CohortGroup


def test_the_group_at_a_path_follows_lists_and_nested_groups() -> None:
    assert model_at(Briefing, ()) is Briefing
    assert model_at(Briefing, ("findings", 2)) is FindingGroup
    assert model_at(Briefing, ("method", "cohort")) is Cohort
    assert model_at(Briefing, ("method", "cohort", "breakdowns", 0, "groups", 1)) is CohortGroup


def test_a_path_to_a_value_or_nowhere_has_no_group() -> None:
    assert model_at(Briefing, ("title",)) is None
    assert model_at(Briefing, ("titel",)) is None
    assert model_at(Briefing, ("title", "more")) is None


def test_the_keys_allowed_are_the_groups_fields_in_order() -> None:
    assert allowed_keys(Briefing, ("practice",)) == ["instruction", "prompt", "questions"]
    assert allowed_keys(Briefing, ("findings", 0)) == ["kind", "title", "items"]
    assert allowed_keys(Briefing, ())[:3] == ["title", "type", "audience"]
    assert allowed_keys(Briefing, ("no such group",)) == []


def test_the_example_is_the_models_own_first_one() -> None:
    assert example_for(Briefing, ("published",)) == "2020-05"  # a month, as most are dated
    assert example_for(Briefing, ("findings", 0, "kind")) == "strengths"
    assert example_for(Briefing, ("method", "cohort", "total")) == 20
    assert example_for(Briefing, ("findings", 1, "items", 3)) == [
        "Immediate safeguarding concerns are referred quickly."
    ]
    assert example_for(Briefing, ()) is None
    assert example_for(Briefing, ("no such field",)) is None


def test_an_enum_example_is_given_as_its_text() -> None:
    class Colour(StrEnum):
        RED = "red"

    class Paint(BaseModel):
        colour: Colour = Field(examples=[Colour.RED])
        shade: str = "light"

    assert example_for(Paint, ("colour",)) == "red"
    assert example_for(Paint, ("shade",)) is None, "a field without an example"


def test_an_example_on_one_line_is_a_scalar() -> None:
    for value in ("text", 12, 1.5, None, True):
        assert is_scalar(value)
    assert not is_scalar([1])
    assert not is_scalar({"a": 1})
    assert not is_scalar(("a",))


def test_a_table_cell_is_a_field_of_several_forms() -> None:
    with pytest.raises(ValidationError) as caught:
        Table.model_validate({"caption": "C", "columns": [["A", "B"]], "rows": [["x", [1]]]})
    location = caught.value.errors()[0]["loc"]
    found = union_at(Table, location)
    assert found == Union(3, (str, int, float))
    assert location[found.index] == "constrained-str", "the form tried stands at its index"


def test_a_field_of_one_form_is_no_union() -> None:
    assert union_at(Briefing, ("title",)) is None
    assert union_at(Briefing, ("findings", 0, "items", 0)) is None
    assert union_at(Briefing, ("no such field", 0)) is None

    class Either(BaseModel):
        value: Annotated[int | None, Field(ge=0)] = None

    assert union_at(Either, ("value",)) is None, "None is not a form of its own"


@given(st.lists(st.one_of(st.integers(0, 5), st.sampled_from(["findings", "items", "x"]))))
def test_any_path_is_answered(path: list[str | int]) -> None:
    found = model_at(Briefing, tuple(path))
    assert found is None or issubclass(found, BaseModel)
    assert isinstance(allowed_keys(Briefing, tuple(path)), list)
    union_at(Briefing, tuple(path))
    example_for(Briefing, tuple(path))


def test_a_group_under_a_name_of_the_users_is_found_past_its_name() -> None:
    """A kind's declaration holds its fields by the names its author chose: the group at
    `fields.events` is a field's declaration, whatever `events` is."""
    from briefgen.content.kinds import FieldDeclaration, KindDeclaration  # noqa: PLC0415

    assert model_at(KindDeclaration, ("fields", "events")) is FieldDeclaration
    assert "required" in allowed_keys(KindDeclaration, ("fields", "events", "record", "date"))
