"""The web page, the fragment and the index, as HTML: structure, scoping, escaping, golden."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import tinycss2

from briefgen.content.config import load_project
from briefgen.pipeline import build
from briefgen.render.renderer import Renderer, pdf_address
from tests.support.project import REPOSITORY, SEED_SLUG, SeedBuild, copy_example, run_briefgen
from tests.support.text import parse_html, sizes_as_placeholders

GOLDEN = REPOSITORY / "tests" / "golden"


def split_selectors(prelude: list[tinycss2.ast.Node]) -> list[str]:
    """A selector list split at its top-level commas (those inside :where() stay)."""
    parts: list[list[tinycss2.ast.Node]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [tinycss2.serialize(part).strip() for part in parts]


def style_rules(html: str) -> list[str]:
    """The selectors of every style rule in the <style> elements, at-rules unwrapped."""
    selectors: list[str] = []
    for sheet in re.findall(r"<style>(.*?)</style>", html, flags=re.DOTALL):
        pending = list(tinycss2.parse_stylesheet(sheet, skip_whitespace=True, skip_comments=True))
        while pending:
            rule = pending.pop()
            if rule.type == "qualified-rule":
                selectors.extend(split_selectors(rule.prelude))
            elif (
                rule.type == "at-rule"
                and rule.content is not None
                and rule.lower_at_keyword in ("media", "container")
            ):
                pending.extend(
                    tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True)
                )
    return selectors


def test_the_fragment_has_no_document_elements_and_no_script(seed_build: SeedBuild) -> None:
    html = seed_build.fragment.read_text()
    tags = {tag for tag, _ in parse_html(html).tags}
    assert not tags & {"html", "head", "body", "script", "iframe", "link", "meta"}
    assert not re.search(r"\son[a-z]+=", html), "no event handler attributes"
    assert html.lstrip().startswith('<div class="briefgen" lang="en-GB" dir="ltr">')


def test_every_css_selector_of_the_fragment_is_under_its_root_class(seed_build: SeedBuild) -> None:
    selectors = style_rules(seed_build.fragment.read_text())
    assert len(selectors) > 40
    outside = [selector for selector in selectors if not selector.startswith(".briefgen")]
    assert outside == []
    at_rules = re.findall(
        r"@[a-z-]+",
        "".join(re.findall(r"<style>(.*?)</style>", seed_build.fragment.read_text(), re.S)),
    )
    assert set(at_rules) <= {"@media", "@container"}, "no @font-face, @import or @page"


def test_the_fragment_starts_its_headings_at_h2(seed_build: SeedBuild) -> None:
    headings = [
        tag
        for tag, _ in parse_html(seed_build.fragment.read_text()).tags
        if re.fullmatch(r"h\d", tag)
    ]
    assert headings[0] == "h2"
    assert set(headings) == {"h2", "h3", "h4"}


@pytest.mark.slow
def test_the_heading_level_is_configurable(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project")
    config = folder / "briefgen.yaml"
    config.write_text(config.read_text().replace("heading_level: 2", "heading_level: 3"))
    project = load_project(folder)
    build(project)
    html = (project.output / SEED_SLUG / "fragment.html").read_text()
    headings = [tag for tag, _ in parse_html(html).tags if re.fullmatch(r"h\d", tag)]
    assert headings[0] == "h3"
    assert set(headings) == {"h3", "h4", "h5"}


def test_the_page_is_one_document_in_british_english_with_headings_in_order(
    seed_build: SeedBuild,
) -> None:
    html = seed_build.page.read_text()
    assert html.startswith('<!DOCTYPE html>\n<html lang="en-GB" dir="ltr">')
    levels = [int(tag[1]) for tag, _ in parse_html(html).tags if re.fullmatch(r"h\d", tag)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels))


def test_the_page_works_offline_with_fonts_and_logo_inline(seed_build: SeedBuild) -> None:
    html = seed_build.page.read_text()
    collector = parse_html(html)
    sources = [attributes.get("src") or "" for tag, attributes in collector.tags if tag == "img"]
    assert sources
    assert all(source.startswith("data:") for source in sources)
    for url in re.findall(r"url\(\"?([^\")]+)", html):
        assert url.startswith("data:"), url
    assert "font/woff2;base64" in html


def test_the_page_links_to_the_pdf_with_its_size(seed_build: SeedBuild) -> None:
    size = seed_build.pdf.stat().st_size
    html = seed_build.page.read_text()
    expected = f"{round(size / 1000)} KB"
    assert f'href="{SEED_SLUG}.pdf"' in html
    assert f"(PDF, {expected})" in html


FRAGMENTS = ["fragment.html", "fragment-inline.html", "fragment-shadow.html"]


@pytest.mark.parametrize("name", FRAGMENTS)
def test_each_fragment_links_to_the_pdf_where_the_website_publishes_it(
    seed_build: SeedBuild, name: str
) -> None:
    """A link relative to the fragment would lead nowhere once the fragment is pasted into
    a CMS page: the fragments link under fragment.pdf_base_url (set in the example)."""
    links = [
        attributes.get("href")
        for tag, attributes in parse_html((seed_build.folder / name).read_text()).tags
        if tag == "a" and "bg-download-link" in (attributes.get("class") or "")
    ]
    base = "https://www.westsussexscp.org.uk/briefings/"
    assert links == [f"{base}{SEED_SLUG}/{SEED_SLUG}.pdf"]


def test_the_pdf_address_is_the_same_with_or_without_a_final_slash() -> None:
    expected = "https://example.org/briefings/a-b/a-b.pdf"
    assert pdf_address("https://example.org/briefings/", "a-b") == expected
    assert pdf_address("https://example.org/briefings", "a-b") == expected
    assert pdf_address(None, "a-b") is None


def test_ids_are_namespaced_by_slug_and_unique(seed_build: SeedBuild) -> None:
    ids = [
        identifier
        for _, attributes in parse_html(seed_build.fragment.read_text()).tags
        if (identifier := attributes.get("id"))
    ]
    assert len(ids) == len(set(ids))
    assert all(identifier.startswith(SEED_SLUG) for identifier in ids)


def test_the_index_lists_the_briefing_with_date_type_and_links(seed_build: SeedBuild) -> None:
    html = seed_build.index.read_text()
    assert "Children under two with repeated contacts and referrals" in html
    assert "Multi-agency audit" in html
    assert "May 2020" in html
    assert f'href="{SEED_SLUG}/index.html"' in html
    assert f'href="{SEED_SLUG}/{SEED_SLUG}.pdf"' in html


@pytest.mark.slow
def test_text_is_escaped_not_interpreted(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project")
    seed = folder / "content" / f"{SEED_SLUG}.yaml"
    seed.write_text(
        seed.read_text().replace(
            "title: Children under two with repeated contacts and referrals",
            'title: Children <b>under</b> two & "referrals"',
        )
    )
    project = load_project(folder)
    build(project)
    for name in ("index.html", "fragment.html"):
        html = (project.output / SEED_SLUG / name).read_text()
        assert "Children &lt;b&gt;under&lt;/b&gt; two &amp; &#34;referrals&#34;" in html


def test_the_fragment_matches_its_golden_file(
    seed_build: SeedBuild, request: pytest.FixtureRequest
) -> None:
    golden = GOLDEN / "fragment.html"
    html = sizes_as_placeholders(seed_build.fragment.read_text(), seed_build.folder, SEED_SLUG)
    if request.config.getoption("--regenerate-golden"):
        golden.write_text(html)
    assert html == golden.read_text(), "run pytest --regenerate-golden if the change is intended"


def test_preloading_compiles_a_template_and_every_template_it_names(tmp_path: Path) -> None:
    """The library's templates are compiled while the engine lays a PDF out, includes
    and all, so that the index, written last, renders without compiling anything."""
    renderer = Renderer(load_project(copy_example(tmp_path / "project")))
    renderer.preload_library()
    read = {path.name for path in renderer.template_files}
    assert {"index.html.j2", "index-fragment.html.j2", "library-entries.html.j2"} <= read
    assert {"fonts.css.j2", "index.css"} <= read  # what the index's style sheet includes


@pytest.mark.slow
def test_a_broken_index_template_is_told_where_it_is_used_not_while_preloading(
    tmp_path: Path,
) -> None:
    """Preloading is a head start, never a new place to fail: the briefing still builds,
    and the index's own mistake is told once, by the index."""
    folder = copy_example(tmp_path / "project")
    (folder / "templates").mkdir()
    (folder / "templates" / "index.html.j2").write_text("{% if %}broken\n", encoding="utf-8")
    renderer = Renderer(load_project(folder))
    renderer.preload_library()  # no error
    run = run_briefgen("build", cwd=folder)
    assert run.code == 1
    assert f"✓ content/{SEED_SLUG}.yaml (2 pages)" in run.out
    assert (folder / "output" / SEED_SLUG / f"{SEED_SLUG}.pdf").is_file()
    assert run.err.count("templates/index.html.j2:1: the template cannot be read") == 1
    assert "Traceback" not in run.err
