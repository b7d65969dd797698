"""The budget of untrusted work: 20 s and 500 MB a briefing, and how each process holds to it.

Everything in a project folder is untrusted, a cloned repository's as much as one's own:
its briefings, templates, layouts, style sheets and fonts. What briefgen does with them
(rendering the templates, laying the briefing out, inlining the fragment's styles,
drawing the proof images) must end in bounded time and memory, and one briefing's excess
must cost that briefing alone, never the build, the preview or the machine. The bounds
are set here, once:

- `SECONDS`: one briefing's work, every step together;
- `MEGABYTES`: what that work may add to the memory of the process doing it, over what
  the process held when the briefing started. The process's own (Python, WeasyPrint, its
  fonts, Pango: 60 to 150 MB resident) is not the briefing's, so the bound is relative.

Two lines hold them:

- The `Allowance` is checked by the work itself, wherever it runs: the templates' sandbox
  (briefgen.render.renderer) charges each loop, call and piece of text to it, the inliner each
  pass, the proofs each page. It never limits the process, so it is what bounds the work
  done in the user's own process (a serial build's, a check's, the preview's).
- `limited` asks the kernel, in a worker process only (the PDF engine's, a parallel
  build's worker), for what the allowance cannot see, WeasyPrint's layout above all: an
  interval timer that stops the work where it stands (Python code, which most of the
  layout is), a CPU-time limit that ends the process where the timer cannot (a loop in
  C), and a limit on the memory it allocates (RLIMIT_DATA) that makes each allocation
  past the budget fail. Linux enforces all three; macOS enforces the timer and the CPU
  limit, not the memory; Windows has none of them, and its engine is bounded in time by
  the process that waits for it (briefgen.engine.process).

Going over raises `OverBudget` (briefgen.errors), naming the step: the project's mistake,
which the build tells with the briefing and the project's own files that did the work.
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from types import FrameType
from typing import Any

from briefgen.errors import OverBudget
from briefgen.gate import own_status

SECONDS = 20.0  # one briefing's untrusted work, every step together
MEGABYTES = 500  # what it may add to its process's memory
BUDGET_BYTES = MEGABYTES * 1024 * 1024
# Past the timer, the CPU-time limit gives the work this long to be stopped in Python
# before the kernel ends the process; the process that waits for a worker waits this long
# past the budget before it ends the worker itself.
GRACE_SECONDS = 10.0
# The memory of the process is measured each time this much has been made since the
# last measure (and each MEASURE_CALLS charges): a read of /proc, about 30 µs.
MEASURE_BYTES = 16 * 1024 * 1024
MEASURE_CALLS = 1024
TIME_CALLS = 32  # the clock is read each this many charges
# An allocation that fails at the limit may be a large one: memory that came this close
# to the limit at its peak reached it.
REACHED_MARGIN = 64 * 1024 * 1024

RENDERING = "rendering the templates"
LAYING_OUT = "laying the briefing out"
INLINING = "inlining the fragment's styles"
DRAWING_PROOFS = "drawing the proof images"
BUILDING = "building it"


def over_budget(resource: str, step: str) -> OverBudget:
    """The error for `step` gone past the budget of `resource` ("time" or "memory")."""
    if resource == "time":
        what = f"took longer than the {SECONDS:g} s"
    else:
        what = f"needed more than the {MEGABYTES} MB of memory"
    return OverBudget(
        f"{step} {what} that one briefing's work may take",
        "briefgen stops a briefing's work there, so that one briefing cannot hold up the "
        "others or the computer: simplify what the project's own templates, layouts or "
        "style sheets ask for, or the briefing",
        resource,
        step,
    )


@dataclass
class Allowance:
    """One briefing's budget, checked by its work as it goes (`charge`)."""

    started: float  # time.monotonic() when the briefing's work started
    deadline: float  # and when its time is up
    resident: int  # the process's resident bytes when it started
    step: str = BUILDING  # what the work is doing now, for the message
    made: int = 0  # bytes made since the memory was last measured
    calls: int = 0  # charges since then

    @classmethod
    def start(cls, seconds: float = SECONDS) -> Allowance:
        now = time.monotonic()
        return cls(now, now + seconds, resident_bytes())

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def spent(self) -> float:
        return time.monotonic() - self.started

    def charge(self, size: int = 0) -> None:
        """Count `size` bytes made; raise OverBudget once the time or the memory is spent.
        The clock is read each TIME_CALLS charges (each charge stands for a bounded piece of
        work), the memory each MEASURE_CALLS or MEASURE_BYTES made."""
        self.made += size
        self.calls += 1
        if self.calls % TIME_CALLS and self.made < MEASURE_BYTES:
            return
        if time.monotonic() > self.deadline:
            raise over_budget("time", self.step)
        if self.made >= MEASURE_BYTES or self.calls >= MEASURE_CALLS:
            self.made = self.calls = 0
            if resident_bytes() - self.resident > BUDGET_BYTES:
                raise over_budget("memory", self.step)


_current: ContextVar[Allowance | None] = ContextVar("allowance", default=None)


@contextlib.contextmanager
def allowance(start: Allowance | None = None) -> Iterator[Allowance]:
    """The briefing's allowance in this thread: the one already running, `start`, or a new
    one (a template rendered outside a build, by the preview, is bounded too)."""
    running = _current.get()
    if running is not None and (start is None or start is running):
        yield running
        return
    chosen = start or Allowance.start()
    token = _current.set(chosen)
    try:
        yield chosen
    except MemoryError:  # an allocation past what the process could have
        raise over_budget("memory", chosen.step) from None
    finally:
        _current.reset(token)


@contextlib.contextmanager
def step(name: str) -> Iterator[Allowance]:
    """Tell `name` as the step of the running allowance (a new one if none runs)."""
    with allowance() as running:
        before, running.step = running.step, name
        try:
            yield running
        except MemoryError:
            raise over_budget("memory", name) from None
        finally:
            running.step = before


def charge(size: int = 0) -> None:
    """Charge the running allowance, if there is one."""
    running = _current.get()
    if running is not None:
        running.charge(size)


def remaining() -> float:
    """The time left of the running allowance (all of it where none runs)."""
    running = _current.get()
    return SECONDS if running is None else running.remaining()


# --- The kernel's limits, in a worker process ----------------------------------------------


@contextlib.contextmanager
def limited(seconds: float, name: str) -> Iterator[None]:
    """Hold this worker process to the budget while `name` runs for at most `seconds`.

    For a worker process's main thread only: the limits are the process's, and a signal
    is handled in the main thread. Each limit is put back as it was afterwards, so that
    the worker, usable again, holds the next briefing to a budget of its own.
    """
    if not _limits_apply():
        yield
        return
    with _unraisable_kept(), _memory_limit(), _cpu_limit(seconds):
        try:
            with _timer(seconds, name):
                yield
        except OverBudget:
            raise
        except Exception as error:
            if isinstance(error, MemoryError) or memory_spent():
                raise over_budget("memory", name) from error
            raise


def _limits_apply() -> bool:
    """POSIX systems have the timer and the limits; Windows has neither."""
    return os.name == "posix" and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def _timer(seconds: float, name: str) -> Iterator[None]:
    """Raise OverBudget where the work stands (in Python) once `seconds` have passed."""

    def time_is_up(_signal: int, _frame: FrameType | None) -> None:
        running = _current.get()  # the step it stopped in, where one is told
        raise over_budget("time", name if running is None else running.step)

    previous = signal.signal(signal.SIGALRM, time_is_up)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _cpu_limit(seconds: float) -> Iterator[None]:
    """End the process (SIGXCPU) if its work runs on in C, past the timer and a grace;
    without a core file, which the kernel would otherwise leave in the project folder."""
    import resource  # noqa: PLC0415 (POSIX only: see _limits_apply)

    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = used.ru_utime + used.ru_stime
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    core_soft, core_hard = resource.getrlimit(resource.RLIMIT_CORE)
    wanted = _within(math.ceil(spent + seconds + GRACE_SECONDS), soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (wanted, hard))
    resource.setrlimit(resource.RLIMIT_CORE, (0, core_hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
        resource.setrlimit(resource.RLIMIT_CORE, (core_soft, core_hard))


# What the process held when the kernel's limit on its memory was set (`limited`): for
# telling, as the work fails, whether it was that limit that failed it (`memory_spent`).
_limited_from: dict[str, int] = {}


@contextlib.contextmanager
def _memory_limit() -> Iterator[None]:
    """Make each allocation past the budget fail (a MemoryError in Python), relative to
    what the process has allocated now.

    RLIMIT_DATA, not RLIMIT_AS: it counts what the process allocates (its heap and
    anonymous mappings, VmData), not the libraries it maps nor its stack. Under a limit
    on the address space, a layout that reached it and needed a deeper stack was ended
    by SIGSEGV, which cannot be told from a crash in a system library; under this one the
    stack grows as it needs. Linux only: elsewhere the limit is not enforced.
    """
    import resource  # noqa: PLC0415 (POSIX only: see _limits_apply)

    status = process_status()
    if "VmData" not in status:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    wanted = _within(status["VmData"] + BUDGET_BYTES, soft, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (wanted, hard))
    _limited_from.update(status)
    try:
        yield
    finally:
        _limited_from.clear()
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


def memory_spent() -> bool:
    """Whether the work under the kernel's limit on memory has reached it: where an
    allocation fails inside C, Python raises not a MemoryError but whatever the code did
    next (a SystemError, a failed conversion), and the process's peak tells the cause."""
    if not _limited_from:
        return False
    peak = process_status().get("VmPeak", 0)
    start = _limited_from
    return peak > start["VmPeak"] and peak >= start["VmSize"] + BUDGET_BYTES - REACHED_MARGIN


def _within(wanted: int, soft: int, hard: int) -> int:
    """`wanted`, or a stricter limit the process was already given (`ulimit`)."""
    import resource  # noqa: PLC0415 (POSIX only: see _limits_apply)

    return min([wanted, *(limit for limit in (soft, hard) if limit != resource.RLIM_INFINITY)])


@contextlib.contextmanager
def _unraisable_kept() -> Iterator[None]:
    """Keep the exceptions Python cannot raise (in a `__del__`, a weak reference's callback)
    while the work runs, and report them after, unless the work went over its budget:
    short of memory, each of them fails again reporting itself, and fills the terminal."""
    kept: list[Any] = []
    previous = sys.unraisablehook
    sys.unraisablehook = kept.append
    try:
        yield
    except OverBudget:
        kept.clear()
        raise
    finally:
        sys.unraisablehook = previous
        for unraisable in kept:
            previous(unraisable)


# --- What the process holds ----------------------------------------------------------------


def process_status() -> dict[str, int]:
    """The process's memory in bytes by Linux's names for it (VmRSS resident, VmData
    allocated, VmSize its address space, VmPeak that at its largest); empty elsewhere."""
    lines = own_status().splitlines()
    sizes = {}
    for line in lines:
        name, _, value = line.partition(":")
        if name.startswith("Vm") and value.strip().endswith("kB"):
            sizes[name] = int(value.split()[0]) * 1024
    return sizes


def resident_bytes() -> int:
    """The process's resident memory now; elsewhere than Linux its peak so far (macOS), or
    0 where neither can be read (Windows): the allowance then bounds time alone."""
    status = process_status()
    if "VmRSS" in status:
        return status["VmRSS"]
    try:
        import resource  # noqa: PLC0415 (POSIX only)
    except ImportError:
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


__all__ = [
    "BUILDING",
    "DRAWING_PROOFS",
    "GRACE_SECONDS",
    "INLINING",
    "LAYING_OUT",
    "RENDERING",
    "SECONDS",
    "Allowance",
    "allowance",
    "charge",
    "limited",
    "memory_spent",
    "over_budget",
    "remaining",
    "step",
]
