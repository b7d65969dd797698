"""The seed's PDF: two A4 pages, every finding, the links, the metadata, the bundled fonts;
and the engine's PDFs: dated by the briefing alone, without touching the environment."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from briefgen.content.config import load_project
from briefgen.engine.accessibility import Finisher, make_finisher
from briefgen.engine.pdf import (
    STYLESHEETS_KEPT,
    parsed_stylesheet,
    render_pdf,
    write_facing,
    write_pdf,
)
from briefgen.paths import readable_roots
from briefgen.pipeline import build
from tests.support.project import REPOSITORY, SEED, SeedBuild, copy_example
from tests.support.text import briefing_phrases, normalise, pdf_text, seed_data, write_briefing


@pytest.mark.slow
def test_the_seed_is_exactly_two_a4_pages(seed_build: SeedBuild) -> None:
    reader = pypdf.PdfReader(seed_build.pdf)
    assert len(reader.pages) == 2
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points


@pytest.mark.slow
def test_every_finding_question_and_resource_is_in_the_pdf(seed_build: SeedBuild) -> None:
    text = pdf_text(seed_build.pdf)
    phrases = briefing_phrases(SEED)
    assert len(phrases["findings"]) == 10
    assert len(phrases["questions"]) == 4
    for kind in ("findings", "questions", "resources", "headings"):
        for phrase in phrases[kind]:
            assert normalise(phrase) in text, (kind, phrase)


@pytest.mark.slow
def test_text_extracts_in_reading_order(seed_build: SeedBuild) -> None:
    text = pdf_text(seed_build.pdf)
    landmarks = [
        "Summary for practitioners and managers",
        "Children under two with repeated contacts and referrals",
        "West Sussex Safeguarding Children Partnership undertakes",
        "Method",
        "Key findings from the audit",
        "Strengths in multi-agency practice",
        "Immediate safeguarding concerns",
        "Areas to strengthen",
        "Taking the learning into your practice",
        "Do I always ask families what other agencies",
        "Remember safeguarding is everyone's responsibility",
        "Resources",
        "WSSCP Escalation Policy",
    ]
    positions = [text.index(landmark) for landmark in landmarks]
    assert positions == sorted(positions)


@pytest.mark.slow
def test_the_footer_carries_the_partnership_and_page_x_of_y(seed_build: SeedBuild) -> None:
    reader = pypdf.PdfReader(seed_build.pdf)
    for number, page in enumerate(reader.pages, start=1):
        text = normalise(page.extract_text())
        assert f"Page {number} of 2" in text
        assert (
            "West Sussex Safeguarding Children Partnership · Multi-agency audit, May 2020" in text
        )


def test_link_annotations_point_at_the_two_resources(seed_build: SeedBuild) -> None:
    with pikepdf.open(seed_build.pdf) as pdf:
        targets = {
            str(annotation.A.URI)
            for page in pdf.pages
            for annotation in page.get("/Annots", [])
            if annotation.get("/Subtype") == "/Link"
        }
    assert targets == {
        "https://www.westsussexscp.org.uk/wp-content/uploads/WSSCP-Escalation-Policy-V6-2019.pdf",
        "https://www.westsussexscp.org.uk/wp-content/uploads/2020/10/"
        "Information-Sharing-Agreement-Final-Version-2019-for-publication_-PDF.pdf",
    }


def test_the_metadata_carries_title_author_subject_keywords_and_language(
    seed_build: SeedBuild,
) -> None:
    with pikepdf.open(seed_build.pdf) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == "Children under two with repeated contacts and referrals"
        assert str(info["/Author"]) == "West Sussex Safeguarding Children Partnership"
        assert "practitioners and managers" in str(info["/Subject"])
        assert "multi-agency audit" in str(info["/Keywords"])
        assert str(pdf.Root.Lang) == "en-GB"


def test_fonts_are_embedded_from_the_bundled_files(seed_build: SeedBuild) -> None:
    names = set()
    with pikepdf.open(seed_build.pdf) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.FontDescriptor
                assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font.BaseFont
                names.add(str(font.BaseFont).split("+", 1)[-1])
    # Only the bundled family, regular and bold: no system font slipped in.
    assert names == {"Briefgen-Sans", "Briefgen-Sans-Bold"}, names


def test_the_text_is_selectable_not_drawn(seed_build: SeedBuild) -> None:
    assert len(pdf_text(seed_build.pdf).split()) > 500


THEME_FONTS = sorted((REPOSITORY / "templates" / "fonts").glob("*.ttf"))
HTML = '<html lang="en"><head><title>A test</title></head><body><p>Hello, world.</p></body></html>'


def small_pdf(folder: Path, finisher: Finisher | None = None) -> bytes:
    """A one-page PDF written by briefgen's engine, its fonts subset by fontTools."""
    rendered = render_pdf(HTML, "p { font-size: 12pt }", folder, readable_roots(folder))
    return write_pdf(rendered, finisher or make_finisher({}))


def font_stamps(pdf: bytes) -> list[int]:
    """The time each embedded font's `head` table says it was made, as TrueType counts it."""
    stamps = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for item in document.objects:
            if isinstance(item, pikepdf.Dictionary) and "/FontFile2" in item:
                font = TTFont(io.BytesIO(item.FontFile2.read_bytes()))
                stamps.append(font["head"].modified)
    return stamps


def test_every_font_keeps_its_files_time_whatever_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_build: SeedBuild
) -> None:
    """fontTools would stamp each subset font with SOURCE_DATE_EPOCH from the environment,
    or the clock: each keeps the time of the font file it comes from instead."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    first = small_pdf(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")
    second = small_pdf(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    third = small_pdf(tmp_path)
    assert first == second == third
    assert font_stamps(first)
    theme = {TTFont(path)["head"].modified for path in THEME_FONTS}
    stamps = font_stamps(seed_build.pdf.read_bytes())
    assert stamps
    assert set(stamps) <= theme


@pytest.mark.slow
def test_a_briefing_dated_before_1904_builds(tmp_path: Path) -> None:
    """TrueType counts time from 1904 and cannot go below it: a briefing dated 1903 (found
    by hypothesis) once failed deep in fontTools, when the fonts took the briefing's date."""
    folder = copy_example(tmp_path / "project", content=False)
    write_briefing(folder, "old", {**seed_data(), "published": "1903-01-01"})
    report = build(load_project(folder))
    assert not report.failed, [outcome.error for outcome in report.failed]
    assert font_stamps((folder / "output" / "old" / "old.pdf").read_bytes())


@pytest.mark.slow
def test_writing_a_pdf_leaves_the_environment_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview server writes PDFs in one thread while others run: the process's
    environment is no place for one PDF's epoch."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = dict(os.environ)
    seen = []
    finish = make_finisher({})

    def finish_and_look(document: Any, pdf: Any) -> None:  # called as the PDF is written
        seen.append(dict(os.environ))
        finish(document, pdf)

    small_pdf(tmp_path, finish_and_look)
    assert seen == [before]
    assert dict(os.environ) == before


def test_only_the_last_few_style_sheets_are_kept(tmp_path: Path) -> None:
    """The preview makes a new print style sheet each time the theme's CSS is saved."""
    allowed = (tmp_path,)
    first = parsed_stylesheet("p { margin: 0 }", tmp_path, allowed, ())
    assert parsed_stylesheet("p { margin: 0 }", tmp_path, allowed, ()) is first  # reused
    for size in range(STYLESHEETS_KEPT * 3):
        parsed_stylesheet(f"p {{ margin: {size}px }}", tmp_path, allowed, ())
    assert parsed_stylesheet.cache_info().currsize == STYLESHEETS_KEPT
    assert parsed_stylesheet("p { margin: 0 }", tmp_path, allowed, ()) is not first  # dropped


def test_versions_face_each_other_a_shorter_one_with_a_blank_page(tmp_path: Path) -> None:
    """Page 1 of each, then page 2 of each: where one has no page 2, a blank page stands in
    its place, so that each pair stays together; it opens with the first on the left."""
    sheet = "@page { size: A4; margin: 2cm } p { break-after: page }"
    welsh = '<html lang="cy"><title>Cymraeg</title><p>Tudalen un</p><p>Tudalen dau</p></html>'
    english = '<html lang="en-GB"><title>English</title><p>Page one</p></html>'
    parts = [render_pdf(html, sheet, tmp_path, [tmp_path]) for html in (welsh, english)]
    data = write_facing(parts, {})
    texts = [normalise(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    assert texts == ["Tudalen un", "Page one", "Tudalen dau", ""]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.PageLayout) == "/TwoPageLeft"
        assert str(pdf.Root.Lang) == "cy"
        assert str(pdf.docinfo.Title) == "Cymraeg / English"
        sizes = {tuple(float(x) for x in page.mediabox) for page in pdf.pages}
        assert len(sizes) == 1, "the blank page is as large as the others"
