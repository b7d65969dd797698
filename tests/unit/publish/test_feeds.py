"""The feed, the sitemap, the JSON listing and the pages' metadata, as the website takes them.

The feed is read as a feed reader reads it (feedparser) and validated against the RELAX
NG grammar of RFC 4287 (appendix B, converted from its compact syntax by rnc2rng); the
sitemap against the sitemaps.org XML schema, as the npm package `sitemap` ships it.
"""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import feedparser
import pytest
import rnc2rng
from lxml import etree
from PIL import Image

from briefgen.content.config import load_project
from briefgen.names import preview_name
from briefgen.pipeline import build
from briefgen.publish.feeds import (
    FEED_NAME,
    LISTING_NAME,
    LISTING_VERSION,
    SITEMAP_NAME,
    atom_feed,
    json_listing,
    sitemap,
    xml_text,
)
from briefgen.render.library_pages import Library, LibraryEntry
from briefgen.render.meta import shortened
from tests.support.project import (
    EXAMPLES,
    REPOSITORY,
    SECOND,
    SECOND_SLUG,
    SEED_SLUG,
    Runner,
    drop_settings,
)
from tests.support.text import parse_html, seed_data, write_briefing

ATOM_GRAMMAR = REPOSITORY / "tests" / "schemas" / "atom.rnc"
SITEMAP_SCHEMA = (
    REPOSITORY / "tests" / "npm" / "node_modules" / "sitemap" / "schema" / "sitemap.xsd"
)
ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://www.westsussexscp.org.uk/briefings/"  # site.url in the example briefgen.yaml
NO_SITE = "site.url is not set"
NO_PDF_ADDRESS = "fragment.pdf_base_url is not set"
HOSTILE = "<script>alert('x')</script> ]]> Tom & Jerry \"quoted\" \x00\x08\x1b\x7f\ufffe end"


@cache
def atom_schema() -> etree.RelaxNG:
    """RFC 4287's grammar as RELAX NG's XML syntax. rnc2rng 2.7 declares the grammar's
    `local` prefix for the empty namespace as `xmlns:local=""`, which XML forbids; its
    `nsName ns=""` says the same without it, so the declaration is dropped."""
    converted = rnc2rng.dumps(rnc2rng.loads(ATOM_GRAMMAR.read_text()))
    converted = converted.replace('xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(converted.encode()))


def validate_atom(data: bytes) -> etree._Element:
    """The feed, valid against RFC 4287's grammar and the rules it states apart (Schematron
    in appendix B): a feed has an author unless every entry has one; an entry has an
    alternate link (it has no content)."""
    root = etree.fromstring(data)
    schema = atom_schema()
    assert schema.validate(root), schema.error_log
    entries = root.findall(f"{ATOM}entry")
    if root.find(f"{ATOM}author") is None:
        assert all(entry.find(f"{ATOM}author") is not None for entry in entries)
    for entry in entries:
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
    return root


def validate_sitemap(data: bytes) -> etree._Element:
    root = etree.fromstring(data)
    schema = etree.XMLSchema(etree.parse(SITEMAP_SCHEMA))
    assert schema.validate(root), schema.error_log
    return root


def read_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def head_of(page: Path) -> tuple[dict[str, str], dict[str, str]]:
    """A page's `<meta>` contents by name or property, and its `<link>` addresses by rel."""
    metas: dict[str, str] = {}
    links: dict[str, str] = {}
    for tag, attributes in parse_html(page.read_text(encoding="utf-8")).tags:
        if tag == "meta" and (attributes.get("property") or attributes.get("name")):
            metas[str(attributes.get("property") or attributes.get("name"))] = str(
                attributes.get("content")
            )
        if tag == "link":
            links[str(attributes.get("rel"))] = str(attributes.get("href"))
    return metas, links


def listed_entries(output: Path) -> list[dict[str, Any]]:
    briefings: list[dict[str, Any]] = read_json(output / LISTING_NAME)["briefings"]
    return briefings


# --- The feed ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_feed_parses_as_readers_read_it_and_validates_against_the_atom_grammar(
    examples_build: Path,
) -> None:
    data = (examples_build / FEED_NAME).read_bytes()
    validate_atom(data)
    feed = feedparser.parse(data)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Learning briefings: West Sussex Safeguarding Children Partnership"
    assert feed.feed.id == SITE + "index.html"
    assert {link.rel: link.href for link in feed.feed.links} == {
        "self": SITE + "feed.xml",
        "alternate": SITE + "index.html",
    }
    listed = listed_entries(examples_build)
    assert [entry.id for entry in feed.entries] == [SITE + item["page"] for item in listed]
    assert len(feed.entries) == len(EXAMPLES)
    # Updated is the newest briefing's date, not the clock: the build is reproducible.
    assert feed.feed.updated == listed[0]["published"] + "T00:00:00Z"


def test_each_entry_of_the_feed_has_its_title_summary_dates_links_and_categories(
    examples_build: Path,
) -> None:
    feed = feedparser.parse((examples_build / FEED_NAME).read_bytes())
    by_id = {entry.id: entry for entry in feed.entries}
    for item in listed_entries(examples_build):
        entry = by_id[SITE + item["page"]]
        assert entry.title == item["title"]
        assert entry.summary == item["summary"]
        assert entry.published == entry.updated == item["published"] + "T00:00:00Z"
        assert entry.author == item["partnership"]
        links = {link.rel: link for link in entry.links}
        assert links["alternate"].href == SITE + item["page"]
        assert links["alternate"].type == "text/html"
        enclosure = links["enclosure"]
        pdf = examples_build / item["pdf"]
        assert enclosure.href == SITE + item["pdf"]
        assert enclosure.type == "application/pdf"
        assert int(enclosure.length) == pdf.stat().st_size
        terms = [tag.term for tag in entry.tags]
        assert terms == [*item["themes"], item["type_label"]]
    assert any(item["themes"] for item in listed_entries(examples_build)), "no example has themes"


# --- The sitemap -------------------------------------------------------------------------------


def test_the_sitemap_lists_the_index_and_every_page_and_validates_against_its_schema(
    examples_build: Path,
) -> None:
    root = validate_sitemap((examples_build / SITEMAP_NAME).read_bytes())
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    found = [
        (url.findtext(f"{namespace}loc"), url.findtext(f"{namespace}lastmod"))
        for url in root.findall(f"{namespace}url")
    ]
    listed = listed_entries(examples_build)
    assert found == [
        (SITE + "index.html", listed[0]["published"]),
        *((SITE + item["page"], item["published"]) for item in listed),
    ]


# --- The JSON listing --------------------------------------------------------------------------


def test_the_listing_has_every_briefing_with_every_field_and_working_addresses(
    examples_build: Path,
) -> None:
    listing = read_json(examples_build / LISTING_NAME)
    assert listing["version"] == LISTING_VERSION
    assert listing["site_url"] == SITE
    briefings = listing["briefings"]
    assert sorted(item["slug"] for item in briefings) == EXAMPLES
    dates = [item["published"] for item in briefings]
    assert dates == sorted(dates, reverse=True), "newest first"
    fields = {field.name for field in dataclasses.fields(LibraryEntry)}
    for item in briefings:
        assert fields <= set(item), fields - set(item)
        for name in ("page", "pdf", "fragment"):
            assert (examples_build / item[name]).is_file(), item[name]
            assert item[f"{name}_url"] == SITE + item[name]
        record = item["discussion_record"]
        assert record is None or (examples_build / record).is_file()
        assert item["pdf_bytes"] == (examples_build / item["pdf"]).stat().st_size
        assert set(item["files"]) == {
            path.name for path in (examples_build / item["slug"]).iterdir()
        }


# --- The head of each page ---------------------------------------------------------------------


def assert_shared_meta(metas: dict[str, str], links: dict[str, str], address: str) -> None:
    """What every page's head tells: its description twice, Open Graph, its canonical address,
    and an image that exists, all absolute https addresses inside the published folder."""
    assert metas["description"] == metas["og:description"] != ""
    assert metas["og:locale"] == "en_GB"
    assert metas["og:url"] == links["canonical"] == SITE + address
    assert metas["og:image"].startswith(SITE)
    assert metas["og:image"].endswith(".jpg")
    assert metas["og:image:type"] == "image/jpeg"
    assert metas["og:image:alt"]
    assert metas["twitter:card"] == "summary_large_image"  # beside Open Graph, for X


def test_each_page_has_a_description_open_graph_and_a_canonical_link(
    examples_build: Path,
) -> None:
    for item in listed_entries(examples_build):
        metas, links = head_of(examples_build / item["page"])
        assert_shared_meta(metas, links, item["page"])
        assert metas["og:type"] == "article"
        assert metas["og:title"] == item["title"]
        assert metas["description"] == shortened(item["summary"])
        image = examples_build / metas["og:image"].removeprefix(SITE)
        assert image == examples_build / item["slug"] / preview_name(item["slug"])
        assert image.is_file()


def test_the_index_has_a_description_open_graph_a_canonical_link_and_its_feed(
    examples_build: Path,
) -> None:
    metas, links = head_of(examples_build / "index.html")
    assert_shared_meta(metas, links, "index.html")
    assert metas["og:type"] == "website"
    newest = listed_entries(examples_build)[0]["slug"]
    assert metas["og:image"] == f"{SITE}{newest}/{preview_name(newest)}"
    assert links["alternate"] == "feed.xml"


def test_the_preview_image_is_the_top_of_the_first_page_at_open_graph_size(
    examples_build: Path,
) -> None:
    preview = examples_build / SEED_SLUG / preview_name(SEED_SLUG)
    with Image.open(io.BytesIO(preview.read_bytes())) as image:
        assert image.format == "JPEG"
        assert image.size == (1200, 630)
        # The header band in the brand colour (#00558C), as on the PDF's first page, and
        # the white page below it.
        band = image.convert("RGB").getpixel((20, 20))
        page = image.convert("RGB").getpixel((20, 620))
    assert isinstance(band, tuple)
    assert all(abs(a - b) <= 4 for a, b in zip(band, (0x00, 0x55, 0x8C), strict=True)), band
    assert page == (255, 255, 255)


def test_a_long_summary_is_cut_at_a_word_for_the_description() -> None:
    text = "word " * 100
    cut = shortened(text, 40)
    assert len(cut) <= 40
    assert cut.endswith("word…")
    assert shortened("short", 40) == "short"


# --- Without site.url --------------------------------------------------------------------------


@pytest.mark.slow
def test_without_site_url_the_build_warns_once_and_leaves_out_what_needs_an_address(
    project_folder: Path, briefgen_main: Runner
) -> None:
    """A feed left from a build with site.url goes too: it would keep old addresses."""
    assert briefgen_main("build", "--project", project_folder).code == 0
    assert (project_folder / "output" / FEED_NAME).is_file()
    drop_settings(project_folder, "site.url")
    result = briefgen_main("build", "--project", project_folder)
    assert result.code == 0, result.err
    assert result.err.count(NO_SITE) == 1
    assert "index fragment" in result.err
    assert "Fix: set site.url" in result.err
    output = project_folder / "output"
    assert not (output / FEED_NAME).exists()
    assert not (output / SITEMAP_NAME).exists()
    for page in (output / SEED_SLUG / "index.html", output / "index.html"):
        metas, links = head_of(page)
        assert "canonical" not in links
        assert "og:url" not in metas
        assert "og:image" not in metas
        assert metas["twitter:card"] == "summary"  # no picture to make large
        assert metas["og:title"]
        assert metas["description"]
    assert not (output / SEED_SLUG / preview_name(SEED_SLUG)).exists()
    (item,) = listed_entries(output)
    assert item["page"] == f"{SEED_SLUG}/index.html"
    assert item["page_url"] is None
    assert item["pdf_url"] is None
    strict = briefgen_main("build", "--strict", "--project", project_folder)
    assert strict.code == 1
    assert strict.err.count(NO_SITE) == 1


@pytest.mark.slow
def test_the_pdfs_are_under_site_url_unless_pdf_base_url_says_otherwise(
    project_folder: Path, briefgen_main: Runner
) -> None:
    drop_settings(project_folder, "fragment.pdf_base_url")
    result = briefgen_main("build", "--project", project_folder)
    assert result.code == 0, result.err
    assert NO_PDF_ADDRESS not in result.err
    fragment = (project_folder / "output" / SEED_SLUG / "fragment.html").read_text()
    assert f'href="{SITE}{SEED_SLUG}/{SEED_SLUG}.pdf"' in fragment


def test_a_site_url_with_a_query_is_refused_with_the_line_and_a_fix(
    project_folder: Path, briefgen_main: Runner
) -> None:
    """Every address is site.url with a path added: `?page=2` would land in the middle."""
    config = project_folder / "briefgen.yaml"
    config.write_text(config.read_text().replace(f"url: {SITE}", f"url: {SITE}?page=2"))
    result = briefgen_main("check", "--project", project_folder)
    assert result.code == 1
    line = config.read_text().splitlines().index(f"  url: {SITE}?page=2") + 1
    assert f"briefgen.yaml:{line}:" in result.err
    assert "without ? or #" in result.err


# --- Hostile text, withdrawn briefings, reproducible bytes -------------------------------------


def hostile_entry() -> LibraryEntry:
    return LibraryEntry(
        slug="hostile",
        title=HOSTILE,
        label=HOSTILE,
        summary=HOSTILE,
        type_label="Audit & review",
        audience="All",
        date_text="May 2020",
        published="2020-05-01",
        written="2020-05",
        themes=(HOSTILE, "]]>"),
        partnership="A & B <partnership>",
        pdf_size="1 KB",
        pdf_bytes=1000,
        files=("hostile.pdf", "index.html"),
    )


def test_hostile_text_gives_well_formed_xml_and_json_with_the_text_intact() -> None:
    """Markup, a CDATA end, ampersands and quotes come through as text; the characters XML
    1.0 cannot carry are removed from the XML (the JSON escapes them, and keeps them)."""
    config = load_project(REPOSITORY).config
    entry = hostile_entry()
    clean = xml_text(HOSTILE)
    assert clean == HOSTILE.replace("\x00\x08\x1b", "").replace("\ufffe", "")
    root = validate_atom(atom_feed([entry], config, SITE))
    (item,) = root.findall(f"{ATOM}entry")
    assert item.findtext(f"{ATOM}title") == clean
    assert item.findtext(f"{ATOM}summary") == clean
    terms = [category.get("term") for category in item.findall(f"{ATOM}category")]
    assert terms == [clean, "]]>", "Audit & review"]
    assert feedparser.parse(atom_feed([entry], config, SITE)).bozo == 0
    validate_sitemap(sitemap([Library.of([entry])], SITE))
    (listed,) = json.loads(json_listing([entry], config))["briefings"]
    assert listed["title"] == listed["summary"] == HOSTILE
    assert listed["themes"] == [HOSTILE, "]]>"]


@pytest.mark.slow
def test_hostile_text_of_a_briefing_reaches_the_feed_and_the_page_head_intact(
    project_folder: Path,
) -> None:
    data = seed_data()
    text = '<script>alert(1)</script> ]]> Tom & Jerry "quoted"'
    data["title"] = text
    data["summary"] = text
    data["themes"] = [text]
    write_briefing(project_folder, SEED_SLUG, data)
    project = load_project(project_folder)
    report = build(project)
    assert not report.failed, [outcome.error for outcome in report.failed]
    root = validate_atom((project.output / FEED_NAME).read_bytes())
    (item,) = root.findall(f"{ATOM}entry")
    assert item.findtext(f"{ATOM}title") == text
    assert item.find(f"{ATOM}category").get("term") == text
    metas, _ = head_of(project.output / SEED_SLUG / "index.html")
    assert metas["og:title"] == metas["og:description"] == text
    page = (project.output / SEED_SLUG / "index.html").read_text()
    assert "<script>" not in page
    (listed,) = listed_entries(project.output)
    assert listed["title"] == text


@pytest.mark.slow
def test_a_briefing_removed_from_content_leaves_the_feed_the_listing_and_the_sitemap(
    project_folder: Path, briefgen_main: Runner
) -> None:
    shutil.copy(SECOND, project_folder / "content" / SECOND.name)
    output = project_folder / "output"
    assert briefgen_main("build", "--project", project_folder).code == 0
    assert f"{SECOND_SLUG}/index.html" in (output / FEED_NAME).read_text()
    (project_folder / "content" / SECOND.name).unlink()
    result = briefgen_main("build", "--project", project_folder)
    assert result.code == 0, result.err
    for name in (FEED_NAME, SITEMAP_NAME, LISTING_NAME):
        text = (output / name).read_text()
        assert SECOND_SLUG not in text, name
        assert SEED_SLUG in text, name
    assert len(feedparser.parse((output / FEED_NAME).read_bytes()).entries) == 1


@pytest.mark.slow
def test_two_builds_give_identical_bytes(project_folder: Path) -> None:
    """The feed, the sitemap, the listing and the preview image carry no clock: a build from
    nothing writes them again byte for byte (test_reproducible compares whole outputs)."""
    project = load_project(project_folder)
    names = [
        FEED_NAME,
        SITEMAP_NAME,
        LISTING_NAME,
        "index.html",
        f"{SEED_SLUG}/{preview_name(SEED_SLUG)}",
        f"{SEED_SLUG}/index.html",
    ]
    builds = []
    for _ in range(2):
        shutil.rmtree(project.output, ignore_errors=True)
        assert not build(project).failed
        builds.append({name: (project.output / name).read_bytes() for name in names})
    assert builds[0] == builds[1]
