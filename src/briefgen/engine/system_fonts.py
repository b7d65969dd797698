"""Which characters a font installed on this machine can draw: asked of fontconfig, the
library WeasyPrint itself uses to find a font for a character the theme's fonts lack.

fontconfig is reached through WeasyPrint's own binding of it (`weasyprint.text.ffi`:
cffi, with declared signatures, loaded on every system WeasyPrint runs on, MSYS2's and
Homebrew's included), imported the way briefgen imports WeasyPrint (`pdf.require_weasyprint`:
no library from the project folder). It lists the font files it knows; each file's
characters are read from its `cmap` with fontTools, through the gate, once a process,
and only until a font with the character is found. A briefing in English never asks:
the review asks only for characters the theme's fonts lack (`review.fonts`), so most
builds never load WeasyPrint in the process that reviews.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from briefgen.engine.pdf import require_weasyprint
from briefgen.errors import BriefgenError
from briefgen.font_check import font_problem
from briefgen.gate import FONT, read_bytes


@cache
def system_font_has(character: str) -> bool:
    """Whether any font fontconfig knows on this machine has `character`."""
    code = ord(character)
    return any(code in _coverage(path) for path in system_font_files())


@cache
def system_font_files() -> tuple[Path, ...]:
    """The font files fontconfig lists on this machine (its system set), each once."""
    require_weasyprint()
    # WeasyPrint's binding, loaded with it (above).
    from weasyprint.text.ffi import ffi, fontconfig  # noqa: PLC0415

    config = fontconfig.FcInitLoadConfigAndFonts()
    try:
        fonts = fontconfig.FcConfigGetFonts(config, fontconfig.FcSetSystem)
        if fonts == ffi.NULL:
            return ()
        name = ffi.new("FcChar8 **")
        found: dict[Path, None] = {}
        for index in range(fonts.nfont):
            got = fontconfig.FcPatternGetString(fonts.fonts[index], b"file", 0, name)
            if got == fontconfig.FcResultMatch:
                found[Path(ffi.string(name[0]).decode("utf-8", "surrogateescape"))] = None
        return tuple(found)
    finally:
        fontconfig.FcConfigDestroy(config)


@cache
def _coverage(path: Path) -> frozenset[int]:
    """The characters a font file has (every face of a collection); none for one that
    cannot be read."""
    # WeasyPrint's own dependency.
    from fontTools.ttLib import TTCollection, TTFont, TTLibError  # type: ignore[import-untyped]  # noqa: PLC0415

    try:
        data = read_bytes(path, FONT, [path.resolve().parent])
    except BriefgenError:
        return frozenset()
    try:
        if data[:4] == b"ttcf":
            with TTCollection(io.BytesIO(data), lazy=True) as collection:
                return frozenset().union(*(font.getBestCmap() or {} for font in collection))
        if font_problem(data) is not None:
            return frozenset()
        with TTFont(io.BytesIO(data), lazy=True) as font:
            return frozenset(font.getBestCmap() or {})
    except (TTLibError, AssertionError, ValueError, KeyError):  # a damaged table
        return frozenset()


__all__ = ["system_font_files", "system_font_has"]
