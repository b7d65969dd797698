"""The frame around the sections as the templates see it: each place's pieces, in order.

The layout's frame (`briefgen.content.frame.Frame`), with the briefing's own placements,
says which parts stand above the title, under it, in the label and at the foot. Each
part the briefing has becomes a piece for its template, `templates/frame/<kind>.html.j2`:
a line of text, the label, facts (a term and its value: "Review date: July 2026"), the
byline, or the document-control table. Facts side by side share one list; a part the
briefing does not have is left out, so nothing is shown that the briefing did not give.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from briefgen.content.dates import WrittenDate
from briefgen.content.frame import Frame, Part, Place
from briefgen.content.languages import untranslated
from briefgen.content.markdown import render_inline, render_text
from briefgen.content.model import Briefing
from briefgen.render.words import ENGLISH_WORDS, Words

# What a fact is called: in the foot's list ("Review date:") and in the label ("Next
# review July 2026"), where the publication date stands alone.
TERMS = {
    Part.PUBLISHED: untranslated("Published"),
    Part.LAST_UPDATED: untranslated("Last updated"),
    Part.REVIEW_DATE: untranslated("Review date"),
    Part.PERIOD_REVIEWED: untranslated("Period reviewed"),
    Part.VERSION: untranslated("Version"),
    Part.BYLINE: untranslated("Written by"),
}
LEADS = {
    Part.PUBLISHED: "",
    Part.LAST_UPDATED: untranslated("Last updated"),
    Part.REVIEW_DATE: untranslated("Next review"),
    Part.PERIOD_REVIEWED: untranslated("Period reviewed:"),
    Part.VERSION: untranslated("Version"),
}
# The class of a line of the masthead: the type above the title is a kicker, not the label's.
LINE_CLASSES = {Part.TYPE: "bg-kicker"}


@dataclass(frozen=True)
class Fact:
    """A term and its values, each a line of the list; a date's values carry its datetime."""

    term: str
    values: tuple[str, ...]
    datetime: str | None = None


@dataclass(frozen=True)
class LabelItem:
    """One thing the label says: `css` (a span's class, or none), its `lead` words, its
    text, and the datetime of a date."""

    css: str
    lead: str
    text: str
    datetime: str | None = None


@dataclass(frozen=True)
class Author:
    name: str
    role: str
    after: str  # what follows, before the next author: "; "


@dataclass(frozen=True)
class ControlRow:
    label: str
    value: Markup


@dataclass(frozen=True)
class Piece:
    """A part of the frame for its template: `kind` names the template, `css` its class."""

    kind: str  # line, label, facts, byline, document_control
    css: str
    data: Any


@dataclass(frozen=True)
class FrameView:
    """The pieces above the title, under it and at the foot, in order."""

    above_title: tuple[Piece, ...] = ()
    under_title: tuple[Piece, ...] = ()
    foot: tuple[Piece, ...] = ()


def present_frame(
    briefing: Briefing, frame: Frame, type_label: str, words: Words = ENGLISH_WORDS
) -> FrameView:
    """The briefing's frame: `frame` (the layout's) with the briefing's placements, its
    terms and dates in the language of `words`."""
    placed = frame.moved(briefing.frame)
    label = tuple(
        item for part in placed.label if (item := label_item(briefing, part, type_label, words))
    )
    return FrameView(
        *(
            tuple(_grouped(_pieces(briefing, getattr(placed, place.value), place, label, words)))
            for place in (Place.ABOVE_TITLE, Place.UNDER_TITLE, Place.FOOT)
        )
    )


def _pieces(
    briefing: Briefing,
    parts: list[Part],
    place: Place,
    label: tuple[LabelItem, ...],
    words: Words,
) -> Iterator[Piece | Fact]:
    for part in parts:
        if part is Part.LABEL:
            if label:
                yield Piece("label", "bg-label", label)
        elif part.is_fact or (part is Part.BYLINE and place is Place.FOOT):
            fact = fact_of(briefing, part, words)
            if fact is not None:
                yield fact
        else:
            piece = piece_of(briefing, part, words)
            if piece is not None:
                yield piece


def _grouped(pieces: Iterator[Piece | Fact]) -> Iterator[Piece]:
    """Facts side by side as one list; every other piece as it is."""
    facts: list[Fact] = []
    for piece in pieces:
        if isinstance(piece, Fact):
            facts.append(piece)
            continue
        if facts:
            yield Piece("facts", "bg-facts", tuple(facts))
            facts = []
        yield piece
    if facts:
        yield Piece("facts", "bg-facts", tuple(facts))


def piece_of(briefing: Briefing, part: Part, words: Words = ENGLISH_WORDS) -> Piece | None:
    """A line, the byline or the document-control block; None where the briefing has none."""
    if part is Part.BYLINE:
        return Piece("byline", "bg-byline", _authors(briefing)) if briefing.authors else None
    if part is Part.DOCUMENT_CONTROL:
        rows = tuple(
            ControlRow(item.label, render_text(item.value)) for item in briefing.document_control
        )
        return Piece("document_control", "bg-document-control", rows) if rows else None
    text = line_text(briefing, part, words)
    if text is None:
        return None
    return Piece("line", LINE_CLASSES.get(part, f"bg-{part.value.replace('_', '-')}"), text)


def line_text(briefing: Briefing, part: Part, words: Words = ENGLISH_WORDS) -> str | Markup | None:
    """The words of a line of the masthead, where the briefing gives them."""
    if part is Part.SERIES:
        return series_text(briefing, words)
    if part is Part.SUMMARY:
        return render_inline(briefing.summary) if briefing.summary else None
    if part is Part.TYPE:
        return type_label_of(briefing)
    value: str | None = getattr(briefing, part.field)
    return value


def series_text(briefing: Briefing, words: Words = ENGLISH_WORDS) -> str | None:
    """ "Learning Lens, issue 12", or the series' name alone."""
    series = briefing.series
    if series is None:
        return None
    if not series.issue:
        return series.name
    return words.gettext("%(series)s, issue %(issue)s") % {
        "series": series.name,
        "issue": series.issue,
    }


def type_label_of(briefing: Briefing) -> str:
    """The type in sentence case, as the label shows it; empty for a briefing without one."""
    if not briefing.type:
        return ""
    return briefing.type[0].upper() + briefing.type[1:]


def _authors(briefing: Briefing) -> tuple[Author, ...]:
    count = len(briefing.authors)
    return tuple(
        Author(author.name, author.role, "" if index == count else "; ")
        for index, author in enumerate(briefing.authors, start=1)
    )


def fact_of(briefing: Briefing, part: Part, words: Words = ENGLISH_WORDS) -> Fact | None:
    """A date, the period reviewed, the version or the authors, as a term and its values."""
    term = words.gettext(TERMS[part])
    if part is Part.BYLINE:
        authors = tuple(f"{author.name}, {author.role}" for author in briefing.authors)
        return Fact(term, authors) if authors else None
    text, when = fact_value(briefing, part, words)
    return None if text is None else Fact(term, (text,), when)


def fact_value(
    briefing: Briefing, part: Part, words: Words = ENGLISH_WORDS
) -> tuple[str | None, str | None]:
    """A fact's words and, for a date, its datetime (as written: `2025-07`)."""
    if part is Part.VERSION:
        return briefing.version, None
    if part is Part.PERIOD_REVIEWED:
        reviewed = briefing.period_reviewed
        return (words.period(reviewed.start, reviewed.end) if reviewed else None), None
    date: WrittenDate | None = getattr(briefing, part.field)
    return (None, None) if date is None else (words.date(date), date.written)


def label_item(
    briefing: Briefing, part: Part, type_label: str, words: Words = ENGLISH_WORDS
) -> LabelItem | None:
    """What the label says of a part: the type, or a fact with its lead words."""
    if part is Part.TYPE:
        return LabelItem("bg-type", "", type_label)
    text, when = fact_value(briefing, part, words)
    if text is None:
        return None
    css = "" if part is Part.PUBLISHED else f"bg-{part.value.replace('_', '-')}"
    lead = words.gettext(LEADS[part]) if LEADS[part] else ""
    return LabelItem(css, lead, text, when)


__all__ = [
    "Fact",
    "FrameView",
    "LabelItem",
    "Piece",
    "present_frame",
    "series_text",
    "type_label_of",
]
