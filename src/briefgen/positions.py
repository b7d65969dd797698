"""Where a character stands in a text, counted as an editor counts: line and column from 1.

Every message that points into a file gets its line and column here, from the character's
offset in the text: the YAML reader's own marks aside, there is one way of counting.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based, in characters


def position_at(text: str, offset: int) -> Position:
    """The line and column of the character at `offset` in `text` (lines end at a line
    feed, so a Windows line end counts once)."""
    line_start = text.rfind("\n", 0, offset) + 1
    return Position(text.count("\n", 0, offset) + 1, offset - line_start + 1)


def offset_at(text: str, position: Position) -> int:
    """Where in `text` the character at `position` is: the inverse of `position_at`."""
    line_start = 0
    for _ in range(position.line - 1):
        line_start = text.find("\n", line_start) + 1
        if line_start == 0:
            return len(text)  # past the last line
    return line_start + position.column - 1


__all__ = [
    "Position",
    "offset_at",
    "position_at",
]
