"""The style sheet inlined into style attributes, with the cascade a browser would apply."""

from __future__ import annotations

import html as markup
import re

from briefgen.render.css_check import css_reaches
from briefgen.render.inline import (
    declarations_of,
    inline_styles,
    outweigh_the_host,
    resolve_variables,
    without_where,
)

IMPORTANT = " !important"
# What a reader must be able to set (WCAG 1.4.12): never `!important` in an attribute.
TEXT_SPACING = re.compile(r"line-height|letter-spacing|word-spacing|margin(-[a-z-]+)?")


def style_of(html: str, name: str) -> dict[str, str]:
    """The declarations in the style attribute of the element of class `name`, in order
    (a later one wins, as in a browser), each value without the `!important` that every
    one of them must carry but those of text spacing, which none may."""
    match = re.search(rf'class="{name}"[^>]*style="([^"]*)"', html)
    assert match, name
    style = markup.unescape(match[1])
    declarations = [part.split(":", 1) for part in declarations_of(style) if part.strip()]
    for key, value in declarations:
        spacing = TEXT_SPACING.fullmatch(key.strip()) is not None
        assert value.endswith(IMPORTANT) is not spacing, (key, value)
    return {key.strip(): value.removesuffix(IMPORTANT).strip() for key, value in declarations}


def test_where_is_spelt_out_for_each_of_its_selectors() -> None:
    assert without_where(".r.r :where(p, ul)") == [".r.r p", ".r.r ul"]
    assert without_where(".r.r :where(:not(svg, svg *))") == [".r.r :not(svg, svg *)"]
    assert without_where(".r :where(a, b) :where(c)") == [".r a c", ".r b c"]
    assert without_where(".r :where(p") == []


def test_the_resets_weigh_less_than_the_components_and_follow_their_own_order() -> None:
    """:where() rules lose to the component rules whatever their specificity once taken
    off, and among themselves the later wins: the cascade of the fragment's <style>."""
    css = """
    .r.r :where(:not(svg, svg *)) { margin: 0; display: block; color: red; }
    .r.r :where(li) { display: list-item; }
    .r.r :where(p, li) { margin: 0 0 1em; }
    .r .x { margin-left: 2em; }
    .r .y { color: blue; }
    """
    markup = '<div class="r"><ul><li class="x">a</li></ul><p class="y">b</p></div>'
    html = inline_styles(markup, css)
    item, paragraph = style_of(html, "x"), style_of(html, "y")
    assert item["display"] == "list-item"
    assert item["color"] == "red"
    assert list(item)[-1] == "margin-left", "the component's margin comes after the reset's"
    assert item["margin"] == "0 0 1em"
    assert paragraph["color"] == "blue"
    assert paragraph["display"] == "block"


def test_states_pseudo_elements_and_at_rules_are_left_out() -> None:
    css = """
    .r .x:focus { color: red; }
    .r .x::before { content: "!"; }
    @container (max-width: 20em) { .r .x { color: green; } }
    .r .x { color: blue; }
    """
    html = inline_styles('<div class="r"><a class="x" href="#">a</a></div>', css)
    assert style_of(html, "x") == {"color": "blue"}


def test_custom_properties_are_replaced_by_their_values() -> None:
    css = ".r { --bg-primary: #00558C; color: var(--bg-primary); }"
    assert resolve_variables(css) == ".r {  color: #00558C; }"


def test_every_declaration_outweighs_the_host_pages_important_rules() -> None:
    """An `!important` declaration in a style attribute outweighs every rule of the page's
    style sheets, `!important` ones too: a WordPress theme's `a { color: red !important }`
    leaves the fragment's colours as they are. The component's colour still wins over the
    reset's, as in the fragment's <style>."""
    css = """
    .r.r :where(:not(svg, svg *)) { color: inherit; background: none; }
    .r .x { color: #00558C; }
    .r .y { background-color: #00558C; color: #FFFFFF; }
    """
    markup = '<div class="r"><a class="x" href="#">a</a><p class="y">b</p></div>'
    html = inline_styles(markup, css)
    assert style_of(html, "x") == {"background": "none", "color": "#00558C"}
    assert list(style_of(html, "y").items())[-2:] == [
        ("background-color", "#00558C"),
        ("color", "#FFFFFF"),
    ]


def test_text_spacing_is_left_for_the_reader_to_set() -> None:
    """A reader who needs wider lines, letters, words or paragraphs sets them with their
    own `!important` rules (WCAG 1.4.12), which an `!important` attribute would outweigh:
    line height, letter and word spacing and margins stay plain. `font: inherit`, which sets
    the line height too, is spelt out, so that the rest of it still outweighs the host."""
    css = """
    .r.r :where(p) { font: inherit; line-height: inherit; margin: 0; letter-spacing: normal; }
    .r .x { line-height: 1.5; margin-bottom: 1em; word-spacing: normal; font-weight: 700; }
    """
    html = inline_styles('<div class="r"><p class="x">a</p></div>', css)
    style = style_of(html, "x")
    assert list(style)[:6] == [
        "font-style",
        "font-variant",
        "font-weight",
        "font-stretch",
        "font-size",
        "font-family",
    ]
    assert "font-family: inherit !important;" in html
    assert "font:" not in html
    assert (style["line-height"], style["margin-bottom"], style["font-weight"]) == (
        "1.5",
        "1em",
        "700",
    )
    assert "font: 700 1em/1.2 serif" in outweigh_the_host('<p style="font: 700 1em/1.2 serif">')


def test_a_links_focus_shadow_is_left_to_the_host() -> None:
    """The host draws focus where the attribute cannot (GOV.UK Frontend with a shadow): a
    link's `box-shadow: none` is left out, its background kept, so that a host's
    `a { background: blue !important }` cannot reach it. Other elements keep both."""
    css = ".r :where(a, p) { box-shadow: none; background: none; color: inherit; }"
    html = inline_styles('<div class="r"><a class="x" href="#">a</a><p class="y">b</p></div>', css)
    assert style_of(html, "x") == {"background": "none", "color": "inherit"}
    assert style_of(html, "y") == {"background": "none", "box-shadow": "none", "color": "inherit"}


def test_declarations_are_split_only_between_them() -> None:
    """A `;` inside a data: address, a string or a comment does not end a declaration, and
    a declaration already `!important` is not marked twice."""
    style = (
        "background-image: url('data:image/svg+xml;base64,PHN2Zz4=');"
        "font-family: &quot;A;B&quot;, serif;content: 'x;y' /* ; */;color: red !IMPORTANT;"
    )
    html = outweigh_the_host(f'<p title="a > b" class="x" style="{style}">t</p>')
    assert html == (
        '<p title="a > b" class="x" style="'
        "background-image: url('data:image/svg+xml;base64,PHN2Zz4=') !important;"
        "font-family: &quot;A;B&quot;, serif !important;content: 'x;y' /* ; */ !important;"
        'color: red !IMPORTANT">t</p>'
    )


def test_only_style_attributes_are_marked() -> None:
    """Text that reads like an attribute, and an attribute whose name ends in style, stay
    as they are."""
    html = '<p class="x" data-style="color: red">style="color: red"</p>'
    assert outweigh_the_host(html) == html


def test_important_passes_the_style_attribute_check() -> None:
    """`!important` loads nothing: the web outputs' allow-list accepts it."""
    assert css_reaches("color: #00558C !important;background: none !important", str) == ()
