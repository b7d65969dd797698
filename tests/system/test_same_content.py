"""The PDF and the web outputs carry the same sections, findings, questions and links."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pikepdf
import pypdf
import pytest

from briefgen.content.blocks import REGISTRY
from briefgen.content.config import load_project
from briefgen.content.load import load_briefing
from briefgen.pipeline import build
from tests.support.project import REPOSITORY, SEED, SeedBuild, copy_example
from tests.support.text import (
    briefing_phrases,
    every_kind,
    html_text,
    normalise,
    parse_html,
    pdf_text,
    sizes_as_placeholders,
    write_briefing,
)


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
        # The PDF itself and the discussion record, where they are published.
        and attributes.get("class") not in ("bg-download-link", "bg-record-link")
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


PINNED = sorted((REPOSITORY / "tests" / "golden" / "words").glob("*.json"))


@pytest.fixture(scope="module")
def pinned_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The briefings written before sections and blocks, built as they are now."""
    folder = copy_example(tmp_path_factory.mktemp("pinned") / "project", content=False)
    for pinned in PINNED:
        source = REPOSITORY / "content" / f"{pinned.stem}.yaml"
        if not source.exists():
            source = REPOSITORY / "tests" / "content" / f"{pinned.stem}.yaml"
        shutil.copy(source, folder / "content" / source.name)
    report = build(load_project(folder))
    assert not report.failed, [outcome.error for outcome in report.failed]
    return folder / "output"


@pytest.mark.parametrize("pinned", PINNED, ids=lambda path: path.stem)
def test_the_briefings_written_before_sections_keep_their_pages_and_words(
    pinned_build: Path, pinned: Path
) -> None:
    """Their words and page counts as the layouts written in code made them."""
    slug = pinned.stem
    expected = json.loads(pinned.read_text())
    pdf = pinned_build / slug / f"{slug}.pdf"
    assert len(pypdf.PdfReader(pdf).pages) == expected["pages"]
    assert pdf_text(pdf) == expected["pdf"]
    for name, key in (("index.html", "page"), ("fragment.html", "fragment")):
        words = sizes_as_placeholders(html_text(pinned_build / slug / name), pdf.parent, slug)
        assert words == expected[key], name


@pytest.fixture(scope="module")
def every_kind_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_example(tmp_path_factory.mktemp("kinds") / "project", content=False)
    write_briefing(folder, "every-kind", every_kind())
    report = build(load_project(folder))
    assert not report.failed, [outcome.error for outcome in report.failed]
    return folder / "output" / "every-kind"


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_every_kind_of_block_carries_its_words_in_the_pdf_the_page_and_the_fragment(
    every_kind_build: Path, key: str
) -> None:
    kind = REGISTRY[key]
    words = [normalise(word) for word in kind.model_validate(kind.example).words() if word]  # type: ignore[attr-defined]
    for output in ("every-kind.pdf", "index.html", "fragment.html"):
        path = every_kind_build / output
        text = pdf_text(path) if output.endswith(".pdf") else html_text(path)
        missing = [word for word in words if word not in text]
        assert missing == [], output
