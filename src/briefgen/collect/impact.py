"""What the returned records show, for the impact report: each briefing's reach, its
discussions by month, its answers grouped by question, its actions; and across them the
reach by agency, the briefings no team has discussed, the actions due this month.

Everything the report shows is computed here (counts, sorting, widths of bars, words
such as "overdue"): its template only loops and tests. A team is counted once a
briefing, however often it returned it (`team_key`), and shown with every date it gave.
Text the personal-data guard holds back is never copied here (`Return.shown`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from briefgen.collect.collection import Known, Return, team_key
from briefgen.collect.tables import due_of
from briefgen.render.library_pages import reach_text

UNDATED = "Date not given"


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, its count, and its length as a share of the longest."""

    label: str
    count: int
    width: str  # "60%"


@dataclass(frozen=True)
class Team:
    name: str
    agencies: str  # "Children's social care, NHS"
    dates: str  # "3 February 2026 and 10 March 2026"


@dataclass(frozen=True)
class Answers:
    question: str
    answers: tuple[tuple[str, tuple[str, ...]], ...]  # (team, what it said, line by line)
    more: int = 0  # answers left out of a digest (`Impact.digest`)


@dataclass(frozen=True)
class ActionDone:
    briefing: str
    team: str
    what: str
    owner: str
    by: str
    overdue: bool


@dataclass(frozen=True)
class BriefingImpact:
    slug: str
    title: str
    reach: str  # "Discussed by 3 teams in 2 agencies"
    teams: tuple[Team, ...]
    roles: tuple[Bar, ...]
    months: tuple[Bar, ...]
    answers: tuple[Answers, ...]
    actions: tuple[ActionDone, ...]
    team_count: int
    agency_count: int
    more_teams: int = 0  # teams, answers and actions left out of a digest (`Impact.digest`)
    more_actions: int = 0

    def digest(self, most: int) -> BriefingImpact:
        """The briefing's part of a digest: at most `most` teams, answers to a question and
        actions (the overdue first), each with how many more the full report has."""
        actions = sorted(self.actions, key=lambda action: not action.overdue)
        return replace(
            self,
            teams=self.teams[:most],
            more_teams=max(len(self.teams) - most, 0),
            answers=tuple(
                replace(group, answers=group.answers[:most], more=max(len(group.answers) - most, 0))
                for group in self.answers
            ),
            actions=tuple(actions[:most]),
            more_actions=max(len(actions) - most, 0),
        )


@dataclass(frozen=True)
class Impact:
    marking: str
    partnership: str
    date_text: str  # the day the report was made: "15 February 2026"
    briefings: tuple[BriefingImpact, ...]  # discussed, by title
    undiscussed: tuple[str, ...]  # titles
    agencies: tuple[Bar, ...]  # teams by agency, across briefings
    due_this_month: tuple[ActionDone, ...]
    returns: int
    held: int
    more_due: int = 0  # actions due this month left out of a digest
    full: bool = True  # False for a digest, which says where the rest is

    def digest(self, most: int) -> Impact:
        """The report cut to what a board paper holds (the PDF): every count and chart, and
        at most `most` of each list, each with how many more the web page and the tables
        have. Laying out every answer of hundreds of returns would take WeasyPrint minutes
        and a reader days."""
        return replace(
            self,
            briefings=tuple(briefing.digest(most) for briefing in self.briefings),
            due_this_month=self.due_this_month[:most],
            more_due=max(len(self.due_this_month) - most, 0),
            full=False,
        )


def impact_of(
    returns: Sequence[Return],
    briefings: Mapping[str, Known],
    *,
    marking: str,
    partnership: str,
    today: dt.date,
) -> Impact:
    """The report's content from the returns read and the project's briefings."""
    by_briefing: dict[str, list[Return]] = {}
    for found in returns:
        by_briefing.setdefault(found.slug, []).append(found)
    discussed = [
        _briefing_impact(briefings[slug], found, today)
        for slug, found in by_briefing.items()
        if slug in briefings
    ]
    discussed.sort(key=lambda item: item.title.casefold())
    actions = [action for item in discussed for action in item.actions]
    this_month = [action for action in actions if _in_month(action.by, today)]
    undiscussed = sorted(
        (known.title for slug, known in briefings.items() if slug not in by_briefing),
        key=str.casefold,
    )
    return Impact(
        marking=marking,
        partnership=partnership,
        date_text=f"{today.day} {today:%B %Y}",
        briefings=tuple(discussed),
        undiscussed=tuple(undiscussed),
        agencies=_bars(_agency_teams(returns)),
        due_this_month=tuple(this_month),
        returns=len(returns),
        held=sum(len(found.held) for found in returns),
    )


def reach_of(returns: Sequence[Return]) -> dict[str, tuple[int, int]]:
    """Each briefing's teams and agencies, counted once each: the library's reach line."""
    by_briefing: dict[str, list[Return]] = {}
    for found in returns:
        by_briefing.setdefault(found.slug, []).append(found)
    return {
        slug: (len(_teams_of(found)), len(_agencies_of(found)))
        for slug, found in by_briefing.items()
    }


def _briefing_impact(known: Known, returns: list[Return], today: dt.date) -> BriefingImpact:
    teams = _teams_of(returns)
    agencies = _agencies_of(returns)
    roles: Counter[str] = Counter()
    for found in returns:
        for row, (role, _) in enumerate(found.record.participants, start=1):
            shown = found.shown(f"role.{row}", role)
            if role and shown == role:
                roles[role.strip()] += 1
    return BriefingImpact(
        slug=known.slug,
        title=known.title,
        reach=reach_text(len(teams), len(agencies)),
        teams=tuple(teams.values()),
        roles=_bars(roles),
        months=_months(returns),
        answers=_answers(returns),
        actions=tuple(_actions(known, returns, today)),
        team_count=len(teams),
        agency_count=len(agencies),
    )


def _teams_of(returns: Sequence[Return]) -> dict[str, Team]:
    """Each team once, with its agencies and every date it gave; a return that names no
    team is a team of its own."""
    grouped: dict[str, list[Return]] = {}
    for number, found in enumerate(returns):
        key = team_key(found.shown("team", found.record.fields.get("team", "")))
        grouped.setdefault(key or f"#{number}", []).append(found)
    teams = {}
    for key, same in grouped.items():
        first = same[0]
        name = first.shown("team", first.record.fields.get("team", "")) or "Team not named"
        teams[key] = Team(
            name=name,
            agencies=", ".join(_agencies_of(same).values()) or "Agencies not given",
            dates=" and ".join(_date_of(item) for item in same),
        )
    return dict(sorted(teams.items(), key=lambda item: _natural(item[1].name)))


def _natural(name: str) -> tuple[tuple[int, int | str], ...]:
    """A name's order as a reader expects it: "Team 2" before "Team 10", case aside."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in re.split(r"(\d+)", name)
        if part
    )


def _agencies_of(returns: Sequence[Return]) -> dict[str, str]:
    """The agencies of the returns' participants, each once (by `team_key`'s rules)."""
    agencies: dict[str, str] = {}
    for found in returns:
        for row, (_, agency) in enumerate(found.record.participants, start=1):
            shown = found.shown(f"agency.{row}", agency)
            if agency and shown == agency:
                agencies.setdefault(team_key(agency), agency.strip())
    return agencies


def _agency_teams(returns: Sequence[Return]) -> Counter[str]:
    """How many teams (a briefing each) each agency's staff took part in."""
    counted: Counter[str] = Counter()
    for found in returns:
        if found.same_team_as is None:
            for agency in _agencies_of([found]).values():
                counted[agency] += 1
    return counted


def _date_of(found: Return) -> str:
    fields = found.record.fields
    written = found.shown("date", fields.get("date", "")) or found.shown(
        "date_sent", fields.get("date_sent", "")
    )
    return written or UNDATED


def _months(returns: Sequence[Return]) -> tuple[Bar, ...]:
    """Discussions by month (of the discussion, else of sending), in order of time."""
    counted: Counter[tuple[int, int]] = Counter()
    undated = 0
    for found in returns:
        day = due_of(_date_of(found)).day
        if day is None:
            undated += 1
        else:
            counted[(day.year, day.month)] += 1
    most = max([*counted.values(), undated, 1])
    bars = [
        Bar(f"{dt.date(year, month, 1):%B %Y}", count, _width(count, most))
        for (year, month), count in sorted(counted.items())
    ]
    if undated:
        bars.append(Bar(UNDATED, undated, _width(undated, most)))
    return tuple(bars)


def _answers(returns: Sequence[Return]) -> tuple[Answers, ...]:
    """Each question's answers, by the words of the question each record asked."""
    grouped: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for found in returns:
        questions = found.record.identity.questions
        team = found.shown("team", found.record.fields.get("team", "")) or "Team not named"
        for number, words in sorted(found.record.answers.items()):
            question = questions[number - 1] if number <= len(questions) else f"Question {number}"
            lines = tuple(found.shown(f"answer.{number}", words).split("\n"))
            grouped.setdefault(question, []).append((team, lines))
    return tuple(Answers(question, tuple(answers)) for question, answers in grouped.items())


def _actions(known: Known, returns: Sequence[Return], today: dt.date) -> list[ActionDone]:
    found_actions = []
    for found in returns:
        team = found.shown("team", found.record.fields.get("team", "")) or "Team not named"
        for row, action in enumerate(found.record.actions, start=1):
            late = due_of(action.by).overdue(today)
            found_actions.append(
                ActionDone(
                    briefing=known.title,
                    team=team,
                    what=found.shown(f"action.{row}.what", action.what),
                    owner=found.shown(f"action.{row}.owner", action.owner) or "Not given",
                    by=found.shown(f"action.{row}.by", action.by) or "Not given",
                    overdue=bool(late),
                )
            )
    return found_actions


def _in_month(written: str, today: dt.date) -> bool:
    day = due_of(written).day
    return day is not None and (day.year, day.month) == (today.year, today.month)


def _bars(counted: Counter[str]) -> tuple[Bar, ...]:
    most = max([*counted.values(), 1])
    ordered = sorted(counted.items(), key=lambda item: (-item[1], item[0].casefold()))
    return tuple(Bar(label, count, _width(count, most)) for label, count in ordered)


def _width(count: int, most: int) -> str:
    return f"{100 * count / most:.0f}%"


__all__ = [
    "ActionDone",
    "Answers",
    "Bar",
    "BriefingImpact",
    "Impact",
    "Team",
    "impact_of",
    "reach_of",
]
