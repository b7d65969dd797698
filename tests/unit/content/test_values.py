"""The values briefings are made of, as the model takes them: counts that are numbers (not
text or true), figures a reader can take in, dates written YYYY-MM-DD, addresses without
control characters, and cohorts whose parts add up. (test_load reads the same through YAML,
with its messages; these call the values themselves.)"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError

from briefgen.content.model import Briefing, Method, Practice
from briefgen.content.values import (
    A_FIGURE,
    MAX_FIGURE,
    Cohort,
    Count,
    Date,
    FindingKind,
    Period,
    Resource,
    WholeNumber,
    control_in_address,
    paragraph_fields,
)

COUNT: TypeAdapter[int] = TypeAdapter(Count)
WHOLE: TypeAdapter[int] = TypeAdapter(WholeNumber)
DATE: TypeAdapter[dt.date] = TypeAdapter(Date)
FIGURE: TypeAdapter[float | str] = TypeAdapter(Annotated[float | str, A_FIGURE])


def test_a_count_is_a_number_not_text_or_a_yes() -> None:
    assert COUNT.validate_python(6) == 6
    assert COUNT.validate_python(20.0) == 20, "a whole float is a number to the editor too"
    for wrong in ("6", True, False, -1, 1_000_001):
        with pytest.raises(ValidationError):
            COUNT.validate_python(wrong)
    with pytest.raises(ValidationError):
        WHOLE.validate_python("3")


def test_a_figure_is_finite_and_within_what_a_reader_takes_in() -> None:
    assert FIGURE.validate_python(MAX_FIGURE) == MAX_FIGURE
    assert FIGURE.validate_python("n/a") == "n/a"
    for wrong in (float("inf"), float("-inf"), float("nan"), MAX_FIGURE + 1, -MAX_FIGURE - 1):
        with pytest.raises(ValidationError, match=r"infinity|too large"):
            FIGURE.validate_python(wrong)


def test_a_date_is_written_yyyy_mm_dd_or_is_a_date() -> None:
    assert DATE.validate_python("2020-05-01") == dt.date(2020, 5, 1)
    assert DATE.validate_python(dt.date(2020, 5, 1)) == dt.date(2020, 5, 1)
    for wrong in (1588291200, "1/5/2020", "2020-5-1", "2020-05-01T00:00", dt.datetime(2020, 5, 1)):
        with pytest.raises(ValidationError, match="YYYY-MM-DD"):
            DATE.validate_python(wrong)
    with pytest.raises(ValidationError):
        DATE.validate_python("2020-02-30")


def test_control_characters_in_an_address_are_found_written_or_encoded() -> None:
    for address in (
        "https://example.org/\npath",
        "https://example.org/%0d%0aSet-Cookie:x",
        "https://example.org/%00",
        "https://example.org/%7F",
        "mailto:a@example.org?bcc=b@example.org%0A",
        "mailto:a@example.org%0Abcc:b@example.org",
    ):
        assert control_in_address(address), address
    for address in (
        "https://example.org/a%20b",
        "https://example.org/%2F",
        "mailto:a@example.org?subject=Hi&body=Line%0D%0ALine",
        "tel:+441234567890",
    ):
        assert not control_in_address(address), address


@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=30))
def test_an_address_with_a_raw_control_character_is_always_found(text: str) -> None:
    has_raw = any(ord(character) < 0x20 or ord(character) == 0x7F for character in text)
    if has_raw:
        assert control_in_address("https://example.org/" + text)
        assert control_in_address("mailto:a@example.org?body=" + text)


def test_a_resource_takes_web_mail_and_phone_addresses_only() -> None:
    for url in ("https://example.org/a.pdf", "http://example.org", "mailto:a@example.org"):
        assert Resource(title="A", url=url).url is not None
    for url in ("javascript:alert(1)", "file:///etc/passwd", "https://example.org/%0D%0Ax"):
        with pytest.raises(ValidationError):
            Resource(title="A", url=url)


def test_a_period_ends_after_it_starts() -> None:
    assert Period(start="2020-01-01", end="2020-01-01")
    with pytest.raises(ValidationError, match="ends before it starts"):
        Period(start="2020-02-01", end="2020-01-01")


def cohort(total: int, groups: list[dict[str, Any]]) -> Cohort:
    return Cohort.model_validate(
        {"total": total, "breakdowns": [{"title": "Outcome", "groups": groups}]}
    )


def test_a_group_gives_a_count_or_a_percentage() -> None:
    for group in ({"label": "A"}, {"label": "A", "count": 1, "percent": 50}):
        with pytest.raises(ValidationError, match="either count or percent"):
            cohort(2, [group, {"label": "B", "count": 1}])
    with pytest.raises(ValidationError, match="not a mix"):
        cohort(2, [{"label": "A", "count": 1}, {"label": "B", "percent": 50}])


def test_percentages_rounded_to_whole_numbers_may_miss_100_by_one() -> None:
    for total in (99, 101, 100.5):
        cohort(3, [{"label": "A", "percent": total - 50}, {"label": "B", "percent": 50}])
    with pytest.raises(ValidationError, match="add up to 98, not 100"):
        cohort(3, [{"label": "A", "percent": 48}, {"label": "B", "percent": 50}])


def test_counts_add_up_to_the_total() -> None:
    assert cohort(20, [{"label": "A", "count": 8}, {"label": "B", "count": 12}]).total == 20
    with pytest.raises(ValidationError, match="add up to 21, but the total is 20"):
        cohort(20, [{"label": "A", "count": 9}, {"label": "B", "count": 12}])


@settings(max_examples=40)  # two models validated an example
@given(st.lists(st.integers(min_value=0, max_value=1000), min_size=2, max_size=6))
def test_any_counts_that_add_up_make_a_cohort(counts: list[int]) -> None:
    groups = [{"label": f"Group {n}", "count": count} for n, count in enumerate(counts)]
    if sum(counts) >= 1:
        assert cohort(sum(counts), groups).breakdowns[0].groups[-1].count == counts[-1]
        with pytest.raises(ValidationError):
            cohort(sum(counts) + 1, groups)


def test_each_kind_of_finding_has_its_default_title() -> None:
    assert FindingKind("strengths").default_title == "Strengths"
    assert FindingKind("areas to strengthen").default_title == "Areas to strengthen"
    assert FindingKind("other").default_title == "Findings"


def test_the_fields_shown_as_paragraphs_are_the_long_texts() -> None:
    assert paragraph_fields(Briefing) == {"introduction", "why_it_matters"}
    assert paragraph_fields(Method) == {"text"}
    assert paragraph_fields(Practice) == frozenset()

    class Nothing(BaseModel):
        words: str

    assert paragraph_fields(Nothing) == frozenset()
