"""The library's fragment pasted into host pages (tests/hosts), in Chromium, as the web
team pastes it: in its three variants (index-fragment.html, -inline, -shadow), inside the
real GOV.UK Frontend and Bootstrap style sheets and a WordPress-like theme, and inside a host
whose rules carry ids and !important, where "Download the briefing" turned red on dark blue
(the plain variant still does; the inline and shadow ones keep their colours).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from briefgen.content.config import load_project
from briefgen.render.renderer import LIBRARY_FRAGMENTS, Renderer
from tests.support.browser import (
    axe_violations,
    horizontal_overflow,
    open_html,
    styles_within,
    tab_through,
)
from tests.support.hosts import HOSTS, embed, host_html
from tests.support.project import REPOSITORY

pytestmark = pytest.mark.browser

PLAIN, INLINE, SHADOW = LIBRARY_FRAGMENTS
HOSTILE = REPOSITORY / "tests" / "hosts" / "strong" / "important-rules.html"
WORDPRESS = REPOSITORY / "tests" / "hosts" / "wordpress-classic.html"
STRIPPABLE = re.compile(r"<style\b.*?</style>|<link\b[^>]*>", re.DOTALL | re.IGNORECASE)
SHADOW_HOST = ".briefgen-host"

# What a reader sees of each element: its type, colours and boxes.
LOOK = [
    "font-family",
    "font-size",
    "font-weight",
    "line-height",
    "color",
    "text-transform",
    "text-decoration-line",
    "display",
    "margin-top",
    "margin-bottom",
    "padding-top",
    "padding-left",
    "border-top-width",
    "border-top-color",
    "border-top-left-radius",
    "background-color",
    "list-style-type",
]

# The colours of the first entry's PDF link: the button that turned red on blue.
_DOWNLOAD_COLOURS = """([host]) => {
  const scope = host ? document.querySelector(host).shadowRoot : document;
  const style = getComputedStyle(scope.querySelector('.briefgen a.bg-index-file--pdf'));
  return [style.color, style.backgroundColor];
}"""


def download_colours(page: Page, host: str | None = None) -> tuple[str, str]:
    colour, background = page.evaluate(_DOWNLOAD_COLOURS, [host])
    return colour, background


def css_rgb(colour: str) -> str:
    red, green, blue = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def look_changes(
    expected: list[dict[str, str]], found: list[dict[str, str]]
) -> list[tuple[str, str, str, str]]:
    """The computed values that differ between two lists of the same elements."""
    assert [element["element"] for element in found] == [element["element"] for element in expected]
    return [
        (element["element"], name, value, other[name])
        for element, other in zip(expected, found, strict=True)
        for name, value in element.items()
        if other[name] != value
    ]


@pytest.fixture(scope="module")
def brand(examples_build: Path) -> tuple[str, str]:
    """The text and background colours of the download button: the brand's."""
    palette = Renderer(load_project(examples_build.parent)).palette
    return css_rgb(palette.on_primary), css_rgb(palette.primary)


def test_the_library_fragment_comes_in_three_variants(examples_build: Path) -> None:
    """None runs a script; the inline one has no <style> for a CMS to strip; the shadow one
    holds the library in a declarative shadow root."""
    html = {name: (examples_build / name).read_text(encoding="utf-8") for name in LIBRARY_FRAGMENTS}
    assert not any("<script" in text for text in html.values())
    assert "<style" not in html[INLINE]
    assert "var(" not in html[INLINE]
    assert html[INLINE].count('style="') > 100
    assert '<template shadowrootmode="open">' in html[SHADOW]
    titles = re.compile(r'class="bg-index-title"')
    assert len(titles.findall(html[PLAIN])) == len(titles.findall(html[INLINE])) > 1
    assert len(titles.findall(html[SHADOW])) == len(titles.findall(html[PLAIN]))


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("name", [INLINE, SHADOW])
@pytest.mark.parametrize("host", HOSTS, ids=[host.stem for host in HOSTS])
def test_each_variant_of_the_library_fragment_passes_axe_inside_each_real_host(
    browser: Browser, examples_build: Path, host: Path, name: str, width: int
) -> None:
    page = open_html(browser, embed(host, examples_build / name), width=width)
    assert [str(violation) for violation in axe_violations(page)] == []
    assert horizontal_overflow(page) == []
    page.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_the_shadow_library_is_out_of_reach_of_id_and_important_rules(
    browser: Browser, examples_build: Path, brand: tuple[str, str], width: int
) -> None:
    """Under `a { color: red !important; background: blue !important }` and `#content`
    rules, the download button keeps the brand's colours and axe finds nothing (axe-core
    looks inside shadow roots)."""
    page = open_html(browser, embed(HOSTILE, examples_build / SHADOW), width=width)
    assert download_colours(page, SHADOW_HOST) == brand
    assert [str(violation) for violation in axe_violations(page)] == []
    page.close()


def test_id_and_important_rules_reach_the_plain_library(
    browser: Browser, examples_build: Path
) -> None:
    """The limit the README states, shown: the rules the shadow root and the inline
    variant's `!important` attributes keep out turn the plain fragment's button red on blue.
    So the web team has a variant to switch to."""
    page = open_html(browser, embed(HOSTILE, examples_build / PLAIN))
    assert download_colours(page) == ("rgb(255, 0, 0)", "rgb(0, 0, 255)")
    page.close()


# What a reader must be able to set (WCAG 1.4.12): the inline variant leaves it to the page.
TEXT_SPACING = {"line-height", "letter-spacing", "word-spacing"}


@pytest.mark.parametrize("width", [320, 1280])
def test_the_inline_library_keeps_its_colours_under_id_and_important_rules(
    browser: Browser, examples_build: Path, brand: tuple[str, str], width: int
) -> None:
    """Every declaration of its style attributes is `!important`, which outweighs every rule
    of the page's, `a { color: red !important; background: blue !important }` and the
    `#content` ones too: the download button keeps the brand's colours, every element
    computes its type, colours and boxes as in the same page stripped of its style sheet
    (but its text spacing, which the host may change as a reader must be able to), and axe
    finds nothing."""
    hostile = embed(HOSTILE, examples_build / INLINE)
    page = open_html(browser, hostile, width=width)
    assert download_colours(page) == brand
    reference = open_html(browser, STRIPPABLE.sub("", hostile), width=width)
    look = [name for name in LOOK if name not in TEXT_SPACING]
    expected = styles_within(reference, ".briefgen", look)
    found = styles_within(page, ".briefgen", look)
    assert len(expected) > 100
    assert look_changes(expected, found) == []
    assert [str(violation) for violation in axe_violations(page)] == []
    page.close()
    reference.close()


def test_the_inline_library_keeps_its_look_where_every_style_sheet_is_stripped(
    browser: Browser, examples_build: Path
) -> None:
    """A CMS that strips <style> (and <link>) leaves the inline library looking as the plain
    one does in the styled host: every element inside it computes the same."""
    styled = open_html(browser, embed(WORDPRESS, examples_build / PLAIN))
    inline = (examples_build / INLINE).read_text(encoding="utf-8")
    stripped_host = STRIPPABLE.sub("", host_html(WORDPRESS)).replace(
        "<!-- briefgen:fragment -->", inline
    )
    assert "<style" not in stripped_host
    stripped = open_html(browser, stripped_host)
    expected = styles_within(styled, ".briefgen", LOOK)
    found = styles_within(stripped, ".briefgen", LOOK)
    assert len(expected) > 100
    assert look_changes(expected, found) == []
    assert [str(violation) for violation in axe_violations(stripped, ".briefgen")] == []
    styled.close()
    stripped.close()


@pytest.mark.parametrize("host", HOSTS, ids=[host.stem for host in HOSTS])
def test_the_inline_library_shows_focus_from_the_keyboard_inside_each_host(
    browser: Browser, examples_build: Path, host: Path
) -> None:
    """A style attribute cannot say how a link looks with focus: each link of the inline
    library, reached with Tab, shows focus by the host's rule or the browser's own."""
    page = open_html(browser, embed(host, examples_build / INLINE))
    focusable, stops = tab_through(page)
    assert [stop.name for stop in stops] == focusable
    assert len(stops) > 30
    assert [stop.name for stop in stops if not stop.visibly_focused] == []
    page.close()


_SHADOW_FOCUS = """() => {
  const inside = document.activeElement?.shadowRoot?.activeElement;
  if (!inside) return null;
  const style = getComputedStyle(inside);
  return [style.outlineStyle, style.outlineWidth, style.backgroundColor];
}"""


def test_the_shadow_library_shows_its_own_focus_under_important_rules(
    browser: Browser, examples_build: Path
) -> None:
    """Each link inside the shadow root, reached with Tab, takes the library's focus style
    (a yellow background and a dark outline), whatever the host's `a { … !important }`."""
    page = open_html(browser, embed(HOSTILE, examples_build / SHADOW))
    focused = []
    for _ in range(40):
        page.keyboard.press("Tab")
        style = page.evaluate(_SHADOW_FOCUS)
        if style is not None:
            focused.append(tuple(style))
    assert len(focused) == 40
    assert set(focused) == {("solid", "3px", "rgb(255, 221, 0)")}
    page.close()
