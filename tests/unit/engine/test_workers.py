"""Worker processes (briefgen.engine.workers): forked where that is safe, spawned elsewhere, and
never outliving the command that started them. Each of Linux's fast paths (fork, prctl's
PR_SET_PDEATHSIG) is switched off in turn, to prove on Linux the fallback that macOS and
Windows use."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen import fast_paths
from briefgen.content.config import load_project
from briefgen.engine import workers
from briefgen.outcomes import Options, Outcome
from briefgen.pipeline import build
from tests.support.processes import (
    kill_and_wait,
    snapshot,
    started_by_spawning,
    wait_for_workers,
)
from tests.support.project import SECOND, copy_example

SWITCHED_OFF = {"fast paths": "", "no prctl": "prctl", "no fork": "fork", "neither": "prctl,fork"}


def two_briefings(folder: Path) -> Path:
    project = copy_example(folder).resolve()
    shutil.copy(SECOND, project / "content" / SECOND.name)
    return project


@pytest.mark.parametrize("switched_off", SWITCHED_OFF.values(), ids=SWITCHED_OFF)
@pytest.mark.slow
def test_a_killed_parallel_build_leaves_no_worker_behind(tmp_path: Path, switched_off: str) -> None:
    """A worker outliving its build would hold the output folder's lock for ever."""
    folder = two_briefings(tmp_path / "project")
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "build", "--jobs", "2"],
        cwd=folder,
        env={**os.environ, fast_paths.SWITCH: switched_off},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        wait_for_workers(process, folder, 2)
    finally:
        assert kill_and_wait(process, folder) == []


@pytest.mark.slow
def test_spawned_workers_build_the_same_bytes_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = load_project(two_briefings(tmp_path / "serial"))
    assert not build(serial, options=Options(jobs=1)).failed
    monkeypatch.setenv(fast_paths.SWITCH, "fork")
    spawned: list[bool] = []

    def note_how_the_workers_started(outcome: Outcome) -> None:
        children = multiprocessing.active_children()
        spawned.extend(started_by_spawning(child.pid or 0) for child in children)

    parallel = load_project(two_briefings(tmp_path / "parallel"))
    report = build(parallel, progress=note_how_the_workers_started, options=Options(jobs=2))
    assert not report.failed, [str(outcome.error) for outcome in report.failed]
    assert spawned
    assert all(spawned)
    assert snapshot(parallel.output) == snapshot(serial.output)


@pytest.mark.skipif(sys.platform != "linux", reason="fork is the fast path on Linux")
def test_fork_is_used_unless_it_is_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    assert workers.context().get_start_method() == "fork"
    monkeypatch.setenv(fast_paths.SWITCH, "prctl, fork")
    assert workers.context().get_start_method() == "spawn"
