"""Briefing shapes: which sections a briefing has, in which order, under which headings.

One kind of content makes three shapes that partnerships publish: the audit summary
of the seed; the 7-minute briefing, read out at a team meeting in seven numbered
sections; and learning questions, whose numbered headings ask what was done, found and learnt. The
templates render whatever sections a layout lists, one component a part.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from briefgen.model import Briefing, FindingKind, Layout


@dataclass(frozen=True)
class Section:
    """One section of a layout: its heading (if any) and the parts it shows."""

    name: str  # for ids and CSS classes: method, findings, practice...
    parts: tuple[str, ...]  # components/parts/<part>.html.j2, in order
    heading: str | None = None
    number: int | None = None
    groups: tuple[int, ...] = ()  # which groups of findings the `groups` part shows


def sections_of(briefing: Briefing) -> tuple[Section, ...]:
    """The sections of the briefing's layout, leaving out those it has nothing for."""
    return tuple(section for section in LAYOUTS[briefing.layout](briefing) if section.parts)


def _has(condition: object, *parts: str) -> tuple[str, ...]:
    return parts if condition else ()


def _groups(briefing: Briefing, wanted: Callable[[FindingKind], bool]) -> tuple[int, ...]:
    return tuple(index for index, group in enumerate(briefing.findings) if wanted(group.kind))


def _closing(briefing: Briefing) -> list[Section]:
    return [
        Section("key-message", ("key-message",)),
        Section("resources", _has(briefing.resources, "resources"), briefing.headings.resources),
        Section("note", _has(briefing.anonymisation_note, "note")),
    ]


def audit_summary(briefing: Briefing) -> Sequence[Section]:
    headings = briefing.headings
    method = briefing.method
    return [
        Section("intro", ("introduction",)),
        Section(
            "method",
            _has(method, "method") + _has(method and method.cohort, "cohort"),
            headings.method,
        ),
        Section(
            "findings", ("groups",), headings.findings, groups=_groups(briefing, lambda _: True)
        ),
        Section("next-steps", _has(briefing.next_steps, "next-steps"), headings.next_steps),
        Section("practice", ("instruction", "questions"), headings.practice),
        *_closing(briefing),
    ]


def seven_minute(briefing: Briefing) -> Sequence[Section]:
    method = briefing.method
    return [
        Section(
            "background",
            ("introduction", *_has(method, "method"), *_has(method and method.cohort, "cohort")),
            "Background",
            1,
        ),
        Section("why", ("why",), "Why it matters", 2),
        Section("findings", ("groups",), "Key points", 3, _groups(briefing, lambda _: True)),
        Section("remember", ("key-message", "remember"), "Things to remember", 4),
        Section(
            "what-to-do",
            ("instruction", *_has(briefing.next_steps, "next-steps")),
            "What to do",
            5,
        ),
        Section("practice", ("questions",), "Questions for discussion", 6),
        Section("resources", ("resources",), "Further information", 7),
        Section("note", _has(briefing.anonymisation_note, "note")),
    ]


def learning_questions(briefing: Briefing) -> Sequence[Section]:
    method = briefing.method
    strengths = _groups(briefing, lambda kind: kind is FindingKind.STRENGTHS)
    others = _groups(briefing, lambda kind: kind is not FindingKind.STRENGTHS)
    return [
        Section(
            "background",
            ("introduction", *_has(method, "method"), *_has(method and method.cohort, "cohort")),
            "What did we do?",
            1,
        ),
        Section("strengths", ("groups",), "What good practice did we find?", 2, strengths),
        Section("findings", ("groups",), "What else did we find?", 3, others),
        Section(
            "practice",
            ("instruction", "questions", *_has(briefing.next_steps, "next-steps")),
            "What can we learn?",
            4,
        ),
        *_closing(briefing),
    ]


LAYOUTS: dict[Layout, Callable[[Briefing], Sequence[Section]]] = {
    Layout.AUDIT_SUMMARY: audit_summary,
    Layout.SEVEN_MINUTE: seven_minute,
    Layout.LEARNING_QUESTIONS: learning_questions,
}
