"""What a web output may hold: an allow-list read on the page as a browser parses it.

The web page, the fragments and the library's pages run no script and load nothing
from elsewhere: a partnership's web team pastes the fragments into pages of its own.
A template may restyle them and rearrange them, nothing more. So each output is parsed
by lexbor (through selectolax), which follows the HTML standard as browsers do: entities
decoded (`java&#9;script:`), comments closed where browsers close them, SVG's and
MathML's own rules, the content of a `<template>`. Every element, attribute and address
found is then held to a list of what the theme writes and its kin; anything else is
refused, and named, rather than cleaned away: a template that writes it has a mistake
its author must hear about. (A sanitiser such as nh3 would remove it without a word,
and says nothing of style sheets: their CSS is read here on tinycss2's tokens, in
`css_check`.)
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from briefgen.paths import escape_controls
from briefgen.render.addresses import data_uri, is_scheme_relative, scheme_of
from briefgen.render.assets import svg_verdict
from briefgen.render.css_check import Reach, css_reaches, shown_address

# Attributes any element may carry; `aria-*` too. The theme's own `data-part` and
# `data-noun` are its only data attributes: others are what a host page's scripts read
# (`data-src` for a lazy loader, `data-hx-get` for htmx), and would load or run. `slot`
# places a mark of the page in a shadow root's <slot> (the shadow fragment's anchors).
GLOBAL_ATTRIBUTES = frozenset(
    {"class", "id", "lang", "dir", "title", "role", "hidden", "tabindex", "style", "slot"}
    | {"data-part", "data-noun"}
)
_SVG_PAINT = frozenset(
    {
        "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
        "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset",
        "stroke-miterlimit", "opacity", "transform", "font-family", "font-size",
        "font-weight", "font-style", "text-anchor", "dominant-baseline",
        "alignment-baseline", "letter-spacing", "word-spacing", "text-decoration", "color",
        "visibility", "display", "shape-rendering", "text-rendering", "vector-effect",
        "clip-rule", "stop-color", "stop-opacity",
    }
)  # fmt: skip
_NONE: frozenset[str] = frozenset()
_INERT = (
    "html", "head", "body", "title", "main", "header", "footer", "nav", "article", "section",
    "aside", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "address", "div", "p", "hr", "pre",
    "blockquote", "ul", "dl", "dt", "dd", "figure", "figcaption", "summary", "span", "em",
    "strong", "small", "s", "cite", "q", "dfn", "abbr", "code", "var", "samp", "kbd", "sub",
    "sup", "i", "b", "u", "mark", "bdi", "bdo", "br", "wbr", "del", "ins", "table", "caption",
    "thead", "tbody", "tfoot", "tr",
)  # fmt: skip
# Each element a web output may hold, by its name in lower case, and the attributes it
# may carry beside the global ones. The SVG elements draw the charts: shapes and text.
ALLOWED_ELEMENTS: dict[str, frozenset[str]] = {
    **dict.fromkeys(_INERT, _NONE),
    "a": frozenset({"href", "download", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding"}),
    "meta": frozenset({"charset", "name", "property", "content"}),
    "link": frozenset({"rel", "href", "type", "hreflang"}),
    "style": frozenset({"media"}),
    "template": frozenset({"shadowrootmode"}),
    "slot": frozenset({"name"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "time": frozenset({"datetime"}),
    "data": frozenset({"value"}),
    "th": frozenset({"colspan", "rowspan", "scope", "headers", "abbr"}),
    "td": frozenset({"colspan", "rowspan", "headers"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "details": frozenset({"open"}),
    "svg": _SVG_PAINT | {"xmlns", "viewbox", "width", "height", "x", "y",
                         "preserveaspectratio", "focusable"},
    **dict.fromkeys(("g", "defs", "desc"), _SVG_PAINT),
    "rect": _SVG_PAINT | {"x", "y", "width", "height", "rx", "ry"},
    "circle": _SVG_PAINT | {"cx", "cy", "r"},
    "ellipse": _SVG_PAINT | {"cx", "cy", "rx", "ry"},
    "line": _SVG_PAINT | {"x1", "y1", "x2", "y2"},
    "polyline": _SVG_PAINT | {"points"},
    "polygon": _SVG_PAINT | {"points"},
    "path": _SVG_PAINT | {"d"},
    "text": _SVG_PAINT | {"x", "y", "dx", "dy"},
    "tspan": _SVG_PAINT | {"x", "y", "dx", "dy"},
    "lineargradient": _SVG_PAINT | {"x1", "y1", "x2", "y2", "gradientunits",
                                    "gradienttransform", "spreadmethod"},
    "radialgradient": _SVG_PAINT | {"cx", "cy", "r", "fx", "fy", "gradientunits",
                                    "gradienttransform", "spreadmethod"},
    "stop": _SVG_PAINT | {"offset"},
}  # fmt: skip
LINK_SCHEMES = frozenset({"https", "http", "mailto", "tel"})
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/svg+xml"})
FONT_TYPES = frozenset({"font/woff2", "font/woff", "font/ttf", "font/otf"})
# <link> relations that name an address (the page's canonical one, its feed) without the
# browser loading it; `rel="alternate stylesheet"` is not among them.
_NAMING_RELATIONS = frozenset({"canonical", "alternate"})
_SHADOW_ROOT_MODES = frozenset({"open", "closed"})


def web_reaches(page: str) -> list[Reach]:
    """What `page` holds that the allow-list does not: what it would load from anywhere
    but itself, or run, or what a host page's scripts could act on."""
    found: dict[Reach, None] = {}
    for node in _elements(LexborHTMLParser(page).root):
        found.update(dict.fromkeys(_element_reaches(node)))
    return list(found)


def _elements(root: LexborNode | None) -> Iterator[LexborNode]:
    """Every element, those inside each `<template>`'s content included."""
    pending = [root] if root is not None else []
    while pending:
        for node in pending.pop().traverse(include_text=False):
            if node.is_element_node:
                yield node
                if node.tag == "template":
                    pending.extend(node.template_fragments())


def _element_reaches(node: LexborNode) -> Iterator[Reach]:
    tag = (node.tag or "").lower()
    shown = escape_controls(node.tag or "")  # as written: <foreignObject>, not <foreignobject>
    attributes = {name.lower(): value or "" for name, value in node.attributes.items()}
    allowed = ALLOWED_ELEMENTS.get(tag)
    if allowed is None or (tag == "template" and not _is_shadow_root(attributes)):
        yield Reach(f"the element <{shown}>", f"<{tag}")
        return
    if tag == "link" and not _names_only(attributes.get("rel", "")):
        href = attributes.get("href", "")
        rel = escape_controls(attributes.get("rel", ""))
        yield Reach(f'{shown_address(href)} (a <link rel="{rel}">, which loads it)', href)
        return
    for name, value in attributes.items():
        reach = _attribute_reach(tag, name, value, allowed)
        if reach is not None:
            yield reach
    if tag == "style":
        yield from css_reaches(node.text(deep=True), _style_address_problem)


def _is_shadow_root(attributes: dict[str, str]) -> bool:
    """A declarative shadow root (the shadow fragment's): its content is part of the page."""
    return attributes.get("shadowrootmode", "").lower() in _SHADOW_ROOT_MODES


def _names_only(rel: str) -> bool:
    relations = set(rel.lower().split())
    return bool(relations) and relations <= _NAMING_RELATIONS


def _attribute_reach(tag: str, name: str, value: str, allowed: frozenset[str]) -> Reach | None:
    shown_tag, shown_name = escape_controls(tag), escape_controls(name)
    if name.startswith("on"):
        return Reach(f"a script in the {shown_name} attribute of <{shown_tag}>", f"{name}=")
    if not (name in allowed or name in GLOBAL_ATTRIBUTES or name.startswith("aria-")):
        written = f'{shown_name}="{shown_address(value)}"'
        return Reach(f"the attribute {written} of <{shown_tag}>", f"{name}=")
    if name == "style":
        reaches = css_reaches(value, _style_address_problem, "a style attribute")
        return reaches[0] if reaches else None
    if name in _SVG_PAINT:
        reaches = css_reaches(value, _own_part_problem, f"the {shown_name} attribute")
        return reaches[0] if reaches else None
    problem = _ADDRESS_RULES.get((tag, name), lambda _: None)(value)
    if problem is None:
        return None
    if tag == "a":
        return Reach(f"a link to {shown_address(value)}, {problem}", value)
    return Reach(f"{shown_address(value)} (the {name} of <{shown_tag}>: {problem})", value)


def _link_problem(address: str) -> str | None:
    """A link may lead to a web page, an email address or a telephone number, or to a
    page of the build beside it (a relative address)."""
    scheme = scheme_of(address)
    if scheme is None:
        return f"which {_SCHEME_MISSING}" if is_scheme_relative(address) else None
    return None if scheme in LINK_SCHEMES else "which is not a web address"


def _named_problem(address: str) -> str | None:
    """A canonical or feed link names a web address, or a file of the build."""
    scheme = scheme_of(address)
    if scheme is None:
        return f"it {_SCHEME_MISSING}" if is_scheme_relative(address) else None
    return None if scheme in ("https", "http") else "it is not a web address"


_SCHEME_MISSING = "leads to another host without a scheme: write it in full, with https://"


def _image_problem(address: str) -> str | None:
    """An image is carried inside the page, as a data: URI of an image's type."""
    return _carried_problem(address, IMAGE_TYPES)


def _style_address_problem(address: str) -> str | None:
    """A style sheet's addresses are images and fonts carried inside the page."""
    return _carried_problem(address, IMAGE_TYPES | FONT_TYPES)


def _own_part_problem(address: str) -> str | None:
    """An SVG chart's paint may name a gradient of the page (`url(#id)`), nothing else."""
    return None if address.strip().startswith("#") else "a chart may name only its own parts"


def _carried_problem(address: str, types: frozenset[str]) -> str | None:
    uri = data_uri(address)
    if uri is None:
        return "it is not inside the page; carry it as a data: URI, as the theme does"
    if uri.media_type not in types:
        return f"a data: URI of type {escape_controls(uri.media_type)}, which is not allowed"
    return _svg_image_problem(address) if uri.media_type == "image/svg+xml" else None


@functools.lru_cache(maxsize=64)  # the same icons and logo in every output of a build
def _svg_image_problem(address: str) -> str | None:
    """An SVG carried inside the page is held to the logo's rules."""
    uri = data_uri(address)
    payload = uri.payload() if uri is not None else None
    if payload is None:
        return "the SVG inside it is damaged"
    problem, _ = svg_verdict(payload)
    return f"the SVG inside it cannot be used: {problem}" if problem else None


_ADDRESS_RULES = {
    ("a", "href"): _link_problem,
    ("link", "href"): _named_problem,
    ("img", "src"): _image_problem,
}


__all__ = [
    "ALLOWED_ELEMENTS",
    "FONT_TYPES",
    "GLOBAL_ATTRIBUTES",
    "IMAGE_TYPES",
    "LINK_SCHEMES",
    "web_reaches",
]
