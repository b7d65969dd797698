"""The fragment pasted into a host page (tests/hosts), in Chromium: safe both ways.

A host page is modelled on a WordPress theme whose base styles reach every
element. The fragment must leave every host element exactly as it was, keep its
own look under the host's styles, stay accessible inside the page, and sit beside
a second fragment on the same page without a clash.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from briefgen.names import file_size
from briefgen.render.renderer import Renderer
from tests.support.browser import (
    TOLERANCE,
    apply_text_spacing,
    axe_violations,
    clipped_text,
    heading_levels,
    horizontal_overflow,
    open_html,
    overlapping_text,
    small_targets,
    styles_outside,
    styles_within,
    tab_through,
)
from tests.support.hosts import HOSTS, MARKER, embed, host_html
from tests.support.project import (
    EXAMPLES,
    REPOSITORY,
    SECOND_SLUG,
    SEED_SLUG,
    SEED_TITLE,
    WebBuild,
)

pytestmark = pytest.mark.browser


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
    without = open_html(browser, host_html(host), width=width)
    with_fragment = open_html(browser, embed(host, web_build.fragment(SEED_SLUG)), width=width)
    before = styles_outside(without, ".briefgen", properties)
    after = styles_outside(with_fragment, ".briefgen", properties)
    assert len(before) > 15
    assert [element["element"] for element in after] == [element["element"] for element in before]
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert changed == []
    bullets_before = styles_outside(without, ".briefgen", MARKERS, "::before")
    bullets_after = styles_outside(with_fragment, ".briefgen", MARKERS, "::before")
    if host.stem == "wordpress-classic":  # the host whose list items draw ::before bullets
        assert any(bullet["content"] == '"•"' for bullet in bullets_before)
    assert bullets_after == bullets_before
    without.close()
    with_fragment.close()


def alone(fragment: str, width: float) -> str:
    """A page with nothing but the fragment, in a column `width` CSS px wide."""
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head><meta charset="utf-8"><title>Alone</title>'
        f'</head>\n<body style="margin: 0">\n<main style="width: {width}px">\n{fragment}\n'
        "</main>\n</body>\n</html>\n"
    )


def root_width(page: Page, root: str = ".briefgen") -> float:
    """The width the fragment's root takes in the page: the column it adapts to."""
    width: float = page.locator(root).first.evaluate("root => root.getBoundingClientRect().width")
    return width


def differences(
    first: list[dict[str, str]], second: list[dict[str, str]]
) -> list[tuple[str, str, str, str]]:
    """The computed values that differ between two lists of the same elements."""
    assert [element["element"] for element in second] == [element["element"] for element in first]
    return [
        (element["element"], name, value, other[name])
        for element, other in zip(first, second, strict=True)
        for name, value in element.items()
        if other[name] != value
    ]


def test_the_fragment_looks_as_on_its_own_page(
    browser: Browser, web_build: WebBuild, embedded: Page
) -> None:
    """Under the host's style sheets (real GOV.UK Frontend and Bootstrap among them), every
    element of the briefing computes as the fragment alone in a column of the same width:
    type, colours, spacing, lists and markers."""
    fragment = web_build.fragment(SEED_SLUG).read_text()
    reference = open_html(browser, alone(fragment, root_width(embedded)))
    properties = TYPOGRAPHY + BOX + SVG
    own = styles_within(reference, ".briefgen", properties)
    inside = styles_within(embedded, ".briefgen", properties)
    assert len(own) > 80
    assert differences(own, inside) == []
    # No generated content: with `content: none` there is no box, whatever else is set.
    for pseudo in ("::before", "::after"):
        generated = styles_within(reference, ".briefgen", ["content"], pseudo)
        assert styles_within(embedded, ".briefgen", ["content"], pseudo) == generated
    reference.close()


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


def test_the_host_text_size_toggle_enlarges_the_briefing_too(
    browser: Browser, web_build: WebBuild
) -> None:
    """The briefing's size is in rem, so a host's text-size toggle (which sets the root
    font size) reaches it, as it reaches the host's own text (the WordPress host has one)."""
    host = REPOSITORY / "tests" / "hosts" / "wordpress-classic.html"
    embedded = open_html(browser, embed(host, web_build.fragment(SEED_SLUG)))
    sizes = """() => [document.querySelector('.entry-title'),
                      document.querySelector('.briefgen .bg-item')]
                 .map(element => parseFloat(getComputedStyle(element).fontSize))"""
    before = embedded.evaluate(sizes)
    embedded.get_by_role("button", name="Larger text").click()
    after = embedded.evaluate(sizes)
    assert after[0] == pytest.approx(before[0] * 1.25)
    assert after[1] == pytest.approx(before[1] * 1.25)
    embedded.close()


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


BOOTSTRAP = REPOSITORY / "tests" / "hosts" / "bootstrap.html"

_WIDEST_ELEMENT = """root => {
  const column = root.parentElement.getBoundingClientRect();
  return [...root.querySelectorAll('*')]
    .filter(element => !element.closest('.bg-visually-hidden'))
    .map(element => element.getBoundingClientRect())
    .filter(box => box.width > 0)
    .reduce((widest, box) => Math.max(widest, box.right - column.left), 0) - column.width;
}"""


def in_column(fragment: str, width: int) -> str:
    """The Bootstrap host page with the fragment in a column `width` CSS px wide."""
    column = f'<div class="fragment-column" style="width: {width}px">\n{fragment}\n</div>'
    return embed_text(host_html(BOOTSTRAP), column)


def embed_text(host: str, fragment: str) -> str:
    assert host.count(MARKER) == 1
    return host.replace(MARKER, fragment)


def column_layout(page: Page) -> dict[str, float]:
    """What tells the fragment's layouts apart, in CSS px; and how far its widest element
    reaches past the column (0 or less: nothing is wider)."""
    sizes: dict[str, float] = page.evaluate(
        """() => {
          const value = (selector, property) => parseFloat(
            getComputedStyle(document.querySelector(selector)).getPropertyValue(property));
          return {title: value('.bg-title', 'font-size'),
                  band: value('.bg-band', 'padding-left'),
                  question: value('.bg-question', 'font-size')};
        }"""
    )
    sizes["beyond"] = page.locator(".briefgen").evaluate(_WIDEST_ELEMENT)
    return sizes


def test_the_fragment_takes_the_layout_of_its_column_not_of_the_window(
    browser: Browser, web_build: WebBuild
) -> None:
    """In a 1280 px window, a 300 px column gets the narrow layout (a title of at most
    28 px, nothing wider than the column), a 600 px one the medium layout (tighter boxes,
    type as wide), a 1000 px one the wide layout."""
    fragment = web_build.fragment(SEED_SLUG).read_text()
    layouts = {}
    for width in (300, 600, 1000):
        page = open_html(browser, in_column(fragment, width), width=1280)
        layouts[width] = column_layout(page)
        assert horizontal_overflow(page) == []
        page.close()
    narrow, medium, wide = layouts[300], layouts[600], layouts[1000]
    assert narrow["title"] <= 28
    assert narrow["beyond"] <= TOLERANCE
    assert medium["beyond"] <= TOLERANCE
    assert medium["title"] == wide["title"] == pytest.approx(2.3 * 18)
    assert medium["question"] == wide["question"]
    assert narrow["band"] < medium["band"] < wide["band"]


# The main elements of a briefing, by which its variants are compared: the title, a section
# heading, a finding with its icon, the questions call-out, the key message, the download link.
MAIN_ELEMENTS = [
    ".bg-band",
    ".bg-logo",
    ".bg-title",
    ".bg-label",
    ".bg-heading",
    ".bg-group-heading",
    ".bg-item",
    ".bg-practice",
    ".bg-question",
    ".bg-key-message",
    ".bg-key-text",
    ".bg-resource a",
    ".bg-download-link",
]
STRIPPABLE = re.compile(r"<style\b.*?</style>|<link\b[^>]*>", re.DOTALL | re.IGNORECASE)


def main_styles(page: Page, shadow_host: str | None = None) -> dict[str, dict[str, str]]:
    """The computed type, colours, boxes and icons of the briefing's main elements."""
    return {
        selector: page.evaluate(
            """([selector, properties, host]) => {
              const scope = host ? document.querySelector(host).shadowRoot : document;
              const style = getComputedStyle(scope.querySelector('.briefgen ' + selector));
              return Object.fromEntries(properties.map(name =>
                [name, style.getPropertyValue(name)]));
            }""",
            [selector, TYPOGRAPHY + BOX, shadow_host],
        )
        for selector in MAIN_ELEMENTS
    }


def test_the_inline_fragment_keeps_its_look_where_every_style_sheet_is_stripped(
    browser: Browser, web_build: WebBuild
) -> None:
    """A CMS that strips <style> (and <link>) leaves the inline fragment as the plain
    fragment looks in a styled host: its style is in its elements' style attributes."""
    host = REPOSITORY / "tests" / "hosts" / "wordpress-classic.html"
    styled = open_html(browser, embed(host, web_build.fragment(SEED_SLUG)))
    inline = web_build.fragment(SEED_SLUG, "fragment-inline.html").read_text()
    stripped_host = STRIPPABLE.sub("", embed_text(host_html(host), inline))
    assert "<style" not in stripped_host
    stripped = open_html(browser, stripped_host)
    expected, found = main_styles(styled), main_styles(stripped)
    assert expected[".bg-item"]["background-image"].startswith('url("data:image/svg+xml,')
    assert found == expected
    assert [str(violation) for violation in axe_violations(stripped, ".briefgen")] == []
    styled.close()
    stripped.close()


def test_the_inline_fragment_has_no_style_element_and_no_custom_property(
    web_build: WebBuild,
) -> None:
    """Nothing for a CMS to strip, and nothing for a style-attribute filter to refuse."""
    inline = web_build.fragment(SEED_SLUG, "fragment-inline.html").read_text()
    assert "<style" not in inline
    assert "--bg-" not in inline
    assert "var(" not in inline
    assert inline.count('style="') > 50


@pytest.mark.parametrize("width", [300, 1000])
def test_the_inline_fragment_is_one_column_that_fits_any_width(
    browser: Browser, web_build: WebBuild, width: int
) -> None:
    inline = web_build.fragment(SEED_SLUG, "fragment-inline.html").read_text()
    page = open_html(browser, STRIPPABLE.sub("", in_column(inline, width)), width=1280)
    assert page.locator(".briefgen").evaluate(_WIDEST_ELEMENT) <= TOLERANCE
    assert horizontal_overflow(page) == []
    assert clipped_text(page) == []
    assert overlapping_text(page) == []
    page.close()


HOSTILE = REPOSITORY / "tests" / "hosts" / "strong" / "important-rules.html"


def test_id_and_important_rules_of_the_host_reach_the_plain_fragment(
    browser: Browser, web_build: WebBuild
) -> None:
    """The limit of the plain fragment that the README states, shown: the hostile host
    does change it (so that the tests of the inline and shadow fragments under it show
    something)."""
    page = open_html(browser, embed(HOSTILE, web_build.fragment(SEED_SLUG)))
    title = main_styles(page)[".bg-title"]
    assert (title["text-transform"], title["color"]) == ("uppercase", "rgb(128, 0, 128)")
    page.close()


# What a reader must be able to set (WCAG 1.4.12): the inline fragment leaves it to the page.
TEXT_SPACING = {"line-height", "letter-spacing", "word-spacing"}


@pytest.mark.parametrize("width", [320, 1280])
def test_the_inline_fragment_keeps_its_look_under_id_and_important_rules(
    browser: Browser, web_build: WebBuild, width: int
) -> None:
    """Every declaration of its style attributes is `!important`, which outweighs every rule
    of the page's, `!important` or not: under the host's `#content` rules and
    `a { color: red !important; background: blue !important }`, the download button keeps
    the brand's colours and every element computes as in the same page stripped of its
    style sheet, but for its text spacing, which the host may change as a reader must be
    able to; axe finds nothing."""
    hostile = embed(HOSTILE, web_build.fragment(SEED_SLUG, "fragment-inline.html"))
    page = open_html(browser, hostile, width=width)
    palette = Renderer(web_build.project).palette
    button = main_styles(page)[".bg-download-link"]
    assert (button["color"], button["background-color"]) == (
        css_rgb(palette.on_primary),
        css_rgb(palette.primary),
    )
    reference = open_html(browser, STRIPPABLE.sub("", hostile), width=width)
    properties = [name for name in TYPOGRAPHY + BOX + SVG if name not in TEXT_SPACING]
    everything = styles_within(page, ".briefgen", properties)
    assert len(everything) > 80
    assert differences(styles_within(reference, ".briefgen", properties), everything) == []
    assert [str(violation) for violation in axe_violations(page)] == []
    page.close()
    reference.close()


@pytest.mark.parametrize("width", [1280, 320])
def test_the_inline_fragment_passes_axe_inside_each_real_host(
    browser: Browser, web_build: WebBuild, host: Path, width: int
) -> None:
    inline = web_build.fragment(SEED_SLUG, "fragment-inline.html")
    page = open_html(browser, embed(host, inline), width=width)
    assert [str(violation) for violation in axe_violations(page)] == []
    assert horizontal_overflow(page) == []
    page.close()


def test_the_shadow_fragment_is_out_of_reach_of_id_and_important_rules(
    browser: Browser, web_build: WebBuild
) -> None:
    """In its shadow root the briefing computes as the plain fragment alone, in a column of
    the same width, under a host whose rules carry ids and !important; axe finds nothing
    inside it (axe-core looks inside shadow roots)."""
    shadow = web_build.fragment(SEED_SLUG, "fragment-shadow.html")
    page = open_html(browser, embed(HOSTILE, shadow))
    width = root_width(page, ".briefgen-host")
    reference = open_html(browser, alone(web_build.fragment(SEED_SLUG).read_text(), width))
    assert main_styles(page, ".briefgen-host") == main_styles(reference)
    properties = TYPOGRAPHY + BOX + SVG
    everything = styles_within(page, ".briefgen", properties, shadow_host=".briefgen-host")
    assert len(everything) > 80
    assert differences(styles_within(reference, ".briefgen", properties), everything) == []
    assert [str(violation) for violation in axe_violations(page, ".briefgen-host")] == []
    page.close()
    reference.close()


def test_the_shadow_fragment_is_read_without_script(
    browser: Browser, web_build: WebBuild, tmp_path: Path
) -> None:
    """A declarative shadow root is made by the HTML parser: no script runs or is needed."""
    page_file = tmp_path / "host.html"
    page_file.write_text(embed(HOSTILE, web_build.fragment(SEED_SLUG, "fragment-shadow.html")))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(page_file.as_uri())
    title = page.get_by_role("heading", name=SEED_TITLE, level=2)
    assert title.is_visible()
    assert page.get_by_role("link", name=re.compile("^Download the briefing")).is_visible()
    context.close()


@pytest.mark.parametrize(
    "column",
    ['<div style="display: flex">{}</div>', '<div style="display: grid">{}</div>', "<div>{}</div>"],
    ids=["flex", "grid", "block"],
)
def test_the_fragment_fills_a_flex_or_grid_column_too(
    browser: Browser, web_build: WebBuild, column: str
) -> None:
    """A container's width does not follow its content: without a width of its own the
    fragment would shrink to nothing in a host's flex or grid layout."""
    fragment = web_build.fragment(SEED_SLUG).read_text()
    page = open_html(browser, f"<main>{column.format(fragment)}</main>", width=1000)
    assert root_width(page) == pytest.approx(40 * 18)  # its widest: 40em of 18 px
    page.close()


@pytest.mark.parametrize("host", HOSTS, ids=[host.stem for host in HOSTS])
def test_the_inline_fragment_keeps_the_hosts_focus_style(
    browser: Browser, web_build: WebBuild, host: Path
) -> None:
    """Style attributes cannot say how a link looks with focus: the host's focus style shows.
    A link's `!important` colours and background outweigh the host's focus colours, and
    leave it its shadow and outline: GOV.UK Frontend's yellow line above and black bar
    below, a WordPress or Bootstrap theme's outline."""
    inline = web_build.fragment(SEED_SLUG, "fragment-inline.html")
    page = open_html(browser, embed(host, inline))
    focusable, stops = tab_through(page)
    assert [stop.name for stop in stops] == focusable
    assert [stop for stop in stops if not stop.visibly_focused] == []
    page.close()


def test_the_shadow_fragment_shows_focus_from_the_keyboard(
    browser: Browser, web_build: WebBuild
) -> None:
    """Each link inside the shadow root, reached with the Tab key, takes the fragment's
    focus style, whatever the host's `a { ... !important }` says."""
    shadow = web_build.fragment(SEED_SLUG, "fragment-shadow.html")
    page = open_html(browser, embed(HOSTILE, shadow))
    focused: list[list[str]] = []
    for _ in range(12):
        page.keyboard.press("Tab")
        style = page.evaluate(
            """() => {
              const inside = document.activeElement?.shadowRoot?.activeElement;
              if (!inside) return null;
              const style = getComputedStyle(inside);
              return [inside.textContent.trim().slice(0, 20), style.outlineStyle,
                      style.outlineWidth, style.outlineColor, style.backgroundColor];
            }"""
        )
        if style is None and focused:
            break
        if style is not None:
            focused.append(style)
    assert len(focused) == 4  # two resources, the download link and the discussion record
    assert {tuple(style[1:]) for style in focused} == {
        ("solid", "3px", "rgb(11, 12, 12)", "rgb(255, 221, 0)")
    }
    page.close()


VARIANTS = ("fragment", "fragment-inline", "fragment-shadow")


@pytest.mark.parametrize("slug", EXAMPLES)
@pytest.mark.parametrize("variant", VARIANTS)
def test_every_example_in_every_variant_passes_axe_inside_the_govuk_host(
    browser: Browser, examples_build: Path, slug: str, variant: str
) -> None:
    """Every kind of block, in each variant of the fragment, inside the real GOV.UK
    Frontend host page: at the width of a phone, where the layouts are tightest."""
    host = REPOSITORY / "tests" / "hosts" / "govuk-frontend.html"
    page = open_html(browser, embed(host, examples_build / slug / f"{variant}.html"), width=320)
    assert [str(violation) for violation in axe_violations(page)] == []
    page.close()
