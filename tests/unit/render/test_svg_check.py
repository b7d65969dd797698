"""An SVG logo (or icon) read by a hardened parser and held to an allow-list: what a byte
search let through is refused, what drawing programs export passes, and a logo that would
keep WeasyPrint drawing for minutes is refused in milliseconds."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from briefgen.content.config import load_project
from briefgen.errors import Mistake
from briefgen.pipeline import build
from briefgen.render.assets import check_logo
from briefgen.render.renderer import Renderer
from tests.support.project import copy_example
from tests.support.web import override

NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgYGAAAAAEAAH2FzhVAAAAAElFTkSuQmCC"
TRACKER = "https://tracker.example"


def nested_uses(levels: int, fan_out: int) -> bytes:
    """A square drawn `fan_out ** levels` times by `levels` groups of `fan_out` <use> each."""
    groups = "".join(
        f'<g id="g{level}">' + f'<use href="#g{level - 1}"/>' * fan_out + "</g>"
        for level in range(1, levels + 1)
    )
    return (
        f'<svg {NS} viewBox="0 0 48 48"><defs><rect id="g0" width="1" height="1"/>{groups}'
        f'</defs><use href="#g{levels}"/></svg>'
    ).encode()


def svg(inside: str) -> bytes:
    return f'<svg {NS} viewBox="0 0 48 48">{inside}</svg>'.encode()


# Each logo, and a phrase of the reason it is refused.
SLIPPED_PAST_A_BYTE_SEARCH = {
    "1.1 KB of nested <use> that takes WeasyPrint half a minute": (
        nested_uses(7, 6),
        "draws more than 5,000 elements once its <use> references are expanded",
    ),
    "1.8 KB of nested <use> that would take it hours": (nested_uses(13, 6), "more than 5,000"),
    "an xlink:HREF in capitals, which crashes every briefing": (
        svg(f'<image xlink:HREF="data:image/png;base64,{PNG}" width="9" height="9"/>'),
        "has the attribute xlink:HREF, which SVG does not know: names are case-sensitive "
        "(write xlink:href)",
    ),
    "an href in capitals": (
        svg(f'<image HREF="data:image/png;base64,{PNG}" width="9" height="9"/>'),
        "the attribute HREF",
    ),
    "an image without an address, which crashes every briefing": (
        svg('<image width="9" height="9"/>'),
        "shows nothing",
    ),
    "an onload handler": (
        svg('<rect width="9" height="9"/>').replace(b"<svg ", b'<svg onload="alert(1)" '),
        "onload",
    ),
    "an onClick handler in mixed case": (
        svg('<rect onClick="alert(1)" width="9" height="9"/>'),
        "has a script in its onClick attribute",
    ),
    "a <set> that makes a link of javascript:": (
        svg('<g><set attributeName="href" to="javascript:alert(1)"/></g>'),
        "the SVG holds <set>",
    ),
    "an <animate> of an href": (
        svg('<g><animate attributeName="href" values="javascript:alert(1)"/></g>'),
        "the SVG holds <animate>",
    ),
    "a style sheet loaded by a processing instruction": (
        f'<?xml-stylesheet href="{TRACKER}/a.css"?>'.encode() + svg('<rect width="9" height="9"/>'),
        "a processing instruction",
    ),
    "an @import spelt with a CSS escape": (
        svg(f'<style>@im\\70ort "{TRACKER}/a.css";</style>'),
        "uses a CSS escape",
    ),
    "a url() spelt with a CSS escape": (
        svg(f'<rect style="fill: u\\72l({TRACKER}/p.svg#g)" width="9" height="9"/>'),
        "uses a CSS escape",
    ),
    "a fill from another file": (
        svg(f'<rect fill="url({TRACKER}/p.svg#g)" width="9" height="9"/>'),
        f"asks for a file outside the logo: {TRACKER}/p.svg#g (in the fill attribute",
    ),
    "a <use> that draws itself": (
        svg('<g id="loop"><use href="#loop"/></g>'),
        "is drawn inside itself through its references, without end",
    ),
    "a <use> of another namespace, which WeasyPrint draws all the same": (
        svg('<rect id="r" width="1" height="1"/><x:use xmlns:x="urn:x" href="#r"/>'),
        "the SVG holds <use> of the namespace urn:x",
    ),
    "an XHTML iframe": (
        svg('<h:iframe xmlns:h="http://www.w3.org/1999/xhtml"/>'),
        "<iframe> of the namespace http://www.w3.org/1999/xhtml",
    ),
    "an image's xml:base": (
        svg(f'<image xml:base="{TRACKER}/" href="data:image/png;base64,{PNG}" width="9"/>'),
        "the attribute xml:base",
    ),
}

REFUSED_BEFORE_AND_STILL = {
    "a <script>": (svg("<script>alert(1)</script>"), "the SVG holds <script>"),
    "a <foreignObject>": (svg("<foreignObject/>"), "the SVG holds <foreignObject>"),
    "an external <feImage>": (
        svg(f'<filter id="f"><feImage href="{TRACKER}/x.png"/></filter>'),
        "the SVG holds <feImage>",
    ),
    "an external <use>": (svg(f'<use href="{TRACKER}/s.svg#a"/>'), f"asks for '{TRACKER}/s.svg#a'"),
    "an xlink:href under another prefix": (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:l="http://www.w3.org/1999/xlink">'
        + f'<image l:href="{TRACKER}/x.png"/></svg>'.encode(),
        f"the SVG asks for '{TRACKER}/x.png', outside the logo",
    ),
    "an XInclude": (
        svg(
            '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" '
            'parse="text"/>'
        ),
        "of the namespace http://www.w3.org/2001/XInclude",
    ),
    "a link to javascript:": (svg('<a href="javascript:alert(1)"><rect/></a>'), "holds <a>"),
    "a billion laughs": (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            f'<!ENTITY {name} "{("&" + previous + ";") * 10}">'.encode()
            for previous, name in zip("abcdefg", "bcdefgh", strict=True)
        )
        + b']><svg xmlns="http://www.w3.org/2000/svg"><text>&h;</text></svg>',
        "the SVG declares a DOCTYPE or an entity",
    ),
    "an external entity": (
        b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
        "the SVG declares a DOCTYPE or an entity",
    ),
}


@pytest.mark.parametrize("attack", list(SLIPPED_PAST_A_BYTE_SEARCH))
def test_what_slipped_past_a_byte_search_is_refused(attack: str) -> None:
    data, said = SLIPPED_PAST_A_BYTE_SEARCH[attack]
    started = time.monotonic()
    checked = check_logo(data)
    # Not a speed: these attacks cost 19 s to hours before they were refused on sight.
    assert time.monotonic() - started < 10
    assert checked.problem is not None, attack
    assert said in checked.problem


@pytest.mark.parametrize("attack", list(REFUSED_BEFORE_AND_STILL))
def test_what_a_byte_search_refused_is_still_refused(attack: str) -> None:
    data, said = REFUSED_BEFORE_AND_STILL[attack]
    problem = check_logo(data).problem
    assert problem is not None, attack
    assert said in problem


def test_the_size_bound_is_on_what_is_drawn() -> None:
    """A few nested <use> (216 squares drawn) pass; the 1.1 KB logo draws 279,936."""
    assert len(nested_uses(7, 6)) < 1100
    assert check_logo(nested_uses(3, 6)).problem is None


INKSCAPE = f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="48mm" height="48mm" viewBox="0 0 48 48" version="1.1" id="svg5"
   inkscape:version="1.2.2 (b0a8486541, 2022-12-01)" sodipodi:docname="logo.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   {NS} xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview7" pagecolor="#ffffff" inkscape:document-units="mm" />
  <defs id="defs2">
    <linearGradient inkscape:collect="always" id="linearGradient1">
      <stop style="stop-color:#00558c;stop-opacity:1;" offset="0" id="stop1" />
      <stop style="stop-color:#00558c;stop-opacity:0;" offset="1" id="stop2" />
    </linearGradient>
    <linearGradient xlink:href="#linearGradient1" id="linearGradient3" x1="0" y1="0"
       x2="48" y2="48" gradientUnits="userSpaceOnUse" />
    <clipPath clipPathUnits="userSpaceOnUse" id="clipPath1">
      <circle cx="24" cy="24" r="22" id="circle1" />
    </clipPath>
  </defs>
  <metadata id="metadata1"><rdf:RDF><cc:Work rdf:about=""><dc:format>image/svg+xml</dc:format>
    <dc:title>Logo</dc:title></cc:Work></rdf:RDF></metadata>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1" clip-path="url(#clipPath1)">
    <rect style="fill:url(#linearGradient3);stroke:none;stroke-width:0.26" id="rect1"
       width="48" height="48" x="0" y="0" />
    <path style="fill:none;stroke:#ffffff;stroke-width:3.4;stroke-linecap:round"
       d="m 12.5,28.5 c 4.5,-10.5 18.5,-10.5 23,0" id="path1" sodipodi:nodetypes="cc" />
    <use xlink:href="#path1" id="use1" transform="translate(0,6)" x="0" y="0" />
    <text xml:space="preserve" style="font-size:4px;font-family:sans-serif" x="10" y="44"
       id="text1"><tspan sodipodi:role="line" id="tspan1" x="10" y="44">WSSCP</tspan></text>
  </g>
</svg>
"""

ILLUSTRATOR = f"""<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 27.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->
<svg version="1.1" id="Layer_1" {NS} x="0px" y="0px"
\t viewBox="0 0 48 48" style="enable-background:new 0 0 48 48;" xml:space="preserve">
<style type="text/css">
\t.st0{{fill:url(#SVGID_1_);}}
\t.st1{{fill:none;stroke:#FFFFFF;stroke-width:3.4;stroke-linecap:round;}}
\t.st2{{clip-path:url(#SVGID_2_);}}
</style>
<linearGradient id="SVGID_1_" gradientUnits="userSpaceOnUse" x1="2" y1="24" x2="46" y2="24">
\t<stop  offset="0" style="stop-color:#00558C"/>
\t<stop  offset="1" style="stop-color:#0B7AB8"/>
</linearGradient>
<circle class="st0" cx="24" cy="24" r="22"/>
<g>
\t<defs><rect id="SVGID_3_" x="4" y="4" width="40" height="40"/></defs>
\t<clipPath id="SVGID_2_"><use xlink:href="#SVGID_3_"  style="overflow:visible;"/></clipPath>
\t<path class="st1 st2" d="M12.5,28.5c4.5-10.5,18.5-10.5,23,0"/>
</g>
<image width="9" height="9" xlink:href="data:image/png;base64,{PNG}"/>
</svg>
"""

FIGMA = """<svg width="48" height="48" viewBox="0 0 48 48" fill="none" xmlns="http://www.w3.org/2000/svg">
<g clip-path="url(#clip0_1_2)">
<circle cx="24" cy="24" r="22" fill="#00558C"/>
<path d="M12.5 28.5C17 18 31 18 35.5 28.5" stroke="white" stroke-width="3.4"
 stroke-linecap="round"/>
</g>
<defs>
<clipPath id="clip0_1_2">
<rect width="48" height="48" fill="white"/>
</clipPath>
</defs>
</svg>
"""


@pytest.mark.parametrize(
    "export", [INKSCAPE, ILLUSTRATOR, FIGMA], ids=["Inkscape", "Illustrator", "Figma"]
)
def test_what_drawing_programs_export_passes(export: str) -> None:
    assert check_logo(export.encode()).problem is None


def test_an_xlink_href_in_capitals_fails_the_build_as_the_logos_mistake(tmp_path: Path) -> None:
    """WeasyPrint reads no `xlink:HREF`, and crashed on the <image> it left without an
    address: in every briefing, as a fault of briefgen's."""
    folder = copy_example(tmp_path / "project")
    logo, _ = SLIPPED_PAST_A_BYTE_SEARCH["an xlink:HREF in capitals, which crashes every briefing"]
    (folder / "assets" / "logo.svg").write_bytes(logo)
    project = load_project(folder)
    with pytest.raises(Mistake) as raised:
        build(project)
    assert raised.value.message.startswith(
        "briefgen.yaml: the logo assets/logo.svg cannot be drawn: the SVG's <image> (line 1) "
        "has the attribute xlink:HREF"
    )
    assert not project.output.exists()


def test_an_icon_of_the_project_is_held_to_the_logos_rules(tmp_path: Path) -> None:
    """An icon is drawn in the PDF too (the print style sheet carries it): one that draws
    itself without end would keep WeasyPrint busy until it ran out of stack."""
    folder = copy_example(tmp_path / "project")
    override(folder, "icons/tick.svg", f'<svg {NS}><g id="loop"><use href="#loop"/></g></svg>\n')
    with pytest.raises(Mistake) as raised:
        Renderer(load_project(folder)).print_stylesheet  # noqa: B018 (it renders the icons)
    assert raised.value.message.startswith("templates/icons/tick.svg: the icon cannot be drawn:")
    assert "drawn inside itself" in raised.value.message
