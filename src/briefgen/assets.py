"""What the templates bring into the outputs: where each address was written, whether a
font file can be used, and what a web page would load from elsewhere.

A project's own templates are trusted to style, not to reach out. The PDF's URL
fetcher (`pdf`) and the web outputs' check (`render`) refuse what reaches out; this
module finds the template file and line to name in the message, so that whoever
customised the theme knows what to change.
"""

from __future__ import annotations

import base64
import binascii
import html
import io
import re
import struct
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

from briefgen.errors import BriefgenError
from briefgen.gate import TEMPLATE, read_text

FONT_SUFFIXES = frozenset({".ttf", ".otf", ".woff", ".woff2"})
_SFNT_SIGNATURES = {b"\x00\x01\x00\x00", b"true", b"OTTO"}
_REQUIRED_TABLES = (b"cmap", b"head")

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
    """The first line among `files` that holds `needle`, ignoring case."""
    if not needle:
        return None
    lowered = needle.lower()
    for file in files:
        for number, line in _lines(file):
            if lowered in line.lower():
                return Location(file, number)
    return None


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


def font_problem(data: bytes) -> str | None:
    """Why `data` cannot be a font, or None. WeasyPrint would fall back to a system font
    without a word, and the PDF would be set in a typeface nobody chose."""
    if not data:
        return "the file is empty"
    signature = data[:4]
    if signature in (b"wOFF", b"wOF2"):
        declared = int.from_bytes(data[8:12], "big")
        return None if declared == len(data) else "the file is cut short or damaged"
    if signature == b"ttcf":
        return None  # a collection: its fonts are checked by whoever picks one
    if signature not in _SFNT_SIGNATURES:
        return "it is not a font file (TrueType, OpenType, WOFF or WOFF2)"
    return _table_problem(data)


def _table_problem(data: bytes) -> str | None:
    """An sfnt font lists its tables up front: each must lie inside the file."""
    count = int.from_bytes(data[4:6], "big")
    if count == 0 or len(data) < 12 + 16 * count:
        return "the file is cut short or damaged"
    tags = set()
    for index in range(count):
        entry = data[12 + 16 * index : 28 + 16 * index]
        offset, length = int.from_bytes(entry[8:12], "big"), int.from_bytes(entry[12:16], "big")
        if offset + length > len(data):
            return "the file is cut short or damaged"
        tags.add(entry[:4])
    missing = [tag.decode() for tag in _REQUIRED_TABLES if tag not in tags]
    return f"the font lacks its {' and '.join(missing)} table" if missing else None


# --- What a web page would load ------------------------------------------------------------

# Elements that run script or show another page inside this one, whatever their attributes.
_EMBEDDING = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base"}
)
# Attributes whose address the browser loads as the page opens.
_LOADING = frozenset({"src", "srcset", "data", "poster", "background", "lowsrc", "action"})
_LINK_ELEMENTS = frozenset({"a", "area"})
# <link> relations that name an address (the page's canonical one, its feed) without the
# browser loading it; `rel="alternate stylesheet"` is not among them.
_NAMING_RELATIONS = frozenset({"canonical", "alternate"})
_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
_CSS_URL = re.compile(r"""url\(\s*["']?\s*(?!data:)([^"')\s]+)|@import\s+["']([^"']+)""", re.I)


@dataclass(frozen=True)
class Reach:
    """Something a web output would load or run: what it is, and the text to find it by."""

    what: str
    needle: str


class _ReachFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Reach] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        if tag in _EMBEDDING:
            self.found.append(Reach(f"the element <{tag}>", f"<{tag}"))
            return  # refused whatever it loads
        naming = tag == "link" and _names_only(dict(attrs).get("rel"))
        for name, value in attrs:
            if not (naming and name == "href"):
                self._check_attribute(tag, name, (value or "").strip())

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found.extend(_css_reaches(data))

    def _check_attribute(self, tag: str, name: str, value: str) -> None:
        lowered = value.lower()
        if name.startswith("on"):
            self.found.append(Reach(f"a script in the {name} attribute of <{tag}>", f"{name}="))
        elif name == "style":
            self.found.extend(_css_reaches(value))
        elif name == "http-equiv" and lowered == "refresh":
            self.found.append(Reach("a <meta http-equiv=refresh>, which loads another page", name))
        elif tag in _LINK_ELEMENTS and name == "href":
            if lowered.replace(" ", "").startswith(_SCRIPT_SCHEMES):
                self.found.append(
                    Reach(f"a link to {value[:60]}, which is not a web address", value)
                )
        elif (name in _LOADING or name.endswith("href")) and not _is_inline(lowered):
            self.found.append(Reach(f"{value} (the {name} of <{tag}>)", value))


def _names_only(rel: str | None) -> bool:
    relations = set((rel or "").lower().split())
    return bool(relations) and relations <= _NAMING_RELATIONS


def _is_inline(value: str) -> bool:
    """Loading it reaches nothing: a data: URI, or a part of this very page."""
    return not value or value.startswith(("data:", "#"))


def _css_reaches(css: str) -> Iterator[Reach]:
    for match in _CSS_URL.finditer(css):
        address = match.group(1) or match.group(2)
        if not address.startswith("#"):
            yield Reach(f"{address} (in a style sheet)", address)


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


def web_reaches(page: str) -> list[Reach]:
    """What `page` would load from anywhere but itself, or run as script, when it opens."""
    finder = _ReachFinder()
    finder.feed(page)
    finder.close()
    return finder.found


# --- The logo ------------------------------------------------------------------------------

LOGO_BYTES = 2_000_000
LOGO_SIDE = 4000  # pixels; a logo of 4000 x 4000 decodes to 64 MB, a 30000 x 30000 one to 3.6 GB
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_SVG_REACH = re.compile(r"url\(\s*[\"']?\s*(?!#|data:)|@import", re.IGNORECASE)
_EMBEDDED_IMAGE = re.compile(r"data:image/(?:png|jpeg);base64,(.*)", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class LogoCheck:
    """What the logo's bytes are (`kind`, a media type), or why it cannot be drawn."""

    kind: str | None
    problem: str | None = None


def check_logo(data: bytes) -> LogoCheck:
    """The logo's type, told by its content and never by its name: an SVG, PNG or JPEG image
    that can be drawn, of bounded size. Anything else would give a blank box in its place,
    or publish a file that is not a logo."""
    if len(data) > LOGO_BYTES:
        return LogoCheck(None, f"it is {len(data) / 1_000_000:.1f} MB; a logo is at most 2 MB")
    if data.startswith(_PNG):
        return LogoCheck("image/png", raster_problem(data))
    if data.startswith(_JPEG):
        return LogoCheck("image/jpeg", raster_problem(data))
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        problem = svg_problem(data)
        if problem != _NOT_SVG:
            return LogoCheck("image/svg+xml", problem)
    return LogoCheck(None, _NOT_SVG)


_NOT_SVG = "it is not an SVG, PNG or JPEG image"


def raster_problem(data: bytes) -> str | None:
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
                if width > LOGO_SIDE or height > LOGO_SIDE:
                    return _too_large(f"it is {width} x {height} pixels")
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return _too_large("it has over 89 million pixels")
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
        return f"the image is damaged or cut short ({error})"
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated
    return None


def _too_large(size: str) -> str:
    return f"{size}; a logo is at most {LOGO_SIDE} x {LOGO_SIDE} pixels"


def svg_problem(data: bytes) -> str | None:
    """Why an SVG logo cannot be used. It may declare no DOCTYPE or entity (an external
    entity reads another file, nested ones exhaust memory) and may ask for nothing outside
    itself: the web page carries the logo inside it, and the PDF reads no other file."""
    if _DECLARATION.search(data):
        return "the SVG declares a DOCTYPE or an entity, which a logo may not"
    try:
        # No DOCTYPE, so no entity to expand or to fetch: expat reads the rest safely.
        root = ElementTree.fromstring(data)  # noqa: S314
    except ElementTree.ParseError as error:
        return f"the SVG is not well-formed ({error})"
    if root.tag not in (f"{_SVG_NAMESPACE}svg", "svg"):
        return _NOT_SVG
    for element in root.iter():
        problem = _svg_element_problem(element)
        if problem:
            return problem
    return None


def _svg_element_problem(element: ElementTree.Element) -> str | None:
    name = str(element.tag).rpartition("}")[2]
    if name in ("script", "foreignObject"):
        return f"the SVG holds a <{name}>, which a logo may not"
    if name == "style" and _SVG_REACH.search(element.text or ""):
        return "the SVG's style asks for a file outside the logo"
    for attribute, value in element.attrib.items():
        local = attribute.rpartition("}")[2]
        address = value.strip()
        if local in ("href", "src") and not address.startswith("#"):
            embedded = _EMBEDDED_IMAGE.match(address)
            if embedded is None:
                return f"the SVG asks for {address[:80]!r}, outside the logo"
            problem = _embedded_problem(embedded.group(1))
            if problem:
                return problem
        if local == "style" and _SVG_REACH.search(value):
            return "the SVG's style asks for a file outside the logo"
    return None


def _embedded_problem(encoded: str) -> str | None:
    """An image inside the SVG, as a data: URI, is held to the logo's own bounds."""
    try:
        data = base64.b64decode("".join(encoded.split()), validate=True)
    except (binascii.Error, ValueError):
        return "an image inside the SVG is damaged"
    problem = raster_problem(data)
    return f"an image inside the SVG: {problem}" if problem else None


__all__ = [
    "FONT_SUFFIXES",
    "LOGO_BYTES",
    "LOGO_SIDE",
    "Location",
    "LogoCheck",
    "Reach",
    "Source",
    "attachment_links",
    "check_logo",
    "find_reference",
    "find_text",
    "font_problem",
    "web_reaches",
]
