"""A briefing in a language: the seed built in Welsh and a short sample in Urdu (right to
left), each looked at in what it publishes: the words briefgen adds, `lang` and `dir` on
the page and on every fragment's root, `/Lang` in the PDF, `og:locale`, a phrase in
another language tagged, the layout mirrored for Urdu in the PDF and in the browser, the
discussion record in the language, and the catalogue's warnings."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import docx
import pikepdf
import pytest
from playwright.sync_api import Browser
from selectolax.lexbor import LexborHTMLParser

from briefgen.content.config import load_project
from briefgen.pipeline import build
from tests.support.browser import axe_violations
from tests.support.project import REPOSITORY, SEED, SEED_SLUG, copy_example, run_briefgen
from tests.support.text import pdf_text

URDU = REPOSITORY / "tests" / "content" / "repeat-referrals-urdu-2020.yaml"
URDU_SLUG = URDU.stem
URDU_CATALOGUE = REPOSITORY / "tests" / "content" / "locale" / "ur.po"
# What the English catalogue says that a Welsh briefing must not: briefgen's own words.
ENGLISH_WORDS = ("Page 1 of 2", "Key message", "Download the briefing", "Discussion record for")
A4_WIDTH = 595.28  # points


@dataclass(frozen=True)
class Built:
    folder: Path  # the briefing's output folder
    slug: str

    @property
    def pdf(self) -> Path:
        return self.folder / f"{self.slug}.pdf"

    def html(self, name: str = "index.html") -> str:
        return (self.folder / name).read_text(encoding="utf-8")


def build_project(folder: Path) -> Path:
    project = load_project(folder)
    report = build(project)
    assert not report.failed, [outcome.error for outcome in report.failed]
    return project.output


@pytest.fixture(scope="module")
def welsh(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The seed, `language: cy`, with an English phrase tagged in its introduction."""
    folder = copy_example(tmp_path_factory.mktemp("welsh") / "project", content=False)
    text = SEED.read_text(encoding="utf-8").replace("\ntitle:", "\nlanguage: cy\ntitle:", 1)
    text = text.replace(
        "In May 2020 the partnership", "In May 2020 [the partnership]{lang=en-GB}", 1
    )
    (folder / "content" / SEED.name).write_text(text, encoding="utf-8")
    return Built(build_project(folder) / SEED_SLUG, SEED_SLUG)


@pytest.fixture(scope="module")
def urdu(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = copy_example(tmp_path_factory.mktemp("urdu") / "project", content=False)
    shutil.copy(URDU, folder / "content" / URDU.name)
    (folder / "templates" / "locale").mkdir(parents=True)
    shutil.copy(URDU_CATALOGUE, folder / "templates" / "locale" / "ur.po")
    return Built(build_project(folder) / URDU_SLUG, URDU_SLUG)


def test_a_welsh_briefing_says_briefgens_words_in_welsh(welsh: Built) -> None:
    text = pdf_text(welsh.pdf)
    for words in ("Tudalen 1 o 2", "Tudalen 2 o 2", "Neges allweddol", "Mai 2020", "Dull"):
        assert words in text, words
    assert "Gorffennaf – Rhagfyr 2019" in text  # the cohort's period
    page = welsh.html()
    assert "Lawrlwytho’r briff" in page
    for english in ENGLISH_WORDS:
        assert english not in text, english
        assert english not in page, english


def test_lang_is_on_the_page_every_fragment_root_and_the_pdf(welsh: Built) -> None:
    assert '<html lang="cy" dir="ltr">' in welsh.html()
    assert re.search(r'<article [^>]*lang="cy" dir="ltr"', welsh.html())
    for name in ("fragment.html", "fragment-inline.html", "fragment-shadow.html"):
        assert root_attributes(welsh.html(name))[:2] == ("cy", "ltr"), name
    shadow = LexborHTMLParser(welsh.html("fragment-shadow.html")).template_fragments()
    assert shadow  # the shadow root's own .briefgen speaks the language too
    assert '<div class="briefgen" lang="cy" dir="ltr">' in welsh.html("fragment-shadow.html")
    assert '<meta property="og:locale" content="cy_GB">' in welsh.html()
    with pikepdf.open(welsh.pdf) as pdf:
        assert str(pdf.Root.Lang) == "cy"


def root_attributes(html: str) -> tuple[str | None, str | None]:
    """The `lang` and `dir` of a fragment's root element, in whatever order written."""
    root = LexborHTMLParser(html).body
    assert root is not None
    element = next(node for node in root.iter(include_text=False))
    return element.attributes.get("lang"), element.attributes.get("dir")


def test_a_phrase_in_another_language_is_tagged_with_it(welsh: Built) -> None:
    for name in ("index.html", "fragment.html", "fragment-shadow.html"):
        assert '<span lang="en-GB">the partnership</span>' in welsh.html(name), name
    assert 'lang="en-GB"' in welsh.html("fragment-inline.html")


def test_the_welsh_discussion_record_is_in_welsh(welsh: Built) -> None:
    record = docx.Document(str(welsh.folder / f"{SEED_SLUG}-discussion-record.docx"))
    assert record.core_properties.language == "cy"
    texts = [paragraph.text for paragraph in record.paragraphs]
    assert "Cofnod trafodaeth y tîm" in texts
    assert "Pwy gymerodd ran" in texts
    assert "Cwestiynau o ‘Rhoi’r dysgu ar waith yn eich ymarfer’:" in texts
    assert not any("Who took part" in text or "Write the date" in text for text in texts)
    assert [cell.text for cell in record.tables[0].rows[0].cells] == ["Rôl", "Asiantaeth"]


def test_an_urdu_briefing_is_right_to_left_on_the_page_and_in_the_pdf(urdu: Built) -> None:
    assert '<html lang="ur" dir="rtl">' in urdu.html()
    for name in ("fragment.html", "fragment-inline.html", "fragment-shadow.html"):
        assert root_attributes(urdu.html(name)) == ("ur", "rtl"), name
    assert '<meta property="og:locale" content="ur_PK">' in urdu.html()
    with pikepdf.open(urdu.pdf) as pdf:
        assert str(pdf.Root.Lang) == "ur"
    text = pdf_text(urdu.pdf)
    assert "اہم پیغام" in text  # the project's own catalogue
    assert "صفحہ" in text  # "Page", in the page footer


def words_at(pdf: Path) -> list[tuple[str, float, float, float]]:
    """Each word of the first page with its left, right and top edges, in points; a word of a
    right-to-left script as poppler gives it, its letters in the order drawn."""
    found = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        (word, float(left), float(right), float(top))
        for left, top, right, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
            found,
        )
    ]


def test_the_urdu_pdf_is_mirrored(urdu: Built, welsh: Built) -> None:
    """Headings stand at the right margin, the page number at the left; in a language
    written left to right, the other way round."""
    urdu_words = words_at(urdu.pdf)
    line = next(top for word, _, _, top in urdu_words if word == "کار"[::-1])  # طریقۂ کار
    heading = max(right for _, _, right, top in urdu_words if top == line)
    assert heading > A4_WIDTH - 60
    number = next(left for word, left, _, _ in urdu_words if word == "صفحہ"[::-1])
    assert number < 120
    welsh_words = words_at(welsh.pdf)
    assert next(left for word, left, _, _ in welsh_words if word == "Dull") < 60
    assert next(left for word, left, _, _ in welsh_words if word == "Tudalen") > A4_WIDTH / 2


@pytest.mark.browser
def test_the_urdu_page_is_mirrored_and_accessible(urdu: Built, browser: Browser) -> None:
    for width in (1280, 320):
        page = browser.new_page(viewport={"width": width, "height": 900})
        try:
            page.goto((urdu.folder / "index.html").as_uri())
            box = page.locator(".bg-heading").first.bounding_box()
            article = page.locator("article").bounding_box()
            assert box is not None
            assert article is not None
            assert abs((box["x"] + box["width"]) - (article["x"] + article["width"])) < 2
            direction = page.locator("article").evaluate("e => getComputedStyle(e).direction")
            assert direction == "rtl"
            assert axe_violations(page) == [], width
        finally:
            page.close()


@pytest.mark.browser
def test_the_welsh_page_has_no_accessibility_violations(welsh: Built, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto((welsh.folder / "index.html").as_uri())
        assert axe_violations(page) == []
    finally:
        page.close()


def test_a_project_catalogue_warns_of_what_it_leaves_in_english(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    shutil.copy(URDU, folder / "content" / URDU.name)
    (folder / "templates" / "locale").mkdir(parents=True)
    shutil.copy(URDU_CATALOGUE, folder / "templates" / "locale" / "ur.po")
    checked = run_briefgen("check", cwd=folder)
    assert checked.code == 0, checked.err
    assert (
        "templates/locale/ur.po: warning: the catalogue has no translation of “Contents”"
        in checked.err
    )
    assert "“Key message”" not in checked.err  # translated
    (folder / "templates" / "locale" / "ur.po").unlink()
    checked = run_briefgen("check", cwd=folder)
    assert "no catalogue speaks `ur`: briefgen's own words are in English" in checked.err
    assert checked.err.count("no catalogue speaks") == 1
