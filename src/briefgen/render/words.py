"""Every word briefgen adds to a briefing, in the briefing's language: its message catalogues.

The words briefgen writes itself ("Key message", "Download the briefing", "Page 1 of 2",
the judgement words, the frame's terms, the month names) come from a gettext catalogue,
one a language: `templates/locale/<language>.po`. The theme ships `en.po`, which lists
every message with its English as written (its translations are empty: English is the
message itself), and `cy.po`, the Welsh. A project adds a language, or rewords one, with
its own `templates/locale/<language>.po` (a project's `en.po` rewords the English): its
translations come first, the theme's fill in the rest, and a message neither translates
is a warning that names it (the page would show it in English).

Catalogues are read as `.po` text, not compiled `.mo` files. A project's translator
edits a `.po` file in any text editor or Poedit, and briefgen reads it as it is: asking
auditors to compile it would be a step that gets forgotten, and a `.mo` shipped beside a
`.po` can drift from it. Reading one costs a few milliseconds, once a build, and only for
a language other than English: an English briefing reads no catalogue (unless its project
rewords the English) and imports nothing of Babel.

A catalogue is read through the gate like any template (it may come from anyone): its
translations may not hold a printf width (`%(name)999999999s` would make gigabytes) nor
name a value the message does not give (the page would fail to render).
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.content.dates import Precision, WrittenDate, period, whole_months
from briefgen.content.languages import ENGLISH, Language
from briefgen.errors import Mistake, Problem
from briefgen.gate import TEMPLATE, read_text
from briefgen.paths import TEMPLATES_FOLDER, readable_roots

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

LOCALE_FOLDER = "locale"
REFERENCE = "en"  # the theme's en.po lists every message briefgen writes
# A placeholder in a message: `%(count)s`; with a width or a precision (`%(n)20s`) it is
# refused in a catalogue.
PLACEHOLDER = re.compile(r"%\((?P<name>[a-z_]+)\)(?P<format>[^a-zA-Z%]*)[a-zA-Z]")
# A line of a .po file: a comment, a keyword and its quoted text, or more quoted text.
PO_LINE = re.compile(
    r'#.*|(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"'
)
# Babel's skeletons (CLDR's patterns, by language) for a date as written.
SKELETONS = {Precision.DAY: "yMMMMd", Precision.MONTH: "yMMMM"}


@dataclass
class Words:
    """The words of one language: its messages, and its dates as Babel writes them."""

    language: Language = ENGLISH
    translations: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)
    missing: tuple[str, ...] = ()  # messages shown in English, for the project's warning
    catalogue: Path | None = None  # the project's own catalogue, where it has one

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, count: int) -> str:
        return self.translations.npgettext(context, singular, plural, count)

    def date(self, date: dt.date) -> str:
        """A date as written ("Mai 2020", "11 Gorffennaf 2025"), in the language."""
        written = WrittenDate.of(date) if not isinstance(date, WrittenDate) else date
        if self.language.is_english or written.precision is Precision.YEAR:
            return written.shown
        from babel.dates import format_skeleton  # noqa: PLC0415  (English needs no Babel)

        locale = self.language.tag.replace("-", "_")
        return str(format_skeleton(SKELETONS[written.precision], written, locale=locale))

    def period(self, start: dt.date, end: dt.date) -> str:
        """A span of time: English says what the ends share once ("March to June 2025");
        another language gives both ends whole, joined by its own word."""
        if self.language.is_english:
            return period(start, end)
        begins, ends = whole_months(WrittenDate.of(start), WrittenDate.of(end))
        first, last = self.date(begins), self.date(ends)
        if first == last:
            return first
        if begins.precision is Precision.MONTH is ends.precision and begins.year == ends.year:
            first = self.month_name(begins)  # "Gorffennaf – Rhagfyr 2019"
        return self.gettext("%(start)s to %(end)s") % {"start": first, "end": last}

    def month_name(self, date: dt.date) -> str:
        """A month's name as it stands alone ("Gorffennaf")."""
        from babel.dates import format_date  # noqa: PLC0415  (English needs no Babel)

        return str(format_date(date, "LLLL", locale=self.language.tag.replace("-", "_")))

    @property
    def quotes(self) -> tuple[str, str]:
        """The language's quotation marks, opening and closing."""
        return (
            self.pgettext("opening quotation mark", "\u201c"),
            self.pgettext("closing quotation mark", "\u201d"),
        )


ENGLISH_WORDS = Words()
_speaking: ContextVar[Words] = ContextVar("briefgen_words", default=ENGLISH_WORDS)


@contextmanager
def speaking(words: Words) -> Iterator[None]:
    """Templates rendered inside speak `words`' language (`_()`, `{% trans %}`)."""
    token = _speaking.set(words)
    try:
        yield
    finally:
        _speaking.reset(token)


def spoken_gettext(message: str) -> str:
    return _speaking.get().gettext(message)


def spoken_ngettext(singular: str, plural: str, count: int) -> str:
    return _speaking.get().ngettext(singular, plural, count)


def spoken_pgettext(context: str, message: str) -> str:
    return _speaking.get().pgettext(context, message)


def spoken_npgettext(context: str, singular: str, plural: str, count: int) -> str:
    return _speaking.get().npgettext(context, singular, plural, count)


# --- Reading the catalogues -------------------------------------------------------------


def load_words(language: Language, folders: Sequence[Path], root: Path) -> Words:
    """The words of `language`: the project's catalogue (the first of `folders`, the
    project's templates, where it has one) before the theme's (the last). English needs
    the project's catalogue only: the theme's English is the message itself."""
    found = [catalogue_file(folder, language) for folder in folders]
    own = found[0] if len(folders) > 1 else None
    theme = found[-1]
    if language.is_english and own is None:
        return Words(language)
    if own is None and theme is None:  # a language no catalogue speaks: said once
        return Words(language, missing=("*",), catalogue=root / TEMPLATES_FOLDER / LOCALE_FOLDER)
    catalogues = [read_catalogue(file, root) for file in (own, theme) if file is not None]
    if language.is_english:
        catalogues = catalogues[:1]  # the project's only
    translations = gettext.NullTranslations()
    for catalogue in reversed(catalogues):  # the theme's first, then the project's over it
        compiled = compiled_catalogue(catalogue)
        compiled.add_fallback(translations)
        translations = compiled
    missing: tuple[str, ...] = ()
    if own is not None and not language.is_english:
        missing = untranslated_messages(catalogues, reference_messages(folders[-1], root))
    return Words(language, translations, missing, own)


def catalogue_file(folder: Path, language: Language) -> Path | None:
    """`locale/cy-GB.po`, else `locale/cy.po`: a region's own words before its language's."""
    for name in dict.fromkeys((language.tag, language.primary)):
        candidate = folder / LOCALE_FOLDER / f"{name}.po"
        if candidate.is_file():
            return candidate
    return None


def read_catalogue(file: Path, root: Path) -> Catalog:
    """A catalogue read through the gate; one that cannot be read, or whose translations
    could harm a render, is the project's mistake, at its line."""
    from babel.messages.pofile import PoFileError, read_po  # noqa: PLC0415

    text = read_text(file, TEMPLATE, readable_roots(root))
    check_lines(text, file, root)
    try:
        catalogue = read_po(io.StringIO(text), abort_invalid=True)
    except PoFileError as error:
        raise Mistake(
            f"{shown_name(file, root)}: the message catalogue cannot be read: {error}",
            "correct the catalogue there (msgid, then msgstr, each in double quotes); Poedit "
            "shows where",
        ) from None
    for message in catalogue:
        refuse_harmful(message.id, message.string, message.lineno, file, root)
    return catalogue


def check_lines(text: str, file: Path, root: Path) -> None:
    """Each line a comment, a keyword with its text in double quotes, or more of that text:
    Babel reads `msgstr Neges` as "ege" without a word, so such a line is refused here."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or PO_LINE.fullmatch(line.strip()):
            continue
        raise Mistake(
            f"{shown_name(file, root)}:{number}: the message catalogue cannot be read: "
            f"`{line.strip()[:60]}` is not a line of a .po file",
            'write each text in double quotes, after its keyword: msgstr "Neges allweddol"',
        )


def refuse_harmful(
    message: object, translation: object, line: int | None, file: Path, root: Path
) -> None:
    """A translation may use the placeholders of its message, as they are written there."""
    texts = list(message) if isinstance(message, tuple | list) else [message]
    given = {
        found.group(0)
        for text in texts
        if isinstance(text, str)
        for found in PLACEHOLDER.finditer(text)
    }
    strings = list(translation) if isinstance(translation, tuple | list) else [translation]
    for string in strings:
        for found in PLACEHOLDER.finditer(string if isinstance(string, str) else ""):
            if found.group(0) not in given:
                raise Mistake(
                    f"{shown_name(file, root)}:{line}: the translation uses "
                    f"`{found.group(0)}`, which its message does not give",
                    "write the placeholders exactly as the msgid writes them "
                    f"({', '.join(sorted(given)) or 'it has none'}), or none",
                )


def compiled_catalogue(catalogue: Catalog) -> gettext.GNUTranslations:
    """The catalogue as Python's gettext reads it (with its plural rule), made in memory."""
    from babel.messages.mofile import write_mo  # noqa: PLC0415

    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def reference_messages(theme: Path, root: Path) -> list[tuple[str | None, object]]:
    """Every message briefgen writes: the theme's English catalogue, by context and id."""
    file = theme / LOCALE_FOLDER / f"{REFERENCE}.po"
    return [(m.context, m.id) for m in read_catalogue(file, root) if m.id]


def untranslated_messages(
    catalogues: list[Catalog], reference: list[tuple[str | None, object]]
) -> tuple[str, ...]:
    """The messages of `reference` that no catalogue of the language translates."""
    translated: set[tuple[str | None, object]] = set()
    for catalogue in catalogues:
        for message in catalogue:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.id and all(strings):
                translated.add((message.context, message.id))
    return tuple(_text(key[1]) for key in reference if key not in translated)


def _text(message: object) -> str:
    return message[0] if isinstance(message, tuple | list) else str(message)


def shown_name(file: Path, root: Path) -> Path:
    try:
        return file.relative_to(root)
    except ValueError:
        return Path("briefgen's theme") / file.name


def catalogue_warnings(words: Words, root: Path) -> list[Problem]:
    """A warning for each message the project's catalogue leaves in English."""
    if words.catalogue is None:
        return []
    if words.missing == ("*",):
        tag = words.language.tag
        return [
            Problem(
                file=shown_name(words.catalogue, root),
                message=f"no catalogue speaks `{tag}`: briefgen's own words are in English",
                fix=f"copy briefgen's templates/locale/en.po to templates/locale/{tag}.po, "
                "and write each msgstr in this language",
                severity="warning",
            )
        ]
    return [
        Problem(
            file=shown_name(words.catalogue, root),
            message=f"the catalogue has no translation of “{message}”, shown in English",
            fix=f'add msgid "{message}" with its msgstr, the words in this language',
            severity="warning",
        )
        for message in words.missing
    ]


__all__ = [
    "ENGLISH_WORDS",
    "LOCALE_FOLDER",
    "Words",
    "catalogue_file",
    "catalogue_warnings",
    "load_words",
    "read_catalogue",
    "speaking",
    "spoken_gettext",
    "spoken_ngettext",
    "spoken_npgettext",
    "spoken_pgettext",
]
