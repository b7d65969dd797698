"""Every word briefgen adds comes from a catalogue: the theme's English one lists every
message the theme and the code write (kept up to date by a test), every shipped
translation translates all of them, dates are the language's, and a project's own
catalogue comes first, is checked like any untrusted file, and warns of what it leaves
in English."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.content.dates import Precision, WrittenDate
from briefgen.content.languages import ENGLISH, language_of
from briefgen.errors import Mistake
from briefgen.paths import builtin_theme
from briefgen.render.words import (
    LOCALE_FOLDER,
    Words,
    catalogue_warnings,
    load_words,
    speaking,
    spoken_gettext,
)
from tests.support.messages import english_catalogue, extracted, keys, read_catalogue

LOCALE = builtin_theme() / LOCALE_FOLDER
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[a-z]")
WELSH = language_of("cy")


def project(tmp_path: Path, catalogues: dict[str, str]) -> tuple[list[Path], Path]:
    """A project's template folders (its own, then the theme), with its catalogues."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "briefgen.yaml").write_text("partnership:\n  name: Anytown\n")
    locale = tmp_path / "templates" / LOCALE_FOLDER
    locale.mkdir(parents=True)
    for name, text in catalogues.items():
        (locale / f"{name}.po").write_text(text, encoding="utf-8")
    return [tmp_path / "templates", builtin_theme()], tmp_path


def po(*pairs: tuple[str, str], language: str = "fr") -> str:
    header = f'msgid ""\nmsgstr ""\n"Language: {language}\\n"\n'
    header += '"Content-Type: text/plain; charset=utf-8\\n"\n'
    return header + "".join(f'\nmsgid "{m}"\nmsgstr "{s}"\n' for m, s in pairs)


def test_the_english_catalogue_lists_every_message_written(request: pytest.FixtureRequest) -> None:
    expected = english_catalogue(extracted())
    file = LOCALE / "en.po"
    if request.config.getoption("--regenerate-golden"):
        file.write_text(expected, encoding="utf-8")
    assert file.read_text(encoding="utf-8") == expected, (
        "a message was added or changed: run this test with --regenerate-golden, then "
        "translate it in every catalogue of templates/locale/"
    )


@pytest.mark.parametrize(
    "file", sorted(path.name for path in LOCALE.glob("*.po") if path.stem != "en")
)
def test_every_shipped_catalogue_translates_every_message(file: str) -> None:
    catalogue = read_catalogue(LOCALE / file)
    messages = set(extracted())
    assert keys(catalogue) >= messages, f"untranslated: {sorted(messages - keys(catalogue))}"
    assert keys(catalogue) <= messages, f"no longer written: {sorted(keys(catalogue) - messages)}"
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{file}: “{message.id}” has no translation"
        assert not message.fuzzy, f"{file}: “{message.id}” is marked fuzzy"
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        given = set(PLACEHOLDER.findall(" ".join(str(text) for text in ids)))
        for string in strings:
            assert set(PLACEHOLDER.findall(str(string))) == given, f"{file}: {message.id!r}"


def test_welsh_words_come_from_the_welsh_catalogue(tmp_path: Path) -> None:
    folders, root = project(tmp_path, {})
    words = load_words(WELSH, folders, root)
    assert words.gettext("Key message") == "Neges allweddol"
    assert words.gettext("Page %(page)s of %(pages)s") % {"page": 1, "pages": 2} == (
        "Tudalen 1 o 2"
    )
    assert words.quotes == ("\u2018", "\u2019")
    assert catalogue_warnings(words, root) == []  # the theme's catalogue is whole


def test_dates_are_written_in_the_language() -> None:
    welsh = load_words(WELSH, [builtin_theme()], builtin_theme())
    assert welsh.date(WrittenDate(2020, 5, precision=Precision.MONTH)) == "Mai 2020"
    assert welsh.date(WrittenDate(2025, 7, precision=Precision.MONTH)) == "Gorffennaf 2025"
    assert welsh.date(WrittenDate(2025, 7, 11)) == "11 Gorffennaf 2025"
    assert welsh.date(WrittenDate(2025, precision=Precision.YEAR)) == "2025"
    assert welsh.period(dt.date(2019, 7, 1), dt.date(2019, 12, 31)) == "Gorffennaf – Rhagfyr 2019"
    english = Words()
    assert english.date(WrittenDate(2020, 5, precision=Precision.MONTH)) == "May 2020"
    assert english.period(dt.date(2019, 7, 1), dt.date(2019, 12, 31)) == "July to December 2019"
    urdu = Words(language_of("ur"))
    assert urdu.date(WrittenDate(2020, 5, precision=Precision.MONTH)) == "مئی 2020"


def test_a_project_catalogue_comes_first_and_the_theme_fills_in(tmp_path: Path) -> None:
    own = po(("Key message", "Y neges"), language="cy")
    folders, root = project(tmp_path, {"cy": own})
    words = load_words(WELSH, folders, root)
    assert words.gettext("Key message") == "Y neges"
    assert words.gettext("Contents") == "Cynnwys"  # the theme's
    assert catalogue_warnings(words, root) == []


def test_a_project_language_warns_of_each_message_it_leaves_in_english(tmp_path: Path) -> None:
    folders, root = project(tmp_path, {"fr": po(("Key message", "Message clé"))})
    words = load_words(language_of("fr"), folders, root)
    assert words.gettext("Key message") == "Message clé"
    assert words.gettext("Contents") == "Contents"
    warnings = catalogue_warnings(words, root)
    assert warnings, "a message left in English is told"
    assert all(w.severity == "warning" for w in warnings)
    assert all(w.file == Path("templates/locale/fr.po") for w in warnings)
    named = " ".join(w.message for w in warnings)
    assert "“Contents”" in named
    assert "“Key message”" not in named


def test_a_project_rewords_the_english(tmp_path: Path) -> None:
    folders, root = project(tmp_path, {"en": po(("Key message", "Remember"), language="en")})
    words = load_words(ENGLISH, folders, root)
    assert words.gettext("Key message") == "Remember"
    assert words.gettext("Contents") == "Contents"
    assert catalogue_warnings(words, root) == []  # English is never missing


def test_a_translation_that_names_a_value_its_message_lacks_is_refused(tmp_path: Path) -> None:
    bad = po(("Key message", "%(secret)s"), language="cy")
    folders, root = project(tmp_path, {"cy": bad})
    with pytest.raises(Mistake) as raised:
        load_words(WELSH, folders, root)
    assert "templates/locale/cy.po:6" in raised.value.message
    assert "%(secret)s" in raised.value.message


def test_a_translation_with_a_width_is_refused(tmp_path: Path) -> None:
    bad = po(("PDF, %(size)s", "%(size)999999999s"), language="cy")
    folders, root = project(tmp_path, {"cy": bad})
    with pytest.raises(Mistake, match=re.escape("%(size)999999999s")) as raised:
        load_words(WELSH, folders, root)
    assert "placeholders exactly" in raised.value.fix


def test_a_catalogue_that_cannot_be_read_is_told_with_its_file(tmp_path: Path) -> None:
    folders, root = project(tmp_path, {"cy": 'msgid "Key message"\nmsgstr Neges\n'})
    with pytest.raises(Mistake) as raised:
        load_words(WELSH, folders, root)
    assert raised.value.message.startswith("templates/locale/cy.po:2: the message catalogue")


def test_a_catalogue_that_links_out_of_the_project_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.po"
    outside.write_text(po(("Key message", "Neges"), language="cy"))
    folders, root = project(tmp_path / "project", {})
    (root / "templates" / LOCALE_FOLDER / "cy.po").symlink_to(outside)
    with pytest.raises(Mistake, match="outside"):
        load_words(WELSH, folders, root)


def test_templates_speak_the_words_they_are_rendered_in() -> None:
    assert spoken_gettext("Key message") == "Key message"
    with speaking(load_words(WELSH, [builtin_theme()], builtin_theme())):
        assert spoken_gettext("Key message") == "Neges allweddol"
    assert spoken_gettext("Key message") == "Key message"


def test_an_english_briefing_imports_no_babel() -> None:
    """The benchmark's cold build counts every import: English reads no catalogue."""
    code = (
        "import sys\n"
        "from briefgen.content.languages import language_of\n"
        "from briefgen.render.words import load_words\n"
        "from briefgen.paths import builtin_theme\n"
        "words = load_words(language_of('en-GB'), [builtin_theme()], builtin_theme())\n"
        "words.date(__import__('datetime').date(2020, 5, 1))\n"
        "print('babel' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
