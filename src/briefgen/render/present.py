"""The briefing as the templates see it: every number, label and id computed here.

Templates only loop and branch. A briefing is an ordered list of sections, each a
heading over blocks (`briefgen.content.blocks`); its layout (`briefgen.content.layouts`) says where
the short fields (`introduction`, `findings`, `practice`...) go as blocks, and where
the briefing's own `sections:` go.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.content.blocks import (
    JUDGEMENT_OF_KIND,
    BlockKind,
    BlockView,
    Bullets,
    CohortBlock,
    Findings,
    Ids,
    KeyMessage,
    Note,
    Paragraphs,
    Questions,
    Resources,
    ResourceView,
    Section,
    view_of,
)
from briefgen.content.charts import present_cohort
from briefgen.content.config import ProjectConfig
from briefgen.content.dates import month_year, period
from briefgen.content.layouts import Layout, LayoutSection, load_layout, style_of
from briefgen.content.markdown import plain_text, render_inline
from briefgen.content.model import Briefing, FindingGroup, Numbering
from briefgen.content.values import FindingKind
from briefgen.render.images import PlacedImage


@dataclass(frozen=True)
class SubsectionView:
    id: str
    heading: str
    blocks: tuple[BlockView, ...]


@dataclass(frozen=True)
class SectionView:
    """A section of the briefing, ready to render: heading, number, blocks."""

    id: str
    name: str
    heading: str | None
    number: int | None
    blocks: tuple[BlockView, ...]
    subsections: tuple[SubsectionView, ...] = ()


@dataclass(frozen=True)
class BriefingView:
    slug: str
    layout: str  # for the CSS class: audit-summary, 7-minute-briefing, learning-questions
    sections: tuple[SectionView, ...]
    title: str
    type_label: str
    audience: str
    published: dt.date
    date_text: str
    partnership: str
    resources: tuple[ResourceView, ...]  # every link of the briefing, for the PDF's tags
    description: str  # one sentence for metadata: what and for whom
    summary: str  # the index's line or two: the summary, else the first paragraph
    themes: tuple[str, ...]
    keywords: tuple[str, ...]
    tagline: str | None = None
    series: str | None = None  # "Learning Lens, issue 12"
    authors: tuple[str, ...] = ()  # "Sam Patel, Learning and development lead"
    period_reviewed: str | None = None
    version: str | None = None
    review_date: str | None = None
    replaces: str | None = None  # the name of the briefing it replaces

    def id(self, name: str) -> str:
        """An id namespaced by slug, so that two briefings on one page never clash."""
        return f"{self.slug}-{name}"

    @property
    def has_colophon(self) -> bool:
        return bool(self.authors or self.period_reviewed or self.version or self.review_date)


def present(
    briefing: Briefing,
    slug: str,
    config: ProjectConfig,
    folders: Sequence[Path] = (),
    images: Mapping[str, PlacedImage] | None = None,
) -> BriefingView:
    """The view of a briefing; `folders` are the project's template folders, for its layouts;
    `images` its images, read and checked (`checked_images`), by their `file:`."""
    partnership = briefing.partnership or config.partnership.name
    layout = load_layout(briefing.layout, folders)
    sections = present_sections(briefing, slug, layout)
    number_captions(sections, briefing.numbering)
    if images is not None:  # None: a view to look at, never rendered (tests, tools)
        place_images(sections, images)
    type_label = briefing.type[0].upper() + briefing.type[1:]
    description = f"{type_label} by {partnership}: {briefing.audience.lower()}."
    return BriefingView(
        slug=slug,
        layout=style_of(layout.name),
        sections=sections,
        title=briefing.title,
        type_label=type_label,
        audience=briefing.audience,
        published=briefing.published,
        date_text=month_year(briefing.published),
        partnership=partnership,
        resources=_resources_of(sections),
        description=plain_text(briefing.summary) if briefing.summary else description,
        summary=plain_text(briefing.summary) if briefing.summary else _first_paragraph(sections),
        themes=tuple(briefing.themes),
        keywords=(
            briefing.type,
            "safeguarding children",
            "learning briefing",
            partnership,
            *briefing.themes,
        ),
        **_metadata(briefing),
    )


def _metadata(briefing: Briefing) -> dict[str, Any]:
    series = briefing.series
    reviewed = briefing.period_reviewed
    return {
        "tagline": briefing.tagline,
        "series": (f"{series.name}, issue {series.issue}" if series and series.issue else None)
        or (series.name if series else None),
        "authors": tuple(f"{author.name}, {author.role}" for author in briefing.authors),
        "period_reviewed": period(reviewed.start, reviewed.end) if reviewed else None,
        "version": briefing.version,
        "replaces": briefing.replaces,
        "review_date": month_year(briefing.review_date) if briefing.review_date else None,
    }


# What each numbered kind of block is called in its caption, and the numbering that counts it.
CAPTION_NAMES = {
    "table": ("Table", "tables"),
    "chart": ("Figure", "figures"),
    "image": ("Figure", "figures"),
}


def number_captions(sections: tuple[SectionView, ...], numbering: Numbering) -> None:
    """Number the captions of the tables (and of the charts and images, the figures) in
    reading order, where the briefing numbers them: "Table 1", "Figure 2"."""
    counts: dict[str, int] = {}
    for block in _blocks_of(sections):
        name, switch = CAPTION_NAMES.get(block.kind, ("", ""))
        if name and getattr(numbering, switch):
            counts[name] = counts.get(name, 0) + 1
            block.data.number = f"{name} {counts[name]}"


def place_images(sections: tuple[SectionView, ...], images: Mapping[str, PlacedImage]) -> None:
    """Give each image block its checked image; one not checked is a bug of the caller
    (KeyError), never an image drawn unchecked."""
    for block in _blocks_of(sections):
        if block.kind == "image":
            placed = images[block.data.file]
            block.data.src = placed.src
            width, height = placed.shape or (16.0, 9.0)  # an SVG that says no size: 16:9
            block.data.shape = (round(width), round(height)) if placed.shape else None
            block.data.ratio = f"{100 * height / width:.3f}%"  # a decorative one's, on paper


def _blocks_of(sections: tuple[SectionView, ...]) -> list[BlockView]:
    """Every block of the sections, in reading order, subsections' after their section's."""
    return [
        block
        for section in sections
        for block in (*section.blocks, *(b for sub in section.subsections for b in sub.blocks))
    ]


def _first_paragraph(sections: tuple[SectionView, ...]) -> str:
    """The words of the briefing's first paragraph, in reading order ("" without one)."""
    for section in sections:
        for block in (*section.blocks, *(b for sub in section.subsections for b in sub.blocks)):
            if block.kind == "paragraphs":
                first: str = block.data.first
                return first
    return ""


def _resources_of(sections: tuple[SectionView, ...]) -> tuple[ResourceView, ...]:
    blocks = [
        block
        for section in sections
        for block in (
            *section.blocks,
            *(block for sub in section.subsections for block in sub.blocks),
        )
    ]
    return tuple(
        resource for block in blocks if block.kind == "resources" for resource in block.data.items
    )


def present_sections(briefing: Briefing, slug: str, layout: Layout) -> tuple[SectionView, ...]:
    """The layout's sections with the briefing's parts in them, leaving out empty ones."""
    ids = Ids(slug)
    views: list[SectionView] = []
    number = 0
    for entry in layout.sections:
        if entry.parts == ["sections"]:
            for section in briefing.sections:
                numbered = section.numbered if section.numbered is not None else layout.numbered
                number += bool(numbered and section.heading)
                views.append(
                    present_own(section, ids, number if numbered and section.heading else None)
                )
            continue
        blocks = tuple(view for part in entry.parts for view in PARTS[part](briefing, ids))
        if not blocks:
            continue
        heading = heading_of(entry, briefing)
        numbered = entry.numbered if entry.numbered is not None else layout.numbered
        number += bool(numbered and heading)
        views.append(
            SectionView(
                f"{slug}-{entry.name}",
                entry.name,
                heading,
                number if numbered and heading else None,
                blocks,
            )
        )
    return tuple(views)


def heading_of(entry: LayoutSection, briefing: Briefing) -> str | None:
    """The layout's heading, unless the briefing rewords it under `headings:`."""
    key = entry.heading_key
    if key is None:
        return entry.heading
    if entry.heading is not None and key not in briefing.headings.model_fields_set:
        return entry.heading
    heading: str = getattr(briefing.headings, key)
    return heading


def present_own(section: Section, ids: Ids, number: int | None) -> SectionView:
    """One of the briefing's own sections."""
    section_id = ids.next("section")
    return SectionView(
        section_id,
        "own",
        section.heading,
        number,
        tuple(view_of(block.content, ids) for block in section.blocks),
        tuple(
            SubsectionView(
                f"{section_id}-{index}",
                subsection.heading,
                tuple(view_of(block.content, ids) for block in subsection.blocks),
            )
            for index, subsection in enumerate(section.subsections, start=1)
        ),
    )


Part = Callable[[Briefing, Ids], list[BlockView]]


def _text(css: str, text: str | None, *, inline: bool = False) -> list[BlockView]:
    if not text:
        return []
    view = view_of(Paragraphs(text), Ids(""), css)
    if inline:
        view.data.html = render_inline(text)
        view.data.inline = True
    return [view]


def _one(block: BlockKind | None, ids: Ids) -> list[BlockView]:
    return [view_of(block, ids)] if block is not None else []


def _cohort(briefing: Briefing, ids: Ids) -> list[BlockView]:
    method = briefing.method
    if method is None or method.cohort is None:
        return []
    view = present_cohort(method.cohort, f"{ids.slug}-cohort")
    return [BlockView("cohort", "bg-cohort", view, CohortBlock.budget_name)]


def _groups(wanted: Callable[[FindingKind], bool]) -> Part:
    def groups(briefing: Briefing, ids: Ids) -> list[BlockView]:
        return [
            view_of(_findings_of(group), ids) for group in briefing.findings if wanted(group.kind)
        ]

    return groups


def _findings_of(group: FindingGroup) -> Findings:
    return Findings(title=group.title, judgement=JUDGEMENT_OF_KIND[group.kind], items=group.items)


def _practice(briefing: Briefing, ids: Ids, *, instruction: bool = True) -> list[BlockView]:
    practice = briefing.practice
    if practice is None:
        return []
    questions = Questions(
        instruction=practice.instruction if instruction else None,
        prompt=practice.prompt,
        items=practice.questions,
    )
    return _one(questions, ids)


PARTS: dict[str, Part] = {
    "introduction": lambda briefing, _: _text("bg-intro", briefing.introduction),
    "method": lambda briefing, _: _text(
        "bg-method-text", briefing.method.text if briefing.method else None
    ),
    "cohort": _cohort,
    "findings": _groups(lambda _: True),
    "strengths": _groups(lambda kind: kind is FindingKind.STRENGTHS),
    "other_findings": _groups(lambda kind: kind is not FindingKind.STRENGTHS),
    "why_it_matters": lambda briefing, _: _text("bg-why", briefing.why_it_matters),
    "things_to_remember": lambda briefing, ids: _one(
        Bullets(briefing.things_to_remember) if briefing.things_to_remember else None, ids
    ),
    "next_steps": lambda briefing, ids: _one(
        Bullets(briefing.next_steps) if briefing.next_steps else None, ids
    ),
    "practice": _practice,
    "instruction": lambda briefing, _: _text(
        "bg-instruction",
        briefing.practice.instruction if briefing.practice else None,
        inline=True,
    ),
    "questions": lambda briefing, ids: _practice(briefing, ids, instruction=False),
    "key_message": lambda briefing, ids: _one(
        KeyMessage(briefing.key_message) if briefing.key_message else None, ids
    ),
    "resources": lambda briefing, ids: _one(
        Resources(list(briefing.resources)) if briefing.resources else None, ids
    ),
    "anonymisation_note": lambda briefing, ids: _one(
        Note(briefing.anonymisation_note) if briefing.anonymisation_note else None, ids
    ),
}


__all__ = [
    "BriefingView",
    "ResourceView",
    "SectionView",
    "month_year",
    "present",
]
