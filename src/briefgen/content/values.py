"""The values that briefings are made of: texts, counts, dates, addresses, cohorts, links.

Shared by the briefing's own fields (`briefgen.content.model`) and its blocks
(`briefgen.content.blocks`), so that both accept a count, a date or a link in the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, get_args

from pydantic import (
    AfterValidator,
    AnyUrl,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    RootModel,
    UrlConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from briefgen.content.dates import WRITTEN, Precision, WrittenDate

PERCENT_TOLERANCE = 1.0  # percentages rounded to whole numbers may sum to 99 or 101
MAX_THEMES = 8  # a briefing's themes: each is a filter page of the library
MAX_LABEL = 200  # characters of a label: a title, a theme, a name
MAX_COUNT = 1_000_000  # people in a cohort: a partnership audits tens, a national review thousands
# A figure in a table: a national budget in pounds has 13 digits; past this no reader can take
# a number in, and a float past it has lost its units' digits already.
MAX_FIGURE = 10**15
# Control characters in an address, written or percent-encoded (%0D, %0a, %00): a line break
# in a mailto: address or header starts a header of the mail client's (`Bcc:` a stranger),
# and in a web address it reaches whatever decodes it (an HTTP header, a log line).
RAW_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
CONTROL_IN_ADDRESS = re.compile(r"[\x00-\x1f\x7f]|%(?:[01][0-9a-f]|7f)", re.IGNORECASE)


class Strict(BaseModel):
    """Base of every content class: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, use_enum_values=False
    )


def _refuse_text_and_booleans(value: object) -> object:
    """A number in quotes ("6") or `true` is not a count: the editor underlines both, and so
    does `check`. (Pydantic alone would read "6" as 6 and true as 1.) A whole float such as
    20.0 is a number to the editor too, so it passes."""
    if isinstance(value, str | bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


def _refuse_what_is_no_figure(value: object) -> object:
    """A number that a reader can take in: not YAML's `.inf` or `.nan` (nor `1e400`, which is
    infinity to Python), which would print as `inf` and `nan`, nor one past MAX_FIGURE."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if not math.isfinite(value):
        raise PydanticCustomError(
            "value_error",
            "{error}",
            {
                "error": "this is infinity or not a number (.inf, .nan, or too long for a "
                "computer), not a figure a reader can take in; write the figure, or text "
                "in quotes such as 'n/a'"
            },
        )
    if abs(value) > MAX_FIGURE:
        raise PydanticCustomError(
            "value_error",
            "{error}",
            {
                "error": f"this number is too large to mean anything to a reader (more than "
                f"{MAX_FIGURE:,}); check its digits, or write it in words in quotes, "
                "such as '2.5 billion'"
            },
        )
    return value


def control_in_address(address: str) -> bool:
    """Whether an address holds a control character, written or percent-encoded.

    The one place a line break belongs is the body of a mailto: link (RFC 6068 writes its
    line breaks %0D%0A): it is text the mail client puts in the message, not a header.
    """
    if RAW_CONTROL.search(address):
        return True
    checked = address
    if address[:7].lower() == "mailto:":
        recipient, _, fields = address.partition("?")
        headers = [part for part in fields.split("&") if part.split("=")[0].lower() != "body"]
        checked = "?".join([recipient, *headers])
    return bool(CONTROL_IN_ADDRESS.search(checked))


def _refuse_controls_in_address(value: object) -> object:
    if isinstance(value, str) and control_in_address(value):
        raise PydanticCustomError("value_error", "{error}", {"error": CONTROL_IN_ADDRESS_FIX})
    return value


CONTROL_IN_ADDRESS_FIX = (
    "this address holds a line break or another control character (written, or as %0D, "
    "%0A...), which no address needs: in a mailto: address it would add mail headers, such "
    "as a hidden Bcc; copy the address again, from the browser's address bar or the mail "
    "client"
)


def _written_date(value: object) -> WrittenDate:
    """A day, a month or a year, written YYYY-MM-DD, YYYY-MM or YYYY, as the editor checks
    them: pydantic alone would also take a number of seconds (1588291200) or a date and
    time. YAML 1.2 reads a year alone (`2025`) as a number: it is a year."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return WrittenDate.of(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return WrittenDate(value, precision=Precision.YEAR)
    if isinstance(value, str) and WRITTEN.fullmatch(value.strip()):
        try:
            return WrittenDate.parse(value)
        except ValueError:
            raise PydanticCustomError("date_type", "there is no such date") from None
    raise PydanticCustomError(
        "date_type", "Input should be a date written as YYYY-MM-DD, YYYY-MM or YYYY"
    )


# The forms a date is written in, for the editor: a day, a month, or a year (which YAML
# reads as a number).
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
DATE_SCHEMA = {"type": ["string", "integer"], "pattern": DATE_PATTERN}


# Whole numbers, numbers, yes-or-no values and dates exactly as the editor's schema takes them.
# (Bounds go inside a type that is also optional, before the validator: pydantic then
# writes them into the JSON Schema as minimum and maximum.)
NUMBER_NOT_TEXT = BeforeValidator(_refuse_text_and_booleans)
A_FIGURE = BeforeValidator(_refuse_what_is_no_figure)
NO_CONTROLS = BeforeValidator(_refuse_controls_in_address)
WholeNumber = Annotated[int, NUMBER_NOT_TEXT]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT), NUMBER_NOT_TEXT]
Date = Annotated[
    WrittenDate,
    PlainValidator(_written_date),
    WithJsonSchema({**DATE_SCHEMA, "minimum": 1000, "maximum": 9999}),
]


class Shown(StrEnum):
    """How a text is rendered where that is not as one line of Markdown (`render_inline`):
    the personal-data guard reads each text as the renderer shows it."""

    PARAGRAPHS = "paragraphs"  # `render_block`: paragraphs and lists
    HEADING = "heading"  # `render_heading`: words and their emphasis
    PLAIN = "plain"  # words as written, no Markdown: a label, a name, a caption


Text = Annotated[str, Field(min_length=1, max_length=2000)]
# A blank line: where a paragraph ends (a line of spaces or tabs is blank, as CommonMark
# reads it). A field of one line shows its paragraphs apart (`markdown.render_text`); one
# shown where a paragraph cannot stand (a summary, a caption) takes one.
BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _one_paragraph(value: str) -> str:
    if BLANK_LINE.search(value.strip()):
        raise ValueError(
            "this is shown as one paragraph (a line under a title, a caption, a label), and "
            "a blank line here would start a second one; join the paragraphs into one, or "
            "put the rest in the text that follows"
        )
    return value


OneParagraph = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_one_paragraph)]
LongText = Annotated[str, Field(min_length=1, max_length=10000), Shown.PARAGRAPHS]
Label = Annotated[str, Field(min_length=1, max_length=MAX_LABEL), Shown.PLAIN]
Heading = Annotated[str, Field(min_length=1, max_length=MAX_LABEL), Shown.HEADING]
PageBudget = Annotated[
    int, Field(ge=1, le=8), NUMBER_NOT_TEXT
]  # A4 pages, per briefing or per project
WebUrl = Annotated[
    AnyUrl,
    UrlConstraints(allowed_schemes=["https", "http", "mailto", "tel"], max_length=2000),
    NO_CONTROLS,  # before the URL parser, which drops a written line break without a word
]


def paragraph_fields(model: type[BaseModel]) -> frozenset[str]:
    """The fields of a model whose text is rendered as paragraphs: those that are a
    `LongText` (perhaps optional, or in a list), rather than one line."""
    return fields_shown_as(model, Shown.PARAGRAPHS)


@functools.cache  # a model's fields are fixed: looked at once, not for every briefing
def fields_shown_as(model: type[BaseModel], shown: Shown) -> frozenset[str]:
    """The fields of a model whose text is shown as `shown` says (perhaps optional, or in a
    list): a `LongText`'s as paragraphs, a `Heading`'s as a heading, a `Label`'s plain."""
    return frozenset(
        name
        for name, field in model.model_fields.items()
        if shown in field.metadata or _marked(field.annotation, shown)
    )


def _marked(annotation: Any, shown: Shown) -> bool:
    return any(arg is shown or _marked(arg, shown) for arg in get_args(annotation))


Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class TextField:
    """A text value of a briefing, and whether it is shown as paragraphs or as one line."""

    path: Path_
    text: str
    paragraphs: bool
    shown: Shown | None = None  # a heading, or plain words; None: one line of Markdown


def iter_text_fields(model: BaseModel, path: Path_ = ()) -> Iterator[TextField]:
    """Every text value of a model, with its path and how it is shown, in the order of the
    model's fields."""
    paragraphs = paragraph_fields(type(model))
    headings = fields_shown_as(type(model), Shown.HEADING)
    plain = fields_shown_as(type(model), Shown.PLAIN)
    for name in ("root",) if isinstance(model, RootModel) else type(model).model_fields:
        if name == "acknowledge":
            continue
        shown = Shown.HEADING if name in headings else Shown.PLAIN if name in plain else None
        # a block of one value (a RootModel): its path ends at the kind
        at = path if name == "root" else (*path, name)
        yield from _iter_value(getattr(model, name), at, name in paragraphs, shown)


def _iter_value(
    value: object, path: Path_, paragraphs: bool, shown: Shown | None
) -> Iterator[TextField]:
    if isinstance(value, str):
        yield TextField(path, value, paragraphs, Shown.PARAGRAPHS if paragraphs else shown)
    elif isinstance(value, BaseModel):
        yield from iter_text_fields(value, path)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _iter_value(item, (*path, index), paragraphs, shown)


class NoteStyle(StrEnum):
    """How a briefing marks its notes (`[^1]`): 1, 2, 3; i, ii, iii; or *, †, ‡."""

    NUMBERS = "numbers"
    ROMAN = "roman"
    SYMBOLS = "symbols"


class FindingKind(StrEnum):
    """What a group of findings says: it chooses the icon and the default title."""

    STRENGTHS = "strengths"
    AREAS_TO_STRENGTHEN = "areas to strengthen"
    OTHER = "other"

    @property
    def default_title(self) -> str:
        return {"strengths": "Strengths", "areas to strengthen": "Areas to strengthen"}.get(
            self.value, "Findings"
        )


class Period(Strict):
    """A span of time: the days, months or years a cohort was drawn from or a review looked at."""

    start: Date = Field(
        description="Where the period starts: a day (YYYY-MM-DD), a month (YYYY-MM) or a year.",
        examples=["2019-07"],
    )
    end: Date = Field(
        description="Where it ends, written the same way; the same month as `start` for a "
        "period of one month.",
        examples=["2019-12"],
    )

    @model_validator(mode="after")
    def _start_before_end(self) -> Period:
        if self.end.last_day < self.start:
            raise ValueError("the period ends before it starts; swap start and end")
        return self


class CohortGroup(Strict):
    """One labelled part of a cohort breakdown: give a count or a percentage."""

    label: Label = Field(
        description="What this part of the cohort is, in a few words.",
        examples=["Proceeded to assessment or child protection"],
    )
    count: Count | None = Field(
        default=None,
        description="How many of the cohort are in this part.",
        examples=[8],
    )
    percent: float | None = Field(
        default=None,
        ge=0,
        le=100,
        strict=True,  # "40" is text, and true is not a number
        allow_inf_nan=False,  # .nan and .inf are not percentages
        description="The share of the cohort in this part, from 0 to 100.",
        examples=[40],
    )

    @model_validator(mode="after")
    def _count_or_percent(self) -> CohortGroup:
        if (self.count is None) == (self.percent is None):
            raise ValueError("give either count or percent for this group, not both or neither")
        return self


class Breakdown(Strict):
    """A way the cohort splits into parts, shown as a bar of proportions."""

    title: Label = Field(
        description="What the breakdown shows, as a short phrase.",
        examples=["What happened after the contacts"],
    )
    groups: list[CohortGroup] = Field(
        min_length=2,
        max_length=6,
        description="The parts, in the order they should be shown: all counts or all percentages.",
        examples=[
            [{"label": "Proceeded", "percent": 40}, {"label": "Did not proceed", "percent": 60}]
        ],
    )

    @model_validator(mode="after")
    def _groups_add_up(self) -> Breakdown:
        counts = [group.count for group in self.groups if group.count is not None]
        if counts and len(counts) != len(self.groups):
            raise ValueError("use counts for every group or percentages for every group, not a mix")
        if not counts:
            total = sum(group.percent or 0 for group in self.groups)
            if abs(total - 100) > PERCENT_TOLERANCE:
                raise ValueError(
                    f"the percentages add up to {total:g}, not 100; correct them so they add up"
                )
        return self


class Cohort(Strict):
    """Who was in the audit: a total and how it breaks down."""

    total: WholeNumber = Field(
        ge=1, le=MAX_COUNT, description="How many were in the cohort.", examples=[20]
    )
    unit: Label | None = Field(
        default=None,
        description="What the total counts, in the plural; by default what the project's "
        "`safeguards:` counts ('children' for a children's partnership, 'adults' for an "
        "adults' board).",
        examples=["children", "families", "cases"],
    )
    period: Period | None = Field(
        default=None,
        description="The period the cohort was drawn from (optional).",
        examples=[{"start": "2019-07", "end": "2019-12"}],
    )
    breakdowns: list[Breakdown] = Field(
        default_factory=list,
        max_length=3,
        description="Up to three ways the cohort splits into parts; each is drawn as a bar.",
        examples=[
            [
                {
                    "title": "Outcome of the referral",
                    "groups": [
                        {"label": "Assessed", "count": 8},
                        {"label": "Not assessed", "count": 12},
                    ],
                }
            ]
        ],
    )

    @model_validator(mode="after")
    def _counts_match_total(self) -> Cohort:
        for number, breakdown in enumerate(self.breakdowns, start=1):
            counts = [group.count for group in breakdown.groups if group.count is not None]
            if counts and sum(counts) != self.total:
                raise ValueError(
                    f"the counts of breakdown {number} ({breakdown.title!r}) add up to "
                    f"{sum(counts)}, but the total is {self.total}; make them add up"
                )
        return self


class Resource(Strict):
    """A policy, procedure or training offer to follow up."""

    title: Label = Field(
        description="The resource's name, as the link text.", examples=["WSSCP Escalation Policy"]
    )
    url: WebUrl = Field(
        description="Where it is: an https:// address (or mailto: or tel:).",
        examples=[
            "https://www.westsussexscp.org.uk/wp-content/uploads/WSSCP-Escalation-Policy.pdf"
        ],
    )
    description: Text | None = Field(
        default=None,
        description="One line on what it is for (optional).",
        examples=["How to raise and resolve a professional disagreement."],
    )
    format: Label | None = Field(
        default=None,
        description="The kind of file, such as PDF or Word; if left out, taken from the address.",
        examples=["PDF"],
    )


__all__ = [
    "A_FIGURE",
    "BLANK_LINE",
    "CONTROL_IN_ADDRESS_FIX",
    "DATE_PATTERN",
    "MAX_FIGURE",
    "MAX_LABEL",
    "MAX_THEMES",
    "NO_CONTROLS",
    "NUMBER_NOT_TEXT",
    "PERCENT_TOLERANCE",
    "Cohort",
    "Count",
    "Date",
    "FindingKind",
    "Heading",
    "Label",
    "LongText",
    "NoteStyle",
    "OneParagraph",
    "PageBudget",
    "Period",
    "Resource",
    "Shown",
    "Strict",
    "Text",
    "TextField",
    "WebUrl",
    "WholeNumber",
    "control_in_address",
    "fields_shown_as",
    "iter_text_fields",
    "paragraph_fields",
]
