"""Anchors: each heading's id, made from its words, unique in the briefing and on the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from briefgen.content.anchors import MAX_NAME, Namer, anchor_name
from briefgen.content.blocks import Contents, Ids
from briefgen.content.config import load_project
from briefgen.content.layouts import load_layout
from briefgen.content.load import load_briefing
from briefgen.content.markdown import render_block, render_inline, section_links, sections_of
from briefgen.content.outline import outline_of
from briefgen.errors import ContentError
from briefgen.render.present import present
from tests.support.project import REPOSITORY

HEAD = "title: T\ntype: practice guide\npublished: 2025-11-03\n"


@pytest.mark.parametrize(
    ("heading", "name"),
    [
        ("What we found", "what-we-found"),
        ("What did we find?", "what-did-we-find"),
        ("Réunion à deux", "reunion-a-deux"),
        ("1. Strengths & gaps (2024/25)", "1-strengths-gaps-2024-25"),
        ("???", ""),
    ],
)
def test_a_heading_is_named_by_its_words(heading: str, name: str) -> None:
    assert anchor_name(heading) == name


def test_a_long_heading_is_cut_at_a_word_boundary() -> None:
    name = anchor_name("word " * 40)
    assert len(name) <= MAX_NAME
    assert not name.endswith("-")
    assert set(name.split("-")) == {"word"}


def test_two_headings_of_the_same_words_are_told_apart_by_number() -> None:
    namer = Namer("guide")
    for place, heading in enumerate(["Actions", "Actions", "actions!", "???", "???"]):
        namer.add(("section", place), heading, None, 1)
    assert [anchor.name for anchor in namer.outline().anchors] == [
        "actions",
        "actions-2",
        "actions-3",
        "section",
        "section-2",
    ]
    assert namer.outline().ids[0] == "guide--actions"


def briefing_of(tmp_path: Path, data: dict[str, Any]) -> Any:
    file = tmp_path / "briefing.yaml"
    file.write_text(HEAD + yaml.safe_dump(data, sort_keys=False))
    return load_briefing(file).briefing


SECTIONS: list[dict[str, Any]] = [
    {"blocks": [{"contents": {"title": "In this guide", "subsections": True}}]},
    {"heading": "What we found", "blocks": [{"paragraphs": "See [what to do](#what-to-do)."}]},
    {
        "heading": "What to do",
        "cards": True,
        "subsections": [
            {"heading": "Ask", "blocks": [{"bullets": ["**Ask:** who lives at home?"]}]},
            {"heading": "Look", "blocks": [{"paragraphs": "Look."}]},
        ],
    },
]


def test_the_outline_holds_every_section_and_subsection_in_reading_order(tmp_path: Path) -> None:
    briefing = briefing_of(tmp_path, {"key_message": "Act.", "sections": SECTIONS})
    outline = outline_of(briefing, "guide", load_layout(briefing.layout))
    assert [(anchor.heading, anchor.depth) for anchor in outline.anchors] == [
        ("What we found", 1),
        ("What to do", 1),
        ("Ask", 2),
        ("Look", 2),
    ]
    assert outline.names == {"what-we-found", "what-to-do", "ask", "look"}


def test_a_contents_list_links_to_every_section_but_its_own(tmp_path: Path) -> None:
    briefing = briefing_of(tmp_path, {"sections": SECTIONS})
    outline = outline_of(briefing, "guide", load_layout(briefing.layout))
    view = Contents(title="In this guide", subsections=True).view(
        Ids("guide", outline=outline, section=("section", 0))
    )
    assert [(item.href, item.heading) for item in view["items"]] == [
        ("#guide--what-we-found", "What we found"),
        ("#guide--what-to-do", "What to do"),
    ]
    assert [inner.href for inner in view["items"][1].inner] == ["#guide--ask", "#guide--look"]
    flat = Contents().view(Ids("guide", outline=outline))
    assert all(item.inner == () for item in flat["items"])


def test_a_link_to_a_section_leads_to_the_briefings_own_id() -> None:
    text = "See [what we found](#what-we-found) and [the policy](https://example.org/)."
    with sections_of("neglect-2025"):
        html = render_inline(text)
        block = render_block(text)
    assert '<a href="#neglect-2025--what-we-found">what we found</a>' in html
    assert 'href="#neglect-2025--what-we-found"' in block
    assert 'href="https://example.org/"' in html
    assert section_links(text, paragraphs=False) == ["what-we-found"]


def test_two_briefings_with_the_same_headings_share_no_id(tmp_path: Path) -> None:
    briefing = briefing_of(tmp_path, {"sections": SECTIONS})
    layout = load_layout(briefing.layout)
    first = set(outline_of(briefing, "audit-2024", layout).ids)
    second = set(outline_of(briefing, "audit-2024-what", layout).ids)
    assert first.isdisjoint(second)


def test_cards_without_subsections_are_refused_at_their_line(tmp_path: Path) -> None:
    file = tmp_path / "briefing.yaml"
    section = {"heading": "Themes", "cards": True, "blocks": [{"paragraphs": "Text."}]}
    file.write_text(HEAD + yaml.safe_dump({"sections": [section]}, sort_keys=False))
    with pytest.raises(ContentError) as caught:
        load_briefing(file)
    [problem] = caught.value.problems
    assert "cards show the section's subsections" in problem.message
    assert "`subsections`" in problem.fix
    assert problem.field == "sections.1.cards"
    lines = file.read_text().splitlines()
    assert problem.line == next(n for n, line in enumerate(lines, 1) if "cards:" in line)


@pytest.mark.parametrize("across", [1, 4, "3"])
def test_cards_go_two_or_three_across(tmp_path: Path, across: object) -> None:
    file = tmp_path / "briefing.yaml"
    section = {**SECTIONS[2], "cards": {"across": across}}
    file.write_text(HEAD + yaml.safe_dump({"sections": [section]}, sort_keys=False))
    with pytest.raises(ContentError) as caught:
        load_briefing(file)
    assert [problem.field for problem in caught.value.problems] == ["sections.1.cards.across"]


@pytest.mark.parametrize("example", sorted((REPOSITORY / "content").glob("*.yaml")), ids=str)
def test_the_outline_and_the_page_agree_on_every_heading(example: Path) -> None:
    """The outline is worked out before the sections are shown (a contents list near the
    top names sections below it): every heading shown has the outline's id and number, and
    the numbers run 1, 2, 3 without a gap."""
    briefing = load_briefing(example).briefing
    config = load_project(REPOSITORY).config
    view = present(briefing, example.stem, config)
    outline = view.outline
    assert outline is not None
    shown = [section for section in view.every_section if section.heading]
    shown += [section for section in view.sections if section.entry is not None]
    assert {section.id for section in shown} <= set(outline.ids)
    headings = [anchor.heading for anchor in outline.anchors if anchor.depth == 1]
    assert headings == [section.heading for section in view.sections if section.heading]
    numbers = [section.number for section in view.sections if section.number is not None]
    assert numbers == list(range(1, len(numbers) + 1))
