"""A cohort drawn as bars: each segment's share, where it starts along the bar, its count
where the share is a whole number of the cohort, and the sentence a screen reader reads
out with every figure in words."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.content.charts import present_cohort
from briefgen.content.values import Cohort


def cohort(total: int, *groups: dict[str, Any], **more: Any) -> Cohort:
    breakdown = {"title": "After the referral", "groups": list(groups)}
    return Cohort.model_validate({"total": total, "breakdowns": [breakdown], **more})


def test_counts_become_shares_laid_end_to_end() -> None:
    view = present_cohort(
        cohort(20, {"label": "Assessed", "count": 8}, {"label": "Not assessed", "count": 12}),
        "audit-cohort",
    )
    assert view.summary == "20 children"
    (bar,) = view.bars
    assert bar.id == "audit-cohort-1"
    assert bar.title == "After the referral"
    first, second = bar.segments
    assert (first.count, first.percent, first.offset, first.shade) == (8, 40.0, 0.0, 0)
    assert (second.count, second.percent, second.offset, second.shade) == (12, 60.0, 40.0, 1)
    assert (first.percent_text, first.label_x) == ("40%", 20.0)
    assert second.label_x == 70.0
    assert bar.description == (
        "After the referral, of 20 children. Assessed: 8 (40%); Not assessed: 12 (60%)."
    )


def test_a_percentage_gets_a_count_only_where_it_is_a_whole_one() -> None:
    whole = present_cohort(
        cohort(20, {"label": "A", "percent": 25}, {"label": "B", "percent": 75}), "c"
    )
    assert [segment.count for segment in whole.bars[0].segments] == [5, 15]
    part = present_cohort(
        cohort(3, {"label": "A", "percent": 50}, {"label": "B", "percent": 50}), "c"
    )
    assert [segment.count for segment in part.bars[0].segments] == [None, None]
    assert part.bars[0].description == "After the referral, of 3 children. A: 50%; B: 50%."


def test_the_summary_names_the_unit_and_the_period() -> None:
    view = present_cohort(
        Cohort.model_validate(
            {
                "total": 12,
                "unit": "families",
                "period": {"start": "2019-07-01", "end": "2019-12-31"},
            }
        ),
        "c",
    )
    assert view.summary == "12 families, July to December 2019"
    assert view.bars == ()


def test_each_breakdown_is_a_bar_numbered_from_one() -> None:
    groups = [{"label": "A", "count": 1}, {"label": "B", "count": 1}]
    breakdowns = [{"title": f"Split {n}", "groups": groups} for n in range(3)]
    view = present_cohort(Cohort.model_validate({"total": 2, "breakdowns": breakdowns}), "x-cohort")
    assert [bar.id for bar in view.bars] == ["x-cohort-1", "x-cohort-2", "x-cohort-3"]
    assert [bar.title for bar in view.bars] == ["Split 0", "Split 1", "Split 2"]


@given(st.lists(st.integers(min_value=0, max_value=500), min_size=2, max_size=6))
def test_any_counts_fill_the_bar_in_order(counts: list[int]) -> None:
    total = sum(counts)
    if total == 0:
        return
    groups = [{"label": f"Group {n}", "count": count} for n, count in enumerate(counts)]
    (bar,) = present_cohort(cohort(total, *groups), "c").bars
    assert [segment.count for segment in bar.segments] == counts
    assert [segment.shade for segment in bar.segments] == list(range(len(counts)))
    for before, after in zip(bar.segments, bar.segments[1:], strict=False):
        assert after.offset == pytest.approx(before.offset + before.percent)
    last = bar.segments[-1]
    assert last.offset + last.percent == pytest.approx(100)
    for segment in bar.segments:
        assert f"{segment.label}: {segment.count} ({segment.percent_text})" in bar.description


def test_a_bar_drawn_right_to_left_starts_from_the_right() -> None:
    view = present_cohort(
        cohort(20, {"label": "Assessed", "count": 8}, {"label": "Not assessed", "count": 12}),
        "audit-cohort",
    )
    first, second = view.bars[0].segments
    assert (first.mirrored_offset, first.mirrored_label_x) == (60.0, 80.0)
    assert (second.mirrored_offset, second.mirrored_label_x) == (0.0, 30.0)


WELSH_DESCRIPTION = {
    "%(title)s, of %(total)s %(unit)s. %(parts)s.": "%(title)s, o %(total)s %(unit)s. %(parts)s."
}


class Welsh:
    """The two things a cohort says in the briefing's language (as Words says them)."""

    def gettext(self, message: str) -> str:
        return WELSH_DESCRIPTION[message]

    def period(self, start: dt.date, end: dt.date) -> str:
        return f"{start:%m} – {end:%m/%Y}"


def test_the_summary_and_the_description_are_in_the_briefings_language() -> None:
    view = present_cohort(
        cohort(
            20,
            {"label": "Assessed", "count": 8},
            {"label": "Not assessed", "count": 12},
            unit="plant",
            period={"start": "2019-07-01", "end": "2019-12-31"},
        ),
        "audit-cohort",
        Welsh(),
    )
    assert view.summary == "20 plant, 07 – 12/2019"
    assert view.bars[0].description.startswith("After the referral, o 20 plant.")
