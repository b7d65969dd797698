"""Dates in English, whatever language the computer is set to."""

from __future__ import annotations

import datetime as dt
import locale
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.content.dates import day_month_year, month_year, period
from tests.support.project import Runner
from tests.support.text import seed_data, write_briefing

LOCALES = Path("/usr/share/i18n/locales")


@pytest.fixture
def french_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This process names months in French, as on a laptop set to French. The test machine
    has no French locale installed, so glibc's localedef compiles one into tmp_path."""
    localedef = shutil.which("localedef")
    if localedef is None or not (LOCALES / "fr_FR").is_file():
        pytest.skip("no localedef or no locale sources to make a French locale with")
    folder = tmp_path / "locales"
    folder.mkdir()
    subprocess.run(
        [localedef, "-i", "fr_FR", "-f", "UTF-8", str(folder / "fr_FR.UTF-8")],
        capture_output=True,
        check=False,
        timeout=60,
    )
    monkeypatch.setenv("LOCPATH", str(folder))
    previous = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, "fr_FR.UTF-8")
    except locale.Error:
        pytest.skip("localedef could not make a French locale")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_TIME, previous)


@pytest.mark.slow
def test_a_briefing_and_its_messages_give_dates_in_english_on_a_french_computer(
    empty_project: Path, briefgen_main: Runner, french_dates: None
) -> None:
    assert f"{dt.date(2099, 5, 1):%B}" == "mai"  # what the locale's month names would say
    data = seed_data()
    data["published"] = "2099-05-01"
    write_briefing(empty_project, "future", data)
    run = briefgen_main("build", "--project", empty_project)
    assert run.code == 0, run.err
    assert "the publication date 1 May 2099 is in the future" in run.err
    page = (empty_project / "output" / "future" / "index.html").read_text(encoding="utf-8")
    index = (empty_project / "output" / "index.html").read_text(encoding="utf-8")
    assert ">May 2099</time>" in page
    assert ">May 2099</time>" in index
    assert "mai 2099" not in page + index + run.err


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ((2020, 1, 1), (2020, 3, 31), "January to March 2020"),
        ((2019, 11, 1), (2020, 2, 29), "November 2019 to February 2020"),
    ],
)
def test_a_period_names_its_year_once_if_both_months_are_in_it(
    start: tuple[int, int, int], end: tuple[int, int, int], shown: str
) -> None:
    assert period(dt.date(*start), dt.date(*end)) == shown


def test_a_day_is_written_in_the_british_order_without_a_leading_zero() -> None:
    assert day_month_year(dt.date(2020, 5, 1)) == "1 May 2020"
    assert month_year(dt.date(2020, 12, 31)) == "December 2020"
