"""The frame's content: dates as written, periods said once, where parts may stand, the
optional parts of findings and practice, and the words auditors write for a field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefgen.content.dates import Precision, WrittenDate, period
from briefgen.content.frame import Frame, Part, Place, Placements
from briefgen.content.load import load_briefing
from briefgen.content.model import Briefing
from briefgen.errors import ContentError, Problem
from tests.support.text import VALID


def problems_of(tmp_path: Path, text: str) -> list[Problem]:
    file = tmp_path / "briefing.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_briefing(file)
    return list(caught.value.problems)


def loaded(tmp_path: Path, text: str) -> Briefing:
    file = tmp_path / "briefing.yaml"
    file.write_text(text, encoding="utf-8")
    return load_briefing(file).briefing


@pytest.mark.parametrize(
    ("written", "shown", "precision"),
    [
        ("2025-07-11", "11 July 2025", Precision.DAY),
        ("2025-07", "July 2025", Precision.MONTH),
        ("2025", "2025", Precision.YEAR),
    ],
)
def test_a_date_is_shown_as_precisely_as_it_was_written(
    written: str, shown: str, precision: Precision
) -> None:
    date = WrittenDate.parse(written)
    assert (date.shown, date.written, date.precision) == (shown, written, precision)


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2016-03", "2016-03", "March 2016"),  # not "March to March 2016"
        ("2025", "2025", "2025"),
        ("2025-07-03", "2025-07-11", "3 to 11 July 2025"),
        ("2025-06-30", "2025-07-04", "30 June to 4 July 2025"),
        ("2025-03", "2025-06", "March to June 2025"),
        ("2019-11", "2020-02", "November 2019 to February 2020"),
        ("2023", "2025", "2023 to 2025"),
        ("2020-01-01", "2020-03-31", "January to March 2020"),  # whole months written as days
        ("2024-04", "2025", "April 2024 to 2025"),
    ],
)
def test_a_period_says_what_its_ends_share_once(start: str, end: str, shown: str) -> None:
    assert period(WrittenDate.parse(start), WrittenDate.parse(end)) == shown


def test_a_briefing_takes_a_day_a_month_or_a_year_and_refuses_a_date_that_is_not(
    tmp_path: Path,
) -> None:
    text = VALID.replace("published: 2021-03-01", "published: 2021")
    briefing = loaded(tmp_path, text)
    assert briefing.published == dt.date(2021, 1, 1)
    problem = problems_of(tmp_path, VALID.replace("2021-03-01", "2021-02-30"))[0]
    assert problem.field == "published"
    assert "no such date" in problem.message
    one_month = VALID + "period_reviewed: {start: 2016-03, end: 2016-03}\n"
    assert loaded(tmp_path, one_month).period_reviewed is not None


def test_common_words_for_a_field_point_to_it(tmp_path: Path) -> None:
    text = VALID.replace("published: 2021-03-01", "date: 2021-03-01")
    problems = problems_of(tmp_path, text)
    unknown = next(problem for problem in problems if problem.field == "date")
    assert unknown.message == "unknown field `date`"
    assert unknown.fix == "did you mean `published`?"
    assert unknown.line == 3
    for word, field in (("updated", "last_updated"), ("committee", "banner")):
        problem = problems_of(tmp_path, VALID + f"{word}: x\n")[0]
        assert problem.fix == f"did you mean `{field}`?"


def test_a_part_may_stand_only_where_it_fits_and_once(tmp_path: Path) -> None:
    problem = problems_of(tmp_path, VALID + "frame: {banner: foot}\n")[0]
    assert problem.field == "frame.banner"
    assert "cannot stand at the foot" in problem.message + problem.fix
    assert "above_title" in problem.message + problem.fix
    with pytest.raises(ValueError, match="placed twice"):
        Frame(above_title=[Part.BANNER], under_title=[Part.BANNER])
    with pytest.raises(ValueError, match="cannot stand in the label"):
        Frame(label=[Part.BYLINE])


def test_a_frame_moves_the_parts_a_briefing_places_in_the_order_it_wrote_them() -> None:
    placements = Placements.model_validate({"summary": "under_title", "byline": "under_title"})
    moved = Frame().moved(placements)
    assert moved.under_title == [
        Part.SUBTITLE,
        Part.TAGLINE,
        Part.LABEL,
        Part.SUMMARY,
        Part.BYLINE,
    ]
    assert Part.BYLINE not in moved.foot
    hidden = Frame().moved(Placements.model_validate({"audience": "hidden"}))
    assert hidden.place_of(Part.AUDIENCE) is Place.HIDDEN


def test_findings_titles_switch_off_and_practice_needs_no_instruction(tmp_path: Path) -> None:
    text = VALID.replace("  - kind: strengths\n", "  - kind: strengths\n    title: false\n")
    text = text.replace("  instruction: Discuss it.\n", "")
    briefing = loaded(tmp_path, text)
    assert briefing.findings[0].heading is None
    assert briefing.practice is not None
    assert briefing.practice.instruction is None
    assert briefing.practice.questions == ["Do I ask?"]
