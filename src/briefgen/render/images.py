"""The images a briefing shows: each read through the gate from the project's assets/
folder and checked as the logo is, by its content, its size and its pixels.

An image block names its file; the file is only read here, before the briefing is
presented, so that every output draws the bytes that were checked (as a data: URI, whose
type is told by the content, never by the file's name). A missing or unusable image is
the briefing's mistake, told at the line of its `file:`.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from briefgen.content.blocks import Image, iter_blocks
from briefgen.content.load import Loaded
from briefgen.errors import BriefgenError, ContentError, Problem
from briefgen.gate import IMAGE, read_bytes
from briefgen.render.assets import check_image


@dataclass(frozen=True)
class PlacedImage:
    """A checked image, ready for the templates: its data URI and its shape."""

    src: str
    shape: tuple[float, float] | None  # width and height, pixels or the SVG's units


FIX = (
    "put a PNG, JPEG or SVG image of at most 5 MB and 6000 pixels a side in the project's "
    "assets/ folder, and name it as file:"
)


def checked_images(loaded: Loaded, root: Path) -> dict[str, PlacedImage]:
    """Every image the briefing shows, by its `file:`, read and checked; ContentError with
    each one that cannot be drawn, at its line."""
    placed: dict[str, PlacedImage] = {}
    problems: list[Problem] = []
    for path, block in iter_blocks(loaded.briefing.sections):
        if not isinstance(block, Image) or block.file in placed:
            continue
        try:
            placed[block.file] = _read(root, block.file)
        except _Unusable as unusable:
            problems.append(
                loaded.document.problem(
                    (*path, "file"),
                    f"the image {block.file} {unusable.reason}",
                    FIX,
                    value=block.file,
                )
            )
    if problems:
        raise ContentError(problems)
    return placed


class _Unusable(Exception):
    """Why an image cannot be drawn, in words that follow its name."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _read(root: Path, file: str) -> PlacedImage:
    """One image, read through the gate (inside the project: no link out of it) and
    checked by its content."""
    path = root / file
    if not path.is_file():
        raise _Unusable("is missing" if not path.exists() else "is not a file")
    try:
        data = read_bytes(path, IMAGE, [root], shown=Path(file), what="the image")
    except BriefgenError as error:
        raise _Unusable(f"cannot be read: {error}") from None
    checked = check_image(data)
    if checked.kind is None or checked.problem:
        raise _Unusable(f"cannot be drawn: {checked.problem}")
    encoded = base64.b64encode(data).decode("ascii")
    return PlacedImage(f"data:{checked.kind};base64,{encoded}", checked.size)


__all__ = ["PlacedImage", "checked_images"]
