"""Which characters the PDF's fonts can draw: the theme's typeface, then the system's.

WeasyPrint sets the PDF in the theme's fonts (the bundled Briefgen Sans, or a
project's own) and, for a character none of them has, lets Pango fall back to any
font fontconfig knows on the machine that builds. A character that no font has is
drawn as an empty box, without a word. `missing_characters` says which characters
of a text that would be, before anything is laid out, so that a content check can
warn with the field: the theme's fonts are read with fontTools, and the system's
are asked of fontconfig (the library WeasyPrint itself uses), character by character
and only for characters the theme's fonts lack, so a briefing in English costs no
system query.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import io
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from briefgen.errors import BriefgenError
from briefgen.font_check import font_problem
from briefgen.gate import FONT, read_bytes

PRINT_FONT_SUFFIXES = (".ttf", ".otf")
# Characters that are never drawn as a glyph of their own: controls, invisible format
# characters (zero-width spaces, joiners, marks), spaces and line separators (Pango sets
# a space of the right width when a font lacks one), and variation selectors.
NOT_DRAWN = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def print_fonts(folders: Sequence[Path]) -> tuple[Path, ...]:
    """The font files of the theme, a project's own first: the fonts the PDF is set in."""
    found: dict[str, Path] = {}
    for folder in folders:
        fonts = folder / "fonts"
        if not fonts.is_dir():
            continue
        for path in sorted(fonts.iterdir()):
            if path.suffix.lower() in PRINT_FONT_SUFFIXES and path.is_file():
                found.setdefault(path.name, path)
    return tuple(found.values())


def missing_characters(text: str, fonts: Iterable[Path]) -> list[str]:
    """The distinct characters of `text` that neither `fonts` nor a system font can draw,
    in the order they first appear."""
    covered = frozenset().union(*(_font_coverage(*_identity(path)) for path in fonts))
    missing: dict[str, None] = {}
    for character in text:
        if character in missing or ord(character) in covered or not _is_drawn(character):
            continue
        if not system_font_has(character):
            missing[character] = None
    return list(missing)


def _is_drawn(character: str) -> bool:
    if unicodedata.category(character) in NOT_DRAWN:
        return False
    return not ("\ufe00" <= character <= "\ufe0f" or "\U000e0100" <= character <= "\U000e01ef")


def _identity(path: Path) -> tuple[Path, int, int]:
    """A font file by path, size and time: a project's font replaced under `serve` is read again."""
    status = path.stat()
    return path, status.st_size, status.st_mtime_ns


@cache
def _font_coverage(path: Path, size: int, modified: int) -> frozenset[int]:  # noqa: ARG001
    """The characters a font file has; none for one the gate will not read (a link out of
    the project, a file over a font's size) or a damaged one, which the build refuses with
    its own message when it renders (`Renderer.check_font`)."""
    # WeasyPrint's own dependency, imported only when a font is first read (20 ms).
    from fontTools.ttLib import TTFont, TTLibError  # type: ignore[import-untyped]  # noqa: PLC0415

    try:
        data = read_bytes(path, FONT)
    except BriefgenError:
        return frozenset()
    if font_problem(data) is not None:
        return frozenset()
    try:
        with TTFont(io.BytesIO(data), lazy=True) as font:
            return frozenset(font.getBestCmap() or {})
    except TTLibError:  # a table damaged inside, which the quick check above cannot see
        return frozenset()


# --- fontconfig -----------------------------------------------------------------------


class _FontSet(ctypes.Structure):
    _fields_ = [
        ("nfont", ctypes.c_int),
        ("sfont", ctypes.c_int),
        ("fonts", ctypes.c_void_p),
    ]


@cache
def _fontconfig() -> tuple[Any, Any] | None:
    """libfontconfig and its configuration with the system's fonts, loaded once a process."""
    # Debian's name first: find_library runs ldconfig in a subprocess.
    name = "libfontconfig.so.1"
    try:
        library = ctypes.CDLL(name)
    except OSError:
        other = ctypes.util.find_library("fontconfig")
        if other is None:
            return None
        library = ctypes.CDLL(other)
    pointer = ctypes.c_void_p
    signatures: dict[str, tuple[Any, list[Any]]] = {
        "FcInitLoadConfigAndFonts": (pointer, []),
        "FcCharSetCreate": (pointer, []),
        "FcCharSetAddChar": (ctypes.c_int, [pointer, ctypes.c_uint32]),
        "FcCharSetDestroy": (None, [pointer]),
        "FcPatternCreate": (pointer, []),
        "FcPatternAddCharSet": (ctypes.c_int, [pointer, ctypes.c_char_p, pointer]),
        "FcPatternDestroy": (None, [pointer]),
        "FcObjectSetCreate": (pointer, []),
        "FcObjectSetAdd": (ctypes.c_int, [pointer, ctypes.c_char_p]),
        "FcObjectSetDestroy": (None, [pointer]),
        "FcFontList": (ctypes.POINTER(_FontSet), [pointer, pointer, pointer]),
        "FcFontSetDestroy": (None, [ctypes.POINTER(_FontSet)]),
    }
    for function, (result, arguments) in signatures.items():
        getattr(library, function).restype = result
        getattr(library, function).argtypes = arguments
    return library, library.FcInitLoadConfigAndFonts()


@cache
def system_font_has(character: str) -> bool:
    """Whether any font fontconfig knows on this machine has `character`: `fc-list :charset=`."""
    loaded = _fontconfig()
    if loaded is None:
        return False
    library, config = loaded
    charset = library.FcCharSetCreate()
    pattern = library.FcPatternCreate()
    objects = library.FcObjectSetCreate()
    try:
        library.FcCharSetAddChar(charset, ord(character))
        library.FcPatternAddCharSet(pattern, b"charset", charset)
        library.FcObjectSetAdd(objects, b"file")
        fonts = library.FcFontList(config, pattern, objects)
        if not fonts:
            return False
        count = int(fonts.contents.nfont)
        library.FcFontSetDestroy(fonts)
        return count > 0
    finally:
        library.FcObjectSetDestroy(objects)
        library.FcPatternDestroy(pattern)
        library.FcCharSetDestroy(charset)


__all__ = [
    "missing_characters",
    "print_fonts",
]
