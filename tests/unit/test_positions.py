"""Line and column from an offset, and back: one way of counting for every message."""

from __future__ import annotations

import pytest

from briefgen.positions import Position, offset_at, position_at

TEXT = "title: A\r\nkey_message: Café\nfindings:\n  - x"


@pytest.mark.parametrize(
    ("needle", "expected"),
    [("title", (1, 1)), ("A", (1, 8)), ("key", (2, 1)), ("é", (2, 17)), ("x", (4, 5))],
)
def test_an_offset_gives_the_line_and_column_an_editor_shows(
    needle: str, expected: tuple[int, int]
) -> None:
    offset = TEXT.index(needle)
    assert position_at(TEXT, offset) == Position(*expected)
    assert offset_at(TEXT, Position(*expected)) == offset


def test_a_position_past_the_last_line_is_the_end_of_the_text() -> None:
    assert offset_at(TEXT, Position(9, 1)) == len(TEXT)
