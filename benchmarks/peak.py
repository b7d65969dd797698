"""Runs one command and writes how it ended: `python benchmarks/peak.py REPORT LIMIT TIMEOUT
COMMAND...` writes `[exit code, seconds, peak KiB]` as JSON to REPORT.

A process's peak memory (ru_maxrss) starts from its parent's when it is started (Linux keeps
the peak of the memory it replaces), so a command is measured from a small process of its
own: this one. It holds the command to LIMIT bytes of address space, in a session of its
own that is killed at TIMEOUT seconds, and reads its peak with wait4, which covers the
children it reaped (briefgen's PDF engine, a parallel build's workers). The attacks
benchmark and the budget tests both run it. Only the standard library.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time


def main(report: str, limit: str, timeout: str, *command: str) -> None:
    def held() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (int(limit), int(limit)))

    start = time.perf_counter()
    child = subprocess.Popen(command, preexec_fn=held, start_new_session=True)
    timer = threading.Timer(float(timeout), os.killpg, (child.pid, signal.SIGKILL))
    timer.start()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    timer.cancel()
    with open(report, "w", encoding="utf-8") as file:  # noqa: PTH123
        json.dump([os.waitstatus_to_exitcode(status), seconds, usage.ru_maxrss], file)


if __name__ == "__main__":
    main(*sys.argv[1:])
