"""CSS read on its tokens: what a browser would load or run is found however it is spelt,
and the quick scan that spares the theme's style sheets tinycss2's time never passes what
the tokens refuse."""

from __future__ import annotations

import datetime as dt

import pytest
import tinycss2
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.render.css_check import css_reaches, tokenized_reaches
from tests.support.project import WebBuild
from tests.support.text import parse_html

TRACKER = "https://tracker.example"


def images_inside(address: str) -> str | None:
    """As a web output's rule: only a PNG carried inside the page."""
    return None if address.strip().startswith("data:image/png;base64,") else "outside the page"


@pytest.mark.parametrize(
    ("css", "said"),
    [
        (f"p {{ background: u\\72l({TRACKER}/a.png) }}", f"{TRACKER}/a.png"),
        (f"p {{ background: U\\52L('{TRACKER}/a.png') }}", f"{TRACKER}/a.png"),
        (f'@im\\70ort "{TRACKER}/a.css";', "the CSS rule @import"),
        (f'@\\69mport "{TRACKER}/a.css";', "the CSS rule @import"),
        (f"p {{ background: url('{TRACKER}/a\\\n.png') }}", f"{TRACKER}/a.png"),
        (f"p {{ background: ur/**/l({TRACKER}/a.png) }}", "the CSS function l()"),
        (f"p {{ background: image-set('{TRACKER}/a.png' 1x) }}", "image-set()"),
        (f"p {{ background: im\\61ge-set('{TRACKER}/a.png' 1x) }}", "image-set()"),
        ("p { width: expression(alert(1)) }", "the CSS function expression()"),
        (f"@font-face {{ src: url({TRACKER}/a.woff2) }}", f"{TRACKER}/a.woff2"),
        (f"@namespace svg url({TRACKER}/ns);", "the CSS rule @namespace"),
        (f"@-moz-document url-prefix({TRACKER}) {{ p {{ color: red }} }}", "@-moz-document"),
        (f"p {{ --image: url({TRACKER}/a.png); background: var(--image) }}", f"{TRACKER}/a.png"),
        (f"p {{ background: src(var(--u)); --u: '{TRACKER}/a.png' }}", "the CSS function src()"),
        ("p { content: attr(data-x url) }", "the CSS function attr()"),
    ],
)
def test_an_address_or_a_function_is_found_however_it_is_spelt(css: str, said: str) -> None:
    reaches = css_reaches(css, images_inside)
    assert reaches, css
    assert any(said in reach.what for reach in reaches), reaches


@pytest.mark.parametrize(
    "css",
    [
        "p { margin: 0 } .a:where(p, li) { color: var(--bg-text, #1B1B1B) }",
        "@media (min-width: 40em) { .a { width: calc(100% - 2em) } }",
        'p { background: url("data:image/png;base64,iVBORw0KGgo=") }',
        "p { content: 'url(https://tracker.example/a.png) is only words here' }",
        "/* an address in a comment: url(https://tracker.example/a.png) @import */ p { x: y }",
    ],
)
def test_what_loads_nothing_passes(css: str) -> None:
    assert css_reaches(css, images_inside) == ()


# Pieces that make the scan and the tokenizer disagree if the scan were careless: escapes,
# comments, strings, names that run on (non-ASCII, NUL, the Kelvin sign that lower-cases
# to k), addresses inside and outside.
PIECES = [
    "url(", "URL(", "u\\72l(", "image-set(", "calc(", "var(--x)", "(", ")", "@import",
    "@media", "@Keyframes", "@\u212aeyframes", "@", '"', "'", "/*", "*/", "\\", "\n", " ",
    "data:image/png;base64,AAAA", "data:text/html,x", f"{TRACKER}/a.png", "#part", "x",
    "-", "\u2192", "\x00", ";", "{", "}", ":", ",", "1", "\\\n", "ur", "l(",
]  # fmt: skip


@settings(max_examples=3000, deadline=dt.timedelta(seconds=2))
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=14))
@pytest.mark.slow
def test_the_quick_scan_never_passes_what_the_tokens_refuse(pieces: list[str]) -> None:
    css = "".join(pieces)
    assert css_reaches(css, images_inside) == tokenized_reaches(css, images_inside, "a style sheet")


@pytest.mark.slow
def test_the_themes_style_sheets_need_no_tokenizing(
    web_build: WebBuild, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scan passes every style sheet and style attribute the theme writes, so a cold
    build spends no tinycss2 time on them (some tens of milliseconds a sheet)."""
    styles = []
    for path in web_build.project.output.glob("**/*.html"):
        collector = parse_html(path.read_text(encoding="utf-8"))
        styles += [
            attributes["style"] or "" for _, attributes in collector.tags if "style" in attributes
        ]
    pages = [
        path.read_text(encoding="utf-8") for path in web_build.project.output.glob("*/index.html")
    ]
    sheets = [page.split("<style>", 1)[1].split("</style>", 1)[0] for page in pages]
    assert sheets
    assert len(styles) > 100

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("tokenized")

    monkeypatch.setattr(tinycss2, "parse_component_value_list", refuse)
    for number, css in enumerate([*sheets, *set(styles)]):
        # A comment of its own, so that no earlier answer is remembered for it.
        assert css_reaches(f"{css}/* {number} */", images_or_fonts_inside) == ()


def images_or_fonts_inside(address: str) -> str | None:
    """The images and fonts the theme carries inside its pages."""
    return None if address.strip().startswith(("data:image/", "data:font/")) else "outside"
