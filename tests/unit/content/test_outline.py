"""The outline: every heading a briefing shows, in reading order, numbered as the layout
numbers its sections, worked out before any block is shown."""

from __future__ import annotations

from typing import Any

from briefgen.content.layouts import load_layout
from briefgen.content.model import Briefing
from briefgen.content.outline import heading_of, outline_of

BASE: dict[str, Any] = {
    "title": "T",
    "type": "7-minute briefing",
    "published": "2025-01-01",
    "introduction": "Why.",
}


def briefing(**fields: Any) -> Briefing:
    return Briefing.model_validate({**BASE, **fields})


def test_numbers_run_through_the_layouts_sections_and_the_briefings_own() -> None:
    given = briefing(
        layout="7-minute briefing",
        introduction="Why.",
        sections=[
            {"heading": "Own", "blocks": [{"paragraphs": "Ours."}]},
            {"blocks": [{"paragraphs": "No heading, no number."}]},
            {"heading": "Unnumbered", "numbered": False, "blocks": [{"paragraphs": "."}]},
        ],
        practice={"instruction": "Discuss it.", "questions": ["Do I ask?"]},
    )
    outline = outline_of(given, "b", load_layout(given.layout))
    assert [(anchor.heading, anchor.number) for anchor in outline.anchors] == [
        ("Background", 1),
        ("Own", 2),
        ("Unnumbered", None),
        ("What to do", 3),
        ("Questions for discussion", 4),
    ]


def test_a_layout_section_with_nothing_to_show_has_no_heading_in_the_outline() -> None:
    given = briefing(layout="audit summary", introduction="Why.")
    outline = outline_of(given, "b", load_layout(given.layout))
    assert outline.anchors == ()


def test_an_entry_and_its_sections_stand_a_level_apart() -> None:
    given = briefing(
        layout="audit summary",
        entries=[
            {
                "title": "First audit",
                "published": "2025-01-01",
                "sections": [
                    {
                        "heading": "What we found",
                        "blocks": [{"paragraphs": "."}],
                        "subsections": [{"heading": "Detail", "blocks": [{"paragraphs": "."}]}],
                    }
                ],
            }
        ],
    )
    outline = outline_of(given, "b", load_layout(given.layout))
    assert [(anchor.key, anchor.depth) for anchor in outline.anchors] == [
        (("entry", 0), 1),
        (("entry", 0, 0), 2),
        (("entry", 0, 0, 0), 3),
    ]
    assert [anchor.heading for anchor in outline.under(("entry", 0))] == ["What we found"]


def test_the_briefing_rewords_a_layout_heading_only_where_it_says_so() -> None:
    layout = load_layout("7-minute briefing")
    findings = next(entry for entry in layout.sections if entry.heading_key == "findings")
    assert heading_of(findings, briefing()) == "Key points"
    assert heading_of(findings, briefing(headings={"findings": "What we found"})) == (
        "What we found"
    )
