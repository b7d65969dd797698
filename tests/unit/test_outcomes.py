"""What a build is asked and what became of it: plain data. The options that change what a
build writes are told apart from those that only change how (force, jobs), and a report
lists its failed briefings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.errors import Mistake
from briefgen.outcomes import DEFAULT_OPTIONS, Options, Outcome, Report


def test_only_the_options_that_change_the_outputs_affect_them() -> None:
    assert Options(force=True, jobs=4).affecting_outputs() == DEFAULT_OPTIONS.affecting_outputs()
    assert DEFAULT_OPTIONS.affecting_outputs() == {
        "strict": False,
        "allow_overflow": False,
        "proof": False,
    }
    assert Options(strict=True).affecting_outputs() != DEFAULT_OPTIONS.affecting_outputs()
    assert Options(proof=True).affecting_outputs()["proof"] is True


def test_an_outcome_is_ok_until_it_has_an_error() -> None:
    outcome = Outcome(Path("content/a.yaml"), "a")
    assert outcome.ok
    assert outcome.written == []
    assert outcome.warnings == []
    assert not outcome.unchanged
    outcome.error = Mistake("wrong")
    assert not outcome.ok


def test_a_report_lists_its_failed_briefings_in_order() -> None:
    good = Outcome(Path("a.yaml"), "a")
    bad = [Outcome(Path(f"{slug}.yaml"), slug, error=Mistake(slug)) for slug in ("b", "c")]
    report = Report([bad[0], good, bad[1]])
    assert report.failed == bad
    assert Report([good]).failed == []


@pytest.mark.slow  # a new interpreter
def test_importing_the_outcomes_loads_nothing_heavy() -> None:
    """The command line reads these before it knows anything needs building."""
    code = (
        "import sys, briefgen.outcomes; "
        "print(sorted(m for m in ('pydantic', 'jinja2', 'weasyprint') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=30
    )
    assert done.stdout.strip() == "[]"
