"""Messages for fields of several forms: one mistake, one message, in the project's words.

A table cell is text or a number; a finding is text, or a group of `text` and
`judgement`. Pydantic tries each form and reports every failure under names of its own
(`constrained-str`, `int`, `float`, `Finding`): the messages must read as one mistake.
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from briefgen.content.fields import forms_of
from briefgen.content.load import load_briefing
from briefgen.content.model import Briefing
from briefgen.errors import ContentError, Problem
from tests.support.text import VALID

# What pydantic calls things, which must never reach an auditor.
PYDANTIC_WORDS = re.compile(
    r"constrained-|str_type|int_type|float_type|int_parsing|Input should|\bFinding\b|"
    r"\bstr\b|\bint\b|\bfloat\b|model_type|union"
)


def union_fields(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> set[str]:
    """Every field of the briefing's model that takes more than one form, as `Group.field`."""
    seen = set() if seen is None else seen
    if model in seen:
        return set()
    seen.add(model)
    found: set[str] = set()
    for name, info in model.model_fields.items():
        pending = list(forms_of(info.annotation))
        while pending:
            form = pending.pop()
            inner = [f for argument in typing.get_args(form) for f in forms_of(argument)]
            if typing.get_origin(form) in (list, tuple):
                if len(inner) > 1:
                    found.add(f"{model.__name__}.{name}")
                pending.extend(inner)
            elif isinstance(form, type) and issubclass(form, BaseModel):
                found |= union_fields(form, seen)
    return found


def in_a_table_cell(value: Any) -> dict[str, Any]:
    rows = [["Police", 120], ["Health", value]]
    return {"table": {"caption": "Referrals", "columns": [["Agency", "2024"]], "rows": rows}}


def in_a_column_heading(value: Any) -> dict[str, Any]:
    return {"table": {"caption": "Referrals", "columns": [["Agency", value]], "rows": [["A", 1]]}}


def as_a_column_width(value: Any) -> dict[str, Any]:
    columns = [["Agency", "2024"]]
    table = {"caption": "Referrals", "columns": columns, "rows": [["A", 1]], "widths": [2, value]}
    return {"table": table}


def as_a_finding(value: Any) -> dict[str, Any]:
    return {"findings": {"items": ["Fathers were invited.", value]}}


# Each field of several forms: a block that holds the value there, the forms it takes,
# and the words its message starts with.
SITES: dict[str, tuple[Callable[[Any], dict[str, Any]], set[str], str]] = {
    "Table.rows": (in_a_table_cell, {"text", "number"}, "a table cell is text or a number"),
    "Table.columns": (in_a_column_heading, {"text", "number"}, "a column heading is"),
    "Table.widths": (as_a_column_width, {"number"}, "a column's width is a number"),
    "Findings.items": (as_a_finding, {"text", "group"}, "a finding is text or a group"),
}

# A value of each form YAML can write, by what the message calls it.
WRONG_FORMS: dict[str, tuple[Any, str]] = {
    "list": ([12, "twelve"], "a list"),
    "group": ({"value": 12}, "a group of fields"),
    "true": (True, "`true`"),
    "nothing": (None, "`null`"),
    "number": (12, "a number"),
    "text": ("twelve", "text"),
}


def problems_of(tmp_path: Path, block: dict[str, Any]) -> list[Problem]:
    data: dict[str, Any] = {"title": "A title", "type": "rapid review", "published": "2021-03-01"}
    data["sections"] = [{"heading": "One", "blocks": [block]}]
    file = tmp_path / "briefing.yaml"
    file.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML
    with pytest.raises(ContentError) as caught:
        load_briefing(file)
    return list(caught.value.problems)


def test_every_field_of_several_forms_is_tested_here() -> None:
    assert union_fields(Briefing) == set(SITES)


CASES = [
    (site, form)
    for site, (_, forms, _) in SITES.items()
    for form in WRONG_FORMS
    if form not in forms
]


@pytest.mark.parametrize(("site", "form"), CASES, ids=[f"{s}-{f}" for s, f in CASES])
def test_a_value_of_the_wrong_form_is_one_message_in_plain_words(
    tmp_path: Path, site: str, form: str
) -> None:
    place, _, words = SITES[site]
    value, written = WRONG_FORMS[form]
    [problem] = problems_of(tmp_path, place(value))
    assert problem.message.startswith(words), problem.message
    assert problem.message.endswith(f"you wrote {written}"), problem.message
    assert not PYDANTIC_WORDS.search(f"{problem.message} {problem.fix} {problem.field}")
    assert problem.line == 1  # JSON on one line: the value's own line


def test_a_list_in_a_table_cell_is_told_once(tmp_path: Path) -> None:
    """The issue's example: `[12]` in a cell gave three errors, one a form pydantic tried."""
    [problem] = problems_of(tmp_path, in_a_table_cell([12]))
    assert problem.message == "a table cell is text or a number; you wrote a list"
    assert problem.field == "sections.1.blocks.1.table.rows.2.2"


def test_a_finding_with_a_wrong_judgement_is_told_only_about_the_judgement(
    tmp_path: Path,
) -> None:
    """A finding written as a group is a group: the mistake inside it is the one told, not
    that the group is not text."""
    [problem] = problems_of(tmp_path, as_a_finding({"text": "Seen.", "judgement": "good"}))
    assert problem.message == "`good` is not one of the allowed values of `judgement`"
    assert problem.field == "sections.1.blocks.1.findings.items.2.judgement"


def test_a_finding_with_a_misspelt_field_is_told_with_the_right_name(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, as_a_finding({"txt": "Seen."}))
    assert problem.message == "unknown field `txt`"
    assert problem.fix == "did you mean `text`?"


def test_a_number_written_as_a_word_is_not_said_to_be_in_quotes(tmp_path: Path) -> None:
    file = tmp_path / "briefing.yaml"
    text = VALID + "method:\n  text: How.\n  cohort:\n    total: twenty\n"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_briefing(file)
    [problem] = caught.value.problems
    assert problem.message == "`total` should be a whole number, not the word `twenty`"
    assert "quotes" not in problem.message
    assert problem.value == "twenty"


def test_a_number_written_in_quotes_is_said_to_be_in_quotes(tmp_path: Path) -> None:
    file = tmp_path / "briefing.yaml"
    file.write_text(VALID + 'method:\n  text: How.\n  cohort:\n    total: "20"\n')
    with pytest.raises(ContentError) as caught:
        load_briefing(file)
    [problem] = caught.value.problems
    assert problem.message == "`total` should be a whole number, not text in quotes"
    assert problem.value == '"20"'
