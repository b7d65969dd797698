"""What the templates bring into the outputs: where each address was written, whether a
font file or a logo can be used, and what the PDF would attach.

A project's own templates are trusted to style, not to reach out. The PDF's URL
fetcher (`pdf`) and the web outputs' check (`web_check`, called by `render`) refuse
what reaches out; this module finds the template file and line to name in the message,
so that whoever customised the theme knows what to change.
"""

from __future__ import annotations

import html
import io
import re
import struct
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from briefgen.errors import BriefgenError
from briefgen.gate import TEMPLATE, read_text
from briefgen.render.verdicts import remembered

# An address as templates write one: an attribute value, a CSS url() or an @import string.
_REFERENCE = re.compile(
    r"""\b(?:src|href|srcset|data|poster|background|action|formaction)\s*=\s*"""
    r"""(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s>"']+))"""
    r"""|url\(\s*(?:"(?P<css_double>[^"]*)"|'(?P<css_single>[^']*)'|(?P<css_bare>[^)\s]*))"""
    r"""|@import\s+(?:"(?P<import_double>[^"]*)"|'(?P<import_single>[^']*)')""",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Source:
    """A file whose text may hold addresses, and the address its relative ones resolve from."""

    file: Path
    base_url: str


@dataclass(frozen=True)
class Location:
    file: Path
    line: int  # 1-based


def find_reference(url: str, sources: Sequence[Source]) -> Location | None:
    """The first place among `sources` where an address that resolves to `url` is written."""
    wanted = _comparable(url)
    for source in sources:
        for number, line in _lines(source.file):
            for written in _references(line):
                if _comparable(urljoin(source.base_url, written)) == wanted:
                    return Location(source.file, number)
    # Written some other way (built by Jinja, say): the address itself, or its file name.
    return find_text(url, [source.file for source in sources]) or find_text(
        _file_name(url), [source.file for source in sources]
    )


def find_text(needle: str, files: Sequence[Path]) -> Location | None:
    """The first line among `files` that holds `needle`, ignoring case; failing that, the
    first that holds it once both are decoded as a browser decodes them (`java&#9;script:`
    and `@im\\70ort` are where `javascript:` and `@import` were found), or that starts it
    across an escaped line break."""
    if not needle:
        return None
    lowered = needle.lower()
    found = _first_line(files, lambda line, _: lowered in line.lower())
    decoded = _decoded(needle)
    if found is not None or not decoded:
        return found

    def holds(line: str, after: str) -> bool:
        return decoded in _decoded(line) or (
            decoded in _decoded(f"{line}\n{after}") and decoded not in _decoded(after)
        )

    return _first_line(files, holds)


def _first_line(files: Sequence[Path], holds: Callable[[str, str], bool]) -> Location | None:
    """The first line that `holds(line, the line after it)` says holds what is sought."""
    for file in files:
        lines = [line for _, line in _lines(file)]
        for number, (line, after) in enumerate(zip(lines, [*lines[1:], ""], strict=True), 1):
            if holds(line, after):
                return Location(file, number)
    return None


# A CSS escape: a code point in hex, any other character, or a line break (which a string
# continues across).
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n]?|(.))", re.DOTALL)
_UNSEEN = re.compile(r"[\s\x00-\x1f\x7f]+")


def _decoded(text: str) -> str:
    """`text` with HTML's character references and CSS's escapes decoded, and without the
    spaces and controls that browsers drop from an address: lower-cased, to compare."""

    def unescape(match: re.Match[str]) -> str:
        if match[2] is not None:
            return match[2]
        code = int(match[1], 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _UNSEEN.sub("", _CSS_ESCAPE.sub(unescape, html.unescape(text))).lower()


def _lines(file: Path) -> Iterator[tuple[int, str]]:
    """The lines of a template or style sheet already read through the gate (one that
    cannot be read again, or is not UTF-8, has no line to give)."""
    try:
        text = read_text(file, TEMPLATE)
    except BriefgenError:
        return
    yield from enumerate(text.splitlines(), start=1)


def _references(line: str) -> Iterator[str]:
    for match in _REFERENCE.finditer(line):
        written = next(value for value in match.groupdict().values() if value is not None)
        written = html.unescape(written.strip())
        if written and "{{" not in written:
            yield written


def _comparable(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{unquote(parts.path)}?{parts.query}"


def _file_name(url: str) -> str:
    name = unquote(urlsplit(url).path).rstrip("/").rpartition("/")[2]
    return name if "." in name else ""


# --- What the PDF would attach ----------------------------------------------------------


class _AttachmentFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        rel = (attributes.get("rel") or "").lower().split()
        if tag in ("link", "a") and "attachment" in rel:
            self.found.append((attributes.get("href") or "").strip())


def attachment_links(page: str) -> list[str]:
    """The addresses of `<link rel=attachment>` and `<a rel=attachment>`: WeasyPrint embeds
    the bytes of each in the PDF as an attached file."""
    finder = _AttachmentFinder()
    finder.feed(page)
    finder.close()
    return finder.found


# --- The logo ------------------------------------------------------------------------------

LOGO_BYTES = 2_000_000
IMAGE_BYTES = 5_000_000  # a photograph in a briefing: 5 MB is a print-quality A4 JPEG
LOGO_SIDE = 4000  # pixels; a logo of 4000 x 4000 decodes to 64 MB, a 30000 x 30000 one to 3.6 GB
IMAGE_SIDE = 6000  # pixels; an image of 6000 x 6000 decodes to 144 MB, its bound
_NOT_SVG = "it is not an SVG, PNG or JPEG image"
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"


@dataclass(frozen=True)
class LogoCheck:
    """What the image's bytes are (`kind`, a media type), or why it cannot be drawn; and its
    size (pixels, or an SVG's own units), where it says it, to keep its shape on the page."""

    kind: str | None
    problem: str | None = None
    size: tuple[float, float] | None = None


def check_logo(data: bytes) -> LogoCheck:
    """The logo's type, told by its content and never by its name: an SVG, PNG or JPEG image
    that can be drawn, of bounded size. Anything else would give a blank box in its place,
    or publish a file that is not a logo."""
    return check_image(data, what="a logo", limit=LOGO_BYTES, side=LOGO_SIDE)


def check_image(
    data: bytes, *, what: str = "an image", limit: int = IMAGE_BYTES, side: int = IMAGE_SIDE
) -> LogoCheck:
    """An image's type, told by its content as the logo's is (`check_logo`), within `limit`
    bytes and `side` pixels a side: a briefing's image block is held to the same rules."""
    if len(data) > limit:
        return LogoCheck(
            None, f"it is {len(data) / 1_000_000:.1f} MB; {what} is at most {limit // 1_000_000} MB"
        )
    for signature, kind in ((_PNG, "image/png"), (_JPEG, "image/jpeg")):
        if data.startswith(signature):
            problem = raster_problem(data, what, side)  # its size is read once it is sound
            return LogoCheck(kind, problem, None if problem else _raster_size(data))
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        problem, size = svg_verdict(data, what, side)
        if problem != _NOT_SVG:
            return LogoCheck("image/svg+xml", problem, size)
    return LogoCheck(None, _NOT_SVG)


def svg_verdict(
    data: bytes, what: str = "a logo", side: int = LOGO_SIDE
) -> tuple[str | None, tuple[float, float] | None]:
    """`svg_problem` and, for an SVG that may be drawn, its `svg_size`: the same answer for
    the same bytes, so kept between builds (briefgen.render.verdicts)."""

    def check() -> list[Any]:
        problem = svg_problem(data, what, side)
        size = None if problem else svg_size(data)
        return [problem, None if size is None else list(size)]

    kept = remembered(f"svg {what} {side}", data, check)
    if not _is_verdict(kept):
        kept = check()  # not as briefgen keeps it: never trusted
    problem, size = kept
    return problem, None if size is None else (float(size[0]), float(size[1]))


def _is_verdict(kept: object) -> bool:
    """Whether a kept answer has the shape `svg_verdict` gives: [problem or None, size or None]."""
    if not isinstance(kept, list) or len(kept) != 2:
        return False
    problem, size = kept
    sized = size is None or (
        isinstance(size, list) and len(size) == 2 and all(isinstance(n, int | float) for n in size)
    )
    return (problem is None or isinstance(problem, str)) and sized


def raster_problem(data: bytes, what: str = "a logo", side: int = LOGO_SIDE) -> str | None:
    """Why a PNG or JPEG cannot be drawn: damaged, cut short, or too many pixels. Its size
    is read from its header before any pixel is decoded."""
    from PIL import Image, ImageFile  # noqa: PLC0415 (lazy: only a raster logo needs it)

    # WeasyPrint, once imported, sets LOAD_TRUNCATED_IMAGES for every image it loads: a
    # cut-short logo would then be drawn grey where its pixels are missing.
    truncated, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=("PNG", "JPEG")) as image:
                width, height = image.size
                if width > side or height > side:
                    return _too_large(f"it is {width} x {height} pixels", what, side)
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return _too_large("it has over 89 million pixels", what, side)
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
        return f"the image is damaged or cut short ({error})"
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated
    return None


def _raster_size(data: bytes) -> tuple[float, float] | None:
    """A PNG's or JPEG's size in pixels, from its header (None if it cannot be read)."""
    from PIL import Image  # noqa: PLC0415 (lazy: only a raster image needs it)

    try:
        with Image.open(io.BytesIO(data), formats=("PNG", "JPEG")) as image:
            width, height = image.size
    except (OSError, SyntaxError, ValueError, EOFError, struct.error):
        return None
    return float(width), float(height)


_NUMBER = re.compile(r"^\s*([0-9]*\.?[0-9]+)(?:px)?\s*$")


def svg_size(data: bytes) -> tuple[float, float] | None:
    """An SVG's shape: its viewBox's width and height, or its own `width` and `height` in
    plain numbers (None where it says neither: it then takes the width it is given)."""
    from lxml import etree  # noqa: PLC0415 (lazy: see svg_problem)

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(data, parser)  # already read by svg_problem: well-formed
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            width, height = float(box[2]), float(box[3])
        except ValueError:
            width = height = 0.0
        if width > 0 and height > 0:
            return width, height
    sides = [_NUMBER.match(root.get(name) or "") for name in ("width", "height")]
    if sides[0] and sides[1] and float(sides[0][1]) > 0 and float(sides[1][1]) > 0:
        return float(sides[0][1]), float(sides[1][1])
    return None


def _too_large(size: str, what: str = "a logo", side: int = LOGO_SIDE) -> str:
    return f"{size}; {what} is at most {side} x {side} pixels"


def svg_problem(data: bytes, what: str = "a logo", side: int = LOGO_SIDE) -> str | None:
    """Why an SVG logo (or image) cannot be used (`svg_check` says what an SVG may hold), or
    None. A PNG or JPEG inside it is held to the logo's (or image's) own bounds."""
    # Lazy: lxml takes tens of milliseconds to import, and a rebuild with nothing to do
    # reads no SVG.
    from briefgen.render.svg_check import read_svg  # noqa: PLC0415

    reading = read_svg(data)
    if not reading.is_svg:
        return _NOT_SVG
    if reading.problem is not None:
        return reading.problem
    for image in reading.images:
        problem = raster_problem(image, what, side)
        if problem:
            return f"an image inside the SVG: {problem}"
    return None


__all__ = [
    "IMAGE_BYTES",
    "IMAGE_SIDE",
    "LOGO_BYTES",
    "LOGO_SIDE",
    "Location",
    "LogoCheck",
    "Source",
    "attachment_links",
    "check_image",
    "check_logo",
    "find_reference",
    "find_text",
    "raster_problem",
    "svg_problem",
    "svg_size",
    "svg_verdict",
]
