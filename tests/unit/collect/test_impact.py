"""What the impact report shows, worked out before any template sees it: each team once
with every date, reach in counts, discussions by month, answers by question, overdue
actions, briefings no team discussed, actions due this month; held-back text never."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefgen.collect.collection import Collection, Known, collect_returns
from briefgen.collect.impact import Impact, _natural, impact_of, reach_of
from briefgen.content.model import Briefing
from briefgen.render.library_pages import reach_text
from briefgen.render.present import content_hash
from tests.support.project import SEED_SLUG, copy_example
from tests.support.records import FILLED, fill, record_of
from tests.support.text import seed_data

TODAY = dt.date(2026, 3, 15)


@pytest.fixture(scope="module")
def known() -> dict[str, Known]:
    briefing = Briefing.model_validate(seed_data())
    return {
        SEED_SLUG: Known(SEED_SLUG, briefing.title, content_hash(briefing)),
        "not-yet-discussed": Known("not-yet-discussed", "A briefing no team has read", "x"),
    }


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory, known: dict[str, Known]) -> Collection:
    folder = tmp_path_factory.mktemp("impact")
    blank = record_of(copy_example(folder / "project"), SEED_SLUG)
    returns = folder / "returns"
    returns.mkdir()
    (returns / "1.docx").write_bytes(fill(blank, FILLED))
    again = {**FILLED, "date": "10 March 2026", "action.1.by": "20 March 2026"}
    (returns / "2.docx").write_bytes(fill(blank, again))
    other = {
        **FILLED,
        "team": "Health visiting, north",
        "date": "",
        "date_sent": "",
        "agency.1": "NHS community health",
        "answer.1": "Mrs Hill told us so.",
    }
    (returns / "3.docx").write_bytes(fill(blank, other))
    return collect_returns(returns, known)


@pytest.fixture(scope="module")
def impact(collection: Collection, known: dict[str, Known]) -> Impact:
    return impact_of(
        collection.returns, known, marking="OFFICIAL-SENSITIVE", partnership="P", today=TODAY
    )


def test_reach_is_in_counts_and_in_words() -> None:
    assert reach_text(14, 6) == "Discussed by 14 teams in 6 agencies"
    assert reach_text(1, 1) == "Discussed by 1 team in 1 agency"


def test_a_team_is_counted_once_with_every_date(impact: Impact) -> None:
    [briefing] = impact.briefings
    assert briefing.team_count == 2
    assert briefing.reach == "Discussed by 2 teams in 3 agencies"
    mash = next(team for team in briefing.teams if team.name == "MASH team")
    assert mash.dates == "3 February 2026 and 10 March 2026"
    health = next(team for team in briefing.teams if team.name == "Health visiting, north")
    assert health.dates == "Date not given"


def test_discussions_are_charted_by_month_in_order(impact: Impact) -> None:
    [briefing] = impact.briefings
    months = [(bar.label, bar.count, bar.width) for bar in briefing.months]
    assert months == [
        ("February 2026", 1, "100%"),
        ("March 2026", 1, "100%"),
        ("Date not given", 1, "100%"),
    ]


def test_answers_are_grouped_by_question_and_held_back_text_is_never_copied(
    impact: Impact,
) -> None:
    [briefing] = impact.briefings
    first = briefing.answers[0]
    assert first.question.endswith(
        "1. Do I always ask families what other agencies are working with them?"
    )
    said = dict(first.answers)
    assert said["MASH team"] == (FILLED["answer.1"],)
    assert "Mrs Hill" not in repr(impact)
    assert said["Health visiting, north"][0].startswith("[held back")
    assert impact.held == 1


def test_actions_are_marked_overdue_and_those_due_this_month_are_gathered(
    impact: Impact,
) -> None:
    [briefing] = impact.briefings
    overdue = {(action.what, action.by): action.overdue for action in briefing.actions}
    assert overdue[(FILLED["action.1.what"], "31 March 2026")] is False
    assert overdue[(FILLED["action.1.what"], "20 March 2026")] is False
    assert overdue[(FILLED["action.2.what"], "January 2026")] is True
    assert {action.by for action in impact.due_this_month} == {"31 March 2026", "20 March 2026"}


def test_briefings_no_team_discussed_and_reach_by_agency(impact: Impact) -> None:
    assert impact.undiscussed == ("A briefing no team has read",)
    agencies = {bar.label: bar.count for bar in impact.agencies}
    assert agencies["Children's social care"] == 1, "a team that returned twice counts once"
    assert agencies["NHS community health"] == 2


def test_the_library_s_reach_is_counts_only(collection: Collection) -> None:
    assert reach_of(collection.returns) == {SEED_SLUG: (2, 3)}


def test_an_empty_collection_makes_a_report_that_says_so(
    known: dict[str, Known], tmp_path: Path
) -> None:
    empty = impact_of([], known, marking="OFFICIAL", partnership="P", today=TODAY)
    assert empty.briefings == ()
    assert len(empty.undiscussed) == 2
    assert empty.returns == 0


def test_the_digest_keeps_every_count_and_at_most_so_many_of_each_list(impact: Impact) -> None:
    """The PDF is a digest: a board paper's length, whatever the number of returns; the
    page keeps everything."""
    digest = impact.digest(1)
    assert not digest.full
    assert impact.full
    [briefing] = digest.briefings
    [whole] = impact.briefings
    assert (briefing.reach, briefing.months, briefing.roles) == (
        whole.reach,
        whole.months,
        whole.roles,
    )
    assert len(briefing.teams) == 1
    assert briefing.more_teams == len(whole.teams) - 1
    assert [len(group.answers) for group in briefing.answers] == [1] * len(whole.answers)
    assert briefing.answers[0].more == len(whole.answers[0].answers) - 1
    assert len(briefing.actions) == 1
    assert briefing.actions[0].overdue, "the overdue first"
    assert briefing.more_actions == len(whole.actions) - 1
    assert len(digest.due_this_month) == 1
    assert digest.more_due == len(impact.due_this_month) - 1


def test_teams_are_listed_in_the_order_a_reader_expects() -> None:
    """ "Team 2" before "Team 10", whatever the case: the order of the report's team list."""
    names = sorted(["Team 10", "team 2", "Early help", "Team 1"], key=_natural)
    assert names == ["Early help", "Team 1", "team 2", "Team 10"]
