"""The learning library: the index as a landing page, its filter pages, the index fragment,
and briefings replaced or withdrawn."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from playwright.sync_api import Browser

from briefgen.content.config import load_project
from briefgen.content.load import load_briefing
from briefgen.content.markdown import plain_text
from briefgen.content.values import MAX_THEMES
from briefgen.errors import ContentError
from briefgen.names import file_size
from briefgen.outcomes import DEFAULT_OPTIONS
from briefgen.pipeline import build
from briefgen.publish.incremental import MANIFEST_NAME, Manifest, Plan
from briefgen.publish.library import edition_tags, entry_of, language_in, parts_of
from briefgen.render.inline import split_top_level
from briefgen.render.library_pages import (
    FILTER_PAGE,
    LISTED_ON_EVERY_PAGE,
    MAX_FILTER_PAGES,
    Library,
    LibraryEntry,
    identity_of,
    unique_keys,
)
from briefgen.render.renderer import LIBRARY_FRAGMENTS, Renderer
from briefgen.steps import Steps
from tests.support.browser import (
    axe_violations,
    horizontal_overflow,
    open_html,
    open_page,
    styles_outside,
)
from tests.support.hosts import HOSTS, embed, host_html
from tests.support.project import (
    EXAMPLES,
    REPOSITORY,
    SEED,
    SEED_SLUG,
    copy_example,
    drop_settings,
    run_briefgen,
)
from tests.support.text import VALID, normalise, parse_html, write_briefing

HREF = re.compile(r'href="([^"]*)"')
ENTRY = re.compile(r'<li class="bg-index-entry[^"]*">(.*?)</ul>\n</li>', re.DOTALL)
PAGE_LINK = re.compile(r'<a href="(?:https://[^"]*/)?([a-z0-9-]+)/index.html">')  # or absolute


def small_briefing(title: str, published: str, **fields: Any) -> dict[str, Any]:
    """The smallest briefing that builds, with a title, a date and other fields of its own."""
    data: dict[str, Any] = yaml.safe_load(VALID)
    data.update(title=title, published=published, **fields)
    return data


def built(folder: Path) -> Path:
    """Build the project in `folder`; its output folder."""
    project = load_project(folder)
    report = build(project)
    assert not report.failed, [outcome.error for outcome in report.failed]
    return project.output


def listed(html: str) -> dict[str, str]:
    """Each briefing the page lists, by slug, to the text of its entry (in the page's order)."""
    found = {}
    for entry in ENTRY.findall(html):
        link = PAGE_LINK.search(entry)
        assert link, entry
        found[link[1]] = normalise(" ".join(parse_html(entry).text))
    return found


def library_files(output: Path) -> list[str]:
    return sorted(path.name for path in output.iterdir() if FILTER_PAGE.match(path.name))


def listings(output: Path) -> dict[str, dict[str, Any]]:
    return {slug: entry.listing for slug, entry in Manifest.load(output).entries.items()}


# --- The index: every briefing, with what a landing page gives of it ------------------------


def test_every_example_is_listed_with_its_summary_themes_date_type_and_pdf_size(
    examples_build: Path,
) -> None:
    entries = listed((examples_build / "index.html").read_text(encoding="utf-8"))
    assert sorted(entries) == EXAMPLES
    kept = listings(examples_build)
    for slug, text in entries.items():
        briefing = load_briefing(REPOSITORY / "content" / f"{slug}.yaml").briefing
        assert normalise(briefing.title) in text
        if briefing.type:
            assert briefing.type[0].upper() + briefing.type[1:] in text
        if briefing.published:
            assert briefing.published.strftime("%B %Y") in text
        if briefing.summary:
            assert normalise(plain_text(briefing.summary)) in text
        assert kept[slug]["summary"]  # its first paragraph at least
        assert normalise(kept[slug]["summary"]) in text
        for theme in briefing.themes:
            assert theme in text
        size = file_size((examples_build / slug / f"{slug}.pdf").stat().st_size)
        assert f"(PDF, {size})" in text


def test_the_index_lists_the_newest_first(examples_build: Path) -> None:
    entries = listed((examples_build / "index.html").read_text(encoding="utf-8"))
    published = [listings(examples_build)[slug]["published"] for slug in entries]
    assert published == sorted(published, reverse=True)
    assert len(set(published)) > 3


def test_a_briefing_shows_its_own_partnership_where_it_differs(examples_build: Path) -> None:
    html = (examples_build / "index.html").read_text(encoding="utf-8")
    headed = normalise(" ".join(parse_html(html.split("<main")[0]).text))
    assert "West Sussex Safeguarding Children Partnership" in headed
    entries = listed(html)
    for slug, listing in listings(examples_build).items():
        own = listing["partnership"]
        shown = f"Published by {own}" in entries[slug]
        assert shown == (own != "West Sussex Safeguarding Children Partnership"), slug
    assert "Published by" not in entries[SEED_SLUG]


@pytest.mark.slow
def test_the_discussion_record_is_linked_with_its_size_where_there_is_one(
    tmp_path: Path,
) -> None:
    folder = copy_example(tmp_path / "project")
    output = built(folder)
    record = output / SEED_SLUG / f"{SEED_SLUG}-discussion-record.docx"
    size = file_size(record.stat().st_size)
    for name in ("index.html", "index-fragment.html"):
        text = listed((output / name).read_text(encoding="utf-8"))[SEED_SLUG]
        assert f"Discussion record for teams (Word document, {size})" in text
    assert f'href="{SEED_SLUG}/{record.name}" download' in (output / "index.html").read_text()
    # An output folder built before briefings had records lists none.
    manifest = Manifest.load(output)
    del manifest.entries[SEED_SLUG].outputs[record.name]
    record.unlink()
    Steps.start(load_project(folder)).write_index(manifest)
    assert "Discussion record" not in (output / "index.html").read_text(encoding="utf-8")


# --- The filter pages -----------------------------------------------------------------------


def expected_filters(output: Path) -> dict[str, set[str]]:
    """Each filter page's kind and words (by identity) to the slugs it must list."""
    expected: dict[str, set[str]] = {}
    for slug, listing in listings(output).items():
        words = [
            ("type", listing["type_label"]),
            ("year", listing["published"][:4]),
            *(("theme", theme) for theme in listing["themes"]),
        ]
        for kind, word in words:
            expected.setdefault(f"{kind}:{identity_of(word)}", set()).add(slug)
    return expected


def filter_links(html: str) -> dict[str, tuple[str, str]]:
    """The filter navigation's links: file name to (words, count)."""
    links = re.findall(
        r'<a class="bg-filter" href="([^"]+)"[^>]*>(.*?) <span class="bg-filter-count">(\d+)',
        html,
    )
    return {href: (parse_html(words).text[0], count) for href, words, count in links}


def test_every_type_theme_and_year_has_a_page_listing_exactly_its_briefings(
    examples_build: Path,
) -> None:
    index = (examples_build / "index.html").read_text(encoding="utf-8")
    links = filter_links(index)
    expected = expected_filters(examples_build)
    pages = {href for href in links if href != "index.html"}
    assert pages == set(library_files(examples_build))
    assert len(pages) == len(expected)
    for href in pages:
        words, count = links[href]
        kind = href.split("-")[0]
        wanted = expected[f"{kind}:{identity_of(words)}"]
        html = (examples_build / href).read_text(encoding="utf-8")
        assert set(listed(html)) == wanted, href
        assert int(count) == len(wanted)
        assert re.findall(r'href="([^"]+)" aria-current="page"', html) == [href]
        assert filter_links(html) == links  # the same navigation on every page
        assert 'href="index.html">All briefings</a>' in html
    assert re.findall(r'href="([^"]+)" aria-current="page"', index) == ["index.html"]


def hrefs_of(html: str) -> list[str]:
    return [href for href in HREF.findall(html) if not urlsplit(href).scheme]


def test_every_link_of_the_library_leads_to_a_file_of_the_output(examples_build: Path) -> None:
    names = ["index.html", *library_files(examples_build)]
    seen = 0
    for name in names:
        html = (examples_build / name).read_text(encoding="utf-8")
        for href in hrefs_of(html):
            # the skip link's place in this page, or an entry's place in its own page
            address, _, anchor = unquote(href).partition("#")
            target = examples_build / (address or name)
            assert target.is_file(), (name, href)
            if anchor:
                assert f' id="{anchor}"' in target.read_text(encoding="utf-8"), (name, href)
            seen += 1
    assert seen > len(names) * len(EXAMPLES)


HOSTILE_THEMES = [
    "../../etc",
    "<script>alert(1)</script>",
    "?!*…",
    "x" * 200,
    "x" * 199 + "y",
    "Neglect",
]


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three briefings whose themes are written to break file names and markup."""
    folder = copy_example(tmp_path_factory.mktemp("hostile") / "project", content=False)
    write_briefing(folder, "first", small_briefing("First", "2021-03-01", themes=HOSTILE_THEMES))
    for slug, theme in (("second", "neglect"), ("third", "Négléct")):
        data = small_briefing(slug.title(), "2021-04-01", themes=[theme], type="Rapid review")
        write_briefing(folder, slug, data)
    return built(folder)


@pytest.mark.slow
def test_hostile_theme_names_give_safe_unique_working_pages(hostile_build: Path) -> None:
    themes = [name for name in library_files(hostile_build) if name.startswith("theme-")]
    assert len(themes) == len(HOSTILE_THEMES)  # the three spellings of neglect are one
    assert all(len(name) <= len("theme-.html") + 60 for name in themes)
    project = hostile_build.parent
    assert sorted(path.name for path in project.iterdir()) == [
        "assets",
        "briefgen.yaml",
        "content",
        "output",
    ]
    top = {path.name for path in hostile_build.iterdir() if path.is_file()}
    briefgens = {name for name in top if name.startswith(".briefgen")}
    site = {"briefings.json", "feed.xml", "sitemap.xml"}  # the feeds beside the library
    expected = {"index.html", *LIBRARY_FRAGMENTS, *site, *library_files(hostile_build)}
    assert top - briefgens == expected
    links = filter_links((hostile_build / "index.html").read_text(encoding="utf-8"))
    for theme in HOSTILE_THEMES:
        (page,) = [
            href for href, (words, _) in links.items() if identity_of(words) == identity_of(theme)
        ]
        html = (hostile_build / page).read_text(encoding="utf-8")
        wanted = {"first", "second", "third"} if theme == "Neglect" else {"first"}
        assert set(listed(html)) == wanted, theme
    index = (hostile_build / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in index
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    # Rapid review and rapid review: one type.
    assert [name for name in library_files(hostile_build) if name.startswith("type-")] == [
        "type-rapid-review.html"
    ]


def test_page_names_are_never_empty_nor_shared() -> None:
    words = [
        "Neglect",
        "neglect",
        "Négléct",
        "../../etc",
        "etc",
        "<script>",
        "!!!",
        "???",
        "x" * 300,
        "x" * 300 + "z",
        "ملف",
        "C++",
        "C#",
    ]
    identities = sorted({identity_of(word) for word in words})
    assert len(identities) == len(words) - 2  # the three spellings of neglect are one
    keys = unique_keys(identities)
    assert len(set(keys.values())) == len(identities)
    for key in keys.values():
        assert FILTER_PAGE.match(f"theme-{key}.html"), key
        assert 0 < len(key) <= 60
    assert keys["neglect"] == "neglect"
    assert keys["../../etc"] == "etc"


@pytest.mark.slow
def test_a_theme_no_briefing_has_any_more_loses_its_page(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    source = write_briefing(
        folder, "audit", small_briefing("Audit", "2021-03-01", themes=["Neglect", "infants"])
    )
    output = built(folder)
    assert (output / "theme-neglect.html").is_file()
    (output / "theme-of-our-own.html").write_text("not briefgen's")
    write_briefing(folder, "audit", small_briefing("Audit", "2021-03-01", themes=["infants"]))
    assert source.is_file()
    built(folder)
    assert not (output / "theme-neglect.html").exists()
    assert (output / "theme-infants.html").is_file()
    assert (output / "theme-of-our-own.html").read_text() == "not briefgen's"
    assert "theme-neglect.html" not in (output / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_sweep_removes_only_filter_pages_the_manifest_names(tmp_path: Path) -> None:
    """The manifest is a file anyone could edit: a name in its list of library files that
    leads out of the output folder, or that is not a filter page's, is never removed."""
    folder = copy_example(tmp_path / "project", content=False)
    write_briefing(folder, "audit", small_briefing("Audit", "2021-03-01", themes=["neglect"]))
    output = built(folder)
    victims = [tmp_path / "theme-victim.html", output / "notes.html", output / "year-1999.txt"]
    for victim in victims:
        victim.write_text("someone else's")
    manifest = Manifest.load(output)
    manifest.library += ["../theme-victim.html", "notes.html", "year-1999.txt", "theme-gone.html"]
    manifest.index = ""  # so that the index is written again
    manifest.save()
    (output / "theme-gone.html").write_text("a page of a theme now gone")
    built(folder)
    assert all(victim.read_text() == "someone else's" for victim in victims)
    assert not (output / "theme-gone.html").exists()


@pytest.mark.slow
def test_a_missing_filter_page_makes_the_index_stale(tmp_path: Path) -> None:
    """The index files are written again when any of them is gone, not only index.html."""
    folder = copy_example(tmp_path / "project", content=False)
    write_briefing(folder, "audit", small_briefing("Audit", "2021-03-01", themes=["neglect"]))
    output = built(folder)
    project = load_project(folder)
    sources = [folder / "content" / "audit.yaml"]

    def plan() -> Plan:
        return Plan.make(Manifest.load(output), folder, sources, DEFAULT_OPTIONS)

    assert plan().done
    (output / "theme-neglect.html").unlink()
    assert not plan().done
    (output / "index-fragment.html").unlink()
    build(project)
    assert (output / "theme-neglect.html").is_file()
    assert (output / "index-fragment.html").is_file()
    assert plan().done


# --- Replaced and withdrawn -----------------------------------------------------------------


@pytest.mark.slow
def test_a_replacement_is_shown_both_ways(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    write_briefing(folder, "audit-2021", small_briefing("Audit of 2021", "2021-03-01"))
    newer = small_briefing("Audit of 2022", "2022-03-01", replaces="audit-2021")
    write_briefing(folder, "audit-2022", newer)
    output = built(folder)
    entries = listed((output / "index.html").read_text(encoding="utf-8"))
    assert "Replaces: Audit of 2021" in entries["audit-2022"]
    assert "Replaced by: Audit of 2022" in entries["audit-2021"]
    assert "Replaced by" not in entries["audit-2022"]
    fragment = (output / "index-fragment.html").read_text(encoding="utf-8")
    assert fragment.count("Replaces: <a") == fragment.count("Replaced by: <a") == 1
    html = (output / "index.html").read_text(encoding="utf-8")
    assert 'Replaces: <a href="audit-2021/index.html">' in html
    assert 'Replaced by: <a href="audit-2022/index.html">' in html


def test_a_briefing_that_replaces_itself_is_refused_at_its_line(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    write_briefing(folder, "audit", small_briefing("Audit", "2021-03-01", replaces="audit"))
    report = build(load_project(folder))
    (outcome,) = report.failed
    assert isinstance(outcome.error, ContentError)
    (problem,) = outcome.error.problems
    assert "names itself" in problem.message
    assert re.search(r"audit\.yaml:\d+", str(outcome.error))
    assert problem.line is not None
    assert "write the name of the older briefing" in problem.fix


def test_a_briefing_that_replaces_itself_cannot_acknowledge_it(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    data = small_briefing("Audit", "2021-03-01", replaces="audit")
    data["acknowledge"] = [{"check": "replaces", "reason": "We meant it."}]
    write_briefing(folder, "audit", data)
    (outcome,) = build(load_project(folder)).failed
    assert "names itself" in str(outcome.error)


@pytest.mark.slow
def test_replacing_a_briefing_content_does_not_have_is_a_warning(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    data = small_briefing("Audit", "2021-03-01", replaces="withdrawn-audit")
    write_briefing(folder, "audit", data)
    report = build(load_project(folder))
    assert not report.failed
    (outcome,) = report.outcomes
    warnings = [problem for problem in outcome.warnings if problem.check == "replaces"]
    assert len(warnings) == 1
    assert "withdrawn-audit" in warnings[0].message
    assert "leaves the link to it out" in warnings[0].message
    assert warnings[0].line is not None
    assert "Replaces" not in (folder / "output" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["../audit", "Audit 2021", "audit.yaml", "/etc/passwd"])
def test_a_replaced_name_that_cannot_be_a_briefing_is_told_in_words(
    tmp_path: Path, name: str
) -> None:
    """A path or a title where a briefing's name goes: plain words, never a pattern."""
    folder = copy_example(tmp_path / "project", content=False)
    source = write_briefing(folder, "audit", small_briefing("Audit", "2021-03-01", replaces=name))
    with pytest.raises(ContentError) as caught:
        load_briefing(source)
    [problem] = caught.value.problems
    assert problem.message.startswith("`replaces` cannot be")
    assert "lower-case letters, digits and hyphens only" in problem.message
    assert "replaces: under-twos-repeat-referrals-2020" in problem.fix
    assert "^[a-z" not in problem.message


@pytest.mark.slow
def test_a_withdrawn_briefing_leaves_the_index_its_filter_pages_and_the_fragment(
    tmp_path: Path,
) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    shutil.copy(SEED, folder / "content" / SEED.name)
    data = small_briefing("A briefing to withdraw", "2021-03-01", themes=["only this one"])
    source = write_briefing(folder, "to-withdraw", data)
    output = built(folder)
    assert (output / "theme-only-this-one.html").is_file()
    assert (output / "year-2021.html").is_file()
    assert "to-withdraw" in (output / "index-fragment.html").read_text(encoding="utf-8")
    source.unlink()
    assert built(folder) == output
    assert not (output / "theme-only-this-one.html").exists()
    assert not (output / "year-2021.html").exists()
    for name in ["index.html", "index-fragment.html", *library_files(output)]:
        html = (output / name).read_text(encoding="utf-8")
        assert "to-withdraw" not in html, name
        assert "A briefing to withdraw" not in html, name
    assert list(listed((output / "index.html").read_text(encoding="utf-8"))) == [SEED_SLUG]


# --- The index fragment ---------------------------------------------------------------------


def with_settings(folder: Path, **settings: Any) -> None:
    config = yaml.safe_load((folder / "briefgen.yaml").read_text())
    config.update(settings)
    (folder / "briefgen.yaml").write_text(yaml.safe_dump(config))


@pytest.mark.slow
def test_the_fragment_links_absolutely_from_the_site_address(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project")
    with_settings(
        folder,
        site={"url": "https://www.example.org/learning"},
        fragment={"heading_level": 3},
    )
    output = built(folder)
    fragment = (output / "index-fragment.html").read_text(encoding="utf-8")
    assert HREF.findall(fragment) == [
        "https://www.example.org/learning/feed.xml",  # the visible link to the feed
        f"https://www.example.org/learning/{SEED_SLUG}/index.html",
        f"https://www.example.org/learning/{SEED_SLUG}/{SEED_SLUG}.pdf",
        f"https://www.example.org/learning/{SEED_SLUG}/{SEED_SLUG}-discussion-record.docx",
    ]
    assert '<h3 class="bg-library-heading">' in fragment
    assert '<h4 class="bg-index-title">' in fragment


@pytest.mark.slow
def test_without_a_site_address_the_fragment_links_relative_to_the_output(
    tmp_path: Path,
) -> None:
    output = built(drop_settings(copy_example(tmp_path / "project", examples=True), "site.url"))
    fragment = (output / "index-fragment.html").read_text(encoding="utf-8")
    links = HREF.findall(fragment)
    pages = [href for href in links if href.endswith("/index.html")]
    pdfs = [href for href in links if href.endswith(".pdf")]
    assert sorted(pages) == [f"{slug}/index.html" for slug in EXAMPLES]
    # The PDFs as the briefing's fragment links them: under fragment.pdf_base_url.
    base = "https://www.westsussexscp.org.uk/briefings/"
    assert sorted(pdfs) == [f"{base}{slug}/{slug}.pdf" for slug in EXAMPLES]
    for href in pages:
        assert (output / href).is_file()


def test_the_fragment_is_scoped_and_runs_no_script(examples_build: Path) -> None:
    fragment = (examples_build / "index-fragment.html").read_text(encoding="utf-8")
    # Its root says its language, as a briefing's fragment's does: the host page's may differ.
    root = '<div class="briefgen bg-library bg-library--fragment" lang="en-GB" dir="ltr">'
    assert fragment.startswith(root)
    assert fragment.rstrip().endswith("</div>")
    for tag in ("<html", "<head", "<body", "<script", "<link", "<main", "<h1"):
        assert tag not in fragment
    assert re.findall(r'\sid="', fragment) == []  # nothing to clash with the host's ids
    style = fragment.split("<style>")[1].split("</style>")[0]
    rules = re.sub(r"@[^{;]+\{", "", re.sub(r"/\*.*?\*/", "", style, flags=re.DOTALL))
    selectors = [
        selector
        for prelude in re.findall(r"([^{}]+)\{", rules)
        for selector in split_top_level(prelude)
        if selector
    ]
    assert len(selectors) > 40
    assert [selector for selector in selectors if not selector.startswith(".briefgen")] == []


@pytest.mark.parametrize("name", LIBRARY_FRAGMENTS[1:])
def test_the_fragments_variants_run_no_script_and_bring_no_id(
    examples_build: Path, name: str
) -> None:
    """As the plain one: one root, nothing of a page, no id to clash with the host's; the
    shadow one's style sheet is inside its shadow root, the inline one has none."""
    fragment = (examples_build / name).read_text(encoding="utf-8")
    root = "briefgen-host" if name.endswith("shadow.html") else "briefgen bg-library"
    assert fragment.startswith(f'<div class="{root}')
    assert fragment.rstrip().endswith("</div>")
    for tag in ("<html", "<head", "<body", "<script", "<link", "<main", "<h1"):
        assert tag not in fragment
    assert re.findall(r'\sid="', fragment) == []
    assert fragment.count("<style") == (1 if name.endswith("shadow.html") else 0)


# --- In the browser: accessible at 320 and 1280 px, alone and inside real host pages --------


def alone(fragment: str) -> str:
    """A page holding nothing but the fragment, as the simplest host would."""
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head><meta charset="utf-8"><title>Alone</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>\n'
        f"<body>\n<main>\n{fragment}\n</main>\n</body>\n</html>\n"
    )


LIBRARY_PAGES = ["index.html", "theme-infants.html"]


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("name", LIBRARY_PAGES)
@pytest.mark.slow
def test_axe_finds_no_violation_in_the_library_pages(
    browser: Browser, examples_build: Path, name: str, width: int
) -> None:
    page = open_page(browser, (examples_build / name).as_uri(), width=width)
    assert [str(violation) for violation in axe_violations(page)] == []
    assert horizontal_overflow(page) == []
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.slow
def test_axe_finds_no_violation_in_the_index_fragment_alone(
    browser: Browser, examples_build: Path, width: int
) -> None:
    fragment = (examples_build / "index-fragment.html").read_text(encoding="utf-8")
    page = open_html(browser, alone(fragment), width=width)
    assert [str(violation) for violation in axe_violations(page)] == []
    assert horizontal_overflow(page) == []
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("host", HOSTS, ids=[host.stem for host in HOSTS])
@pytest.mark.slow
def test_the_index_fragment_in_a_host_page_is_accessible_and_restyles_nothing(
    browser: Browser, examples_build: Path, host: Path, width: int
) -> None:
    """Inside the real GOV.UK Frontend and Bootstrap pages (and a WordPress theme): axe finds
    nothing, the page does not scroll sideways at 320 px, and every host element computes as
    it does without the fragment."""
    fragment = examples_build / "index-fragment.html"
    with_fragment = open_html(browser, embed(host, fragment), width=width)
    assert [str(violation) for violation in axe_violations(with_fragment)] == []
    assert horizontal_overflow(with_fragment) == []
    without = open_html(browser, host_html(host), width=width)
    properties = [*HOST_STYLES]
    before = styles_outside(without, ".briefgen", properties)
    after = styles_outside(with_fragment, ".briefgen", properties)
    assert len(before) > 15
    assert after == before
    without.close()
    with_fragment.close()


HOST_STYLES = [
    "font-family",
    "font-size",
    "font-weight",
    "line-height",
    "color",
    "text-transform",
    "letter-spacing",
    "text-decoration-line",
    "display",
    "margin-top",
    "margin-bottom",
    "padding-left",
    "border-top-width",
    "background-color",
    "list-style-type",
    "width",
]


@pytest.mark.browser
@pytest.mark.slow
def test_the_filters_work_without_script(browser: Browser, examples_build: Path) -> None:
    """From the index, the theme filter's link opens its page, where only its briefings are
    listed and its link is marked as the current one; "All briefings" leads back."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((examples_build / "index.html").as_uri())
    page.locator("summary", has_text="Theme").click()
    page.locator("a.bg-filter", has_text="infants").click()
    assert page.url.endswith("/theme-infants.html")
    titles = page.locator(".bg-index-title").all_inner_texts()
    assert len(titles) == len(expected_filters(examples_build)["theme:infants"])
    assert page.locator("a[aria-current=page]").inner_text().startswith("infants")
    page.locator(".bg-filters a", has_text="All briefings").click()
    assert page.url.endswith("/index.html")
    assert page.locator(".bg-index-title").count() == len(EXAMPLES)
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("name", ["index.html", "index-fragment.html"])
@pytest.mark.slow
def test_hostile_themes_do_not_widen_the_library_on_a_phone(
    browser: Browser, hostile_build: Path, name: str
) -> None:
    """A theme of 200 letters without a space wraps inside its filter and its entry."""
    html = (hostile_build / name).read_text(encoding="utf-8")
    page = open_html(browser, html if name == "index.html" else alone(html), width=320)
    if name == "index.html":
        page.locator("summary", has_text="Theme").click()
    assert horizontal_overflow(page) == []
    assert [str(violation) for violation in axe_violations(page)] == []
    page.close()


# --- Bounds: what a crafted manifest can ask of the library (issue 24) ----------------------


def entry_with(
    slug: str, themes: list[str], type_label: str = "Multi-agency audit"
) -> LibraryEntry:
    """A listed briefing as the library takes it from a manifest, with these themes."""
    return entry_of(
        slug,
        {
            "title": slug.replace("-", " ").capitalize(),
            "type_label": type_label,
            "audience": "Practitioners",
            "date_text": "May 2020",
            "published": "2020-05-29",
            "themes": themes,
        },
        [f"{slug}.pdf"],
        8000,
    )


@pytest.mark.slow
def test_a_manifest_listing_hundreds_of_themes_for_one_briefing_makes_eight_pages(
    tmp_path: Path,
) -> None:
    """The manifest is a file anyone could edit (a cloned repository's output/): 1,000
    themes in one briefing's entry made 1,000 filter pages (136 s, 758 MB, 350 MB written).
    The library takes no more than a briefing may have."""
    folder = copy_example(tmp_path / "project")
    output = built(folder)
    manifest = Manifest.load(output)
    manifest.entries[SEED_SLUG].listing["themes"] = [f"theme {n}" for n in range(300)]
    manifest.index = ""  # so that the index is written again
    manifest.save()
    report = build(load_project(folder))
    assert not report.failed
    themes = [name for name in library_files(output) if name.startswith("theme-")]
    assert themes == sorted(f"theme-theme-{n}.html" for n in range(MAX_THEMES))
    assert listed((output / "index.html").read_text(encoding="utf-8")).keys() == {SEED_SLUG}


@pytest.mark.parametrize("themes", [9, 51])
def test_a_briefing_with_more_themes_than_it_may_have_is_refused_at_its_themes_line(
    tmp_path: Path, themes: int
) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    briefing = small_briefing("Audit", "2021-03-01", themes=[f"theme {n}" for n in range(themes)])
    source = folder / "content" / "audit.yaml"
    source.write_text(yaml.safe_dump(briefing, sort_keys=False))
    with pytest.raises(ContentError) as raised:
        load_briefing(source)
    [problem] = raised.value.problems
    assert problem.field == "themes"
    assert problem.line == source.read_text().splitlines().index("- theme 0") + 1  # the list
    assert problem.message == f"`themes` has more than {MAX_THEMES} items"


def test_past_the_bound_the_filters_of_fewest_briefings_get_no_page_and_a_notice() -> None:
    """80 briefings of eight themes each: one they share and seven of their own, 561 themes,
    one type and one year. Filter pages are made for the 500 that list the most briefings."""
    entries = [
        entry_with(f"briefing-{n}", ["shared", *(f"theme {n} {k}" for k in range(7))])
        for n in range(80)
    ]
    library = Library.of(entries)
    pages = library.pages()
    assert len(pages) == 1 + MAX_FILTER_PAGES  # the index and the filters' pages
    kept = {choice.label for group in library.groups for choice in group.filters}
    assert {"shared", "Multi-agency audit", "2020"} <= kept
    assert len(library.left_out) == 561 + 2 - MAX_FILTER_PAGES
    assert {choice.count for choice in library.left_out} == {1}
    [notice] = library.notices()
    assert notice.startswith(
        "the library has 563 types, themes and years to filter by, more than the 500 pages "
        "it makes: the 63 that list the fewest briefings have no page ("
    )
    assert "and 60 more). Fix: give the briefings fewer, broader themes" in notice
    assert Library.of(entries[:10]).notices() == []


@pytest.mark.slow
def test_a_filter_page_does_not_grow_with_the_number_of_filters(tmp_path: Path) -> None:
    """Every page listing every filter made n pages of n links: a cost in the square of the
    filters. A group longer than LISTED_ON_EVERY_PAGE is listed whole on the index only;
    a filter page lists its own filter and links to the index's list."""
    renderer = Renderer(load_project(copy_example(tmp_path / "project", content=False)))

    def pages_of(themes: int) -> dict[str, str]:
        entries = [entry_with(f"briefing-{n}", [f"theme {n}"]) for n in range(themes)]
        return dict(renderer.render_library(Library.of(entries)))

    fewer, more = pages_of(LISTED_ON_EVERY_PAGE + 10), pages_of(4 * (LISTED_ON_EVERY_PAGE + 10))
    page = "theme-theme-3.html"
    assert abs(len(more[page]) - len(fewer[page])) < 10  # "All 40 themes", "All 160 themes"
    themes = filter_links(more[page])
    assert list(themes) == ["index.html", "type-multi-agency-audit.html", page, "year-2020.html"]
    assert 'href="index.html#bg-filters-theme">All 160 themes</a>' in more[page]
    assert 'id="bg-filters-theme"' in more["index.html"]
    assert len(filter_links(more["index.html"])) == 1 + 160 + 2
    filter_pages = [name for name in more if FILTER_PAGE.match(name)]
    assert len(filter_pages) == 160 + 2

    def average_page(pages: dict[str, str]) -> float:
        sizes = [len(html) for name, html in pages.items() if FILTER_PAGE.match(name)]
        return sum(sizes) / len(sizes)

    assert average_page(more) < 1.01 * average_page(fewer)  # four times the pages, not 16


@pytest.mark.slow
def test_a_build_past_the_bound_of_pages_says_so_and_a_build_with_nothing_to_do_again(
    tmp_path: Path,
) -> None:
    """The notice is told with the build's other notices, and kept for the answer to a
    build with nothing to do."""
    folder = copy_example(tmp_path / "project")
    output = built(folder)
    path = output / MANIFEST_NAME
    manifest = json.loads(path.read_text())
    seed = manifest["entries"][SEED_SLUG]
    for number in range(MAX_FILTER_PAGES // MAX_THEMES + 1):
        slug = f"copy-{number}"
        (folder / "content" / f"{slug}.yaml").write_text(SEED.read_text())
        (output / slug).mkdir()
        pdf = shutil.copy(output / SEED_SLUG / f"{SEED_SLUG}.pdf", output / slug / f"{slug}.pdf")
        themes = [f"theme {number} {k}" for k in range(MAX_THEMES)]
        manifest["entries"][slug] = {
            **seed,
            "inputs": "stale",
            "outputs": {f"{slug}.pdf": Path(pdf).stat().st_size},
            "listing": {**seed["listing"], "themes": themes},
        }
    manifest["index"] = ""  # so that the index is written again
    path.write_text(json.dumps(manifest))
    first = run_briefgen("build", SEED.relative_to(REPOSITORY).as_posix(), cwd=folder)
    assert first.code == 0, first.err
    assert "more than the 500 pages it makes" in first.err
    assert len(library_files(output)) == MAX_FILTER_PAGES
    again = run_briefgen("build", SEED.relative_to(REPOSITORY).as_posix(), cwd=folder)
    assert "unchanged" in again.out
    assert "more than the 500 pages it makes" in again.err


# --- Ways through the library: the skip link, themes as links, the feed (issue 20) ----------

THEME_LINK = re.compile(r'<a class="bg-index-theme" href="([^"]+)">([^<]+)</a>')


@pytest.mark.parametrize("name", ["index.html", "theme-infants.html"])
def test_each_entrys_themes_link_to_their_filter_pages(examples_build: Path, name: str) -> None:
    """A reader of one briefing on a theme goes on to the others: each theme of an entry
    links to its filter page, which lists that briefing."""
    html = (examples_build / name).read_text(encoding="utf-8")
    linked = 0
    for entry in ENTRY.findall(html):
        slug = PAGE_LINK.search(entry)
        assert slug
        themes = THEME_LINK.findall(entry)
        assert len(themes) == entry.count('class="bg-index-theme"'), "every theme a link"
        for href, words in themes:
            assert FILTER_PAGE.match(href), href
            chosen = (examples_build / href).read_text(encoding="utf-8")
            assert f"of the theme <strong>{words}</strong>" in chosen
            assert slug[1] in listed(chosen)
            linked += 1
    assert linked >= 2


def test_the_fragments_theme_links_are_absolute_from_the_site_address(
    examples_build: Path,
) -> None:
    site = "https://www.westsussexscp.org.uk/briefings/"
    for name in LIBRARY_FRAGMENTS:
        html = (examples_build / name).read_text(encoding="utf-8")
        hrefs = re.findall(r'<a class="bg-index-theme"[^>]* href="([^"]+)"', html)
        assert hrefs, name
        for href in hrefs:
            assert href.startswith(site), href
            assert (examples_build / href.removeprefix(site)).is_file()


def test_a_theme_without_a_page_is_not_a_link(tmp_path: Path) -> None:
    """Past MAX_FILTER_PAGES a theme has no page: its words stay, without a broken link."""
    entries = [entry_with(f"briefing-{n}", [f"theme {n}"]) for n in range(MAX_FILTER_PAGES)]
    library = Library.of(entries)
    assert library.left_out
    left_out = library.left_out[0].label
    (entry,) = [entry for entry in entries if left_out in entry.themes]
    assert [theme.file for theme in library.themes(entry)] == [None]
    renderer = Renderer(load_project(copy_example(tmp_path / "project", content=False)))
    index = renderer.render_index(library, library.pages()[0])
    assert f'<span class="bg-index-theme">{left_out}</span>' in index
    assert 'class="bg-index-theme" href="theme-theme-0.html">theme 0</a>' in index


def test_the_library_links_its_feed_where_it_has_one(tmp_path: Path) -> None:
    """A visible link, not only the <link rel="alternate"> a browser may not show: on the
    index, its filter pages and the fragments; without site.url there is no feed to link."""
    folder = copy_example(tmp_path / "project")
    output = built(folder)
    site = "https://www.westsussexscp.org.uk/briefings/"
    for name, href in [
        ("index.html", "feed.xml"),
        *((f, f"{site}feed.xml") for f in LIBRARY_FRAGMENTS),
    ]:
        html = (output / name).read_text(encoding="utf-8")
        link = f'<a class="bg-index-feed-link" href="{href}"[^>]*>Follow new briefings in a feed'
        assert re.search(link, html), name
    assert (output / "feed.xml").is_file()
    output = built(drop_settings(folder, "site.url"))
    for name in ["index.html", *LIBRARY_FRAGMENTS]:
        assert "feed.xml" not in (output / name).read_text(encoding="utf-8"), name


@pytest.mark.browser
@pytest.mark.parametrize("name", ["index.html", "theme-infants.html"])
def test_the_skip_link_takes_the_keyboard_past_the_filters(
    browser: Browser, examples_build: Path, name: str
) -> None:
    """The first Tab shows "Skip to the briefings"; Enter, then Tab, reaches the first
    briefing's title, past the band and every filter."""
    page = open_page(browser, (examples_build / name).as_uri())
    skip = page.locator("a.bg-skip-link")
    hidden = skip.bounding_box()
    assert hidden is not None
    assert hidden["width"] <= 1  # hidden until the keyboard reaches it
    filters = page.locator(".bg-filters a").count()
    assert filters > 5
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the briefings"
    box = skip.bounding_box()
    assert box is not None
    assert box["width"] > 100
    assert box["height"] >= 24
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('.bg-index-title')?.textContent")
    assert focused == page.locator(".bg-index-title").first.text_content()
    page.close()


def test_the_inline_fragment_of_a_library_of_thousands_is_made(tmp_path: Path) -> None:
    """Its tags grow with the briefings: the bound of inlining grows with them, not past
    what a style sheet's selectors can add. 3,000 briefings, each a content file. (How long
    it takes is a benchmark's figure, not a test's.)"""
    renderer = Renderer(load_project(copy_example(tmp_path / "project", content=False)))
    library = Library.of(entry_with(f"briefing-{n}", ["neglect"]) for n in range(3000))
    html = renderer.render_index_fragment(library, LIBRARY_FRAGMENTS[1])
    assert html.count('class="bg-index-title"') == 3000
    assert "<style" not in html


def test_a_pages_entries_are_read_from_the_manifest_as_text_only() -> None:
    """A crafted manifest (a cloned repository's output/) may list anything: only entries of
    text whose id is an anchor's are listed, no more than a briefing may hold."""
    good = {
        "title": "Strategy discussions",
        "id": "audits-2025--strategy-discussions",
        "date_text": "October 2025",
        "published": "2025-10-14",
        "summary": "Who takes part.",
    }
    crafted = [
        good,
        {**good, "id": '"><script>alert(1)</script>'},
        {**good, "id": "javascript:alert(1)"},
        {**good, "title": 3},
        "not an entry",
        *[good] * 20,
    ]
    parts = parts_of({"entries": crafted})
    assert len(parts) == 8
    assert {part.anchor for part in parts} == {"audits-2025--strategy-discussions"}
    assert parts[0].title == "Strategy discussions"
    assert parts_of({"entries": "all"}) == ()
    assert parts_of({}) == ()


# --- The reach line (library.show_reach) ------------------------------------------------------


FILLED_ANSWER = "We ask at every first visit which agencies know the family."


def collected_project(tmp_path: Path, *, show_reach: bool) -> Path:
    """The seed's project with two teams' records collected (one of them returned twice)."""
    from briefgen.pipeline import Pipeline  # noqa: PLC0415
    from tests.support.records import FILLED, fill, record_of  # noqa: PLC0415

    folder = copy_example(tmp_path / "project")
    if show_reach:
        config = folder / "briefgen.yaml"
        config.write_text(config.read_text() + "library:\n  show_reach: true\n")
    returns = tmp_path / "returns"
    returns.mkdir()
    blank = record_of(folder, SEED_SLUG)
    for name, team in (("a", "MASH team"), ("b", "Mash Team"), ("c", "Early help hub")):
        (returns / f"{name}.docx").write_bytes(fill(blank, {**FILLED, "team": team}))
    Pipeline.start(load_project(folder)).collect(returns)
    return folder


@pytest.mark.slow
def test_the_reach_line_shows_counts_only_and_follows_the_last_collect(tmp_path: Path) -> None:
    folder = collected_project(tmp_path, show_reach=True)
    project = load_project(folder)
    assert not build(project).failed
    index = (project.output / "index.html").read_text()
    assert "Discussed by 2 teams in 3 agencies" in index
    for output in project.output.rglob("*.html"):
        text = output.read_text()
        assert FILLED_ANSWER not in text, "never an answer"
        assert "MASH team" not in text, "never a team"
    reach = folder / "reports" / "reach.json"
    reach.write_text(json.dumps({"briefings": {SEED_SLUG: {"teams": 5, "agencies": 4}}}))
    assert not build(project).failed, "the index follows the counts, though no briefing changed"
    assert "Discussed by 5 teams in 4 agencies" in (project.output / "index.html").read_text()


@pytest.mark.slow
def test_the_reach_line_is_off_by_default(tmp_path: Path) -> None:
    project = load_project(collected_project(tmp_path, show_reach=False))
    assert (project.root / "reports" / "reach.json").is_file()
    assert not build(project).failed
    assert "Discussed by" not in (project.output / "index.html").read_text()


def test_a_reach_file_not_as_collect_writes_it_is_told(tmp_path: Path) -> None:
    from briefgen.errors import Mistake  # noqa: PLC0415
    from briefgen.publish.library import read_reach  # noqa: PLC0415

    (tmp_path / "reports").mkdir()
    assert read_reach(tmp_path) == {}, "none before the first collect"
    (tmp_path / "reports" / "reach.json").write_text('{"briefings": {"a": {"teams": "x"}}}')
    with pytest.raises(Mistake, match=r"reports/reach.json is not as briefgen writes it"):
        read_reach(tmp_path)


# --- One library a language --------------------------------------------------------------------


def test_the_languages_of_the_library_come_in_reading_order() -> None:
    """Those `languages` lists first, as it spells them; then the project's; then any other a
    briefing is in. One language (whatever its regions) is one library."""
    assert edition_tags("en-GB", [], ["en-GB", "en-GB"]) == {"en": "en-GB"}
    assert edition_tags("en-GB", [], ["en-US", "en"]) == {"en": "en-GB"}
    assert edition_tags("en-GB", [], ["en-GB", "cy"]) == {"en": "en-GB", "cy": "cy"}
    assert edition_tags("en-GB", ["cy", "en-GB"], []) == {"cy": "cy", "en": "en-GB"}
    assert edition_tags("en-GB", ["cy-GB", "en-GB"], ["cy", "ur", "pl"]) == {
        "cy": "cy-GB",
        "en": "en-GB",
        "pl": "pl",
        "ur": "ur",
    }


def test_a_listing_without_a_language_is_in_the_project_s() -> None:
    """A manifest of before languages, or one edited to say what no build writes."""
    assert language_in({"language": "cy"}, "en-GB") == "cy"
    assert language_in({}, "en-GB") == "en-GB"
    assert language_in({"language": "xx-nowhere"}, "en-GB") == "en-GB"
    assert language_in({"language": ["cy"]}, "en-GB") == "en-GB"


def test_a_library_in_one_language_has_no_other_language_s_files_links_or_style(
    examples_build: Path,
) -> None:
    """Every example is in English: one index, named as it always was, with no link to
    another language's and none of the style such a link needs."""
    names = sorted(path.name for path in examples_build.iterdir() if path.is_file())
    assert [name for name in names if re.search(r"\.[a-z]{2,3}\.(html|xml|json)$", name)] == []
    for name in ("index.html", "index-fragment.html", "index-fragment-shadow.html"):
        page = (examples_build / name).read_text(encoding="utf-8")
        assert "bg-languages" not in page, name
        assert "hreflang" not in page, name
