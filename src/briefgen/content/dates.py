"""Dates as a briefing writes them, in English whatever language the computer is set to.

A briefing dates things as precisely as it knows them, and each date is shown as it was
written: a bulletin of `2025-07-11` is dated "11 July 2025", a briefing of `2020-05`
"May 2020", an annual report of `2025` "2025". `WrittenDate` is that date: a day (the
first of its month or year where it is less precise), for everything that compares or
stamps dates, and how precisely it was written, for everything that shows it.

`%B` names the month in the language of the process's locale: on a laptop whose locale
is French, a date in an English briefing or message would read "mai 2020". The month
names are written out here, and every date shown to a reader or in a message is made here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from enum import StrEnum
from typing import Any

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# The three forms of ISO 8601 a briefing writes: a day, a month, a year.
WRITTEN = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")


class Precision(StrEnum):
    """How precisely a date was written, and so how it is shown."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class WrittenDate(dt.date):
    """A date as a briefing wrote it: a day, a month or a year.

    It is the day it starts on (2025-07 is 1 July 2025), so it compares, sorts and stamps
    as any date does; `precision` says how it is shown, and `last_day` where it ends.
    """

    __slots__ = ("precision",)
    precision: Precision

    def __new__(
        cls, year: int, month: int = 1, day: int = 1, precision: Precision = Precision.DAY
    ) -> WrittenDate:
        made = super().__new__(cls, year, month, day)
        object.__setattr__(made, "precision", Precision(precision))
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        """Sent to the PDF engine's process whole, its precision with it."""
        return (type(self), (self.year, self.month, self.day, self.precision))

    def __repr__(self) -> str:
        return f"WrittenDate({self.written!r})"

    @classmethod
    def of(cls, day: dt.date) -> WrittenDate:
        """A plain date, as a day."""
        return day if isinstance(day, WrittenDate) else cls(day.year, day.month, day.day)

    @classmethod
    def parse(cls, text: str) -> WrittenDate:
        """`2025-07-11`, `2025-07` or `2025`; a ValueError for any other form, or a date
        that does not exist (`2025-02-30`, `2025-13`)."""
        found = WRITTEN.fullmatch(text.strip())
        if found is None:
            raise ValueError(f"{text!r} is not written as YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = found.group("year", "month", "day")
        if day is not None:
            return cls(int(year), int(month), int(day), Precision.DAY)
        if month is not None:
            return cls(int(year), int(month), 1, Precision.MONTH)
        return cls(int(year), 1, 1, Precision.YEAR)

    @property
    def written(self) -> str:
        """As written, in ISO 8601: also what HTML's `<time datetime>` takes."""
        if self.precision is Precision.YEAR:
            return f"{self.year:04d}"
        if self.precision is Precision.MONTH:
            return f"{self.year:04d}-{self.month:02d}"
        return self.isoformat()

    @property
    def shown(self) -> str:
        """As a reader sees it: "11 July 2025", "July 2025" or "2025"."""
        if self.precision is Precision.YEAR:
            return str(self.year)
        if self.precision is Precision.MONTH:
            return month_year(self)
        return day_month_year(self)

    @property
    def last_day(self) -> dt.date:
        """The last day it covers: 31 July 2025 for 2025-07."""
        if self.precision is Precision.YEAR:
            return dt.date(self.year, 12, 31)
        if self.precision is Precision.MONTH:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, self.month, self.day)


def month_name(day: dt.date) -> str:
    return MONTHS[day.month - 1]


def month_year(day: dt.date) -> str:
    """A month: "May 2020"."""
    return f"{month_name(day)} {day.year}"


def day_month_year(day: dt.date) -> str:
    """A day, in the British order: "1 May 2020"."""
    return f"{day.day} {month_year(day)}"


def shown(day: dt.date) -> str:
    """A date as written (a plain date is a day)."""
    return WrittenDate.of(day).shown


def period(start: dt.date, end: dt.date) -> str:
    """A span of time, each end as written and what the two share said once: "March to
    June 2025", "3 to 11 July 2025", "November 2019 to February 2020", "2023 to 2025".

    A period within one day, month or year is that day, month or year ("March 2016", not
    "March to March 2016"). Whole months written as days, from the first of one to the
    last of another (`2019-07-01` to `2019-12-31`, as briefings wrote them when a date
    needed its day), are shown as months: "July to December 2019".
    """
    first, last = whole_months(WrittenDate.of(start), WrittenDate.of(end))
    if first.precision is not last.precision:
        return f"{first.shown} to {last.shown}" if first != last else first.shown
    if first.written == last.written:
        return first.shown
    if first.precision is Precision.YEAR or first.year != last.year:
        return f"{first.shown} to {last.shown}"
    if first.precision is Precision.MONTH or first.month != last.month:
        head = f"{first.day} {month_name(first)}" if first.precision is Precision.DAY else None
        return f"{head or month_name(first)} to {last.shown}"
    return f"{first.day} to {last.shown}"


def whole_months(start: WrittenDate, end: WrittenDate) -> tuple[WrittenDate, WrittenDate]:
    """Whole months written as days (the first of one to the last of another), as months."""
    days = start.precision is Precision.DAY and end.precision is Precision.DAY
    if not days or start.day != 1:
        return start, end
    if end.day != calendar.monthrange(end.year, end.month)[1]:
        return start, end
    return (
        WrittenDate(start.year, start.month, precision=Precision.MONTH),
        WrittenDate(end.year, end.month, precision=Precision.MONTH),
    )


__all__ = [
    "MONTHS",
    "WRITTEN",
    "Precision",
    "WrittenDate",
    "day_month_year",
    "month_year",
    "period",
    "shown",
    "whole_months",
]
