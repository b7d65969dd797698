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

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePosixPath
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from markupsafe import Markup
from pydantic import ConfigDict, Field, RootModel, create_model, model_validator

from briefgen.charts import present_cohort
from briefgen.markdown import plain_text, render_block, render_inline
from briefgen.values import (
    Cohort,
    FindingKind,
    Label,
    LongText,
    Resource,
    Strict,
    Text,
)

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
    two blocks of one kind, never clash on one page."""

    slug: str
    counts: dict[str, int] = field(default_factory=dict)

    def next(self, name: str) -> str:
        self.counts[name] = self.counts.get(name, 0) + 1
        return f"{self.slug}-{name}-{self.counts[name]}"


@dataclass(frozen=True)
class BlockView:
    """A block ready for its template: `kind` names the template, `css` its classes."""

    kind: str
    css: str
    data: Any


class BlockKind:
    """What every kind of block says about itself (set by each class)."""

    key: ClassVar[str]  # the YAML key and the template's name
    budget_name: ClassVar[str]  # "The table", as the page budget names it when it runs over
    item_noun: ClassVar[str] = "item"  # "row", for "The table (rows 3-5)"
    example: ClassVar[Any]  # the kind's example, for the schema and the README

    def view(self, ids: Ids) -> Any:
        """What the template shows, every figure and piece of Markdown worked out."""
        raise NotImplementedError

    def words(self) -> list[str]:
        """The text of the block that must appear in both the PDF and the HTML."""
        raise NotImplementedError


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


@kind
class Paragraphs(RootModel[LongText], BlockKind):
    """Paragraphs of text, in Markdown: a blank line between paragraphs."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)
    key: ClassVar[str] = "paragraphs"
    budget_name: ClassVar[str] = "The text"
    example: ClassVar[Any] = "In May 2020 the partnership audited 20 cases."

    def view(self, ids: Ids) -> Any:  # noqa: ARG002 (no ids needed)
        return {"html": render_block(self.root), "inline": False}

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
        return {"items": [render_inline(item) for item in self.root]}

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
        return {"items": [render_inline(item) for item in self.root]}

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
    Judgement.WENT_WELL: "Strengths",
    Judgement.TO_IMPROVE: "Areas to strengthen",
    Judgement.NEUTRAL: "Findings",
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

    title: Label | None = Field(
        default=None,
        description="The group's heading; defaults to 'Strengths', 'Areas to strengthen' or "
        "'Findings' after its judgement.",
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
        return {
            "id": ids.next("findings"),
            "css": "mixed" if mixed else group.css,
            "heading": self.title or DEFAULT_TITLES[group],
            "items": [self._item(item, mixed) for item in self.items],
        }

    def _item(self, item: str | Finding, mixed: bool) -> dict[str, Any]:
        text = item if isinstance(item, str) else item.text
        judgement = (item.judgement if isinstance(item, Finding) else None) or self.judgement
        shown = judgement or Judgement.NEUTRAL
        return {
            "html": render_inline(text),
            "css": shown.css if mixed else "",
            "spoken": f"{shown.spoken}:" if mixed else "",
        }

    def words(self) -> list[str]:
        texts = [item if isinstance(item, str) else item.text for item in self.items]
        return [self.title or "", *_plain_words(texts)]


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
            "instruction": render_inline(self.instruction) if self.instruction else None,
            "prompt": self.prompt,
            "items": [render_inline(item) for item in self.items],
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
        return {"html": render_inline(self.root)}

    def words(self) -> list[str]:
        return ["Key message", *_plain_words([self.root])]


@dataclass(frozen=True)
class ResourceView:
    title: str
    url: str
    description: Markup | None
    kind: str | None  # "PDF", "Word"...


def present_resource(resource: Resource) -> ResourceView:
    url = str(resource.url)
    file_kind = resource.format
    if file_kind is None and resource.url.scheme in ("http", "https"):
        file_kind = FILE_KINDS.get(PurePosixPath(resource.url.path or "").suffix.lower())
    return ResourceView(
        title=resource.title,
        url=url,
        description=render_inline(resource.description) if resource.description else None,
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
        return {"html": render_inline(self.root)}

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
        return present_cohort(self, ids.next("cohort"))

    def words(self) -> list[str]:
        return [breakdown.title for breakdown in self.breakdowns]


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


def close_kind(name: str) -> str | None:
    """The registered kind closest to a misspelt one."""
    return next(iter(difflib.get_close_matches(name, list(REGISTRY), n=1, cutoff=0.6)), None)


class Subsection(Strict):
    """A part of a section under its own smaller heading."""

    heading: Label = Field(description="The subsection's heading.", examples=["Incident"])
    blocks: list[Block] = Field(
        min_length=1,
        max_length=20,
        description="What the subsection shows, in order: one kind of block each.",
        examples=[[{"paragraphs": "A baby of four months was seen with a bruise."}]],
    )


class Section(Strict):
    """A section of the briefing: a heading over blocks, and optionally subsections."""

    heading: Label | None = Field(
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
        min_length=1,
        max_length=20,
        description="What the section shows, in order: one kind of block each, such as "
        + ", ".join(f"`{key}`" for key in REGISTRY)
        + ".",
        examples=[[{"paragraphs": "We looked at 20 cases."}]],
    )
    subsections: list[Subsection] = Field(
        default_factory=list,
        max_length=8,
        description="Parts of the section under smaller headings (optional).",
        examples=[[{"heading": "Incident", "blocks": [{"paragraphs": "What happened."}]}]],
    )


def iter_blocks(sections: list[Section]) -> Iterator[tuple[tuple[str | int, ...], BlockKind]]:
    """Every block of the sections, with its path in the file."""
    for number, section in enumerate(sections):
        for index, block in enumerate(section.blocks):
            yield ("sections", number, "blocks", index, block.content.key), block.content
        for sub, subsection in enumerate(section.subsections):
            for index, block in enumerate(subsection.blocks):
                path = ("sections", number, "subsections", sub, "blocks", index)
                yield (*path, block.content.key), block.content


def view_of(block: BlockKind, ids: Ids, css: str | None = None) -> BlockView:
    """A block ready for its template: its view's fields as attributes (`data.items`, never
    the dictionary's method)."""
    data = block.view(ids)
    if isinstance(data, dict):
        data = SimpleNamespace(**data)
    return BlockView(block.key, css or f"bg-{block.key.replace('_', '-')}", data)
