"""The kinds of block a section is made of, each registered once.

A block is a mapping with exactly one key, the name of its kind:

    - paragraphs: |
        Text...
    - questions:
        items: [Do I always ask?]

Each kind is one class here, decorated with `@kind`: its fields are what the YAML
holds (the class's docstring and `example` become its schema entry), `view` is what
its template `templates/blocks/<key>.html.j2` shows, `budget_name` and `item_noun`
are how the page budget names it when it runs over, and `words` is the text that
must appear in both the PDF and the HTML. `Block`, the one-key mapping that a
section lists, is made from this registry, so adding a kind is one class and one
template (and its CSS).
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePosixPath
from types import SimpleNamespace
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeVar

from markupsafe import Markup, escape
from pydantic import (
    ConfigDict,
    Field,
    RootModel,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from briefgen.content.anchors import Anchor, Key, Outline
from briefgen.content.charts import present_cohort
from briefgen.content.figures import DEFAULT_LOCALE, format_figure
from briefgen.content.languages import ENGLISH_PHRASES, Phrases, untranslated
from briefgen.content.markdown import (
    heading_text,
    keep_figures_whole,
    plain_lines,
    plain_text,
    render_block,
    render_flow,
    render_heading,
    render_inline,
    render_text,
    several_paragraphs,
)
from briefgen.content.privacy import names_a_person
from briefgen.content.values import (
    A_FIGURE,
    MAX_FIGURE,
    NO_CONTROLS,
    NUMBER_NOT_TEXT,
    PERCENT_TOLERANCE,
    Cohort,
    Count,
    FindingKind,
    Heading,
    Label,
    LongText,
    OneParagraph,
    Resource,
    Shown,
    Strict,
    Text,
)
from briefgen.paths import ASSETS_FOLDER, IMAGE_SUFFIXES

FILE_KINDS = {
    ".pdf": "PDF",
    ".docx": "Word",
    ".doc": "Word",
    ".xlsx": "Excel",
    ".pptx": "PowerPoint",
}


@dataclass
class Ids:
    """Ids namespaced by the briefing's slug and numbered in order, so that two briefings, or
    two blocks of one kind, never clash on one page. It also knows the briefing's headings
    (`outline`, for a contents list) and which section the block being viewed stands in."""

    slug: str
    counts: dict[str, int] = field(default_factory=dict)
    locale: str = DEFAULT_LOCALE  # the briefing's language, for its figures ("26,000")
    counted: str = "children"  # what a cohort counts by default (`ProjectConfig.wording`)
    outline: Outline | None = None
    section: Key | None = None  # the key of the section whose blocks are being viewed
    phrases: Phrases = ENGLISH_PHRASES  # briefgen's own words, in the briefing's language

    def next(self, name: str) -> str:
        self.counts[name] = self.counts.get(name, 0) + 1
        return f"{self.slug}-{name}-{self.counts[name]}"


@dataclass(frozen=True)
class BlockView:
    """A block ready for its template: `kind` names the template, `css` its classes."""

    kind: str
    css: str
    data: Any
    part: str = ""  # the page budget's name for it: "The table"
    noun: str = ""  # and for its items: "row"
    template: str = ""  # the template that draws it; by default blocks/<kind>.html.j2

    def __post_init__(self) -> None:
        if not self.template:
            object.__setattr__(self, "template", f"blocks/{self.kind}.html.j2")


class BlockKind(ABC):
    """What every kind of block says about itself (set by each class)."""

    key: ClassVar[str]  # the YAML key and the template's name
    budget_name: ClassVar[str]  # "The table", as the page budget names it when it runs over
    item_noun: ClassVar[str] = "item"  # "row", for "The table (rows 3-5)"
    example: ClassVar[Any]  # the kind's example, for the schema and the README
    # The template that draws it: its own, or (a project's kind) one that wraps its own in
    # what every block carries, its name for the page budget.
    frame: ClassVar[str | None] = None

    @abstractmethod
    def view(self, ids: Ids) -> Any:
        """What the template shows, every figure and piece of Markdown worked out."""

    @abstractmethod
    def words(self) -> list[str]:
        """The text of the block that must appear in both the PDF and the HTML."""


REGISTRY: dict[str, type[BlockKind]] = {}
KindT = TypeVar("KindT", bound=type[BlockKind])


def kind(cls: KindT) -> KindT:
    """Register a kind of block under its key."""
    if cls.key in REGISTRY:
        raise TypeError(f"two kinds of block are called {cls.key!r}")
    REGISTRY[cls.key] = cls
    return cls


def _plain_words(texts: list[str]) -> list[str]:
    return [plain_text(text) for text in texts]


# A point that opens with a bold label, `**Ask:** who lives at home?` (or `**Ask**: ...`).
_LEAD_IN = re.compile(r"\A<strong>([^<]*:)</strong>|\A<strong>([^<]*)</strong>(?=:)")


def with_lead_in(html: Markup) -> Markup:
    """A point whose first words are a bold label, the label marked as its lead-in, which
    the theme sets apart (`bg-lead`): "**Ask:** who lives at home?"."""
    return Markup(  # noqa: S704 (markdown-it's own HTML, a class added to its first tag)
        _LEAD_IN.sub(lambda found: f'<strong class="bg-lead">{found[1] or found[2]}</strong>', html)
    )


def _points(items: list[str]) -> list[Markup]:
    return [with_lead_in(render_text(item)) for item in items]


@kind
class Paragraphs(RootModel[LongText], BlockKind):
    """Paragraphs of text, in Markdown: a blank line between paragraphs."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)
    key: ClassVar[str] = "paragraphs"
    budget_name: ClassVar[str] = "The text"
    example: ClassVar[Any] = "In May 2020 the partnership audited 20 cases."

    def view(self, ids: Ids) -> Any:  # noqa: ARG002 (no ids needed)
        first = self.root.strip().split("\n\n", 1)[0]
        # "first": the first paragraph's words, the summary of a briefing that gives none
        return {
            "html": render_block(self.root),
            "inline": False,
            "first": " ".join(plain_text(first).split()),
        }

    def words(self) -> list[str]:
        return _plain_words([self.root])


@kind
class Bullets(RootModel[list[Text]], BlockKind):
    """A bulleted list: short points, one a line."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)
    key: ClassVar[str] = "bullets"
    budget_name: ClassVar[str] = "The list"
    example: ClassVar[Any] = ["Consent to share is not needed where a child is at risk."]

    def view(self, ids: Ids) -> Any:  # noqa: ARG002
        return {"items": _points(self.root)}

    def words(self) -> list[str]:
        return _plain_words(self.root)


@kind
class Numbered(RootModel[list[Text]], BlockKind):
    """A numbered list: steps or points in order."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)
    key: ClassVar[str] = "numbered"
    budget_name: ClassVar[str] = "The numbered list"
    example: ClassVar[Any] = ["Check the chronology.", "Ask who else is involved."]

    def view(self, ids: Ids) -> Any:  # noqa: ARG002
        return {"items": _points(self.root)}

    def words(self) -> list[str]:
        return _plain_words(self.root)


class Judgement(StrEnum):
    """What a finding says about practice: it chooses the icon and the words read out."""

    WENT_WELL = "went well"
    TO_IMPROVE = "to improve"
    NEUTRAL = "neutral"

    @property
    def css(self) -> str:
        """The class of the icon, the same as the groups of the short `findings:` field."""
        return {"went well": "strengths", "to improve": "areas-to-strengthen"}.get(
            self.value, "other"
        )

    @property
    def spoken(self) -> str:
        return self.value[0].upper() + self.value[1:]


JUDGEMENT_OF_KIND = {
    FindingKind.STRENGTHS: Judgement.WENT_WELL,
    FindingKind.AREAS_TO_STRENGTHEN: Judgement.TO_IMPROVE,
    FindingKind.OTHER: Judgement.NEUTRAL,
}
DEFAULT_TITLES = {
    Judgement.WENT_WELL: untranslated("Strengths"),
    Judgement.TO_IMPROVE: untranslated("Areas to strengthen"),
    Judgement.NEUTRAL: untranslated("Findings"),
}
# A finding's judgement in words, before it, where its group mixes judgements.
JUDGEMENT_WORDS = {
    Judgement.WENT_WELL: untranslated("Went well:"),
    Judgement.TO_IMPROVE: untranslated("To improve:"),
    Judgement.NEUTRAL: untranslated("Neutral:"),
}


class Finding(Strict):
    """One finding with its own judgement, for a group that mixes them."""

    text: Text = Field(
        description="The finding, one short statement.",
        examples=["Fathers were invited to the first meeting."],
    )
    judgement: Judgement | None = Field(
        default=None,
        description="'went well' (a tick), 'to improve' (an arrow) or 'neutral' (a dot).",
        examples=["went well"],
    )


@kind
class Findings(Strict, BlockKind):
    """A group of findings under a title; each may say whether it went well or is to improve."""

    key: ClassVar[str] = "findings"
    budget_name: ClassVar[str] = "The findings"
    example: ClassVar[Any] = {
        "title": "Working with fathers",
        "items": [
            {"text": "Fathers were invited to meetings.", "judgement": "went well"},
            {"text": "Fathers were rarely seen alone.", "judgement": "to improve"},
        ],
    }

    title: Heading | Literal[False] | None = Field(
        default=None,
        description="The group's heading; defaults to 'Strengths', 'Areas to strengthen' or "
        "'Findings' after its judgement (none for a group that mixes judgements); `false` "
        "for none, where the section's heading already says it.",
        examples=["Working with fathers"],
    )
    judgement: Judgement | None = Field(
        default=None,
        description="The judgement of every finding in the group that does not give its own.",
        examples=["went well"],
    )
    items: list[Text | Finding] = Field(
        min_length=1,
        max_length=20,
        description="The findings: a statement each, or `text:` with its own `judgement:`.",
        examples=[["Immediate safeguarding concerns are referred quickly."]],
    )

    def view(self, ids: Ids) -> Any:
        own = [item.judgement for item in self.items if isinstance(item, Finding)]
        mixed = any(judgement not in (None, self.judgement) for judgement in own)
        group = self.judgement or Judgement.NEUTRAL
        heading = self.title or (None if mixed and not self.judgement else DEFAULT_TITLES[group])
        if self.title is False:
            heading = None
        return {
            "id": ids.next("findings"),
            "css": "mixed" if mixed else group.css,
            "heading": heading_text(heading) if heading else None,
            "heading_html": render_heading(heading) if heading else None,
            # briefgen's own words, translated where the briefing's language is known
            "default_heading": heading is not None and not self.title,
            "items": [self._item(item, mixed) for item in self.items],
        }

    def _item(self, item: str | Finding, mixed: bool) -> dict[str, Any]:
        text = item if isinstance(item, str) else item.text
        judgement = (item.judgement if isinstance(item, Finding) else None) or self.judgement
        shown = judgement or Judgement.NEUTRAL
        return {
            "html": render_text(text),
            "css": shown.css if mixed else "",
            "spoken": JUDGEMENT_WORDS[shown] if mixed else "",
        }

    def words(self) -> list[str]:
        texts = [item if isinstance(item, str) else item.text for item in self.items]
        return [heading_text(self.title) if self.title else "", *_plain_words(texts)]


@kind
class Questions(Strict, BlockKind):
    """Reflective questions to take into supervision, with an optional instruction."""

    key: ClassVar[str] = "questions"
    budget_name: ClassVar[str] = "The questions"
    item_noun: ClassVar[str] = "question"
    example: ClassVar[Any] = {
        "instruction": "Take these into supervision.",
        "items": ["Do I always ask who else is working with the family?"],
    }

    instruction: Text | None = Field(
        default=None,
        description="What to do with the questions (optional).",
        examples=["Take these into supervision."],
    )
    prompt: Label | None = Field(
        default=None,
        description="A lead-in to the questions (optional).",
        examples=["Consider the following:"],
    )
    items: list[Text] = Field(
        min_length=1,
        max_length=12,
        description="The questions, in the first person, each ending with '?'.",
        examples=[["Do I always ask who else is working with the family?"]],
    )

    def view(self, ids: Ids) -> Any:  # noqa: ARG002
        return {
            "instruction": render_text(self.instruction) if self.instruction else None,
            "instruction_paragraphs": several_paragraphs(self.instruction or ""),
            "prompt": self.prompt,
            "items": [render_text(item) for item in self.items],
            # The words alone, for the team discussion record (a Word document, not HTML).
            "texts": _plain_words(self.items),
        }

    def words(self) -> list[str]:
        return _plain_words([*([self.instruction] if self.instruction else []), *self.items])


@kind
class KeyMessage(RootModel[Text], BlockKind):
    """The one thing to remember, shown as a banner."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)
    key: ClassVar[str] = "key_message"
    budget_name: ClassVar[str] = "The key message"
    example: ClassVar[Any] = "Safeguarding is everyone's responsibility, all the time."

    def view(self, ids: Ids) -> Any:  # noqa: ARG002
        return {"html": render_text(self.root), "paragraphs": several_paragraphs(self.root)}

    def words(self) -> list[str]:
        return ["Key message", *_plain_words([self.root])]


@dataclass(frozen=True)
class ResourceView:
    title: str
    url: str
    description: Markup | None
    kind: str | None  # "PDF", "Word"...
    paragraphs: bool = False  # whether its description is several paragraphs


def present_resource(resource: Resource) -> ResourceView:
    url = str(resource.url)
    file_kind = resource.format
    if file_kind is None and resource.url.scheme in ("http", "https"):
        file_kind = FILE_KINDS.get(PurePosixPath(resource.url.path or "").suffix.lower())
    return ResourceView(
        title=resource.title,
        url=url,
        description=render_text(resource.description) if resource.description else None,
        paragraphs=several_paragraphs(resource.description or ""),
        kind=file_kind,
    )


@kind
class Resources(RootModel[list[Resource]], BlockKind):
    """Links to policies, procedures and training: each a title and an address."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)
    key: ClassVar[str] = "resources"
    budget_name: ClassVar[str] = "The resources"
    item_noun: ClassVar[str] = "resource"
    example: ClassVar[Any] = [
        {"title": "Escalation policy", "url": "https://www.example.org/escalation.pdf"}
    ]

    def view(self, ids: Ids) -> Any:  # noqa: ARG002
        return {"items": [present_resource(resource) for resource in self.root]}

    def words(self) -> list[str]:
        return [resource.title for resource in self.root]


@kind
class Note(RootModel[Text], BlockKind):
    """A note in small type: a footnote, an asterisk note or an anonymisation note."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)
    key: ClassVar[str] = "note"
    budget_name: ClassVar[str] = "The note"
    example: ClassVar[Any] = "* Figures are rounded to the nearest whole number."

    def view(self, ids: Ids) -> Any:  # noqa: ARG002
        return {"html": render_text(self.root), "paragraphs": several_paragraphs(self.root)}

    def words(self) -> list[str]:
        return _plain_words([self.root])


@kind
class CohortBlock(Cohort, BlockKind):
    """A cohort: its total, and up to three ways it breaks down, each drawn as a bar."""

    key: ClassVar[str] = "cohort"
    budget_name: ClassVar[str] = "The cohort chart"
    example: ClassVar[Any] = {
        "total": 20,
        "unit": "children",
        "breakdowns": [
            {
                "title": "Outcome of the referral",
                "groups": [
                    {"label": "Assessed", "count": 8},
                    {"label": "Not assessed", "count": 12},
                ],
            }
        ],
    }

    def view(self, ids: Ids) -> Any:
        return present_cohort(self, ids.next("cohort"), ids.phrases, ids.locale, ids.counted)

    def words(self) -> list[str]:
        return [breakdown.title for breakdown in self.breakdowns]


def refuse_at(location: tuple[str | int, ...], reason: str, value: object) -> ValidationError:
    """An error at one item of a block (a row, a subset), so that its message points at the
    item's line: `reason` is the message and its fix, split at '; '."""
    return refuse_each([(location, reason, value)])


def refuse_each(found: list[tuple[tuple[str | int, ...], str, object]]) -> ValidationError:
    """Errors at several items of a block (every row that does not fit), each told at its
    own line in one run, as `refuse_at` tells one."""
    return ValidationError.from_exception_data(
        "Block",
        [
            InitErrorDetails(
                type=PydanticCustomError("value_error", "{error}", {"error": reason}),
                loc=location,
                input=value,
            )
            for location, reason, value in found
        ],
    )


def _misfit_reason(row: list[str | int | float], width: int) -> str:
    """Why a row does not fit its table, and the fix: a row of more cells than columns
    whose neighbouring words read as one cell split at a comma (`[Police, Working with
    fathers, and the rest, 3]`) is told so, with the cell in quotes."""
    told = (
        f"this row has {len(row)} cell{'s' if len(row) != 1 else ''}, but the table has "
        f"{width} columns"
    )
    joined = _rejoined(row, width) if len(row) > width else None
    if joined is not None:
        return (
            f"{told}: in [ ], a comma starts a new cell, so a cell that holds a comma is read "
            f"as two; put that cell in quotes, such as {_flow_row(joined)}"
        )
    return f"{told}; give it one cell for each column (an empty one as '')"


def _rejoined(row: list[str | int | float], width: int) -> list[str | int | float] | None:
    """The row with the run of neighbouring text cells that a comma would have split joined
    back into one (the run whose later pieces read as a sentence going on, in lower case,
    where there are several), or None where no run of text cells could be."""
    extra = len(row) - width
    runs = [
        start
        for start in range(len(row) - extra)
        if all(isinstance(cell, str) and cell for cell in row[start : start + extra + 1])
    ]
    if not runs:
        return None

    def goes_on(start: int) -> int:
        return sum(str(cell)[:1].islower() for cell in row[start + 1 : start + extra + 1])

    start = max(runs, key=goes_on)  # the first of the likeliest
    merged = ", ".join(str(cell) for cell in row[start : start + extra + 1])
    return [*row[:start], merged, *row[start + extra + 1 :]]


def _flow_row(row: list[str | int | float]) -> str:
    """A row as written in brackets, a text cell in quotes where it holds a comma or
    another character that YAML would read otherwise."""
    return "[" + ", ".join(_flow_cell(cell) for cell in row) + "]"


def _flow_cell(cell: str | int | float) -> str:
    if isinstance(cell, str) and (not cell or re.search(r"[,:#\[\]{}\"'&*!|>%@`]", cell)):
        return json.dumps(cell, ensure_ascii=False)
    return str(cell)


# A cell is text or a figure, strictly (`true` is not a cell: pydantic would read it as the
# number 1); the figure's bounds are also the editor's (JSON Schema), and A_FIGURE refuses a
# number out of them with one message. A column heading is one line; a body cell may hold
# paragraphs and a list, and the personal-data guard reads it as the renderer shows it.
HeadingCell = Annotated[
    StrictStr
    | Annotated[StrictInt, Field(ge=-MAX_FIGURE, le=MAX_FIGURE)]
    | Annotated[StrictFloat, Field(ge=-MAX_FIGURE, le=MAX_FIGURE, allow_inf_nan=False)],
    Field(union_mode="left_to_right"),
    A_FIGURE,
]
Cell = Annotated[HeadingCell, Shown.PARAGRAPHS]
# A column's share of the table's width, relative to the others': [1, 3, 3, 2] (0.1 to 100).
ColumnWidth = Annotated[
    Annotated[StrictInt, Field(ge=1, le=100)]
    | Annotated[StrictFloat, Field(ge=0.1, le=100, allow_inf_nan=False)],
    Field(union_mode="left_to_right"),
]


MAX_BREADTH = 8  # columns: web.css sets a table's least width for up to this many
NUMERIC = re.compile(r"^[*_]*[-+]?[£$]?[\d,.]+%?[*_]*$")


def _cell_text(cell: str | int | float, locale: str = DEFAULT_LOCALE) -> str:
    """A cell as it reads: a number as the briefing's language writes it, its thousands
    separated (1,420); text as it is written."""
    if isinstance(cell, str):
        return cell
    return format_figure(cell, locale)


def _cell(
    cell: str | int | float, locale: str = DEFAULT_LOCALE, *, heading: bool = False
) -> dict[str, Any]:
    """A body cell: its Markdown (a line, or paragraphs and a list), whether it is a figure
    (set to the right, never broken across lines), and whether it heads its row."""
    text = _cell_text(cell, locale)
    return {
        "html": keep_figures_whole(render_flow(text)),
        "numeric": bool(NUMERIC.match(text.strip())),
        "heading": heading,
    }


@kind
class Table(Strict, BlockKind):
    """A table: a caption (and a subtitle), one or two rows of column headings, and rows of
    cells, each a line of Markdown, or paragraphs and a list. The first cell of each row
    heads the row, unless `row_headings: false`. In a second heading row, the first row's
    cells that repeat side by side are merged over the columns they group."""

    key: ClassVar[str] = "table"
    budget_name: ClassVar[str] = "The table"
    item_noun: ClassVar[str] = "row"
    example: ClassVar[Any] = {
        "caption": "Referrals, year on year",
        "columns": [["Agency", "2023", "2024"]],
        "rows": [["Police", 120, 134], ["Health", 88, 97]],
    }

    caption: Label = Field(
        description="What the table shows, as its title.", examples=["Referrals, year on year"]
    )
    subtitle: OneParagraph | None = Field(
        default=None,
        description="A line under the caption: the period, the source or the unit (optional).",
        examples=["Contacts received by the front door, April to March"],
    )
    columns: list[list[HeadingCell]] = Field(
        min_length=1,
        max_length=2,
        description="The column headings: one row, or two where the first groups the second.",
        examples=[[["Agency", "2023", "2024"]]],
    )
    rows: list[list[Cell]] = Field(
        min_length=1,
        max_length=30,
        description="The rows, each a list with one cell for each column. A cell is a figure, "
        "a line of text, or paragraphs and a list (write `|` and the points on the lines "
        "below, each starting with '- ').",
        examples=[[["Police", 120, 134]]],
    )
    row_headings: bool = Field(
        default=True,
        strict=True,
        description="Whether the first cell of each row heads its row (set in bold, and read "
        "out before each cell of the row); false where the first column is content like the "
        "others.",
        examples=[False],
    )
    widths: list[ColumnWidth] | None = Field(
        default=None,
        description="The columns' widths relative to each other, one a column: [1, 3, 3, 2] "
        "makes the second and third three times as wide as the first (optional; by default "
        "each column takes what its words need).",
        examples=[[1, 3, 3, 2]],
    )

    @field_validator("columns", mode="before")
    @classmethod
    def _rows_of_headings(cls, value: object) -> object:
        """`columns: [Agency, 2023]` is one row of headings written without its list: the
        plain message says how to write it, where the generic one would only say "a list"."""
        if isinstance(value, list) and value and not any(isinstance(cell, list) for cell in value):
            row = ", ".join(str(cell) for cell in value)
            raise ValueError(
                "`columns` is a list of rows of headings, and this is one row on its own; "
                f"put the row in brackets of its own: columns: [[{row}]]"
            )
        return value

    @model_validator(mode="after")
    def _rows_fit_the_columns(self) -> Table:
        """Every row that does not fit, each at its own line, in one run."""
        width = len(self.columns[-1])
        found: list[tuple[tuple[str | int, ...], str, object]] = []
        for number, row in enumerate([*self.columns, *self.rows]):
            if len(row) != width:
                in_rows = number >= len(self.columns)
                where = ("rows", number - len(self.columns)) if in_rows else ("columns", number)
                found.append((where, _misfit_reason(row, width), row))
        if self.widths is not None and len(self.widths) != width:
            found.append(
                (
                    ("widths",),
                    f"`widths` gives {len(self.widths)} "
                    f"width{'s' if len(self.widths) != 1 else ''}, but the table has {width} "
                    f"columns; give one width for each column, such as "
                    f"widths: [{', '.join(['1'] + ['2'] * (width - 1))}]",
                    self.widths,
                )
            )
        if found:
            raise refuse_each(found)
        return self

    def view(self, ids: Ids) -> Any:
        count = len(self.columns[-1])
        numeric = [
            any(_cell(row[index], ids.locale)["numeric"] for row in self.rows)
            for index in range(count)
        ]
        first = 1 if self.row_headings else 0  # a column of row headings is set to the left
        head = [
            [{**cell, "numeric": False} for cell in self._merged(row, ids.locale)]
            for row in self.columns[:-1]
        ]
        head.append(
            [
                {
                    "text": _whole(_cell_text(cell, ids.locale)),
                    "span": 1,
                    "numeric": numeric[index] and index >= first,
                }
                for index, cell in enumerate(self.columns[-1])
            ]
        )
        return {
            "id": ids.next("table"),
            "number": None,  # "Table 1", where the briefing numbers its tables (present.py)
            "caption": _whole(self.caption),
            "subtitle": keep_figures_whole(render_inline(self.subtitle)) if self.subtitle else None,
            "widths": _shares(self.widths),
            # On screen, a table is never squeezed below a readable width a column: past
            # that it scrolls in its region (web.css, one class a count up to 8).
            "breadth": min(count, MAX_BREADTH),
            "head": head,
            "grouped": len(self.columns) > 1,
            "rows": [
                {
                    "cells": [
                        _cell(cell, ids.locale, heading=self.row_headings and index == 0)
                        for index, cell in enumerate(row)
                    ]
                }
                for row in self.rows
            ],
        }

    @staticmethod
    def _merged(row: list[str | int | float], locale: str) -> list[dict[str, Any]]:
        merged: list[dict[str, Any]] = []
        for cell in row:
            text = _cell_text(cell, locale)
            if merged and merged[-1]["plain"] == text and text:
                merged[-1]["span"] += 1
            else:
                merged.append({"plain": text, "text": _whole(text), "span": 1})
        return merged

    def words(self) -> list[str]:
        headings = [_cell_text(cell) for row in self.columns for cell in row]
        cells = [
            line for row in self.rows for cell in row for line in plain_lines(_cell_text(cell))
        ]
        subtitle = [self.subtitle] if self.subtitle else []
        return [self.caption, *_plain_words([*subtitle, *headings]), *cells]


def _whole(text: str) -> Markup:
    """Plain text (a caption, a column heading), escaped, its ranges of figures kept whole."""
    return keep_figures_whole(escape(text))


def _shares(widths: list[int | float] | None) -> list[str] | None:
    """Relative widths as percentages of the table, for its columns' style."""
    if widths is None:
        return None
    total = sum(widths)
    return [f"{100 * width / total:.2f}%" for width in widths]


class Bar(Strict):
    """One bar of a chart: a label and a count or a percentage, and any subsets of it."""

    label: Label = Field(description="What the bar counts.", examples=["Cases reviewed"])
    count: Count | None = Field(default=None, description="How many.", examples=[18])
    percent: float | None = Field(
        default=None,
        ge=0,
        le=100,
        strict=True,
        allow_inf_nan=False,
        description="The share, from 0 to 100.",
        examples=[42],
    )
    subsets: list[Bar] = Field(
        default_factory=list,
        max_length=6,
        description="Parts of this bar, each no larger than it (18 cases, 7 of them infants).",
        examples=[[{"label": "Infants", "count": 7}]],
    )

    @model_validator(mode="after")
    def _count_or_percent(self) -> Bar:
        if (self.count is None) == (self.percent is None):
            raise ValueError("give either count or percent for this bar, not both or neither")
        for number, subset in enumerate(self.subsets):
            # A count beside a percentage compares nothing: the chart refuses the mix.
            alike = (subset.count is None) == (self.count is None)
            if alike and subset.value > self.value:
                raise refuse_at(
                    ("subsets", number),
                    f"the subset {subset.label!r} ({subset.shown}) is larger than "
                    f"{self.label!r} ({self.shown}), which it is part of; correct the figures",
                    subset.label,
                )
        return self

    @property
    def value(self) -> float:
        return float(self.count if self.count is not None else self.percent or 0)

    @property
    def shown(self) -> str:
        return self.shown_in(DEFAULT_LOCALE)

    def shown_in(self, locale: str) -> str:
        """Its figure as the briefing's language writes it: 26,000, or 42.5%."""
        if self.count is not None:
            return format_figure(self.count, locale)
        return f"{format_figure(self.percent or 0, locale)}%"


def _every_bar(bars: list[Bar], path: tuple[str | int, ...]) -> Iterator[tuple[Any, Bar]]:
    """Every bar of a chart, subsets included, with its path in the block."""
    for number, bar in enumerate(bars):
        yield (*path, number), bar
        yield from _every_bar(bar.subsets, (*path, number, "subsets"))


def _refuse_parts_over(
    parts: list[Bar], path: tuple[str | int, ...], whole: float, of: str
) -> None:
    """Refuse, at the part that takes them over, parts that add up to more than `whole`
    (percentages rounded to whole numbers may reach 101)."""
    if not parts:
        return
    percent = parts[0].percent is not None
    allowed = whole + (PERCENT_TOLERANCE if percent else 0)
    running = 0.0
    for number, part in enumerate(parts):
        running += part.value
        if running > allowed:
            total = sum(each.value for each in parts)
            shown = f"{total:g}%" if percent else f"{total:g}"
            limit = f"{whole:g}%" if percent else f"{whole:g}"
            what = "percentages" if percent else "counts"
            subject = f"the subsets of {of}" if of != "the bars" else "the bars"
            raise refuse_at(
                (*path, number),
                f"the {what} of {subject} add up to {shown}, more than {limit}, the whole "
                "they are parts of; correct the figures, or, if each bar is a rate of its "
                "own (such as the share of cases where the child was seen alone, which may "
                "add up to more), write `parts_of_one_whole: false` in the chart",
                part.label,
            )


@kind
class Chart(Strict, BlockKind):
    """Figures drawn as bars: counts or percentages, with or without a total, and subsets
    drawn inside their parent (18 cases, 7 of them infants, 6 of those reviewed in depth).
    Every figure is also written out beside its bar."""

    key: ClassVar[str] = "chart"
    budget_name: ClassVar[str] = "The chart"
    item_noun: ClassVar[str] = "bar"
    example: ClassVar[Any] = {
        "title": "How auditors rated practice",
        "bars": [
            {"label": "Good or outstanding", "percent": 50},
            {"label": "Requires improvement", "percent": 42},
            {"label": "Inadequate", "percent": 8},
        ],
    }

    title: Label = Field(description="What the chart shows.", examples=["Cases reviewed"])
    total: Count | None = Field(
        default=None,
        description="The whole that counts are out of, if there is one (optional).",
        examples=[24],
    )
    bars: list[Bar] = Field(
        min_length=1,
        max_length=8,
        description="The bars, in the order shown.",
        examples=[[{"label": "Cases reviewed", "count": 18}]],
    )
    parts_of_one_whole: bool = Field(
        default=True,
        strict=True,
        description="Whether the bars side by side are parts of one whole, such as the "
        "ratings of the same cases: their percentages then add up to 100 at most, their "
        "counts to the total at most, and a bar's subsets to the bar. Write false where "
        "each bar is a rate of its own, such as the share of cases where the child was "
        "seen alone, which may add up to more.",
        examples=[False],
    )

    @model_validator(mode="after")
    def _within_the_total(self) -> Chart:
        for number, bar in enumerate(self.bars):
            if self.total is not None and bar.count is not None and bar.count > self.total:
                raise refuse_at(
                    ("bars", number),
                    f"{bar.label!r} ({bar.count}) is larger than the total ({self.total}); "
                    "correct the figures",
                    bar.label,
                )
        return self

    @model_validator(mode="after")
    def _one_kind_of_figure(self) -> Chart:
        """A bar's length compares it with the others: a count among percentages would be
        drawn out of scale (a count of 1 beside 50% and 42% came out as a full bar)."""
        first = self.bars[0]
        for path, bar in _every_bar(self.bars, ("bars",)):
            if (bar.count is None) != (first.count is None):
                counted, shared = (first, bar) if first.count is not None else (bar, first)
                raise refuse_at(
                    path,
                    f"this chart mixes counts and percentages: {shared.label!r} is a "
                    f"percentage ({shared.shown}) and {counted.label!r} a count "
                    f"({counted.shown}), which cannot be drawn to one scale; give every bar "
                    "a `percent:`, or every bar a `count:` (with the chart's `total:` to show "
                    "each as a share of it)",
                    bar.label,
                )
        return self

    @model_validator(mode="after")
    def _parts_add_up(self) -> Chart:
        """Parts of one whole that add up to more than it are a slip of the figures (42% typed
        for 32%), unless the chart says its bars are rates of their own."""
        if not self.parts_of_one_whole:
            return self
        whole = 100.0 if self.bars[0].percent is not None else self.total
        if whole is not None:
            _refuse_parts_over(self.bars, ("bars",), whole, "the bars")
        for path, bar in _every_bar(self.bars, ("bars",)):
            _refuse_parts_over(bar.subsets, (*path, "subsets"), bar.value, f"{bar.label!r}")
        return self

    def view(self, ids: Ids) -> Any:
        scale = max([self.total or 0, *(bar.value for bar in self.bars if bar.count is not None)])
        rows: list[dict[str, Any]] = []
        for bar in self.bars:
            self._rows(bar, 0, scale or 1, rows, ids.locale)
        return {
            "id": ids.next("chart"),
            "number": None,  # "Figure 1", where the briefing numbers its figures (present.py)
            "title": self.title,
            "total": (
                f"Out of {format_figure(self.total, ids.locale)}"
                if self.total is not None
                else None
            ),
            "rows": rows,
        }

    def _rows(
        self, bar: Bar, depth: int, scale: float, rows: list[dict[str, Any]], locale: str
    ) -> None:
        width = bar.percent if bar.percent is not None else 100 * bar.value / scale
        share = ""
        if bar.count is not None and self.total:
            share = f" ({100 * bar.count / self.total:.0f}%)"
        rows.append(
            {
                "label": bar.label,
                "figure": bar.shown_in(locale) + share,
                "width": round(width, 2),
                "mirrored_x": round(100 - width, 2),  # where it starts, right to left
                "depth": depth,
            }
        )
        for subset in bar.subsets:
            self._rows(subset, min(depth + 1, 2), scale, rows, locale)

    def words(self) -> list[str]:
        return [self.title, *(row["label"] for row in self.view(Ids("")).get("rows", []))]


class Figure(Strict):
    """A headline figure and what it counts."""

    value: Label = Field(description="The figure, as it should read.", examples=["75%"])
    label: OneParagraph = Field(
        description="What the figure counts.", examples=["of referrals led to an assessment"]
    )
    note: Label | None = Field(
        default=None, description="A word on the trend (optional).", examples=["up from 60%"]
    )


HALF = 50  # percent: an image this wide or narrower stands beside what follows it
ASSETS = ASSETS_FOLDER  # the project folder an image comes from


def _asset_problem(file: str) -> str | None:
    """Why `file` cannot name an image of the project's assets/ folder, or None."""
    path = PurePosixPath(file)
    if "\\" in file or path.is_absolute() or ".." in path.parts or ":" in file:
        return (
            f"an image is a file of the project's {ASSETS}/ folder, named from the project "
            "with '/' between folders, such as assets/home-visit.jpg"
        )
    if len(path.parts) < 2 or path.parts[0] != ASSETS:
        return f"put the image in the project's {ASSETS}/ folder and write assets/{path.name}"
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return (
            f"an image is a PNG, a JPEG or an SVG (.png, .jpg, .jpeg or .svg); save "
            f"{path.name} as one of those"
        )
    return None


@kind
class Image(Strict, BlockKind):
    """A photograph, an illustration or a diagram from the project's assets/ folder: a PNG,
    a JPEG or an SVG, checked as the logo is (by its content, its size and its pixels). It
    says what it shows in `alt`, or that it shows nothing a reader needs (`decorative`)."""

    key: ClassVar[str] = "image"
    budget_name: ClassVar[str] = "The image"
    example: ClassVar[Any] = {
        "file": "assets/home-visit.svg",
        "alt": "A health visitor sits with a father and his baby on the sofa at home.",
        "caption": "Seeing the father at home is part of every visit.",
        "credit": "Illustration: the partnership's design team",
    }

    file: Annotated[str, Field(min_length=1, max_length=200)] = Field(
        description="The image file (PNG, JPEG or SVG of at most 5 MB and 6000 pixels a "
        "side), in the project's assets/ folder.",
        examples=["assets/home-visit.jpg"],
    )
    alt: Annotated[str, Field(min_length=1, max_length=400)] | None = Field(
        default=None,
        description="What the image shows, for a reader who cannot see it: one or two "
        "sentences, not the caption again. Required unless `decorative: true`.",
        examples=["A health visitor sits with a father and his baby on the sofa at home."],
    )
    decorative: bool = Field(
        default=False,
        strict=True,
        description="true where the image shows nothing a reader needs (a texture, a "
        "flourish): screen readers then pass over it, and it has no `alt`.",
        examples=[True],
    )
    caption: Text | None = Field(
        default=None,
        description="A line under the image, read by everyone (optional; Markdown).",
        examples=["Seeing the father at home is part of every visit."],
    )
    credit: Label | None = Field(
        default=None,
        description="Who made the image, as the licence asks: shown after the caption, in "
        "small type (optional; a photographer's name is published on purpose).",
        examples=["Photograph: Sam Okafor for the partnership"],
    )
    width: Annotated[int, Field(ge=20, le=100)] = Field(
        default=100,
        strict=True,
        description="How wide the image is, as a percentage of the column's width "
        "(20 to 100; 100 by default). On a phone it takes the whole width.",
        examples=[50],
    )

    @model_validator(mode="after")
    def _described_or_decorative(self) -> Image:
        problem = _asset_problem(self.file)
        if problem:
            raise refuse_at(("file",), problem, self.file)
        if self.alt is None and not self.decorative:
            raise refuse_at(
                ("file",),
                "this image has no text alternative; say what it shows under it, such as "
                "alt: A health visitor sits with a father and his baby, or write "
                "decorative: true where it shows nothing a reader needs",
                self.file,
            )
        if self.alt is not None and self.decorative:
            raise refuse_at(
                ("alt",),
                "a decorative image is passed over by screen readers, so its `alt` would "
                "never be read; remove `decorative: true`, or remove the `alt`",
                self.alt,
            )
        return self

    def view(self, ids: Ids) -> Any:
        return {
            "id": ids.next("figure"),
            "number": None,  # "Figure 1", where the briefing numbers its figures (present.py)
            "file": self.file,
            "src": None,  # the checked image's data URI (present.place_images)
            "shape": None,  # its width and height, where it says them
            "ratio": None,  # its height as a share of its width
            "alt": "" if self.decorative else self.alt,
            "decorative": self.decorative,
            "caption": render_text(self.caption) if self.caption else None,
            "credit": self.credit,
            "width": self.width,
            "beside": self.width <= HALF,  # set beside the blocks that follow it
        }

    def words(self) -> list[str]:
        return [plain_text(text) for text in (self.caption, self.credit) if text]


@kind
class Statistics(RootModel[list[Figure]], BlockKind):
    """Headline figures with their labels, such as "75%" or "450 courses, up 50%"."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)
    key: ClassVar[str] = "statistics"
    budget_name: ClassVar[str] = "The figures"
    item_noun: ClassVar[str] = "figure"
    example: ClassVar[Any] = [
        {"value": "75%", "label": "of referrals led to an assessment", "note": "up from 60%"}
    ]

    def view(self, ids: Ids) -> Any:  # noqa: ARG002
        return {
            "items": [
                {"value": figure.value, "label": render_inline(figure.label), "note": figure.note}
                for figure in self.root
            ]
        }

    def words(self) -> list[str]:
        return [word for figure in self.root for word in (figure.value, figure.label)]


@kind
class Quote(Strict, BlockKind):
    """The voice of a child, a family member or a practitioner, attributed by role only."""

    key: ClassVar[str] = "quote"
    budget_name: ClassVar[str] = "The quote"
    example: ClassVar[Any] = {
        "text": "I wanted someone to ask me what it was like at home.",
        "by": "a young person, aged 15",
    }

    text: Text = Field(
        description="What was said, in the speaker's words.",
        examples=["I wanted someone to ask me what it was like at home."],
    )
    by: Label = Field(
        description="Who said it, by role only: 'a mother', 'a social worker', never a name.",
        examples=["a young person, aged 15"],
    )

    @model_validator(mode="after")
    def _by_role_only(self) -> Quote:
        if names_a_person(self.by):
            raise refuse_at(
                ("by",),
                "a quote is attributed by role only, and this looks like a name; write the "
                "speaker's role instead, such as 'a mother' or 'a social worker'",
                self.by,
            )
        return self

    def view(self, ids: Ids) -> Any:  # noqa: ARG002
        return {
            "html": render_text(self.text),
            "by": self.by,
            "paragraphs": several_paragraphs(self.text),
        }

    def words(self) -> list[str]:
        return [plain_text(self.text), self.by]


@kind
class CaseStory(Strict, BlockKind):
    """An anonymised case story, told as a call-out with its anonymisation note."""

    key: ClassVar[str] = "case_story"
    budget_name: ClassVar[str] = "The case story"
    example: ClassVar[Any] = {
        "title": "Baby B",
        "text": "Baby B, aged four months, was seen at the GP surgery with a small bruise.",
        "anonymisation_note": "Names and details have been changed.",
    }

    title: Label | None = Field(
        default=None, description="The story's title (optional).", examples=["Baby B"]
    )
    text: LongText = Field(
        description="The story, anonymised; Markdown paragraphs.",
        examples=["Baby B, aged four months, was seen at the GP surgery with a small bruise."],
    )
    anonymisation_note: Text = Field(
        description="How the story was anonymised.",
        examples=["Names and details have been changed."],
    )

    def view(self, ids: Ids) -> Any:
        return {
            "id": ids.next("case"),
            "title": self.title or "Case story",
            "html": render_block(self.text),
            "note": render_text(self.anonymisation_note),
            "note_paragraphs": several_paragraphs(self.anonymisation_note),
        }

    def words(self) -> list[str]:
        return [self.title or "Case story", *_plain_words([self.text, self.anonymisation_note])]


class Action(Strict):
    """One action of a plan."""

    action: Text = Field(description="What will be done.", examples=["Audit again in a year."])
    owner: Label = Field(
        description="Who does it: a role or an agency.", examples=["Quality assurance group"]
    )
    when: Label = Field(
        description="By when, or its status.", examples=["March 2026", "Done", "Under way"]
    )


@kind
class ActionPlan(Strict, BlockKind):
    """An action plan: each action with its owner and a date or a status."""

    key: ClassVar[str] = "action_plan"
    budget_name: ClassVar[str] = "The action plan"
    item_noun: ClassVar[str] = "row"
    example: ClassVar[Any] = {
        "actions": [{"action": "Audit again in a year.", "owner": "QA group", "when": "March 2026"}]
    }

    caption: Label = Field(
        default="Action plan", description="The plan's title.", examples=["What we will do"]
    )
    actions: list[Action] = Field(
        min_length=1,
        max_length=12,
        description="The actions.",
        examples=[[{"action": "Audit again.", "owner": "QA group", "when": "March 2026"}]],
    )

    def view(self, ids: Ids) -> Any:
        return {
            "id": ids.next("actions"),
            "caption": self.caption,
            "rows": [
                {"action": render_text(item.action), "owner": item.owner, "when": item.when}
                for item in self.actions
            ],
        }

    def words(self) -> list[str]:
        return [
            self.caption,
            *(word for a in self.actions for word in (plain_text(a.action), a.owner, a.when)),
        ]


class Contact(Strict):
    """A team to contact: declared, so the personal-data guard lets its number and address be."""

    team: Label = Field(description="The team or service.", examples=["Children's Front Door"])
    phone: Label | None = Field(
        default=None, description="The team's phone number.", examples=["01234 567890"]
    )
    email: Annotated[Label, NO_CONTROLS] | None = Field(  # a mailto: link is made of it
        default=None,
        description="The team's email address.",
        examples=["frontdoor@example.gov.uk"],
    )
    hours: Label | None = Field(
        default=None, description="When to call (optional).", examples=["Monday to Friday, 9-5"]
    )


@kind
class Contacts(RootModel[list[Contact]], BlockKind):
    """Who to call: team phone numbers and team email addresses."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)
    key: ClassVar[str] = "contacts"
    budget_name: ClassVar[str] = "The contacts"
    item_noun: ClassVar[str] = "contact"
    example: ClassVar[Any] = [
        {
            "team": "Children's Front Door",
            "phone": "01234 567890",
            "email": "frontdoor@example.gov.uk",
        }
    ]

    def view(self, ids: Ids) -> Any:  # noqa: ARG002
        return {
            "items": [
                {
                    "team": contact.team,
                    "phone": contact.phone,
                    "tel": "tel:" + "".join(contact.phone.split()) if contact.phone else None,
                    "email": contact.email,
                    "hours": contact.hours,
                }
                for contact in self.root
            ]
        }

    def words(self) -> list[str]:
        return [contact.team for contact in self.root]


class Term(Strict):
    """A term and what it means."""

    term: Label = Field(description="The term or abbreviation.", examples=["MASH"])
    definition: Text = Field(
        description="What it means.", examples=["Multi-Agency Safeguarding Hub."]
    )


@kind
class Glossary(RootModel[list[Term]], BlockKind):
    """Terms and their definitions."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)
    key: ClassVar[str] = "glossary"
    budget_name: ClassVar[str] = "The glossary"
    item_noun: ClassVar[str] = "term"
    example: ClassVar[Any] = [{"term": "MASH", "definition": "Multi-Agency Safeguarding Hub."}]

    def view(self, ids: Ids) -> Any:  # noqa: ARG002
        return {
            "items": [
                {"term": item.term, "definition": render_text(item.definition)}
                for item in self.root
            ]
        }

    def words(self) -> list[str]:
        return [word for item in self.root for word in (item.term, plain_text(item.definition))]


@dataclass(frozen=True)
class ContentsItem:
    """A link of a contents list, and the links under it."""

    href: str
    number: int | None
    heading: str
    inner: tuple[ContentsItem, ...] = ()


@kind
class Contents(Strict, BlockKind):
    """A list of the briefing's sections, each a link to it: in the PDF a link to its page,
    on the web to its place. The section that holds the list is left out of it."""

    key: ClassVar[str] = "contents"
    budget_name: ClassVar[str] = "The contents"
    item_noun: ClassVar[str] = "link"
    example: ClassVar[Any] = {"title": "In this guide"}

    title: Label | None = Field(
        default=None,
        description="Words over the list, where its section has no heading (optional).",
        examples=["In this guide"],
    )
    subsections: bool = Field(
        default=False,
        strict=True,
        description="Whether each section's subsections (and each entry's sections) are "
        "listed under it; by default the sections alone.",
        examples=[True],
    )

    def view(self, ids: Ids) -> Any:
        outline = ids.outline or Outline(ids.slug)
        top = [
            anchor for anchor in outline.anchors if anchor.depth == 1 and anchor.key != ids.section
        ]
        return {
            "id": ids.next("contents"),
            "title": self.title,
            "items": [self._item(anchor, outline) for anchor in top],
        }

    def _item(self, anchor: Anchor, outline: Outline) -> ContentsItem:
        inner = outline.under(anchor.key) if self.subsections else ()
        return ContentsItem(
            f"#{anchor.id}",
            anchor.number,
            anchor.heading,
            tuple(ContentsItem(f"#{sub.id}", sub.number, sub.heading) for sub in inner),
        )

    def words(self) -> list[str]:
        return [self.title or ""]


class BlockBase(Strict):
    """A block: a mapping with one key, which names its kind."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1, "maxProperties": 1})

    @model_validator(mode="after")
    def _one_kind(self) -> BlockBase:
        given = [name for name in type(self).model_fields if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(
                f"a block is one kind, such as `paragraphs:` or `findings:`, but this one has "
                f"{len(given) or 'no'} kind{'s' if len(given) != 1 else ''}; "
                "start each block with '- ' and its kind, one kind a block"
            )
        return self

    @property
    def content(self) -> BlockKind:
        """The block's one kind, as its class."""
        return next(
            value
            for name in type(self).model_fields
            if isinstance(value := getattr(self, name), BlockKind)
        )


def _block_model() -> type[BlockBase]:
    fields: dict[str, Any] = {
        key: (
            cls | None,
            Field(default=None, description=cls.__doc__, examples=[cls.example]),
        )
        for key, cls in REGISTRY.items()
    }
    model: type[BlockBase] = create_model(
        "Block", __base__=BlockBase, __doc__=BlockBase.__doc__, **fields
    )
    return model


if TYPE_CHECKING:
    Block = BlockBase
else:
    Block = _block_model()


class Subsection(Strict):
    """A part of a section under its own smaller heading."""

    heading: Heading = Field(description="The subsection's heading.", examples=["Incident"])
    blocks: list[Block] = Field(
        min_length=1,
        max_length=20,
        description="What the subsection shows, in order: one kind of block each.",
        examples=[[{"paragraphs": "A baby of four months was seen with a bruise."}]],
    )


class Cards(Strict):
    """How a section shows its subsections as cards."""

    numbered: bool = Field(
        default=True,
        strict=True,
        description="Whether each card opens with its number, large; by default it does.",
        examples=[False],
    )
    across: Annotated[int, Field(ge=2, le=3), NUMBER_NOT_TEXT] | None = Field(
        default=None,
        description="How many cards a row holds on paper and on a wide screen, 2 or 3; by "
        "default 2 for two or four cards, else 3. A phone shows one a row.",
        examples=[2],
    )


class Section(Strict):
    """A section of the briefing: a heading over blocks, and optionally subsections."""

    heading: Heading | None = Field(
        default=None,
        description="The section's heading; leave it out for a section without one.",
        examples=["What we found"],
    )
    numbered: bool | None = Field(
        default=None,
        strict=True,
        description="Whether the heading is numbered; by default, as the layout numbers them.",
        examples=[True],
    )
    blocks: list[Block] = Field(
        default_factory=list,
        max_length=20,
        description="What the section shows, in order: one kind of block each, such as "
        + ", ".join(f"`{key}`" for key in REGISTRY)
        + ". A section whose content is all in its subsections may leave it out.",
        examples=[[{"paragraphs": "We looked at 20 cases."}]],
    )
    subsections: list[Subsection] = Field(
        default_factory=list,
        max_length=8,
        description="Parts of the section under smaller headings (optional).",
        examples=[[{"heading": "Incident", "blocks": [{"paragraphs": "What happened."}]}]],
    )
    cards: StrictBool | Cards = Field(
        default=False,
        description="`true` shows the subsections as numbered cards side by side, in the "
        "order written; or give `numbered` and `across` (optional).",
        examples=[True, {"numbered": True, "across": 3}],
    )

    @property
    def card_style(self) -> Cards | None:
        """How the subsections are shown as cards, or None where they are not."""
        if isinstance(self.cards, Cards):
            return self.cards
        return Cards() if self.cards else None

    @model_validator(mode="after")
    def _cards_are_subsections(self) -> Section:
        if self.card_style is not None and not self.subsections:
            raise refuse_at(
                ("cards",),
                "cards show the section's subsections, and this section has none; give it "
                "`subsections`, each a heading and its blocks, or remove `cards`",
                self.cards,
            )
        return self

    @model_validator(mode="after")
    def _shows_something(self) -> Section:
        """Blocks, or subsections with theirs: a section of subsections alone is a common
        shape (a case story's "Incident", "What should happen"), an empty one is a slip."""
        if not self.blocks and not self.subsections:
            raise refuse_at(
                ("blocks",),
                "this section shows nothing; give it `blocks`, such as "
                "`- paragraphs: We looked at 20 cases.`, or `subsections` with blocks of their own",
                self.blocks,
            )
        return self


def iter_blocks(
    sections: list[Section], where: tuple[str | int, ...] = ("sections",)
) -> Iterator[tuple[tuple[str | int, ...], BlockKind]]:
    """Every block of the sections, with its path in the file (`where` the sections are)."""
    for number, section in enumerate(sections):
        for index, block in enumerate(section.blocks):
            yield (*where, number, "blocks", index, block.content.key), block.content
        for sub, subsection in enumerate(section.subsections):
            for index, block in enumerate(subsection.blocks):
                path = (*where, number, "subsections", sub, "blocks", index)
                yield (*path, block.content.key), block.content


def view_of(block: BlockKind, ids: Ids, css: str | None = None) -> BlockView:
    """A block ready for its template: its view's fields as attributes (`data.items`, never
    the dictionary's method)."""
    data = block.view(ids)
    if isinstance(data, dict):
        data = SimpleNamespace(**data)
    css = css or f"bg-{block.key.replace('_', '-')}"
    return BlockView(block.key, css, data, block.budget_name, block.item_noun, block.frame or "")


__all__ = [
    "JUDGEMENT_OF_KIND",
    "REGISTRY",
    "Block",
    "BlockKind",
    "BlockView",
    "Bullets",
    "CohortBlock",
    "ContentsItem",
    "Findings",
    "Ids",
    "Image",
    "KeyMessage",
    "Note",
    "Paragraphs",
    "Questions",
    "ResourceView",
    "Resources",
    "Section",
    "Subsection",
    "Table",
    "iter_blocks",
    "view_of",
]
