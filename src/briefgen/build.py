"""The pipeline: find the content, load it, check it, lay it out, render it, write it.

    content/<slug>.yaml ─ load ─> Briefing ─ present ─> view ─ render ─> HTML ─┬─> page, fragment
    briefgen.yaml ─────── config ─┘                                             └─ engine ─> PDF

The engine (briefgen.engine) lays the print HTML out, holds it to the page budget
and writes the PDF: in this process, or in one of its own that the command line
starts early so that WeasyPrint loads while the rest of briefgen does.

It never prints: it returns what it did, and reports each briefing through a
progress callback as it finishes.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import re
import traceback
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from briefgen.accessibility import link_descriptions
from briefgen.budget import FIT_STEPS, Measure, assess
from briefgen.checks import check_briefing, strictly
from briefgen.config import Project
from briefgen.crashes import CRASH_LOG_NAME, CrashLog, crash_of
from briefgen.engine import IN_PROCESS, Engine, Job, LaidOut, die_with
from briefgen.errors import BriefgenError, ContentError, Crash, Problem, UsageError
from briefgen.fonts import print_fonts
from briefgen.incremental import Fingerprint, Manifest, index_state
from briefgen.limits import check_limits
from briefgen.load import Loaded, load_briefing
from briefgen.outcomes import DEFAULT_OPTIONS, Options, Outcome, Progress, Report
from briefgen.outputs import (
    locked,
    remove_leftovers,
    remove_outputs,
    write_atomically,
    write_files_atomically,
)
from briefgen.paths import confined, content_sources, escape_controls, readable_roots, theme_folders
from briefgen.pdf import require_weasyprint
from briefgen.present import BriefingView, present
from briefgen.proof import proof_images
from briefgen.render import IndexEntry, Renderer, label_apart
from briefgen.style import check_contrast

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
MAX_SLUG_LENGTH = 80


@dataclass(frozen=True)
class Laid:
    """A briefing laid out as pages and measured against its budget."""

    view: BriefingView
    laid_out: LaidOut
    epoch: int
    notes: list[Problem]

    @property
    def measure(self) -> Measure:
        return self.laid_out.measure


@dataclass(frozen=True)
class Built:
    view: BriefingView
    files: dict[str, bytes]  # output name to bytes
    pages: int
    notes: list[Problem]  # the page budget's notes and allowed overflows


def build(
    project: Project,
    files: Sequence[Path] = (),
    progress: Progress | None = None,
    options: Options = DEFAULT_OPTIONS,
    engine: Engine = IN_PROCESS,
) -> Report:
    """Build every briefing named (or all of content/), then the index.

    A bad briefing is reported in its outcome and does not stop the others. A
    briefing whose inputs have not changed since its last good build is skipped
    (unless `options.force`); the others are built across the machine's cores.
    """
    renderer = Renderer(project)
    check_contrast(renderer.palette)
    sources = find_sources(project, files)
    notices = setting_notices(project, sources, strict=options.strict)
    engine.ready()  # a missing system library is told once, before anything is written
    progress = _logging_crashes(
        CrashLog(project.output / CRASH_LOG_NAME, project.relative), progress
    )
    with locked(project.output):
        manifest = Manifest.load(project.output)
        manifest.claim()
        remove_leftovers(project.output, [*manifest.entries, *(s.stem for s in sources)])
        withdrawn = [] if files else withdraw(project, manifest, sources)
        logo = project.config.partnership.logo
        manifest.logo = logo.file if logo else None
        fingerprint = Fingerprint(project.root, manifest.logo, options.affecting_outputs())
        manifest.shared = fingerprint.shared
        inputs = {source: fingerprint.of(source) for source in sources}
        outcomes: dict[Path, Outcome] = {}
        stale = []
        for source in sources:
            folder = project.output / source.stem
            if options.force or not manifest.is_fresh(source.stem, inputs[source], folder):
                stale.append(source)
                continue
            entry = manifest.entries[source.stem]
            outcomes[source] = _report(
                progress, entry.as_outcome(project.relative(source), source.stem)
            )
        built = build_many(project, renderer, stale, options, progress, engine)
        for source, outcome in built:
            outcomes[source] = outcome
            if outcome.ok:
                manifest.record(
                    outcome.slug,
                    inputs[source],
                    outcome.written,
                    outcome.pages or 0,
                    outcome.warnings,
                    outcome.listing,
                )
        index = update_index(project, renderer, manifest, fingerprint, rebuilt=bool(stale))
        manifest.save()
    return Report([outcomes[source] for source in sources], index, notices, withdrawn)


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


def _plain_name(name: str) -> bool:
    return name == Path(name).name and not name.startswith(".")


def build_many(
    project: Project,
    renderer: Renderer,
    sources: Sequence[Path],
    options: Options,
    progress: Progress | None,
    engine: Engine = IN_PROCESS,
) -> Iterator[tuple[Path, Outcome]]:
    """Build briefings, in worker processes when there are several and more than one core."""
    jobs = min(options.jobs or os.cpu_count() or 1, len(sources))
    if jobs <= 1:
        for source in sources:
            outcome = build_one(project, renderer, source, options, engine)
            yield source, _report(progress, outcome)
        return
    require_weasyprint()  # imported once here, for every worker
    unfinished = list(sources)
    with _pool(project, options, jobs) as pool:
        futures = {pool.submit(_build_in_worker, source): source for source in sources}
        for future in as_completed(futures):
            source = futures[future]
            try:
                outcome = future.result()
            except BrokenProcessPool:
                continue  # a worker died: built again below, one by one
            unfinished.remove(source)
            yield source, _report(progress, outcome)
    # A worker that dies (killed, out of memory, a crash in a library) breaks the whole
    # pool, and which briefing killed it is unknown: each briefing left is built again in
    # a process of its own, so that only the one that kills its process fails.
    for source in unfinished:
        yield source, _report(progress, _build_alone(project, options, source))


def _pool(project: Project, options: Options, jobs: int) -> ProcessPoolExecutor:
    """Forked workers inherit what this process has imported; each imports WeasyPrint once
    and keeps its font configuration for every briefing it builds."""
    return ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(project, options, os.getpid()),
    )


def _build_alone(project: Project, options: Options, source: Path) -> Outcome:
    with _pool(project, options, 1) as pool:
        try:
            return pool.submit(_build_in_worker, source).result()
        except BrokenProcessPool as error:
            shown = project.relative(source)
            summary = "the process building it stopped: it was killed, or ran out of memory"
            details = "".join(traceback.format_exception(error))
            return Outcome(shown, source.stem, error=Crash(shown, summary, details))


_worker: tuple[Project, Renderer, Options] | None = None


def _start_worker(project: Project, options: Options, parent: int) -> None:
    global _worker  # one renderer a worker process, made once
    # An orphaned worker would hold the output folder's lock, inherited, for ever.
    die_with(parent)
    _worker = (project, Renderer(project), options)


def _build_in_worker(source: Path) -> Outcome:
    assert _worker is not None
    project, renderer, options = _worker
    return build_one(project, renderer, source, options)


def check(
    project: Project,
    files: Sequence[Path] = (),
    progress: Progress | None = None,
    options: Options = DEFAULT_OPTIONS,
    engine: Engine = IN_PROCESS,
) -> Report:
    """Check every briefing named (or all of content/), laid out on its pages; write nothing."""
    renderer = Renderer(project)
    check_contrast(renderer.palette)
    sources = find_sources(project, files)
    notices = setting_notices(project, sources, strict=options.strict)
    # No engine.ready() here: a check writes nothing, and a briefing with a mistake in its
    # YAML is told at once, without waiting for WeasyPrint to load. Nor does it write its
    # log of unexpected failures in the project: that goes to the temporary folder.
    progress = _logging_crashes(CrashLog(None, project.relative), progress)
    return Report(
        [
            _report(progress, check_one(project, renderer, source, options, engine))
            for source in sources
        ],
        notices=notices,
    )


def setting_notices(project: Project, sources: Sequence[Path], *, strict: bool) -> list[str]:
    """What the settings leave out of every briefing, told once a build rather than once a
    briefing; with `strict`, an error before anything is built.

    Without `fragment.pdf_base_url` the fragments have no download link: a link relative
    to the fragment would lead nowhere once the fragment is pasted into the website.
    """
    if not sources or project.config.fragment.pdf_base_url is not None:
        return []
    message = (
        "briefgen.yaml: fragment.pdf_base_url is not set, so the fragments have no link to "
        "download the PDF"
    )
    fix = (
        "set fragment.pdf_base_url to the web address of the folder where the PDFs are "
        "published, such as https://www.example.org/briefings/; each PDF is then linked as "
        "<that address><name>/<name>.pdf"
    )
    if strict:
        raise UsageError(message, fix)
    return [f"{message}. Fix: {fix}."]


def build_one(
    project: Project,
    renderer: Renderer,
    source: Path,
    options: Options,
    engine: Engine = IN_PROCESS,
) -> Outcome:
    outcome = Outcome(project.relative(source), source.stem)
    try:
        outcome.slug, loaded = read_briefing(project, source)
        outcome.warnings = review(loaded, project, strict=options.strict)
        built = render_briefing(project, renderer, loaded, outcome.slug, options, engine)
        outcome.warnings += built.notes
        outcome.pages = built.pages
        outcome.written = write_briefing(project, built, proof=options.proof)
        outcome.listing = listing_of(built.view)
    except BriefgenError as error:
        outcome.error = error
    except Exception as error:  # a bug or an engine's limit: this briefing fails, no other
        outcome.error = crash_of(error, outcome.source)
    return outcome


def check_one(
    project: Project,
    renderer: Renderer,
    source: Path,
    options: Options,
    engine: Engine = IN_PROCESS,
) -> Outcome:
    outcome = Outcome(project.relative(source), source.stem)
    try:
        outcome.slug, loaded = read_briefing(project, source)
        outcome.warnings = review(loaded, project, strict=options.strict)
        laid = lay_out(project, renderer, loaded, outcome.slug, options, engine, write=False)
        outcome.warnings += laid.notes
        outcome.pages = laid.measure.pages
    except BriefgenError as error:
        outcome.error = error
    except Exception as error:  # a bug or an engine's limit: this briefing fails, no other
        outcome.error = crash_of(error, outcome.source)
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


def find_sources(project: Project, files: Sequence[Path] = ()) -> list[Path]:
    """The briefing files to work on: those named, or every YAML file in content/."""
    return content_sources(project.root, files)


def slug_of(source: Path, shown: Path | None = None) -> str:
    slug = source.stem
    if not SLUG.match(slug) or len(slug) > MAX_SLUG_LENGTH:
        raise UsageError(
            f"{shown or escape_controls(str(source))}: the file name "
            f"{escape_controls(repr(source.name))} cannot name a briefing",
            "rename it with lower-case letters, digits and hyphens only, such as "
            "under-twos-audit-2020.yaml; the name becomes the briefing's web address",
        )
    return slug


def check_name(name: str) -> str:
    """The name `briefgen new` was given, if it can name a briefing: a slug, not a path."""
    if not SLUG.match(name) or len(name) > MAX_SLUG_LENGTH:
        raise UsageError(
            f"{escape_controls(repr(name))} cannot name a briefing",
            "give a name of lower-case letters, digits and hyphens, such as neglect-audit-2025 "
            "(not a path: the file is written in content/, and the name becomes its web address)",
        )
    return name


def read_briefing(project: Project, source: Path) -> tuple[str, Loaded]:
    shown = project.relative(source)
    slug = slug_of(source, shown)
    confined(source, [project.root], project.root, "the briefing")
    return slug, load_briefing(source, shown)


def review(loaded: Loaded, project: Project, *, strict: bool = False) -> list[Problem]:
    """The content checks' warnings; errors (or, with `strict`, any finding) raise.

    The bounds on the text and its markup come first: they keep the checks and the
    layout of a pathological briefing from running for minutes.
    """
    beyond = check_limits(loaded)
    if beyond:
        raise ContentError(beyond)
    fonts = print_fonts(theme_folders(project.root))
    problems = check_briefing(loaded, project.config, fonts=fonts, folders=[project.templates])
    if strict:
        problems = strictly(problems)
    if any(problem.severity == "error" for problem in problems):
        raise ContentError(problems)
    return problems


def lay_out(
    project: Project,
    renderer: Renderer,
    loaded: Loaded,
    slug: str,
    options: Options,
    engine: Engine = IN_PROCESS,
    *,
    write: bool = True,
) -> Laid:
    """Lay the briefing out as A4 pages, hold it to its page budget, and (with `write`)
    make its PDF.

    With `fit: true`, each of the theme's fit steps is tried in turn until the
    briefing fits; the notes say which step it took.
    """
    view = present(loaded.briefing, slug, project.config, [project.templates])
    epoch = pinned_epoch(view.published)
    steps = range(len(FIT_STEPS) + 1) if loaded.briefing.fit else range(1)
    date = iso_timestamp(epoch)
    htmls = tuple(renderer.render_print(view, pinned_date=date, fit_step=step) for step in steps)
    job = Job(
        htmls=htmls,
        stylesheet=renderer.print_stylesheet,
        base=project.root,
        allowed=tuple(readable_roots(project.root)),
        templates=tuple(renderer.template_files),
        budget=loaded.briefing.page_budget or project.config.page_budget,
        epoch=epoch,
        links=link_descriptions(view),
        write=write,
        allow_overflow=options.allow_overflow,
    )
    laid_out = engine.lay_out(job)
    notes = assess(
        loaded.document.file,
        laid_out.measure,
        laid_out.step,
        allow_overflow=options.allow_overflow,
    )
    return Laid(view, laid_out, epoch, notes)


def render_briefing(
    project: Project,
    renderer: Renderer,
    loaded: Loaded,
    slug: str,
    options: Options = DEFAULT_OPTIONS,
    engine: Engine = IN_PROCESS,
) -> Built:
    """One briefing laid out and rendered to every output, in memory."""
    return render_outputs(renderer, lay_out(project, renderer, loaded, slug, options, engine))


def render_outputs(renderer: Renderer, laid: Laid) -> Built:
    """Every output of one briefing, in memory: nothing is written until all of it worked."""
    view = laid.view
    pdf = laid.laid_out.pdf
    assert pdf is not None, "assess() refuses a briefing over budget unless it is allowed"
    size = file_size(len(pdf))
    return Built(
        view,
        {
            f"{view.slug}.pdf": pdf,
            "index.html": renderer.render_page(view, size).encode(),
            **{name: html.encode() for name, html in renderer.render_fragments(view, size).items()},
        },
        laid.measure.pages,
        laid.notes,
    )


def write_briefing(project: Project, built: Built, *, proof: bool = False) -> list[Path]:
    folder = project.output / built.view.slug
    files = dict(built.files)
    if proof:
        pdf = built.files[f"{built.view.slug}.pdf"]
        for number, image in enumerate(proof_images(pdf), start=1):
            files[f"proof-page-{number}.png"] = image
    # All of a briefing's files, or none of them if one cannot be written.
    return write_files_atomically(folder, files)


def update_index(
    project: Project,
    renderer: Renderer,
    manifest: Manifest,
    fingerprint: Fingerprint,
    *,
    rebuilt: bool,
) -> Path:
    """Write the index (last), unless nothing it lists or looks like has changed."""
    path = project.output / "index.html"
    state = index_state(fingerprint, manifest, project.root, project.output)
    if rebuilt or state != manifest.index or not path.is_file():
        write_index(project, renderer, manifest)
        manifest.index = state
    return path


def listing_of(view: BriefingView) -> dict[str, str]:
    """What the index shows of a briefing, kept in the manifest with its last good build."""
    return {
        "title": view.title,
        "type_label": view.type_label,
        "audience": view.audience,
        "date_text": view.date_text,
        "published": view.published.isoformat(),
    }


def write_index(project: Project, renderer: Renderer, manifest: Manifest) -> Path:
    """The landing page: every briefing of content/ that has outputs, newest first.

    Each is listed as its last good build made it, so a briefing whose latest edit
    failed stays listed with the outputs that are still published.
    """
    entries = []
    for source in find_sources(project):
        pdf = project.output / source.stem / f"{source.stem}.pdf"
        entry = manifest.entries.get(source.stem)
        if entry is None or not entry.listing or not pdf.is_file():
            continue
        entries.append(
            IndexEntry(
                slug=source.stem,
                pdf_size=file_size(pdf.stat().st_size),
                label=entry.listing["title"],
                **entry.listing,
            )
        )
    entries.sort(key=lambda entry: (entry.published, entry.title), reverse=True)
    path = project.output / "index.html"
    write_atomically(path, renderer.render_index(label_apart(entries)).encode())
    return path


def pinned_epoch(published: dt.date) -> int:
    """The one time stamped into outputs: SOURCE_DATE_EPOCH if set, else the publication date."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given.isdigit():
        return int(given)
    return int(dt.datetime.combine(published, dt.time(), tzinfo=dt.UTC).timestamp())


def iso_timestamp(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def file_size(size: int) -> str:
    """A size as GOV.UK writes it: 120 KB, 1.2 MB."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB"
