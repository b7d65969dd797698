"""The frame as data: each part of the masthead and the foot, where the layout or the
briefing places it, in the PDF (its text and its tags), the web page and the three
fragments; dates as written; and a partnership's whole identity."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from briefgen.content.config import load_project
from briefgen.errors import ContentError
from briefgen.names import pdf_name, record_name
from briefgen.pipeline import build
from tests.support.project import REPOSITORY, copy_example
from tests.support.tags import elements
from tests.support.text import html_text, parse_html, pdf_text, write_briefing

WEB = ("index.html", "fragment.html", "fragment-inline.html", "fragment-shadow.html")
EXAMPLE = "Example Safeguarding Children Partnership"  # in briefgen.yaml's partnerships:
BASE: dict[str, Any] = {
    "type": "practice bulletin",
    "introduction": "What we looked at, and why.",
    "practice": {"questions": ["Do I ask?"]},
}
EVERY_PART: dict[str, Any] = {
    **BASE,
    "title": "Consent and the front door",
    "published": "2025-07-11",
    "last_updated": "2025-08",
    "review_date": 2026,
    "banner": "Case review sub-committee",
    "series": {"name": "Front door bulletin", "issue": 7},
    "subtitle": "What referrals say about consent",
    "tagline": "Learning together",
    "summary": "A third of referrals said nothing about consent.",
    "partnership": EXAMPLE,
    "authors": [{"name": "Priya Shah", "role": "Front door practice lead"}],
    "period_reviewed": {"start": "2025-06", "end": "2025-06"},
    "version": "2.1",
    "document_control": [
        {"label": "Index number", "value": "CRSC-2025-03"},
        {"label": "Approved by", "value": "Case review sub-committee, 14 May 2025"},
    ],
    "frame": {
        "document_control": "above_title",
        "byline": "under_title",
        "summary": "under_title",
    },
}
BARE: dict[str, Any] = {
    **BASE,
    "title": "A briefing with its title alone",
    "published": 2025,
    "findings": [{"kind": "strengths", "title": False, "items": ["Plans were shared."]}],
    "sections": [
        {
            "heading": "What needs to change",
            "blocks": [
                {"findings": {"title": False, "judgement": "to improve", "items": ["Ask."]}}
            ],
        }
    ],
}
OWN: dict[str, Any] = {
    **BASE,
    "title": "A briefing of a partnership of its own",
    "published": "2025-03",
    "partnership": {
        "name": "Elsewhere Safeguarding Adults Board",
        "website": "https://elsewhere.example.org/",
        "logo": {"file": "assets/example-logo.svg", "alt": "Elsewhere board logo"},
        "discussion_record": {"send_to": "learning@elsewhere.example.org"},
    },
    "document_control": [{"label": "Owner", "value": "Board manager"}],
}


# A project's own layout, with a frame of its own: the type as a kicker above the banner,
# no label, the byline under the subtitle, and the dates at the foot.
BOARD_FRAME = """
frame:
  above_title: [type, banner]
  under_title: [subtitle, byline]
  label: []
  foot: [published, review_date, document_control]
"""
LAID_OUT: dict[str, Any] = {
    **BASE,
    "title": "A report laid out by the project's own frame",
    "layout": "board report",
    "type": "board report",
    "published": "2025-05-14",
    "review_date": "2026-05",
    "banner": "Case review sub-committee",
    "subtitle": "Annual report to the board",
    "authors": [{"name": "Sam Patel", "role": "Board manager"}],
}


# Only the title is required: no type, no date, nothing else of the frame.
TITLE_ONLY: dict[str, Any] = {
    "title": "A guide with its title alone",
    "sections": [{"heading": "What to do", "blocks": [{"paragraphs": "Ask the family."}]}],
}


HIDDEN: dict[str, Any] = {
    **BASE,
    "title": "A post with no label",
    "published": "2025-03-03",
    "frame": {"label": "hidden"},
}


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_example(tmp_path_factory.mktemp("frame") / "project", content=False)
    for slug, data in (
        ("every-part", EVERY_PART),
        ("bare", BARE),
        ("own", OWN),
        ("laid-out", LAID_OUT),
        ("hidden", HIDDEN),
        ("title-only", TITLE_ONLY),
    ):
        write_briefing(folder, slug, data)
    layouts = folder / "templates" / "layouts"
    layouts.mkdir(parents=True)
    built_in = (REPOSITORY / "templates" / "layouts" / "audit-summary.yaml").read_text()
    own = built_in.replace("name: audit summary", "name: board report").split("\nframe:")[0]
    (layouts / "board-report.yaml").write_text(own + BOARD_FRAME)
    project = load_project(folder)
    report = build(project)
    assert not report.failed, [outcome.error for outcome in report.failed]
    return project.output


def outputs(output: Path, slug: str) -> Iterator[tuple[str, str]]:
    """Each output's name and its text, in reading order: the PDF and the four web files."""
    yield "pdf", pdf_text(output / slug / pdf_name(slug))
    for name in WEB:  # (the text of each element is joined with a space: "Shah , Front")
        yield name, html_text(output / slug / name).replace(" ,", ",")


def in_order(text: str, *phrases: str) -> bool:
    places = [text.find(phrase) for phrase in phrases]
    return -1 not in places and places == sorted(places)


def test_every_part_stands_where_the_layout_and_the_briefing_put_it(output: Path) -> None:
    for name, text in outputs(output, "every-part"):
        assert in_order(
            text,
            "Case review sub-committee",  # banner, above the title
            "Front door bulletin, issue 7",  # series
            "Document control",  # moved above the title by the briefing
            "Index number CRSC-2025-03",
            "Consent and the front door",  # the title
            "What referrals say about consent",  # subtitle
            "Learning together",  # tagline
            "Practice bulletin · 11 July 2025",  # the label: a day, as written
            "By Priya Shah, Front door practice lead",  # the byline, moved under the title
            "A third of referrals said nothing about consent.",  # summary, placed
            "What we looked at",  # the sections
            "Period reviewed: June 2025",  # one month, said once
            "Version: 2.1",
            "Last updated: August 2025",  # a month
            "Review date: 2026",  # a year
        ), (name, text)
        assert "June to June" not in text
        assert "Written by" not in text, name  # the byline is not also at the foot


def test_a_layout_of_the_projects_own_places_the_parts_in_its_order(output: Path) -> None:
    for name, text in outputs(output, "laid-out"):
        assert in_order(
            text,
            "Board report",  # the type, as a kicker
            "Case review sub-committee",
            "A report laid out by the project's own frame",
            "Annual report to the board",
            "By Sam Patel, Board manager",
            "What we looked at",
            "Published: 14 May 2025",
            "Review date: May 2026",
        ), (name, text)
        assert "Board report ·" not in text  # no label
    page = (output / "laid-out" / "index.html").read_text(encoding="utf-8")
    assert '<p class="bg-kicker">Board report</p>' in page


def test_a_briefing_without_the_optional_parts_shows_none_and_no_default(output: Path) -> None:
    for name, text in outputs(output, "bare"):
        assert "Summary for practitioners and managers" not in text, name
        assert "Document control" not in text
        assert "Rapid review" not in text
        assert in_order(text, "A briefing with its title alone", "Practice bulletin · 2025")
        # Findings under a heading that says it, with no group title; no instruction invented.
        assert "Strengths" not in text, name
        assert "Areas to strengthen" not in text, name
        assert in_order(text, "Plans were shared.", "What needs to change Ask.")
        assert "Taking the learning into your practice Do I ask?" in text, name
    page = (output / "bare" / "index.html").read_text(encoding="utf-8")
    classes = {attributes.get("class") for _, attributes in parse_html(page).tags}
    assert not classes & {"bg-audience", "bg-colophon", "bg-banner", "bg-byline", "bg-facts"}
    assert '<time datetime="2025">2025</time>' in page


def test_a_briefing_of_a_title_alone_shows_no_type_no_date_and_no_default(output: Path) -> None:
    folder = output / "title-only"
    for name, text in outputs(output, "title-only"):
        assert in_order(text, "A guide with its title alone", "What to do", "Ask the family."), name
        assert "Audit summary" not in text, name
        assert " · ," not in text, name
        assert not text.rstrip().endswith("·"), name
    pdf = pikepdf.open(folder / pdf_name("title-only"))
    assert "/CreationDate" not in pdf.docinfo
    assert "/ModDate" not in pdf.docinfo
    footer = pdf_text(folder / pdf_name("title-only"))
    assert "Example Safeguarding Children Partnership ·" not in footer
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "<time" not in page
    assert "article:published_time" not in page
    with zipfile.ZipFile(folder / record_name("title-only")) as record:
        assert {info.date_time for info in record.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_an_undated_briefing_is_listed_last_under_no_type_or_year(output: Path) -> None:
    library = (output / "index.html").read_text(encoding="utf-8")
    titles = [library.find(title) for title in ("A post with no label", "A guide with its title")]
    assert -1 not in titles
    assert titles == sorted(titles)
    entry = library[titles[1] :].split("</li>")[0]
    assert "bg-index-meta" not in entry  # no type, no date, no audience: no empty line
    filters = sorted(path.name for path in output.glob("*-*.html"))
    assert "year-2025.html" in filters
    assert not [name for name in filters if name in ("type-.html", "year-.html")]
    feed = (output / "feed.xml").read_text(encoding="utf-8")
    item = feed[feed.find("A guide with its title alone") :].split("</entry>")[0]
    assert "<published>" not in item
    assert "<updated>1970-01-01T00:00:00Z</updated>" in item
    assert "T00:00:00Z" in feed.split("<entry>")[0]  # the feed is as new as its newest date


def test_a_briefing_hides_its_type_and_date_from_the_masthead(output: Path) -> None:
    """The type and the date still name it in the library, its feed and link previews."""
    for name in WEB:
        text = html_text(output / "hidden" / name)
        assert "Practice bulletin" not in text, name
        assert "3 March 2025" not in text, name
    library = html_text(output / "index.html")
    assert "Practice bulletin 3 March 2025" in library


def test_a_logo_a_briefing_gives_is_checked_as_the_projects_at_its_line(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    broken = {**OWN, "partnership": {**OWN["partnership"], "logo": {"file": "assets/x.svg"}}}
    broken["partnership"]["logo"]["alt"] = "A logo"
    (folder / "assets" / "x.svg").write_text("<svg><script>alert(1)</script></svg>")
    write_briefing(folder, "broken", broken)
    report = build(load_project(folder))
    [failed] = report.failed
    assert isinstance(failed.error, ContentError), failed.error
    problem = failed.error.problems[0]
    assert "the logo assets/x.svg cannot be drawn" in problem.message
    assert problem.field == "partnership.logo.file"
    assert problem.line is not None


def test_dates_carry_their_precision_into_the_web_pages_datetime(output: Path) -> None:
    page = (output / "every-part" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2025-07-11">11 July 2025</time>' in page
    assert '<time datetime="2025-08">August 2025</time>' in page
    assert '<time datetime="2026">2026</time>' in page


def test_the_document_control_block_is_a_table_in_every_output(output: Path) -> None:
    for name in WEB:
        html = (output / "every-part" / name).read_text(encoding="utf-8")
        tags = [tag for tag, _ in parse_html(html).tags]
        table = html.index('class="bg-document-control"')
        assert table < html.index('class="bg-title"'), name  # before the title
        rows = [attributes.get("scope") for tag, attributes in parse_html(html).tags if tag == "th"]
        assert rows[:2] == ["row", "row"], name
        assert tags.index("table") < tags.index("caption") < tags.index("th")
    with pikepdf.open(output / "every-part" / pdf_name("every-part")) as pdf:
        kinds = [str(element.S) for element in elements(pdf.Root.StructTreeRoot.K)]
        rows = [
            str(element.A.Scope)
            for element in elements(pdf.Root.StructTreeRoot.K)
            if element.S == "/TH"
        ]
    assert kinds.count("/Table") == 1
    assert kinds.index("/Table") < kinds.index("/H1")  # above the title, in the tags too
    assert rows == ["/Row", "/Row"]
    assert "/Caption" in kinds


def test_a_document_control_block_stands_at_the_foot_by_default(output: Path) -> None:
    for name, text in outputs(output, "own"):
        assert in_order(text, "What we looked at", "Document control Owner Board manager"), name


def test_a_partnership_of_briefgen_yaml_carries_its_whole_identity(output: Path) -> None:
    page = (output / "every-part" / "index.html").read_text(encoding="utf-8")
    assert f'<meta property="og:site_name" content="{EXAMPLE}">' in page
    assert f'alt="{EXAMPLE} logo"' in page
    assert '<a href="https://www.example.org/">' in page
    assert "West Sussex" not in page  # (the canonical address is the library's, the project's)
    for name in WEB[1:]:
        fragment = (output / "every-part" / name).read_text(encoding="utf-8")
        assert f'alt="{EXAMPLE} logo"' in fragment, name
        assert "West Sussex" not in fragment, name
    with pikepdf.open(output / "every-part" / pdf_name("every-part")) as pdf:
        figures = [
            str(element.get("/Alt", ""))
            for element in elements(pdf.Root.StructTreeRoot.K)
            if element.S == "/Figure"
        ]
    assert f"{EXAMPLE} logo" in figures
    assert "learning@example.org" in record_text(output, "every-part")


def test_a_partnership_given_whole_in_the_briefing_borrows_nothing(output: Path) -> None:
    page = (output / "own" / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:site_name" content="Elsewhere Safeguarding Adults Board">' in page
    assert 'alt="Elsewhere board logo"' in page
    assert '<a href="https://elsewhere.example.org/">' in page
    assert "West Sussex" not in page
    assert "Elsewhere Safeguarding Adults Board" in pdf_text(output / "own" / pdf_name("own"))
    record = record_text(output, "own")
    assert "learning@elsewhere.example.org" in record
    assert "westsussexscp" not in record


def record_text(output: Path, slug: str) -> str:
    """The discussion record's words and link targets."""
    with zipfile.ZipFile(output / slug / record_name(slug)) as package:
        return (
            package.read("word/document.xml").decode()
            + package.read("word/_rels/document.xml.rels").decode()
        )
