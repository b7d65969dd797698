"""Worker processes: how they are started, that they end with their parent, how they ended.

briefgen's one concurrency mechanism is `concurrent.futures.ProcessPoolExecutor`: the
PDF engine is a pool of one worker (briefgen.engine.process), a parallel build a pool of one
worker a core (briefgen.pipeline). Both start their workers with `context()` and have each
call `die_with` first, so that no worker outlives the command that started it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess

from briefgen import fast_paths, untrusted
from briefgen.errors import EnvironmentProblem, OverBudget

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def context() -> BaseContext:
    """Fork where it is safe, spawn elsewhere.

    A forked worker starts at once and inherits every module its parent has imported
    (WeasyPrint included, for a parallel build). A spawned one starts a new interpreter
    and imports what it needs: a few tenths of a second more, and the same bytes. macOS
    offers fork, but its system libraries are not safe across one, so Python spawns
    there by default; Windows has no fork.
    """
    forkable = sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()
    if forkable and fast_paths.allowed("fork"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def die_with(parent: int) -> None:
    """End this worker when `parent`, the process that started it, ends, even by SIGKILL.

    A worker outliving a killed build would wait for work forever, or go on writing
    outputs after the kill, and keep what it inherited open (the output folder's lock):
    the next build would wait for that lock for ever. On Linux the kernel ends the
    worker (prctl's PR_SET_PDEATHSIG); elsewhere a thread of the worker waits for the
    parent to end, and ends the worker.
    """
    if not (fast_paths.allowed("prctl") and _ask_the_kernel()):
        _watch_the_parent()
    if os.name == "posix" and os.getppid() != parent:  # it ended before either took effect
        os._exit(1)


def _ask_the_kernel() -> bool:
    """Have Linux send this process SIGKILL when its parent ends; False where it cannot."""
    import ctypes  # noqa: PLC0415 (only a worker needs it, and only on Linux)

    prctl = getattr(ctypes.CDLL(None), "prctl", None) if sys.platform == "linux" else None
    return prctl is not None and prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0


def _watch_the_parent() -> None:
    """A thread that ends this process once its parent has ended.

    It waits on multiprocessing's handle of the parent (on Windows the parent's process
    handle; on POSIX a pipe whose writing end the parent holds open, and so do the
    workers forked after this one, which end first, watching in turn), so it costs
    nothing while it waits and sees the end at once. The worker's own threads are not
    waited for: a worker holds nothing that must be saved.
    """
    parent = multiprocessing.parent_process()
    assert parent is not None, "only a worker started by multiprocessing watches its parent"

    def end_with_the_parent() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=end_with_the_parent, name="briefgen-parent", daemon=True).start()


def only_process(pool: ProcessPoolExecutor) -> BaseProcess:
    """The pool's one worker, started by the submit before this.

    ProcessPoolExecutor keeps its processes to itself until Python 3.14 (kill_workers()),
    and offers nothing to read how one ended: this reads its table of them (`_processes`,
    by pid), so that a worker can be ended at once and its end told.
    """
    [process] = pool._processes.values()
    return process


def how_it_ended(exit_code: int | None) -> str:
    """A process's end as a person reads it: "killed by SIGKILL", "exit code 1"."""
    if exit_code is None:
        return "it ended"
    if exit_code >= 0:
        return f"exit code {exit_code}"
    number = -exit_code
    if number == getattr(signal, "SIGKILL", None):
        return "killed by SIGKILL (by someone, or by the system for want of memory)"
    with contextlib.suppress(ValueError):
        return f"killed by {signal.Signals(number).name}"
    return f"killed by signal {number}"


def stopped_by_the_budget(exit_code: int | None, step: str) -> OverBudget | None:
    """The budget's error, if a worker ended by it (briefgen.untrusted): the kernel ends a
    worker whose work runs on in C past the budget's CPU time (SIGXCPU), and GLib ends one
    whose allocation fails (SIGTRAP or SIGABRT: "if any call to allocate memory fails, the
    application is terminated"), as the budget's limit on memory makes it do, on Linux,
    past the budget."""
    ended_by = _signal_name(exit_code)
    if ended_by == "SIGXCPU":
        return untrusted.over_budget("time", step)
    if sys.platform == "linux" and ended_by in ("SIGABRT", "SIGTRAP"):
        return untrusted.over_budget("memory", step)
    return None


def crashed_in_a_library(exit_code: int | None, step: str) -> EnvironmentProblem | None:
    """This computer's problem, if a worker ended in a crash: native code (Pango, HarfBuzz,
    fontconfig, GLib, PDFium) touched memory it may not, where no Python code can."""
    if _signal_name(exit_code) not in ("SIGSEGV", "SIGBUS", "SIGILL", "SIGFPE"):
        return None
    return EnvironmentProblem(
        f"{step} crashed in one of the system libraries that make the PDF (Pango, HarfBuzz, "
        f"fontconfig, GLib): {how_it_ended(exit_code)}",
        "update them (sudo apt-get upgrade, or scripts/setup), then build again; if it "
        "still crashes, send this briefing and the versions `python3 -m weasyprint --info` "
        "gives to whoever looks after briefgen",
    )


def _signal_name(exit_code: int | None) -> str | None:
    """The name of the signal that ended a process (None if none did)."""
    if exit_code is None or exit_code >= 0:
        return None
    try:
        return signal.Signals(-exit_code).name
    except ValueError:
        return None


__all__ = [
    "context",
    "crashed_in_a_library",
    "die_with",
    "how_it_ended",
    "only_process",
    "stopped_by_the_budget",
]
