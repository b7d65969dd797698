"""A project's own kinds of block in every output: the example project's chronology and
rating scale (examples/own-kinds) built with real WeasyPrint, the PDF's tags read with
pikepdf, the web page opened in Chromium and checked with axe-core, the page budget and the
incremental build as for any kind."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from playwright.sync_api import Browser

from briefgen.content.config import load_project
from briefgen.content.kinds import DeclaredKind, briefing_model, load_kinds
from briefgen.content.load import load_briefing
from briefgen.pipeline import build
from briefgen.render.meta import page_meta
from briefgen.render.renderer import HeadingLevels
from briefgen.steps import Steps
from tests.support.browser import axe_violations, horizontal_overflow, open_html, open_page
from tests.support.hosts import embed
from tests.support.project import REPOSITORY, Runner
from tests.support.structure import ListOf, Table, differences, pdf_structure, web_structure
from tests.support.tags import elements
from tests.support.text import html_text, normalise, pdf_text

OWN_KINDS = REPOSITORY / "examples" / "own-kinds"
SLUG = "case-chronology-and-ratings-2025"
PICTURES = Path("/tmp/briefgen-own-kinds")


def copied(target: Path) -> Path:
    shutil.copytree(OWN_KINDS, target, ignore=shutil.ignore_patterns("output", "schema"))
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project with its own kinds, built: its briefing's output folder."""
    folder = copied(tmp_path_factory.mktemp("own") / "own-kinds")
    report = build(load_project(folder))
    assert not report.failed, [outcome.error for outcome in report.failed]
    return folder / "output" / SLUG


def declared_blocks() -> list[DeclaredKind]:
    source = OWN_KINDS / "content" / f"{SLUG}.yaml"
    model = briefing_model(load_kinds(OWN_KINDS))
    loaded = load_briefing(source, within=[OWN_KINDS], model=model)
    return [block for _, block in loaded.briefing.blocks() if isinstance(block, DeclaredKind)]


def test_the_example_keeps_to_its_two_pages(built: Path) -> None:
    with pikepdf.open(built / f"{SLUG}.pdf") as pdf:
        assert len(pdf.pages) == 2


@pytest.mark.parametrize("output", [f"{SLUG}.pdf", "index.html", "fragment.html"])
def test_each_declared_kind_carries_its_words_in_every_output(built: Path, output: str) -> None:
    path = built / output
    text = pdf_text(path) if output.endswith(".pdf") else html_text(path)
    words = [normalise(word) for block in declared_blocks() for word in block.words() if word]
    assert "requires improvement" in words
    assert [word for word in words if word not in text] == []


def test_the_pdf_tags_the_chronology_as_a_list_and_the_ratings_as_a_table(built: Path) -> None:
    with pikepdf.open(built / f"{SLUG}.pdf") as pdf:
        tree = list(elements(pdf.Root.StructTreeRoot.K))
        kinds = [str(element.S) for element in tree]
    assert kinds.count("/LI") >= 5
    parts = pdf_structure(built / f"{SLUG}.pdf")
    events = [part for part in parts if isinstance(part, ListOf) and len(part.markers) == 5]
    assert events, parts
    (ratings,) = [part for part in parts if isinstance(part, Table)]
    assert ratings.rows == 5
    assert "/TH" in kinds


@pytest.mark.browser
def test_the_web_page_has_the_structure_of_the_pdf_and_passes_axe(
    browser: Browser, built: Path
) -> None:
    PICTURES.mkdir(exist_ok=True)
    for width in (1280, 320):
        page = open_page(browser, (built / "index.html").as_uri(), width=width)
        assert [str(violation) for violation in axe_violations(page)] == []
        assert horizontal_overflow(page) == []
        page.screenshot(path=str(PICTURES / f"page-{width}.png"), full_page=True)
        if width == 1280:
            web = web_structure(page)
            assert differences(pdf_structure(built / f"{SLUG}.pdf"), web) == []
        page.close()


@pytest.mark.browser
def test_a_rating_on_the_web_prints_its_word_on_its_colour(browser: Browser, built: Path) -> None:
    page = open_page(browser, (built / "index.html").as_uri())
    label = page.locator(".bg-rating-inadequate")
    assert label.inner_text() == "inadequate"
    colour = label.evaluate("element => getComputedStyle(element).backgroundColor")
    assert colour == "rgb(176, 0, 32)"  # #B00020, as rating_scale.yaml declares it
    page.close()


def test_the_page_budget_names_a_declared_kind_and_its_items(
    tmp_path: Path, briefgen_main: Runner
) -> None:
    folder = copied(tmp_path / "own-kinds")
    source = folder / "content" / f"{SLUG}.yaml"
    events = "".join(
        f"            - date: 2024-05-{day:02}\n"
        f"              event: A review of the plan with every agency, on day {day} of the month, "
        "which looked again at the baby's care, who lives at home and who visits, and at "
        "what each agency had seen and recorded since the last review of the plan.\n"
        for day in range(1, 17)
    )
    section = f"  - blocks:\n      - chronology:\n          events:\n{events}"
    source.write_text(source.read_text().replace("\npractice:", f"\n{section}\npractice:"))
    result = briefgen_main("check", "--project", folder)
    assert result.code == 1
    assert re.search(r"over the 2-page budget: The chronology \(events \d+-16\)", result.err), (
        result.err
    )


def test_a_change_to_a_kind_rebuilds_the_briefings(tmp_path: Path) -> None:
    folder = copied(tmp_path / "own-kinds")
    assert not build(load_project(folder)).failed
    again = build(load_project(folder))
    assert [outcome.unchanged for outcome in again.outcomes] == [True]
    declaration = folder / "templates" / "blocks" / "rating_scale.yaml"
    declaration.write_text(declaration.read_text().replace("#B00020", "#A00020"))
    after_declaration = build(load_project(folder))
    assert [outcome.unchanged for outcome in after_declaration.outcomes] == [False]
    template = folder / "templates" / "blocks" / "chronology.html.j2"
    template.write_text(template.read_text().replace("bg-chronology-title", "bg-chronology-head"))
    after_template = build(load_project(folder))
    assert [outcome.unchanged for outcome in after_template.outcomes] == [False]
    assert "bg-chronology-head" in (folder / "output" / SLUG / "index.html").read_text()


@pytest.mark.browser
def test_a_kind_template_that_axe_fails_fails_the_build_at_its_line(
    browser: Browser, tmp_path: Path, briefgen_main: Runner
) -> None:
    """The web page the template would draw, rendered without the build's check, fails axe;
    the build refuses the same template, at the line that drew what axe found."""
    folder = copied(tmp_path / "own-kinds")
    template = folder / "templates" / "blocks" / "chronology.html.j2"
    mark = "<img class=\"bg-chronology-mark\" src=\"{{ icon('dot', '#00558C') }}\">"
    template.write_text(template.read_text().replace("<ol ", f"{mark}\n<ol ", 1))
    line = template.read_text().splitlines().index(mark) + 1
    steps = Steps.start(load_project(folder))
    view = steps.present(steps.read(folder / "content" / f"{SLUG}.yaml"), SLUG)
    unchecked = steps.renderer.render(  # the web page as render_page makes it, unchecked
        "page.html.j2",
        "page",
        logo_src=None,
        briefing=view,
        levels=HeadingLevels.starting_at(1),
        pdf_size="30 KB",
        pdf_href=f"{SLUG}.pdf",
        record_size=None,
        record_href=None,
        bilingual_href=None,
        library_href="../",
        meta=page_meta(view, steps.project.config),
    )
    page = open_html(browser, unchecked)
    assert [violation.rule for violation in axe_violations(page)] == ["image-alt"]
    page.close()
    result = briefgen_main("build", "--project", folder)
    assert result.code == 1
    assert (
        f"templates/blocks/chronology.html.j2:{line}: the kind `chronology` draws an image "
        "without a text alternative"
    ) in result.err


@pytest.mark.browser
@pytest.mark.parametrize("fragment", ["fragment-inline.html", "fragment-shadow.html"])
def test_each_rating_keeps_its_own_colour_in_the_fragments_inside_a_host(
    browser: Browser, built: Path, tmp_path: Path, fragment: str
) -> None:
    """The inline fragment carries each rule into style attributes: each word keeps the
    colour its declaration gives it, not the last one declared."""
    host = REPOSITORY / "tests" / "hosts" / "govuk-frontend.html"
    page_file = tmp_path / "host.html"
    page_file.write_text(embed(host, built / fragment), encoding="utf-8")
    page = open_page(browser, page_file.as_uri())
    colours = {
        word: page.locator(f".bg-rating-{word}").first.evaluate(
            "element => getComputedStyle(element).backgroundColor"
        )
        for word in ("good", "inadequate")
    }
    assert colours == {"good": "rgb(46, 125, 50)", "inadequate": "rgb(176, 0, 32)"}
    assert [str(violation) for violation in axe_violations(page)] == []
    page.close()
