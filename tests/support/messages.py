"""Every message briefgen writes, found where it is written: the theme's templates (`_()`,
`ngettext()`, `{% trans %}`), Python code (`gettext`, `untranslated`...), and the
headings of the theme's layouts. The shipped catalogues are checked against this list."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from briefgen.paths import builtin_theme
from tests.support.text import normalise

SOURCE = Path(__file__).resolve().parents[2] / "src" / "briefgen"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "untranslated": None,
    "spoken_gettext": None,
}
Key = tuple[str | None, str]  # (context, message)
NO_ADDRESS = '"Report-Msgid-Bugs-To: EMAIL@ADDRESS\\n"\n'
FIXED = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)  # the catalogues' dates, fixed
ENGLISH_HEADER = "\n".join(
    (
        "# Every word briefgen writes into a briefing, in English: each translation is",
        "# empty, as the English is the message itself. Made from the theme and the code by",
        "# `pytest tests/unit/render/test_words.py --regenerate-golden`; a test fails when",
        "# it is stale. A project rewords the English in its own templates/locale/en.po.",
    )
)


@dataclass
class Message:
    """A message and where it is written; `plural` for a message that counts."""

    plural: str | None = None
    places: list[tuple[str, int]] = field(default_factory=list)


def extracted() -> dict[Key, Message]:
    """Every message of the theme and the code, by context and text."""
    found: dict[Key, Message] = {}
    sources = (
        (builtin_theme(), [("**.j2", "jinja2.ext:babel_extract")], "templates"),
        (SOURCE, [("**.py", "python")], "src/briefgen"),
    )
    for folder, method_map, shown in sources:
        for place, line, text, _comments, context in _extract(folder, method_map):
            single, plural = (text[0], text[1]) if isinstance(text, tuple) else (text, None)
            message = found.setdefault((context, single), Message(plural))
            message.places.append((f"{shown}/{place}", line))
    for layout in sorted((builtin_theme() / "layouts").glob("*.yaml")):
        for heading in _layout_headings(layout):
            found.setdefault((None, heading), Message()).places.append(
                (f"templates/layouts/{layout.name}", 0)
            )
    return found


def _extract(folder: Path, method_map: list[tuple[str, str]]) -> Iterator[tuple]:  # type: ignore[type-arg]
    options = {"**.j2": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true"}}
    yield from extract_from_dir(
        str(folder), method_map, options_map=options, keywords=KEYWORDS, comment_tags=()
    )


def _layout_headings(layout: Path) -> list[str]:
    data = yaml.safe_load(layout.read_text(encoding="utf-8"))
    return [section["heading"] for section in data.get("sections", []) if "heading" in section]


def english_catalogue(messages: dict[Key, Message]) -> str:
    """The theme's en.po as it should be: every message, its English the message itself
    (an empty msgstr)."""
    catalogue = Catalog(
        locale="en",
        project="briefgen",
        version="1",
        fuzzy=False,
        header_comment=ENGLISH_HEADER,
        last_translator="briefgen",
        language_team="English",
        creation_date=FIXED,
        revision_date=FIXED,
    )
    for (context, text), message in sorted(messages.items(), key=lambda item: item[0][1]):
        msgid: str | tuple[str, str] = (text, message.plural) if message.plural else text
        catalogue.add(msgid, "" if not message.plural else ("", ""), context=context)
    output = io.BytesIO()
    write_po(output, catalogue, omit_header=False, no_location=True, width=88)
    # Babel writes a placeholder where no address is given: the project names none
    return output.getvalue().decode("utf-8").replace(NO_ADDRESS, "")


def read_catalogue(file: Path) -> Catalog:
    with file.open("rb") as opened:
        return read_po(opened, abort_invalid=True)


PLACEHOLDERS = re.compile(r"%\([a-z_]+\)[a-z]")
SHORTEST = 6  # a shorter piece of a message ("of", "to") is found in any text


def betraying_pieces(catalogue: Path, content: str) -> set[str]:
    """The pieces of every message of `catalogue` (between its placeholders) long enough
    to betray it in an output, less those the output's own words (`content`, normalised:
    the briefing, the settings) hold."""
    pieces = set()
    for message in read_catalogue(catalogue):
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            for piece in PLACEHOLDERS.split(str(text)):
                piece = normalise(piece).strip(" ,.:;()")
                if len(piece) >= SHORTEST and piece not in content:
                    pieces.add(piece)
    return pieces


def keys(catalogue: Catalog) -> set[Key]:
    return {
        (message.context, str(message.id[0] if isinstance(message.id, tuple) else message.id))
        for message in catalogue
        if message.id
    }


__all__ = [
    "Key",
    "Message",
    "english_catalogue",
    "extracted",
    "keys",
    "read_catalogue",
]
