"""The preview's own pages: a failure's page says whose it is to fix."""

from __future__ import annotations

from pathlib import Path

from briefgen.errors import Crash, EnvironmentProblem, Mistake
from briefgen.preview.pages import error_page

SOURCE = Path("content/neglect-audit-2025.yaml")


def test_a_mistake_is_shown_as_the_users_to_fix() -> None:
    page = error_page(Mistake("the theme file 'x.css' is missing", "restore it"), SOURCE)
    assert f"<h1>{SOURCE} has mistakes to fix</h1>" in page
    assert "<strong>Fix:</strong> restore it" in page


def test_a_problem_with_this_computer_is_not_called_a_mistake() -> None:
    problem = EnvironmentProblem("cannot write output/x.pdf: the disk is full", "free some space")
    page = error_page(problem, SOURCE)
    assert f"<h1>{SOURCE} cannot be built: problem with this computer</h1>" in page
    assert "mistake" not in page.lower()
    assert "<strong>Fix:</strong> free some space" in page


def test_an_internal_error_names_its_log() -> None:
    crash = Crash(SOURCE, "RecursionError: too deep", "Traceback ...", Path("output/x.log"))
    page = error_page(crash, SOURCE)
    assert f"<h1>{SOURCE} cannot be built: internal error</h1>" in page
    assert "the details are in output/x.log" in page
    assert "mistake" not in page.lower().replace("not a mistake you can see", "")
