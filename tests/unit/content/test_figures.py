"""Figures as the briefing's language writes them (briefgen.content.figures)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from briefgen.content.figures import DEFAULT_LOCALE, format_figure


@pytest.mark.parametrize(
    ("value", "english"),
    [
        (0, "0"),
        (999, "999"),
        (1000, "1,000"),
        (26000, "26,000"),
        (1234567, "1,234,567"),
        (-1500, "-1,500"),
        (1234.5, "1,234.5"),
        (3.14159, "3.14159"),  # every digit written is kept: a figure is never rounded here
        (2.0, "2"),
        (1e6, "1,000,000"),
    ],
)
def test_english_groups_thousands_with_commas(value: float, english: str) -> None:
    assert DEFAULT_LOCALE == "en"
    assert format_figure(value) == english


def test_each_language_groups_as_it_writes() -> None:
    assert format_figure(26000, "de") == "26.000"
    assert format_figure(1234.5, "de") == "1.234,5"
    assert format_figure(26000, "fr") == "26\u202f000"
    assert format_figure(26000, "cy") == "26,000"  # Welsh, as English


def test_babel_is_imported_only_for_a_figure_that_needs_it() -> None:
    """A whole number below a thousand reads the same in every language: most briefings'
    figures, which never load Babel's data."""
    script = (
        "import sys\n"
        "from briefgen.content.figures import format_figure\n"
        "assert format_figure(20) == '20' and format_figure(999) == '999'\n"
        "assert 'babel' not in sys.modules\n"
        "assert format_figure(1000) == '1,000'\n"
        "assert 'babel' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
