"""The PDF engine: lay the print HTML out as pages, measure it, write the PDF.

Everything that needs WeasyPrint happens here, on plain data (a `Job` in, its `Pages`
back), so that it can run in this process or in another one:

- `IN_PROCESS` runs the job here: `briefgen serve` and a parallel build's workers,
  which import WeasyPrint once and keep it warm;
- `EngineProcess.start()`, called by the command line before it imports the rest of
  briefgen, starts a process (a pool of one worker) that imports WeasyPrint (half a
  second to a second) while this one imports pydantic, Jinja and the content model and
  reads the briefing: on two cores a cold build of one briefing no longer waits for
  the two in turn.

The worker imports nothing of briefgen's content model, and answers each job with the
result or with the user's error (a refused template fetch, a missing library), which
the parent raises as if the work had been done in process. Any other failure of a
job comes back as text, and the worker lives on; a worker that dies is replaced.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from briefgen import untrusted
from briefgen.crashes import ErrorData, Failed, RemoteFailure, summary_of
from briefgen.engine import workers
from briefgen.engine.accessibility import make_finisher
from briefgen.engine.budget import Measure, measure
from briefgen.engine.pdf import (
    Rendered,
    font_configuration,
    library_fault,
    render_pdf,
    require_weasyprint,
    write_facing,
    write_pdf,
)
from briefgen.errors import BriefgenError, Mistake, OverBudget
from briefgen.paths import TEMPLATES_FOLDER, shown_path


@dataclass(frozen=True)
class Job:
    """One briefing's print HTML (one version a fit step) and what lays it out."""

    htmls: tuple[str, ...]  # the HTML of each fit step, tried in turn until one fits
    stylesheet: str
    base: Path  # the project folder: relative URLs resolve from it
    allowed: tuple[Path, ...]  # the folders files may be read from
    templates: tuple[Path, ...]  # the template files, for naming where a URL is written
    budget: int  # pages
    links: Mapping[str, str]  # each link's URL to the description its annotation carries
    write: bool  # write the PDF (a build) or only measure it (a check)
    allow_overflow: bool  # write it even when it runs over its budget
    seconds: float = untrusted.SECONDS  # what is left of the briefing's time (untrusted)
    briefing: Path = Path("briefing")  # its file, as the user knows it, for messages
    # A bilingual PDF: each version's own job, laid out as it is alone, its pages facing
    # (briefgen.engine.pdf.write_facing); the fields above are then the first part's.
    parts: tuple[Job, ...] = ()


@dataclass(frozen=True)
class Pages:
    """A briefing laid out as pages: how they measure against the budget, and the PDF."""

    step: int  # the fit step that fitted, or the last one tried
    measure: Measure
    pdf: bytes | None  # None when only measured, or over budget and not allowed
    part: int = 0  # of a bilingual job, the part measured (the one over budget, if one is)


class Pending(Protocol):
    def result(self) -> Pages:
        """The job's pages, once laid out; its error raised here, as if it ran here."""


class Engine(Protocol):
    # Whether it lays out in a process of its own: a build then prepares its first briefing
    # while that process loads WeasyPrint.
    separate: bool

    def ready(self) -> None:
        """Return once WeasyPrint is loaded; raise the user's error if it cannot be."""

    def submit(self, job: Job) -> Pending:
        """Start laying the job out: the caller can go on (making the web outputs) until
        it asks for the result."""


def run(job: Job) -> Pages:
    """The job's pages (`fitted`), its failure blamed where it belongs (`blamed`)."""
    try:
        return fitted(job)
    except (BriefgenError, MemoryError):
        raise
    except Exception as error:
        if untrusted.memory_spent():  # not WeasyPrint's failure: the budget's
            raise untrusted.over_budget("memory", untrusted.LAYING_OUT) from error
        blame = blamed(error, job)
        if blame is None:
            raise
        raise blame from error


def blamed(error: Exception, job: Job) -> BriefgenError | None:
    """A failure of WeasyPrint's as whose it is to fix: a system library's, this computer's
    problem; one on what the project's own templates made, theirs (a style WeasyPrint
    fails on: `content` on `li::marker`, markup nested hundreds deep). None where only the
    theme made what failed: briefgen's bug, or WeasyPrint's, with its traceback."""
    problem = library_fault(error)
    if problem is not None:
        return problem
    own = [file for file in job.templates if file.is_relative_to(job.base / TEMPLATES_FOLDER)]
    if not own:
        return None
    names = ", ".join(str(shown_path(file, job.base)) for file in own)
    return Mistake(
        f"{job.briefing}: WeasyPrint could not lay out what the project's own templates "
        f"made ({summary_of(error)}); they are {names}",
        "undo the last change to those templates, or remove them to use briefgen's theme: "
        "WeasyPrint fails on some styles and markup, such as content on li::marker, or "
        "elements nested hundreds deep",
    )


def fitted(job: Job) -> Pages:
    """Lay the job out, fit step by fit step, and write the PDF if it is wanted; a
    bilingual job's parts each so, their pages facing (`together`)."""
    if job.parts:
        return together(job)
    return _finish(job, *_fit(job))


def _fit(job: Job) -> tuple[int, Rendered, Measure]:
    """The job laid out at the first fit step that fits, or the last.

    The first step is laid out, then, if it runs over, the last (the tightest): if
    even that runs over, no step between can fit, and the answer comes after two
    layouts instead of one a step. Otherwise the steps between are tried in turn,
    and the first that fits is taken.
    """
    last = len(job.htmls) - 1
    first = _lay_out(job, 0)
    if first[1].overflow is None or last == 0:
        return (0, *first)
    tightest = _lay_out(job, last)
    if tightest[1].overflow is not None:
        return (last, *tightest)
    for step in range(1, last):
        laid = _lay_out(job, step)
        if laid[1].overflow is None:
            return (step, *laid)
    return (last, *tightest)


def together(job: Job) -> Pages:
    """A bilingual PDF: each version laid out exactly as its own PDF is, then page 1 of the
    first facing page 1 of the second, and so on (`write_facing`). A part over its budget
    is told as its own build tells it; nothing is written then, unless overflow is allowed."""
    fitted_parts = [_fit(part) for part in job.parts]
    pages = sum(measured.pages for _, _, measured in fitted_parts)
    for index, (step, _, measured) in enumerate(fitted_parts):
        if measured.overflow is not None and not job.allow_overflow:
            overflowing = Measure(pages, measured.overflow, measured.last_page_fill)
            return Pages(step, overflowing, None, part=index)
    rendered = [laid for _, laid, _ in fitted_parts]
    last = fitted_parts[-1][2]
    pdf = write_facing(rendered, job.links) if job.write else None
    return Pages(0, Measure(pages, None, last.last_page_fill), pdf)


def _lay_out(job: Job, step: int) -> tuple[Rendered, Measure]:
    rendered = render_pdf(job.htmls[step], job.stylesheet, job.base, job.allowed, job.templates)
    return rendered, measure(rendered.document, job.budget)


def _finish(job: Job, step: int, rendered: Rendered, measured: Measure) -> Pages:
    pdf = None
    if job.write and (measured.overflow is None or job.allow_overflow):
        pdf = write_pdf(rendered, make_finisher(job.links))
    return Pages(step, measured, pdf)


@dataclass(frozen=True)
class Later:
    """A job laid out in this process, when its result is asked for."""

    job: Job

    def result(self) -> Pages:
        with untrusted.step(untrusted.LAYING_OUT):
            return run(self.job)


class InProcess:
    separate = False

    def ready(self) -> None:
        require_weasyprint()

    def submit(self, job: Job) -> Pending:
        return Later(job)


IN_PROCESS = InProcess()


class EngineProcess:
    """The engine in a process of its own: a `ProcessPoolExecutor` of one worker.

    `start()` starts the worker and has it import WeasyPrint at once (the pool's
    initializer), while this process goes on importing the rest of briefgen. Each job,
    and the question whether WeasyPrint loaded, is a call to the pool; the answer comes
    back as data (`Pages`, `ErrorData` or `Failed`), never as a pickled exception. A
    worker that dies breaks the pool: a new pool takes its place for the next job.
    """

    separate = True

    def __init__(self) -> None:
        self._open()

    def _open(self) -> None:
        self.pool = ProcessPoolExecutor(
            1, mp_context=workers.context(), initializer=_start, initargs=(os.getpid(),)
        )
        # The submit that starts the worker, at once: the pool would wait for a first job.
        self.loaded = self.pool.submit(_startup_error)
        self.worker = workers.only_process(self.pool)

    @classmethod
    def start(cls) -> EngineProcess:
        return cls()

    @property
    def pid(self) -> int:
        assert self.worker.pid is not None
        return self.worker.pid

    def ready(self) -> None:
        """Wait for WeasyPrint to load; raise the user's error if it cannot. A worker that
        died first (killed, out of memory) is replaced, and asked once more."""
        try:
            problem = self.loaded.result()
        except BrokenProcessPool:
            self._restart()
            problem = self.loaded.result()
        if problem is not None:
            raise problem.rebuilt()

    def submit(self, job: Job) -> Pending:
        """The job sent to the worker; `result()` waits for its pages."""
        try:
            return Sent(self, self.pool.submit(_lay_out_in_worker, job), job.seconds)
        except BrokenProcessPool:  # the worker died before this job (killed while idle)
            raise self._stopped() from None

    def answer(self, sent: Sent) -> Pages:
        """The worker's answer to a job: its pages, or its error raised here.

        The worker holds the job to the briefing's budget (`_lay_out_in_worker`); should it
        not answer even so (where the kernel offers no timer, on Windows), it is ended once
        the budget and a grace have passed. A worker stopped by the budget is replaced:
        it stopped mid-work, and the next briefing gets a worker that did not.
        """
        try:
            answer = sent.future.result(timeout=sent.seconds + untrusted.GRACE_SECONDS)
        except TimeoutError:
            self._restart()
            raise untrusted.over_budget("time", untrusted.LAYING_OUT) from None
        except BrokenProcessPool:
            raise self._stopped() from None
        if isinstance(answer, ErrorData | Failed):
            error = answer.rebuilt()
            if isinstance(error, OverBudget):
                self._restart()
            raise error
        return answer

    def _stopped(self) -> Exception:
        """The failure of a job whose worker died, told as how it ended; a new worker
        takes its place for the next job."""
        exit_code = self._restart()
        ended = workers.how_it_ended(exit_code)
        stopped = workers.stopped_by_the_budget(exit_code, untrusted.LAYING_OUT)
        if stopped is not None:
            return stopped
        crashed = workers.crashed_in_a_library(exit_code, untrusted.LAYING_OUT)
        if crashed is not None:
            return crashed
        return RemoteFailure(
            f"the PDF engine's process stopped: {ended}",
            f"The PDF engine's process stopped while laying the briefing out: {ended}.\n",
        )

    def _restart(self) -> int | None:
        """Start a new worker in place of the one that stopped; give how that one ended
        (its exit code, once it has ended)."""
        self.close()
        exit_code = self.worker.exitcode
        self._open()
        return exit_code

    def close(self) -> None:
        """End the worker at once: it holds nothing to save, and a command that needed no
        PDF (a mistake in the YAML) must not wait for WeasyPrint to finish loading."""
        self.worker.kill()
        self.pool.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True)
class Sent:
    """A job in the engine's process."""

    engine: EngineProcess
    future: Future[Pages | ErrorData | Failed]
    seconds: float  # the job's time: the engine's process answers within it

    def result(self) -> Pages:
        return self.engine.answer(self)


_startup: ErrorData | None = None  # in the worker: why WeasyPrint cannot load, if it cannot


def _start(parent: int) -> None:
    """The worker's start: end with the parent, leave Ctrl-C to it, and load WeasyPrint."""
    global _startup  # the worker's one state, set once as it starts
    workers.die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to answer
    try:
        font_configuration()  # imports WeasyPrint, and makes the one font configuration
    except BriefgenError as error:
        _startup = ErrorData.of(error)


def _startup_error() -> ErrorData | None:
    return _startup


def _lay_out_in_worker(job: Job) -> Pages | ErrorData | Failed:
    """The job's result, within what is left of the briefing's budget (the kernel's limits:
    briefgen.untrusted); the user's error, going over the budget among them; or, for
    anything else (a bug, or a limit of WeasyPrint such as a RecursionError), the failure
    as text: the worker lives on."""
    if _startup is not None:
        return _startup
    try:
        with untrusted.limited(job.seconds, untrusted.LAYING_OUT):
            return run(job)
    except BriefgenError as error:
        return ErrorData.of(error)
    except Exception as error:  # one briefing's failure, carried back as data
        return Failed.of(error)


__all__ = [
    "IN_PROCESS",
    "Engine",
    "EngineProcess",
    "Job",
    "Pages",
]
