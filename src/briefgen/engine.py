"""The PDF engine: lay the print HTML out as pages, measure it, write the PDF.

Everything that needs WeasyPrint happens here, on plain data (a `Job` in, its `Pages`
back), so that it can run in this process or in another one:

- `IN_PROCESS` runs the job here: `briefgen serve` and a parallel build's workers,
  which import WeasyPrint once and keep it warm;
- `Forked.start()`, called by the command line before it imports the rest of
  briefgen, forks a process that imports WeasyPrint (a second or so) while this one
  imports pydantic, Jinja and the content model and reads the briefing: on two cores
  a cold build of one briefing no longer waits for the two in turn.

The child imports nothing of briefgen's content model, and answers each job with the
result or with the user's error (a refused template fetch, a missing library), which
the parent raises as if the work had been done in process. Any other failure of a
job comes back as text, and the child lives on; a child that dies is replaced.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe
from pathlib import Path
from typing import Any, Protocol

from briefgen.accessibility import make_finisher
from briefgen.budget import Measure, measure
from briefgen.crashes import RemoteFailure, summary_of
from briefgen.errors import BriefgenError
from briefgen.pdf import (
    Rendered,
    font_configuration,
    render_pdf,
    require_weasyprint,
    write_pdf,
)


@dataclass(frozen=True)
class Job:
    """One briefing's print HTML (one version a fit step) and what lays it out."""

    htmls: tuple[str, ...]  # the HTML of each fit step, tried in turn until one fits
    stylesheet: str
    base: Path  # the project folder: relative URLs resolve from it
    allowed: tuple[Path, ...]  # the folders files may be read from
    templates: tuple[Path, ...]  # the template files, for naming where a URL is written
    budget: int  # pages
    epoch: int  # every date inside the PDF
    links: Mapping[str, str]  # each link's URL to the description its annotation carries
    write: bool  # write the PDF (a build) or only measure it (a check)
    allow_overflow: bool  # write it even when it runs over its budget


@dataclass(frozen=True)
class Pages:
    """A briefing laid out as pages: how they measure against the budget, and the PDF."""

    step: int  # the fit step that fitted, or the last one tried
    measure: Measure
    pdf: bytes | None  # None when only measured, or over budget and not allowed


class Engine(Protocol):
    def ready(self) -> None:
        """Return once WeasyPrint is loaded; raise the user's error if it cannot be."""

    def lay_out(self, job: Job) -> Pages: ...


def run(job: Job) -> Pages:
    """Lay the job out, fit step by fit step, and write the PDF if it is wanted.

    The first step is laid out, then, if it runs over, the last (the tightest): if
    even that runs over, no step between can fit, and the answer comes after two
    layouts instead of one a step. Otherwise the steps between are tried in turn,
    and the first that fits is taken.
    """
    last = len(job.htmls) - 1
    first = _lay_out(job, 0)
    if first[1].overflow is None or last == 0:
        return _finish(job, 0, *first)
    tightest = _lay_out(job, last)
    if tightest[1].overflow is not None:
        return _finish(job, last, *tightest)
    for step in range(1, last):
        laid = _lay_out(job, step)
        if laid[1].overflow is None:
            return _finish(job, step, *laid)
    return _finish(job, last, *tightest)


def _lay_out(job: Job, step: int) -> tuple[Rendered, Measure]:
    rendered = render_pdf(job.htmls[step], job.stylesheet, job.base, job.allowed, job.templates)
    return rendered, measure(rendered.document, job.budget)


def _finish(job: Job, step: int, rendered: Rendered, measured: Measure) -> Pages:
    pdf = None
    if job.write and (measured.overflow is None or job.allow_overflow):
        pdf = write_pdf(rendered, job.epoch, make_finisher(job.links))
    return Pages(step, measured, pdf)


class InProcess:
    def ready(self) -> None:
        require_weasyprint()

    def lay_out(self, job: Job) -> Pages:
        return run(job)


IN_PROCESS = InProcess()


READY = "ready?"  # a request: answered once WeasyPrint is loaded, or with why it cannot be


class Forked:
    """The engine in a child process, forked before the rest of briefgen is imported."""

    def __init__(self, pid: int, connection: Connection) -> None:
        self.pid = pid
        self.connection = connection

    @classmethod
    def start(cls) -> Forked:
        ours, theirs = Pipe()
        pid = os.fork()
        if pid == 0:  # the child: it never returns
            ours.close()
            _serve(theirs, parent=os.getppid())
        theirs.close()
        return cls(pid, ours)

    def ready(self) -> None:
        self._ask(READY, again=True)

    def lay_out(self, job: Job) -> Pages:
        result: Pages = self._ask(job)
        return result

    def _ask(self, request: Job | str, *, again: bool = False) -> Any:
        """Send a request and return the answer, raising the error it carries.

        If the process has died (killed, out of memory, a crash in a library), a new
        one takes its place, so that the next briefing still has an engine, and this
        request fails with the reason, unless it may be asked `again` (once).
        """
        try:
            self.connection.send(request)
            kind, value = self.connection.recv()
        except (EOFError, OSError):
            ended = self._restart()
            if again:
                return self._ask(request)
            raise RemoteFailure(
                f"the PDF engine's process stopped: {ended}",
                f"The PDF engine's process stopped while laying the briefing out: {ended}.\n",
            ) from None
        if kind == "error":
            raise value
        if kind == "failed":
            summary, details = value
            raise RemoteFailure(summary, details)
        return value

    def _restart(self) -> str:
        """Reap the stopped process, start another in its place, and say how the first ended."""
        self.connection.close()
        ended = "it ended"
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)  # a no-op on one that died: its status stays
        with contextlib.suppress(ChildProcessError):
            _, status = os.waitpid(self.pid, 0)
            ended = _how_it_ended(status)
        fresh = Forked.start()
        self.pid, self.connection = fresh.pid, fresh.connection
        return ended

    def close(self) -> None:
        """End the child at once: it holds nothing to save, and a command that needed no
        PDF (a mistake in the YAML) must not wait for WeasyPrint to finish loading."""
        self.connection.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def _serve(connection: Connection, parent: int) -> None:
    """The child: import WeasyPrint and warm it up, then run jobs until the input ends."""
    code = 0
    try:
        die_with(parent)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to answer
        startup = _warm_up()
        while True:
            try:
                request = connection.recv()
            except EOFError:  # the parent is done
                break
            if startup is not None:
                reply: tuple[str, Any] = ("error", startup)
            elif request == READY:
                reply = ("ok", None)
            else:
                reply = _answer(request)
            try:
                connection.send(reply)
            except OSError:  # the parent has gone (Ctrl-C, a kill): no one to answer
                break
    except BaseException:  # a bug: the parent reports the engine stopped; this says why
        traceback.print_exc()
        sys.stderr.flush()
        code = 1
    finally:
        os._exit(code)  # nothing of the parent's (atexit handlers, buffers) runs twice


def _answer(job: Job) -> tuple[str, Any]:
    """The job's result; the user's error; or, for anything else (a bug, or a limit of
    WeasyPrint such as a RecursionError), the failure as text: this process lives on."""
    try:
        return ("ok", run(job))
    except BriefgenError as error:
        return ("error", error)
    except Exception as error:  # one briefing's failure, carried back as data
        return ("failed", (summary_of(error), "".join(traceback.format_exception(error))))


def _how_it_ended(status: int) -> str:
    """A process's end as a person reads it: "killed by SIGKILL", "exit code 1"."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number == signal.SIGKILL:
            return "killed by SIGKILL (by someone, or by the system for want of memory)"
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(number).name}"
        return f"killed by signal {number}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"


def _warm_up() -> BriefgenError | None:
    """Import WeasyPrint and make its font configuration before the first job comes."""
    try:
        font_configuration()
    except BriefgenError as error:
        return error
    return None


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with(parent: int) -> None:
    """End this process when the one that forked it ends, even by SIGKILL.

    A child outliving a killed build would wait for work forever, or go on writing
    outputs after the kill, and keep what it inherited open (the output folder's lock).
    """
    import ctypes  # noqa: PLC0415

    prctl = getattr(ctypes.CDLL(None), "prctl", None)  # Linux only
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
