"""The fragment pasted into a host page (tests/hosts), in Chromium: safe both ways.

A host page is modelled on a WordPress theme whose base styles reach every
element. The fragment must leave every host element exactly as it was, keep its
own look under the host's styles, stay accessible inside the page, and sit beside
a second fragment on the same page without a clash.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from briefgen.build import file_size
from briefgen.render import Renderer
from tests.conftest import REPOSITORY, SECOND_SLUG, SEED_SLUG, WebBuild
from tests.web_checks import (
    apply_text_spacing,
    axe_violations,
    clipped_text,
    heading_levels,
    horizontal_overflow,
    open_html,
    open_page,
    overlapping_text,
    small_targets,
    styles_outside,
    styles_within,
    tab_through,
)

pytestmark = pytest.mark.browser

HOSTS = sorted((REPOSITORY / "tests" / "hosts").glob("*.html"))
MARKER = "<!-- briefgen:fragment -->"

# What a theme's base styles set, and what the reader sees of it.
TYPOGRAPHY = [
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "line-height",
    "color",
    "text-transform",
    "text-align",
    "text-indent",
    "letter-spacing",
    "word-spacing",
    "hyphens",
    "text-decoration-line",
    "text-shadow",
]
BOX = [
    "display",
    "position",
    "float",
    "box-sizing",
    "margin-top",
    "margin-bottom",
    "padding-top",
    "padding-right",
    "padding-bottom",
    "padding-left",
    "border-top-width",
    "border-right-width",
    "border-bottom-width",
    "border-left-width",
    "border-top-left-radius",
    "background-color",
    "background-image",
    "box-shadow",
    "list-style-type",
    "vertical-align",
]
# What an SVG's shapes inherit when their presentation attributes leave it open.
SVG = ["fill", "stroke"]
MARKERS = ["content", "display", "position"]
# The host's own layout too: the fragment must not move a host element sideways or resize it.
HOST_LAYOUT = ["width", "margin-left", "margin-right"]


def embed(host: Path, *fragments: Path) -> str:
    """The host page with the fragments pasted in at its marker, as a web team would."""
    html = host.read_text()
    assert html.count(MARKER) == 1
    return html.replace(MARKER, "\n".join(fragment.read_text() for fragment in fragments))


@pytest.fixture(params=HOSTS, ids=[host.stem for host in HOSTS])
def host(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    return path


@pytest.fixture
def embedded(browser: Browser, web_build: WebBuild, host: Path) -> Iterator[Page]:
    """The host page with the seed's fragment in it, 1280 px wide."""
    page = open_html(browser, embed(host, web_build.fragment(SEED_SLUG)))
    yield page
    page.close()


def test_there_is_a_host_page() -> None:
    assert HOSTS, "tests/hosts/*.html: at least one host page"


@pytest.mark.parametrize("width", [1280, 320])
def test_the_host_keeps_every_style_of_its_own_elements(
    browser: Browser, web_build: WebBuild, host: Path, width: int
) -> None:
    """The fragment's style sheet restyles nothing outside it: every host element, and
    every ::before bullet, computes the same with the fragment in the page as without."""
    properties = TYPOGRAPHY + BOX + HOST_LAYOUT
    without = open_html(browser, host.read_text(), width=width)
    with_fragment = open_html(browser, embed(host, web_build.fragment(SEED_SLUG)), width=width)
    before = styles_outside(without, ".briefgen", properties)
    after = styles_outside(with_fragment, ".briefgen", properties)
    assert len(before) > 40
    assert [element["element"] for element in after] == [element["element"] for element in before]
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert changed == []
    bullets_before = styles_outside(without, ".briefgen", MARKERS, "::before")
    bullets_after = styles_outside(with_fragment, ".briefgen", MARKERS, "::before")
    assert any(bullet["content"] == '"•"' for bullet in bullets_before)
    assert bullets_after == bullets_before
    without.close()
    with_fragment.close()


def test_the_fragment_looks_as_on_its_own_page(
    browser: Browser, web_build: WebBuild, embedded: Page
) -> None:
    """Under the host's base styles, every element of the briefing computes as in the
    standalone page: type, colours, spacing, lists and markers (widths aside: the host's
    column is its own). The standalone page loads the bundled font, which a fragment
    cannot (it has no @font-face), so the font is compared as declared."""
    standalone = open_page(browser, web_build.page(SEED_SLUG).as_uri())
    properties = TYPOGRAPHY + BOX + SVG
    alone = styles_within(standalone, ".briefgen", properties)
    inside = styles_within(embedded, ".briefgen", properties)
    assert len(alone) > 80
    assert [element["element"] for element in inside] == [element["element"] for element in alone]
    differences = [
        (element["element"], name, alone_value, element[name])
        for element, own in zip(inside, alone, strict=True)
        for name, alone_value in own.items()
        if element[name] != alone_value
    ]
    assert differences == []
    # No generated content: with `content: none` there is no box, whatever else is set.
    for pseudo in ("::before", "::after"):
        generated = styles_within(standalone, ".briefgen", ["content"], pseudo)
        assert styles_within(embedded, ".briefgen", ["content"], pseudo) == generated
    standalone.close()


def test_the_title_list_items_and_links_keep_the_briefing_style(
    web_build: WebBuild, embedded: Page
) -> None:
    palette = Renderer(web_build.project).palette
    title = embedded.locator(".briefgen .bg-title")
    assert title.evaluate("element => element.tagName") == "H2"
    style = title.evaluate(
        """element => { const style = getComputedStyle(element);
            return [style.fontFamily, style.color, style.fontSize, style.textTransform,
                    style.letterSpacing]; }"""
    )
    assert style[0].startswith('"Briefgen Sans"')
    assert style[1] == css_rgb(palette.text)
    assert style[2] == f"{2.3 * 18:g}px"  # 2.3em of the web size, 18 px
    assert style[3:] == ["none", "normal"]
    bullets = embedded.locator(".briefgen li").evaluate_all(
        """items => items.map(item => [getComputedStyle(item, '::before').content,
                                      getComputedStyle(item).listStyleType])"""
    )
    assert len(bullets) > 10
    assert set(map(tuple, bullets)) == {("none", "none")}
    link = embedded.locator(".briefgen .bg-resource a").first
    assert link.evaluate("element => getComputedStyle(element).color") == css_rgb(palette.primary)
    assert link.evaluate("element => getComputedStyle(element).borderBottomWidth") == "0px"
    assert link.evaluate("element => getComputedStyle(element).boxShadow") == "none"


def css_rgb(colour: str) -> str:
    red, green, blue = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_no_violation_in_the_host_page_with_the_fragment(
    browser: Browser, web_build: WebBuild, host: Path, width: int
) -> None:
    page = open_html(browser, embed(host, web_build.fragment(SEED_SLUG)), width=width)
    assert [str(violation) for violation in axe_violations(page)] == []
    page.close()


def test_the_host_page_with_the_fragment_reflows_at_320_css_pixels(
    browser: Browser, web_build: WebBuild, host: Path
) -> None:
    page = open_html(browser, embed(host, web_build.fragment(SEED_SLUG)), width=320, height=640)
    assert horizontal_overflow(page) == []
    assert clipped_text(page) == []
    apply_text_spacing(page)
    assert horizontal_overflow(page) == []
    assert clipped_text(page) == []
    assert overlapping_text(page) == []
    page.close()


def test_the_fragment_is_usable_from_the_keyboard_inside_the_host(embedded: Page) -> None:
    focusable, stops = tab_through(embedded)
    assert [stop.name for stop in stops] == focusable
    assert [stop for stop in stops if not stop.visibly_focused] == []
    assert small_targets(embedded) == []


def test_the_fragment_headings_follow_the_host_h1(embedded: Page) -> None:
    levels = heading_levels(embedded)
    assert levels.count(1) == 1
    assert levels[0] == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))
    assert heading_levels(embedded, ".briefgen")[0] == 2


def test_the_host_text_size_toggle_enlarges_the_briefing_too(embedded: Page) -> None:
    """The briefing's size is in rem, so a host's text-size toggle (which sets the root
    font size) reaches it, as it reaches the host's own text."""
    sizes = """() => [document.querySelector('.entry-title'),
                      document.querySelector('.briefgen .bg-item')]
                 .map(element => parseFloat(getComputedStyle(element).fontSize))"""
    before = embedded.evaluate(sizes)
    embedded.get_by_role("button", name="Larger text").click()
    after = embedded.evaluate(sizes)
    assert after[0] == pytest.approx(before[0] * 1.25)
    assert after[1] == pytest.approx(before[1] * 1.25)


@pytest.fixture
def two_fragments(browser: Browser, web_build: WebBuild, host: Path) -> Iterator[Page]:
    """The host page with the fragments of both briefings, one after the other."""
    fragments = [web_build.fragment(slug) for slug in (SEED_SLUG, SECOND_SLUG)]
    page = open_html(browser, embed(host, *fragments))
    yield page
    page.close()


def test_two_fragments_on_one_page_share_no_id(two_fragments: Page) -> None:
    ids = two_fragments.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) > 20
    assert sorted(ids) == sorted(set(ids))
    assert two_fragments.locator(".briefgen").count() == 2
    # Every reference by id (labels, captions) points into its own briefing.
    references = two_fragments.evaluate(
        """() => [...document.querySelectorAll('[aria-labelledby]')].map(element =>
            [element.closest('.briefgen') === document.getElementById(
               element.getAttribute('aria-labelledby')).closest('.briefgen')])"""
    )
    assert references
    assert all(same for (same,) in references)


SEED_TITLE = "Children under two with repeated contacts and referrals"
SECOND_TITLE = "Working with fathers and male carers"


def test_two_fragments_on_one_page_pass_axe_and_name_their_links_apart(
    two_fragments: Page, web_build: WebBuild
) -> None:
    assert [str(violation) for violation in axe_violations(two_fragments)] == []
    names: dict[str, set[str]] = {}
    for name, href in two_fragments.locator("a[href]").evaluate_all(
        "links => links.map(link => [link.textContent.replace(/\\s+/g, ' ').trim(), link.href])"
    ):
        names.setdefault(name, set()).add(href)
    assert {name: hrefs for name, hrefs in names.items() if len(hrefs) > 1} == {}
    downloads = two_fragments.locator(".bg-download-link").all_text_contents()
    assert [" ".join(name.split()) for name in downloads] == [
        f"Download the briefing (PDF, {size}): {title}"
        for size, title in [
            (file_size(web_build.pdf(SEED_SLUG).stat().st_size), SEED_TITLE),
            (file_size(web_build.pdf(SECOND_SLUG).stat().st_size), SECOND_TITLE),
        ]
    ]
    # On screen the link still reads "Download the briefing (PDF, 34 KB)": the title takes
    # a clipped pixel.
    hidden = two_fragments.locator(".bg-download-link .bg-visually-hidden").first
    box = hidden.bounding_box()
    assert box is not None
    assert (box["width"], box["height"]) == (1, 1)
