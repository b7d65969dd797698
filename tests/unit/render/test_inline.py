"""The style sheet inlined into style attributes, with the cascade a browser would apply."""

from __future__ import annotations

import re

from briefgen.render.inline import inline_styles, resolve_variables, without_where


def style_of(html: str, name: str) -> dict[str, str]:
    """The declarations in the style attribute of the element of class `name`, in order
    (a later one wins, as in a browser)."""
    match = re.search(rf'class="{name}"[^>]*style="([^"]*)"', html)
    assert match, name
    declarations = [part.split(":", 1) for part in match[1].split(";") if part.strip()]
    return {key.strip(): value.strip() for key, value in declarations}


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
