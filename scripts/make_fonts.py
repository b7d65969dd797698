"""Make the theme's bundled fonts from the upstream Source Sans 3 variable fonts.

Run once when the upstream font changes; the results are committed in
templates/fonts/. Needs only fontTools (a WeasyPrint dependency) and brotli.

    pip download --no-deps fontpkg-source-sans-3 && unzip fontpkg_source_sans_3-*.whl
    python scripts/make_fonts.py fontpkg_source_sans_3/files templates/fonts

Why a derived family: static instances load and subset faster in WeasyPrint than
a variable font, a Latin-only subset is a fifth of the size, and the OFL
forbids a modified font to keep the Reserved Font Name "Source", so the result
is renamed "Briefgen Sans".
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

FAMILY = "Briefgen Sans"
FILE_STEM = "BriefgenSans"
# Basic Latin, Latin-1, Latin Extended-A, general punctuation, currency, arrows,
# the check mark and the replacement character: every letter of English and of
# the names of most European languages, and the typographic marks briefings use.
UNICODES = (
    list(range(0x20, 0x7F))
    + list(range(0xA0, 0x180))
    + list(range(0x2010, 0x2030))
    + [0x2032, 0x2033, 0x2039, 0x203A, 0x20AC, 0x2122, 0x2190, 0x2191, 0x2192, 0x2193]
    + [0x2212, 0x2713, 0x25BA, 0x2022, 0xFFFD]
)
STYLES = {
    "Regular": ("SourceSans3[wght].ttf", 400),
    "Bold": ("SourceSans3[wght].ttf", 700),
    "Italic": ("SourceSans3-Italic[wght].ttf", 400),
    "BoldItalic": ("SourceSans3-Italic[wght].ttf", 700),
}


def make_font(source: Path, weight: int, style: str) -> TTFont:
    font = instancer.instantiateVariableFont(TTFont(source), {"wght": weight})
    options = subset.Options()
    options.layout_features = ["kern", "liga", "clig", "calt", "ccmp", "locl", "mark", "mkmk"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    rename(font, style)
    set_style_bits(font, bold=weight >= 700, italic="Italic" in style)
    return font


def set_style_bits(font: TTFont, *, bold: bool, italic: bool) -> None:
    os2, head = font["OS/2"], font["head"]
    os2.usWeightClass = 700 if bold else 400
    selection = os2.fsSelection & ~0b1100001  # clear italic, bold, regular
    selection |= (1 if italic else 0) | (0b100000 if bold else 0)
    os2.fsSelection = selection or 0b1000000
    head.macStyle = (1 if bold else 0) | (2 if italic else 0)


def rename(font: TTFont, style: str) -> None:
    name = font["name"]
    subfamily = {
        "Regular": "Regular",
        "Bold": "Bold",
        "Italic": "Italic",
        "BoldItalic": "Bold Italic",
    }[style]
    for record_id in (16, 17, 21, 22, 25):  # typographic and variation names: not needed
        name.removeNames(nameID=record_id)
    name.setName(FAMILY, 1, 3, 1, 0x409)
    name.setName(subfamily, 2, 3, 1, 0x409)
    name.setName(f"{FAMILY} {subfamily}", 4, 3, 1, 0x409)
    name.setName(f"{FILE_STEM}-{style}", 6, 3, 1, 0x409)
    name.setName(f"{FAMILY} {subfamily}; derived from Source Sans 3", 3, 3, 1, 0x409)
    for platform in (1,):
        name.removeNames(platformID=platform)


def main(source_folder: str, target_folder: str) -> None:
    target = Path(target_folder)
    for style, (file_name, weight) in STYLES.items():
        font = make_font(Path(source_folder) / file_name, weight, style)
        font["head"].modified = font["head"].created  # no clock in committed files
        font.save(target / f"{FILE_STEM}-{style}.ttf", reorderTables=True)
        font.flavor = "woff2"
        font.save(target / f"{FILE_STEM}-{style}.woff2")


if __name__ == "__main__":
    main(*sys.argv[1:3])
