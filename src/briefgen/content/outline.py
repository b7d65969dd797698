"""A briefing's outline: every heading it shows, in reading order, with its number and id.

The outline is worked out once, from the briefing and its layout, before any block is
shown: a contents list near the top names sections below it, and a link anywhere may
lead to any of them. The presentation (`briefgen.render.present`) takes each section's
heading, number and id from here, and the checks (`briefgen.review.checks`) the names a
`#name` link may give, so the two never disagree.

A layout section is shown when the briefing has something for one of its parts (`SHOWN`
says, part by part, what that is); the briefing's own sections and its entries always
are, as each must have blocks.
"""

from __future__ import annotations

from collections.abc import Callable

from briefgen.content.anchors import Key, Namer, Outline
from briefgen.content.blocks import Section
from briefgen.content.layouts import Layout, LayoutSection
from briefgen.content.markdown import heading_text
from briefgen.content.model import Briefing
from briefgen.content.values import FindingKind


def _practice_instruction(briefing: Briefing) -> bool:
    practice = briefing.practice
    return bool(practice is not None and getattr(practice, "instruction", None))


# For each part of a layout, whether the briefing has anything for it to show.
SHOWN: dict[str, Callable[[Briefing], bool]] = {
    "introduction": lambda briefing: bool(briefing.introduction),
    "method": lambda briefing: briefing.method is not None,
    "cohort": lambda briefing: bool(briefing.method and briefing.method.cohort),
    "findings": lambda briefing: bool(briefing.findings),
    "strengths": lambda briefing: any(
        group.kind is FindingKind.STRENGTHS for group in briefing.findings
    ),
    "other_findings": lambda briefing: any(
        group.kind is not FindingKind.STRENGTHS for group in briefing.findings
    ),
    "why_it_matters": lambda briefing: bool(briefing.why_it_matters),
    "things_to_remember": lambda briefing: bool(briefing.things_to_remember),
    "next_steps": lambda briefing: bool(briefing.next_steps),
    "practice": lambda briefing: briefing.practice is not None,
    "instruction": _practice_instruction,
    "questions": lambda briefing: briefing.practice is not None,
    "key_message": lambda briefing: bool(briefing.key_message),
    "resources": lambda briefing: bool(briefing.resources),
    "anonymisation_note": lambda briefing: bool(briefing.anonymisation_note),
    "sections": lambda briefing: bool(briefing.sections),
    "entries": lambda briefing: bool(briefing.entries),
}


def heading_of(entry: LayoutSection, briefing: Briefing) -> str | None:
    """The layout's heading, unless the briefing rewords it under `headings:`."""
    key = entry.heading_key
    if key is None:
        return entry.heading
    if entry.heading is not None and key not in briefing.headings.model_fields_set:
        return entry.heading
    heading: str = getattr(briefing.headings, key)
    return heading


def outline_of(briefing: Briefing, slug: str, layout: Layout) -> Outline:
    """Every heading the briefing shows, in order: the layout's sections that have
    something to show, the briefing's own sections and their subsections, and its entries
    with theirs. Numbers run on through the layout's sections and the briefing's own."""
    namer = Namer(slug)
    number = 0
    for index, entry in enumerate(layout.sections):
        if entry.parts == ["sections"]:
            for place, section in enumerate(briefing.sections):
                numbered = section.numbered if section.numbered is not None else layout.numbered
                number += bool(numbered and section.heading)
                shown = number if numbered and section.heading else None
                _name_section(namer, ("section", place), section, shown, depth=1)
            continue
        if entry.parts == ["entries"]:
            for place, item in enumerate(briefing.entries):
                namer.add(("entry", place), heading_text(item.title), None, 1)
                _name_entry_sections(namer, ("entry", place), item.sections)
            continue
        heading = heading_of(entry, briefing)
        if heading is None or not any(SHOWN[part](briefing) for part in entry.parts):
            continue
        numbered = entry.numbered if entry.numbered is not None else layout.numbered
        number += bool(numbered)
        namer.add(("layout", index), heading_text(heading), number if numbered else None, 1)
    return namer.outline()


def _name_entry_sections(namer: Namer, key: Key, sections: list[Section]) -> None:
    """An entry's sections, one level below its title: numbered only where a section says
    so (`numbered: true`), counted within the entry."""
    number = 0
    for place, section in enumerate(sections):
        numbered = bool(section.numbered and section.heading)
        number += numbered
        _name_section(namer, (*key, place), section, number if numbered else None, depth=2)


def _name_section(namer: Namer, key: Key, section: Section, number: int | None, depth: int) -> None:
    """A section and its subsections; those of a section without a heading stand at its
    level, as they are shown."""
    if section.heading is not None:
        namer.add(key, heading_text(section.heading), number, depth)
    inner = depth + 1 if section.heading is not None else depth
    for place, subsection in enumerate(section.subsections):
        namer.add((*key, place), heading_text(subsection.heading), None, inner)


__all__ = [
    "heading_of",
    "outline_of",
]
