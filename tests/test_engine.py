"""The PDF engine in a process of its own (briefgen.engine.EngineProcess): what a serial
build and a check use from the command line. It must give what the engine in process
gives, byte for byte, error for error, forked or spawned, and must never outlive the
build that started it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen import fast_paths
from briefgen.build import build, check
from briefgen.config import load_project
from briefgen.engine import IN_PROCESS, EngineProcess
from briefgen.errors import Mistake
from tests.support.processes import (
    kill_and_wait,
    snapshot,
    started_by_spawning,
    wait_for_workers,
)
from tests.support.project import SEED_SLUG, copy_example, run_briefgen
from tests.support.text import long_findings, write_briefing

# Linux's fast paths, each switched off in turn: the fallbacks are what macOS and Windows use.
SWITCHED_OFF = {"fast paths": "", "no prctl": "prctl", "no fork": "fork", "neither": "prctl,fork"}


@pytest.fixture
def separate() -> Iterator[EngineProcess]:
    engine = EngineProcess.start()
    try:
        yield engine
    finally:
        engine.close()


def test_the_separate_engine_builds_the_same_bytes_as_the_engine_in_process(
    tmp_path: Path, separate: EngineProcess
) -> None:
    in_process = load_project(copy_example(tmp_path / "in-process"))
    in_child = load_project(copy_example(tmp_path / "in-child"))
    assert not build(in_process, engine=IN_PROCESS).failed
    assert not build(in_child, engine=separate).failed
    assert separate.pid != os.getpid()
    assert snapshot(in_child.output) == snapshot(in_process.output)


def test_the_command_line_builds_the_same_bytes_as_a_build_in_process(tmp_path: Path) -> None:
    """`briefgen build` of one briefing goes through the engine's own process."""
    in_process = load_project(copy_example(tmp_path / "in-process"))
    assert not build(in_process).failed
    folder = copy_example(tmp_path / "command")
    run = run_briefgen("build", f"content/{SEED_SLUG}.yaml", cwd=folder)
    assert run.code == 0, run.err
    assert snapshot(folder / "output") == snapshot(in_process.output)


def test_a_refused_fetch_in_the_separate_engine_is_the_same_error(
    tmp_path: Path, separate: EngineProcess
) -> None:
    messages = []
    for name, engine in (("in-process", IN_PROCESS), ("in-child", separate)):
        folder = copy_example(tmp_path / name)
        override = folder / "templates" / "blocks" / "key_message.html.j2"
        override.parent.mkdir(parents=True)
        override.write_text('<p>Our key message</p>\n<img src="file:///etc/passwd" alt="">\n')
        report = build(load_project(folder), engine=engine)
        [outcome] = report.failed
        assert isinstance(outcome.error, Mistake)
        messages.append((outcome.error.message, outcome.error.fix))
    assert messages[0] == messages[1]
    assert "file:///etc/passwd" in messages[0][0]


def test_the_separate_engine_checks_a_briefing_over_budget_as_in_process(
    empty_project: Path, separate: EngineProcess
) -> None:
    write_briefing(empty_project, "long-findings", long_findings())
    project = load_project(empty_project)
    errors = [
        str(check(project, engine=engine).failed[0].error) for engine in (IN_PROCESS, separate)
    ]
    assert errors[0] == errors[1]
    assert "over the 2-page budget" in errors[0]


@pytest.mark.parametrize("switched_off", SWITCHED_OFF.values(), ids=SWITCHED_OFF)
def test_the_engine_process_ends_with_the_command_even_when_killed(
    tmp_path: Path, switched_off: str
) -> None:
    """With Linux's fast paths (fork, prctl) and with each fallback in their place."""
    folder = copy_example(tmp_path / "project").resolve()
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "build", f"content/{SEED_SLUG}.yaml"],
        cwd=folder,
        env={**os.environ, fast_paths.SWITCH: switched_off},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        wait_for_workers(process, folder, 1)  # the engine
    finally:
        assert kill_and_wait(process, folder) == []


def test_a_spawned_engine_builds_the_same_bytes_as_the_engine_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where fork is not offered (macOS, Windows), the engine's process is spawned."""
    in_process = load_project(copy_example(tmp_path / "in-process"))
    spawned = load_project(copy_example(tmp_path / "spawned"))
    assert not build(in_process, engine=IN_PROCESS).failed
    monkeypatch.setenv(fast_paths.SWITCH, "fork")
    engine = EngineProcess.start()
    try:
        assert started_by_spawning(engine.pid)
        assert not build(spawned, engine=engine).failed
    finally:
        engine.close()
    assert snapshot(spawned.output) == snapshot(in_process.output)


def test_closing_the_engine_ends_its_process(separate: EngineProcess) -> None:
    separate.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(separate.pid, os.WNOHANG)  # already reaped by close()
