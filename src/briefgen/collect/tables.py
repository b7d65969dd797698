"""The returns and the actions as CSV files, for the partnership's own spreadsheets.

Their columns are stable (README, "After the briefing: collecting the records"): a column
is added at the end, never renamed or moved, so that a spreadsheet that reads them keeps
working. Text held back by the personal-data guard is not written. A cell that a
spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage return)
is written with a ' before it, as OWASP advises against CSV injection.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefgen.collect.collection import Return

RETURN_COLUMNS = (
    "file",
    "briefing",
    "briefing_title",
    "briefing_version",
    "current_version",
    "team",
    "discussed_on",
    "sent_by",
    "sent_on",
    "people",
    "roles",
    "agencies",
    "answers",
    "actions",
    "notes",
    "same_team_as",
    "held_back",
)
ACTION_COLUMNS = (
    "file",
    "briefing",
    "team",
    "action",
    "owner",
    "due",
    "due_date",
    "overdue",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_DAY_FORMATS = ("%d %B %Y", "%d %b %Y", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")
_MONTH_FORMATS = ("%B %Y", "%b %Y", "%m/%Y", "%Y-%m")
_ORDINAL = re.compile(r"(\d+)(st|nd|rd|th)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Due:
    """A date a team wrote ("31 March 2026", "March 2026", "31/03/2026"), read as the last
    day it allows; None where it is not a date."""

    written: str
    day: dt.date | None

    def overdue(self, today: dt.date) -> bool | None:
        return None if self.day is None else self.day < today


def due_of(written: str) -> Due:
    """The date in `written`, as a team types one; a month means its last day."""
    text = " ".join(_ORDINAL.sub(r"\1", written.replace(",", " ")).split())
    for pattern in _DAY_FORMATS:
        try:
            return Due(written, dt.datetime.strptime(text, pattern).date())
        except ValueError:
            continue
    for pattern in _MONTH_FORMATS:
        try:
            month = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        last = calendar.monthrange(month.year, month.month)[1]
        return Due(written, month.replace(day=last))
    return Due(written, None)


def returns_csv(returns: Sequence[Return]) -> bytes:
    """One row a return, in `RETURN_COLUMNS`."""
    rows = [_return_row(found) for found in returns]
    return _csv(RETURN_COLUMNS, rows)


def actions_csv(returns: Sequence[Return], today: dt.date) -> bytes:
    """One row an action agreed, in `ACTION_COLUMNS`; `overdue` against `today`."""
    rows = []
    for found in returns:
        team = found.shown("team", found.record.fields.get("team", ""))
        for number, action in enumerate(found.record.actions, start=1):
            due = due_of(action.by)
            late = due.overdue(today)
            rows.append(
                [
                    found.file,
                    found.slug,
                    team,
                    found.shown(f"action.{number}.what", action.what),
                    found.shown(f"action.{number}.owner", action.owner),
                    found.shown(f"action.{number}.by", action.by),
                    due.day.isoformat() if due.day else "",
                    "" if late is None else ("yes" if late else "no"),
                ]
            )
    return _csv(ACTION_COLUMNS, rows)


def _return_row(found: Return) -> list[str]:
    record = found.record
    fields = record.fields
    roles = [found.shown(f"role.{n}", role) for n, (role, _) in enumerate(record.participants, 1)]
    agencies = [
        found.shown(f"agency.{n}", agency)
        for n, (_, agency) in enumerate(record.participants, 1)
        if agency
    ]
    return [
        found.file,
        found.slug,
        record.identity.title,
        record.identity.version,
        "yes" if found.current else "no",
        found.shown("team", fields.get("team", "")),
        found.shown("date", fields.get("date", "")),
        found.shown("sent_by", fields.get("sent_by", "")),
        found.shown("date_sent", fields.get("date_sent", "")),
        str(len(record.participants)),
        "; ".join(role for role in roles if role),
        "; ".join(dict.fromkeys(agencies)),
        str(len(record.answers)),
        str(len(record.actions)),
        str(len(record.notes)),
        found.same_team_as or "",
        str(len(found.held)),
    ]


def _csv(columns: Sequence[str], rows: list[list[str]]) -> bytes:
    """UTF-8 with a byte-order mark (Excel reads it as UTF-8 only then), lines ended with
    CRLF as RFC 4180 says, every cell safe from being run as a formula."""
    written = io.StringIO()
    writer = csv.writer(written, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([[_safe(cell) for cell in row] for row in rows])
    return ("\ufeff" + written.getvalue()).encode()


def _safe(cell: str) -> str:
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


__all__ = [
    "ACTION_COLUMNS",
    "RETURN_COLUMNS",
    "Due",
    "actions_csv",
    "due_of",
    "returns_csv",
]
