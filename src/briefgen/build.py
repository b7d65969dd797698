"""The pipeline: find the content, load it, render it, write it. It never prints.

content/<slug>.yaml ─ load ─> Briefing ─ present ─> view ─ render ─> HTML ─┬─> page, fragment
briefgen.yaml ─────── config ─┘                                             └─ pdf ─> <slug>.pdf
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.accessibility import make_finisher
from briefgen.checks import check_briefing, strictly
from briefgen.config import Project
from briefgen.errors import BriefgenError, ContentError, Problem, UsageError
from briefgen.load import Loaded, load_briefing
from briefgen.outputs import locked, remove_leftovers, write_atomically, write_files_atomically
from briefgen.pdf import render_pdf, require_weasyprint, write_pdf
from briefgen.present import BriefingView, present
from briefgen.render import ENTRY_NAME, IndexEntry, Renderer, builtin_theme
from briefgen.style import check_contrast

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 80


@dataclass
class Outcome:
    """What became of one briefing."""

    source: Path
    slug: str
    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    pages: int | None = None
    error: BriefgenError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Report:
    outcomes: list[Outcome]
    index: Path | None = None

    @property
    def failed(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if not outcome.ok]


@dataclass(frozen=True)
class Built:
    view: BriefingView
    files: dict[str, bytes]  # output name to bytes
    pages: int


Progress = Callable[[Outcome], None]


def find_sources(project: Project, files: Sequence[Path] = ()) -> list[Path]:
    """The briefing files to work on: those named, or every YAML file in content/."""
    if files:
        return [Path(file) for file in files]
    if not project.content.is_dir():
        raise UsageError(
            f"there is no content folder in {project.root}",
            "create content/ and put briefings in it, or start one with `briefgen new NAME`",
        )
    return sorted([*project.content.glob("*.yaml"), *project.content.glob("*.yml")])


def slug_of(source: Path) -> str:
    slug = source.stem
    if not SLUG.match(slug) or len(slug) > MAX_SLUG_LENGTH:
        raise UsageError(
            f"{source}: the file name {source.name!r} cannot name a briefing",
            "rename it with lower-case letters, digits and hyphens only, such as "
            "under-twos-audit-2020.yaml; the name becomes the briefing's web address",
        )
    return slug


def review(loaded: Loaded, project: Project, *, strict: bool = False) -> list[Problem]:
    """The content checks' warnings; errors (or, with `strict`, any finding) raise."""
    problems = check_briefing(loaded, project.config)
    if strict:
        problems = strictly(problems)
    if any(problem.severity == "error" for problem in problems):
        raise ContentError(problems)
    return problems


def build(
    project: Project,
    files: Sequence[Path] = (),
    progress: Progress | None = None,
    *,
    strict: bool = False,
) -> Report:
    """Build every briefing named (or all of content/), then the index.

    A bad briefing is reported in its outcome and does not stop the others.
    """
    renderer = Renderer(project)
    check_contrast(renderer.palette)
    sources = find_sources(project, files)
    require_weasyprint()
    with locked(project.output):
        remove_leftovers(project.output)
        outcomes = [
            _build_one(project, renderer, source, progress, strict=strict) for source in sources
        ]
        index = write_index(project, renderer)
    return Report(outcomes, index)


def check(
    project: Project,
    files: Sequence[Path] = (),
    progress: Progress | None = None,
    *,
    strict: bool = False,
) -> Report:
    """Validate every briefing named (or all of content/) and writes nothing."""
    check_contrast(Renderer(project).palette)
    outcomes = []
    for source in find_sources(project, files):
        outcome = Outcome(project.relative(source), source.stem)
        try:
            outcome.slug = slug_of(source)
            loaded = load_briefing(source, project.relative(source))
            outcome.warnings = review(loaded, project, strict=strict)
        except BriefgenError as error:
            outcome.error = error
        outcomes.append(outcome)
        if progress:
            progress(outcome)
    return Report(outcomes)


def _build_one(
    project: Project, renderer: Renderer, source: Path, progress: Progress | None, *, strict: bool
) -> Outcome:
    outcome = Outcome(project.relative(source), source.stem)
    try:
        outcome.slug = slug_of(source)
        loaded = load_briefing(source, project.relative(source))
        outcome.warnings = review(loaded, project, strict=strict)
        built = render_briefing(project, renderer, loaded, outcome.slug)
        outcome.pages = built.pages
        outcome.written = write_briefing(project, built)
    except BriefgenError as error:
        outcome.error = error
    if progress:
        progress(outcome)
    return outcome


def render_briefing(project: Project, renderer: Renderer, loaded: Loaded, slug: str) -> Built:
    """Every output of one briefing, in memory: nothing is written until all of it worked."""
    view = present(loaded.briefing, slug, project.config)
    epoch = pinned_epoch(view.published)
    html = renderer.render_print(view, pinned_date=iso_timestamp(epoch))
    rendered = render_pdf(
        html,
        project.root,
        allowed=[project.root, *renderer.folders, builtin_theme()],
        templates=renderer.template_files,
    )
    pdf = write_pdf(rendered, epoch, make_finisher(view))
    size = file_size(len(pdf))
    return Built(
        view,
        {
            f"{slug}.pdf": pdf,
            "index.html": renderer.render_page(view, size).encode(),
            "fragment.html": renderer.render_fragment(view, size).encode(),
            ENTRY_NAME: index_entry(view, size).to_json(),
        },
        rendered.page_count,
    )


def index_entry(view: BriefingView, pdf_size: str) -> IndexEntry:
    return IndexEntry(
        slug=view.slug,
        title=view.title,
        type_label=view.type_label,
        audience=view.audience,
        date_text=view.date_text,
        published=view.published.isoformat(),
        pdf_size=pdf_size,
    )


def write_briefing(project: Project, built: Built) -> list[Path]:
    """All of a briefing's files, or none of them if one cannot be written."""
    return write_files_atomically(project.output / built.view.slug, built.files)


def write_index(project: Project, renderer: Renderer) -> Path:
    """The landing page: every briefing that has outputs, as built, newest first. Written last.

    Entries come from the outputs, not the sources: a briefing that failed this time
    stays listed as its previous outputs are.
    """
    entries = [
        entry
        for source in find_sources(project)
        if (entry := IndexEntry.read(project.output / source.stem)) is not None
    ]
    entries.sort(key=lambda entry: (entry.published, entry.title), reverse=True)
    path = project.output / "index.html"
    write_atomically(path, renderer.render_index(entries).encode())
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


__all__ = ["ContentError", "Outcome", "Report", "build", "check", "find_sources", "slug_of"]
