"""The content model: what an auditor may write in a briefing. Unknown keys are refused,
values are immutable and stripped, a briefing has some content, its title is one line,
and an acknowledgement of the personal-data check names the field and the text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from briefgen.content import model
from briefgen.content.model import Acknowledgement, Briefing, CheckName, FindingGroup

MINIMAL: dict[str, Any] = {
    "title": "A title",
    "type": "rapid review",
    "published": "2021-03-01",
    "introduction": "Why we looked.",
}


def briefing(**changes: Any) -> Briefing:
    return Briefing.model_validate({**MINIMAL, **changes})


def test_a_minimal_briefing_takes_the_defaults() -> None:
    made = briefing()
    assert made.published == dt.date(2021, 3, 1)
    assert made.layout == "audit summary"
    assert made.audience == "Summary for practitioners and managers"
    assert made.headings.findings == "Key findings"
    assert (made.findings, made.themes, made.fit, made.page_budget) == ([], [], False, None)


def test_a_briefing_without_content_is_refused() -> None:
    data = {key: value for key, value in MINIMAL.items() if key != "introduction"}
    with pytest.raises(ValidationError, match="the briefing has no content"):
        Briefing.model_validate(data)
    for content in (
        {"findings": [{"kind": "other", "items": ["A finding."]}]},
        {"sections": [{"heading": "One", "blocks": [{"paragraphs": "Words."}]}]},
    ):
        assert Briefing.model_validate({**data, **content})


def test_a_misspelt_key_is_refused_not_ignored() -> None:
    with pytest.raises(ValidationError, match="key_mesage"):
        briefing(key_mesage="Remember.")


def test_text_is_stripped_and_the_briefing_is_frozen() -> None:
    made = briefing(title="  A title \n")
    assert made.title == "A title"
    with pytest.raises(ValidationError):
        Briefing.__setattr__(made, "title", "Another")


def test_the_title_and_audience_are_one_line() -> None:
    for field in ("title", "audience"):
        for line_break in ("\n", "\r", "\r\n", "\u2028", "\u2029", "\x85"):
            with pytest.raises(ValidationError, match="write this on one line"):
                briefing(**{field: f"Two{line_break}lines"})


def test_fit_is_true_or_false_only() -> None:
    assert briefing(fit=True).fit
    for wrong in ("yes", "true", 1):
        with pytest.raises(ValidationError):
            briefing(fit=wrong)


def test_replaces_names_a_briefing_not_a_path() -> None:
    assert briefing(replaces="under-twos-2020").replaces == "under-twos-2020"
    for wrong in ("../secret", "Under-Twos", "a" * 81, "a--b"):
        with pytest.raises(ValidationError):
            briefing(replaces=wrong)


def test_lists_are_bounded() -> None:
    briefing(themes=[f"theme {n}" for n in range(8)])
    with pytest.raises(ValidationError):
        briefing(themes=[f"theme {n}" for n in range(9)])
    with pytest.raises(ValidationError):
        briefing(findings=[{"kind": "other", "items": []}])


def test_a_group_of_findings_is_headed_by_its_title_or_its_kind() -> None:
    assert FindingGroup(kind="strengths", items=["A."]).heading == "Strengths"
    assert FindingGroup(kind="other", items=["A."]).heading == "Findings"
    titled = FindingGroup(kind="other", title="What we saw", items=["A."])
    assert titled.heading == "What we saw"


def test_a_personal_data_acknowledgement_names_the_field_and_the_text() -> None:
    reason = "The board reviewed this wording."
    for partial in ({}, {"field": "introduction"}, {"text": "Mrs Hill"}):
        with pytest.raises(ValidationError, match="must name the field and the exact text"):
            Acknowledgement.model_validate({"check": "personal-data", "reason": reason, **partial})
    whole = {"check": "personal-data", "reason": reason, "field": "x", "text": "Mrs Hill"}
    assert Acknowledgement.model_validate(whole).check is CheckName.PERSONAL_DATA
    general = Acknowledgement.model_validate({"check": "sentence-length", "reason": reason})
    assert (general.field, general.text) == (None, None)


def test_an_acknowledgement_names_a_check_the_review_has() -> None:
    with pytest.raises(ValidationError):
        Acknowledgement.model_validate({"check": "spelling", "reason": "The board approved it."})


def test_a_reason_is_at_least_ten_characters() -> None:
    """Said in a sentence, not a word: in the model and in the schema the editor reads."""
    with pytest.raises(ValidationError):
        Acknowledgement.model_validate({"check": "sentence-length", "reason": "Because."})
    schema = Acknowledgement.model_json_schema()
    assert schema["properties"]["reason"]["minLength"] == 10


def test_every_check_an_acknowledgement_names_is_one_the_review_runs() -> None:
    source = Path(model.__file__).parents[1]
    others = "".join(
        path.read_text(encoding="utf-8") for path in source.rglob("*.py") if path.name != "model.py"
    )
    unused = [check.name for check in CheckName if f"CheckName.{check.name}" not in others]
    assert unused == []


# Text without control characters, which Python's strip() and pydantic's see differently.
@given(
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from(" \n\t"), max_size=60
    )
)
def test_any_one_line_title_is_kept_stripped(title: str) -> None:
    stripped = title.strip()
    try:
        made = briefing(title=title)
    except ValidationError:
        assert not stripped or len(stripped.splitlines()) > 1 or len(stripped) > 200
    else:
        assert made.title == stripped
        assert len(made.title.splitlines()) == 1
