"""The frame around the sections, as data: what the masthead, the label and the foot show.

A briefing's title stands in its masthead; everything else around the sections is a
part, shown if the briefing has it and where its layout places it: above the title,
under it, in the label (the line that gives the type and the date), or at the foot.
A layout lists its parts in each of those places, in order (`Frame`); a briefing may
move one part elsewhere, or hide it (`Placements`), as a board report puts its
document-control block above the title and a bulletin its byline under it.

Nothing appears that the briefing did not give: a briefing without an audience has no
audience line, and a part the briefing gives but its frame does not place is told by
`check`, never dropped in silence.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Any

from pydantic import (
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from briefgen.content.values import Label, Strict, Text


class Place(StrEnum):
    """Where a part of the frame stands."""

    ABOVE_TITLE = "above_title"
    UNDER_TITLE = "under_title"
    LABEL = "label"
    FOOT = "foot"
    HIDDEN = "hidden"

    @property
    def words(self) -> str:
        return {
            "above_title": "above the title",
            "under_title": "under the title",
            "label": "in the label (the line with the type and the date)",
            "foot": "at the foot",
            "hidden": "nowhere",
        }[self.value]


class Part(StrEnum):
    """The parts of the frame, and the briefing's field each shows."""

    BANNER = "banner"
    SERIES = "series"
    AUDIENCE = "audience"
    SUBTITLE = "subtitle"
    TAGLINE = "tagline"
    SUMMARY = "summary"
    LABEL = "label"
    TYPE = "type"
    PUBLISHED = "published"
    LAST_UPDATED = "last_updated"
    REVIEW_DATE = "review_date"
    PERIOD_REVIEWED = "period_reviewed"
    VERSION = "version"
    BYLINE = "byline"
    DOCUMENT_CONTROL = "document_control"

    @property
    def field(self) -> str:
        """The briefing's field it shows (the byline shows the authors)."""
        return "authors" if self is Part.BYLINE else self.value

    @property
    def places(self) -> frozenset[Place]:
        """Where it may stand: a line of the masthead is no fact of the foot, and only
        short facts fit in the label."""
        return PLACES.get(self, MASTHEAD)

    @property
    def is_fact(self) -> bool:
        """A date or the version: a term and its value ("Review date: July 2026")."""
        return self in FACTS


MASTHEAD = frozenset({Place.ABOVE_TITLE, Place.UNDER_TITLE, Place.HIDDEN})
FACTS = frozenset(
    {Part.PUBLISHED, Part.LAST_UPDATED, Part.REVIEW_DATE, Part.PERIOD_REVIEWED, Part.VERSION}
)
PLACES = {
    Part.TYPE: MASTHEAD | {Place.LABEL},
    **{fact: frozenset(Place) for fact in FACTS},
    Part.BYLINE: MASTHEAD | {Place.FOOT},
    Part.DOCUMENT_CONTROL: MASTHEAD | {Place.FOOT},
}
# Parts that show a field only the frame shows: given but placed nowhere, `check` tells.
# (The type, the publication date and the summary also name the briefing in the library,
# its feed and its link previews; the label, a line of other parts, shows no field.)
SHOWN_ONLY_IN_THE_FRAME = tuple(
    part for part in Part if part not in (Part.TYPE, Part.PUBLISHED, Part.SUMMARY, Part.LABEL)
)


class Frame(Strict):
    """Where a layout places the parts of the frame, each in order; a part it lists
    nowhere is not shown. The built-in layouts' frame is `Frame()`."""

    above_title: list[Part] = Field(
        default=[Part.BANNER, Part.SERIES, Part.AUDIENCE],
        description="The parts between the header band and the title, in order.",
        examples=[["banner", "series", "audience"]],
    )
    under_title: list[Part] = Field(
        default=[Part.SUBTITLE, Part.TAGLINE, Part.LABEL],
        description="The parts under the title, in order.",
        examples=[["subtitle", "tagline", "label"]],
    )
    label: list[Part] = Field(
        default=[Part.TYPE, Part.PUBLISHED],
        description="What the label (a line of the masthead) says, in order.",
        examples=[["type", "published"]],
    )
    foot: list[Part] = Field(
        default=[
            Part.BYLINE,
            Part.PERIOD_REVIEWED,
            Part.VERSION,
            Part.LAST_UPDATED,
            Part.REVIEW_DATE,
            Part.DOCUMENT_CONTROL,
        ],
        description="The parts at the foot, after the sections, in order.",
        examples=[["byline", "version", "review_date"]],
    )

    @field_validator("above_title", "under_title", "label", "foot")
    @classmethod
    def _where_each_fits(cls, parts: list[Part], info: ValidationInfo) -> list[Part]:
        place = Place(str(info.field_name))
        for part in parts:
            if place not in part.places:
                raise ValueError(_misplaced(part, place))
        return parts

    @model_validator(mode="after")
    def _each_part_once(self) -> Frame:
        seen: dict[Part, Place] = {}
        for place, part in self.placed():
            if part in seen:
                raise ValueError(
                    f"the part {part.value!r} is placed twice ({seen[part].words} and "
                    f"{place.words}): a frame shows each part once; remove one"
                )
            seen[part] = place
        if Part.LABEL in (*self.label, *self.foot):
            raise ValueError("the label stands above or under the title, not in itself")
        return self

    def placed(self) -> Iterator[tuple[Place, Part]]:
        """Every part the frame shows, with its place, in the order of the page."""
        for place in (Place.ABOVE_TITLE, Place.LABEL, Place.UNDER_TITLE, Place.FOOT):
            for part in getattr(self, place.value):
                yield place, part

    def place_of(self, part: Part) -> Place:
        return next((place for place, placed in self.placed() if placed is part), Place.HIDDEN)

    def moved(self, placements: Placements) -> Frame:
        """This frame with the briefing's placements: each part it places is taken from
        where the layout has it and put last in its new place (or nowhere). A part moved
        into the label shows in the label, wherever the label stands."""
        zones: dict[Place, list[Part]] = {
            place: [part for part in getattr(self, place.value) if part not in placements.given]
            for place in (Place.ABOVE_TITLE, Place.UNDER_TITLE, Place.LABEL, Place.FOOT)
        }
        for part, place in placements.given.items():
            if place is not Place.HIDDEN:
                zones[place].append(part)
        masthead = (*zones[Place.ABOVE_TITLE], *zones[Place.UNDER_TITLE])
        if zones[Place.LABEL] and Part.LABEL not in masthead and Part.LABEL not in placements.given:
            zones[Place.UNDER_TITLE].append(Part.LABEL)
        return Frame.model_validate({place.value: parts for place, parts in zones.items()})


def _misplaced(part: Part, place: Place) -> str:
    allowed = ", ".join(f"`{other.value}`" for other in Place if other in part.places)
    return f"the part {part.value!r} cannot stand {place.words}; write one of: {allowed}"


def _placed(part: Part, what: str, example: str) -> Any:
    """A field of `Placements`: where the briefing puts `what`, if not where its layout
    does; its description names the places the part may stand."""
    places = [place.value for place in Place if place in part.places]
    return Field(
        default=None,
        description=f"Where {what} stands: {', '.join(places[:-1])} or {places[-1]}.",
        examples=[example],
    )


class Placements(Strict):
    """Where the briefing puts parts of the frame, where its layout puts them elsewhere."""

    banner: Place | None = _placed(Part.BANNER, "the banner", "under_title")
    series: Place | None = _placed(Part.SERIES, "the series and issue", "under_title")
    audience: Place | None = _placed(Part.AUDIENCE, "the audience line", "hidden")
    subtitle: Place | None = _placed(Part.SUBTITLE, "the subtitle", "above_title")
    tagline: Place | None = _placed(Part.TAGLINE, "the tagline", "hidden")
    summary: Place | None = _placed(
        Part.SUMMARY,
        "the summary (the built-in layouts leave it to the index and link previews)",
        "under_title",
    )
    label: Place | None = _placed(
        Part.LABEL, "the label (the line with the type and the date)", "hidden"
    )
    type: Place | None = _placed(Part.TYPE, "the type", "hidden")
    published: Place | None = _placed(Part.PUBLISHED, "the publication date", "foot")
    last_updated: Place | None = _placed(Part.LAST_UPDATED, "the date of the last update", "label")
    review_date: Place | None = _placed(Part.REVIEW_DATE, "the review date", "under_title")
    period_reviewed: Place | None = _placed(
        Part.PERIOD_REVIEWED, "the period reviewed", "under_title"
    )
    version: Place | None = _placed(Part.VERSION, "the version", "label")
    byline: Place | None = _placed(Part.BYLINE, "the byline (the authors)", "under_title")
    document_control: Place | None = _placed(
        Part.DOCUMENT_CONTROL, "the document-control block", "above_title"
    )

    # The fields in the order the briefing wrote them: parts moved to one place stand there
    # in that order ("byline, then summary" under the title).
    _written: list[str] = PrivateAttr(default_factory=list)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_order(cls, data: Any, handler: ModelWrapValidatorHandler[Placements]) -> Placements:
        placements = handler(data)
        if isinstance(data, dict):
            placements._written = [str(name) for name in data]
        return placements

    @property
    def given(self) -> dict[Part, Place]:
        """The parts placed, in the order the briefing wrote them."""
        names = [*self._written, *type(self).model_fields]
        return {
            Part(name): getattr(self, name)
            for name in dict.fromkeys(names)
            if name in type(self).model_fields and getattr(self, name) is not None
        }

    @field_validator("*")
    @classmethod
    def _where_it_fits(cls, place: Place | None, info: ValidationInfo) -> Place | None:
        part = Part(str(info.field_name))
        if place is not None and place not in part.places:
            raise ValueError(_misplaced(part, place))
        return place


class ControlItem(Strict):
    """One line of a document-control block: a label and its value."""

    label: Label = Field(description="What the line gives.", examples=["Approved by"])
    value: Text = Field(
        description="Its value, as it is to be read.",
        examples=["Case review sub-committee, 14 May 2025"],
    )


__all__ = [
    "SHOWN_ONLY_IN_THE_FRAME",
    "ControlItem",
    "Frame",
    "Part",
    "Place",
    "Placements",
]
