"""The language a briefing is written in: a BCP 47 tag (`cy`, `en-GB`, `ur`), and what
follows from it for every output.

The tag goes on the page's `<html lang>`, on every fragment's root and in the PDF's
`/Lang`, so that a screen reader speaks the words in the right voice and the PDF engine
hyphenates and shapes them as the language does; `og:locale` gives it as Open Graph's
`cy_GB`; a right-to-left script (Urdu, Arabic) sets `dir="rtl"`.

English, the language of every briefing until now and of nearly all still, is known here
without Babel: an English briefing's build imports nothing it did not before (the
benchmark's cold build counts every import). Any other language is looked up in Babel's
copy of the CLDR, which knows its script's direction and its likely region.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Annotated, Protocol

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from briefgen.content.dates import period

# A language, then perhaps a script (Arab), a region (GB, 419) and variants: the parts of
# BCP 47 a publication uses. Private-use and extension parts are left out, as no reader
# needs them.
TAG_PATTERN = (
    r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?"
    r"(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
)
TAG = re.compile(TAG_PATTERN)
DEFAULT_LANGUAGE = "en-GB"
TAG_FIX = (
    "write the language's BCP 47 tag: `cy` for Welsh, `en-GB` for British English, `ur` "
    "for Urdu, `pl` for Polish"
)


@dataclass(frozen=True)
class Language:
    """A language as the outputs need it: its tag as written (`cy`), its primary subtag
    (`cy`: the catalogue's name), its direction and its Open Graph locale (`cy_GB`)."""

    tag: str
    primary: str
    direction: str  # "ltr" or "rtl"
    og_locale: str

    @property
    def is_english(self) -> bool:
        return self.primary == "en"

    @property
    def right_to_left(self) -> bool:
        return self.direction == "rtl"


ENGLISH = Language("en-GB", "en", "ltr", "en_GB")


@functools.cache  # a project's briefings share a few languages: each looked up once
def language_of(tag: str) -> Language:
    """The language of a tag already checked (`checked_tag`); English without Babel."""
    parts = tag.split("-")
    primary = parts[0].lower()
    region = next((part.upper() for part in parts[1:] if len(part) == 2), None)
    if primary == "en":
        return Language(tag, primary, "ltr", f"en_{region or 'GB'}")
    from babel.core import Locale, get_global  # noqa: PLC0415  (English needs no Babel)

    locale = Locale.parse(tag, sep="-")
    likely = str(get_global("likely_subtags").get(primary, primary)).split("_")
    region = region or locale.territory or (likely[-1] if len(likely) > 1 else None)
    direction = "rtl" if locale.text_direction == "rtl" else "ltr"
    return Language(tag, primary, direction, f"{primary}_{region}" if region else primary)


def untranslated(message: str) -> str:
    """Marks a message of Python code for the catalogue (a test finds every one), where it
    is written before its language is known: it is translated where it is shown
    (briefgen.render.words)."""
    return message


class Phrases(Protocol):
    """What the content's views say in the briefing's language: briefgen's own messages
    and spans of time (briefgen.render.words.Words, read from the catalogues)."""

    def gettext(self, message: str) -> str: ...

    def period(self, start: dt.date, end: dt.date) -> str: ...


class EnglishPhrases:
    """The messages as written, for a view made before any catalogue is read."""

    def gettext(self, message: str) -> str:
        return message

    def period(self, start: dt.date, end: dt.date) -> str:
        return period(start, end)


ENGLISH_PHRASES = EnglishPhrases()


def checked_tag(value: object) -> object:
    """A BCP 47 tag of a language the CLDR knows (so that its dates, direction and plural
    rules are known); anything else is the author's mistake, told with an example."""
    if not isinstance(value, str):
        return value  # pydantic's own message: a language is text
    tag = value.strip()
    if not TAG.fullmatch(tag):
        raise PydanticCustomError(
            "value_error", "{error}", {"error": f"`{tag}` is not a language tag; {TAG_FIX}"}
        )
    if tag.split("-")[0].lower() != "en" and not _known(tag):
        raise PydanticCustomError(
            "value_error",
            "{error}",
            {"error": f"briefgen knows no language `{tag}`; {TAG_FIX}"},
        )
    return tag


def known_language(tag: str) -> bool:
    """Whether `tag` is a language tag of a language the CLDR knows (English always)."""
    if not TAG.fullmatch(tag):
        return False
    return primary_of(tag) == "en" or _known(tag)


def primary_of(tag: str) -> str:
    """A tag's language, without its script or region: `cy` of `cy-GB`, `en` of `en-GB`."""
    return tag.split("-")[0].lower()


def autonym(tag: str) -> str:
    """A language's name in itself, as a link to its version is labelled: "Cymraeg",
    "English", "اردو"; capitalised as a label is."""
    primary = primary_of(tag)
    if primary == "en":
        return "English"
    from babel.core import Locale  # noqa: PLC0415 (see language_of)

    name = Locale.parse(primary).get_display_name(primary) or tag
    return name[:1].upper() + name[1:]


def _known(tag: str) -> bool:
    from babel.core import Locale, UnknownLocaleError  # noqa: PLC0415  (see language_of)

    try:
        Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        return False
    return True


LanguageTag = Annotated[
    str,
    BeforeValidator(checked_tag),
    WithJsonSchema({"type": "string", "pattern": TAG_PATTERN}),
]


__all__ = [
    "DEFAULT_LANGUAGE",
    "ENGLISH",
    "ENGLISH_PHRASES",
    "TAG",
    "TAG_PATTERN",
    "EnglishPhrases",
    "Language",
    "LanguageTag",
    "Phrases",
    "autonym",
    "checked_tag",
    "known_language",
    "language_of",
    "primary_of",
    "untranslated",
]
