"""A briefing in a language: the seed built in Welsh and a short sample in Urdu (right to
left), each looked at in what it publishes: the words briefgen adds, `lang` and `dir` on
the page and on every fragment's root, `/Lang` in the PDF, `og:locale`, a phrase in
another language tagged, the layout mirrored for Urdu in the PDF and in the browser, the
discussion record in the language, and the catalogue's warnings."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import docx
import pikepdf
import pytest
from babel.messages.pofile import write_po
from playwright.sync_api import Browser
from selectolax.lexbor import LexborHTMLParser

from briefgen.content.config import load_project
from briefgen.content.load import load_briefing
from briefgen.pipeline import build
from briefgen.render.present import present
from briefgen.render.renderer import Renderer
from tests.support.browser import axe_violations
from tests.support.messages import PLACEHOLDERS, betraying_pieces, read_catalogue
from tests.support.project import (
    EXAMPLES,
    REPOSITORY,
    SEED,
    SEED_SLUG,
    copy_example,
    run_briefgen,
)
from tests.support.text import ADDRESS, LINK, normalise, pdf_text, reader_text

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


# --- Every example in Welsh, scanned for briefgen's English ------------------------------------

# A test catalogue's "Welsh": each letter of the English swapped for another of its shape
# ("Key message" is "Kéý méssàgé"), so that every English message is gone if it came from
# the catalogue, and the pages keep their lengths (and so their pages).
PSEUDO = str.maketrans("aeiouAEIOUcnyCNY", "àéìòùÀÉÌÒÙçñýÇÑÝ")


def pseudo(message: str) -> str:
    pieces = PLACEHOLDERS.split(message)
    names = PLACEHOLDERS.findall(message)
    out = [piece.translate(PSEUDO) for piece in pieces]
    return "".join(part for pair in zip(out, [*names, ""], strict=True) for part in pair)


def pseudo_catalogue(english: Path) -> str:
    catalogue = read_catalogue(english)
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(pseudo(str(text)) for text in message.id)
        else:
            message.string = pseudo(str(message.id))
    output = io.BytesIO()
    write_po(output, catalogue)
    return output.getvalue().decode("utf-8")


def listing_text(listing: object) -> str:
    """The listing's values a CMS would show (its keys and addresses are no words)."""
    if isinstance(listing, dict):  # `format` names the listing's format, for a program
        return " ".join(listing_text(v) for k, v in listing.items() if k != "format")
    if isinstance(listing, list):
        return " ".join(listing_text(value) for value in listing)
    return str(listing) if isinstance(listing, str) and not ADDRESS.match(listing) else ""


def outputs_as_text(output: Path) -> dict[str, str]:
    """Every output a reader sees, as text: the PDFs' words, the web pages and fragments
    (their attributes too: alt, aria-label, title, meta), the records, the feed and the
    listing."""
    texts: dict[str, str] = {}
    for file in sorted(output.rglob("*")):
        name = str(file.relative_to(output))
        if file.name.startswith(".briefgen"):
            continue  # briefgen's own records of the build, never published
        if file.suffix == ".pdf":
            texts[name] = pdf_text(file)
        elif file.suffix in (".html", ".xml"):
            texts[name] = reader_text(file.read_text(encoding="utf-8"))
        elif file.suffix == ".json":
            listing = listing_text(json.loads(file.read_text(encoding="utf-8")))
            texts[name] = normalise(LINK.sub(" ", listing))
        elif file.suffix == ".docx":
            record = docx.Document(str(file))
            properties = record.core_properties
            words = [p.text for p in record.paragraphs]
            words += [
                cell.text for table in record.tables for row in table.rows for cell in row.cells
            ]
            words += [
                properties.subject or "",
                properties.comments or "",
                properties.keywords or "",
            ]
            body = record.element.xml  # the fields' labels and placeholders, the tables' captions
            # The briefing's page is linked by its address, the partnership's words, not briefgen's.
            texts[name] = normalise(LINK.sub(" ", html.unescape(" ".join([*words, body]))))
    return texts


def test_no_english_word_of_briefgen_is_left_in_any_welsh_output(tmp_path: Path) -> None:
    """Every example built in Welsh with a test catalogue: no output holds a message of the
    English catalogue, whatever it is (PDF text, HTML, fragments, record, feed, index)."""
    folder = copy_example(tmp_path / "project", examples=True)
    settings = folder / "briefgen.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "language: cy\n", encoding="utf-8")
    english = REPOSITORY / "templates" / "locale" / "en.po"
    (folder / "templates" / "locale").mkdir(parents=True)
    (folder / "templates" / "locale" / "cy.po").write_text(
        pseudo_catalogue(english), encoding="utf-8"
    )
    output = build_project(folder)
    sources = sorted((folder / "content").glob("*.yaml"))
    content = normalise(" ".join(source.read_text(encoding="utf-8") for source in sources))
    pieces = betraying_pieces(english, content)  # the examples' own English words stay
    assert "Key message" in pieces
    assert "Download the briefing" in pieces
    assert len(pieces) > 80  # all but the few the examples say in their own words
    texts = outputs_as_text(output)
    assert len([name for name in texts if name.endswith(".pdf")]) == len(EXAMPLES)
    assert pseudo("Key message") in " ".join(texts.values())  # the test catalogue's words
    left = sorted(
        f"{name}: “{piece}”" for name, text in texts.items() for piece in pieces if piece in text
    )
    assert left == [], "\n".join(left)


# --- Hyphenation follows the language ------------------------------------------------------------

NARROW = "@page { size: A6 } .briefgen p { hyphens: auto; width: 22mm }"
LONG_WORDS = "Responsibilities accommodation understanding safeguarding"


def hyphenated_lines(tmp_path: Path, language: str) -> list[str]:
    """The seed's print HTML in `language`, its paragraphs set narrow with `hyphens: auto`
    (as a project's own style sheet may ask): the long words WeasyPrint breaks with a
    hyphen, as the part before the break."""
    import weasyprint  # noqa: PLC0415 (only the PDF tests pay for it)

    folder = copy_example(tmp_path / language / "project", content=False)
    text = SEED.read_text(encoding="utf-8").replace(
        "\ntitle:", f"\nlanguage: {language}\ntitle:", 1
    )
    text = re.sub(r"introduction: \|\n(  .*\n|\n)*", f"introduction: {LONG_WORDS}\n", text)
    (folder / "content" / SEED.name).write_text(text, encoding="utf-8")
    project = load_project(folder)
    renderer = Renderer(project)
    view = present(load_briefing(project.content / SEED.name).briefing, SEED_SLUG, project.config)
    html = renderer.render_print(view, "2020-05-01T00:00:00Z")
    stylesheets = [weasyprint.CSS(string=renderer.print_stylesheet_for(view.language) + NARROW)]
    pdf = weasyprint.HTML(string=html, base_url=str(folder)).write_pdf(stylesheets=stylesheets)
    (tmp_path / f"{language}.pdf").write_bytes(pdf)
    lines = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / f"{language}.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    # WeasyPrint ends a hyphenated line with U+2010 HYPHEN
    broken = [line.split()[-1][:-1] for line in lines if line.strip().endswith("\u2010")]
    return [
        part
        for part in broken
        if any(word.startswith(part) and word != part for word in LONG_WORDS.split())
    ]


def test_hyphenation_follows_the_briefings_language(tmp_path: Path) -> None:
    """English words break by English rules; a Welsh briefing has no Welsh dictionary in
    Pyphen, so its words are never broken by English ones."""
    assert hyphenated_lines(tmp_path, "en-GB"), "English words are hyphenated"
    assert hyphenated_lines(tmp_path, "cy") == []
