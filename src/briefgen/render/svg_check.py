"""What an SVG may hold: a hardened parse, an allow-list, and a bound on what it draws.

The logo (and any SVG the project's theme brings) is parsed by lxml with entities, DTDs
and the network off, so that it reads no other file and expands nothing. Its elements
and attributes are then held to an allow-list by their resolved namespace and exact
name, as WeasyPrint and browsers read them: `xlink:HREF` is no `href` in XML, and an
`href` under a prefix bound to XLink's namespace is one. What may reach out is refused
whatever its case (`onLoad`), and a reference may name only a part of the SVG itself.

WeasyPrint draws a `<use>` by copying what it names, so a kilobyte of nested `<use>`
elements can take minutes to lay out: the elements are counted as drawn, references
expanded, and an SVG that would draw more than `MAX_DRAWN` is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from briefgen.render.addresses import data_uri
from briefgen.render.css_check import css_reaches

MAX_DRAWN = 5000  # elements, <use> expanded: WeasyPrint draws about 10,000 a second
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
# Where drawing programs keep their own notes; no renderer draws them.
EDITOR_NAMESPACES = (
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
    "http://purl.org/dc/elements/1.1/",
    "http://purl.org/dc/terms/",
    "http://ns.adobe.com/",
    "http://www.serif.com/",
    "http://www.bohemiancoding.com/sketch/ns",
)
_PRESENTATION = frozenset(
    {
        "alignment-baseline", "baseline-shift", "clip-path", "clip-rule", "color",
        "color-interpolation", "color-interpolation-filters", "color-rendering", "direction",
        "display", "dominant-baseline", "enable-background", "fill", "fill-opacity",
        "fill-rule", "filter", "flood-color", "flood-opacity", "font-family", "font-size",
        "font-size-adjust", "font-stretch", "font-style", "font-variant", "font-weight",
        "image-rendering", "isolation", "letter-spacing", "lighting-color", "mask",
        "mix-blend-mode", "opacity", "overflow", "paint-order", "shape-rendering",
        "stop-color", "stop-opacity", "stroke", "stroke-dasharray", "stroke-dashoffset",
        "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-opacity",
        "stroke-width", "style", "text-anchor", "text-decoration", "text-rendering",
        "transform", "transform-origin", "unicode-bidi", "vector-effect", "visibility",
        "word-spacing", "writing-mode",
    }
)  # fmt: skip
_COMMON = _PRESENTATION | {"id", "class", "data-name", f"{{{XML}}}space", f"{{{XML}}}lang"}
_SHAPE = frozenset({"x", "y", "width", "height", "rx", "ry", "cx", "cy", "r", "pathLength"})
_FILTER_PRIMITIVE = frozenset(
    {"x", "y", "width", "height", "in", "in2", "result", "stdDeviation", "dx", "dy", "mode",
     "operator", "k1", "k2", "k3", "k4", "type", "values", "edgeMode", "radius",
     "tableValues", "slope", "intercept", "amplitude", "exponent", "offset"}
)  # fmt: skip
_HREF = frozenset({"href", f"{{{XLINK}}}href"})
# Each element an SVG may hold, and the attributes it may carry beside the common ones.
SVG_ELEMENTS: dict[str, frozenset[str]] = {
    "svg": frozenset({"x", "y", "width", "height", "viewBox", "preserveAspectRatio",
                      "version", "baseProfile", "zoomAndPan"}),
    "g": frozenset(), "defs": frozenset(), "title": frozenset(), "desc": frozenset(),
    "metadata": frozenset(),
    "symbol": frozenset({"viewBox", "preserveAspectRatio", "x", "y", "width", "height"}),
    "use": _HREF | {"x", "y", "width", "height"},
    "path": frozenset({"d", "pathLength"}),
    "rect": _SHAPE, "circle": _SHAPE, "ellipse": _SHAPE,
    "line": frozenset({"x1", "y1", "x2", "y2", "pathLength"}),
    "polyline": frozenset({"points", "pathLength"}),
    "polygon": frozenset({"points", "pathLength"}),
    "text": frozenset({"x", "y", "dx", "dy", "rotate", "textLength", "lengthAdjust"}),
    "tspan": frozenset({"x", "y", "dx", "dy", "rotate", "textLength", "lengthAdjust"}),
    "linearGradient": _HREF | {"x1", "y1", "x2", "y2", "gradientUnits",
                               "gradientTransform", "spreadMethod"},
    "radialGradient": _HREF | {"cx", "cy", "r", "fx", "fy", "fr", "gradientUnits",
                               "gradientTransform", "spreadMethod"},
    "stop": frozenset({"offset"}),
    "clipPath": frozenset({"clipPathUnits"}),
    "mask": frozenset({"x", "y", "width", "height", "maskUnits", "maskContentUnits"}),
    "image": _HREF | {"x", "y", "width", "height", "preserveAspectRatio"},
    "style": frozenset({"type", "media"}),
    "filter": frozenset({"x", "y", "width", "height", "filterUnits", "primitiveUnits"}),
    **dict.fromkeys(
        ("feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feDropShadow",
         "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feMerge",
         "feMergeNode", "feMorphology", "feOffset"),
        _FILTER_PRIMITIVE,
    ),
}  # fmt: skip
# Elements whose content WeasyPrint draws again wherever they are named by url(#id).
# Names WeasyPrint acts on whatever their namespace (it reads only the local name): an
# element of another namespace may not bear one.
_ACTIVE_NAMES = frozenset(
    {
        "a", "circle", "ellipse", "image", "line", "path", "polyline", "polygon", "rect",
        "svg", "text", "textPath", "tspan", "tref", "use", "g", "defs", "symbol", "style",
        "clipPath", "mask", "filter", "marker", "pattern", "linearGradient", "radialGradient",
        "stop", "script", "foreignObject", "feImage", "set", "animate", "animateMotion",
        "animateTransform", "switch",
    }
)  # fmt: skip
# Read for their colours where they are named, never drawn.
_PAINT_SERVERS = frozenset({"linearGradient", "radialGradient"})
_REFERENCE = re.compile(r"url\(\s*['\"]?#([^'\")\s]+)", re.IGNORECASE)


@dataclass(frozen=True)
class SvgReading:
    """Why an SVG cannot be used (or None), and the raster images it carries inside, as
    bytes, for the caller to hold to its own bounds."""

    problem: str | None
    images: tuple[bytes, ...] = ()
    is_svg: bool = True  # False: well-formed XML, but another kind of document


class _Refused(Exception):
    """A part of the SVG that is not allowed: the sentence that says which."""


class _Declared(Exception):
    """The document declares a DOCTYPE."""


_DOCTYPE = "the SVG declares a DOCTYPE or an entity, which a logo may not"


def read_svg(data: bytes) -> SvgReading:
    """`data` read as an SVG image: refused unless every part is allowed and it draws at
    most `MAX_DRAWN` elements. A pure function of its bytes."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        return SvgReading(
            _DOCTYPE if _declares_doctype(data) else f"the SVG is not well-formed ({error})"
        )
    if root.getroottree().docinfo.doctype:
        return SvgReading(_DOCTYPE)
    if etree.QName(root).localname != "svg" or etree.QName(root).namespace not in (SVG, None):
        return SvgReading(None, is_svg=False)
    try:
        images = tuple(_check_nodes(root))
        _check_drawn(root)
    except _Refused as refused:
        return SvgReading(str(refused))
    return SvgReading(None, images)


def _declares_doctype(data: bytes) -> bool:
    """Whether the document declares a DOCTYPE, told before its entities are read: an entity
    bomb fails to parse on its amplification, and is told as what it declares."""

    class Target:
        def doctype(self, *_: object) -> None:
            raise _Declared

        def close(self) -> None:
            return None

    parser = etree.XMLParser(
        target=Target(), resolve_entities=False, no_network=True, load_dtd=False
    )
    try:
        etree.fromstring(data, parser)
    except _Declared:
        return True
    except etree.XMLSyntaxError:
        return False
    return False


def _check_nodes(root: etree._Element) -> Iterator[bytes]:
    """Every node held to the allow-list; yields the raster images carried inside."""
    drawing = etree.QName(root).namespace  # the SVG namespace, or none at all
    for node in _nodes(root):
        if isinstance(node, etree._Comment):
            continue
        if not isinstance(node.tag, str):  # a processing instruction (<?xml-stylesheet?>)
            raise _Refused(
                f"the SVG holds a processing instruction (line {node.sourceline}), which a "
                "logo may not"
            )
        name = etree.QName(node)
        if name.namespace == drawing:
            yield from _check_svg_element(node, name.localname)
        elif (
            not (name.namespace or "").startswith(EDITOR_NAMESPACES)
            or name.localname in _ACTIVE_NAMES
        ):
            # Only a drawing program's notes, which no renderer draws.
            raise _Refused(
                f"the SVG holds <{name.localname}> of the namespace {name.namespace or 'none'} "
                f"(line {node.sourceline}), which a logo may not"
            )


def _nodes(root: etree._Element) -> Iterator[etree._Element]:
    """The root, what it holds, and what stands beside it (processing instructions)."""
    yield from root.itersiblings(preceding=True)
    yield from root.iter()
    yield from root.itersiblings()


def _check_svg_element(node: etree._Element, name: str) -> Iterator[bytes]:
    allowed = SVG_ELEMENTS.get(name)
    if allowed is None:
        raise _Refused(f"the SVG holds <{name}> (line {node.sourceline}), which a logo may not")
    for attribute, value in node.attrib.items():
        _check_attribute(node, name, attribute, value, allowed)
    if name == "style":
        _check_style("".join(node.itertext()), node, "a style sheet")
    if name == "image":
        yield _embedded_image(node)


def _check_attribute(
    node: etree._Element, element: str, attribute: str, value: str, allowed: frozenset[str]
) -> None:
    where = f"the SVG's <{element}> (line {node.sourceline})"
    local = etree.QName(attribute).localname
    if local.lower().startswith("on"):
        raise _Refused(f"{where} has a script in its {local} attribute, which a logo may not")
    if attribute in _HREF and attribute in allowed:
        _check_href(node, element, value)
    elif attribute in _PRESENTATION:
        _check_style(value, node, f"the {attribute} attribute")
    elif (
        attribute not in _COMMON
        and attribute not in allowed
        and not attribute.startswith(tuple(f"{{{space}" for space in EDITOR_NAMESPACES))
    ):
        written = _attribute_name(attribute)
        raise _Refused(f"{where} has the attribute {written}, {_unknown(attribute, allowed)}")


def _attribute_name(attribute: str) -> str:
    """An attribute as it is written with the usual prefixes (`xlink:href`)."""
    name = etree.QName(attribute)
    prefix = {XLINK: "xlink:", XML: "xml:"}.get(name.namespace or "")
    if prefix is None and name.namespace:
        return f"{{{name.namespace}}}{name.localname}"
    return f"{prefix or ''}{name.localname}"


def _unknown(attribute: str, allowed: frozenset[str]) -> str:
    """Why an attribute is refused: unknown, or known in another case (XML's names are
    case-sensitive, so WeasyPrint would not see `xlink:HREF` as the address it looks like)."""
    known = {name.lower(): name for name in _COMMON | allowed}
    spelt = known.get(attribute.lower())
    if spelt is not None:
        return f"which SVG does not know: names are case-sensitive (write {_attribute_name(spelt)})"
    return "which a logo may not carry"


def _check_href(node: etree._Element, element: str, value: str) -> None:
    address = value.strip()
    if element == "image":
        uri = data_uri(address)
        if uri is not None and uri.media_type in ("image/png", "image/jpeg") and uri.is_base64:
            return
    elif address.startswith("#"):
        return
    raise _Refused(f"the SVG asks for {address[:80]!r}, outside the logo (line {node.sourceline})")


def _check_style(css: str, node: etree._Element, where: str) -> None:
    """A logo's CSS names only its own parts. It needs no escape, and may use none: the
    references it makes are counted on its text."""
    if "\\" in css:
        raise _Refused(
            f"the SVG's style uses a CSS escape (\\) in {where} (line {node.sourceline}), "
            "which a logo may not"
        )
    reaches = css_reaches(css, _own_part_problem, where)
    if reaches:
        raise _Refused(
            f"the SVG's style asks for a file outside the logo: {reaches[0].what} "
            f"(line {node.sourceline})"
        )


def _own_part_problem(address: str) -> str | None:
    """An SVG's style may name only a part of the SVG itself (`url(#gradient)`)."""
    return None if address.strip().startswith("#") else "an SVG may name only its own parts"


def _embedded_image(node: etree._Element) -> bytes:
    """The PNG or JPEG an <image> carries (its address was checked to be one)."""
    hrefs = [node.get(name) for name in (f"{{{XLINK}}}href", "href") if node.get(name)]
    if not hrefs:
        raise _Refused(f"the SVG's <image> (line {node.sourceline}) shows nothing: give it an href")
    uri = data_uri(hrefs[0] or "")
    payload = uri.payload() if uri else None
    if payload is None:
        raise _Refused("an image inside the SVG is damaged")
    return payload


def _check_drawn(root: etree._Element) -> None:
    """The elements drawn, references expanded, are at most `MAX_DRAWN`, and no reference
    leads back to itself.

    A rule of a `<style>` may name a clip or a mask for any element, so the count is
    multiplied by what the rules name: an upper bound, which an editor's export stays far
    below (its gradients are read for colours, not drawn, and not counted).
    """
    elements = [node for node in root.iter() if isinstance(node.tag, str)]
    by_id = {node.get("id"): node for node in elements if node.get("id")}
    named = {node: list(_named(node, by_id)) for node in elements}
    sheets = "".join(
        "".join(node.itertext()) for node in elements if etree.QName(node).localname == "style"
    )
    counts = _drawn_counts(root, named)
    by_rules = [counts[target] for target in _targets(sheets, by_id, root)]
    if counts[root] * (1 + sum(by_rules)) > MAX_DRAWN:
        raise _Refused(
            f"the SVG draws more than {MAX_DRAWN:,} elements once its <use> references are "
            "expanded (nested ones can keep WeasyPrint drawing for hours); simplify it, or "
            "export it as PNG"
        )


def _named(
    node: etree._Element, by_id: dict[str | None, etree._Element]
) -> Iterator[etree._Element]:
    """What drawing `node` draws besides its children: what its <use> or its gradient's
    href names, and what its url(#id) names (a clip, a mask, a filter)."""
    for attribute in _HREF:
        reference = (node.get(attribute) or "").strip().removeprefix("#")
        target = by_id.get(reference)
        if target is not None:
            yield _own(target, node)
    for attribute, value in node.attrib.items():
        if attribute in _PRESENTATION:
            yield from _targets(value, by_id, node)


def _targets(
    css: str, by_id: dict[str | None, etree._Element], node: etree._Element
) -> Iterator[etree._Element]:
    """The elements that url(#id) in `css` names, which WeasyPrint draws where named."""
    for reference in _REFERENCE.findall(css):
        target = by_id.get(reference)
        if target is not None and etree.QName(_own(target, node)).localname not in _PAINT_SERVERS:
            yield target


def _own(target: etree._Element, node: etree._Element) -> etree._Element:
    """A referenced element, which must be the SVG's own: WeasyPrint finds what it draws by
    a part of its name (`mypattern` is a pattern), whatever its namespace."""
    if etree.QName(target).namespace != etree.QName(node).namespace:
        raise _Refused(
            f"the SVG's <{etree.QName(node).localname}> (line {node.sourceline}) names "
            f"<{etree.QName(target).localname}> of another namespace, which a logo may not"
        )
    return target


def _drawn_counts(
    root: etree._Element, named: dict[etree._Element, list[etree._Element]]
) -> dict[etree._Element, int]:
    """How many elements drawing each element draws, references expanded (at most one more
    than `MAX_DRAWN`). Depth first without recursion: a chain of references may be long."""
    counts: dict[etree._Element, int] = {}
    entered: set[etree._Element] = set()
    pending: list[tuple[etree._Element, bool]] = [(root, False)]
    while pending:
        node, leaving = pending.pop()
        if leaving:
            total = 1 + sum(counts[after] for after in _drawn_after(node, named))
            counts[node] = min(total, MAX_DRAWN + 1)
        elif node not in counts:
            if node in entered:  # met again before it was counted: it leads to itself
                raise _Refused(
                    f"the SVG's <{etree.QName(node).localname}> (line {node.sourceline}) is "
                    "drawn inside itself through its references, without end"
                )
            entered.add(node)
            pending.append((node, True))
            pending.extend((after, False) for after in _drawn_after(node, named))
    return counts


def _drawn_after(
    node: etree._Element, named: dict[etree._Element, list[etree._Element]]
) -> list[etree._Element]:
    return [child for child in node if isinstance(child.tag, str)] + named[node]


__all__ = [
    "EDITOR_NAMESPACES",
    "MAX_DRAWN",
    "SVG_ELEMENTS",
    "SvgReading",
    "read_svg",
]
