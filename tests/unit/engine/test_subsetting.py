"""briefgen.engine.subsetting: fontTools' subsetter, dropping the tables it is told to drop
first."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from fontTools import subset  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont, newTable  # type: ignore[import-untyped]
from fontTools.ttLib.tables._k_e_r_n import (  # type: ignore[import-untyped]
    KernTable_format_0,
)

from briefgen.engine import subsetting
from briefgen.engine.pdf import require_weasyprint
from tests.support.project import REPOSITORY

FONTS = sorted((REPOSITORY / "templates" / "fonts").glob("*.ttf"))


def options(module: object, *, layout_closure: bool = True) -> subset.Options:
    """The options WeasyPrint 70 gives the subsetter (weasyprint/pdf/fonts.py)."""
    chosen = module.Options(  # type: ignore[attr-defined]
        retain_gids=True,
        passthrough_tables=True,
        ignore_missing_glyphs=True,
        hinting=False,
        desubroutinize=True,
        notdef_outline=False,
    )
    chosen.drop_tables += ["GSUB", "GPOS", "SVG"]
    chosen.layout_closure = layout_closure
    return chosen


def subset_with(subsetter: type[subset.Subsetter], chosen: subset.Options, font: bytes) -> TTFont:
    ttfont = TTFont(io.BytesIO(font))
    worker = subsetter(chosen)
    worker.populate(gids=set(range(1, 120, 3)))
    worker.subset(ttfont)
    return ttfont


def saved(ttfont: TTFont) -> bytes:
    """The font's bytes; its `head` table keeps its time (else the clock's second)."""
    ttfont.recalcTimestamp = False
    out = io.BytesIO()
    ttfont.save(out)
    return out.getvalue()


def with_legacy_kern(path: Path) -> bytes:
    """The font with a legacy `kern` table beside its GPOS, as many older fonts have."""
    ttfont = TTFont(path)
    table = KernTable_format_0()
    table.version, table.coverage, table.format, table.tupleIndex = 0, 1, 0, None
    order = ttfont.getGlyphOrder()
    table.kernTable = {(order[5], order[6]): -40, (order[7], order[8]): -20}
    kern = newTable("kern")
    kern.version, kern.kernTables = 0, [table]
    ttfont["kern"] = kern
    return saved(ttfont)


@pytest.mark.parametrize("path", FONTS, ids=lambda path: path.name)
def test_the_same_font_as_fonttools_without_layout_closure(path: Path) -> None:
    font = path.read_bytes()
    ours = subset_with(subsetting.Subsetter, options(subsetting), font)
    theirs = subset_with(subset.Subsetter, options(subset, layout_closure=False), font)
    assert saved(ours) == saved(theirs)
    assert not {"GSUB", "GPOS"} & set(ours.keys())


def test_a_legacy_kern_table_is_dropped_as_fonttools_drops_it() -> None:
    font = with_legacy_kern(FONTS[0])
    assert "kern" in TTFont(io.BytesIO(font))
    ours = subset_with(subsetting.Subsetter, options(subsetting), font)
    theirs = subset_with(subset.Subsetter, options(subset, layout_closure=False), font)
    assert "kern" not in ours
    assert saved(ours) == saved(theirs)


def test_a_kern_table_asked_for_is_treated_as_fonttools_treats_it() -> None:
    font = with_legacy_kern(FONTS[0])
    ours_chosen, their_chosen = options(subsetting), options(subset, layout_closure=False)
    ours_chosen.legacy_kern = their_chosen.legacy_kern = True
    ours = subset_with(subsetting.Subsetter, ours_chosen, font)
    theirs = subset_with(subset.Subsetter, their_chosen, font)
    assert ("kern" in ours) == ("kern" in theirs)
    assert saved(ours) == saved(theirs)


def test_every_glyph_asked_for_keeps_its_outline() -> None:
    original = TTFont(FONTS[0])
    ours = subset_with(subsetting.Subsetter, options(subsetting), FONTS[0].read_bytes())
    order = original.getGlyphOrder()
    kept = ours.getGlyphOrder()  # glyph ids kept (retain_gids), up to the last one asked for
    assert kept == order[: len(kept)]
    assert len(kept) >= 118
    for gid in range(1, 120, 3):
        name = order[gid]
        before, after = original["glyf"][name], ours["glyf"][name]
        assert after.numberOfContours == before.numberOfContours
        if before.numberOfContours > 0:
            assert list(after.coordinates) == list(before.coordinates)


def with_damaged_gpos(path: Path) -> bytes:
    """The font with its GPOS table overwritten past its header: HarfBuzz, which shapes the
    text, ignores a table it cannot read; fontTools' reader cannot."""
    record = TTFont(path).reader.tables["GPOS"]
    data = bytearray(path.read_bytes())
    end = record.offset + min(record.length, 4000)
    data[record.offset + 10 : end] = b"\xff" * (end - record.offset - 10)
    return bytes(data)


def test_a_damaged_table_that_is_dropped_is_never_read() -> None:
    """A project's font with a damaged GPOS: fontTools' own subsetter fails on it (and the
    PDF with it); briefgen's drops it unread, as WeasyPrint asks."""
    font = with_damaged_gpos(FONTS[0])
    with pytest.raises(struct.error):
        subset_with(subset.Subsetter, options(subset, layout_closure=False), font)
    ours = subset_with(subsetting.Subsetter, options(subsetting), font)
    assert "GPOS" not in ours
    assert ours["glyf"][ours.getGlyphOrder()[4]].numberOfContours != 0


def test_weasyprint_is_given_this_subsetter() -> None:
    require_weasyprint()
    from weasyprint.pdf import fonts  # noqa: PLC0415

    assert fonts.subset is subsetting
    assert fonts.harfbuzz_subset is None


def test_the_subset_font_keeps_the_time_its_file_gives() -> None:
    """fontTools would stamp the font it saves with the clock (or SOURCE_DATE_EPOCH): two
    builds a second apart would differ. The subset keeps the original's own time."""
    original = TTFont(FONTS[0])
    ours = subset_with(subsetting.Subsetter, options(subsetting), FONTS[0].read_bytes())
    out = io.BytesIO()
    ours.save(out)  # as WeasyPrint saves it: without touching recalcTimestamp
    assert TTFont(io.BytesIO(out.getvalue()))["head"].modified == original["head"].modified


def test_switched_off_it_reads_every_table_as_fonttools_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`BRIEFGEN_NO_FAST_PATHS=subsetter`: the tables are no longer dropped first, so the
    font is fontTools' own, layout closure and all, and a damaged GPOS is read and fails."""
    monkeypatch.setenv("BRIEFGEN_NO_FAST_PATHS", "subsetter")
    font = FONTS[0].read_bytes()
    ours = subset_with(subsetting.Subsetter, options(subsetting), font)
    theirs = subset_with(subset.Subsetter, options(subset), font)
    assert saved(ours) == saved(theirs)
    with pytest.raises(struct.error):
        subset_with(subsetting.Subsetter, options(subsetting), with_damaged_gpos(FONTS[0]))
