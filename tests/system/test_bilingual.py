"""A briefing in Welsh and English (examples/welsh-and-english): two files, each built as
a briefing of its own in its language, their pages linked to each other (visibly, and by
`hreflang`), and a bilingual PDF with each Welsh page facing its English page; a
language the project publishes in and a briefing lacks is an error."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pikepdf
import pypdf
import pytest
from playwright.sync_api import Browser
from selectolax.lexbor import LexborHTMLParser, LexborNode

from briefgen.content.config import load_project
from briefgen.pipeline import build
from tests.support.browser import axe_violations, open_page
from tests.support.project import REPOSITORY, SEED, run_briefgen
from tests.support.tags import elements
from tests.support.text import normalise, pdf_text

EXAMPLE = REPOSITORY / "examples" / "welsh-and-english"
SLUG = "under-twos-repeat-referrals-2020"
WELSH_SLUG = f"{SLUG}-cy"
SITE = "https://www.westsussexscp.org.uk/briefings/"
WELSH_TITLE = "Plant dan ddwy oed â chysylltiadau ac atgyfeiriadau mynych"
ENGLISH_TITLE = "Children under two with repeated contacts and referrals"


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bilingual") / "project"
    shutil.copytree(EXAMPLE, folder)
    report = build(load_project(folder))
    assert not report.failed, [outcome.error for outcome in report.failed]
    assert not [w for outcome in report.outcomes for w in outcome.warnings if w.severity != "note"]
    return folder / "output"


def page(output: Path, slug: str, name: str = "index.html") -> LexborHTMLParser:
    return LexborHTMLParser((output / slug / name).read_text(encoding="utf-8"))


def one(html: LexborHTMLParser, selector: str) -> LexborNode:
    found = html.css_first(selector)
    assert found is not None, selector
    return found


def attribute(node: LexborNode, name: str) -> str:
    return node.attributes.get(name) or ""


def test_the_example_keeps_the_seed_as_it_is() -> None:
    ours = (EXAMPLE / "content" / SEED.name).read_text(encoding="utf-8")
    seed = SEED.read_text(encoding="utf-8")
    assert ours.split("\n", 1)[1] == seed.split("\n", 1)[1]  # but the schema's address


def test_each_version_has_every_output_in_its_language(output: Path) -> None:
    for slug, language, title in [(SLUG, "en-GB", ENGLISH_TITLE), (WELSH_SLUG, "cy", WELSH_TITLE)]:
        folder = output / slug
        names = {path.name for path in folder.iterdir()}
        assert {f"{slug}.pdf", f"{slug}-discussion-record.docx", "index.html"} <= names
        assert {"fragment.html", "fragment-inline.html", "fragment-shadow.html"} <= names
        html = page(output, slug)
        assert attribute(one(html, "html"), "lang") == language
        assert one(html, "h1").text(strip=True) == title
        with pikepdf.open(folder / f"{slug}.pdf") as pdf:
            assert str(pdf.Root.Lang) == language
            assert len(pdf.pages) == 2
    assert "Tudalen 1 o 2" in pdf_text(output / WELSH_SLUG / f"{WELSH_SLUG}.pdf")


def test_the_pages_link_to_each_other_by_hreflang_and_visibly(output: Path) -> None:
    english, welsh = page(output, SLUG), page(output, WELSH_SLUG)
    alternates = {
        slug: {
            attribute(link, "hreflang"): attribute(link, "href")
            for link in html.css('link[rel="alternate"][hreflang]')
        }
        for slug, html in [(SLUG, english), (WELSH_SLUG, welsh)]
    }
    expected = {"cy": f"{SITE}{WELSH_SLUG}/index.html", "en-GB": f"{SITE}{SLUG}/index.html"}
    assert alternates == {SLUG: expected, WELSH_SLUG: expected}  # each names itself too
    to_welsh = one(english, "nav.bg-languages a")
    assert to_welsh.text(strip=True) == "Cymraeg"
    assert attribute(to_welsh, "lang") == "cy"
    assert attribute(to_welsh, "href") == f"../{WELSH_SLUG}/index.html"
    to_english = one(welsh, "nav.bg-languages a")
    assert (to_english.text(strip=True), attribute(to_english, "lang")) == ("English", "en-GB")
    assert attribute(one(welsh, "nav.bg-languages"), "aria-label") == "Ieithoedd eraill"
    # It comes first: before the briefing, a reader who does not read this one finds theirs.
    markup = welsh.html or ""
    assert markup.index("bg-languages") < markup.index("<article")


def test_each_fragment_links_to_the_other_versions_address(output: Path) -> None:
    for name in ["fragment.html", "fragment-inline.html", "fragment-shadow.html"]:
        text = (output / SLUG / name).read_text(encoding="utf-8")  # the shadow's in a template
        links = re.findall(r'<a [^>]*href="([^"]*)"[^>]*hreflang="cy"[^>]*>Cymraeg</a>', text)
        assert links == [f"{SITE}{WELSH_SLUG}/index.html"], name


def test_without_an_address_a_fragment_has_no_language_link(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    shutil.copytree(EXAMPLE, folder)
    config = folder / "briefgen.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  pdf_base_url: https://www.westsussexscp.org.uk/briefings/\n", "")
    config.write_text(
        text.replace("site:\n  url: https://www.westsussexscp.org.uk/briefings/\n", "")
    )
    report = build(load_project(folder), [folder / "content" / f"{SLUG}.yaml"])
    assert not report.failed
    assert page(folder / "output", SLUG, "fragment.html").css_first("a.bg-language-link") is None
    link = one(page(folder / "output", SLUG), "a.bg-language-link")  # the page beside it
    assert attribute(link, "href") == f"../{WELSH_SLUG}/index.html"


def bilingual_pdf(output: Path, slug: str) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO((output / slug / f"{slug}-bilingual.pdf").read_bytes()))


def test_the_bilingual_pdf_faces_each_welsh_page_with_its_english_page(output: Path) -> None:
    path = output / SLUG / f"{SLUG}-bilingual.pdf"
    pages = [normalise(each.extract_text()) for each in pypdf.PdfReader(path).pages]
    assert len(pages) == 4
    assert [WELSH_TITLE in text for text in pages] == [True, False, False, False]
    assert [ENGLISH_TITLE in text for text in pages] == [False, True, False, False]
    assert ["Tudalen 1 o 2" in pages[0], "Page 1 of 2" in pages[1]] == [True, True]
    assert ["Tudalen 2 o 2" in pages[2], "Page 2 of 2" in pages[3]] == [True, True]
    with bilingual_pdf(output, SLUG) as pdf:
        assert str(pdf.Root.PageLayout) == "/TwoPageLeft"  # Welsh on the left of each pair
        assert str(pdf.Root.Lang) == "cy"
        assert str(pdf.docinfo.Title) == f"{WELSH_TITLE} / {ENGLISH_TITLE}"
    same = (output / WELSH_SLUG / f"{WELSH_SLUG}-bilingual.pdf").read_bytes()
    assert same == path.read_bytes()  # each version's folder has it, to link with its size


@pytest.mark.parametrize(
    ("name", "titles", "welsh_charts", "english_charts"),
    [
        (f"{WELSH_SLUG}/{WELSH_SLUG}.pdf", 1, 2, 0),
        (f"{SLUG}/{SLUG}.pdf", 1, 0, 2),
        (f"{SLUG}/{SLUG}-bilingual.pdf", 2, 2, 2),
    ],
)
def test_every_pdf_is_tagged_for_a_screen_reader(
    output: Path, name: str, titles: int, welsh_charts: int, english_charts: int
) -> None:
    with pikepdf.open(output / name) as pdf:
        assert pdf.Root.MarkInfo.Marked
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        assert "pdfuaid:part" in str(pdf.Root.Metadata.read_bytes())
        tree = list(elements(pdf.Root.StructTreeRoot.K))
        assert len([element for element in tree if str(element.S) == "/H1"]) == titles
        figures = [str(element.get("/Alt", "")) for element in tree if element.S == "/Figure"]
        assert all(figures)
        assert sum("o 20 o blant" in alt for alt in figures) == welsh_charts
        assert sum("of 20 children" in alt for alt in figures) == english_charts
        keys = {int(key) for key in pdf.Root.StructTreeRoot.ParentTree.Nums[::2]}
        for number, each in enumerate(pdf.pages, start=1):
            assert str(each.obj.get("/Tabs")) == "/S", number
            if "/StructParents" in each.obj:
                assert int(each.obj.StructParents) in keys, number
        annotations = [a for each in pdf.pages for a in each.obj.get("/Annots", [])]
        links = [a for a in annotations if a.Subtype == "/Link"]
        assert links
        assert all(str(link.get("/Contents", "")) for link in links)


def spoken_language(element: pikepdf.Dictionary, document: str) -> str:
    """The language an element's text is read in: its own `/Lang`, else its nearest
    ancestor's, else the document's."""
    current: pikepdf.Object | None = element
    while isinstance(current, pikepdf.Dictionary) and current.get("/Type") == "/StructElem":
        if "/Lang" in current:
            return str(current.Lang)
        current = current.get("/P")
    return document


def test_the_english_pages_tags_say_they_are_english(output: Path) -> None:
    with bilingual_pdf(output, SLUG) as pdf:
        pages = [each.obj.objgen for each in pdf.pages]
        tagged = [e for e in elements(pdf.Root.StructTreeRoot.K) if "/Pg" in e]
        spoken = {
            (pages.index(element.Pg.objgen) + 1, spoken_language(element, "cy"))
            for element in tagged
        }
        assert spoken == {(1, "cy"), (2, "en-GB"), (3, "cy"), (4, "en-GB")}


def test_each_page_links_the_bilingual_pdf_with_its_size(output: Path) -> None:
    for slug, words in [(SLUG, "Download the bilingual briefing"), (WELSH_SLUG, "dwyieithog")]:
        link = next(
            a
            for a in page(output, slug).css("a[download]")
            if "bilingual.pdf" in attribute(a, "href")
        )
        assert attribute(link, "href") == f"{slug}-bilingual.pdf"
        assert words in link.text()
        assert "PDF, " in link.text()
        fragment = page(output, slug, "fragment.html")
        hrefs = [attribute(a, "href") for a in fragment.css("a[download]")]
        assert f"{SITE}{slug}/{slug}-bilingual.pdf" in hrefs


def test_a_missing_version_is_an_error_naming_the_file_to_write(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    shutil.copytree(EXAMPLE, folder)
    (folder / "content" / f"{SLUG}.cy.yaml").unlink()
    run = run_briefgen("build", cwd=folder)
    assert run.code == 1
    assert f"content/{SLUG}.yaml" in (run.out + run.err)
    assert "no version in `cy`" in (run.out + run.err)
    assert f"content/{SLUG}.cy.yaml" in (run.out + run.err)
    assert "Traceback" not in (run.out + run.err)


def test_a_translation_named_after_a_missing_original_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    shutil.copytree(EXAMPLE, folder)
    (folder / "content" / f"{SLUG}.cy.yaml").rename(folder / "content" / "other.cy.yaml")
    run = run_briefgen("check", cwd=folder)
    assert run.code == 1
    assert "content/ has no other.yaml" in (run.out + run.err)


@pytest.mark.browser
@pytest.mark.parametrize("slug", [SLUG, WELSH_SLUG])
@pytest.mark.parametrize("width", [320, 1280])
def test_both_pages_pass_axe(output: Path, browser: Browser, slug: str, width: int) -> None:
    tab = open_page(browser, (output / slug / "index.html").as_uri(), width=width)
    try:
        assert axe_violations(tab) == []
    finally:
        tab.close()


def test_versions_that_drift_apart_both_fail_each_difference_told_with_both_lines(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "project"
    shutil.copytree(EXAMPLE, folder)
    welsh = folder / "content" / f"{SLUG}.cy.yaml"
    text = welsh.read_text(encoding="utf-8")
    text = text.replace(
        "\n      - Caiff pryderon", "\n      - Eitem ychwanegol\n      - Caiff pryderon"
    )
    welsh.write_text(text, encoding="utf-8")
    run = run_briefgen("build", cwd=folder)
    told = run.out + run.err
    assert run.code == 1
    assert f"content/{SLUG}.cy.yaml:61:5: error: the Welsh version lists 5 items" in told
    assert f"(content/{SLUG}.cy.yaml:61), the English 4 (content/{SLUG}.yaml:58)" in told
    assert f"content/{SLUG}.yaml: error: its `cy` version, {SLUG}.cy.yaml, differs" in told
    assert "0 of 2 briefings built" in told
    assert not (folder / "output" / SLUG).exists()


def test_a_change_to_one_version_rebuilds_both(tmp_path: Path) -> None:
    """Each is compared with the other and links to it: its inputs are both files."""
    folder = tmp_path / "project"
    shutil.copytree(EXAMPLE, folder)
    project = load_project(folder)
    assert not build(project).failed
    assert all(outcome.unchanged for outcome in build(project).outcomes)
    welsh = folder / "content" / f"{SLUG}.cy.yaml"
    welsh.write_text(welsh.read_text(encoding="utf-8").replace("mynych", "dro ar ôl tro", 1))
    rebuilt = {outcome.slug: outcome.unchanged for outcome in build(project).outcomes}
    assert rebuilt == {SLUG: False, WELSH_SLUG: False}


def test_a_translation_that_is_a_link_out_of_the_project_is_refused(tmp_path: Path) -> None:
    """A cloned project's translation pointing at a file of the machine: refused by the
    gate, named; the original still builds, and no output carries the file."""
    folder = tmp_path / "project"
    shutil.copytree(EXAMPLE, folder)
    secret = tmp_path / "secret.yaml"
    secret.write_text("title: Outside-the-project-canary\nintroduction: Canary.\n")
    welsh = folder / "content" / f"{SLUG}.cy.yaml"
    welsh.unlink()
    welsh.symlink_to(secret)
    config = folder / "briefgen.yaml"
    text = config.read_text(encoding="utf-8").replace("bilingual_pdf: true\n", "")
    config.write_text(text.replace("languages: [cy, en-GB]\n", ""), encoding="utf-8")
    report = build(load_project(folder))
    outcomes = {outcome.slug: outcome for outcome in report.outcomes}
    assert outcomes[WELSH_SLUG].error is not None
    assert outcomes[SLUG].ok
    warned = [w.message for w in outcomes[SLUG].warnings]
    assert any(f"{SLUG}.cy.yaml, has mistakes of its own" in message for message in warned)
    assert "hreflang" not in (folder / "output" / SLUG / "index.html").read_text()  # no page
    for path in (folder / "output").rglob("*"):
        if path.is_file():
            assert b"Outside-the-project-canary" not in path.read_bytes(), path


def test_a_version_over_its_budget_is_named_and_no_bilingual_pdf_is_made(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    shutil.copytree(EXAMPLE, folder)
    welsh = folder / "content" / f"{SLUG}.cy.yaml"
    longer = "  Mae diogelu yn gyfrifoldeb ar bawb, bob amser, ym mhob gwasanaeth. " * 60
    text = welsh.read_text(encoding="utf-8")
    text = text.replace("\n\n  Ym mis Mai 2020", f"\n\n  {longer.strip()}\n\n  Ym mis Mai 2020", 1)
    welsh.write_text(text, encoding="utf-8")
    report = build(load_project(folder))
    outcomes = {outcome.slug: outcome for outcome in report.outcomes}
    assert "over the 2-page budget" in str(outcomes[WELSH_SLUG].error)
    error = str(outcomes[SLUG].error)
    assert f"its bilingual PDF cannot be made: its version content/{SLUG}.cy.yaml" in error
    assert "is over its 2-page budget" in error
    assert not list((folder / "output").rglob("*-bilingual.pdf"))


def test_the_welsh_library_names_the_partnership_in_welsh(output: Path) -> None:
    for name in ["index.cy.html", "index-fragment.cy.html", "feed.cy.xml", "briefings.cy.json"]:
        text = (output / name).read_text(encoding="utf-8")
        assert "Partneriaeth Diogelu Plant Gorllewin Sussex" in text, name
        assert "West Sussex Safeguarding Children Partnership" not in text, name
    assert "West Sussex Safeguarding Children Partnership" in (output / "index.html").read_text()
    # the project's own partnership in Welsh is not another's: no "published by" line
    assert "Cyhoeddwyd gan" not in (output / "index.cy.html").read_text(encoding="utf-8")


def test_a_briefing_of_too_many_versions_is_refused_quickly(tmp_path: Path) -> None:
    """A cloned project's seventeen 'translations' of one briefing: each version reads every
    other, so their number is bounded, and each is refused with the files named."""
    folder = tmp_path / "project"
    shutil.copytree(EXAMPLE, folder)
    welsh = folder / "content" / f"{SLUG}.cy.yaml"
    for tag in ["af", "ar", "bg", "bn", "cs", "da", "de", "el", "es", "fa", "fi", "fr", "ga"]:
        shutil.copy(welsh, folder / "content" / f"{SLUG}.{tag}.yaml")
    shutil.copy(welsh, folder / "content" / f"{SLUG}.gd.yaml")
    shutil.copy(welsh, folder / "content" / f"{SLUG}.gl.yaml")
    report = build(load_project(folder))
    assert len(report.failed) == 17
    assert all("more than the 16 versions" in str(outcome.error) for outcome in report.failed)
