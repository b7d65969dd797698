"""Briefing shapes: each example builds to two pages or fewer, with its sections in order."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest

from briefgen.build import build
from briefgen.config import load_project
from briefgen.errors import ContentError
from briefgen.load import load_briefing
from tests.support.project import REPOSITORY, copy_example
from tests.support.text import parse_html, seed_data, write_briefing

SHAPES = {
    "under-twos-repeat-referrals-2020": (
        "audit summary",
        [
            "Method",
            "Key findings from the audit",
            "Taking the learning into your practice",
            "Resources",
        ],
    ),
    "bruising-in-babies-2025": (
        "7-minute briefing",
        [
            "1 Background",
            "2 Why it matters",
            "3 Key points",
            "4 Things to remember",
            "5 What to do",
            "6 Questions for discussion",
            "7 Further information",
        ],
    ),
    "neglect-of-older-children-2025": (
        "learning questions",
        [
            "1 What did we do?",
            "2 What good practice did we find?",
            "3 What else did we find?",
            "4 What can we learn?",
            "Resources",
        ],
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_example(tmp_path_factory.mktemp("shapes") / "project", examples=True)
    report = build(load_project(folder))
    assert not report.failed, [outcome.error for outcome in report.failed]
    return folder / "output"


def test_every_shape_has_an_example() -> None:
    layouts = {
        load_briefing(path).briefing.layout.value
        for path in (REPOSITORY / "content").glob("*.yaml")
    }
    assert layouts == {layout for layout, _ in SHAPES.values()}


@pytest.mark.parametrize("slug", sorted(SHAPES))
def test_each_shape_fits_two_pages_with_its_sections_in_order(built: Path, slug: str) -> None:
    layout, sections = SHAPES[slug]
    with pikepdf.open(built / slug / f"{slug}.pdf") as pdf:
        assert len(pdf.pages) <= 2
        with pdf.open_outline() as outline:
            top = list(outline.root)
            titles = [child.title for child in top[0].children]
    assert titles == sections
    for name in ("index.html", "fragment.html"):
        html = (built / slug / name).read_text()
        assert f"bg-layout--{layout.replace(' ', '-')}" in html
        headings = re.findall(r'<h[23] class="bg-heading"[^>]*>(.*?)</h[23]>', html)
        text = [re.sub(r"<[^>]+>", "", heading).replace("&#39;", "'") for heading in headings]
        assert text == sections, name


def test_the_seven_minute_briefing_numbers_its_sections_in_the_page(built: Path) -> None:
    collector = parse_html((built / "bruising-in-babies-2025" / "index.html").read_text())
    numbers = [
        attributes for tag, attributes in collector.tags if attributes.get("class") == "bg-number"
    ]
    assert len(numbers) == 7


def test_a_shape_without_what_it_needs_is_refused(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    data = seed_data()
    data["layout"] = "7-minute briefing"
    source = write_briefing(folder, "incomplete", data)
    with pytest.raises(ContentError) as caught:
        load_briefing(source)
    assert caught.value.problems[0].message == (
        "the layout '7-minute briefing' needs `why_it_matters` and `things_to_remember`"
    )
    assert caught.value.problems[0].fix.startswith("add it, or choose another layout")


def test_learning_questions_need_strengths_and_something_else(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    data = seed_data()
    data["layout"] = "learning questions"
    data["findings"] = data["findings"][:1]
    source = write_briefing(folder, "strengths-only", data)
    with pytest.raises(ContentError) as caught:
        load_briefing(source)
    assert "needs a findings group of another kind" in caught.value.problems[0].message
