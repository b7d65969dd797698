"""The pipeline: one briefing's story, and a build's, told by `Pipeline`'s methods.

    content/<slug>.yaml ─ load ─> Briefing ─ present ─> view ─ render ─> HTML ─┬─> page, fragment
    briefgen.yaml ─────── config ─┘                                             └─ engine ─> PDF

A `Pipeline` holds what every briefing of a build shares (the project, its renderer,
the options and the PDF engine), and its methods follow the story in order:

    build      plan (incremental.Plan: which briefings are stale) ─> build_many ─> the index
    build_one  load ─> bound ─> present ─> lay_out ─> hold_to_budget ─> render ─> write
               (review runs while the engine lays the briefing out)
    check_one  the same, up to hold_to_budget: a build that writes nothing

Each stage hands the next what it made: a `Loaded` briefing, its view, its `Pages`
(laid out and measured by the engine, with the PDF), its `Outputs` (every file, in
memory), and the paths written. The engine (briefgen.engine.process) runs in this process,
or in one of its own that the command line starts early so that WeasyPrint loads
while the rest of briefgen does; a parallel build gives each worker process a
Pipeline of its own.

It never prints: it returns what it did, and reports each briefing through a
progress callback as it finishes. A briefing's failure is its outcome, never the
build's: the user's mistake as it stands, anything unexpected a `Crash`, logged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import traceback
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from briefgen import untrusted
from briefgen.content.config import Project, pdf_folder_address
from briefgen.content.load import Loaded, load_briefing
from briefgen.crashes import CRASH_LOG_NAME, CrashLog, ErrorData, crash_of
from briefgen.engine.accessibility import link_descriptions
from briefgen.engine.budget import FIT_STEPS, assess
from briefgen.engine.pdf import require_weasyprint
from briefgen.engine.process import IN_PROCESS, Engine, InProcess, Job, Pages
from briefgen.engine.workers import (
    context,
    crashed_in_a_library,
    die_with,
    only_process,
    stopped_by_the_budget,
)
from briefgen.errors import BriefgenError, ContentError, Crash, Mistake, OverBudget, Problem
from briefgen.gate import write_atomically, write_files_atomically
from briefgen.names import file_size, pdf_name, preview_name, proof_name, record_name
from briefgen.outcomes import DEFAULT_OPTIONS, Options, Outcome, Progress, Report
from briefgen.paths import (
    MAX_SLUG_LENGTH,
    SLUG,
    builtin_theme,
    content_sources,
    escape_controls,
    readable_roots,
    theme_folders,
    twin_of,
)
from briefgen.publish.feeds import SITE_FILES, site_files
from briefgen.publish.incremental import Manifest, Plan
from briefgen.publish.library import library_entries
from briefgen.publish.outputs import locked, remove_leftovers, remove_outputs
from briefgen.publish.proof import ProofTooLarge, load_rasteriser, preview_image, proof_images
from briefgen.publish.record import discussion_record
from briefgen.render.assets import find_text
from briefgen.render.library_pages import FILTER_PAGE, Library
from briefgen.render.meta import PREVIEW_HEIGHT, PREVIEW_WIDTH
from briefgen.render.present import BriefingView
from briefgen.render.present import present as present_briefing
from briefgen.render.renderer import Renderer
from briefgen.render.style import check_contrast
from briefgen.review.checks import check_briefing, strictly
from briefgen.review.fonts import print_fonts
from briefgen.review.limits import check_limits
from briefgen.review.overrides import unused_overrides


def build(
    project: Project,
    files: Sequence[Path] = (),
    progress: Progress | None = None,
    options: Options = DEFAULT_OPTIONS,
    engine: Engine = IN_PROCESS,
) -> Report:
    """Build every briefing named (or all of content/), then the index: `Pipeline.build`."""
    return Pipeline.start(project, options, engine).build(files, progress)


def check(
    project: Project,
    files: Sequence[Path] = (),
    progress: Progress | None = None,
    options: Options = DEFAULT_OPTIONS,
    engine: Engine = IN_PROCESS,
) -> Report:
    """Check every briefing named (or all of content/), writing nothing: `Pipeline.check`."""
    return Pipeline.start(project, options, engine).check(files, progress)


@dataclass(frozen=True)
class Outputs:
    """Every file of one briefing, in memory: nothing is written until all of it worked."""

    slug: str
    files: dict[str, bytes]  # file name to bytes


@dataclass(frozen=True)
class Prepared:
    """One briefing up to the engine: read, bounded, presented, its print HTML made. It is
    reviewed (`Pipeline.review`) while the engine lays it out."""

    loaded: Loaded
    view: BriefingView
    job: Job
    spent: float = 0.0  # seconds of the briefing's budget spent preparing it (untrusted)


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
class Pipeline:
    """What every briefing of a build or check shares, and the stages it goes through."""

    project: Project
    renderer: Renderer
    options: Options = DEFAULT_OPTIONS
    engine: Engine = IN_PROCESS

    @classmethod
    def start(
        cls, project: Project, options: Options = DEFAULT_OPTIONS, engine: Engine = IN_PROCESS
    ) -> Pipeline:
        """The project's pipeline; its brand colours are checked once, here, for every
        briefing: text they make too faint fails the build before anything is built."""
        renderer = Renderer(project)
        check_contrast(renderer.palette)
        return cls(project, renderer, options, engine)

    # --- A build and a check ----------------------------------------------------------------

    def build(self, files: Sequence[Path] = (), progress: Progress | None = None) -> Report:
        """Build every briefing named (or all of content/), then the index.

        A bad briefing is reported in its outcome and does not stop the others. A
        briefing whose inputs have not changed since its last good build is skipped
        (unless `options.force`); the others are built across the machine's cores.
        """
        sources = find_sources(self.project, files)
        notices = setting_notices(self.project, sources, strict=self.options.strict)
        ahead = self.prepare_ahead(sources)
        self.engine.ready()  # a missing system library is told once, before anything is written
        log = CrashLog(self.project.output / CRASH_LOG_NAME, self.project.relative)
        progress = _logging_crashes(log, progress)
        with locked(self.project.output):
            manifest, withdrawn = self.open_output(sources, withdrawing=not files)
            plan = Plan.make(manifest, self.project.root, sources, self.options)
            outcomes = {
                source: _report(progress, plan.unchanged(source, self.project.relative(source)))
                for source in plan.fresh
            }
            prepared = ahead.still_valid(plan) if ahead else {}
            for source, outcome in self.build_many(plan.stale, progress, prepared):
                plan.record(source, outcome)
                outcomes[source] = outcome
            notices += self.update_index(plan)
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
        sources = find_sources(self.project, files)
        notices = setting_notices(self.project, sources, strict=self.options.strict)
        progress = _logging_crashes(CrashLog(None, self.project.relative), progress)
        outcomes = [_report(progress, self.check_one(source)) for source in sources]
        return Report(outcomes, notices=notices)

    def open_output(
        self, sources: Sequence[Path], *, withdrawing: bool
    ) -> tuple[Manifest, list[str]]:
        """The output folder's manifest, the folder claimed as briefgen's and cleared of
        what a killed build left; with `withdrawing` (a build of all of content/), the
        briefings whose file is gone are withdrawn. The logo is the settings' from now on."""
        output = self.project.output
        manifest = Manifest.load(output)
        manifest.claim()
        remove_leftovers(output, [*manifest.entries, *(source.stem for source in sources)])
        withdrawn = withdraw(self.project, manifest, sources) if withdrawing else []
        manifest.logo = self.logo_path()
        return manifest, withdrawn

    def logo_path(self) -> str | None:
        """The logo as the settings name it: the manifest keeps it, to hash the logo by."""
        logo = self.project.config.partnership.logo
        return logo.file if logo else None

    def prepare_ahead(self, sources: Sequence[Path]) -> Ahead | None:
        """The first briefing to build, prepared while the engine's process still loads
        WeasyPrint (a quarter of a second of a cold build otherwise spent waiting). Nothing is
        written: the build takes it, under the output folder's lock, only if its inputs
        are still those it was prepared from."""
        if isinstance(self.engine, InProcess):
            return None  # WeasyPrint loads in this process: nothing to overlap
        manifest = Manifest.load(self.project.output)
        manifest.logo = self.logo_path()  # as open_output will, for the same hashes
        plan = Plan.make(manifest, self.project.root, sources, self.options)
        if not plan.stale:
            return None
        source = plan.stale[0]
        try:
            prepared: Prepared | Exception = self.prepare(source, write=True)
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
        require_weasyprint()  # imported once here, for every worker
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
                shown = self.project.relative(source)
                stopped = stopped_by_the_budget(worker.exitcode, untrusted.BUILDING)
                if stopped is not None:  # its work ran on past the budget
                    return Outcome(shown, source.stem, error=self.over_budget(stopped, shown))
                crashed = crashed_in_a_library(worker.exitcode, untrusted.BUILDING)
                if crashed is not None:
                    return Outcome(shown, source.stem, error=crashed)
                summary = "the process building it stopped: it was killed, or ran out of memory"
                details = "".join(traceback.format_exception(error))
                return Outcome(shown, source.stem, error=Crash(shown, summary, details))

    def update_index(self, plan: Plan) -> list[str]:
        """Write the index (last), unless nothing it lists or looks like has changed; either
        way, what the build says of the library (filters left without a page)."""
        library = Library.of(library_entries(self.project, plan.manifest))
        if plan.stale or not plan.index_is_current():
            self.write_library(library, plan.manifest)
            plan.manifest.index = plan.index_state()
        return library.notices()

    def write_index(self, manifest: Manifest) -> Path:
        """The landing page: every briefing of content/ that has outputs, newest first.

        Each is listed as its last good build made it, so a briefing whose latest edit
        failed stays listed with the outputs that are still published.
        """
        return self.write_library(Library.of(library_entries(self.project, manifest)), manifest)

    def write_library(self, library: Library, manifest: Manifest) -> Path:
        """The index, its filter pages, its fragment and the feeds, from `library`."""
        files = {name: html.encode() for name, html in self.renderer.render_library(library)}
        files |= site_files(list(library.entries), self.project.config)
        for name, data in files.items():
            write_atomically(self.project.output / name, data)
        remove_stale_library_files(self.project.output, manifest.library, files)
        for name in set(SITE_FILES) - set(files):  # a feed left from when site.url was set
            (self.project.output / name).unlink(missing_ok=True)
        manifest.library = sorted(files)
        return self.project.output / "index.html"

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
        outcome = Outcome(self.project.relative(source), source.stem)
        try:
            if isinstance(prepared, Exception):
                raise prepared
            self._follow(source, outcome, write=write, prepared=prepared)
        except OverBudget as error:  # the project's work past the briefing's budget
            outcome.error = self.over_budget(error, outcome.source)
        except BriefgenError as error:
            outcome.error = error
        except Exception as error:  # a bug or an engine's limit: this briefing fails, no other
            if untrusted.memory_spent():  # in a worker, at the kernel's limit: the budget's
                spent = untrusted.over_budget("memory", untrusted.BUILDING)
                outcome.error = self.over_budget(spent, outcome.source)
            else:
                outcome.error = crash_of(error, outcome.source)
        return outcome

    def over_budget(self, error: OverBudget, shown: Path) -> Mistake:
        """Going over the budget, told with the briefing and the project's own templates,
        layouts and style sheets that did the work: those are what to look at."""
        own = [str(self.renderer.shown(file)) for file in self.renderer.own_template_files]
        used = f"; the project's own templates: {', '.join(own)}" if own else ""
        return Mistake(f"{shown}: {error.message}{used}", error.fix)

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
        prepared = prepared or self.prepare(source, write=write)
        sent = self.engine.submit(prepared.job)
        # Reviewed while the engine lays it out; a mistake found drops the layout unread.
        outcome.warnings = self.review(prepared.loaded)
        record = self.ready_the_web(prepared.view) if write else None
        pages = sent.result()
        outcome.warnings += self.hold_to_budget(prepared.loaded, pages)
        outcome.pages = pages.measure.pages
        if isinstance(record, Exception):
            raise record
        if record is not None:
            outcome.written = self.write(self.render(prepared.view, pages, record))
            outcome.listing = listing_of(prepared.view)

    def ready_the_web(self, view: BriefingView) -> bytes | Exception:
        """What the web outputs need that does not wait for the PDF, made while the engine
        lays it out: the discussion record (whose size their links give), their templates
        compiled, PDFium for the preview image, and the library's templates for the index.
        The web outputs themselves give the PDF's size, so they are made once it exists.
        A failure is kept, to be told after the engine's and the page budget's: the first
        mistake a user sees is the same whatever runs at the same time."""
        try:
            record = self.discussion_record(view)
        except Exception as error:  # raised in its turn, by _follow
            return error
        self.renderer.preload_web()
        if self.project.config.site.url is not None:
            load_rasteriser()  # for the preview image
        self.renderer.preload_library()  # for the index, written last
        return record

    def prepare(self, source: Path, *, write: bool) -> Prepared:
        """Everything the engine needs: load, bound, present, and the print HTML. The
        review waits (`_follow` runs it while the engine works), except where the
        templates fail: a mistake in the briefing is told before one in the templates."""
        loaded = self.load(source)
        self.bound(loaded)
        with untrusted.allowance() as allowance:
            try:
                view = self.present(loaded, source.stem)
                job = self.print_job(loaded, view, write=write)
            except Exception:
                self.review(loaded)
                raise
            return Prepared(loaded, view, job, allowance.spent())

    def load(self, source: Path) -> Loaded:
        """Read one briefing file and validate it: a file named as a briefing can be, and
        inside the project (the gate refuses a link out of it)."""
        shown = self.project.relative(source)
        slug = slug_of(source, shown)
        twin = twin_of(source)
        if twin is not None:
            raise Mistake(
                f"{shown} and {self.project.relative(twin)} are two files of one briefing, "
                f"{slug}: both would be built into its one folder of the outputs",
                "keep one of them: delete the other, or rename it to name another briefing",
            )
        return load_briefing(source, shown, within=[self.project.root])

    def bound(self, loaded: Loaded) -> None:
        """The bounds on the text and its markup, before anything else: they keep the
        templates, the checks and the layout of a pathological briefing from running for
        minutes."""
        beyond = check_limits(loaded)
        if beyond:
            raise ContentError(beyond)

    def review(self, loaded: Loaded) -> list[Problem]:
        """The content checks' warnings; errors (or, with `strict`, any finding) raise. The
        briefing is bounded first (`bound`)."""
        problems = check_briefing(
            loaded,
            self.project.config,
            fonts=self.print_fonts,
            folders=[self.project.templates],
            briefings=self.briefing_names,
        )
        if self.options.strict:
            problems = strictly(problems)
        if any(problem.severity == "error" for problem in problems):
            raise ContentError(problems)
        return problems

    @cached_property
    def print_fonts(self) -> tuple[Path, ...]:
        """The theme's fonts, found once for every briefing the pipeline reviews."""
        return print_fonts(theme_folders(self.project.root))

    @cached_property
    def briefing_names(self) -> set[str]:
        """The names of content/'s briefings (a `replaces:` must name one), read once."""
        return {source.stem for source in content_sources(self.project.root, ())}

    def present(self, loaded: Loaded, slug: str) -> BriefingView:
        """The briefing as the templates see it; a logo it gives its own partnership is
        checked here, as the settings' logos are before any briefing."""
        view = present_briefing(
            loaded.briefing, slug, self.project.config, [self.project.templates]
        )
        self.renderer.check_own_logo(view, loaded.document)
        return view

    def lay_out(self, loaded: Loaded, view: BriefingView, *, write: bool = True) -> Pages:
        """Lay the briefing out as A4 pages, measure them against its page budget, and
        (with `write`) make its PDF."""
        return self.engine.submit(self.print_job(loaded, view, write=write)).result()

    def print_job(self, loaded: Loaded, view: BriefingView, *, write: bool = True) -> Job:
        """What the engine lays out: the print HTML (one version a fit step: with
        `fit: true`, the engine tries the theme's fit steps in turn until it fits)."""
        steps = range(len(FIT_STEPS) + 1) if loaded.briefing.fit else range(1)
        date = iso_timestamp(pinned_epoch(view.published))
        renderer = self.renderer
        return Job(
            htmls=tuple(renderer.render_print(view, pinned_date=date, fit_step=s) for s in steps),
            stylesheet=renderer.print_stylesheet,
            base=self.project.root,
            allowed=tuple(readable_roots(self.project.root)),
            templates=tuple(renderer.template_files),
            budget=loaded.briefing.page_budget or self.project.config.page_budget,
            links=link_descriptions(view),
            write=write,
            allow_overflow=self.options.allow_overflow,
            seconds=untrusted.remaining(),
            briefing=loaded.document.file,
        )

    def hold_to_budget(self, loaded: Loaded, pages: Pages) -> list[Problem]:
        """The page budget's notes (which fit step it took, a sparse last page); over the
        budget, an error, unless `allow_overflow` makes it a warning."""
        allowed = self.options.allow_overflow
        return assess(loaded.document.file, pages.measure, pages.step, allow_overflow=allowed)

    def discussion_record(self, view: BriefingView) -> bytes:
        """The team discussion record, dated as the PDF is."""
        return discussion_record(view, self.project.config, pinned_epoch(view.published))

    def render(self, view: BriefingView, pages: Pages, record: bytes | None = None) -> Outputs:
        """Every output of one briefing, in memory: the PDF, the team discussion record (made
        here unless `ready_the_web` made it), the web page and the fragments, (with
        `site.url`) the image a link to it shows, and (with `proof`) an image of each page."""
        pdf = pages.pdf
        assert pdf is not None, "hold_to_budget refuses a briefing over budget unless allowed"
        record = self.discussion_record(view) if record is None else record
        web = self.renderer.render_web(view, file_size(len(pdf)), file_size(len(record)))
        files = {pdf_name(view.slug): pdf, record_name(view.slug): record}
        files |= {name: html.encode() for name, html in web.items()}
        if self.project.config.site.url is not None:  # og:image needs an absolute address
            files[preview_name(view.slug)] = preview_image(pdf, PREVIEW_WIDTH, PREVIEW_HEIGHT)
        if self.options.proof:
            files |= self.proofs(pdf)
        return Outputs(view.slug, files)

    def proofs(self, pdf: bytes) -> dict[str, bytes]:
        """An image of each page of the PDF (`--proof`), by file name; refused, before any
        is drawn, where the templates' page size would make too many pixels."""
        try:
            with untrusted.step(untrusted.DRAWING_PROOFS):
                images = proof_images(pdf)
        except ProofTooLarge as error:
            renderer = self.renderer
            found = find_text("@page", renderer.own_template_files) or find_text(
                "@page", renderer.template_files
            )
            where = f"{renderer.shown(found.file)}, line {found.line}: " if found else ""
            raise Mistake(
                f"{where}--proof: {error}",
                "a proof shows a page on screen: give @page a paper size (A4, A3, letter), "
                "or build without --proof",
            ) from None
        return {proof_name(number): image for number, image in enumerate(images, 1)}

    def write(self, outputs: Outputs) -> list[Path]:
        """Write the briefing's folder: all of its files, or none if one cannot be written."""
        return write_files_atomically(self.project.output / outputs.slug, outputs.files)


# --- A parallel build's worker process: one Pipeline, made once ----------------------------

_worker: Pipeline | None = None


def _start_worker(project: Project, options: Options, parent: int) -> None:
    global _worker  # one pipeline a worker process, made once
    # An orphaned worker would hold the output folder's lock, inherited, for ever.
    die_with(parent)
    _worker = Pipeline(project, Renderer(project), options)


def _build_in_worker(source: Path) -> tuple[Outcome, ErrorData | None]:
    """The briefing's outcome, built within its budget (the kernel's limits on this worker:
    briefgen.untrusted); its error sent apart as data: exceptions are not pickled."""
    assert _worker is not None
    shown = _worker.project.relative(source)
    try:
        with untrusted.limited(untrusted.SECONDS, untrusted.BUILDING):
            outcome = _worker.build_one(source)
    except OverBudget as stopped:  # the time ran out as the briefing's work ended
        outcome = Outcome(shown, source.stem, error=_worker.over_budget(stopped, shown))
    error, outcome.error = outcome.error, None
    return outcome, None if error is None else ErrorData.of(error)


def _received(outcome: Outcome, error: ErrorData | None) -> Outcome:
    outcome.error = None if error is None else error.rebuilt()
    return outcome


# --- What a build shares with the command line and the preview -----------------------------


def setting_notices(project: Project, sources: Sequence[Path], *, strict: bool) -> list[str]:
    """What the settings and the project's templates leave out of every briefing, told
    once a build rather than once a briefing; with `strict`, an error before anything is
    built."""
    found = [
        *_missing_pdf_address(project, sources),
        *_missing_record_address(project, sources),
        *_missing_site_address(project, sources),
        *_unused_templates(project),
    ]
    if strict and found:
        raise Mistake("; ".join(message for message, _ in found), found[0][1])
    return [f"{message}. Fix: {fix}." for message, fix in found]


def _missing_pdf_address(project: Project, sources: Sequence[Path]) -> list[tuple[str, str]]:
    """Without `fragment.pdf_base_url` the fragments have no download link: a link relative
    to the fragment would lead nowhere once the fragment is pasted into the website."""
    if not sources or pdf_folder_address(project.config) is not None:
        return []
    message = (
        "briefgen.yaml: fragment.pdf_base_url is not set, so the fragments have no link to "
        "download the PDF or the discussion record"
    )
    fix = (
        "set fragment.pdf_base_url to the web address of the folder where the PDFs are "
        "published, such as https://www.example.org/briefings/; each PDF is then linked as "
        "<that address><name>/<name>.pdf"
    )
    return [(message, fix)]


def _missing_record_address(project: Project, sources: Sequence[Path]) -> list[tuple[str, str]]:
    """Without `discussion_record.send_to` the records can only ask teams to send them to the
    partnership, by name: a team that has filled one in is left to find out where."""
    if not sources or project.config.discussion_record.send_to is not None:
        return []
    message = (
        "briefgen.yaml: discussion_record.send_to is not set, so the discussion records ask "
        "teams to send them to the partnership without saying where"
    )
    fix = (
        "set discussion_record.send_to to the email address that receives the records, such "
        "as learning@example.org, or to the https:// address of the form teams upload them to"
    )
    return [(message, fix)]


def _missing_site_address(project: Project, sources: Sequence[Path]) -> list[tuple[str, str]]:
    """Without `site.url` nothing can be given an absolute address: the feed and the sitemap
    are left out, and so are the pages' canonical links and link-preview address and image."""
    if not sources or project.config.site.url is not None:
        return []
    message = (
        "briefgen.yaml: site.url is not set, so the build leaves out the feed (feed.xml), the "
        "sitemap (sitemap.xml), and each page's canonical link and link-preview address and "
        "image; briefings.json gives relative addresses only, and the index fragment's links "
        "are relative, so they break once it is pasted into the website"
    )
    fix = (
        "set site.url to the web address where the output folder is published, such as "
        "https://www.example.org/briefings/ (the index is then <that address>index.html)"
    )
    return [(message, fix)]


def _unused_templates(project: Project) -> list[tuple[str, str]]:
    """A file of the project's templates/ that replaces no file of the theme and that no
    other template names changes nothing: a customisation under an old name is lost."""
    found = []
    for name, closest in unused_overrides(project.templates, builtin_theme(), project.root):
        shown = escape_controls(str(project.relative(project.templates / name)))
        message = f"{shown} replaces no file of the theme and no template includes it"
        rename = (
            f"rename it templates/{closest}" if closest else "give it the name of the theme's file"
        )
        fix = f"{rename} (a project's templates/ replaces the theme's files of the same name)"
        found.append((message, fix))
    return found


def withdraw(project: Project, manifest: Manifest, sources: Sequence[Path]) -> list[str]:
    """Remove the outputs and the manifest entry of each briefing whose content file is
    gone: a withdrawn briefing must not stay published. Only a build of all of content/
    does this; the slugs are checked, as the manifest is a file anyone could edit."""
    present = {source.stem for source in sources}
    gone = sorted(slug for slug in manifest.entries if slug not in present and SLUG.match(slug))
    for slug in gone:
        names = [name for name in manifest.entries.pop(slug).outputs if _plain_name(name)]
        remove_outputs(project.output / slug, names)
    return gone


def remove_stale_library_files(output: Path, written: Sequence[str], kept: Iterable[str]) -> None:
    """Remove the filter pages the last index write made and this one did not (a theme no
    briefing has any more): only names the manifest lists and only briefgen gives."""
    stale = set(written) - set(kept)
    for name in sorted(name for name in stale if FILTER_PAGE.match(name)):
        with contextlib.suppress(FileNotFoundError):
            (output / name).unlink()


def _plain_name(name: str) -> bool:
    return name == Path(name).name and not name.startswith(".")


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


def find_sources(project: Project, files: Sequence[Path] = ()) -> list[Path]:
    """The briefing files to work on: those named, or every YAML file in content/."""
    return content_sources(project.root, files)


def slug_of(source: Path, shown: Path | None = None) -> str:
    slug = source.stem
    if not SLUG.match(slug) or len(slug) > MAX_SLUG_LENGTH:
        raise Mistake(
            f"{shown or escape_controls(str(source))}: the file name "
            f"{escape_controls(repr(source.name))} cannot name a briefing",
            "rename it with lower-case letters, digits and hyphens only, such as "
            "under-twos-audit-2020.yaml; the name becomes the briefing's web address",
        )
    return slug


def check_name(name: str) -> str:
    """The name `briefgen new` was given, if it can name a briefing: a slug, not a path."""
    if not SLUG.match(name) or len(name) > MAX_SLUG_LENGTH:
        raise Mistake(
            f"{escape_controls(repr(name))} cannot name a briefing",
            "give a name of lower-case letters, digits and hyphens, such as neglect-audit-2025 "
            "(not a path: the file is written in content/, and the name becomes its web address)",
        )
    return name


def listing_of(view: BriefingView) -> dict[str, Any]:
    """What the library lists of a briefing (briefgen.publish.library.LibraryEntry), kept in the
    manifest with its last good build."""
    return {
        "title": view.title,
        "summary": view.summary,
        "type_label": view.type_label,
        "audience": view.audience,
        "date_text": view.date_text,
        "published": view.published.isoformat(),
        "themes": list(view.themes),
        "partnership": view.partnership,
        "replaces": view.replaces,
    }


def pinned_epoch(published: dt.date) -> int:
    """The one time stamped into outputs: SOURCE_DATE_EPOCH if set, else the publication date."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given.isdigit():
        return int(given)
    return int(dt.datetime.combine(published, dt.time(), tzinfo=dt.UTC).timestamp())


def iso_timestamp(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
