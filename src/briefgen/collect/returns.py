"""A returned discussion record read by its tags: what a team wrote, wherever its word
processor put it.

The record (`briefgen.publish.record`) tags each field with what it holds and names its
briefing in custom document properties. Word, LibreOffice and Google Docs each save it
their own way: runs split and merged, a placeholder's style kept or dropped, tracked
changes around the words, rows added to a table with or without fields in them. So:

- a field is a content control found by its tag, or, where the tag is gone (LibreOffice
  keeps a control's label and drops its tag), by its label, as the record's properties
  pair them; its words are those of its runs (a tracked insertion's included, a tracked
  deletion's not: the changes read as accepted); a field that still shows its placeholder,
  marked as one or (LibreOffice drops the marks) word for word, is empty;
- a table is read by row and column: the columns are named by the tags of the cells of
  its first row of fields, and every row after it is read, a row the team added (with no
  fields) too, each cell's words whether or not they are inside a field;
- words typed outside the fields (a note under a question, a date beside its field) are
  found by the fingerprints of the record's own words and kept as notes, as are comments.
  Nothing the team wrote is lost.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from briefgen.collect.package import Package
from briefgen.publish.record import (
    ACTION_COLUMNS,
    PARTICIPANT_COLUMNS,
    RECORD_FORMAT,
    W,
    fingerprint,
    property_value,
    words_outside_fields,
)

OLD_TAG = re.compile(r"briefgen-field-\d+")  # the first records' tags, before they named fields
NUMBERED = re.compile(r"(answer)\.(\d+)")


@dataclass(frozen=True)
class Identity:
    """The briefing a record belongs to, as its custom properties name it, and its fields:
    the tag of each label, and the placeholder of each tag."""

    slug: str
    version: str
    published: str
    content: str  # the hash of the briefing's content when the record was built
    title: str
    questions: tuple[str, ...]  # the words of each question, answer.1 first
    tags: dict[str, str] = field(default_factory=dict)  # label to tag
    placeholders: dict[str, str] = field(default_factory=dict)  # tag to placeholder

    def tag_of(self, control: Any) -> str:
        """A control's tag, or its label's where a word processor dropped the tag."""
        properties = control.find(f"{{{W}}}sdtPr")
        if properties is None:
            return ""
        tag = properties.find(f"{{{W}}}tag")
        if tag is not None and tag.get(f"{{{W}}}val"):
            return str(tag.get(f"{{{W}}}val"))
        alias = properties.find(f"{{{W}}}alias")
        return "" if alias is None else self.tags.get(str(alias.get(f"{{{W}}}val", "")), "")

    def words_of(self, control: Any) -> str:
        """What the team wrote in a control: "" while it shows its placeholder."""
        words = field_words(control)
        return "" if words == self.placeholders.get(self.tag_of(control)) else words


@dataclass(frozen=True)
class Action:
    what: str
    owner: str
    by: str


@dataclass
class Record:
    """What a team wrote in a record: each field by its tag, the rows of its tables, and
    what it wrote elsewhere. `changes`: the file has tracked changes (read as accepted)."""

    identity: Identity
    fields: dict[str, str] = field(default_factory=dict)  # date, team, sent_by, date_sent, answer.N
    participants: list[tuple[str, str]] = field(default_factory=list)  # (role, agency)
    actions: list[Action] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (where, words)
    changes: bool = False

    @property
    def answers(self) -> dict[int, str]:
        """Each answer given, by its question's number (answer.N)."""
        found = {}
        for tag, words in self.fields.items():
            match = NUMBERED.fullmatch(tag)
            if match and words:
                found[int(match.group(2))] = words
        return found

    @property
    def empty(self) -> bool:
        """Nothing written anywhere: a blank record sent back."""
        return not (any(self.fields.values()) or self.participants or self.actions or self.notes)


class NotARecord(Exception):
    """A Word document briefgen did not make, or one of its records too old to read;
    `reason` follows the file's name in the listing."""

    def __init__(self, reason: str, fix: str, *, old: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix
        self.old = old


def read_record(package: Package) -> Record:
    """The record in a Word file's parts, or `NotARecord`."""
    identity = identity_of(package)
    body = package.document.find(f"{{{W}}}body")
    record = Record(identity)
    if body is None:
        return record
    record.changes = next(body.iter(f"{{{W}}}ins", f"{{{W}}}del"), None) is not None
    own = set((property_value(package.properties, "own-words") or "").split())
    for element in body:
        if element.tag == f"{{{W}}}tbl":
            _read_table(element, record)
        else:
            _read_block(element, record, own)
    record.notes += list(_comments(package.comments))
    return record


def identity_of(package: Package) -> Identity:
    """The briefing the record names; `NotARecord` for a document that names none."""
    properties = package.properties
    made = property_value(properties, "record")
    slug = property_value(properties, "slug")
    if made is None or slug is None:
        tags = {tag for tag in _tags(package.document) if OLD_TAG.fullmatch(tag)}
        if tags:
            raise NotARecord(
                "is an older version of the discussion record, made before records said "
                "which briefing they belong to: it is not read",
                "copy its answers by hand, or ask the team to fill in the record the briefing "
                "links now",
                old=True,
            )
        raise NotARecord(
            "is not a discussion record made by briefgen (it names no briefing)",
            "leave it out of the folder, or ask whoever sent it for the record the briefing links",
        )
    if made != RECORD_FORMAT:
        raise NotARecord(
            f"is a discussion record of a later version of briefgen (format {made})",
            "update briefgen, then collect again",
            old=True,
        )
    count = int(property_value(properties, "questions") or "0")
    fields = _fields_of(property_value(properties, "fields"))
    return Identity(
        slug=slug,
        version=property_value(properties, "version") or "",
        published=property_value(properties, "published") or "",
        content=property_value(properties, "content") or "",
        title=property_value(properties, "title") or slug,
        questions=tuple(
            property_value(properties, f"question.{number}") or f"Question {number}"
            for number in range(1, min(count, 500) + 1)
        ),
        tags={label: tag for tag, label, _ in fields},
        placeholders={tag: placeholder for tag, _, placeholder in fields},
    )


def _fields_of(written: str | None) -> list[tuple[str, str, str]]:
    """The record's fields as its properties list them: tag, label and placeholder each;
    none where the list is missing or not as briefgen writes it."""
    try:
        found = json.loads(written or "[]")
    except ValueError:
        return []
    if not isinstance(found, list):
        return []
    return [
        (item[0], item[1], item[2])
        for item in found
        if isinstance(item, list) and len(item) == 3 and all(isinstance(x, str) for x in item)
    ]


def _tags(root: Any) -> Iterator[str]:
    for tag in root.iter(f"{{{W}}}tag"):
        yield str(tag.get(f"{{{W}}}val", ""))


def field_words(control: Any) -> str:
    """The words a team wrote in a content control: "" while it shows its placeholder.
    Paragraphs are kept as lines; a tracked deletion's words are not among them."""
    properties = control.find(f"{{{W}}}sdtPr")
    if properties is not None and properties.find(f"{{{W}}}showingPlcHdr") is not None:
        return ""
    content = control.find(f"{{{W}}}sdtContent")
    if content is None:
        return ""
    paragraphs = [content, *content.iter(f"{{{W}}}p")]
    lines = []
    for paragraph in paragraphs:
        if paragraph is content and content.find(f".//{{{W}}}p") is not None:
            continue  # its paragraphs are read one by one
        words = "".join(text.text or "" for text in _texts(paragraph))
        lines.append(" ".join(words.split()))
    return "\n".join(line for line in lines if line)


def _texts(element: Any) -> Iterator[Any]:
    """The text elements of a paragraph's runs, a placeholder-styled run's left out."""
    for run in element.iter(f"{{{W}}}r"):
        style = run.find(f"{{{W}}}rPr/{{{W}}}rStyle")
        if style is not None and style.get(f"{{{W}}}val") == "PlaceholderText":
            continue
        yield from run.iter(f"{{{W}}}t")


def _read_block(element: Any, record: Record, own: set[str]) -> None:
    """A paragraph or a block-level control: its fields, and its words outside them."""
    controls = [element] if element.tag == f"{{{W}}}sdt" else []
    controls += list(element.iter(f"{{{W}}}sdt")) if not controls else []
    identity = record.identity
    for control in controls:
        tag = identity.tag_of(control)
        if tag:
            _keep(record.fields, tag, identity.words_of(control))
    paragraphs = [element] if element.tag == f"{{{W}}}p" else []
    for paragraph in paragraphs:
        words = words_outside_fields(paragraph)
        if words and fingerprint(words) not in own:
            record.notes.append(("outside the fields", words))


def _keep(fields: dict[str, str], tag: str, words: str) -> None:
    """A field's words; a tag met twice (a field copied) keeps both."""
    if fields.get(tag):
        fields[tag] = f"{fields[tag]}\n{words}" if words else fields[tag]
    else:
        fields[tag] = words


def _read_table(table: Any, record: Record) -> None:
    """The rows of the participants' or the actions' table, by position, once its first
    row of fields has named the columns; a table of neither is kept as notes."""
    rows = table.findall(f"{{{W}}}tr")
    columns: list[str] | None = None
    kind = ""
    for row in rows:
        cells = row.findall(f"{{{W}}}tc")
        if columns is None:
            named = [_column_of(cell, record.identity) for cell in cells]
            if not any(named):
                continue  # the header row, or a row above the fields
            kind = "action" if any(name in ACTION_COLUMNS for name in named) else "participant"
            columns = named
        words = [_cell_words(cell, record.identity) for cell in cells]
        if not any(words):
            continue
        by_column = dict(zip(columns, words, strict=False))
        extra = words[len(columns) :]
        if kind == "action":
            what = " ".join([by_column.get("what", ""), *extra]).strip()
            record.actions.append(Action(what, by_column.get("owner", ""), by_column.get("by", "")))
        else:
            role, agency = (by_column.get(name, "") for name in PARTICIPANT_COLUMNS)
            record.participants.append((role, " ".join([agency, *extra]).strip()))


def _column_of(cell: Any, identity: Identity) -> str:
    """The column a cell's field names: `role` of role.3, `owner` of action.2.owner."""
    for control in cell.iter(f"{{{W}}}sdt"):
        parts = identity.tag_of(control).split(".")
        if parts[0] in PARTICIPANT_COLUMNS and len(parts) == 2:
            return parts[0]
        if parts[0] == "action" and len(parts) == 3 and parts[2] in ACTION_COLUMNS:
            return parts[2]
    return ""


def _cell_words(cell: Any, identity: Identity) -> str:
    """Everything written in a cell, in its fields or beside them, on one line."""
    lines = []
    for paragraph in cell.iter(f"{{{W}}}p"):
        inside = [identity.words_of(control) for control in paragraph.iter(f"{{{W}}}sdt")]
        outside = words_outside_fields(paragraph)
        lines += [words for words in (*inside, outside) if words]
    return " ".join(" ".join(lines).split())


def _comments(root: Any) -> Iterator[tuple[str, str]]:
    """Each comment's words, as a note: a reviewer's comment is part of what came back."""
    if root is None:
        return
    for comment in root.iter(f"{{{W}}}comment"):
        words = " ".join("".join(text.text or "" for text in comment.iter(f"{{{W}}}t")).split())
        if words:
            yield ("a comment", words)


__all__ = [
    "Action",
    "Identity",
    "NotARecord",
    "Record",
    "field_words",
    "identity_of",
    "read_record",
]
