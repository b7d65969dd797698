"""HTML to a tagged, reproducible A4 PDF with WeasyPrint: the only module that imports it.

WeasyPrint is imported lazily (it costs about a quarter of a second), gets a URL fetcher
that reads only files of the project and of the theme (and data: URIs), and
writes PDF/UA-1 with its tag tree, which `accessibility.finish_pdf` completes.

Templates are trusted to style, not to reach out: every refused fetch, every
attachment (`<link rel=attachment>` would embed a file's bytes in the PDF) and
every font WeasyPrint could not load is an error that names the template and line
where the address is written, and the address.
"""

from __future__ import annotations

import contextlib
import html
import io
import logging
import mimetypes
import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit

from briefgen.crashes import summary_of
from briefgen.engine.accessibility import make_finisher
from briefgen.engine.libraries import linker_lookups
from briefgen.errors import BriefgenError, EnvironmentProblem, Mistake
from briefgen.font_check import FONT_SUFFIXES, font_problem
from briefgen.gate import FONT, Refused, fetch_bytes, kind_of, read_bytes
from briefgen.paths import escape_controls, shown_path, theme_folders
from briefgen.render.assets import Source, attachment_links, find_reference, find_text
from briefgen.review.fonts import print_fonts
from briefgen.search_paths import away_from_the_project

if TYPE_CHECKING:
    from weasyprint import Document

# Debian's package for each library WeasyPrint loads (they load in this order).
SYSTEM_LIBRARIES = {
    "gobject": "libglib2.0-0",
    "pango-": "libpango-1.0-0",
    "harfbuzz": "libharfbuzz0b",
    "fontconfig": "libfontconfig1",
    "pangoft2": "libpangoft2-1.0-0",
}
FONT_NOT_LOADED = re.compile(r"Font-face '(?P<family>[^']*)' cannot be loaded")


@dataclass
class Refusal:
    url: str
    reason: str


@dataclass
class Fetches:
    """What one document asked for: what was refused, and the style sheets that were served
    (an address in one of them resolves from the sheet's own address)."""

    refusals: list[Refusal] = field(default_factory=list)
    stylesheets: list[Source] = field(default_factory=list)


@dataclass(frozen=True)
class Rendered:
    """A laid-out document: its pages, ready to measure or to write."""

    document: Document | None  # None for a style sheet checked on its own
    fetches: Fetches
    messages: Sequence[str]
    sources: Sequence[Source]  # where the addresses the document asks for are written
    base: Path  # the project: paths in messages are shown relative to it


class _Capture(logging.Handler):
    """Collects WeasyPrint's warnings, so that they reach the user through the report."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@cache
def _weasyprint() -> Any:
    # WeasyPrint prints its own advice to stdout before it raises: the message below replaces it.
    # Without HarfBuzz's subsetter it warns that future versions will need it: briefgen
    # does not use that subsetter (see `_subset_fonts_with_fonttools`).
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.filterwarnings("ignore", "HarfBuzz-Subset will be required")
        # Nothing "here" may be taken for a library: here is the project folder.
        with away_from_the_project():
            try:
                with linker_lookups():  # no compiler run to find the libraries: 140 ms
                    import weasyprint  # noqa: PLC0415 (lazy: it costs a third of a second)
            except OSError:
                try:  # the usual way, compiler and all, for a library only it can find
                    import weasyprint  # noqa: PLC0415
                except OSError as error:
                    raise missing_library(error) from None
    _subset_fonts_with_fonttools()
    return weasyprint


def _subset_fonts_with_fonttools() -> None:
    """Subset the PDF's fonts with fontTools on every machine, for the same bytes on each.

    WeasyPrint 70 subsets with HarfBuzz's subsetter where the system has it (Debian's
    libharfbuzz-subset0) and with fontTools where it does not, and the two write different
    font bytes: the same briefing gave another PDF on a machine without the library (and
    HarfBuzz's output changes with the operating system's version of it). WeasyPrint has no
    option to choose, so this is the one place briefgen sets names inside it: its module
    `weasyprint.pdf.fonts` is told there is no HarfBuzz subsetter, and given
    `briefgen.engine.subsetting` for `fontTools.subset` (its one use: `subset.Options` and
    `subset.Subsetter`). WeasyPrint is held below 71 (pyproject.toml), and
    tests/test_subsetting.py checks both names, and the bytes, directly.
    """
    from weasyprint.pdf import fonts  # noqa: PLC0415 (lazy, with WeasyPrint)

    from briefgen.engine import subsetting  # noqa: PLC0415 (imports fontTools' subsetter)

    fonts.harfbuzz_subset = None
    fonts.subset = subsetting  # WeasyPrint's one use: subset.Options and subset.Subsetter


def require_weasyprint() -> None:
    """Fail once, before any briefing, if WeasyPrint's system libraries cannot be loaded."""
    _weasyprint()


def missing_library(error: OSError) -> EnvironmentProblem:
    """WeasyPrint loads Pango and its kin with dlopen: a missing one is an OSError at import."""
    text = str(error)
    library = re.search(r"cannot load library '([^']+)'", text)
    name = library.group(1) if library else "one of Pango's libraries"
    package = next(
        (package for stem, package in SYSTEM_LIBRARIES.items() if stem in name.lower()),
        "libpango-1.0-0 libpangoft2-1.0-0",
    )
    return EnvironmentProblem(
        f"WeasyPrint, which makes the PDF, cannot load the system library {name}: it is "
        "missing or damaged",
        f"install it with: sudo apt-get install {package} (scripts/setup installs everything "
        "briefgen needs); then build again",
    )


def library_fault(error: BaseException) -> EnvironmentProblem | None:
    """A system library's failure while WeasyPrint lays a briefing out or writes it: a
    function missing from an older or damaged library (cffi's AttributeError), or the
    machine refusing what the engine asks of it (its temporary files: a full disk, a
    limit on file sizes). None for any other failure."""
    text = str(error)
    found = re.search(r"not found in library '([^']+)'", text)
    if isinstance(error, AttributeError) and found:
        name = found.group(1)
        package = next(
            (package for stem, package in SYSTEM_LIBRARIES.items() if stem in name.lower()),
            "libpango-1.0-0 libpangoft2-1.0-0",
        )
        return EnvironmentProblem(
            f"WeasyPrint, which makes the PDF, needs a function the system library {name} "
            "lacks: it is too old or damaged",
            f"update it with: sudo apt-get install --only-upgrade {package}; then build again",
        )
    if isinstance(error, OSError):
        where = f" ({escape_controls(str(error.filename))})" if error.filename else ""
        return EnvironmentProblem(
            f"WeasyPrint, which makes the PDF, could not use this computer's files: "
            f"{error.strerror or error}{where}",
            "check that the disk has room, that the temporary folder can be written, and "
            "that no limit on file sizes (ulimit -f) is set; then build again",
        )
    return None


@cache
def font_configuration() -> Any:
    """One font configuration for the process, reused by every briefing it builds."""
    _weasyprint()
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 (lazy)

    return FontConfiguration()


def make_fetcher(allowed: Sequence[Path], fetches: Fetches) -> Any:
    """A URL fetcher that serves data: URIs and files under `allowed`, and refuses the rest.

    Files are read through the gate (by their real path, links resolved, of their kind's
    size). Redirects are never followed: only local files are read, and WeasyPrint's own
    fetcher (which had a redirect bypass before version 68, CVE-2025-68616) serves
    nothing but data: URIs here.
    """
    urls = _weasyprint().urls

    class ProjectFetcher(urls.URLFetcher):  # type: ignore[misc,name-defined]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file" and parts.netloc.lower() in ("", "localhost"):
                path = Path(unquote(parts.path))
                try:
                    return _serve(urls, url, path, _file_bytes(path, allowed), fetches)
                except Refused as refused:
                    reason = f"it {refused.reason}"
            elif scheme == "file":
                reason = f"it is a file on another computer ({parts.netloc})"
            else:
                reason = "briefgen reaches no network while it builds"
            fetches.refusals.append(Refusal(url, reason))
            raise ValueError(f"briefgen refused to fetch {url}: {reason}")

    return ProjectFetcher(allow_redirects=False, timeout=1)


def _file_bytes(path: Path, allowed: Sequence[Path]) -> bytes:
    """The bytes of a file a document asks for, through the gate; a font must be usable."""
    data = fetch_bytes(path, kind_of(path), allowed)
    if path.suffix.lower() in FONT_SUFFIXES:
        problem = font_problem(data)
        if problem:
            raise Refused(f"is not a usable font: {problem}", "")
    return data


def _serve(urls: Any, url: str, path: Path, data: bytes, fetches: Fetches) -> Any:
    if path.suffix.lower() == ".css":
        fetches.stylesheets.append(Source(path, url))
    # Say what the file is, as WeasyPrint's own fetcher does: without a type, an SVG logo
    # is first offered to Pillow, which loads every image plug-in it has (60 ms) to fail.
    kind, _ = mimetypes.guess_type(path.name)
    headers = {"Content-Type": kind} if kind else None
    return urls.URLFetcherResponse(url, data, headers)


def render_pdf(
    html: str,
    stylesheet: str,
    base: Path,
    allowed: Sequence[Path],
    templates: Sequence[Path] = (),
) -> Rendered:
    """Lay out `html` as pages with `stylesheet`; any refused fetch is a user error naming it.

    `templates` are the files the HTML and the style sheet were rendered from, in the order
    they were read: a refusal names the one where its address is written.
    """
    weasyprint = _weasyprint()
    fetches = Fetches()
    base_url = base.resolve().as_uri() + "/"
    sources = [Source(template, base_url) for template in templates]
    parsed = parsed_stylesheet(stylesheet, base, tuple(allowed), tuple(sources))
    with _captured_messages() as messages:
        document = weasyprint.HTML(
            string=html, base_url=base_url, url_fetcher=make_fetcher(allowed, fetches)
        ).render(
            font_config=font_configuration(),
            stylesheets=[parsed],
            pdf_variant="pdf/ua-1",
            pdf_tags=True,
        )
    rendered = Rendered(document, fetches, messages, sources, base)
    _refuse_attachments(rendered, html, base_url)
    _refuse(rendered)
    _refuse_unloaded_fonts(rendered)
    return rendered


STYLESHEETS_KEPT = 4  # a build has one print style sheet; the preview, one an edit of the theme


@lru_cache(maxsize=STYLESHEETS_KEPT)
def parsed_stylesheet(
    text: str, base: Path, allowed: tuple[Path, ...], sources: tuple[Source, ...]
) -> Any:
    """A style sheet parsed once, its fonts loaded into the one font configuration.

    Parsing the theme's CSS and loading its four fonts took a quarter to a third of the
    time of laying out a briefing when each briefing did it again. The last few sheets
    are kept, not every one: the preview makes a new one each time the theme's CSS is
    saved. A sheet that asks for what it may not, or whose fonts will not load, is
    refused here, and not kept: it is tried again once the file it asked for is fixed.
    """
    fetches = Fetches()
    with _captured_messages() as messages:
        parsed = _weasyprint().CSS(
            string=text,
            base_url=base.resolve().as_uri() + "/",
            url_fetcher=make_fetcher(allowed, fetches),
            font_config=font_configuration(),
        )
    checked = Rendered(None, fetches, messages, sources, base)
    _refuse(checked)
    _refuse_unloaded_fonts(checked)
    return parsed


def write_pdf(rendered: Rendered, finisher: Any) -> bytes:
    """The PDF's bytes. Its dates are those of the print HTML (the briefing's, or
    SOURCE_DATE_EPOCH), and its fonts keep their files' own (`briefgen.engine.subsetting`): never
    the clock's. A font that cannot be written into it is the templates' mistake, naming
    the font (`font_fault`)."""
    assert rendered.document is not None
    try:
        with _captured_messages():
            data: bytes = rendered.document.write_pdf(
                pdf_variant="pdf/ua-1", pdf_identifier=True, finisher=finisher
            )
    except Exception as error:
        fault = font_fault(error, rendered.base)
        if fault is None:
            raise
        raise fault from error
    _refuse(rendered)  # anything fetched only while writing
    return data


def write_facing(parts: Sequence[Rendered], descriptions: Mapping[str, str]) -> bytes:
    """One PDF of the versions of a briefing laid out on their own (`parts`, the one to be
    read first first), facing page by page: page 1 of the first, page 1 of the second, then
    the pages 2, so that a reader sees each page in both languages side by side (the PDF
    opens in two-page view with the first on the left: the finisher's). A version shorter
    than another has a blank page where its page would be, so each pair stays together.
    Its title is the versions' titles together; its language, the first's.

    WeasyPrint's documented way of combining documents: the pages of each, copied into
    one document with the first one's metadata."""
    documents = [part.document for part in parts if part.document is not None]
    count = max(len(document.pages) for document in documents)
    pages = [
        document.pages[index] if index < len(document.pages) else _blank_page(document)
        for index in range(count)
        for document in documents
    ]
    combined = documents[0].copy(pages)
    languages = [document.metadata.lang or "" for index in range(count) for document in documents]
    titles = [document.metadata.title for document in documents if document.metadata.title]
    combined.metadata.title = " / ".join(dict.fromkeys(titles)) or combined.metadata.title
    finisher = make_finisher(descriptions, page_languages=languages)
    data = write_pdf(replace(parts[0], document=combined), finisher)
    for part in parts[1:]:
        _refuse(part)
    return data


def _blank_page(document: Document) -> Any:
    """An empty page of the size of `document`'s first: laid out by WeasyPrint from an
    empty document, as a page with nothing on it is."""
    weasyprint = _weasyprint()
    first = document.pages[0]
    size = weasyprint.CSS(string=f"@page {{ size: {first.width}px {first.height}px; margin: 0 }}")
    lang = html.escape(document.metadata.lang or "und")
    empty = weasyprint.HTML(string=f'<html lang="{lang}"><body></body></html>').render(
        font_config=font_configuration(), stylesheets=[size], pdf_variant="pdf/ua-1", pdf_tags=True
    )
    return empty.pages[0]


def font_fault(error: Exception, base: Path) -> Mistake | None:
    """The mistake of a font that fontTools failed on while writing it into the PDF (a
    table damaged inside, which the check of its table directory cannot see), named by
    its file where it is one of the theme's; None for any other failure."""
    font = _font_being_written(error.__traceback__)
    if font is None:
        return None
    content: bytes = font.file_content
    files = [file for file in print_fonts(theme_folders(base)) if _bytes_of(file) == content]
    name = str(shown_path(files[0], base.resolve())) if files else f"{font.family!r}"
    return Mistake(
        f"the font {name} cannot be written into the PDF: it is damaged inside "
        f"({summary_of(error)})",
        "copy the font file again from where it came from (briefgen's own are in its "
        "templates/fonts/), or remove the @font-face rule that names it",
    )


def _bytes_of(font: Path) -> bytes | None:
    """A theme font's bytes, read through the gate; None for one it will not read."""
    try:
        return read_bytes(font, FONT)
    except BriefgenError:
        return None


def _font_being_written(traceback: TracebackType | None) -> Any:
    """WeasyPrint's font whose subsetting or writing failed in fontTools, if that is where
    the traceback ends; None otherwise."""
    font, in_font_tools = None, False
    while traceback is not None:
        frame = traceback.tb_frame
        owner = frame.f_locals.get("self")
        if type(owner).__module__ == "weasyprint.pdf.fonts" and type(owner).__name__ == "Font":
            font = owner
        in_font_tools = in_font_tools or "fontTools" in Path(frame.f_code.co_filename).parts
        traceback = traceback.tb_next
    return font if in_font_tools else None


def _refuse_attachments(rendered: Rendered, html: str, base_url: str) -> None:
    """A briefing's PDF carries no attached files: `<link rel=attachment>` and
    `<a rel=attachment>` would embed a file's bytes, whatever the file."""
    attached = [urljoin(base_url, href) for href in attachment_links(html)]
    document = rendered.document
    assert document is not None
    if not attached and (document.metadata.attachments or _attachment_links(document)):
        attached = ["an attached file"]  # made some way the HTML does not show
    for url in attached:
        rendered.fetches.refusals.append(Refusal(url, "a briefing's PDF carries no attached files"))


def _attachment_links(document: Document) -> list[str]:
    return [link[1] for page in document.pages for link in page.links if link[0] == "attachment"]


def _refuse(rendered: Rendered) -> None:
    refusals = {(refusal.url, refusal.reason): refusal for refusal in rendered.fetches.refusals}
    if not refusals:
        return
    sources = [*rendered.sources, *rendered.fetches.stylesheets]
    details = "; ".join(
        f"{_where(refusal.url, sources, rendered.base)}asks for {refusal.url}: {refusal.reason}"
        for refusal in refusals.values()
    )
    raise Mistake(
        f"briefgen refused what the templates asked for: {details}",
        "keep every style sheet, font and image inside the project or the theme, refer to "
        "them by relative path, and attach no files",
    )


def _where(url: str, sources: Sequence[Source], base: Path) -> str:
    location = find_reference(url, sources)
    if location is None:
        return "a template "
    return f"{shown_path(location.file, base.resolve())}, line {location.line}, "


def _refuse_unloaded_fonts(rendered: Rendered) -> None:
    """WeasyPrint falls back to a system font, with only a warning, when a font will not load."""
    families = [m["family"] for m in map(FONT_NOT_LOADED.search, rendered.messages) if m]
    if families:
        family = families[0]
        # @font-face rules live in style sheets: look there before the HTML templates.
        files = sorted(
            (source.file for source in rendered.sources),
            key=lambda file: not file.name.endswith((".css", ".css.j2")),
        )
        location = find_text(family, files)
        where = ""
        if location is not None:
            where = f" ({shown_path(location.file, rendered.base.resolve())}, line {location.line})"
        raise Mistake(
            f"the font {family!r} of the templates cannot be loaded{where}: the PDF would be "
            "set in another typeface",
            "check the @font-face rule's src: it must name a TrueType, OpenType or WOFF file "
            "inside the project or the theme",
        )


@contextmanager
def _captured_messages() -> Iterator[list[str]]:
    logger = logging.getLogger("weasyprint")
    capture = _Capture()
    logger.addHandler(capture)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield capture.messages
    finally:
        logger.removeHandler(capture)
        logger.propagate = propagate


__all__ = [
    "Fetches",
    "Refusal",
    "Rendered",
    "font_configuration",
    "library_fault",
    "missing_library",
    "parsed_stylesheet",
    "render_pdf",
    "require_weasyprint",
    "write_facing",
    "write_pdf",
]
