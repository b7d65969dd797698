"""The PDF engine in a process of its own (briefgen.engine.Forked): what a serial build and
a check use from the command line. It must give what the engine in process gives, byte for
byte, error for error, and must never outlive the build that started it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.build import build, check
from briefgen.config import load_project
from briefgen.engine import IN_PROCESS, Forked
from briefgen.errors import UsageError
from tests.support.processes import processes_in, snapshot
from tests.support.project import SEED_SLUG, copy_example, run_briefgen
from tests.support.text import long_findings, write_briefing


@pytest.fixture
def forked() -> Iterator[Forked]:
    engine = Forked.start()
    yield engine
    engine.close()


def test_the_forked_engine_builds_the_same_bytes_as_the_engine_in_process(
    tmp_path: Path, forked: Forked
) -> None:
    in_process = load_project(copy_example(tmp_path / "in-process"))
    in_child = load_project(copy_example(tmp_path / "in-child"))
    assert not build(in_process, engine=IN_PROCESS).failed
    assert not build(in_child, engine=forked).failed
    assert forked.pid != os.getpid()
    assert snapshot(in_child.output) == snapshot(in_process.output)


def test_the_command_line_builds_the_same_bytes_as_a_build_in_process(tmp_path: Path) -> None:
    """`briefgen build` of one briefing goes through the forked engine."""
    in_process = load_project(copy_example(tmp_path / "in-process"))
    assert not build(in_process).failed
    folder = copy_example(tmp_path / "command")
    run = run_briefgen("build", f"content/{SEED_SLUG}.yaml", cwd=folder)
    assert run.code == 0, run.err
    assert snapshot(folder / "output") == snapshot(in_process.output)


def test_a_refused_fetch_in_the_forked_engine_is_the_same_error(
    tmp_path: Path, forked: Forked
) -> None:
    messages = []
    for name, engine in (("in-process", IN_PROCESS), ("in-child", forked)):
        folder = copy_example(tmp_path / name)
        override = folder / "templates" / "blocks" / "key_message.html.j2"
        override.parent.mkdir(parents=True)
        override.write_text('<p>Our key message</p>\n<img src="file:///etc/passwd" alt="">\n')
        report = build(load_project(folder), engine=engine)
        [outcome] = report.failed
        assert isinstance(outcome.error, UsageError)
        messages.append((outcome.error.message, outcome.error.fix))
    assert messages[0] == messages[1]
    assert "file:///etc/passwd" in messages[0][0]


def test_the_forked_engine_checks_a_briefing_over_budget_as_in_process(
    empty_project: Path, forked: Forked
) -> None:
    write_briefing(empty_project, "long-findings", long_findings())
    project = load_project(empty_project)
    errors = [str(check(project, engine=engine).failed[0].error) for engine in (IN_PROCESS, forked)]
    assert errors[0] == errors[1]
    assert "over the 2-page budget" in errors[0]


def test_the_engine_process_ends_with_the_command_even_when_killed(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project").resolve()
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "build", f"content/{SEED_SLUG}.yaml"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while len(processes_in(folder)) < 2:  # the command and its engine
        assert process.poll() is None, "the build ended before its engine was seen"
        assert time.monotonic() < deadline, "no engine started"
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    deadline = time.monotonic() + 10
    while processes_in(folder) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_in(folder) == []


def test_closing_the_engine_ends_its_process(forked: Forked) -> None:
    forked.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(forked.pid, os.WNOHANG)  # already reaped by close()
