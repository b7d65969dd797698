"""The library in each language its briefings are in: the seed in English and Welsh and a
second briefing in English only, built as a partnership publishes them. Each index (with
its filter pages, fragments, feed and listing) lists its language's briefings in that
language's words and links to the other's, visibly and by `hreflang`; the sitemap lists
every page with its versions; withdrawing the Welsh version takes the Welsh library with
it, and nothing else."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import rnc2rng
from lxml import etree
from playwright.sync_api import Browser
from selectolax.lexbor import LexborHTMLParser, LexborNode

from briefgen.content.config import load_project
from briefgen.names import LIBRARY_FILE
from briefgen.pipeline import build
from tests.support.browser import axe_violations, horizontal_overflow, open_html, open_page
from tests.support.hosts import HOSTS, embed
from tests.support.messages import betraying_pieces
from tests.support.project import (
    REPOSITORY,
    SECOND,
    SECOND_SLUG,
    SEED_SLUG,
    copy_example,
)
from tests.support.text import normalise, reader_text

WELSH_SEED = REPOSITORY / "examples" / "welsh-and-english" / "content" / f"{SEED_SLUG}.cy.yaml"
WELSH_SLUG = f"{SEED_SLUG}-cy"
SITE = "https://www.westsussexscp.org.uk/briefings/"  # site.url in the example briefgen.yaml
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAPS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM_GRAMMAR = REPOSITORY / "tests" / "schemas" / "atom.rnc"
SITEMAP_SCHEMA = REPOSITORY / "tests" / "npm" / "node_modules" / "sitemap" / "schema"
PAGE_LINK = re.compile(
    r'<h[1-6] class="bg-index-title"[^>]*><a href="(?:https://[^"]*/)?([a-z0-9-]+)/'
)
SHADOW_ROOT = re.compile(r'<template shadowrootmode="open">|</template>')
WELSH_FILES = (
    "index.cy.html",
    "index-fragment.cy.html",
    "index-fragment-inline.cy.html",
    "index-fragment-shadow.cy.html",
    "feed.cy.xml",
    "briefings.cy.json",
)
ENGLISH_FILES = tuple(name.replace(".cy.", ".") for name in WELSH_FILES)


@dataclass(frozen=True)
class Built:
    project: Path  # the project's folder
    output: Path

    def text(self, name: str) -> str:
        return (self.output / name).read_text(encoding="utf-8")

    def html(self, name: str) -> LexborHTMLParser:
        """A page or fragment parsed, a shadow root's content as part of it."""
        return LexborHTMLParser(SHADOW_ROOT.sub("", self.text(name)))

    def first(self, name: str, selector: str) -> LexborNode:
        """The first element of the page `name` that `selector` matches: there is one."""
        found = self.html(name).css_first(selector)
        assert found is not None, (name, selector)
        return found

    def pages(self, infix: str) -> list[str]:
        """The library's pages of a language: the index and its filter pages."""
        found = [
            path.name
            for path in self.output.iterdir()
            if re.fullmatch(
                rf"(index|(type|theme|year)-[a-z0-9-]+){re.escape(infix)}\.html", path.name
            )
        ]
        return sorted(found)


def copy_project(target: Path) -> Path:
    """The example project with the seed, its Welsh version beside it, and a second
    briefing in English only."""
    folder = copy_example(target)
    shutil.copy(WELSH_SEED, folder / "content" / WELSH_SEED.name)
    shutil.copy(SECOND, folder / "content" / SECOND.name)
    return folder


def build_project(folder: Path) -> Path:
    project = load_project(folder)
    report = build(project)
    assert not report.failed, [outcome.error for outcome in report.failed]
    return project.output


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = copy_project(tmp_path_factory.mktemp("library-languages") / "project")
    return Built(folder, build_project(folder))


def listed(html: str) -> set[str]:
    """The briefings a page of the library lists, by their folders."""
    return set(PAGE_LINK.findall(html))


# --- Each index lists its language's briefings -----------------------------------------------


def test_each_index_its_filter_pages_and_fragments_list_exactly_their_language(
    built: Built,
) -> None:
    english, welsh = built.pages(""), built.pages(".cy")
    assert "index.html" in english
    assert "index.cy.html" in welsh
    assert len(welsh) >= 3, "the Welsh index and its filter pages (type, year)"
    assert listed(built.text("index.html")) == {SEED_SLUG, SECOND_SLUG}
    assert listed(built.text("index.cy.html")) == {WELSH_SLUG}
    for name in english:
        assert WELSH_SLUG not in listed(built.text(name)), name
    for name in welsh:
        assert listed(built.text(name)) == {WELSH_SLUG}, name
    for english_name, welsh_name in zip(ENGLISH_FILES[1:4], WELSH_FILES[1:4], strict=True):
        assert listed(built.text(english_name)) == {SEED_SLUG, SECOND_SLUG}, english_name
        assert listed(built.text(welsh_name)) == {WELSH_SLUG}, welsh_name
    listing = json.loads(built.text("briefings.cy.json"))
    assert listing["language"] == "cy"
    assert listing["index"] == "index.cy.html"
    assert listing["feed_url"] == SITE + "feed.cy.xml"
    assert [entry["slug"] for entry in listing["briefings"]] == [WELSH_SLUG]
    assert listing["briefings"][0]["translation_of"] == SEED_SLUG
    english_listing = json.loads(built.text("briefings.json"))
    assert {entry["slug"] for entry in english_listing["briefings"]} == {SEED_SLUG, SECOND_SLUG}


def test_every_page_of_a_library_says_its_language(built: Built) -> None:
    for name in built.pages(".cy"):
        root = built.first(name, "html")
        assert (root.attributes["lang"], root.attributes["dir"]) == ("cy", "ltr"), name
    locale = built.first("index.cy.html", 'meta[property="og:locale"]')
    assert locale.attributes["content"] == "cy_GB"
    assert built.first("index.html", "html").attributes["lang"] == "en-GB"
    for name in WELSH_FILES[1:4]:
        root = built.first(name, "div.briefgen-host, div.bg-library")
        assert root.attributes["lang"] == "cy", name
        assert root.attributes["dir"] == "ltr", name


def test_each_index_links_to_the_other_visibly_and_by_hreflang(built: Built) -> None:
    for name, other, tag, label, own in (
        ("index.cy.html", "index.html", "en-GB", "English", "cy"),
        ("index.html", "index.cy.html", "cy", "Cymraeg", "en-GB"),
    ):
        page = built.html(name)
        (link,) = page.css("header nav.bg-languages a.bg-language-link")
        assert link.text(strip=True) == label, name
        assert link.attributes["href"] == other
        assert link.attributes["hreflang"] == link.attributes["lang"] == tag
        alternates = {
            link.attributes["hreflang"]: link.attributes["href"]
            for link in page.css('head link[rel="alternate"][hreflang]')
        }
        assert alternates == {tag: SITE + other, own: SITE + name}, name
    for name in built.pages(".cy")[1:]:  # each filter page: the visible link only
        page = built.html(name)
        assert [a.attributes["href"] for a in page.css("a.bg-language-link")] == ["index.html"]
        assert page.css('head link[rel="alternate"][hreflang]') == [], name
    for name in WELSH_FILES[1:4]:  # the fragments, pasted elsewhere: absolute addresses
        links = built.html(name).css("a.bg-language-link")
        assert [(a.text(strip=True), a.attributes["href"]) for a in links] == [
            ("English", SITE + "index.html")
        ], name


def test_a_briefing_page_s_all_briefings_goes_to_its_language_s_index(built: Built) -> None:
    for slug, index, words in (
        (WELSH_SLUG, "../index.cy.html", "Pob briff"),
        (SEED_SLUG, "../index.html", "All briefings"),
        (SECOND_SLUG, "../index.html", "All briefings"),
    ):
        footer = built.first(f"{slug}/index.html", "footer a")
        assert (footer.attributes["href"], footer.text(strip=True)) == (index, words), slug
        assert (built.output / slug / index).resolve().is_file()


# --- The Welsh library speaks Welsh -------------------------------------------------------------


def test_no_english_word_of_briefgen_is_in_the_welsh_library(built: Built) -> None:
    """Headings, filters, counts, dates, "All briefings", the feed's title: each from the
    Welsh catalogue. Only the briefing's own words and the partnership's are given."""
    content = normalise(
        " ".join(
            path.read_text(encoding="utf-8")
            for path in (WELSH_SEED, built.project / "briefgen.yaml")
        )
    )
    pieces = betraying_pieces(REPOSITORY / "templates" / "locale" / "en.po", content)
    assert {"All briefings", "Filter the briefings", "Download the briefing"} <= pieces
    welsh = [*built.pages(".cy"), *WELSH_FILES[1:5]]
    texts = {name: reader_text(built.text(name)) for name in welsh}
    assert "Pob briff" in texts["index.cy.html"]
    assert "Mai 2020" in texts["index.cy.html"]  # the date in Welsh
    left = sorted(
        f"{name}: “{piece}”" for name, text in texts.items() for piece in pieces if piece in text
    )
    assert left == [], "\n".join(left)
    # The English library, for contrast, says them: the scan would find them.
    assert "All briefings" in reader_text(built.text("index.html"))


# --- One feed a language, one sitemap -----------------------------------------------------------


@cache
def atom_schema() -> etree.RelaxNG:
    """RFC 4287's grammar (see tests/unit/publish/test_feeds.py for the conversion)."""
    converted = rnc2rng.dumps(rnc2rng.loads(ATOM_GRAMMAR.read_text()))
    converted = converted.replace('xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(converted.encode()))


def test_each_language_has_a_valid_feed_in_it_of_its_briefings(built: Built) -> None:
    for name, tag, title, slugs, other in (
        ("feed.cy.xml", "cy", "Briffiau dysgu:", [WELSH_SLUG], ("en-GB", "feed.xml")),
        (
            "feed.xml",
            "en-GB",
            "Learning briefings:",
            [SECOND_SLUG, SEED_SLUG],
            ("cy", "feed.cy.xml"),
        ),
    ):
        root = etree.fromstring((built.output / name).read_bytes())
        schema = atom_schema()
        assert schema.validate(root), schema.error_log
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == tag
        assert root.findtext(f"{ATOM}title", "").startswith(title), name
        assert root.findtext(f"{ATOM}id") == SITE + name.replace("feed", "index").replace(
            ".xml", ".html"
        )
        self_link = root.find(f"{ATOM}link[@rel='self']")
        assert self_link is not None
        assert self_link.get("href") == SITE + name
        entries = [entry.findtext(f"{ATOM}id") for entry in root.findall(f"{ATOM}entry")]
        assert entries == [f"{SITE}{slug}/index.html" for slug in slugs], name
        (translated,) = root.findall(f"{ATOM}link[@hreflang]")
        assert (translated.get("hreflang"), translated.get("href")) == (other[0], SITE + other[1])
        assert translated.get("type") == "application/atom+xml"


def sitemap_schema(tmp_path: Path) -> etree.XMLSchema:
    """sitemaps.org's schema, with the `xhtml:link` search engines read for a page's other
    languages (its wildcard takes elements of another namespace only where one declares them)."""
    (tmp_path / "xhtml-link.xsd").write_text(
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'targetNamespace="http://www.w3.org/1999/xhtml" elementFormDefault="qualified">'
        '<xsd:element name="link"><xsd:complexType>'
        '<xsd:attribute name="rel" type="xsd:string" use="required" fixed="alternate"/>'
        '<xsd:attribute name="hreflang" type="xsd:language" use="required"/>'
        '<xsd:attribute name="href" type="xsd:anyURI" use="required"/>'
        "</xsd:complexType></xsd:element></xsd:schema>",
        encoding="utf-8",
    )
    (tmp_path / "all.xsd").write_text(
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
        '<xsd:import namespace="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'schemaLocation="{(SITEMAP_SCHEMA / "sitemap.xsd").as_uri()}"/>'
        '<xsd:import namespace="http://www.w3.org/1999/xhtml" '
        f'schemaLocation="{(tmp_path / "xhtml-link.xsd").as_uri()}"/>'
        "</xsd:schema>",
        encoding="utf-8",
    )
    return etree.XMLSchema(etree.parse(str(tmp_path / "all.xsd")))


def test_the_sitemap_lists_every_page_with_its_versions(built: Built, tmp_path: Path) -> None:
    root = etree.fromstring((built.output / "sitemap.xml").read_bytes())
    schema = sitemap_schema(tmp_path)
    assert schema.validate(root), schema.error_log
    versions = {
        url.findtext(f"{SITEMAPS}loc"): {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SITEMAPS}url")
    }
    indexes = {"en-GB": SITE + "index.html", "cy": SITE + "index.cy.html"}
    seed = {"en-GB": f"{SITE}{SEED_SLUG}/index.html", "cy": f"{SITE}{WELSH_SLUG}/index.html"}
    assert versions == {
        SITE + "index.html": indexes,
        SITE + "index.cy.html": indexes,
        seed["en-GB"]: seed,
        seed["cy"]: seed,
        f"{SITE}{SECOND_SLUG}/index.html": {},  # in English only: no versions to name
    }


# --- Accessible in Welsh ------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
def test_the_welsh_index_has_no_accessibility_violations(
    built: Built, browser: Browser, width: int
) -> None:
    page = open_page(browser, (built.output / "index.cy.html").as_uri(), width)
    try:
        assert axe_violations(page) == []
        assert horizontal_overflow(page) == []
        link = page.get_by_role("link", name="English")
        assert link.is_visible()
        box = link.bounding_box()
        assert box is not None
        assert box["height"] >= 24  # WCAG 2.5.8: a target of 24 px
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("name", ["index-fragment-inline.cy.html", "index-fragment-shadow.cy.html"])
@pytest.mark.parametrize("host", HOSTS, ids=[host.stem for host in HOSTS])
def test_the_welsh_library_fragment_passes_axe_inside_each_real_host(
    built: Built, browser: Browser, host: Path, name: str, width: int
) -> None:
    """Pasted into an English host page, it keeps its own language (its root's `lang`), and
    its link to the English library is read as English."""
    page = open_html(browser, embed(host, built.output / name), width=width)
    try:
        assert [str(violation) for violation in axe_violations(page)] == []
        assert horizontal_overflow(page) == []
    finally:
        page.close()


# --- How far each briefing reached, in its index's language ---------------------------------


def test_the_reach_line_is_in_each_index_s_language(built: Built, tmp_path: Path) -> None:
    folder = tmp_path / "project"
    shutil.copytree(built.project, folder, symlinks=True)
    config = folder / "briefgen.yaml"
    config.write_text(config.read_text() + "library:\n  show_reach: true\n")
    (folder / "reports").mkdir()
    counts = {SEED_SLUG: {"teams": 14, "agencies": 6}, WELSH_SLUG: {"teams": 3, "agencies": 2}}
    (folder / "reports" / "reach.json").write_text(json.dumps({"briefings": counts}))
    output = build_project(folder)
    welsh = (output / "index.cy.html").read_text(encoding="utf-8")
    english = (output / "index.html").read_text(encoding="utf-8")
    assert "Trafodwyd gan 3 tîm mewn 2 asiantaeth" in welsh
    assert "Discussed by" not in welsh
    assert "Discussed by 14 teams in 6 agencies" in english


# --- A manifest of before languages -------------------------------------------------------------


def test_a_manifest_written_before_languages_lists_each_briefing_in_its_index(
    built: Built, tmp_path: Path
) -> None:
    """Its listings say no language: an original is in the project's, a translation in the
    one its file's name gives, until the briefing is built again."""
    folder = tmp_path / "project"
    shutil.copytree(built.project, folder, symlinks=True)
    manifest = folder / "output" / ".briefgen-manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    for entry in data["entries"].values():
        del entry["listing"]["language"]
    data["index"] = "from before"
    manifest.write_text(json.dumps(data), encoding="utf-8")
    (folder / "output" / "index.cy.html").unlink()
    project = load_project(folder)
    report = build(project)
    assert all(outcome.unchanged for outcome in report.outcomes), "no briefing is rebuilt"
    assert listed((project.output / "index.html").read_text(encoding="utf-8")) == {
        SEED_SLUG,
        SECOND_SLUG,
    }
    assert listed((project.output / "index.cy.html").read_text(encoding="utf-8")) == {WELSH_SLUG}


# --- Withdrawing the Welsh version --------------------------------------------------------------


def test_withdrawing_the_welsh_version_removes_its_library_and_nothing_else(
    built: Built, tmp_path: Path
) -> None:
    folder = tmp_path / "project"
    shutil.copytree(built.project, folder, symlinks=True)
    output = folder / "output"
    shared = output / "shared.html"
    shared.write_text("the web team's own page", encoding="utf-8")  # not the library's
    before = {str(path.relative_to(output)) for path in output.rglob("*")}
    (folder / "content" / WELSH_SEED.name).unlink()
    build_project(folder)
    after = {str(path.relative_to(output)) for path in output.rglob("*")}
    removed = before - after
    assert after - before == set()
    assert set(WELSH_FILES) <= removed
    assert {name for name in before if name.endswith(".cy.html")} <= removed
    welsh_folder = {name for name in before if name.split("/")[0] == WELSH_SLUG}
    assert welsh_folder <= removed
    others = removed - welsh_folder
    assert all(LIBRARY_FILE.match(name) and ".cy." in name for name in others), others
    assert shared.read_text(encoding="utf-8") == "the web team's own page"
    index = (output / "index.html").read_text(encoding="utf-8")
    assert 'class="bg-language-link"' not in index  # one language left: nothing to link to
    assert listed(index) == {SEED_SLUG, SECOND_SLUG}
