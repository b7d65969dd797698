"""The pipeline: the one walk of briefgen's steps, for a build, a check, the preview's draft
and the answer to a build with nothing to do.

    content/<slug>.yaml ─ load ─> Briefing ─ present ─> view ─ render ─> HTML ─┬─> page, fragment
    briefgen.yaml ─────── config ─┘                                             └─ engine ─> PDF

`Pipeline` is the only place that knows the order of the steps; what each step does is
`briefgen.steps.Steps`'s (one method a step), for the project of the build:

    unchanged  plan (incremental.Plan: is anything stale?): the answer to a build with
               nothing to do, from the output folder's hashes alone
    build      plan ─> each stale briefing (build_many) ─> the index
    build_one  load ─> bound ─> present ─> print job ─> [the engine lays it out, while:
               review ─> what the web outputs need] ─> hold_to_budget ─> render ─> write
    check_one  the same, up to hold_to_budget: a build that writes nothing
    draft      load ─> bound ─> review ─> present ─> the web page and the fragment, with the
               last build's sizes: what the preview shows of a save before its PDF

This module imports only what those need to decide (the plan, the outcomes, the crash
log, the workers); `Steps` and every stage it uses are imported when a briefing is first
built, checked or drafted, so that the command line answers a build with nothing to do
without loading pydantic, Jinja or WeasyPrint.

The engine (briefgen.engine.process) runs in this process, or in one of its own that the
command line starts early so that WeasyPrint loads while the rest of briefgen does; a
parallel build gives each worker process a Pipeline of its own. It never prints: it
returns what it did, and reports each briefing through a progress callback as it
finishes. A briefing's failure is its outcome, never the build's: the user's mistake as
it stands, anything unexpected a `Crash`, logged.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen import untrusted
from briefgen.crashes import CRASH_LOG_NAME, CrashLog, ErrorData, crash_of
from briefgen.engine.workers import (
    context,
    crashed_in_a_library,
    die_with,
    only_process,
    stopped_by_the_budget,
)
from briefgen.errors import BriefgenError, Crash, OverBudget
from briefgen.outcomes import DEFAULT_OPTIONS, Options, Outcome, Progress, Report
from briefgen.paths import content_sources, shown_path, slug_of_file
from briefgen.publish.incremental import Manifest, Plan
from briefgen.publish.outputs import locked

if TYPE_CHECKING:
    from briefgen.collect.collection import Collection
    from briefgen.collect.collection import Progress as CollectProgress
    from briefgen.content.config import Project
    from briefgen.engine.process import Engine
    from briefgen.render.renderer import Renderer
    from briefgen.steps import Prepared, Steps


def build(
    project: Project,
    files: Sequence[Path] = (),
    progress: Progress | None = None,
    options: Options = DEFAULT_OPTIONS,
    engine: Engine | None = None,
) -> Report:
    """Build every briefing named (or all of content/), then the index: `Pipeline.build`."""
    return Pipeline.start(project, options, engine).build(files, progress)


def check(
    project: Project,
    files: Sequence[Path] = (),
    progress: Progress | None = None,
    options: Options = DEFAULT_OPTIONS,
    engine: Engine | None = None,
) -> Report:
    """Check every briefing named (or all of content/), writing nothing: `Pipeline.check`."""
    return Pipeline.start(project, options, engine).check(files, progress)


@dataclass(frozen=True)
class Ahead:
    """The first briefing of a build, prepared ahead, and the inputs it was prepared from."""

    source: Path
    inputs: str  # the hash of what it is made from (incremental.Plan)
    prepared: Prepared | Exception  # or why it could not be

    def still_valid(self, plan: Plan) -> dict[Path, Prepared | Exception]:
        """It, if the build's plan, made under the lock, finds the same inputs."""
        if plan.inputs.get(self.source) != self.inputs:
            return {}
        return {self.source: self.prepared}


@dataclass(frozen=True)
class Draft:
    """A briefing's web page and fragment, rendered in memory from its latest save while
    its PDF is laid out (the preview's), or the mistakes that stop it (`outcome.error`)."""

    outcome: Outcome
    page: str = ""
    fragment: str = ""


@dataclass(frozen=True)
class Collected:
    """What `briefgen collect` did: every file's treatment and the returns read, and the
    reports written."""

    collection: Collection
    written: list[Path]


@dataclass(frozen=True)
class Pipeline:
    """The order of the steps, for one project's build, check or preview."""

    steps: Steps

    @classmethod
    def start(
        cls, project: Project, options: Options = DEFAULT_OPTIONS, engine: Engine | None = None
    ) -> Pipeline:
        """The project's pipeline, its steps imported now (see the module's note); its brand
        colours are checked once, here, for every briefing."""
        from briefgen.steps import Steps  # noqa: PLC0415 (every stage: see the module's note)

        return cls(Steps.start(project, options, engine))

    @property
    def project(self) -> Project:
        return self.steps.project

    @property
    def renderer(self) -> Renderer:
        return self.steps.renderer

    @property
    def options(self) -> Options:
        return self.steps.options

    @property
    def engine(self) -> Engine:
        return self.steps.engine

    # --- A build with nothing to do -------------------------------------------------------

    @staticmethod
    def plan(root: Path, files: Sequence[Path], options: Options, output: Path) -> Plan:
        """The first step of a build, as the command line takes it before anything else is
        imported: what is stale, from the output folder's manifest (read without pydantic:
        `Manifest.glance`) and the files' hashes alone. The build takes it again, under
        the output folder's lock."""
        sources = content_sources(root, files)
        return Plan.make(Manifest.glance(output), root, sources, options)

    @staticmethod
    def unchanged(plan: Plan, root: Path, options: Options) -> Report | None:
        """The report of a build with nothing to do, or None if there is something. With
        `strict`, what the last build told of the settings must become an error, which
        only the build can do: then None too."""
        if not plan.done or (options.strict and plan.manifest.notices):
            return None
        outcomes = [plan.unchanged(source, shown_path(source, root)) for source in plan.inputs]
        index = plan.manifest.path.parent / "index.html"
        return Report(outcomes, index, list(plan.manifest.notices))

    # --- A build and a check ----------------------------------------------------------------

    def build(self, files: Sequence[Path] = (), progress: Progress | None = None) -> Report:
        """Build every briefing named (or all of content/), then the index.

        A bad briefing is reported in its outcome and does not stop the others. A
        briefing whose inputs have not changed since its last good build is skipped
        (unless `options.force`); the others are built across the machine's cores.
        """
        steps = self.steps
        sources = steps.sources(files)
        notices = steps.notices(sources)
        ahead = self.prepare_ahead(sources)
        self.engine.ready()  # a missing system library is told once, before anything is written
        log = CrashLog(self.project.output / CRASH_LOG_NAME, self.project.relative)
        progress = _logging_crashes(log, progress)
        with locked(self.project.output):
            manifest, withdrawn = steps.open_output(sources, withdrawing=not files)
            plan = Plan.make(manifest, self.project.root, sources, self.options)
            outcomes = {
                source: _report(progress, plan.unchanged(source, self.project.relative(source)))
                for source in plan.fresh
            }
            prepared = ahead.still_valid(plan) if ahead else {}
            for source, outcome in self.build_many(plan.stale, progress, prepared):
                plan.record(source, outcome)
                outcomes[source] = outcome
            notices += steps.update_index(plan)
            manifest.notices = notices
            manifest.save()
        index = self.project.output / "index.html"
        told = [*notices, *([manifest.set_aside] if manifest.set_aside else [])]
        return Report([outcomes[source] for source in sources], index, told, withdrawn)

    def check(self, files: Sequence[Path] = (), progress: Progress | None = None) -> Report:
        """Check every briefing named (or all of content/), laid out on its pages; write
        nothing.

        No `engine.ready()` here: a briefing with a mistake in its YAML is told at once,
        without waiting for WeasyPrint to load. Nor is the log of unexpected failures
        written in the project: it goes to the temporary folder.
        """
        sources = self.steps.sources(files)
        notices = self.steps.notices(sources)
        progress = _logging_crashes(CrashLog(None, self.project.relative), progress)
        outcomes = [_report(progress, self.check_one(source)) for source in sources]
        return Report(outcomes, notices=notices)

    def prepare_ahead(self, sources: Sequence[Path]) -> Ahead | None:
        """The first briefing to build, prepared while the engine's process still loads
        WeasyPrint (a quarter of a second of a cold build otherwise spent waiting). Nothing is
        written: the build takes it, under the output folder's lock, only if its inputs
        are still those it was prepared from."""
        if not self.engine.separate:
            return None  # WeasyPrint loads in this process: nothing to overlap
        manifest = Manifest.load(self.project.output)
        manifest.logo = self.steps.logo_path()  # as open_output will, for the same hashes
        manifest.logos = self.steps.logo_paths()
        plan = Plan.make(manifest, self.project.root, sources, self.options)
        if not plan.stale:
            return None
        source = plan.stale[0]
        try:
            prepared: Prepared | Exception = self.steps.prepare(source, write=True)
        except Exception as error:  # told in its place, as the build reaches the briefing
            prepared = error
        return Ahead(source, plan.inputs[source], prepared)

    def build_many(
        self,
        sources: Sequence[Path],
        progress: Progress | None,
        prepared: dict[Path, Prepared | Exception] | None = None,
    ) -> Iterator[tuple[Path, Outcome]]:
        """Build briefings, in worker processes when there are several and more than one core."""
        jobs = min(self.options.jobs or os.cpu_count() or 1, len(sources))
        if jobs <= 1:
            for source in sources:
                outcome = self.build_one(source, (prepared or {}).get(source))
                yield source, _report(progress, outcome)
            return
        self.steps.load_the_engine()  # imported once here, for every worker
        unfinished = list(sources)
        with self._pool(jobs) as pool:
            futures = {pool.submit(_build_in_worker, source): source for source in sources}
            for future in as_completed(futures):
                source = futures[future]
                try:
                    outcome = _received(*future.result())
                except BrokenProcessPool:
                    continue  # a worker died: built again below, one by one
                unfinished.remove(source)
                yield source, _report(progress, outcome)
        # A worker that dies (killed, out of memory, a crash in a library) breaks the whole
        # pool, and which briefing killed it is unknown: each briefing left is built again in
        # a process of its own, so that only the one that kills its process fails.
        for source in unfinished:
            yield source, _report(progress, self._build_alone(source))

    def _pool(self, jobs: int) -> ProcessPoolExecutor:
        """Forked workers inherit what this process has imported (spawned ones import it);
        each keeps its font configuration, in its own Pipeline, for every briefing it builds."""
        return ProcessPoolExecutor(
            jobs,
            mp_context=context(),
            initializer=_start_worker,
            initargs=(self.project, self.options, os.getpid()),
        )

    def _build_alone(self, source: Path) -> Outcome:
        with self._pool(1) as pool:
            future = pool.submit(_build_in_worker, source)
            worker = only_process(pool)
            try:
                return _received(*future.result())
            except BrokenProcessPool as error:
                return self._stopped(source, worker.exitcode, error)

    def _stopped(self, source: Path, exitcode: int | None, error: BaseException) -> Outcome:
        """The outcome of a briefing whose process stopped: its budget's, a library's, or a
        kill's, as the exit code says."""
        shown = self.project.relative(source)
        stopped = stopped_by_the_budget(exitcode, untrusted.BUILDING)
        if stopped is not None:  # its work ran on past the budget
            return Outcome(
                shown, slug_of_file(source), error=self.steps.over_budget(stopped, shown)
            )
        crashed = crashed_in_a_library(exitcode, untrusted.BUILDING)
        if crashed is not None:
            return Outcome(shown, slug_of_file(source), error=crashed)
        summary = "the process building it stopped: it was killed, or ran out of memory"
        details = "".join(traceback.format_exception(error))
        return Outcome(shown, slug_of_file(source), error=Crash(shown, summary, details))

    # --- One briefing -----------------------------------------------------------------------

    def build_one(self, source: Path, prepared: Prepared | Exception | None = None) -> Outcome:
        """Load, review, lay out, render and write one briefing; its failure is its outcome.
        `prepared`: how far it got ahead (`prepare_ahead`), if it did."""
        return self._attempt(source, write=True, prepared=prepared)

    def check_one(self, source: Path) -> Outcome:
        """A build of one briefing that writes nothing: it stops once its pages are measured."""
        return self._attempt(source, write=False)

    def _attempt(
        self, source: Path, *, write: bool, prepared: Prepared | Exception | None = None
    ) -> Outcome:
        outcome = Outcome(self.project.relative(source), slug_of_file(source))
        try:
            if isinstance(prepared, Exception):
                raise prepared
            self._follow(source, outcome, write=write, prepared=prepared)
        except Exception as error:
            outcome.error = self._failure(error, outcome.source)
        return outcome

    def _failure(self, error: Exception, shown: Path) -> BriefgenError:
        """A briefing's failure as its outcome tells it: the project's work past the
        briefing's budget, the user's mistake as it stands, anything else a bug or an
        engine's limit (a `Crash`): this briefing fails, no other."""
        if isinstance(error, OverBudget):
            return self.steps.over_budget(error, shown)
        if isinstance(error, BriefgenError):
            return error
        if untrusted.memory_spent():  # in a worker, at the kernel's limit: the budget's
            spent = untrusted.over_budget("memory", untrusted.BUILDING)
            return self.steps.over_budget(spent, shown)
        return crash_of(error, shown)

    def _follow(
        self, source: Path, outcome: Outcome, *, write: bool, prepared: Prepared | None = None
    ) -> None:
        """The story of one briefing, told into its outcome as it goes, within its budget:
        what is left of it, if it was prepared ahead (`prepare_ahead`)."""
        left = untrusted.SECONDS - (prepared.spent if prepared else 0.0)
        with untrusted.allowance(untrusted.Allowance.start(left)):
            self._follow_within_budget(source, outcome, write=write, prepared=prepared)

    def _follow_within_budget(
        self, source: Path, outcome: Outcome, *, write: bool, prepared: Prepared | None
    ) -> None:
        steps = self.steps
        prepared = prepared or steps.prepare(source, write=write)
        sent = self.engine.submit(prepared.job)
        # Reviewed while the engine lays it out; a mistake found drops the layout unread.
        outcome.warnings = steps.review(prepared.loaded)
        record = steps.ready_the_web(prepared.view) if write else None
        pages = sent.result()
        outcome.warnings += steps.hold_to_budget(prepared.loaded, pages)
        outcome.pages = pages.measure.pages
        if isinstance(record, Exception):
            raise record
        if record is not None:
            bilingual = steps.bilingual(prepared)
            outcome.written = steps.write(steps.render(prepared.view, pages, record, bilingual))
            outcome.listing = steps.listing(prepared.view)

    # --- The returned records ------------------------------------------------------------------

    def collect(
        self, folder: Path, progress: CollectProgress | None = None, today: dt.date | None = None
    ) -> Collected:
        """Read the returned discussion records in `folder` and write what they show:

            briefings of content/ (known_briefings) ─> each file of the folder treated
            (read_returns: gate ─> package ─> record ─> matched ─> guard) ─> the impact
            report (write_report: the page, and the PDF by the engine) ─> the tables

        One file's failure is its treatment, never the others'."""
        steps = self.steps
        briefings = steps.known_briefings()
        collection = steps.read_returns(folder, briefings, progress)
        today = today or dt.date.today()
        written = steps.write_report(collection, briefings, today)
        written += steps.write_tables(collection, today)
        return Collected(collection, written)

    # --- The preview's draft ------------------------------------------------------------------

    def draft(self, source: Path, pdf_size: str, record_size: str | None) -> Draft:
        """One briefing's web page and fragment from its latest save, before its PDF: the
        same steps as a build, up to the review, then the web outputs with the sizes of the
        last PDF and record built. Its mistakes are its outcome's error, as in a build."""
        outcome = Outcome(self.project.relative(source), slug_of_file(source))
        steps = self.steps
        try:
            with untrusted.allowance():
                loaded = steps.read(source)
                outcome.warnings = steps.review(loaded)
                view = steps.present(loaded, outcome.slug)
                page = self.renderer.render_page(view, pdf_size, record_size)
                fragment = self.renderer.render_fragment(view, pdf_size, record_size)
        except Exception as error:
            outcome.error = self._failure(error, outcome.source)
            return Draft(outcome)
        return Draft(outcome, page, fragment)


# --- A parallel build's worker process: one Pipeline, made once ----------------------------

_worker: Pipeline | None = None


def _start_worker(project: Project, options: Options, parent: int) -> None:
    global _worker  # one pipeline a worker process, made once
    # An orphaned worker would hold the output folder's lock, inherited, for ever.
    die_with(parent)
    from briefgen.steps import Steps  # noqa: PLC0415 (forked: already imported by its parent)

    _worker = Pipeline(Steps.in_worker(project, options))


def _build_in_worker(source: Path) -> tuple[Outcome, ErrorData | None]:
    """The briefing's outcome, built within its budget (the kernel's limits on this worker:
    briefgen.untrusted); its error sent apart as data: exceptions are not pickled."""
    assert _worker is not None
    shown = _worker.project.relative(source)
    try:
        with untrusted.limited(untrusted.SECONDS, untrusted.BUILDING):
            outcome = _worker.build_one(source)
    except OverBudget as stopped:  # the time ran out as the briefing's work ended
        outcome = Outcome(
            shown, slug_of_file(source), error=_worker.steps.over_budget(stopped, shown)
        )
    error, outcome.error = outcome.error, None
    return outcome, None if error is None else ErrorData.of(error)


def _received(outcome: Outcome, error: ErrorData | None) -> Outcome:
    outcome.error = None if error is None else error.rebuilt()
    return outcome


def _logging_crashes(log: CrashLog, progress: Progress | None) -> Progress:
    """Report each outcome, an unexpected failure's traceback saved first in `log`."""

    def report(outcome: Outcome) -> None:
        if isinstance(outcome.error, Crash):
            log.keep(outcome.error)
        if progress:
            progress(outcome)

    return report


def _report(progress: Progress | None, outcome: Outcome) -> Outcome:
    if progress:
        progress(outcome)
    return outcome


__all__ = [
    "Ahead",
    "Collected",
    "Draft",
    "Pipeline",
    "build",
    "check",
]
