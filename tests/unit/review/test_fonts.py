"""Which characters the PDF's fonts can draw: the same answer WeasyPrint gives when it draws."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.engine.pdf import font_configuration
from briefgen.engine.system_fonts import system_font_files, system_font_has
from briefgen.paths import builtin_theme, theme_folders
from briefgen.review.fonts import missing_characters, print_fonts

# Latin with accents and punctuation, Greek, Cyrillic, Arabic, Hebrew, Chinese, Japanese,
# emoji, full-width letters, symbols, a combining accent, and spaces and invisible
# characters that are never drawn as glyphs of their own.
SAMPLE = (
    "Café “quotes” – £5 · Ελληνικά Русский العربية עברית 中文 日本語 🫨 ✓ ｘ９ e\u0301 "
    "\u00a0\u2009\u200b\u00ad"
)
NOTDEF = re.compile(r'\.notdef glyph rendered .*: "(.+)" \(U\+[0-9A-F]+\)')


@pytest.fixture
def weasyprint_messages() -> Iterator[list[str]]:
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = Collect(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


def drawn_as_boxes(text: str, fonts: tuple[Path, ...], messages: list[str]) -> list[str]:
    """The characters WeasyPrint draws as .notdef boxes, set in `fonts` as the theme does."""
    import weasyprint  # noqa: PLC0415 (imported with briefgen's engine)

    faces = "".join(
        f'@font-face {{ font-family: "Briefgen Sans"; src: url("{font.as_uri()}"); }}'
        for font in fonts
    )
    html = f'<style>{faces} p {{ font-family: "Briefgen Sans" }}</style><p>{text}</p>'
    weasyprint.HTML(string=html).write_pdf(font_config=font_configuration())
    found = [match.group(1) for match in map(NOTDEF.search, messages) if match]
    return list(dict.fromkeys(found))


def test_the_missing_characters_are_those_weasyprint_draws_as_boxes(
    weasyprint_messages: list[str],
) -> None:
    fonts = print_fonts([builtin_theme()])
    assert len(fonts) == 4
    predicted = missing_characters(SAMPLE, fonts, system_font_has)
    assert predicted == drawn_as_boxes(SAMPLE, fonts, weasyprint_messages)
    assert {"中", "文", "🫨"} <= set(predicted), "no font here has Chinese or emoji"
    assert "é" not in predicted


def test_english_needs_no_system_font() -> None:
    system_font_has.cache_clear()
    text = "Children’s “voices” – heard at 9:30, £0 café, 60% (12 of 20) & more…"
    assert missing_characters(text, print_fonts([builtin_theme()]), system_font_has) == []
    assert system_font_has.cache_info().misses == 0, "the bundled typeface has all of it"


def test_a_projects_own_fonts_come_before_the_themes(tmp_path: Path) -> None:
    fonts = tmp_path / "templates" / "fonts"
    fonts.mkdir(parents=True)
    own = fonts / "BriefgenSans-Regular.ttf"
    own.write_bytes((builtin_theme() / "fonts" / "BriefgenSans-Bold.ttf").read_bytes())
    found = print_fonts(theme_folders(tmp_path))
    assert found[0] == own
    assert len(found) == 4
    assert {path.name for path in found} == {
        "BriefgenSans-Regular.ttf",
        "BriefgenSans-Bold.ttf",
        "BriefgenSans-Italic.ttf",
        "BriefgenSans-BoldItalic.ttf",
    }


def test_the_system_fonts_are_those_fontconfig_lists() -> None:
    """Listed through WeasyPrint's own binding of fontconfig: Debian's DejaVu is there."""
    names = {path.name for path in system_font_files()}
    assert "DejaVuSans.ttf" in names
    assert all(path.is_absolute() for path in system_font_files())


def test_without_the_system_only_the_themes_fonts_count() -> None:
    """A review that is not told of the system's fonts (`check_briefing` without the
    engine) takes none: Greek, which DejaVu draws, is then told as missing."""
    fonts = print_fonts([builtin_theme()])
    assert missing_characters("Ελ", fonts, lambda character: False) == ["Ε", "λ"]
    assert missing_characters("Ελ", fonts, system_font_has) == []


def test_no_module_binds_a_c_library_by_hand() -> None:
    """Signatures typed by hand in ctypes crash the process when one is wrong, and name
    a library file that MSYS2 or Homebrew lay out otherwise: fontconfig is WeasyPrint's."""
    package = Path(builtin_theme()).parent / "src" / "briefgen"
    if not package.is_dir():  # an installed briefgen: its modules beside the theme
        package = Path(builtin_theme()).parent
    # A library opened by its file name, a signature typed, a structure laid out by hand. (The
    # process's own C library, `CDLL(None)`, asked for one call of ints, is not a binding.)
    by_hand = re.compile(r"CDLL\(\s*[^N)\s]|\.argtypes|\.restype|ctypes\.Structure")
    typed = [
        f"{path.name}: {found.group()}"
        for path in package.rglob("*.py")
        for found in by_hand.finditer(path.read_text(encoding="utf-8"))
    ]
    assert typed == []
