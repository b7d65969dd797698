"""What a reader sees of a text field, and where in the field each character was written.

The personal-data guard reads this, not the source: `**Mrs** Patel`, `Mrs&nbsp;Patel` and
`943&#32;476&#32;5919` hide from a search of the YAML, and print as the plain identifier.
A field is parsed as the renderer parses it (`briefgen.content.markdown`: as paragraphs where the
field takes them, as one line otherwise) and read as a reader reads the page:

- the running text: emphasis gone, escapes and character references decoded, an image as
  its alternative text (all the renderer shows of it), each line break a line break, and
  paragraphs and list items kept apart by a blank line;
- apart from it, what a link carries besides its words: its title, which a web page shows
  on hover, and a `mailto:` or `tel:` address (its percent-encoding decoded, as a mail
  program decodes it). Web addresses are not read: the rules leave them alone anyway;
- HTML is shown as text, tags and all; a reader's eye passes over the tags, and so does
  the running text ("<b>Mrs</b> Patel" reads "Mrs Patel"), while each tag is read apart
  for what it holds.

markdown-it-py's tokens carry no character offsets. Each piece of text is looked for in the
source after the piece before it, and the parts of a link that no token holds (its address
and title) are stepped over with markdown-it-py's own parsers of them. Every character read
keeps the span of the source it came from, so that a finding is quoted as the reader sees
it and located where it was written. A piece that does not read as it was written (an
autolink's address, which markdown-it-py rewrites; a title from a reference definition)
spans all of what it was written as; one found nowhere (none is known) spans nothing at
the place the search stood, so that a finding is still located on the right line.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from markdown_it.token import Token

from briefgen.content.markdown import literal_tokens, reading_tokens
from briefgen.content.privacy import Finding, find_personal_data

Span = tuple[int, int]
# A tag shown as text: `<`, a name, and up to a few hundred characters to its `>` (bounded,
# so that a run of `<` without a `>` costs a bounded scan each: linear in the text).
TAG_AS_TEXT = re.compile(r"</?[A-Za-z][^<>\n]{0,300}>|<!--[^<>]{0,300}-->")
READ_ADDRESSES = ("mailto:", "tel:")
PARAGRAPH_BREAK = "\n\n"
LINE_BREAK = re.compile(r"\r\n?|\n")  # as markdown-it-py reads one


@dataclass(frozen=True)
class Piece:
    """A run of text read: where it starts in the reading, and what of the source it was
    written as, either character for character or all of it at once (a reference)."""

    at: int
    length: int
    written: Span
    verbatim: bool

    def span(self, index: int) -> Span:
        """What the reading's character at `index` (one of this piece's) was written as."""
        if not self.verbatim:
            return self.written
        start = self.written[0] + index - self.at
        return start, start + 1


@dataclass(frozen=True)
class Reading:
    """Text a reader sees, in pieces that say what of the source each character was written
    as (an escape or a reference spans several; a character found nowhere, none)."""

    text: str
    pieces: tuple[Piece, ...]

    def span(self, index: int) -> Span:
        """What the character at `index` was written as."""
        piece = self.pieces[bisect_right(self.pieces, index, key=lambda piece: piece.at) - 1]
        return piece.span(index)

    def written(self, start: int, end: int) -> Span:
        """Where `text[start:end]` was written: from its first character's span to its last's."""
        first, last = self.span(start), self.span(end - 1)
        return first[0], max(last[1], first[0])


@dataclass(frozen=True)
class PublishedFinding:
    """Personal data as a reader sees it (`finding.text`) and as it was written (`written`)."""

    finding: Finding
    written: str
    start: int  # where `written` starts in the source

    @property
    def text(self) -> str:
        return self.finding.text


def find_published_personal_data(source: str, *, paragraphs: bool) -> list[PublishedFinding]:
    """What `privacy.find_personal_data` finds in what a reader sees of `source`."""
    found = []
    for reading in read_as_published(source, paragraphs=paragraphs):
        for finding in find_personal_data(reading.text):
            start, end = reading.written(finding.start, finding.end)
            found.append(PublishedFinding(finding, source[start:end], start))
    return found


def read_as_published(source: str, *, paragraphs: bool) -> list[Reading]:
    """The running text that a reader sees of `source` first, then each thing read apart."""
    reader = _Reader(source)
    for token in reading_tokens(source, paragraphs=paragraphs):
        if token.type == "inline":
            reader.start_paragraph()
            reader.read(token.children or [])
    running, tags = _without_tags(reader.running.reading())
    return [running, *tags, *reader.apart]


class _Text:
    """Text being read, piece by piece."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pieces: list[Piece] = []
        self.length = 0

    def add(self, text: str, written: Span, *, verbatim: bool) -> None:
        """Text written as `written`: as it reads (`verbatim`), or otherwise (a reference)."""
        if text:
            self.pieces.append(Piece(self.length, len(text), written, verbatim))
            self.parts.append(text)
            self.length += len(text)

    def add_verbatim(self, text: str, start: int) -> None:
        self.add(text, (start, start + len(text)), verbatim=True)

    def add_part(self, reading: Reading, start: int, end: int) -> None:
        """`reading.text[start:end]`, written as it was in `reading`."""
        index = max(bisect_right(reading.pieces, start, key=lambda piece: piece.at) - 1, 0)
        for piece in itertools.takewhile(lambda piece: piece.at < end, reading.pieces[index:]):
            first, last = max(start, piece.at), min(end, piece.at + piece.length)
            if first < last:
                written = piece.span(first)[0], piece.span(last - 1)[1]
                self.add(reading.text[first:last], written, verbatim=piece.verbatim)

    def reading(self) -> Reading:
        return Reading("".join(self.parts), tuple(self.pieces))


def _without_tags(reading: Reading) -> tuple[Reading, list[Reading]]:
    """The reading with each tag shown as text left out, and the tags, each read apart."""
    if "<" not in reading.text:
        return reading, []
    kept = _Text()
    tags: list[Reading] = []
    last = 0
    for tag in TAG_AS_TEXT.finditer(reading.text):
        kept.add_part(reading, last, tag.start())
        apart = _Text()
        apart.add_part(reading, tag.start(), tag.end())
        tags.append(apart.reading())
        last = tag.end()
    kept.add_part(reading, last, len(reading.text))
    return kept.reading(), tags


@dataclass
class _Link:
    token: Token
    start: int  # where its `[` (or an autolink's `<`) was written


class _Reader:
    """Reads inline tokens in order, keeping where the search of the source stands."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.cursor = 0
        self.running = _Text()
        self.apart: list[Reading] = []
        self.links: list[_Link] = []
        self.autolink: Span | None = None  # the address between an autolink's < and >
        self.handlers: dict[str, Callable[[Token], None]] = {
            "text": self.read_text,
            "text_special": self.read_reference,
            "softbreak": self.read_line_break,
            "hardbreak": self.read_line_break,
            "link_open": self.open_link,
            "link_close": self.close_link,
            "image": self.read_image,
        }

    def read(self, tokens: Sequence[Token]) -> None:
        for token in tokens:
            handler = self.handlers.get(token.type)
            if handler is not None:  # emphasis and the like print no character
                handler(token)

    def start_paragraph(self) -> None:
        if self.running.length:
            self.running.add(PARAGRAPH_BREAK, (self.cursor, self.cursor), verbatim=False)

    def find(self, written: str) -> int:
        """Where `written` next stands in the source, moving the search past it; -1 if nowhere."""
        found = self.source.find(written, self.cursor)
        if found >= 0:
            self.cursor = found + len(written)
        return found

    def read_text(self, token: Token) -> None:
        if self.autolink is not None:  # markdown-it-py writes the address as it would show it
            start, end = self.autolink
            verbatim = self.source[start:end] == token.content
            self.running.add(token.content, self.autolink, verbatim=verbatim)
            return
        start = self.find(token.content)
        if start >= 0:
            self.running.add_verbatim(token.content, start)
        else:
            self.running.add(token.content, (self.cursor, self.cursor), verbatim=False)

    def read_reference(self, token: Token) -> None:
        """An escape (`\\@`) or a character reference (`&#64;`): read as what it stands for."""
        start = self.find(token.markup)
        span = (start, start + len(token.markup)) if start >= 0 else (self.cursor, self.cursor)
        self.running.add(token.content, span, verbatim=False)

    def read_line_break(self, token: Token) -> None:
        """A line break; but a blank line in a field shown as one line (two soft breaks)
        shows as one space, as any run of white space does on the page: it reads as one."""
        written = LINE_BREAK.search(self.source, self.cursor)
        span = written.span() if written else (self.cursor, self.cursor)
        self.cursor = span[1]
        if token.type == "softbreak" and self.running.parts[-1:] == ["\n"]:
            return
        self.running.add("\n", span, verbatim=False)

    def open_link(self, token: Token) -> None:
        start = self.find("<" if token.info == "auto" else "[")
        start = start if start >= 0 else self.cursor
        if token.info == "auto":
            end = self.source.find(">", self.cursor)
            self.autolink = (start + 1, end) if end >= 0 else (self.cursor, self.cursor)
        self.links.append(_Link(token, start))

    def close_link(self, _token: Token) -> None:
        link = self.links.pop()
        destination: Span | None = None
        title: Span | None = None
        if link.token.info == "auto":
            self.autolink = None
            self.find(">")
        else:
            self.find("]")
            destination, title = self.step_over_destination()
        whole = (link.start, self.cursor)
        self.apart.extend(_link_readings(self.source, link.token, destination or whole, title))

    def read_image(self, token: Token) -> None:
        """An image prints as its alternative text, and nothing else of it."""
        self.find("![")
        self.read(token.children or [])
        self.find("]")
        self.step_over_destination()

    def step_over_destination(self) -> tuple[Span | None, Span | None]:
        """After a link's `]`: the spans of its `(address "title")`, stepped over; a reference
        (`[label]`) is stepped over too, and gives neither (its definition is elsewhere)."""
        source, position = self.source, self.cursor
        if source.startswith("[", position):
            self.find("]")
            return None, None
        if not source.startswith("(", position):
            return None, None
        position = _after_spaces(source, position + 1)
        address = parseLinkDestination(source, position, len(source))
        if not address.ok:
            return None, None
        destination = (position, address.pos)
        position = _after_spaces(source, address.pos)
        title = parseLinkTitle(source, position, len(source))
        title_span = None
        if title.ok and position > address.pos:
            title_span = (position + 1, title.pos - 1)
            position = _after_spaces(source, title.pos)
        if source.startswith(")", position):
            self.cursor = position + 1
        return destination, title_span


def _after_spaces(source: str, position: int) -> int:
    while position < len(source) and source[position] in " \t\n":
        position += 1
    return position


def _link_readings(
    source: str, token: Token, destination: Span, title: Span | None
) -> Iterator[Reading]:
    """What a link carries besides its words: a mailto: or tel: address, and a title."""
    address = str(token.attrs.get("href", ""))
    if address.lower().startswith(READ_ADDRESSES):
        decoded = unquote(address)
        written = source[destination[0] : destination[1]]
        text = _Text()
        text.add(decoded, destination, verbatim=written == decoded)
        yield text.reading()
    if "title" in token.attrs:
        yield _title_reading(source, str(token.attrs["title"]), title or destination)


def _title_reading(source: str, title: str, span: Span) -> Reading:
    """A link's title as the page shows it, each character with where it was written."""
    raw = source[span[0] : span[1]]
    reader = _Reader(raw)
    reader.read(literal_tokens(raw))
    read = reader.running.reading()
    text = _Text()
    if read.text != title:  # a title from a reference definition, written elsewhere
        text.add(title, span, verbatim=False)
        return text.reading()
    for piece in read.pieces:
        written = piece.written[0] + span[0], piece.written[1] + span[0]
        text.add(read.text[piece.at : piece.at + piece.length], written, verbatim=piece.verbatim)
    return text.reading()


__all__ = [
    "PublishedFinding",
    "find_published_personal_data",
    "read_as_published",
]
