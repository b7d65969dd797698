"""Emphasis in headings (`**look**`, `**S**hare information`): drawn and tagged in the PDF
and on the page; its words alone wherever only words fit (the page's <title>, the PDF's
metadata and bookmarks, ids, the record, the feed, the library)."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pikepdf
import pytest

from briefgen.content.config import load_project
from briefgen.pipeline import build
from tests.support.project import copy_example
from tests.support.tags import elements
from tests.support.text import html_text, pdf_text, seed_data, write_briefing

SLUG = "bruising-case-story-7-minute-2025"
WORDS = "What to do: look, check, refer"


def test_the_examples_heading_is_drawn_with_its_bold_words_and_tagged(
    examples_build: Path,
) -> None:
    pdf = examples_build / SLUG / f"{SLUG}.pdf"
    assert WORDS in pdf_text(pdf)
    assert "**" not in pdf_text(pdf)
    assert any(title.endswith(WORDS) for title in outline_titles(pdf))
    with pikepdf.open(pdf) as opened:
        headings = [
            element for element in elements(opened.Root.StructTreeRoot.K) if str(element.S) == "/H2"
        ]
        # Its three bold words are spans of their own in the heading; a heading of plain
        # words has only its number's.
        spans = [sum(1 for kid in elements(h.K) if kid.S == "/Span") for h in headings]
        assert max(spans) >= min(spans) + 3
    page = (examples_build / SLUG / "index.html").read_text()
    assert (
        f'id="{SLUG}--what-to-do-look-check-refer"><span class="bg-number">5</span> '
        "What to do: <strong>look</strong>, <strong>check</strong>, <strong>refer</strong></h2>"
    ) in page


@pytest.fixture(scope="module")
def emphasised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed, its title and a section's heading with bold letters: its output folder."""
    folder = copy_example(tmp_path_factory.mktemp("headings") / "project", content=False)
    data = seed_data()
    data["title"] = "**S**hare, **A**sk, **F**ollow up, **E**scalate"
    data["sections"] = [
        {
            "heading": "**S**hare information",
            "blocks": [
                {"paragraphs": "Share what you know."},
                {"questions": {"items": ["Do I share what I know the same day?"]}},
            ],
        }
    ]
    write_briefing(folder, "safe", data)
    project = load_project(folder)
    report = build(project)
    assert not report.failed, [outcome.error for outcome in report.failed]
    return project.output


TITLE = "Share, Ask, Follow up, Escalate"


def test_the_title_is_emphasised_on_the_page_and_plain_where_only_words_fit(
    emphasised: Path,
) -> None:
    page = (emphasised / "safe" / "index.html").read_text()
    assert "<strong>S</strong>hare, <strong>A</strong>sk" in page
    assert f"<title>{TITLE}:" in page
    assert f'<meta property="og:title" content="{TITLE}' in page
    assert "**" not in html_text(emphasised / "safe" / "index.html")
    assert 'id="safe--share-information"' in page
    with pikepdf.open(emphasised / "safe" / "safe.pdf") as pdf:
        assert str(pdf.docinfo["/Title"]).startswith(TITLE)
    titles = outline_titles(emphasised / "safe" / "safe.pdf")
    assert titles[0] == TITLE
    assert "Share information" in titles


def outline_titles(path: Path) -> list[str]:
    """The titles of a PDF's bookmarks, at every depth, in order."""
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        found: list[str] = []
        pending = list(outline.root)
        while pending:
            item = pending.pop(0)
            found.append(item.title)
            pending[:0] = item.children
        return found


def test_the_record_the_feed_and_the_library_give_the_words_alone(emphasised: Path) -> None:
    record = docx.Document(str(emphasised / "safe" / "safe-discussion-record.docx"))
    texts = [paragraph.text for paragraph in record.paragraphs]
    assert TITLE in texts
    assert "Share information" in " ".join(texts)
    assert not any("**" in text for text in texts)
    assert record.core_properties.title == TITLE
    library = json.loads((emphasised / "briefings.json").read_text())
    assert [entry["title"] for entry in library["briefings"]] == [TITLE]
    feed = (emphasised / "feed.xml").read_text()
    assert f'<title type="text">{TITLE}</title>' in feed
    assert "**" not in feed
    assert "**" not in html_text(emphasised / "index.html")
