"""The web outputs in a real browser (Debian's Chromium): WCAG 2.2 AA, print and the index.

Every briefing page and the index are opened in Chromium and checked with axe-core
and with the layout checks of tests/web_checks.py (reflow, text spacing, zoom,
focus, target size). The pages come from `web_build`: the seed and a second,
newer briefing that uses the parts the seed does not.
"""

from __future__ import annotations

import decimal
import io
import itertools
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pikepdf
import pypdf
import pytest
from playwright.sync_api import Browser, Page

from briefgen.content.config import load_project
from briefgen.names import file_size, record_name
from briefgen.pipeline import build
from briefgen.render.renderer import Renderer, builtin_theme
from tests.support.browser import (
    OpenPages,
    apply_text_spacing,
    axe_violations,
    clipped_text,
    heading_levels,
    horizontal_overflow,
    open_page,
    overlapping_text,
    small_targets,
    tab_through,
    text_sizes,
)
from tests.support.project import (
    EXAMPLES,
    SECOND,
    SECOND_SLUG,
    SEED,
    SEED_SLUG,
    SeedBuild,
    WebBuild,
    copy_example,
)
from tests.support.text import briefing_phrases, normalise

pytestmark = pytest.mark.browser

OUTPUTS = [f"{SEED_SLUG}/index.html", f"{SECOND_SLUG}/index.html", "index.html", "year-2020.html"]
OUTPUT_IDS = ["seed page", "second page", "index", "a filter page"]


def url_of(web_build: WebBuild, output: str) -> str:
    return (web_build.project.output / output).as_uri()


@pytest.fixture(scope="module")
def opened(browser: Browser) -> Iterator[OpenPages]:
    """Tabs shared by the tests that only read a page."""
    pages = OpenPages(browser)
    yield pages
    pages.close()


def test_the_standalone_page_requests_nothing_from_any_host(
    browser: Browser, seed_build: SeedBuild
) -> None:
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(seed_build.page.as_uri(), wait_until="load")
    page.wait_for_load_state("networkidle")
    schemes = {urlsplit(url).scheme for url in requested}
    assert schemes <= {"file", "data"}, requested
    hosts = {urlsplit(url).netloc for url in requested if urlsplit(url).scheme == "file"}
    assert hosts <= {""}
    # The fonts really are in use, from the page itself.
    assert page.evaluate("document.fonts.check('16px \"Briefgen Sans\"')")
    page.close()


@pytest.mark.parametrize("output", OUTPUTS, ids=OUTPUT_IDS)
@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_no_wcag_violation(
    opened: OpenPages, web_build: WebBuild, output: str, width: int
) -> None:
    page = opened(url_of(web_build, output), width)
    assert [str(violation) for violation in axe_violations(page)] == []


@pytest.mark.parametrize("output", OUTPUTS, ids=OUTPUT_IDS)
def test_the_page_reflows_at_320_css_pixels(
    opened: OpenPages, web_build: WebBuild, output: str
) -> None:
    """WCAG 1.4.10: 320 CSS px wide (a 1280 px window at 400%), no sideways scrolling."""
    page = opened(url_of(web_build, output), 320)
    assert horizontal_overflow(page) == []
    assert clipped_text(page) == []


@pytest.mark.parametrize("output", OUTPUTS, ids=OUTPUT_IDS)
@pytest.mark.parametrize("width", [1280, 320])
def test_user_text_spacing_clips_and_overlaps_nothing(
    browser: Browser, web_build: WebBuild, output: str, width: int
) -> None:
    """WCAG 1.4.12: line height 1.5, paragraph spacing 2em, letter 0.12em, word 0.16em."""
    page = open_page(browser, url_of(web_build, output), width=width)
    apply_text_spacing(page)
    spacing = page.evaluate(
        """() => { const style = getComputedStyle(document.querySelector('main p'));
            return [style.fontSize, style.lineHeight, style.letterSpacing, style.wordSpacing,
                    style.marginBottom].map(parseFloat); }"""
    )
    size = spacing[0]
    expected = [1.5 * size, 0.12 * size, 0.16 * size, 2 * size]
    assert spacing[1:] == pytest.approx(expected, abs=0.01)
    assert horizontal_overflow(page) == []
    assert clipped_text(page) == []
    assert overlapping_text(page) == []
    page.close()


@pytest.mark.parametrize("output", OUTPUTS, ids=OUTPUT_IDS)
def test_200_percent_zoom_enlarges_all_text_without_sideways_scrolling(
    browser: Browser, opened: OpenPages, web_build: WebBuild, output: str
) -> None:
    """WCAG 1.4.4 and 1.4.10 at 200% zoom of a 1280 x 900 window.

    Chromium zooms a page by changing how many device pixels a CSS pixel takes:
    at 200% a 1280 px window is 640 CSS px wide, media queries see 640 px, and
    window.devicePixelRatio is 2. A 640 x 450 viewport with a device scale factor
    of 2 is that exactly. CSS `zoom` on the root would not be: media queries and
    viewport units would still see 1280 px. Every text must then be drawn at least
    twice as large as at 100%, that is, at no fewer CSS pixels than before; a size
    in viewport units (vw), which shrinks as the window zooms, would fail.
    """
    sizes_at_100 = text_sizes(opened(url_of(web_build, output)))
    zoomed = open_page(browser, url_of(web_build, output), width=640, height=450, scale=2)
    assert zoomed.evaluate("window.devicePixelRatio") == 2
    assert horizontal_overflow(zoomed) == []
    assert clipped_text(zoomed) == []
    assert overlapping_text(zoomed) == []
    sizes_at_200 = text_sizes(zoomed)
    assert sizes_at_200.keys() == sizes_at_100.keys()
    shrunk = {
        text: (size, sizes_at_200[text])
        for text, size in sizes_at_100.items()
        if sizes_at_200[text] < size
    }
    assert shrunk == {}
    zoomed.close()


@pytest.mark.parametrize("output", OUTPUTS, ids=OUTPUT_IDS)
@pytest.mark.parametrize("width", [1280, 320])
def test_every_link_gets_a_visible_focus_style_from_the_keyboard(
    opened: OpenPages, web_build: WebBuild, output: str, width: int
) -> None:
    """WCAG 2.4.7 and 2.1.1: the Tab key reaches every link, in order, and each shows focus."""
    page = opened(url_of(web_build, output), width)
    focusable, stops = tab_through(page)
    assert len(focusable) >= 3
    assert [stop.name for stop in stops] == focusable
    assert [stop for stop in stops if not stop.visibly_focused] == []


@pytest.mark.parametrize("output", OUTPUTS, ids=OUTPUT_IDS)
@pytest.mark.parametrize("width", [1280, 320])
def test_every_target_is_at_least_24_css_pixels(
    opened: OpenPages, web_build: WebBuild, output: str, width: int
) -> None:
    """WCAG 2.5.8; links inline in a sentence are exempt (see `small_targets`)."""
    page = opened(url_of(web_build, output), width)
    assert small_targets(page) == []


def test_a_link_in_a_sentence_is_exempt_and_still_focusable(
    opened: OpenPages, web_build: WebBuild
) -> None:
    """The second briefing links words inside a finding: exempt from 2.5.8, not from 2.4.7."""
    page = opened(url_of(web_build, f"{SECOND_SLUG}/index.html"))
    inline = page.locator(".bg-item a")
    assert inline.count() == 1
    assert inline.evaluate("element => getComputedStyle(element).display") == "inline"
    # With an impossible minimum, every target that must meet one is reported: all but the
    # two links in running text (the introduction's and the finding's).
    in_sentences = page.locator(".bg-intro a, .bg-item a").all_inner_texts()
    assert len(in_sentences) == 2
    reported = small_targets(page, smallest=10_000)
    assert len(reported) == page.locator("a[href]").count() - 2
    assert not any(text[:30] in problem for text in in_sentences for problem in reported)


@pytest.mark.parametrize("output", OUTPUTS, ids=OUTPUT_IDS)
def test_the_language_is_british_english_and_headings_are_in_order(
    opened: OpenPages, web_build: WebBuild, output: str
) -> None:
    page = opened(url_of(web_build, output))
    assert page.evaluate("document.documentElement.lang") == "en-GB"
    levels = heading_levels(page)
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))


def test_axe_reports_a_logo_without_alt_text(browser: Browser, tmp_path: Path) -> None:
    """The checks can fail: a project's own masthead that drops the logo's alt is caught."""
    folder = copy_example(tmp_path / "project", content=False)
    shutil.copy(SEED, folder / "content" / SEED.name)
    theme_masthead = builtin_theme() / "components" / "masthead.html.j2"
    override = folder / "templates" / "components" / "masthead.html.j2"
    override.parent.mkdir(parents=True)
    original = theme_masthead.read_text()
    broken = re.sub(r'\s+alt="[^"]*"', "", original)
    assert broken != original
    override.write_text(broken)
    project = load_project(folder)
    assert not build(project).failed
    page = open_page(browser, (project.output / SEED_SLUG / "index.html").as_uri())
    violations = axe_violations(page)
    assert [violation.rule for violation in violations] == ["image-alt"]
    (target,) = violations[0].targets
    assert page.locator(target).get_attribute("class") == "bg-logo"
    page.close()


# Printing the web page from the browser (Chromium's own print, not WeasyPrint).


@pytest.fixture(scope="module")
def printed_pages(browser: Browser, web_build: WebBuild) -> dict[str, bytes]:
    """Each briefing page printed by Chromium to A4, background graphics off (its default)."""
    printed = {}
    for slug in web_build.slugs:
        page = open_page(browser, web_build.page(slug).as_uri())
        printed[slug] = page.pdf(format="A4", print_background=False)
        page.close()
    return printed


def page_texts(pdf: bytes) -> list[str]:
    return [normalise(page.extract_text() or "") for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("slug", [SEED_SLUG, SECOND_SLUG])
def test_printing_the_page_gives_at_most_three_a4_pages_with_every_finding(
    printed_pages: dict[str, bytes], slug: str
) -> None:
    pdf = printed_pages[slug]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 3
    for page in reader.pages:
        # A4 is 595.3 x 841.9 pt; Chromium rounds the page to whole CSS pixels.
        size = [float(page.mediabox.width), float(page.mediabox.height)]
        assert size == pytest.approx([595.3, 841.9], abs=1.5)
    texts = page_texts(pdf)
    phrases = briefing_phrases(SEED if slug == SEED_SLUG else SECOND)
    for kind in ("findings", "questions", "resources"):
        for phrase in phrases[kind]:
            # Each one whole on one page: the print style keeps items from breaking.
            assert any(normalise(phrase) in text for text in texts), (kind, phrase)


@pytest.mark.parametrize("slug", [SEED_SLUG, SECOND_SLUG])
def test_the_printout_leaves_out_the_download_button_and_the_page_links(
    printed_pages: dict[str, bytes], web_build: WebBuild, slug: str
) -> None:
    text = " ".join(page_texts(printed_pages[slug]))
    assert "Download the briefing" not in text
    assert "Discussion record for teams" not in text
    assert "All briefings" not in text
    assert f"{web_build.project.config.partnership.name} website" not in text
    assert "Key message" in text


@pytest.mark.parametrize("slug", [SEED_SLUG, SECOND_SLUG])
def test_no_printed_page_ends_with_a_heading(
    printed_pages: dict[str, bytes], web_build: WebBuild, slug: str
) -> None:
    headings = re.findall(r"<h\d[^>]*>([^<]+)</h\d>", web_build.page(slug).read_text())
    assert len(headings) >= 4
    for text in page_texts(printed_pages[slug])[:-1]:
        assert not any(text.endswith(normalise(heading)) for heading in headings), text[-80:]


@dataclass(frozen=True)
class Shape:
    colour: tuple[int, ...]  # RGB, 0 to 255
    width: float
    height: float


PATH_OPERATORS = {"m", "l", "c", "v", "y", "re"}
FILL_OPERATORS = {"f", "f*", "F", "B", "B*", "b", "b*"}


def filled_shapes(pdf: bytes) -> list[Shape]:
    """The shapes a PDF fills (backgrounds, bars; not text), with their colour and extent.

    Chromium draws a page's content in CSS pixels under one scaling, so the extents
    are in CSS pixels; a path's extent is taken from its points, curves' control
    points included, which is enough to tell a band from a bar.
    """
    shapes = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            fill: tuple[int, ...] = (0, 0, 0)
            saved: list[tuple[int, ...]] = []
            points: list[tuple[float, float]] = []
            for instruction in pikepdf.parse_content_stream(page):
                if not isinstance(instruction, pikepdf.ContentStreamInstruction):
                    continue
                operator = str(instruction.operator)
                numbers = [float(value) for value in instruction.operands if _is_number(value)]
                if operator == "q":
                    saved.append(fill)
                elif operator == "Q" and saved:
                    fill = saved.pop()
                elif operator == "rg":
                    fill = tuple(round(value * 255) for value in numbers)
                elif operator == "re":
                    x, y, width, height = numbers
                    points += [(x, y), (x + width, y + height)]
                elif operator in PATH_OPERATORS:
                    points += list(zip(numbers[::2], numbers[1::2], strict=True))
                elif operator in FILL_OPERATORS and points:
                    xs, ys = [x for x, _ in points], [y for _, y in points]
                    shapes.append(Shape(fill, max(xs) - min(xs), max(ys) - min(ys)))
                    points = []
                elif operator == "n":
                    points = []
    return shapes


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | decimal.Decimal)


def test_the_printout_keeps_the_colour_bands(
    printed_pages: dict[str, bytes], web_build: WebBuild
) -> None:
    """The header band and the key message print in the brand colour, and the call-out in
    its tint, without the browser's "background graphics" option (print-color-adjust)."""
    palette = Renderer(web_build.project).palette
    shapes = filled_shapes(printed_pages[SEED_SLUG])
    bands = [shape for shape in shapes if shape.width > 300 and shape.height > 40]
    colours = {shape.colour for shape in bands}
    assert rgb(palette.primary) in colours
    assert rgb(palette.tint) in colours


def rgb(colour: str) -> tuple[int, ...]:
    return tuple(int(colour[index : index + 2], 16) for index in (1, 3, 5))


# The index: the landing page of every briefing.


def test_the_index_lists_briefings_newest_first(opened: OpenPages, web_build: WebBuild) -> None:
    page = opened(web_build.index.as_uri())
    titles = page.locator(".bg-index-title").all_inner_texts()
    assert titles == [
        "Working with fathers and male carers",
        "Children under two with repeated contacts and referrals",
    ]
    dates = page.locator(".bg-index-entry time").evaluate_all(
        "times => times.map(time => time.getAttribute('datetime'))"
    )
    assert dates == ["2023-03", "2020-05"]  # as written, and as the briefing shows them


def test_each_index_entry_gives_title_type_date_audience_and_pdf_size(
    opened: OpenPages, web_build: WebBuild
) -> None:
    page = opened(web_build.index.as_uri())
    entries = page.locator(".bg-index-entry")
    expected = [
        (SECOND_SLUG, "Thematic review", "March 2023", "For designated safeguarding leads"),
        (SEED_SLUG, "Multi-agency audit", "May 2020", "Summary for practitioners and managers"),
    ]
    assert entries.count() == len(expected)
    for number, (slug, kind, date, audience) in enumerate(expected):
        text = normalise(entries.nth(number).inner_text())
        assert kind in text
        assert date in text
        assert audience in text
        size = file_size(web_build.pdf(slug).stat().st_size)
        assert f"(PDF, {size})" in text
        hrefs = entries.nth(number).locator("a").evaluate_all("links => links.map(l => l.href)")
        record = web_build.pdf(slug).with_name(record_name(slug))
        assert hrefs == [
            web_build.page(slug).as_uri(),
            web_build.pdf(slug).as_uri(),
            record.as_uri(),
        ]


def link_names(page: Page, links: str = "a[href]") -> dict[str, set[str]]:
    """Each link's text (its accessible name here: no aria-label is used) and its targets."""
    names: dict[str, set[str]] = {}
    for name, href in page.locator(links).evaluate_all(
        "links => links.map(link => [link.textContent.replace(/\\s+/g, ' ').trim(), link.href])"
    ):
        names.setdefault(name, set()).add(href)
    return names


VAGUE_LINK_TEXT = {"here", "click here", "read more", "more", "download", "link", "pdf"}


@pytest.mark.parametrize("output", OUTPUTS, ids=OUTPUT_IDS)
def test_link_texts_are_unique_and_meaningful(
    opened: OpenPages, web_build: WebBuild, output: str
) -> None:
    """WCAG 2.4.4: one text, one destination; and no text that says nothing alone."""
    page = opened(url_of(web_build, output))
    names = link_names(page)
    assert {name: hrefs for name, hrefs in names.items() if len(hrefs) > 1} == {}
    assert not {name.lower() for name in names} & VAGUE_LINK_TEXT
    assert all(len(name.split()) >= 2 for name in names), names


def test_the_index_links_name_the_briefing_they_lead_to(
    opened: OpenPages, web_build: WebBuild
) -> None:
    page = opened(web_build.index.as_uri())
    names = link_names(page, ".bg-index-entry a[href]")
    assert len(names) == 3 * len(web_build.slugs)  # the page, the PDF, the discussion record
    for name, hrefs in names.items():
        (href,) = hrefs
        slug = href.split("/")[-2]
        title = {SEED_SLUG: "Children under two", SECOND_SLUG: "Working with fathers"}[slug]
        assert title in name


def test_the_index_leads_back_to_the_partnership_website(
    opened: OpenPages, web_build: WebBuild
) -> None:
    page = opened(web_build.index.as_uri())
    website = str(web_build.project.config.partnership.website)
    footer_links = page.locator("footer a").evaluate_all(
        "links => links.map(link => [link.textContent, link.href])"
    )
    assert footer_links == [[f"{web_build.project.config.partnership.name} website", website]]


def test_briefings_of_one_title_get_links_of_different_words(
    browser: Browser, tmp_path: Path
) -> None:
    """The same audit repeated a year later: the index tells the two apart by their dates."""
    folder = copy_example(tmp_path / "project", content=False)
    shutil.copy(SEED, folder / "content" / SEED.name)
    again = folder / "content" / "under-twos-repeat-referrals-2021.yaml"
    again.write_text(SEED.read_text().replace("published: 2020-05", "published: 2021-06"))
    project = load_project(folder)
    assert not build(project).failed
    page = open_page(browser, (project.output / "index.html").as_uri())
    names = link_names(page, ".bg-index-entry a[href]")
    title = "Children under two with repeated contacts and referrals"
    sizes = {
        slug: file_size((project.output / slug / f"{slug}.pdf").stat().st_size)
        for slug in (SEED_SLUG, again.stem)
    }
    records = {
        slug: file_size((project.output / slug / record_name(slug)).stat().st_size)
        for slug in (SEED_SLUG, again.stem)
    }
    assert sorted(names) == [
        f"{title} (June 2021)",
        f"{title} (May 2020)",
        f"Discussion record for teams (Word document, {records[again.stem]}): {title} (June 2021)",
        f"Discussion record for teams (Word document, {records[SEED_SLUG]}): {title} (May 2020)",
        f"Download the briefing (PDF, {sizes[again.stem]}): {title} (June 2021)",
        f"Download the briefing (PDF, {sizes[SEED_SLUG]}): {title} (May 2020)",
    ]
    assert all(len(hrefs) == 1 for hrefs in names.values())
    page.close()


@pytest.mark.parametrize("output", OUTPUTS, ids=OUTPUT_IDS)
def test_the_pdf_size_stays_on_one_line_on_a_phone(
    opened: OpenPages, web_build: WebBuild, output: str
) -> None:
    """The size reads as one unit: never "34" at the end of a line and "KB)" on the next."""
    page = opened(url_of(web_build, output), 320)
    lines = page.locator(".bg-download-size").evaluate_all(
        "sizes => sizes.map(size => size.getClientRects().length)"
    )
    assert lines
    assert set(lines) == {1}


@pytest.mark.parametrize("slug", EXAMPLES)
@pytest.mark.parametrize("width", [1280, 320])
def test_every_example_passes_axe_and_reflows(
    opened: OpenPages, examples_build: Path, slug: str, width: int
) -> None:
    """The page holds the same briefing markup as the fragment, which test_embed checks in
    host pages."""
    page = opened((examples_build / slug / "index.html").as_uri(), width)
    assert [str(violation) for violation in axe_violations(page)] == []
    if width == 320:
        assert horizontal_overflow(page) == []
