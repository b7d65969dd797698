"""The PDF and the web outputs carry the same sections, findings, questions and links."""

from __future__ import annotations

import pikepdf
import pytest

from briefgen.load import load_briefing
from tests.support.project import SEED, SeedBuild
from tests.support.text import briefing_phrases, html_text, normalise, parse_html, pdf_text


def sections() -> list[str]:
    briefing = load_briefing(SEED).briefing
    headings = briefing.headings
    return [
        briefing.title,
        headings.method,
        headings.findings,
        *(group.heading for group in briefing.findings),
        headings.practice,
        headings.resources,
        briefing.key_message or "",
    ]


@pytest.mark.parametrize("output", ["page", "fragment"])
def test_the_pdf_and_the_html_carry_the_same_words(seed_build: SeedBuild, output: str) -> None:
    pdf = pdf_text(seed_build.pdf)
    html = html_text(seed_build.page if output == "page" else seed_build.fragment)
    phrases = briefing_phrases(SEED)
    expected = [*sections(), *phrases["findings"], *phrases["questions"], *phrases["resources"]]
    missing_in_pdf = [phrase for phrase in expected if normalise(phrase) not in pdf]
    missing_in_html = [phrase for phrase in expected if normalise(phrase) not in html]
    assert missing_in_pdf == []
    assert missing_in_html == []


def test_the_pdf_and_the_html_link_to_the_same_resources(seed_build: SeedBuild) -> None:
    with pikepdf.open(seed_build.pdf) as pdf:
        in_pdf = {
            str(annotation.A.URI)
            for page in pdf.pages
            for annotation in page.get("/Annots", [])
            if annotation.get("/Subtype") == "/Link"
        }
    collector = parse_html(seed_build.fragment.read_text())
    in_html = {
        attributes["href"]
        for tag, attributes in collector.tags
        if tag == "a"
        and (attributes.get("href") or "").startswith("http")
        and attributes.get("class") != "bg-download-link"  # the PDF itself, where published
    }
    assert in_pdf == in_html
    assert len(in_pdf) == 2


def test_the_cohort_is_a_chart_with_its_numbers_in_words_in_both(seed_build: SeedBuild) -> None:
    html = seed_build.page.read_text()
    collector = parse_html(html)
    charts = [
        attributes
        for tag, attributes in collector.tags
        if tag == "svg" and attributes.get("role") == "img"
    ]
    assert len(charts) == 2
    assert all(chart.get("aria-labelledby") for chart in charts)
    text = html_text(seed_build.page)
    assert "Not proceeded to assessment or child protection: 12 (60%)" in text
    assert "Multi-agency audit: 10 (50%)" in text
    pdf = pdf_text(seed_build.pdf)
    assert "Not proceeded to assessment or child protection: 12 (60%)" in pdf
