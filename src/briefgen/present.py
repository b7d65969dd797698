"""The briefing as the templates see it: every number, label and id computed here.

Templates only loop and branch; percentages, counts in
words, dates, file kinds, heading levels and ids are worked out in this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePosixPath

from markupsafe import Markup

from briefgen.config import ProjectConfig
from briefgen.dates import month_year, period
from briefgen.layouts import sections_of
from briefgen.markdown import render_block, render_inline
from briefgen.model import Briefing, Cohort, Resource

FILE_KINDS = {
    ".pdf": "PDF",
    ".docx": "Word",
    ".doc": "Word",
    ".xlsx": "Excel",
    ".pptx": "PowerPoint",
}


@dataclass(frozen=True)
class Segment:
    label: str
    count: int | None  # None where a percentage of the total is not a whole number
    percent: float
    offset: float  # where the segment starts along the bar, 0 to 100
    shade: int  # 0 for the first segment, growing lighter

    @property
    def percent_text(self) -> str:
        return f"{self.percent:.0f}%"

    @property
    def label_x(self) -> float:
        return self.offset + self.percent / 2


@dataclass(frozen=True)
class Bar:
    id: str
    title: str
    segments: tuple[Segment, ...]
    description: str  # the text alternative: every figure in words


@dataclass(frozen=True)
class CohortView:
    summary: str  # "20 children, July to December 2019"
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class GroupView:
    id: str
    kind: str  # a CSS-friendly name: strengths, areas-to-strengthen, other
    heading: str
    items: tuple[Markup, ...]


@dataclass(frozen=True)
class ResourceView:
    title: str
    url: str
    description: Markup | None
    kind: str | None  # "PDF", "Word"...


@dataclass(frozen=True)
class SectionView:
    """A section of the briefing's layout, ready to render: heading, number, parts."""

    id: str
    name: str
    heading: str | None
    number: int | None
    parts: tuple[str, ...]
    groups: tuple[GroupView, ...]


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
    introduction: Markup
    method: Markup | None
    cohort: CohortView | None
    why_it_matters: Markup | None
    things_to_remember: tuple[Markup, ...]
    next_steps: tuple[Markup, ...]
    instruction: Markup
    prompt: str | None
    questions: tuple[Markup, ...]
    key_message: Markup
    resources: tuple[ResourceView, ...]
    anonymisation_note: Markup | None
    description: str  # one sentence for metadata: what and for whom
    keywords: tuple[str, ...]

    def id(self, name: str) -> str:
        """An id namespaced by slug, so that two briefings on one page never clash."""
        return f"{self.slug}-{name}"


def present(briefing: Briefing, slug: str, config: ProjectConfig) -> BriefingView:
    partnership = briefing.partnership or config.partnership.name
    method = briefing.method
    groups = present_groups(briefing, slug)
    return BriefingView(
        slug=slug,
        layout=briefing.layout.value.replace(" ", "-"),
        sections=tuple(
            SectionView(
                id=f"{slug}-{section.name}",
                name=section.name,
                heading=section.heading,
                number=section.number,
                parts=section.parts,
                groups=tuple(groups[index] for index in section.groups),
            )
            for section in sections_of(briefing)
        ),
        title=briefing.title,
        type_label=briefing.type.label,
        audience=briefing.audience,
        published=briefing.published,
        date_text=month_year(briefing.published),
        partnership=partnership,
        introduction=render_block(briefing.introduction),
        method=render_block(method.text) if method else None,
        cohort=present_cohort(method.cohort, slug) if method and method.cohort else None,
        why_it_matters=render_block(briefing.why_it_matters) if briefing.why_it_matters else None,
        things_to_remember=tuple(render_inline(point) for point in briefing.things_to_remember),
        next_steps=tuple(render_inline(step) for step in briefing.next_steps),
        instruction=render_inline(briefing.practice.instruction),
        prompt=briefing.practice.prompt,
        questions=tuple(render_inline(question) for question in briefing.practice.questions),
        key_message=render_inline(briefing.key_message),
        resources=tuple(present_resource(resource) for resource in briefing.resources),
        anonymisation_note=(
            render_inline(briefing.anonymisation_note) if briefing.anonymisation_note else None
        ),
        description=f"{briefing.type.label} by {partnership}: {briefing.audience.lower()}.",
        keywords=(briefing.type.value, "safeguarding children", "learning briefing", partnership),
    )


def present_groups(briefing: Briefing, slug: str) -> list[GroupView]:
    return [
        GroupView(
            id=f"{slug}-findings-{number}",
            kind=group.kind.value.replace(" ", "-"),
            heading=group.heading,
            items=tuple(render_inline(item) for item in group.items),
        )
        for number, group in enumerate(briefing.findings, start=1)
    ]


def present_cohort(cohort: Cohort, slug: str) -> CohortView:
    summary = f"{cohort.total} {cohort.unit}"
    if cohort.period:
        summary += f", {period(cohort.period.start, cohort.period.end)}"
    bars = tuple(present_bar(cohort, number, slug) for number in range(len(cohort.breakdowns)))
    return CohortView(summary=summary, bars=bars)


def present_bar(cohort: Cohort, number: int, slug: str) -> Bar:
    breakdown = cohort.breakdowns[number]
    segments: list[Segment] = []
    offset = 0.0
    for shade, group in enumerate(breakdown.groups):
        if group.count is not None:
            count: int | None = group.count
            percent = 100 * group.count / cohort.total
        else:
            percent = group.percent or 0.0
            exact = cohort.total * percent / 100
            count = round(exact) if abs(exact - round(exact)) < 0.05 else None
        segments.append(Segment(group.label, count, percent, offset, shade))
        offset += percent
    parts = "; ".join(f"{segment.label}: {describe_share(segment)}" for segment in segments)
    description = f"{breakdown.title}, of {cohort.total} {cohort.unit}. {parts}."
    return Bar(f"{slug}-cohort-{number + 1}", breakdown.title, tuple(segments), description)


def describe_share(segment: Segment) -> str:
    if segment.count is None:
        return segment.percent_text
    return f"{segment.count} ({segment.percent_text})"


def present_resource(resource: Resource) -> ResourceView:
    url = str(resource.url)
    kind = resource.format
    if kind is None and resource.url.scheme in ("http", "https"):
        kind = FILE_KINDS.get(PurePosixPath(resource.url.path or "").suffix.lower())
    return ResourceView(
        title=resource.title,
        url=url,
        description=render_inline(resource.description) if resource.description else None,
        kind=kind,
    )
