"""Each kind of failure as the command line tells it: by whose it is to fix.

The user's mistakes are labelled "error" (exit code 1, or 2 for a wrong use of the
command line), what this computer lacks is a "problem with this computer", and a bug
is an "internal error" whose message names the log that keeps its traceback. Each
kind runs through the command line, as a user meets it.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest

import briefgen.steps
from briefgen.errors import (
    BriefgenError,
    ContentError,
    Crash,
    EnvironmentProblem,
    Mistake,
    UsageError,
)
from tests.support.project import SEED_SLUG, Runner

SEED_FILE = f"content/{SEED_SLUG}.yaml"
LABELS = ("error:", "problem with this computer:", "internal error:")


def labels_in(err: str) -> list[str]:
    """The labels of the failures printed, in order (a Crash's starts after its file)."""
    return re.findall(r"(?:^|: )(error|problem with this computer|internal error): ", err, re.M)


def test_a_mistake_in_a_briefing_is_an_error(project_folder: Path, briefgen_main: Runner) -> None:
    seed = project_folder / SEED_FILE
    seed.write_text(seed.read_text().replace("key_message:", "key_mesage:"))
    run = briefgen_main("check", "--project", project_folder)
    assert run.code == 1
    assert re.search(rf"^{re.escape(SEED_FILE)}:\d+:\d+: error: ", run.err, re.M), run.err
    assert set(labels_in(run.err)) == {"error"}


def test_a_mistake_in_a_template_is_an_error(project_folder: Path, briefgen_main: Runner) -> None:
    part = project_folder / "templates" / "blocks" / "key_message.html.j2"
    part.parent.mkdir(parents=True)
    part.write_text("<p>{{ briefing.key_message + 1 }}</p>\n")
    run = briefgen_main("check", "--project", project_folder)
    assert run.code == 1
    assert "error: templates/blocks/key_message.html.j2:1: template error:" in run.err, run.err
    assert "    fix: " in run.err
    assert labels_in(run.err) == ["error"]


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.slow
def test_a_mistake_in_the_briefing_is_told_before_one_in_the_templates(
    project_folder: Path, briefgen_main: Runner, command: str
) -> None:
    """The briefing is reviewed while the engine lays it out, after its print HTML is made;
    where the templates fail first, the review still comes first, as before."""
    seed = project_folder / SEED_FILE
    seed.write_text(seed.read_text().replace("key_message: ", "key_message: Call 07700 900123. "))
    part = project_folder / "templates" / "blocks" / "key_message.html.j2"
    part.parent.mkdir(parents=True)
    part.write_text("<p>{{ briefing.key_message + 1 }}</p>\n")
    run = briefgen_main(command, "--project", project_folder)
    assert run.code == 1
    assert "this looks like a phone number" in run.err, run.err
    assert "template error" not in run.err
    assert not (project_folder / "output" / SEED_SLUG).exists()
    part.unlink()  # the template mended: the same mistake, now found while the engine works
    run = briefgen_main(command, "--project", project_folder)
    assert run.code == 1
    assert "this looks like a phone number" in run.err, run.err
    assert not (project_folder / "output" / SEED_SLUG).exists()


def test_a_wrong_use_of_the_command_line_is_an_error_with_exit_code_2(
    project_folder: Path, briefgen_main: Runner
) -> None:
    """`--output` naming the project folder itself: refused before anything is written."""
    run = briefgen_main("build", "--project", project_folder, "--output", project_folder)
    assert run.code == 2
    assert "error: cannot write the outputs into" in run.err
    assert labels_in(run.err) == ["error"]
    assert not (project_folder / "output").exists()


@pytest.mark.slow
def test_a_full_disk_is_a_problem_with_this_computer(
    project_folder: Path, briefgen_main: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not the user's error: nothing in the project is wrong. Simulated in os.write, which
    briefgen's writer calls."""

    def full(descriptor: int, data: bytes | memoryview) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    run = briefgen_main("build", "--project", project_folder)
    monkeypatch.undo()
    assert run.code == 1
    assert "problem with this computer: cannot write output/" in run.err, run.err
    assert "the disk is full" in run.err
    assert "fix: free some space on the disk" in run.err
    assert labels_in(run.err) == ["problem with this computer"]


def test_a_bug_is_an_internal_error_that_names_its_log(
    project_folder: Path, briefgen_main: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fault in one of briefgen's stages (here its checks, made to divide by zero)."""

    def faulty_checks(*arguments: object, **options: object) -> list[object]:
        return [1 / 0]

    monkeypatch.setattr(briefgen.steps, "check_briefing", faulty_checks)
    run = briefgen_main("build", "--project", project_folder)
    assert run.code == 1
    assert f"{SEED_FILE}: internal error: briefgen failed unexpectedly" in run.err, run.err
    assert "ZeroDivisionError" in run.err
    assert "Traceback" not in run.err, "the traceback goes to the log"
    assert labels_in(run.err) == ["internal error"]
    [log] = re.findall(r"the details are in (\S+\.log)", run.err)
    logged = (project_folder / log).read_text()
    assert "Traceback (most recent call last)" in logged
    assert "faulty_checks" in logged


def test_the_three_kinds_are_apart() -> None:
    """None is a kind of another, so that what is caught as one is never another."""
    kinds: list[type[BriefgenError]] = [ContentError, Mistake, EnvironmentProblem, Crash]
    for kind in kinds:
        assert [other for other in kinds if issubclass(kind, other)] == [kind]
    assert issubclass(UsageError, Mistake)
    assert (UsageError.exit_code, Mistake.exit_code, EnvironmentProblem.exit_code) == (2, 1, 1)
    assert len({Mistake.label, EnvironmentProblem.label, Crash.label}) == 3
    assert {f"{kind.label}:" for kind in (Mistake, EnvironmentProblem, Crash)} == set(LABELS)
