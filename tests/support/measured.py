"""briefgen run as a user runs it, timed, with the peak memory of the processes that did the
work: for showing that an attack ends within the budget of untrusted work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

# Every run here is held to this much address space, far above the budget (500 MB above
# what each process holds), so that a budget that fails to hold fails its test instead of
# taking the machine, which other work shares.
SAFETY_BYTES = 4 * 1024 * 1024 * 1024
STARTED_WITHIN_LIMIT = (
    "import resource, runpy, sys; "
    f"resource.setrlimit(resource.RLIMIT_AS, ({SAFETY_BYTES}, {SAFETY_BYTES})); "
    "sys.argv[0] = 'briefgen'; "
    "runpy.run_module('briefgen', run_name='__main__', alter_sys=True)"
)


@dataclass(frozen=True)
class Measured:
    code: int
    out: str
    err: str
    seconds: float  # from its start to its end
    peak_mib: float  # the largest resident set of briefgen's processes (wait4's ru_maxrss)


def run_measured(*arguments: str, cwd: Path, timeout: float = 180) -> Measured:
    """`python -m briefgen ARGUMENTS` in `cwd`, to its end (killed, with its workers, after
    `timeout` seconds). Its peak memory is wait4's: the largest resident set of the process
    and of the children it reaped (the PDF engine's process, a parallel build's workers)."""
    command = [sys.executable, "-c", STARTED_WITHIN_LIMIT, *arguments]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, start_new_session=True)
        timer = threading.Timer(timeout, os.killpg, (process.pid, signal.SIGKILL))
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return Measured(
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            usage.ru_maxrss / 1024,
        )
