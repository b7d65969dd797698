"""HTML to a tagged, reproducible A4 PDF with WeasyPrint: the only module that imports it.

WeasyPrint is imported lazily (it costs about half a second), gets a URL fetcher
that reads only files of the project and of the theme (and data: URIs), and
writes PDF/UA-1 with its tag tree, which `accessibility.finish_pdf` completes.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from briefgen.errors import UsageError

if TYPE_CHECKING:
    from weasyprint import Document

HARFBUZZ_SUBSET_MISSING = (
    "HarfBuzz's font subsetter (Debian package libharfbuzz-subset0) is not installed, so "
    "WeasyPrint falls back to fontTools: each PDF takes about 0.3 s longer to write. "
    "Install it with: sudo apt-get install libharfbuzz-subset0"
)


@dataclass
class Refusal:
    url: str
    reason: str


@dataclass(frozen=True)
class Rendered:
    """A laid-out document: its pages, ready to measure or to write."""

    document: Document
    refusals: Sequence[Refusal]
    messages: Sequence[str]

    @property
    def page_count(self) -> int:
        return len(self.document.pages)


class _Capture(logging.Handler):
    """Collects WeasyPrint's warnings, so that they reach the user through the report."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@cache
def _weasyprint() -> Any:
    import weasyprint  # noqa: PLC0415 (lazy: it costs half a second to import)

    return weasyprint


@cache
def font_configuration() -> Any:
    """One font configuration for the process, reused by every briefing it builds."""
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 (lazy)

    return FontConfiguration()


def harfbuzz_subset_available() -> bool:
    from weasyprint.text import ffi  # noqa: PLC0415 (lazy)

    return ffi.harfbuzz_subset is not None


def make_fetcher(allowed: Sequence[Path], refusals: list[Refusal]) -> Any:
    """A URL fetcher that serves data: URIs and files under `allowed`, and refuses the rest."""
    urls = _weasyprint().urls
    roots = [root.resolve() for root in allowed]

    class ProjectFetcher(urls.URLFetcher):  # type: ignore[misc,name-defined]
        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if any(path.is_relative_to(root) for root in roots) and path.is_file():
                    return urls.URLFetcherResponse(url, path.read_bytes())
                reason = "it is outside the project" if path.exists() else "there is no such file"
            else:
                reason = "briefgen reaches no network while it builds"
            refusals.append(Refusal(url, reason))
            raise ValueError(f"briefgen refused to fetch {url}: {reason}")

    return ProjectFetcher(allow_redirects=False, timeout=1)


def render_pdf(html: str, stylesheet: str, base: Path, allowed: Sequence[Path]) -> Rendered:
    """Lay out `html` as pages with `stylesheet`; any refused fetch is a user error naming it."""
    weasyprint = _weasyprint()
    refusals: list[Refusal] = []
    with _captured_messages() as messages:
        document = weasyprint.HTML(
            string=html,
            base_url=base.resolve().as_uri() + "/",
            url_fetcher=make_fetcher(allowed, refusals),
        ).render(
            font_config=font_configuration(),
            stylesheets=[parsed_stylesheet(stylesheet, base, tuple(allowed))],
            pdf_variant="pdf/ua-1",
            pdf_tags=True,
        )
    _refuse(refusals)
    return Rendered(document, refusals, messages)


@cache
def parsed_stylesheet(text: str, base: Path, allowed: tuple[Path, ...]) -> Any:
    """A style sheet parsed once a process, its fonts loaded into the one font configuration.

    Parsing the theme's CSS and loading its four fonts took about a third of the time
    of laying out a briefing when each briefing did it again.
    """
    refusals: list[Refusal] = []
    with _captured_messages():
        parsed = _weasyprint().CSS(
            string=text,
            base_url=base.resolve().as_uri() + "/",
            url_fetcher=make_fetcher(allowed, refusals),
            font_config=font_configuration(),
        )
    _refuse(refusals)
    return parsed


def write_pdf(rendered: Rendered, epoch: int, finisher: Any) -> bytes:
    """The PDF's bytes; every date inside is `epoch`, never the clock."""
    with _source_date_epoch(epoch), _captured_messages():
        data: bytes = rendered.document.write_pdf(
            pdf_variant="pdf/ua-1", pdf_identifier=True, finisher=finisher
        )
    _refuse(rendered.refusals)  # attachments are fetched only now
    return data


def _refuse(refusals: Sequence[Refusal]) -> None:
    if refusals:
        details = "; ".join(f"{refusal.url} ({refusal.reason})" for refusal in refusals)
        raise UsageError(
            f"the templates asked for files briefgen does not allow: {details}",
            "keep every stylesheet, font and image inside the project or the theme, "
            "and refer to them by relative path",
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


@contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    """fontTools stamps subset fonts with the clock unless SOURCE_DATE_EPOCH is set."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


__all__ = [
    "HARFBUZZ_SUBSET_MISSING",
    "Refusal",
    "Rendered",
    "font_configuration",
    "harfbuzz_subset_available",
    "render_pdf",
    "write_pdf",
]
