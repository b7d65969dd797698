"""The briefing as the templates see it: the layout's sections with the briefing's parts in
them (empty ones left out, headed ones numbered in order where the layout numbers them),
ids namespaced by the briefing's name, headings the briefing rewords, every link
gathered, and the lines the index, the metadata and the colophon show."""

from __future__ import annotations

import datetime as dt
from typing import Any

from briefgen.content.config import ProjectConfig
from briefgen.content.model import Briefing
from briefgen.render.present import BriefingView, month_year, present

CONFIG = ProjectConfig.model_validate({"partnership": {"name": "Anytown Partnership"}})
BASE: dict[str, Any] = {
    "title": "Fathers",
    "type": "rapid review",
    "published": "2021-03-01",
    "introduction": "First *paragraph* of it.\n\nSecond paragraph.",
}


def view_of(slug: str = "fathers", **fields: Any) -> BriefingView:
    return present(Briefing.model_validate({**BASE, **fields}), slug, CONFIG)


def sections_of(view: BriefingView) -> list[tuple[str, str | None, int | None]]:
    return [(section.id, section.heading, section.number) for section in view.sections]


def test_the_audit_summary_leaves_out_what_the_briefing_has_nothing_for() -> None:
    view = view_of(findings=[{"kind": "strengths", "items": ["Quick referrals."]}])
    assert view.layout == "audit-summary"
    assert sections_of(view) == [
        ("fathers-intro", None, None),
        ("fathers--key-findings", "Key findings", None),
    ]
    assert [block.kind for block in view.sections[1].blocks] == ["findings"]


def test_the_seven_minute_briefing_numbers_the_headed_sections_it_shows() -> None:
    """A heading's id is made from its words (briefgen.content.anchors); a section without
    one is numbered among the others of its kind."""
    view = view_of(
        layout="7-minute briefing",
        practice={"instruction": "Discuss it.", "questions": ["Do I ask?"]},
        sections=[
            {"heading": "Own", "blocks": [{"paragraphs": "Ours."}]},
            {"blocks": [{"paragraphs": "No heading."}]},
        ],
    )
    assert sections_of(view) == [
        ("fathers--background", "Background", 1),
        ("fathers--own", "Own", 2),
        ("fathers-section-1", None, None),
        ("fathers--what-to-do", "What to do", 3),
        ("fathers--questions-for-discussion", "Questions for discussion", 4),
    ]


def test_a_heading_the_briefing_rewords_replaces_the_layouts() -> None:
    findings = [{"kind": "other", "items": ["A finding."]}]
    assert view_of(findings=findings).sections[1].heading == "Key findings"
    reworded = view_of(findings=findings, headings={"findings": "What we found"})
    assert reworded.sections[1].heading == "What we found"
    seven = view_of(layout="7-minute briefing", findings=findings)
    assert seven.sections[1].heading == "Key points", "the layout's own words by default"
    seven = view_of(
        layout="7-minute briefing", findings=findings, headings={"findings": "What we found"}
    )
    assert seven.sections[1].heading == "What we found"


def test_every_link_of_the_briefing_is_gathered_in_reading_order() -> None:
    view = view_of(
        resources=[{"title": "Policy", "url": "https://example.org/policy.pdf"}],
        sections=[
            {
                "heading": "Own",
                "blocks": [{"resources": [{"title": "Guide", "url": "https://example.org/g"}]}],
            }
        ],
    )
    assert [(r.title, r.url, r.kind) for r in view.resources] == [
        ("Guide", "https://example.org/g", None),
        ("Policy", "https://example.org/policy.pdf", "PDF"),
    ]


def test_the_summary_is_the_briefings_own_or_its_first_paragraph() -> None:
    view = view_of()
    assert view.summary == "First paragraph of it."
    assert view.description == "Rapid review by Anytown Partnership."  # no audience given
    assert view_of(audience="For managers").description == (
        "Rapid review by Anytown Partnership: for managers."
    )
    summarised = view_of(summary="In *short*.")
    assert summarised.summary == summarised.description == "In short."
    only_sections = {key: value for key, value in BASE.items() if key != "introduction"}
    bare = present(
        Briefing.model_validate(
            {**only_sections, "sections": [{"heading": "A", "blocks": [{"bullets": ["B."]}]}]}
        ),
        "bare",
        CONFIG,
    )
    assert bare.summary == ""


def test_the_labels_dates_and_keywords() -> None:
    view = view_of(themes=["neglect", "fathers"], partnership="Elsewhere Partnership")
    assert (view.title, view.type_label, view.date_text) == (
        "Fathers",
        "Rapid review",
        "1 March 2021",  # written as a day
    )
    assert view.published == dt.date(2021, 3, 1)
    assert view.partnership == "Elsewhere Partnership"
    assert view.keywords == (
        "rapid review",
        "safeguarding children",
        "learning briefing",
        "Elsewhere Partnership",
        "neglect",
        "fathers",
    )
    assert view.themes == ("neglect", "fathers")
    assert view.id("cohort-1") == "fathers-cohort-1"
    assert view_of().partnership == "Anytown Partnership"
    assert month_year(dt.date(2020, 5, 29)) == "May 2020"


def test_the_colophon_shows_only_what_is_given() -> None:
    plain = view_of()
    assert not plain.has_colophon
    assert (plain.series, plain.authors, plain.review_date) == (None, (), None)
    full = view_of(
        series={"name": "Learning Lens", "issue": 12},
        authors=[{"name": "Sam Patel", "role": "Lead"}],
        period_reviewed={"start": "2024-01-01", "end": "2024-06-30"},
        review_date="2026-05",
        version="1.1",
        replaces="fathers-2019",
    )
    assert full.has_colophon
    assert full.series == "Learning Lens, issue 12"
    assert full.authors == ("Sam Patel, Lead",)
    assert full.period_reviewed == "January to June 2024"
    assert full.review_date == "May 2026"
    assert (full.version, full.replaces) == ("1.1", "fathers-2019")
    assert view_of(series={"name": "Learning Lens"}).series == "Learning Lens"


def test_a_cohort_is_drawn_in_the_method_with_ids_of_the_briefing() -> None:
    cohort = {
        "total": 20,
        "breakdowns": [
            {
                "title": "Outcome",
                "groups": [{"label": "A", "count": 5}, {"label": "B", "count": 15}],
            }
        ],
    }
    view = view_of(method={"text": "We sampled.", "cohort": cohort})
    method = view.sections[1]
    assert method.heading == "Method"
    assert [block.kind for block in method.blocks] == ["paragraphs", "cohort"]
    assert [bar.id for bar in method.blocks[1].data.bars] == ["fathers-cohort-1"]


def test_a_welsh_briefing_shows_briefgens_words_in_welsh_its_own_as_written() -> None:
    view = view_of(
        language="cy",
        findings=[
            {"kind": "strengths", "items": ["Atgyfeirio cyflym."]},
            {"kind": "other", "title": "Ein geiriau ein hunain", "items": ["Un."]},
        ],
        sections=[
            {"heading": "Cynnwys y briff", "blocks": [{"contents": {}}]},
            {
                "heading": "Cymysg",
                "blocks": [
                    {
                        "findings": {
                            "items": [
                                {"text": "Da.", "judgement": "went well"},
                                {"text": "Llai da.", "judgement": "to improve"},
                            ]
                        }
                    }
                ],
            },
        ],
        review_date="2026-07",
    )
    assert view.language.tag == "cy"
    assert view.date_text == "1 Mawrth 2021"  # written as a day
    headings = [section.heading for section in view.sections]
    assert "Prif ganfyddiadau" in headings  # the default heading, translated
    findings = next(s for s in view.sections if s.heading == "Prif ganfyddiadau")
    groups = [block.data for block in findings.blocks]
    assert [group.heading for group in groups] == ["Cryfderau", "Ein geiriau ein hunain"]
    mixed = next(s for s in view.sections if s.heading == "Cymysg").blocks[0].data
    assert [item["spoken"] for item in mixed.items] == ["Aeth yn dda:", "I’w wella:"]
    contents = next(s for s in view.sections if s.heading == "Cynnwys y briff").blocks[0]
    assert "Prif ganfyddiadau" in [item.heading for item in contents.data.items]
    assert view.description == "Rapid review gan Anytown Partnership."
    foot = [fact.term for piece in view.frame.foot for fact in piece.data]
    assert "Dyddiad adolygu" in foot
