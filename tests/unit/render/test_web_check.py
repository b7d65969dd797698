"""The web outputs' allow-list: what a template adds beyond what the theme writes is refused
and named with its template and line, however it is spelt; what the theme writes passes.

Each attack is written on line 2 of the project's own key-message template, which every
web output shows. The first table holds those a deny-list over the template's text let
through; the second, those it refused, which the allow-list must refuse too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from briefgen.render.web_check import web_reaches
from tests.support.canary import Counter, serve
from tests.support.project import REPOSITORY, SEED_SLUG, WebBuild, copy_example, drop_settings
from tests.support.web import override, render_seed_web, web_refusal

KEY_MESSAGE = Path("blocks") / "key_message.html.j2"
TRACKER = "https://tracker.example"

# Each attack, as markup, and a phrase of the refusal.
SLIPPED_PAST_A_DENY_LIST = {
    "a javascript: link hidden by a tab entity": (
        '<a href="java&#9;script:alert(1)">x</a>',
        "a link to java\\tscript:alert(1), which is not a web address",
    ),
    "a javascript: link hidden by a newline entity": (
        '<a href="javascript&NewLine;:alert(1)">x</a>',
        "a link to javascript\\n:alert(1)",
    ),
    "a button whose formaction runs script": (
        '<button formaction="javascript:alert(1)">x</button>',
        "the element <button>",
    ),
    "an input whose formaction sends the page elsewhere": (
        f'<input type="submit" formaction="{TRACKER}/">',
        "the element <input>",
    ),
    "a link that pings a tracker": (
        f'<a href="https://example.org/" ping="{TRACKER}/ping">x</a>',
        f'the attribute ping="{TRACKER}/ping" of <a>',
    ),
    "a srcset whose first image is a data: URI": (
        '<img alt="" src="data:image/png;base64,iVBORw0KGgo=" '
        f'srcset="data:image/png;base64,iVBORw0KGgo= 1x, {TRACKER}/x.png 2x">',
        "the attribute srcset=",
    ),
    "an image-set() in a style attribute": (
        f"<p style=\"background-image: image-set('{TRACKER}/x.png' 1x)\">x</p>",
        "the CSS function image-set()",
    ),
    "a -webkit-image-set() in a style sheet": (
        f"<style>p {{ background: -webkit-image-set('{TRACKER}/x.png' 1x) }}</style>",
        "the CSS function -webkit-image-set()",
    ),
    "an SVG <set> that turns a link into javascript:": (
        '<svg><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>',
        "the element <set>",
    ),
    "an SVG <animate> that turns a link into javascript:": (
        '<svg><a><animate attributeName="href" values="javascript:alert(1)"/></a></svg>',
        "the element <animate>",
    ),
    "a url() spelt with a CSS escape": (
        f'<p style="background: u\\72l({TRACKER}/x.png)">x</p>',
        f"{TRACKER}/x.png (in a style attribute: it is not inside the page",
    ),
    "an @import spelt with a CSS escape": (
        f'<style>@im\\70ort "{TRACKER}/x.css";</style>',
        "the CSS rule @import",
    ),
    "a url() split by an escaped line break": (
        f"<style>p {{ background: url('{TRACKER}/x\\\n.png') }}</style>",
        f"{TRACKER}/x.png (in a style sheet",
    ),
    "a CSS expression()": ('<p style="width: expression(alert(1))">x</p>', "expression()"),
    "a CSS image()": (f"<p style=\"background: image('{TRACKER}/x.png')\">x</p>", "image()"),
    "a CSS cross-fade() of two addresses": (
        f"<p style=\"background: cross-fade('{TRACKER}/a.png', '{TRACKER}/b.png')\">x</p>",
        "the CSS function cross-fade()",
    ),
    "a CSS -moz-element()": ('<p style="background: -moz-element(#main)">x</p>', "-moz-element()"),
    "a CSS src()": (f"<p style=\"background: src('{TRACKER}/x.png')\">x</p>", "src()"),
    "a data: URI of HTML in a style attribute": (
        '<p style="background: url(data:text/html,hello)">x</p>',
        "a data: URI of type text/html",
    ),
    "markup hidden from a parser in <noscript>": (
        f'<noscript><p title="</noscript><img src={TRACKER}/n.png onerror=alert(1)>"></noscript>',
        "the element <noscript>",
    ),
    "an image hidden in an SVG <style>": (
        f"<svg><style><img src={TRACKER}/s.png onerror=alert(1)></style></svg>",
        "a script in the onerror attribute of <img>",
    ),
    "a style sheet in a data: link": (
        f'<link rel="stylesheet" href="data:text/css,@import url({TRACKER}/x.css)">',
        '(a <link rel="stylesheet">, which loads it)',
    ),
    "a canonical link to javascript:": (
        '<link rel="canonical" href="javascript:alert(1)">',
        "javascript:alert(1) (the href of <link>: it is not a web address)",
    ),
    "a link to another host spelt with backslashes": (
        '<a href="\\\\tracker.example/">x</a>',
        "leads to another host without a scheme: write it in full, with https://",
    ),
    "a link to a file of the computer": (
        '<a href="file:///etc/passwd">x</a>',
        "a link to file:///etc/passwd",
    ),
    "an htmx attribute that a host page's htmx would fetch": (
        f'<p data-hx-get="{TRACKER}/" data-hx-trigger="load">x</p>',
        f'the attribute data-hx-get="{TRACKER}/" of <p>',
    ),
    "a data-src that a host page's lazy loader would fetch": (
        f'<img alt="" class="lazyload" data-src="{TRACKER}/l.png">',
        "the attribute data-src=",
    ),
    "an Alpine x-init that a host page would run": (
        f"<p x-init=\"fetch('{TRACKER}/')\">x</p>",
        "the attribute x-init=",
    ),
    "a quotation's cite address": (
        f'<blockquote cite="{TRACKER}/source">x</blockquote>',
        "the attribute cite=",
    ),
    "an SVG <foreignObject>": ("<svg><foreignObject><p>x</p></foreignObject></svg>", "<foreign"),
    "an SVG fill from another file": (
        f'<svg><rect width="9" height="9" fill="url({TRACKER}/p.svg#g)"/></svg>',
        f"{TRACKER}/p.svg#g (in the fill attribute: a chart may name only its own parts)",
    ),
    "a custom element that a host page may define": ("<bg-widget>x</bg-widget>", "<bg-widget>"),
}

REFUSED_BEFORE_AND_STILL = {
    "a base address": (f'<base href="{TRACKER}/">', "the element <base>"),
    "a meta refresh in capitals": (
        f'<meta http-equiv="Refresh" content="0; url={TRACKER}/">',
        'the attribute http-equiv="Refresh" of <meta>',
    ),
    "an iframe's srcdoc": ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', "<iframe>"),
    "an object's data": (f'<object data="{TRACKER}/x.swf"></object>', "the element <object>"),
    "a video's poster": (f'<video poster="{TRACKER}/x.png"></video>', "the element <video>"),
    "an audio source": (f'<audio><source src="{TRACKER}/x.mp3"></audio>', "the element <audio>"),
    "a table's background": (
        f'<table background="{TRACKER}/x.png"><tr><td>x</td></tr></table>',
        "the attribute background=",
    ),
    "a form's action": (f'<form action="{TRACKER}/"><p>x</p></form>', "the element <form>"),
    "an SVG <use> of another file": (f'<svg><use href="{TRACKER}/s.svg#a"/></svg>', "<use>"),
    "an SVG <image>": (f'<svg><image href="{TRACKER}/x.png"/></svg>', "the element <image>"),
    "an SVG <feImage>": (
        f'<svg><filter id="f"><feImage href="{TRACKER}/x.png"/></filter></svg>',
        "the element <filter>",
    ),
    "an SVG link to javascript:": (
        '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
        'the attribute xlink:href="javascript:alert(1)" of <a>',
    ),
    "a MathML link": ('<math><mi href="javascript:alert(1)">x</mi></math>', "the element <math>"),
    "an IE behavior": (f'<p style="behavior: url({TRACKER}/x.htc)">x</p>', f"{TRACKER}/x.htc"),
    "a -moz-binding": (f'<p style="-moz-binding: url({TRACKER}/x.xml#b)">x</p>', "x.xml#b"),
    "a font from another host": (
        f"<style>@font-face {{ font-family: X; src: url({TRACKER}/x.woff2); }}</style>",
        f"{TRACKER}/x.woff2 (in a style sheet",
    ),
    "a template's inert content": (
        f'<template><img src="{TRACKER}/t.png" alt=""></template>',
        "the element <template>",
    ),
    "a javascript: link behind a control character": (
        '<a href="&#1;javascript:alert(1)">x</a>',
        "a link to \\x01javascript:alert(1)",
    ),
    "an image hidden in a comment closed with --!>": (
        f"<!-- x --!><img src={TRACKER}/c.png onerror=alert(1)>",
        "onerror",
    ),
    "a script": ("<script>document.title = 'x'</script>", "the element <script>"),
}


@pytest.fixture
def server() -> Iterator[str]:
    """A web server on loopback that counts the requests it gets."""
    Counter.requests.clear()
    yield from serve(Counter)


def refused_on_line_2(folder: Path, markup: str) -> str:
    """The refusal of `markup` on line 2 of the key message's template, which it names."""
    override(folder, KEY_MESSAGE, "<p>Our key message</p>\n" + markup + "\n")
    error = web_refusal(folder)
    assert error.message.startswith("the web page would load or run"), error.message
    assert f"templates/{KEY_MESSAGE}, line 2: " in error.message, error.message
    assert "remove it from the template" in error.fix
    return error.message


@pytest.mark.parametrize("attack", list(SLIPPED_PAST_A_DENY_LIST))
def test_what_slipped_past_a_deny_list_is_refused_with_its_line(
    tmp_path: Path, attack: str
) -> None:
    markup, said = SLIPPED_PAST_A_DENY_LIST[attack]
    assert said in refused_on_line_2(copy_example(tmp_path / "project"), markup)


@pytest.mark.parametrize("attack", list(REFUSED_BEFORE_AND_STILL))
def test_what_a_deny_list_refused_is_still_refused_with_its_line(
    tmp_path: Path, attack: str
) -> None:
    markup, said = REFUSED_BEFORE_AND_STILL[attack]
    assert said in refused_on_line_2(copy_example(tmp_path / "project"), markup)


def test_the_inline_fragments_style_sheet_is_read_on_its_tokens(tmp_path: Path) -> None:
    """Its style sheet reaches the output only through css-inline, in style attributes: an
    image-set() there is found once inlined, and named in the style sheet's own file."""
    folder = copy_example(tmp_path / "project")
    rule = f'.briefgen .bg-title {{ background-image: image-set("{TRACKER}/t.png" 1x); }}\n'
    override(folder, "css/inline.css", rule)
    error = web_refusal(folder)
    assert error.message.startswith("the fragment would load or run"), error.message
    assert "templates/css/inline.css, line 1: the CSS function image-set()" in error.message


def test_the_inline_fragment_fetches_no_style_sheet_a_template_links(
    tmp_path: Path, server: str
) -> None:
    """css-inline would fetch a linked style sheet to inline it, and drop the link: the
    fetch would happen while the fragment is made, and the check would never see it."""
    folder = copy_example(tmp_path / "project")
    theme = (REPOSITORY / "templates" / "fragment-inline.html.j2").read_text()
    override(
        folder, "fragment-inline.html.j2", f'<link rel="stylesheet" href="{server}/x.css">\n{theme}'
    )
    error = web_refusal(folder)
    assert f"templates/fragment-inline.html.j2, line 1: {server}/x.css" in error.message
    assert Counter.requests == []


def test_the_shadow_fragments_root_is_read_inside(tmp_path: Path) -> None:
    """The shadow fragment's content lies in a <template>'s: checked as the page is."""
    folder = copy_example(tmp_path / "project")
    override(
        folder,
        "fragment-shadow.html.j2",
        '<div class="briefgen-host">\n<template shadowrootmode="open">\n'
        f'<p><a href="https://example.org/" ping="{TRACKER}/ping">x</a></p>\n</template>\n</div>\n',
    )
    error = web_refusal(folder)
    assert "templates/fragment-shadow.html.j2, line 3: the attribute ping=" in error.message


def web_outputs(output: Path) -> Iterator[Path]:
    """Every web output of a build: each briefing's page and fragments, the library's
    pages and its fragment."""
    yield from output.glob("*/index.html")
    yield from output.glob("*/fragment*.html")
    yield from output.glob("*.html")


def test_everything_the_theme_writes_for_the_examples_passes(
    examples_build: Path, web_build: WebBuild
) -> None:
    """The allow-list lets through what briefgen writes: all ten examples of content/ and
    the briefing of tests/content, in the web page, the three fragments and the library."""
    outputs = [*web_outputs(examples_build), *web_outputs(web_build.project.output)]
    names = {path.name for path in outputs}
    assert {"index.html", "fragment.html", "fragment-inline.html", "fragment-shadow.html"} <= names
    assert {"index-fragment.html", "year-2025.html"} <= names
    assert len(outputs) > 4 * 11
    refused = {path: reaches for path in outputs if (reaches := web_reaches(path.read_text()))}
    assert refused == {}


def test_the_seed_with_a_png_logo_and_no_site_passes(tmp_path: Path) -> None:
    """Relative links (no site.url) and a PNG logo are what other projects write."""
    folder = drop_settings(copy_example(tmp_path / "project"), "site.url", "fragment.pdf_base_url")
    config = folder / "briefgen.yaml"
    config.write_text(config.read_text().replace("file: assets/logo.svg", "file: assets/logo.png"))
    Image.new("RGB", (60, 30), "#00558C").save(folder / "assets" / "logo.png")
    outputs = render_seed_web(folder)
    assert 'src="data:image/png;base64,' in outputs["index.html"]
    assert f'href="{SEED_SLUG}.pdf"' in outputs["index.html"]
