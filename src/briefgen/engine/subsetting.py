"""The font subsetter WeasyPrint is given: fontTools', with the font's own time, reading only
what it keeps.

WeasyPrint 70 subsets each font of a PDF with HarfBuzz's subsetter where the system has it
(Debian's libharfbuzz-subset0) and with fontTools where it does not; the two write different
font bytes, so the same briefing would give another PDF on another machine. briefgen gives
WeasyPrint this module in place of `fontTools.subset` (`briefgen.engine.pdf`), on every machine,
and it changes two things of fontTools' `Subsetter`:

- The subset font keeps the time its file gives (`recalcTimestamp` off, a public attribute of
  fontTools' `TTFont`): fontTools would stamp it with the clock, or SOURCE_DATE_EPOCH where it
  is set, so two builds a second apart would differ.
- fontTools 4.68 and 4.69 read the whole of GDEF, GSUB and GPOS before they drop the tables
  they are told to drop (WeasyPrint drops GSUB and GPOS: a PDF holds glyphs already shaped),
  and follow GSUB's substitutions to keep glyphs that no page draws. Those tables are dropped
  first here, so they are never read: 20 of the 40 ms the bundled typeface took a PDF. The font
  written is the one fontTools writes with `layout_closure` off (tests/test_subsetting.py).
  This is a fast path (`BRIEFGEN_NO_FAST_PATHS=subsetter` switches it off); fontTools is held
  to the releases it was tested with (pyproject.toml).
"""

from __future__ import annotations

from typing import Any

from fontTools import subset  # type: ignore[import-untyped]

from briefgen.fast_paths import allowed

Options = subset.Options


class Subsetter(subset.Subsetter):  # type: ignore[misc]  # fontTools has no types
    def subset(self, font: Any) -> None:
        font.recalcTimestamp = False
        if allowed("subsetter"):
            drop_tables_first(font, self.options)
        super().subset(font)


def drop_tables_first(font: Any, options: Any) -> None:
    """Remove the tables `options` drops before fontTools reads them."""
    # fontTools drops a legacy `kern` table where there is GPOS (unless it is told to keep
    # `kern`): its rule needs GPOS still there, so it is applied here first.
    gpos_dropped = "GPOS" in font and "GPOS" in options.drop_tables
    if gpos_dropped and "kern" in font and not options.legacy_kern:
        del font["kern"]
    for tag in list(font.keys()):
        if tag != "GlyphOrder" and tag.strip() in options.drop_tables:
            del font[tag]


__all__ = ["Options", "Subsetter"]  # what WeasyPrint uses of the module it is given
