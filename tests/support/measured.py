"""briefgen run as a user runs it, timed, with the peak memory of the processes that did the
work: for showing that an attack ends within the budget of untrusted work."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

# Every run here is held to this much address space, far above the budget (500 MB above
# what each process holds), so that a budget that fails to hold fails its test instead of
# taking the machine, which other work shares.
SAFETY_BYTES = 4 * 1024 * 1024 * 1024

# The measurer: briefgen started by a small process of its own, for its peak (the
# benchmarks' peak.py).
PEAK = Path(__file__).parents[2] / "benchmarks" / "peak.py"


@dataclass(frozen=True)
class Measured:
    code: int
    out: str
    err: str
    seconds: float  # from its start to its end
    peak_mib: float  # the largest resident set of briefgen's processes


def run_measured(*arguments: str, cwd: Path, timeout: float = 180) -> Measured:
    """`python -m briefgen ARGUMENTS` in `cwd`, to its end (killed, with its workers, after
    `timeout` seconds: exit code -9), measured by a process of its own (benchmarks/peak.py)."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        out, err = Path(folder) / "out", Path(folder) / "err"
        briefgen = [sys.executable, "-m", "briefgen", *arguments]
        limits = [str(report), str(SAFETY_BYTES), str(timeout)]
        command = [sys.executable, str(PEAK), *limits, *briefgen]
        with out.open("wb") as stdout, err.open("wb") as stderr:
            measurer = subprocess.Popen(
                command, cwd=cwd, stdout=stdout, stderr=stderr, start_new_session=True
            )
            # The measurer ends briefgen at the timeout; this, the measurer, should it hang.
            timer = threading.Timer(timeout + 30, os.killpg, (measurer.pid, signal.SIGKILL))
            timer.start()
            try:
                measurer.wait()
            finally:
                timer.cancel()
        code, seconds, peak_kib = json.loads(report.read_text())
        return Measured(
            code,
            out.read_text(encoding="utf-8", errors="replace"),
            err.read_text(encoding="utf-8", errors="replace"),
            seconds,
            peak_kib / 1024,
        )
