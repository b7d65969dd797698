"""Which characters the PDF's fonts can draw: the theme's typeface, then the system's.

WeasyPrint sets the PDF in the theme's fonts (the bundled Briefgen Sans, or a
project's own) and, for a character none of them has, lets Pango fall back to any
font fontconfig knows on the machine that builds. A character that no font has is
drawn as an empty box, without a word. `missing_characters` says which characters
of a text that would be, before anything is laid out, so that a content check can
warn with the field: the theme's fonts are read with fontTools, and the system's
are asked of fontconfig (the library WeasyPrint itself uses) by whoever reviews, through
the engine (`briefgen.engine.system_fonts`), and only for characters the theme's fonts
lack, so a briefing in English costs no system query.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path

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


def missing_characters(
    text: str, fonts: Iterable[Path], system_has: Callable[[str], bool]
) -> list[str]:
    """The distinct characters of `text` that neither `fonts` nor a system font can draw
    (`system_has`: the engine's `system_font_has`, which asks fontconfig), in the order they
    first appear. The system is asked only of characters `fonts` lack."""
    covered = frozenset().union(*(_font_coverage(*_identity(path)) for path in fonts))
    missing: dict[str, None] = {}
    for character in text:
        if character in missing or ord(character) in covered or not _is_drawn(character):
            continue
        if not system_has(character):
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


__all__ = ["PRINT_FONT_SUFFIXES", "missing_characters", "print_fonts"]
