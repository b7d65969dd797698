"""Snapshots of an output folder, and the processes working in a folder."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from briefgen.publish.incremental import MANIFEST_NAME
from briefgen.publish.outputs import LOCK_NAME, TEMPORARY_PREFIX

Snapshot = dict[str, bytes]  # path relative to the output folder: bytes

BOOKKEEPING = (LOCK_NAME, MANIFEST_NAME)


def snapshot(output: Path) -> Snapshot:
    """Every output file: neither the lock, the incremental build's manifest (what the inputs
    looked like at the last build, which a failed build may update) nor a temporary file
    is an output."""
    return {
        str(path.relative_to(output)): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
        and path.name not in BOOKKEEPING
        and not path.name.startswith(TEMPORARY_PREFIX)
    }


def processes_in(folder: Path) -> list[int]:
    """The processes whose working folder is `folder`: a build and its workers."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "cwd").readlink() == folder:
                    found.append(int(entry.name))
    return found


@contextlib.contextmanager
def running(arguments: Sequence[str | Path], **options: Any) -> Iterator[subprocess.Popen[str]]:
    """A process a test starts, ended however the test ends: killed if it still runs, then
    reaped with its pipes closed, so that no process outlives its test (a leaked one would
    fail a later test through a ResourceWarning)."""
    process = subprocess.Popen([str(argument) for argument in arguments], text=True, **options)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=60)


def kill_and_wait(process: subprocess.Popen[str], folder: Path, timeout: float = 10) -> list[int]:
    """SIGKILL `process` (a build working in `folder`), and return the processes still
    working in the folder once `timeout` seconds have passed without them all ending.
    Whatever is left is killed before this returns: no test leaves a process behind."""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    deadline = time.monotonic() + timeout
    while processes_in(folder) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = processes_in(folder)
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return left


def wait_for_workers(process: subprocess.Popen[str], folder: Path, count: int) -> list[int]:
    """Wait until `count` workers of `process` (a build working in `folder`) have WeasyPrint
    loaded, so are past their start, and return them."""
    deadline = time.monotonic() + 60
    while True:
        workers = [pid for pid in processes_in(folder) if pid != process.pid and _loaded(pid)]
        if len(workers) >= count:
            return workers
        assert process.poll() is None, "the build ended before its workers were seen"
        assert time.monotonic() < deadline, f"fewer than {count} workers started"
        time.sleep(0.01)


def _loaded(pid: int) -> bool:
    """True once the process has Pango, which WeasyPrint loads, in its memory."""
    with contextlib.suppress(OSError):
        return b"libpango" in Path(f"/proc/{pid}/maps").read_bytes()
    return False


def started_by_spawning(pid: int) -> bool:
    """True for a process that multiprocessing spawned (a new interpreter), not forked."""
    return b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
