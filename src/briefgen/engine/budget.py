"""The page budget: how many pages a briefing takes, and what runs over.

A comms team's worst moment is a third page found after publishing. This module
reads WeasyPrint's laid-out pages (no second layout) and says which section or
finding runs past the last page of the budget, how many lines, and about how
many words to cut; and how full the last page is, so that a briefing that
leaves most of it empty gets a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from briefgen.errors import ContentError, Problem

# Parts of a briefing that are not a <section> with a heading, by their class.
NAMED_PARTS = {
    "bg-masthead": "The title",
    "bg-intro": "The introduction",
    "bg-cohort": "The cohort chart",
    "bg-key-message": "The key message",
    "bg-note": "The note",
}
ITEM_NOUNS = {"bg-items": "item", "bg-questions": "question", "bg-resource-list": "resource"}
HEADING = re.compile(r"^h[1-6]$")
OUTSIDE_SECTIONS = "The briefing"
SPARSE_LAST_PAGE = 0.4  # below this share of its height, the last page gets a note


@dataclass(frozen=True)
class Place:
    """Where a piece of text sits: its part of the briefing, and its item number in a list."""

    part: str
    noun: str = ""
    number: int = 0


@dataclass
class Overflow:
    """What runs past the last page of the budget."""

    budget: int
    pages: int
    lines: int
    words: int
    places: list[Place] = field(default_factory=list)

    def describe(self) -> str:
        parts = [_describe_part(self.places, part) for part in _parts(self.places)]
        if len(parts) == 1:
            what = f"{parts[0]} runs"
        elif len(parts) == 2:
            what = f"{parts[0]} and {parts[1]} run"
        else:
            what = f"{parts[0]} and the {len(parts) - 1} parts after it run"
        onto = f"page {self.budget + 1}"
        if self.pages > self.budget + 1:
            onto = f"pages {self.budget + 1}-{self.pages}"
        lines = f"{self.lines} line{'s' if self.lines != 1 else ''}"
        return (
            f"over the {self.budget}-page budget: {what} {lines} onto {onto}; "
            f"cut about {_round_words(self.words)} words"
        )


@dataclass(frozen=True)
class Measure:
    pages: int
    overflow: Overflow | None
    last_page_fill: float  # 0 to 1: how far down the last page the content reaches


def measure(document: Any, budget: int) -> Measure:
    """Measure a laid-out WeasyPrint document against its page budget."""
    pages = document.pages
    places = _places(pages[0]._page_box)
    overflow = None
    if len(pages) > budget:
        overflow = Overflow(budget, len(pages), 0, 0)
        for page in pages[budget:]:
            _tally(page._page_box, places, overflow)
    return Measure(len(pages), overflow, _fill(pages[-1]._page_box))


def _root_element(page_box: Any) -> Element:
    element: Element = page_box.children[0].element
    return element


def _places(page_box: Any) -> dict[Element, Place]:
    """The place of every element of the document, from its nearest labelled ancestor."""
    places: dict[Element, Place] = {}

    def visit(element: Element, place: Place) -> None:
        place = _own_place(element, place)
        places[element] = place
        for number, child in enumerate(_children_numbered(element), start=1):
            if child.tag in ("li", "tr") and place.noun:
                visit(child, Place(place.part, place.noun, number))
            else:
                visit(child, place)

    visit(_root_element(page_box), Place(OUTSIDE_SECTIONS))
    return places


def _children_numbered(element: Element) -> Iterator[Element]:
    yield from (child for child in element if isinstance(child.tag, str))


def _own_place(element: Element, inherited: Place) -> Place:
    if element.tag == "thead":  # repeated on each page, and not one of the rows to cut
        return Place(inherited.part)
    classes = set((element.get("class") or "").split())
    for name, part in NAMED_PARTS.items():
        if name in classes:
            return Place(part)
    for name, noun in ITEM_NOUNS.items():
        if name in classes:
            return Place(inherited.part, noun)
    if element.tag == "section":
        heading = next((child for child in element if HEADING.match(str(child.tag))), None)
        if heading is not None:
            return Place(f'"{" ".join("".join(heading.itertext()).split())}"')
    return _block_place(element, inherited)


def _block_place(element: Element, inherited: Place) -> Place:
    """A block names itself (its kind's `budget_name`, in `data-part`) where no heading
    above it does, and its items (`data-noun`): "The table (rows 3-5)"."""
    part = element.get("data-part")
    noun = element.get("data-noun") or inherited.noun
    if part and inherited.part == OUTSIDE_SECTIONS:
        return Place(part, noun)
    if noun != inherited.noun:
        return Place(inherited.part, noun)
    return inherited


def _tally(page_box: Any, places: dict[Element, Place], overflow: Overflow) -> None:
    """Count the lines and words of one overflowing page, and where they come from.

    The page's margin boxes are left out whole: the page number, and the running footer,
    whose text comes from an element of the document but is page furniture, not content
    to cut.
    """
    from weasyprint.formatting_structure import boxes  # noqa: PLC0415 (loaded with WeasyPrint)

    for child in page_box.children:
        if isinstance(child, boxes.MarginBox):
            continue
        for descendant in child.descendants():
            if isinstance(descendant, boxes.LineBox) and _has_text(descendant, boxes):
                overflow.lines += 1
            elif isinstance(descendant, boxes.TextBox):
                overflow.words += len(descendant.text.split())
                place = places.get(descendant.element)
                if place is not None and place not in overflow.places:
                    overflow.places.append(place)


def _has_text(line: Any, boxes: Any) -> bool:
    return any(
        isinstance(child, boxes.TextBox) and child.text.strip() for child in line.descendants()
    )


def _fill(page_box: Any) -> float:
    """How far down its content area the page's content reaches, from 0 to 1."""
    from weasyprint.formatting_structure import boxes  # noqa: PLC0415

    top: float = page_box.content_box_y()
    height: float = page_box.height or 1
    bottom = top
    for child in page_box.children:
        if isinstance(child, boxes.MarginBox):
            continue
        for descendant in child.descendants():
            if isinstance(descendant, boxes.LineBox | boxes.ReplacedBox):
                bottom = max(bottom, descendant.position_y + descendant.margin_height())
    return max(0.0, min(1.0, (bottom - top) / height))


def _parts(places: list[Place]) -> list[str]:
    return list(dict.fromkeys(place.part for place in places))


def _describe_part(places: list[Place], part: str) -> str:
    numbers = sorted({place.number for place in places if place.part == part and place.number})
    if not numbers:
        return part
    noun = next(place.noun for place in places if place.part == part and place.number)
    if len(numbers) == 1:
        return f"{part} ({noun} {numbers[0]})"
    return f"{part} ({noun}s {numbers[0]}-{numbers[-1]})"


def _round_words(words: int) -> int:
    """A word count as people estimate it: to the nearest 5, or 10 above a hundred."""
    step = 5 if words < 100 else 10
    return max(step, step * round(words / step))


# What each fit step of the theme changes (templates/css/print.css.j2, .bg-fit-N): each
# step keeps the one before it. The floor is 10 pt body text, well above the 8.5 pt of
# the footer, the smallest text of the design.
FIT_STEPS = (
    "the space around headings, findings and call-outs tightened",
    "body text set at 10.5 pt instead of 11 pt",
    "body text set at 10 pt, with lines a little closer",
)


def assess(file: Path, measured: Measure, fit_step: int, *, allow_overflow: bool) -> list[Problem]:
    """The budget's verdict: an error (or, allowed, a warning) when over, notes otherwise."""
    notes: list[Problem] = []
    overflow = measured.overflow
    if fit_step:
        changes = "; ".join(FIT_STEPS[:fit_step])
        fitted = (
            "fitted by the fit mode" if overflow is None else "the fit mode went as far as it can"
        )
        notes.append(
            Problem(
                file,
                f"{fitted}: {changes}",
                "to keep the theme's full spacing, shorten the text and build again",
                severity="note",
                check="page-budget",
            )
        )
    if overflow is not None:
        problem = Problem(
            file,
            overflow.describe(),
            "shorten the parts named, or set `fit: true` to let briefgen tighten the spacing; "
            "`--allow-overflow` builds it anyway",
            severity="warning" if allow_overflow else "error",
            check="page-budget",
        )
        if not allow_overflow:
            raise ContentError([*notes, problem])
        notes.append(problem)
    elif measured.last_page_fill < SPARSE_LAST_PAGE:
        notes.append(
            Problem(
                file,
                f"the last page is only {measured.last_page_fill:.0%} full",
                "there is room for more: a resource, a next step or a fuller finding",
                severity="note",
                check="page-budget",
            )
        )
    return notes


__all__ = [
    "FIT_STEPS",
    "Measure",
    "assess",
    "measure",
]
