"""Snapshots of an output folder, and the processes working in a folder."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from briefgen.incremental import MANIFEST_NAME
from briefgen.outputs import LOCK_NAME, TEMPORARY_PREFIX

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
