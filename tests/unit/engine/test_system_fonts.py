"""Which characters the machine's fonts can draw, asked of fontconfig through WeasyPrint's
own binding: each font file listed once, each read through the gate, and a file that is
not a sound font counted as drawing nothing, never raised. (tests/unit/review/test_fonts.py
compares the answers with what WeasyPrint draws.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.engine import system_fonts
from briefgen.engine.system_fonts import system_font_files, system_font_has
from briefgen.paths import builtin_theme

REGULAR = builtin_theme() / "fonts" / "BriefgenSans-Regular.ttf"
# The last code point of the last private-use plane: no font on a server draws it.
NOWHERE = "\U0010fffd"


@pytest.fixture
def listed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """The fonts fontconfig is made to list, for one test; the caches cleared around it."""
    fonts: list[Path] = []
    system_font_has.cache_clear()
    monkeypatch.setattr(system_fonts, "system_font_files", lambda: tuple(fonts))
    yield fonts
    system_font_has.cache_clear()


@pytest.mark.slow  # loads WeasyPrint, and with it fontconfig's list
def test_each_font_file_is_listed_once_with_its_whole_path() -> None:
    files = system_font_files()
    assert len(files) == len(set(files))
    assert all(path.is_absolute() for path in files)
    assert system_font_files() is files, "asked of fontconfig once a process"


@pytest.mark.slow  # reads every font file of the machine
def test_a_character_no_font_has_is_told_as_missing() -> None:
    assert not system_font_has(NOWHERE)
    assert system_font_has("A")


def test_the_characters_are_those_of_the_fonts_listed(tmp_path: Path, listed: list[Path]) -> None:
    copy = tmp_path / "Sans.ttf"
    copy.write_bytes(REGULAR.read_bytes())
    listed.append(copy)
    assert system_font_has("é")
    assert not system_font_has("中")


def test_a_damaged_or_disguised_file_draws_nothing(tmp_path: Path, listed: list[Path]) -> None:
    cut = tmp_path / "Cut.ttf"
    cut.write_bytes(REGULAR.read_bytes()[:2000])
    disguised = tmp_path / "Image.ttf"
    disguised.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    collection = tmp_path / "Broken.ttc"
    collection.write_bytes(b"ttcf" + b"\x00" * 40)
    listed.extend([cut, disguised, collection, tmp_path / "gone.ttf"])
    assert not system_font_has("A")
