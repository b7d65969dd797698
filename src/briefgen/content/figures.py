"""Figures as the briefing's language writes them: "26,000" in English.

Every figure briefgen prints from a number (a chart's counts and total, a cohort's, a
table's cells) is written here, with Babel's `format_decimal` and the locale's own
grouping and decimal sign (CLDR's data: "26,000" in English, "26.000" in German,
"26 000" in French), so that a count in a chart reads as the statistic beside it does.
A figure written as text (`value: "24,000"`, a cell in quotes) is printed as written,
never through here.

The locale is "en" until briefings name their language; the caller passes it. It lives in
content/, not render/, as the views of the blocks and charts are made here, below the
renderer. Babel is imported the first time a figure needs it: a whole number from 0 to
999 is written the same in every locale (its digits, Latin as Babel writes them by
default, and no grouping below a thousand), so most briefings never load it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal

DEFAULT_LOCALE = "en"
_PLAIN_BELOW = 1000  # below a thousand, a whole number has no separator in any locale


@functools.cache
def _formatter() -> Callable[..., str]:
    from babel.numbers import format_decimal  # noqa: PLC0415 (only for figures that need it)

    return format_decimal


def format_figure(value: int | float, locale: str = DEFAULT_LOCALE) -> str:
    """`value` as `locale` writes it: 26000 as "26,000", 1234.5 as "1,234.5", every digit
    written kept (a figure is never rounded here)."""
    if isinstance(value, int) and 0 <= value < _PLAIN_BELOW:
        return str(value)
    number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    return _formatter()(number, locale=locale, decimal_quantization=False)


__all__ = [
    "DEFAULT_LOCALE",
    "format_figure",
]
