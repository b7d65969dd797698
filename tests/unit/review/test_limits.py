"""The bounds on one briefing's text and markup: what would make WeasyPrint recurse or run
for minutes is refused first, with a plain message naming the field and the fix."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from briefgen.content.markdown import shape_of
from briefgen.publish.incremental import MANIFEST_NAME
from briefgen.review.limits import MAX_DEPTH, MAX_ELEMENTS, MAX_FIELD_ELEMENTS, MAX_TEXT
from tests.support.project import REPOSITORY, SECOND, SECOND_SLUG, SEED_SLUG, Runner, run_briefgen
from tests.support.text import seed_data, write_briefing

COMMANDS = {
    "serial": ("build", "-j", "1"),
    "parallel": ("build",),
    "check": ("check",),
}


def test_the_shape_counts_nesting_and_elements() -> None:
    assert shape_of("plain words") == shape_of("plain words")  # a dataclass: comparable
    assert shape_of("plain words").elements == 0  # a field's own paragraph is not counted
    assert shape_of("**bold _italic [a link](https://x.org)_**").depth == 4
    assert shape_of("*a* and *b* and [c](https://x.org)").elements == 3
    assert shape_of("- one\n  - two\n    - three\n").depth == 6
    assert shape_of("*" * 500 + "a" + "*" * 500).depth > 200


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS)
def test_formatting_nested_500_deep_is_refused_beside_two_good_briefings(
    project_folder: Path, command: str
) -> None:
    """500 asterisks, a letter, 500 asterisks: WeasyPrint once failed with a RecursionError,
    and took the engine (and every briefing after it) or the whole build down with it."""
    shutil.copy(SECOND, project_folder / "content" / SECOND.name)
    data = seed_data()
    data["findings"][0]["items"][1] = "*" * 500 + "a" + "*" * 500
    write_briefing(project_folder, "recursion-case", data)
    run = run_briefgen(*COMMANDS[command], cwd=project_folder)
    assert run.code == 1, run.err
    assert re.search(
        r"content/recursion-case\.yaml:\d+:\d+: error: formatting nested \d+ deep.*"
        r"\(findings\.1\.items\.2\)",
        run.err,
    ), run.err
    assert "fix: remove the extra * or _" in run.err
    assert "Traceback" not in run.err
    if command != "check":
        output = project_folder / "output"
        for slug in (SEED_SLUG, SECOND_SLUG):
            assert (output / slug / f"{slug}.pdf").is_file()
        assert (output / "index.html").is_file()
        assert (output / MANIFEST_NAME).is_file()
        assert not (output / "recursion-case").exists()


def check_one(folder: Path, data: dict[str, Any], briefgen_main: Runner) -> str:
    source = write_briefing(folder, "bounded", data)
    run = briefgen_main("check", "--project", folder, source)
    assert run.code == 1, run.err
    return run.err


@pytest.mark.slow
def test_nesting_at_the_bound_is_allowed_one_more_is_refused(
    empty_project: Path, briefgen_main: Runner
) -> None:
    data = seed_data()
    data["findings"][0]["items"][0] = "**" * (MAX_DEPTH - 1) + "a" + "**" * (MAX_DEPTH - 1)
    source = write_briefing(empty_project, "bounded", data)
    assert briefgen_main("check", "--project", empty_project, source).code == 0
    data["findings"][0]["items"][0] = "**" * MAX_DEPTH + "a" + "**" * MAX_DEPTH
    err = check_one(empty_project, data, briefgen_main)
    assert f"formatting nested {MAX_DEPTH + 1} deep" in err


def test_too_much_formatting_in_one_field_is_refused(
    empty_project: Path, briefgen_main: Runner
) -> None:
    data = seed_data()
    data["key_message"] = "*a* " * (MAX_FIELD_ELEMENTS + 1)
    err = check_one(empty_project, data, briefgen_main)
    assert f"too much formatting in one field: {MAX_FIELD_ELEMENTS + 1} pieces" in err
    assert "(key_message)" in err


def test_too_much_formatting_in_the_briefing_is_refused(
    empty_project: Path, briefgen_main: Runner
) -> None:
    data = seed_data()
    per_item = MAX_ELEMENTS // 20 + 1  # within the bound of a field
    data["findings"][0]["items"] = ["*a* " * per_item for _ in range(20)]
    err = check_one(empty_project, data, briefgen_main)
    assert "too much formatting in the briefing" in err
    assert f"at most {MAX_ELEMENTS:,} are allowed" in err


def test_text_too_long_is_refused_before_anything_reads_it(
    empty_project: Path, briefgen_main: Runner
) -> None:
    """The issue's case: every field at the model's limits, filled with `**_`."""
    data = seed_data()
    data["fit"] = True
    data["findings"] = [
        {"kind": "strengths", "items": [("**_" * 667)[:2000] for _ in range(20)]} for _ in range(6)
    ]
    err = check_one(empty_project, data, briefgen_main)
    assert f"more than the {MAX_TEXT:,} briefgen lays out" in err
    assert "the longest field is findings" in err


@pytest.mark.slow
def test_the_worst_cases_are_built_or_refused() -> None:
    """The benchmark of the slowest briefings the bounds allow runs, and each gets an
    answer: within the bounds, built (or refused for its pages only); beyond, refused by
    the bounds. Its times are figures for benchmarks/README.md, never asserted."""
    finished = subprocess.run(
        [sys.executable, str(REPOSITORY / "benchmarks" / "worst_case.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=600,  # a guard against a hang, not a threshold
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    answers = re.findall(
        r"^(.+?)\s+(check|build)\s+.*MiB\s+(.+?)\s+(?:PASS|MISS)$", finished.stdout, re.MULTILINE
    )
    assert len(answers) == 6, finished.stdout
    for case, command, answer in answers:
        if case.startswith("at the bounds"):
            expected = "built" if command == "build" else "refused: pages"
        else:
            expected = "refused: bounds"
        assert answer == expected, (case, command, answer)
