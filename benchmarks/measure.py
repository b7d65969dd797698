"""Timing whole processes, and summing up repeated timings as median, min and max.

Only the standard library, so that anyone can check how a figure was taken.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path


class HarnessError(Exception):
    """A command the harness runs failed: the figures would be meaningless."""


@dataclass(frozen=True)
class Finished:
    """One process run to its end."""

    seconds: float
    peak_kib: int  # ru_maxrss: kibibytes on Linux
    stdout: str
    code: int = 0  # the exit code
    stderr: str = ""


@dataclass
class Timings:
    """Repeated timings of one figure, in seconds, and the peak memory of its processes."""

    seconds: list[float] = field(default_factory=list)
    peak_kib: int | None = None

    def add(self, finished: Finished) -> None:
        self.seconds.append(finished.seconds)
        self.peak_kib = max(self.peak_kib or 0, finished.peak_kib)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def fastest(self) -> float:
        return min(self.seconds)

    @property
    def slowest(self) -> float:
        return max(self.seconds)


def time_process(
    command: Sequence[str], cwd: Path, env: Mapping[str, str], ok: Collection[int] = (0,)
) -> Finished:
    """Run `command` to its end: its wall-clock time and its own peak memory.

    The child is reaped with wait4, which returns the resource usage of that one
    child; getrusage(RUSAGE_CHILDREN) would give the largest ru_maxrss of every
    child so far, mixing the figures. Output goes to files, not pipes, so that a
    chatty child can never block on a full pipe while it is being timed.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=dict(env), stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        # Popen did not reap the child itself: tell it, so that it does not try again.
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
        if process.returncode not in ok:
            raise HarnessError(
                f"`{' '.join(command)}` (in {cwd}) exited with {process.returncode}:\n"
                f"{stdout}{stderr}"
            )
    return Finished(seconds, usage.ru_maxrss, stdout, process.returncode, stderr)
