"""Whether a file can be a font: its signature, and a table directory that lies inside the
file and lists `cmap` and `head`. Anything else is told in words, never raised."""

from __future__ import annotations

import struct

from hypothesis import given
from hypothesis import strategies as st

from briefgen.font_check import FONT_SUFFIXES, font_problem
from briefgen.paths import builtin_theme

REGULAR = builtin_theme() / "fonts" / "BriefgenSans-Regular.ttf"
CUT = "the file is cut short or damaged"


def sfnt(tables: dict[bytes, bytes], signature: bytes = b"\x00\x01\x00\x00") -> bytes:
    """A font's bytes: its header, its table directory, then each table."""
    offset = 12 + 16 * len(tables)
    directory, body = b"", b""
    for tag, data in tables.items():
        directory += tag + struct.pack(">III", 0, offset + len(body), len(data))
        body += data
    return signature + struct.pack(">HHHH", len(tables), 0, 0, 0) + directory + body


def test_the_themes_own_font_is_a_font() -> None:
    assert font_problem(REGULAR.read_bytes()) is None
    assert REGULAR.suffix in FONT_SUFFIXES


def test_a_small_sound_font_passes_with_each_sfnt_signature() -> None:
    for signature in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
        assert font_problem(sfnt({b"cmap": b"x" * 4, b"head": b"y" * 54}, signature)) is None


def test_an_empty_file_or_another_kind_is_told() -> None:
    assert font_problem(b"") == "the file is empty"
    for other in (b"\x89PNG\r\n\x1a\n", b"<svg/>", b"%PDF-1.7"):
        assert font_problem(other) == "it is not a font file (TrueType, OpenType, WOFF or WOFF2)"


def test_a_font_cut_short_is_damaged() -> None:
    data = REGULAR.read_bytes()
    assert font_problem(data[: len(data) // 2]) == CUT
    assert font_problem(data[:20]) == CUT
    assert font_problem(sfnt({})) == CUT, "no tables at all"


def test_a_table_that_points_past_the_end_is_damaged() -> None:
    data = bytearray(sfnt({b"cmap": b"x" * 4, b"head": b"y" * 54}))
    struct.pack_into(">I", data, 12 + 16 + 12, 10_000)  # the head table's length
    assert font_problem(bytes(data)) == CUT


def test_a_font_without_its_character_map_is_told_which_table_it_lacks() -> None:
    assert font_problem(sfnt({b"head": b"y" * 54})) == "the font lacks its cmap table"
    assert font_problem(sfnt({b"glyf": b"z"})) == "the font lacks its cmap and head table"


def test_a_web_font_is_as_long_as_its_header_says() -> None:
    for signature in (b"wOFF", b"wOF2"):
        body = signature + b"\x00" * 4 + struct.pack(">I", 44) + b"\x00" * 32
        assert font_problem(body) is None
        assert font_problem(body[:-1]) == CUT
        assert font_problem(body + b"\x00") == CUT


def test_a_collection_is_left_to_whoever_picks_a_font_of_it() -> None:
    assert font_problem(b"ttcf" + b"\x00" * 8) is None


@given(st.binary(max_size=300))
def test_any_bytes_get_an_answer_not_an_exception(data: bytes) -> None:
    answer = font_problem(data)
    assert answer is None or isinstance(answer, str)


@given(st.binary(max_size=200), st.sampled_from([b"\x00\x01\x00\x00", b"true", b"OTTO"]))
def test_any_table_directory_gets_an_answer(rest: bytes, signature: bytes) -> None:
    answer = font_problem(signature + rest)
    assert answer is None or isinstance(answer, str)
