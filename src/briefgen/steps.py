"""What each step of the pipeline does, for one project: `Steps`.

The order of the steps is `briefgen.pipeline`'s alone; each step's work is here, a
method a step, each handing the next what it made (a `Loaded` briefing, its view, its
`Prepared` print job, its `Pages` laid out by the engine, its `Outputs` in memory, the
paths written). This module imports every stage (content, review, render, engine,
publish); the pipeline imports it only when a briefing is to be built or checked, so that
a build with nothing to do is answered without loading pydantic, Jinja or WeasyPrint.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen import untrusted
from briefgen.content.config import Project, pdf_folder_address
from briefgen.content.kinds import briefing_model
from briefgen.content.languages import language_of, primary_of
from briefgen.content.load import Loaded, Version, load_briefing
from briefgen.content.versions import as_translation
from briefgen.engine.accessibility import link_descriptions
from briefgen.engine.budget import FIT_STEPS, assess
from briefgen.engine.pdf import require_weasyprint
from briefgen.engine.process import IN_PROCESS, Engine, Job, Pages
from briefgen.engine.system_fonts import system_font_has
from briefgen.errors import BriefgenError, ContentError, Mistake, OverBudget, Problem
from briefgen.gate import write_atomically, write_files_atomically
from briefgen.names import (
    INDEX_NAME,
    LIBRARY_FILE,
    bilingual_name,
    file_size,
    pdf_name,
    preview_name,
    proof_name,
    record_name,
)
from briefgen.outcomes import DEFAULT_OPTIONS, Options
from briefgen.paths import (
    CONTENT_FOLDER,
    MAX_SLUG_LENGTH,
    REACH_FILE,
    REPORTS_FOLDER,
    SLUG,
    builtin_theme,
    content_sources,
    escape_controls,
    readable_roots,
    slug_of_file,
    theme_folders,
    twin_of,
    version_of,
    versions_of,
)
from briefgen.publish.feeds import SITE_FILES, site_files, site_map
from briefgen.publish.incremental import Manifest, Plan
from briefgen.publish.library import libraries
from briefgen.publish.outputs import remove_leftovers, remove_outputs
from briefgen.publish.proof import ProofTooLarge, load_rasteriser, preview_image, proof_images
from briefgen.publish.record import discussion_record
from briefgen.render.alternates import alternates_of
from briefgen.render.assets import find_text
from briefgen.render.images import checked_images
from briefgen.render.library_pages import Library
from briefgen.render.meta import PREVIEW_HEIGHT, PREVIEW_WIDTH
from briefgen.render.present import BriefingView, content_hash
from briefgen.render.present import present as present_briefing
from briefgen.render.renderer import Renderer
from briefgen.render.style import check_contrast
from briefgen.render.words import Words, catalogue_warnings
from briefgen.review.checks import check_briefing, strictly
from briefgen.review.fonts import print_fonts
from briefgen.review.limits import check_limits
from briefgen.review.overrides import unused_overrides
from briefgen.review.translations import translation_problems

REPORT_PAGES = 500  # the impact report runs as long as the returns make it: no page budget
MAX_VERSIONS = 16  # files of one briefing, original and translations: each reads the others
DIGEST = 12  # teams, answers to a question and actions a briefing the PDF lists at most


if TYPE_CHECKING:  # the returned records' stage, imported only by `briefgen collect`
    from briefgen.collect.collection import Collection, Known
    from briefgen.collect.collection import Progress as CollectProgress


@dataclass(frozen=True)
class Outputs:
    """Every file of one briefing, in memory: nothing is written until all of it worked."""

    slug: str
    files: dict[str, bytes]  # file name to bytes


@dataclass(frozen=True)
class Prepared:
    """One briefing up to the engine: read, bounded, presented, its print HTML made. It is
    reviewed (`Steps.review`) while the engine lays it out."""

    loaded: Loaded
    view: BriefingView
    job: Job
    spent: float = 0.0  # seconds of the briefing's budget spent preparing it (untrusted)


@dataclass(frozen=True)
class Steps:
    """What every briefing of a build or check shares (the project, its renderer, the
    options and the engine), and what each step of the pipeline does with a briefing."""

    project: Project
    renderer: Renderer
    options: Options = DEFAULT_OPTIONS
    engine: Engine = IN_PROCESS

    @classmethod
    def start(
        cls, project: Project, options: Options = DEFAULT_OPTIONS, engine: Engine | None = None
    ) -> Steps:
        """The project's steps; its brand colours are checked once, here, for every
        briefing: text they make too faint fails the build before anything is built.
        Without an engine, WeasyPrint lays out in this process."""
        renderer = Renderer(project)
        check_contrast(renderer.palette)
        return cls(project, renderer, options, engine or IN_PROCESS)

    @classmethod
    def in_worker(cls, project: Project, options: Options) -> Steps:
        """The steps of a parallel build's worker process, which lays out in itself (its
        parent checked the brand's colours)."""
        return cls(project, Renderer(project), options)

    def sources(self, files: Sequence[Path]) -> list[Path]:
        """The briefing files to work on: those named, or every YAML file in content/."""
        return find_sources(self.project, files)

    def notices(self, sources: Sequence[Path]) -> list[str]:
        """What the settings and templates leave out of every briefing (`setting_notices`)."""
        return setting_notices(self.project, sources, strict=self.options.strict)

    def load_the_engine(self) -> None:
        """WeasyPrint imported in this process, once, before workers are forked from it."""
        require_weasyprint()

    def listing(self, view: BriefingView) -> dict[str, Any]:
        """What the library keeps of a briefing built (`listing_of`)."""
        return listing_of(view)

    def read(self, source: Path) -> Loaded:
        """The briefing file loaded and bounded: the first two steps of every walk."""
        loaded = self.load(source)
        self.bound(loaded)
        return loaded

    def open_output(
        self, sources: Sequence[Path], *, withdrawing: bool
    ) -> tuple[Manifest, list[str]]:
        """The output folder's manifest, the folder claimed as briefgen's and cleared of
        what a killed build left; with `withdrawing` (a build of all of content/), the
        briefings whose file is gone are withdrawn. The logo is the settings' from now on."""
        output = self.project.output
        manifest = Manifest.load(output)
        manifest.claim()
        remove_leftovers(output, [*manifest.entries, *(slug_of_file(source) for source in sources)])
        withdrawn = withdraw(self.project, manifest, sources) if withdrawing else []
        manifest.logo = self.logo_path()
        manifest.logos = self.logo_paths()
        return manifest, withdrawn

    def logo_path(self) -> str | None:
        """The logo as the settings name it: the manifest keeps it, to hash the logo by."""
        logo = self.project.config.partnership.logo
        return logo.file if logo else None

    def logo_paths(self) -> list[str]:
        """The logos of briefgen.yaml's other partnerships, as the manifest keeps them."""
        return [other.logo.file for other in self.project.config.partnerships if other.logo]

    def update_index(self, plan: Plan) -> list[str]:
        """Write the index (last), unless nothing it lists or looks like has changed; either
        way, what the build says of the library (filters left without a page)."""
        written = libraries(self.project, plan.manifest, self.words_for)
        if plan.stale or not plan.index_is_current():
            self.write_library(written, plan.manifest)
            plan.manifest.index = plan.index_state()
        return [notice for library in written for notice in library.notices()]

    def write_index(self, manifest: Manifest) -> Path:
        """The landing page: every briefing of content/ that has outputs, newest first (in
        each language, its own: see `libraries`).

        Each is listed as its last good build made it, so a briefing whose latest edit
        failed stays listed with the outputs that are still published.
        """
        return self.write_library(libraries(self.project, manifest, self.words_for), manifest)

    def words_for(self, tag: str) -> Words:
        """The words of a language, by its tag, as the library's pages say them."""
        return self.renderer.words_for(language_of(tag))

    def write_library(self, written: Sequence[Library], manifest: Manifest) -> Path:
        """Each language's index, filter pages, fragments and feed, and the sitemap of them
        all, from `written`; then the library files the last write made and this one did
        not (a theme no briefing has any more, a language no briefing is in) removed."""
        files: dict[str, bytes] = {}
        for library in written:
            files |= {name: html.encode() for name, html in self.renderer.render_library(library)}
            language = self.renderer.library_language(library)
            config = self.renderer.config_in(language)
            files |= site_files(library, config, self.words_for(library.edition.tag))
        files |= site_map(written, self.project.config)
        for name, data in files.items():
            write_atomically(self.project.output / name, data)
        remove_stale_library_files(self.project.output, manifest.library, files)
        for name in set(SITE_FILES) - set(files):  # a feed left from when site.url was set
            (self.project.output / name).unlink(missing_ok=True)
        manifest.library = sorted(files)
        return self.project.output / INDEX_NAME

    # --- One briefing -----------------------------------------------------------------------

    def over_budget(self, error: OverBudget, shown: Path) -> Mistake:
        """Going over the budget, told with the briefing and the project's own templates,
        layouts and style sheets that did the work: those are what to look at."""
        own = [str(self.renderer.shown(file)) for file in self.renderer.own_template_files]
        used = f"; the project's own templates: {', '.join(own)}" if own else ""
        return Mistake(f"{shown}: {error.message}{used}", error.fix)

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
        loaded = self.read(source)
        with untrusted.allowance() as allowance:
            try:
                view = self.present(loaded, slug_of_file(source))
                job = self.print_job(loaded, view, write=write)
            except Exception:
                self.review(loaded)
                raise
            return Prepared(loaded, view, job, allowance.spent())

    def load(self, source: Path, *, versions: bool = True) -> Loaded:
        """Read one briefing file and validate it: a file named as a briefing can be, and
        inside the project (the gate refuses a link out of it); with `versions`, its
        versions in other languages too (`other_versions`)."""
        shown = self.project.relative(source)
        slug = slug_of(source, shown)
        twin = twin_of(source)
        if twin is not None:
            raise Mistake(
                f"{shown} and {self.project.relative(twin)} are two files of one briefing, "
                f"{slug}: both would be built into its one folder of the outputs",
                "keep one of them: delete the other, or rename it to name another briefing",
            )
        files = self.bounded_versions(source) if versions else []
        model = briefing_model(self.renderer.kinds)
        loaded = load_briefing(source, shown, within=[self.project.root], model=model)
        loaded = as_translation(loaded, source)
        return replace(loaded, versions=self.other_versions(source, files)) if versions else loaded

    def bounded_versions(self, source: Path) -> list[Path]:
        """The files of the briefing's versions (`versions_of`); refused where there are more
        than a briefing has languages, before any is read: each is read with every other,
        and a cloned project could give it hundreds."""
        versions = versions_of(source)
        if len(versions) > MAX_VERSIONS:
            names = ", ".join(version.name for version in versions[:4])
            raise Mistake(
                f"{self.project.relative(source)}: its briefing has {len(versions)} files in "
                f"{CONTENT_FOLDER}/ ({names}, …), more than the {MAX_VERSIONS} versions a "
                "briefing may have",
                "keep one file a language; a file named NAME.xx.yaml is the version of "
                "NAME.yaml in the language xx",
            )
        return versions

    def other_versions(self, source: Path, versions: Sequence[Path]) -> tuple[Version, ...]:
        """The briefing's versions in other languages beside it, each loaded (or None, where
        it has mistakes of its own): its pages link to them, and it is compared with them."""
        found = []
        for other in versions:
            if other.name == source.name:
                continue
            try:
                loaded: Loaded | None = self.load(other, versions=False)
            except BriefgenError:
                loaded = None
            tag = version_of(other)[1]
            written = loaded.briefing.language if loaded is not None else tag
            language = written or self.project.config.language
            found.append(Version(other, slug_of_file(other), language, loaded, tag is None))
        return tuple(found)

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
            system_has=system_font_has,
        )
        problems += self.catalogue_warnings(loaded)
        problems += translation_problems(loaded, self.project.config)
        if self.options.strict:
            problems = strictly(problems)
        if any(problem.severity == "error" for problem in problems):
            raise ContentError(problems)
        return problems

    def catalogue_warnings(self, loaded: Loaded) -> list[Problem]:
        """The messages the project's catalogue of the briefing's language leaves in
        English (briefgen.render.words), each named."""
        language = language_of(loaded.briefing.language or self.project.config.language)
        return catalogue_warnings(self.renderer.words_for(language), self.project.root)

    @cached_property
    def print_fonts(self) -> tuple[Path, ...]:
        """The theme's fonts, found once for every briefing the pipeline reviews."""
        return print_fonts(theme_folders(self.project.root))

    @cached_property
    def briefing_names(self) -> set[str]:
        """The names of content/'s briefings (a `replaces:` must name one), read once."""
        return {slug_of_file(source) for source in content_sources(self.project.root, ())}

    def present(self, loaded: Loaded, slug: str) -> BriefingView:
        """The briefing as the templates see it; a logo it gives its own partnership is
        checked here, as the settings' logos are before any briefing."""
        images = checked_images(loaded, self.project.root)
        config = self.project.config
        words = self.renderer.words_for(language_of(loaded.briefing.language or config.language))
        view = present_briefing(
            loaded.briefing, slug, config, [self.project.templates], images, words
        )
        view = replace(view, alternates=alternates_of(loaded.versions, config))
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
        htmls = tuple(renderer.render_print(view, pinned_date=date, fit_step=s) for s in steps)
        return Job(
            htmls=htmls,
            stylesheet=renderer.print_stylesheet_for(view.language),
            base=self.project.root,
            allowed=tuple(readable_roots(self.project.root)),
            templates=tuple(renderer.template_files),
            budget=loaded.briefing.page_budget or self.project.config.page_budget,
            links=link_descriptions(view, htmls[0], renderer.words_for(view.language)),
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

    def bilingual(self, prepared: Prepared) -> bytes | None:
        """The PDF of every version of the briefing, facing page by page in the order of
        `languages` (`bilingual_pdf`); None where the project asks for none, or a version
        is missing or has mistakes of its own (the review tells which). Each version is laid
        out as its own PDF is: a version over its budget is named."""
        jobs = self.bilingual_parts(prepared)
        if not jobs:
            return None
        links = {url: text for job in jobs for url, text in job.links.items()}
        job = replace(jobs[0], parts=tuple(jobs), links=links, write=True)
        pages = self.engine.submit(job).result()
        if pages.pdf is None:
            over = jobs[pages.part].briefing
            raise Mistake(
                f"{prepared.loaded.document.file}: its bilingual PDF cannot be made: its version "
                f"{over} is over its {jobs[pages.part].budget}-page budget",
                f"shorten {over} (its own build names what runs over), or set `fit: true` in it",
            )
        return pages.pdf

    def bilingual_parts(self, prepared: Prepared) -> list[Job]:
        """The print job of each version, in the order of `languages`; none unless every
        one of them is there and loads."""
        config = self.project.config
        if not config.bilingual_pdf:
            return []
        loaded = prepared.loaded
        own = primary_of(loaded.briefing.language or config.language)
        others = {primary_of(v.language): v for v in loaded.versions if v.loaded is not None}
        jobs = []
        for tag in config.languages:
            if primary_of(tag) == own:
                jobs.append(prepared.job)
                continue
            version = others.get(primary_of(tag))
            if version is None or version.loaded is None:
                return []
            view = self.present(version.loaded, version.slug)
            jobs.append(self.print_job(version.loaded, view, write=True))
        return jobs

    def discussion_record(self, view: BriefingView) -> bytes:
        """The team discussion record, dated as the PDF is."""
        words = self.renderer.words_for(view.language)
        return discussion_record(view, self.project.config, pinned_epoch(view.published), words)

    def render(
        self,
        view: BriefingView,
        pages: Pages,
        record: bytes | None = None,
        bilingual: bytes | None = None,
    ) -> Outputs:
        """Every output of one briefing, in memory: the PDF, the team discussion record (made
        here unless `ready_the_web` made it), the web page and the fragments, (with
        `site.url`) the image a link to it shows, (with `proof`) an image of each page, and
        the bilingual PDF where one is made."""
        pdf = pages.pdf
        assert pdf is not None, "hold_to_budget refuses a briefing over budget unless allowed"
        record = self.discussion_record(view) if record is None else record
        if bilingual is not None:
            view = replace(view, bilingual_size=file_size(len(bilingual)))
        web = self.renderer.render_web(view, file_size(len(pdf)), file_size(len(record)))
        files = {pdf_name(view.slug): pdf, record_name(view.slug): record}
        if bilingual is not None:
            files[bilingual_name(view.slug)] = bilingual
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

    # --- The returned records ---------------------------------------------------------------

    def known_briefings(self) -> dict[str, Known]:
        """Each briefing of content/, as a returned record is matched with it: its title and
        the hash of its content now. One that does not load is known by its name alone (its
        records are read with their own questions, as of an earlier version)."""
        from briefgen.collect.collection import Known  # noqa: PLC0415 (see TYPE_CHECKING)

        known = {}
        for source in self.sources(()):
            slug = slug_of_file(source)
            try:
                briefing = self.load(source, versions=False).briefing
            except BriefgenError:
                known[slug] = Known(slug, slug, "")
                continue
            title, version = briefing.title, briefing.version or ""
            known[slug] = Known(slug_of_file(source), title, content_hash(briefing), version)
        return known

    def read_returns(
        self, folder: Path, briefings: dict[str, Known], progress: CollectProgress | None
    ) -> Collection:
        """Every file of the folder of returned records, each given its treatment."""
        if not folder.is_dir():
            raise Mistake(
                f"{escape_controls(str(folder))} is not a folder",
                "name the folder that holds the returned discussion records",
            )
        from briefgen.collect.collection import collect_returns  # noqa: PLC0415

        acknowledged = self.project.config.collect.acknowledge
        return collect_returns(folder, briefings, acknowledged, progress)

    def write_report(
        self, collection: Collection, briefings: dict[str, Known], today: dt.date
    ) -> list[Path]:
        """The impact report, as a web page and a tagged PDF (PDF/UA-1, by the briefings'
        engine), in reports/: marked with `report.marking`, and without the site's address
        or anything that would publish it."""
        from briefgen.collect.impact import impact_of  # noqa: PLC0415 (see TYPE_CHECKING)

        config = self.project.config
        impact = impact_of(
            collection.returns,
            briefings,
            marking=config.report.marking,
            partnership=config.partnership.name,
            today=today,
        )
        page = self.renderer.refuse_reaching_out(
            self.renderer.render("report.html.j2", "page", impact=impact), "impact report"
        )
        printed = self.renderer.render(
            "report.html.j2", "print", impact=impact.digest(DIGEST), digest=DIGEST
        )
        root = self.project.root
        job = Job(
            htmls=(printed,),
            stylesheet="",
            base=root,
            allowed=tuple(readable_roots(root)),
            templates=tuple(self.renderer.template_files),
            budget=REPORT_PAGES,
            links={},
            write=True,
            allow_overflow=True,
            briefing=Path(REPORTS_FOLDER) / "impact.html",
        )
        pdf = self.engine.submit(job).result().pdf
        assert pdf is not None, "written, whatever its length (allow_overflow)"
        files = {"impact.html": page.encode(), "impact.pdf": pdf}
        return write_files_atomically(root / REPORTS_FOLDER, files)

    def write_tables(self, collection: Collection, today: dt.date) -> list[Path]:
        """The returns and the actions as CSV files, and each briefing's reach in counts, in
        reports/ (beside output/, never in it: the report is internal, and output/ is
        published)."""
        from briefgen.collect.impact import reach_of  # noqa: PLC0415 (see TYPE_CHECKING)
        from briefgen.collect.tables import actions_csv, returns_csv  # noqa: PLC0415

        reach = {
            slug: {"teams": teams, "agencies": agencies}
            for slug, (teams, agencies) in sorted(reach_of(collection.returns).items())
        }
        files = {
            "returns.csv": returns_csv(collection.returns),
            "actions.csv": actions_csv(collection.returns, today),
            # Counts only, for the library's line with `library.show_reach` (library.read_reach).
            REACH_FILE: json.dumps({"briefings": reach}, indent=1).encode(),
        }
        return write_files_atomically(self.project.root / REPORTS_FOLDER, files)


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
    present = {slug_of_file(source) for source in sources}
    gone = sorted(slug for slug in manifest.entries if slug not in present and SLUG.match(slug))
    for slug in gone:
        names = [name for name in manifest.entries.pop(slug).outputs if _plain_name(name)]
        remove_outputs(project.output / slug, names)
    return gone


def remove_stale_library_files(output: Path, written: Sequence[str], kept: Iterable[str]) -> None:
    """Remove the library files the last index write made and this one did not (the page
    of a theme no briefing has any more, every file of a language no briefing is in any
    more): only names the manifest lists and only the library gives (LIBRARY_FILE)."""
    stale = set(written) - set(kept)
    for name in sorted(name for name in stale if LIBRARY_FILE.match(name)):
        with contextlib.suppress(FileNotFoundError):
            (output / name).unlink()


def _plain_name(name: str) -> bool:
    return name == Path(name).name and not name.startswith(".")


def find_sources(project: Project, files: Sequence[Path] = ()) -> list[Path]:
    """The briefing files to work on: those named, or every YAML file in content/."""
    return content_sources(project.root, files)


def slug_of(source: Path, shown: Path | None = None) -> str:
    slug = slug_of_file(source)
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
        "published": view.published.isoformat() if view.published else None,
        "written": view.published.written if view.published else None,
        "themes": list(view.themes),
        "partnership": view.partnership,
        "replaces": view.replaces,
        "entries": view.entry_listing,
        "language": view.language.tag,
    }


def pinned_epoch(published: dt.date | None) -> int | None:
    """The one time stamped into outputs: SOURCE_DATE_EPOCH if set, else the publication
    date; for an undated briefing, none (never the clock: the same bytes at every build)."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given.isdigit():
        return int(given)
    if published is None:
        return None
    return int(dt.datetime.combine(published, dt.time(), tzinfo=dt.UTC).timestamp())


def iso_timestamp(epoch: int | None) -> str | None:
    """The time as the PDF's metadata gives it; none for an undated briefing."""
    if epoch is None:
        return None
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


__all__ = [
    "Prepared",
    "Steps",
    "check_name",
    "iso_timestamp",
    "pinned_epoch",
    "remove_stale_library_files",
]
