"""Figures drawn as bars: every number, share and text alternative worked out here.

The templates draw what this module computes: where each segment starts, its share
in words, and the sentence a screen reader reads out instead of the picture.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.content.figures import DEFAULT_LOCALE, format_figure
from briefgen.content.languages import ENGLISH_PHRASES, Phrases, untranslated
from briefgen.content.values import Cohort


@dataclass(frozen=True)
class Segment:
    label: str
    count: int | None  # None where a percentage of the total is not a whole number
    percent: float
    offset: float  # where the segment starts along the bar, 0 to 100
    shade: int  # 0 for the first segment, growing lighter

    locale: str = DEFAULT_LOCALE

    @property
    def percent_text(self) -> str:
        return f"{self.percent:.0f}%"

    @property
    def count_text(self) -> str:
        """Its count as the briefing's language writes it ("1,420"); "" without one."""
        return "" if self.count is None else format_figure(self.count, self.locale)

    @property
    def label_x(self) -> float:
        return self.offset + self.percent / 2

    @property
    def mirrored_offset(self) -> float:
        """Where it starts in a bar drawn right to left (Urdu, Arabic): the first from the right."""
        return 100 - self.offset - self.percent

    @property
    def mirrored_label_x(self) -> float:
        return 100 - self.label_x


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


def present_cohort(
    cohort: Cohort,
    prefix: str,
    phrases: Phrases = ENGLISH_PHRASES,
    locale: str = DEFAULT_LOCALE,
    counted: str = "children",
) -> CohortView:
    """The cohort's summary line and its bars, ids starting with `prefix`, in the language
    of `phrases`, every figure as the briefing's language (`locale`) writes it; what it
    counts is its `unit`, else the project's (`counted`, `ProjectConfig.wording`)."""
    unit = cohort.unit or counted
    summary = f"{format_figure(cohort.total, locale)} {unit}"
    if cohort.period:
        summary += f", {phrases.period(cohort.period.start, cohort.period.end)}"
    bars = tuple(
        present_bar(cohort, number, prefix, phrases, locale, unit)
        for number in range(len(cohort.breakdowns))
    )
    return CohortView(summary=summary, bars=bars)


def present_bar(
    cohort: Cohort,
    number: int,
    prefix: str,
    phrases: Phrases = ENGLISH_PHRASES,
    locale: str = DEFAULT_LOCALE,
    unit: str = "",
) -> Bar:
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
        segments.append(Segment(group.label, count, percent, offset, shade, locale))
        offset += percent
    parts = "; ".join(f"{segment.label}: {describe_share(segment)}" for segment in segments)
    description = phrases.gettext(untranslated("%(title)s, of %(total)s %(unit)s. %(parts)s.")) % {
        "title": breakdown.title,
        "total": format_figure(cohort.total, locale),
        "unit": unit or cohort.unit,
        "parts": parts,
    }
    return Bar(f"{prefix}-{number + 1}", breakdown.title, tuple(segments), description)


def describe_share(segment: Segment) -> str:
    if segment.count is None:
        return segment.percent_text
    return f"{segment.count_text} ({segment.percent_text})"


__all__ = [
    "present_cohort",
]
