"""Dates as a briefing writes them, in English whatever language the computer is set to.

`%B` names the month in the language of the process's locale: on a laptop whose locale
is French, a date in an English briefing or message would read "mai 2020". The month
names are written out here, and every date shown to a reader or in a message is made here.
"""

from __future__ import annotations

import datetime as dt

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


def month_name(day: dt.date) -> str:
    return MONTHS[day.month - 1]


def month_year(day: dt.date) -> str:
    """How a briefing shows when it was published: "May 2020"."""
    return f"{month_name(day)} {day.year}"


def day_month_year(day: dt.date) -> str:
    """A day, in the British order: "1 May 2020"."""
    return f"{day.day} {month_year(day)}"


def period(start: dt.date, end: dt.date) -> str:
    """A span of months: "January to March 2020", the year said once if both months are
    in it, else "November 2019 to February 2020"."""
    if start.year == end.year:
        return f"{month_name(start)} to {month_year(end)}"
    return f"{month_year(start)} to {month_year(end)}"


__all__ = [
    "MONTHS",
    "day_month_year",
    "month_year",
    "period",
]
