"""Whether a file can be a font: its signature, and its table directory inside the file.

WeasyPrint falls back to a system font without a word when a font will not load, and
fontTools reads a table directory without checking it: a font the templates name is
checked here first, by the build (`Renderer.check_font`), the PDF engine's fetcher and
the glyph check, so that a damaged or disguised file is told as the template's mistake.
"""

from __future__ import annotations

FONT_SUFFIXES = frozenset({".ttf", ".otf", ".woff", ".woff2"})


_SFNT_SIGNATURES = {b"\x00\x01\x00\x00", b"true", b"OTTO"}


_REQUIRED_TABLES = (b"cmap", b"head")


def font_problem(data: bytes) -> str | None:
    """Why `data` cannot be a font, or None. WeasyPrint would fall back to a system font
    without a word, and the PDF would be set in a typeface nobody chose."""
    if not data:
        return "the file is empty"
    signature = data[:4]
    if signature in (b"wOFF", b"wOF2"):
        declared = int.from_bytes(data[8:12], "big")
        return None if declared == len(data) else "the file is cut short or damaged"
    if signature == b"ttcf":
        return None  # a collection: its fonts are checked by whoever picks one
    if signature not in _SFNT_SIGNATURES:
        return "it is not a font file (TrueType, OpenType, WOFF or WOFF2)"
    return _table_problem(data)


def _table_problem(data: bytes) -> str | None:
    """An sfnt font lists its tables up front: each must lie inside the file."""
    count = int.from_bytes(data[4:6], "big")
    if count == 0 or len(data) < 12 + 16 * count:
        return "the file is cut short or damaged"
    tags = set()
    for index in range(count):
        entry = data[12 + 16 * index : 28 + 16 * index]
        offset, length = int.from_bytes(entry[8:12], "big"), int.from_bytes(entry[12:16], "big")
        if offset + length > len(data):
            return "the file is cut short or damaged"
        tags.add(entry[:4])
    missing = [tag.decode() for tag in _REQUIRED_TABLES if tag not in tags]
    return f"the font lacks its {' and '.join(missing)} table" if missing else None


__all__ = [
    "FONT_SUFFIXES",
    "font_problem",
]
