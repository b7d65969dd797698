"""The seed's PDF: two A4 pages, every finding, the links, the metadata, the bundled fonts."""

from __future__ import annotations

import pikepdf
import pypdf

from tests.support.project import SEED, SeedBuild
from tests.support.text import briefing_phrases, normalise, pdf_text


def test_the_seed_is_exactly_two_a4_pages(seed_build: SeedBuild) -> None:
    reader = pypdf.PdfReader(seed_build.pdf)
    assert len(reader.pages) == 2
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_every_finding_question_and_resource_is_in_the_pdf(seed_build: SeedBuild) -> None:
    text = pdf_text(seed_build.pdf)
    phrases = briefing_phrases(SEED)
    assert len(phrases["findings"]) == 10
    assert len(phrases["questions"]) == 4
    for kind in ("findings", "questions", "resources", "headings"):
        for phrase in phrases[kind]:
            assert normalise(phrase) in text, (kind, phrase)


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
