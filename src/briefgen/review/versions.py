"""Two language versions of one briefing (`content/x.yaml` and `content/x.cy.yaml`), checked
for the same shape: a translation says the same things, in other words.

The issue asks for "the same sections, blocks, list lengths, table shapes, links (same
targets, or their counterparts in the other language), figures and numbers". The two
briefings are walked together, field by field, as their model declares them, so that a
project's own kinds of block are walked as the built-in ones, and no field is listed here
by name (but `language`, which differs by design). What a field's annotation says decides
how its values are compared:

- a value that is not words (a number, a date, true or false, a choice of the model's such
  as a block's kind or a finding's judgement, a name written to a pattern) must be equal;
- a list must be as long in both (findings, items, rows, each row's cells, bars...);
- a field given in one version must be given in the other (a `summary`, an image's `alt`);
- free text is translated, but the figures written in it must be the same, as a multiset
  ("26,000" is 26000, and "60%" and "60 y cant" both say 60: each version's numbers are read
  as its own language writes them), and so must its links, read by the renderer's Markdown
  parser: the same addresses, or their counterparts in the other language (`translated_links`:
  the English policy's address matches the Welsh policy's), and a link to a section
  (`#what-we-found`, named from its translated heading) leading to the same section; and so
  must its notes' marks (`[^1]`) and notes (`[^1]: ...`);
- an address field (a resource's `url`) is a link too.

Every difference is one error at the translation's line, whose message names both files
and lines, so that the translator can put the two side by side and mend it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import types
import typing
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit, urlunsplit

from pydantic import AnyUrl, BaseModel, RootModel
from pydantic.fields import FieldInfo
from pydantic_core import Url

from briefgen.content.anchors import Key
from briefgen.content.blocks import Block
from briefgen.content.layouts import Layout, LayoutSection
from briefgen.content.load import Loaded, Path_, field_path
from briefgen.content.markdown import reading_tokens
from briefgen.content.model import Briefing
from briefgen.content.outline import outline_of
from briefgen.content.values import Shown
from briefgen.errors import Problem, shorten
from briefgen.positions import Position

# A layout of the briefing's own sections and entries alone, to name them as links do.
OWN_SECTIONS = Layout(
    name="own sections",
    sections=[
        LayoutSection(name="sections", parts=["sections"]),
        LayoutSection(name="entries", parts=["entries"]),
    ],
)
# Fields that differ between versions by design: the language each is written in.
NOT_COMPARED: frozenset[Path_] = frozenset({("language",)})
SAME_SHAPE = "the versions must say the same things in the same shape"
LINK_FIX = (
    "link to the same address in both versions, or, where each language has its own "
    "document, list the two addresses together under `translated_links` in briefgen.yaml"
)
TextForm = Literal["plain", "markdown"]
ADDRESSES = (AnyUrl, Url)  # an address field's value: pydantic's, or pydantic-core's own


@dataclass(frozen=True)
class _Side:
    """One of the two briefings, and how messages name it and read its figures."""

    loaded: Loaded
    name: str  # "the Welsh version", or "the translation"
    short: str  # "the Welsh", or "the original"
    number: re.Pattern[str]  # a figure as its language writes it: 26,000.5
    group: str  # the characters that group thousands in it
    decimal: str  # and the one that marks decimals
    sections: dict[str, Key]  # the names a link `#name` gives its sections, to where they stand

    def where(self, path: Path_, words: str | None = None) -> str:
        """`content/x.cy.yaml:40`: where `path` (or `words` inside it) was written."""
        file, position = self.position(path, words)
        return f"{file}:{position.line}" if position else str(file)

    def position(self, path: Path_, words: str | None = None) -> tuple[Path, Position | None]:
        """The file (a snippet's, for a value included from one) and the position of `path`:
        of its key, where it is a field (`summary:`); of `words` inside it, where given."""
        document, inner = self.loaded.document.source(path)
        found = document.locate(inner, words) if words else None
        return document.file, found or document.position(inner, key=True)

    def problem(self, path: Path_, message: str, fix: str, *, words: str | None = None) -> Problem:
        """An error at `path` of this version (or at `words` inside it), named by `path`."""
        file, position = self.position(path, words)
        return Problem(
            file,
            message,
            fix,
            line=position.line if position else None,
            column=position.column if position else None,
            field=field_path(path),
        )


def compare_versions(
    first: Loaded, second: Loaded, *, translated_links: Sequence[Sequence[str]] = ()
) -> list[Problem]:
    """Every difference of shape between a briefing (`first`, in the project's language)
    and its translation (`second`), each an error at the translation's line."""
    original, translation = _versions(first, second)
    comparison = _Comparison(original, translation, _counterparts(translated_links))
    comparison.models(first.briefing, second.briefing, ())
    return sorted(comparison.problems, key=lambda p: (str(p.file), p.line or 0, p.column or 0))


def _versions(first: Loaded, second: Loaded) -> tuple[_Side, _Side]:
    """The two versions, each named by its language (the Welsh version) where it says which,
    else as the original and the translation; both so where they say the same language."""
    names = [_language_name(loaded.briefing.language) for loaded in (first, second)]
    if names[0] == names[1]:
        names = [None, None]
    labels = [
        (f"the {name} version", f"the {name}") if name else (generic, generic)
        for name, generic in zip(names, ("the original", "the translation"), strict=True)
    ]
    made = []
    for loaded, (name, short) in zip((first, second), labels, strict=True):
        group, decimal = _number_symbols(loaded.briefing.language)
        pattern = _number_pattern(group, decimal)
        sections = _sections_of(loaded.briefing)
        made.append(_Side(loaded, name, short, pattern, group, decimal, sections))
    return made[0], made[1]


@functools.cache
def _language_name(tag: str | None) -> str | None:
    """`Welsh` for `cy`, in English, as the auditors' messages are; English without Babel."""
    if tag is None:
        return None
    if tag.split("-")[0].lower() == "en":
        return "English"
    from babel import Locale  # noqa: PLC0415  (an English project needs no Babel)

    name = Locale.parse(tag, sep="-").get_language_name("en")
    return str(name) if name else tag


@functools.cache
def _number_symbols(tag: str | None) -> tuple[str, str]:
    """The characters that group thousands and mark decimals in a language: `,` and `.` in
    English and Welsh, `.` and `,` in German, a narrow space and `,` in French."""
    if tag is None or tag.split("-")[0].lower() == "en":
        return ",", "."
    from babel.numbers import get_decimal_symbol, get_group_symbol  # noqa: PLC0415

    locale = tag.replace("-", "_")
    group, decimal = get_group_symbol(locale), get_decimal_symbol(locale)
    if group.isspace():  # writers type any space between the thousands: 26 000
        group = " \u00a0\u202f"
    return group, decimal


def _number_pattern(group: str, decimal: str) -> re.Pattern[str]:
    """A figure, its thousands grouped or not: 26,000 and 26000, 1.5, 2019; never part of a
    longer run of digits (2019,2020 is two years, not a number)."""
    grouped = f"[{re.escape(group)}]"
    return re.compile(
        rf"(?<!\d)(?:\d{{1,3}}(?:{grouped}\d{{3}})+|\d+)(?:{re.escape(decimal)}\d+)?(?!\d)"
    )


def _counterparts(groups: Sequence[Sequence[str]]) -> dict[str, str]:
    """Each address of a group of translated links, to the key the whole group shares."""
    keys: dict[str, str] = {}
    for number, group in enumerate(groups):
        for address in group:
            keys[_canonical(address)] = f"translated links {number}"
    return keys


def _canonical(address: str) -> str:
    """An address as it compares: its scheme and host in small letters, its escapes read,
    no slash at its end (the parsers of addresses and of Markdown write them differently).
    An address Python cannot take apart (`https://[x`, a broken IPv6 host) compares as
    written."""
    try:
        parts = urlsplit(unquote(address.strip()))
    except ValueError:
        return address.strip()
    return urlunsplit(
        (
            parts.scheme.lower(),
            parts.netloc.lower(),
            parts.path.rstrip("/"),
            parts.query,
            parts.fragment,
        )
    )


@dataclass
class _Read:
    """What a text says that a translation keeps: its figures and its links, each with how
    it was first written (for the message)."""

    numbers: Counter[Decimal]
    written: dict[Decimal, str]
    links: list[str]
    notes: list[str] = field(default_factory=list)  # note marks `[^1]`, notes `[^1]:`


class _Comparison:
    """The walk of the two briefings together, gathering every difference."""

    def __init__(self, first: _Side, second: _Side, counterparts: dict[str, str]) -> None:
        self.first, self.second, self.counterparts = first, second, counterparts
        self.problems: list[Problem] = []

    def report(self, path: Path_, message: str, fix: str, *, words: str | None = None) -> None:
        self.problems.append(self.second.problem(path, message, fix, words=words))

    def models(self, first: BaseModel, second: BaseModel, path: Path_) -> None:
        """Two groups of fields of one class, field by field as the class declares them."""
        if isinstance(first, Block) and not self.same_kind(first, second, path):
            return
        for name, info in type(first).model_fields.items():
            at = path if isinstance(first, RootModel) else (*path, name)
            if at in NOT_COMPARED:
                continue
            annotation = _annotation(info)
            one, other = getattr(first, name), getattr(second, name)
            if _fixed(annotation):  # compared as it takes effect, given or by default
                self.values(one, other, annotation, at)
                continue
            given = (_given(first, name, one), _given(second, name, other))
            if given[0] != given[1]:
                having = (self.first, first, second) if given[0] else (self.second, second, first)
                self.given_in_one(at, second_gives=given[1], near=_near(*having, name, path))
            elif given[0]:
                self.values(one, other, annotation, at)

    def same_kind(self, first: BaseModel, second: BaseModel, path: Path_) -> bool:
        """Whether two blocks are of one kind (`paragraphs`, `table`...); if not, said."""
        kinds = [_given_names(block) for block in (first, second)]
        if kinds[0] == kinds[1]:
            return True
        one, other = (", ".join(f"`{name}`" for name in names) for names in kinds)
        self.report(
            path,
            f"block {field_path(path)} is a {other} in {self.second.name} "
            f"({self.second.where(path)}) but a {one} in {self.first.short} "
            f"({self.first.where(path)})",
            f"give the block the same kind in both versions ({one}), and translate only its "
            f"words: {SAME_SHAPE}",
        )
        return False

    def given_in_one(self, path: Path_, *, second_gives: bool, near: Path_ = ()) -> None:
        """A field that one version gives and the other not: `summary`, an image's `alt`.
        The version that lacks it is pointed at the field it would follow (`near`)."""
        named = f"`{field_path(path)}`"
        if second_gives:
            message = (
                f"{self.second.name} gives {named} ({self.second.where(path)}), "
                f"{self.first.short} does not ({self.first.where(near or path)})"
            )
            fix = f"remove it from {self.second.name}, or add it to {self.first.name} too"
        else:
            message = (
                f"{self.second.name} gives no {named} ({self.second.where(near or path)}), "
                f"{self.first.short} does ({self.first.where(path)})"
            )
            fix = f"translate {self.first.short} {named} into {self.second.name}: {SAME_SHAPE}"
            problem = self.second.problem(near or path, message, fix)
            self.problems.append(replace(problem, field=field_path(path)))
            return
        self.report(path, message, fix)

    def values(self, first: Any, second: Any, annotation: Any, path: Path_) -> None:
        """Two values at one place: groups and lists walked, texts read, the rest equal."""
        if isinstance(first, BaseModel) and type(first) is type(second):
            self.models(first, second, path)
        elif isinstance(first, list | tuple) and isinstance(second, list | tuple):
            self.lists(first, second, _items_of(annotation), path)
        elif isinstance(first, dict) and isinstance(second, dict):
            self.mappings(first, second, _items_of(annotation), path)
        elif isinstance(first, ADDRESSES) and isinstance(second, ADDRESSES):
            self.addresses(str(first), str(second), path)
        elif (form := _text_form(annotation)) and _textual(first, second):
            self.texts(first, second, path, form)
        elif not _same(first, second):
            self.differ(first, second, path)

    def lists(self, first: Sequence[Any], second: Sequence[Any], item: Any, path: Path_) -> None:
        """Lists of one length, item by item; of two lengths, said once (their items no
        longer stand side by side, so they are not compared)."""
        if len(first) == len(second):
            for index, (one, other) in enumerate(zip(first, second, strict=True)):
                self.values(one, other, item, (*path, index))
            return
        noun = "item" if len(second) == 1 else "items"
        self.report(
            path,
            f"{self.second.name} lists {len(second)} {noun} under `{field_path(path)}` "
            f"({self.second.where(path)}), {self.first.short} {len(first)} "
            f"({self.first.where(path)})",
            f"translate every item, one for one and in the same order: {SAME_SHAPE}",
        )

    def mappings(
        self, first: dict[Any, Any], second: dict[Any, Any], item: Any, path: Path_
    ) -> None:
        """Groups under names of the author's (a mapping): the same names, each compared."""
        for name in sorted(first.keys() | second.keys(), key=str):
            at = (*path, str(name))
            if name in first and name in second:
                self.values(first[name], second[name], item, at)
            else:
                self.given_in_one(at, second_gives=name in second)

    def differ(self, first: Any, second: Any, path: Path_) -> None:
        """A value that is not translated (a figure, a date, a choice), or is written in
        another form (a group of fields for a text), and differs."""
        shown = _describe(first)
        self.report(
            path,
            f"`{field_path(path)}` is {_describe(second)} in {self.second.name} "
            f"({self.second.where(path)}) but {shown} in {self.first.short} "
            f"({self.first.where(path)})",
            f"write {shown} in both versions, as {self.first.short} does: only words are "
            "translated",
        )

    def texts(self, first: Any, second: Any, path: Path_, form: TextForm) -> None:
        """Two texts (or a text and a figure, in a table's cell): their figures and links."""
        one, other = (
            _read(value, form, version)
            for value, version in ((first, self.first), (second, self.second))
        )
        self.numbers(one, other, path)
        if one.links or other.links:
            self.links(one.links, other.links, path)
        if one.notes or other.notes:
            self.notes(one.notes, other.notes, path)

    def notes(self, first: list[str], second: list[str], path: Path_) -> None:
        """The notes of two texts: the same marks (`[^1]`) and notes (`[^1]: ...`), by label."""
        counts = Counter(first), Counter(second)
        for note in sorted((counts[0] - counts[1]) | (counts[1] - counts[0])):
            what = f"note {note} ..." if note.endswith(":") else f"note mark {note}"
            extra = counts[1][note] > counts[0][note]
            here = self.second.where(path, note if extra else None)
            there = self.first.where(path, None if extra else note)
            if extra:
                said = f"has the {what} in `{field_path(path)}` ({here}), which "
                said += f"{self.first.short} has not ({there})"
            else:
                said = f"has no {what} in `{field_path(path)}` ({here}), where "
                said += f"{self.first.short} has it ({there})"
            self.report(
                path,
                f"{self.second.name} {said}",
                f"give {self.second.name} the same notes as {self.first.name}, each with "
                "the same label: only their words are translated",
                words=note if extra else None,
            )

    def numbers(self, first: _Read, second: _Read, path: Path_) -> None:
        missing = sorted(first.numbers - second.numbers)
        extra = sorted(second.numbers - first.numbers)
        if not (missing or extra):
            return
        lacks = _listed(_named(missing, first, second, self.second.short))
        has = _listed(_named(extra, second, first, self.first.short))
        words_there = first.written[missing[0]] if missing else None
        words_here = second.written[extra[0]] if extra else None
        here = self.second.where(path, words_here)
        there = self.first.where(path, words_there)
        named = f"`{field_path(path)}`"
        if missing and extra:
            said = f"writes {has} in {named} ({here}) where {self.first.short} writes {lacks}"
        elif extra:
            said = f"writes {has} in {named} ({here}), which {self.first.short} has not"
        else:
            said = f"leaves out {lacks} from {named} ({here}), which {self.first.short} writes"
        self.report(
            path,
            f"{self.second.name} {said} ({there})",
            "write the same figures in both versions, in digits: only the words around them "
            "are translated",
            words=words_here,
        )

    def links(self, first: list[str], second: list[str], path: Path_) -> None:
        """The links of two texts: the same addresses, or counterparts, as many times each."""
        keys = [
            Counter(self.key(link, version) for link in links)
            for links, version in ((first, self.first), (second, self.second))
        ]
        missing = _unmatched(first, keys[0] - keys[1], lambda link: self.key(link, self.first))
        extra = _unmatched(second, keys[1] - keys[0], lambda link: self.key(link, self.second))
        for index in range(max(len(missing), len(extra))):
            self.link_differs(
                missing[index] if index < len(missing) else None,
                extra[index] if index < len(extra) else None,
                path,
            )

    def key(self, address: str, version: _Side | None = None) -> str:
        """What a link leads to, as the two versions compare it: its address, or the group
        of its translations; for a link to a section (`#what-we-found`), where the section
        stands, as its heading's words differ between the languages."""
        section = version.sections.get(address[1:]) if version and address[:1] == "#" else None
        if section is not None:
            return f"the section at {section}"
        canonical = _canonical(address)
        return self.counterparts.get(canonical, canonical)

    def link_differs(self, missing: str | None, extra: str | None, path: Path_) -> None:
        here = self.second.where(path, extra)
        there = self.first.where(path, missing)
        named = f"`{field_path(path)}`"
        if missing and extra:
            said = f"links to {extra} in {named} ({here}) where {self.first.short} links to "
            said += f"{missing} ({there})"
        elif extra:
            said = f"links to {extra} in {named} ({here}), which {self.first.short} does not "
            said += f"link to, nor to a counterpart of it ({there})"
        else:
            said = f"has no link to {missing} in {named} ({here}), which {self.first.short} "
            said += f"links to ({there})"
        self.report(path, f"{self.second.name} {said}", LINK_FIX, words=extra)

    def addresses(self, first: str, second: str, path: Path_) -> None:
        """An address field (a resource's `url`): the same address, or its counterpart."""
        if self.key(first) == self.key(second):
            return
        self.report(
            path,
            f"`{field_path(path)}` is {second} in {self.second.name} "
            f"({self.second.where(path)}) but {first} in {self.first.short} "
            f"({self.first.where(path)}), and the two are not listed as translations of "
            "each other",
            LINK_FIX,
        )


def _near(having: _Side, model: BaseModel, lacking: BaseModel, name: str, path: Path_) -> Path_:
    """Where the version `lacking` a field would write it: at the field that stands just above
    it in the version `having` it, and that both give; else at their group (`path`)."""
    document = having.loaded.document
    missing = document.position((*path, name), key=True)
    best: tuple[int, Path_] = (0, path)
    for other in type(model).model_fields:
        at = (*path, other)
        both = _given(model, other, getattr(model, other)) and _given(
            lacking, other, getattr(lacking, other)
        )
        found = document.position(at, key=True) if both and other != name else None
        if found and missing and best[0] < found.line < missing.line:
            best = (found.line, at)
    return best[1]


def _sections_of(briefing: BaseModel) -> dict[str, Key]:
    """The names links give the briefing's own sections, subsections and entries (made from
    their headings' words), to where each stands. The layout's own sections (`#key-findings`)
    are left out: which there are depends on files outside the briefing, and their links
    are compared as written."""
    if not isinstance(briefing, Briefing):
        return {}
    outline = outline_of(briefing, "", OWN_SECTIONS)
    return {anchor.name: anchor.key for anchor in outline.anchors}


def _unmatched(links: list[str], left: Counter[str], key: Any) -> list[str]:
    """The links, in the order written, that `left` (counts by key) says found no match."""
    found = []
    remaining = Counter(left)
    for link in links:
        if remaining[key(link)] > 0:
            remaining[key(link)] -= 1
            found.append(link)
    return found


def _named(numbers: list[Decimal], this: _Read, other: _Read, other_name: str) -> list[str]:
    """Figures as this version writes them: with the number each is read as, where the other
    version writes the same characters for another number (26,000 is 26 in German); with how
    many more times, where the other writes it too, fewer times."""
    read_there = {written: number for number, written in other.written.items()}
    named = []
    for number in numbers:
        written = this.written[number]
        if read_there.get(written, number) != number:
            written += f" (read as {number:f})"
        if number in other.numbers:
            more = this.numbers[number] - other.numbers[number]
            written += f" ({'once' if more == 1 else f'{more} times'} more than {other_name})"
        named.append(written)
    return named


def _listed(words: list[str]) -> str:
    """`12`, `12 and 60`, `12, 20 and 60`."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _annotation(info: FieldInfo) -> Any:
    """A field's type with what pydantic took out of it (its bounds, how it is shown)."""
    if not info.metadata:
        return info.annotation
    return typing.Annotated[(info.annotation, *info.metadata)]


def _given(model: BaseModel, name: str, value: Any) -> bool:
    """Whether a field was written, with something in it (an empty list is nothing)."""
    if isinstance(model, RootModel):
        return True
    return name in model.model_fields_set and value is not None and value != [] and value != {}


def _given_names(model: BaseModel) -> list[str]:
    return [name for name in type(model).model_fields if getattr(model, name) is not None]


@dataclass(frozen=True)
class _Form:
    """One type a value may take, with the metadata around it (bounds, how it is shown)."""

    kind: Any
    metadata: tuple[Any, ...]


def _forms(annotation: Any, metadata: tuple[Any, ...] = ()) -> list[_Form]:
    """The types a field takes, Optional, Annotated and unions unwrapped."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *more = typing.get_args(annotation)
        return _forms(inner, (*metadata, *more))
    if origin in (typing.Union, types.UnionType):
        return [form for arg in typing.get_args(annotation) for form in _forms(arg, metadata)]
    if annotation is type(None):
        return []
    return [_Form(annotation, metadata)]


def _items_of(annotation: Any) -> Any:
    """The type of a list's items (or a mapping's values), as its annotation declares it."""
    items = []
    for form in _forms(annotation):
        origin, arguments = typing.get_origin(form.kind), typing.get_args(form.kind)
        if origin in (list, tuple) and arguments:
            items.append(arguments[0])  # list[X], tuple[X, ...]
        elif origin is dict and arguments:
            items.append(arguments[-1])
    return typing.Union[tuple(items)] if items else Any  # noqa: UP007 (made at run time)


def _patterned(metadata: tuple[Any, ...]) -> bool:
    """Whether a text must match a pattern: a name (`replaces`), not words to translate."""
    for item in metadata:
        if getattr(item, "pattern", None):
            return True
        if isinstance(item, FieldInfo) and _patterned(tuple(item.metadata)):
            return True
    return False


def _text_form(annotation: Any) -> TextForm | None:
    """How a field's text is read, where it takes free text: as plain words (a label) or as
    Markdown; None where it takes no free text (a choice, a number, a name to a pattern)."""
    for form in _forms(annotation):
        if form.kind is str and not _patterned(form.metadata):
            return "plain" if Shown.PLAIN in form.metadata else "markdown"
    return None


def _fixed(annotation: Any) -> bool:
    """Whether a field holds only values that are not translated (true or false, a number,
    a date, a choice): compared as they take effect, written or left to their default."""
    forms = _forms(annotation)
    return bool(forms) and all(_fixed_form(form.kind) for form in forms)


def _fixed_form(kind: Any) -> bool:
    if typing.get_origin(kind) is Literal:
        return True
    return isinstance(kind, type) and issubclass(kind, bool | int | float | Enum | dt.date)


def _textual(first: Any, second: Any) -> bool:
    """Two values read as texts: texts, or a text and a figure (a table's cell)."""
    kinds = [isinstance(value, str) or _is_figure(value) for value in (first, second)]
    return all(kinds) and (isinstance(first, str) or isinstance(second, str))


def _is_figure(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _same(first: Any, second: Any) -> bool:
    """Whether two values that are not translated are the same: 20 and 20.0 are; a month
    and the first day of it are not (they are shown as May 2020 and 1 May 2020)."""
    if _is_figure(first) and _is_figure(second):
        return bool(first == second)
    if isinstance(first, dt.date) and isinstance(second, dt.date):
        precisions = [getattr(value, "precision", None) for value in (first, second)]
        return first == second and precisions[0] == precisions[1]
    return type(first) is type(second) and bool(first == second)


def _describe(value: Any) -> str:
    """A value as a message shows it: `true`, the number 12, the date 2020-05, 'went well'."""
    described = ""
    if value is None:
        described = "not given"
    elif isinstance(value, bool):
        described = f"`{str(value).lower()}`"
    elif isinstance(value, Enum):
        described = f"'{value.value}'"
    elif _is_figure(value):
        described = f"the number {value:g}" if isinstance(value, float) else f"the number {value}"
    elif isinstance(value, dt.date):
        described = f"the date {getattr(value, 'written', value.isoformat())}"
    elif isinstance(value, str):
        described = f"'{shorten(value, 80)}'"
    elif isinstance(value, list | tuple):
        described = "a list"
    elif isinstance(value, BaseModel):
        fields = ", ".join(f"`{name}`" for name in _given_names(value))
        described = f"a group of fields ({fields})"
    else:
        described = f"'{shorten(value, 80)}'"
    return described


def _read(value: Any, form: TextForm, version: _Side) -> _Read:
    """The figures and links of a text as its reader sees them: the Markdown read by the
    renderer's parser, so that an address's digits are not figures and a link is a link."""
    if not isinstance(value, str):  # a figure in a table's cell
        number = Decimal(str(value)).normalize()
        return _Read(Counter([number]), {number: _shown_figure(value)}, [])
    if form == "plain":
        return _figures(value, version, [])
    words: list[str] = []
    found = _Read(Counter(), {}, [])
    for token in reading_tokens(value, paragraphs=True):
        if token.type == "list_item_open" and token.info.isdigit():
            words.append(token.info)  # an ordered list's number, as written: 3.
        elif token.type == "footnote_reference_open":
            found.notes.append(f"[^{token.meta['label']}]:")
        words.append(_inline_words(token.children or [], found))
    read = _figures("\n".join(words), version, found.links)
    return replace(read, notes=found.notes)


def _inline_words(children: Sequence[Any], found: _Read) -> str:
    """The words of a line of Markdown, noting each link's address and each note's mark in
    `found`; an autolink's words are its address, not figures."""
    words: list[str] = []
    autolink = False
    for child in children:
        if child.type in ("link_open", "image"):
            address = child.attrGet("href") or child.attrGet("src")
            found.links.append(str(address))
            autolink = child.type == "link_open" and child.markup in ("autolink", "linkify")
        elif child.type == "link_close":
            autolink = False
        elif child.type in ("softbreak", "hardbreak"):
            words.append("\n")
        elif child.type == "footnote_ref":
            found.notes.append(f"[^{child.meta['label']}]")
        elif child.type in ("text", "text_special", "code_inline") and not autolink:
            words.append(child.content)
    return "".join(words)


def _figures(text: str, version: _Side, links: list[str]) -> _Read:
    numbers: Counter[Decimal] = Counter()
    written: dict[Decimal, str] = {}
    for found in version.number.finditer(text):
        number = _number(found[0], version)
        if number is not None:
            numbers[number] += 1
            written.setdefault(number, found[0])
    return _Read(numbers, written, links)


def _number(written: str, version: _Side) -> Decimal | None:
    whole = "".join(char for char in written if char not in version.group)
    try:
        return Decimal(whole.replace(version.decimal, ".")).normalize()
    except InvalidOperation:  # no digits Python reads as a number
        return None


def _shown_figure(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


__all__ = ["NOT_COMPARED", "compare_versions"]
