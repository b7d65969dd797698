"""A returned Word file opened as untrusted data: the parts a record is read from, or why not.

A returned record comes from anyone a partnership sent the briefing to, by email or on a
shared drive, and is opened by the person who collects them, on their own computer. So
nothing in it is followed or run, and the work it can cause is bounded:

- **macros**: a `.docm` file, a macro-enabled content type or a VBA project is refused,
  whatever the file is called;
- **a zip bomb**: at most `MOST_ENTRIES` entries, none said or found to hold more than
  `LARGEST_PART` bytes, and no more than `MOST_BYTES` in all; each part is read to the
  size the zip declares and no further, so a zip that lies about its sizes is damaged;
- **XML attacks**: a part with a document type declaration (where entities are declared:
  "billion laughs", external entities) is refused before it is parsed, and the parser
  resolves no entity, loads no DTD and fetches nothing from the network;
- **external references**: a relationship to anything outside the file (a linked
  template, image, frame or subdocument, which Word would fetch) is refused; links a
  reader follows (hyperlinks) are only read as text;
- **a password-protected file** (Word encrypts it into an OLE compound file) and a
  **damaged** one are told as such.

Each refusal is `Unreadable`, with what is wrong and what to do, for the listing.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

MOST_ENTRIES = 500  # a record has 13 parts; Word adds a few dozen at most
LARGEST_PART = 16_000_000  # bytes of one part, uncompressed
MOST_BYTES = 64_000_000  # bytes of all parts, uncompressed
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: .doc, or encrypted
ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")  # the stream an encrypted file holds
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
MAIN_PART = "word/document.xml"
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, dtd_validation=False
)


class Unreadable(Exception):
    """Why a file is not read: `reason` follows its name ("holds macros"), `fix` says what to
    do; `hostile` when the file is built to harm (macros, a zip bomb, entities, links out),
    not merely damaged or locked."""

    def __init__(self, reason: str, fix: str, *, hostile: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix
        self.hostile = hostile


@dataclass(frozen=True)
class Package:
    """The parts of a Word file a record is read from, parsed."""

    document: Any  # word/document.xml's root element
    properties: dict[str, str]  # the custom document properties, by name
    comments: Any | None = None  # word/comments.xml's root element, if any
    parts: tuple[str, ...] = field(default=())


def open_package(data: bytes, name: str) -> Package:
    """The parts of the Word file `data` (named `name`), or `Unreadable` saying why not."""
    if name.lower().endswith((".docm", ".dotm")):
        raise _macros()
    if data.startswith(OLE_SIGNATURE):
        raise _compound_file(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise _damaged("is not a Word document (.docx) that opens: it is damaged") from None
    with archive:
        entries = _checked_entries(archive)
        content_types = _part(archive, entries, "[Content_Types].xml")
        if content_types is None or MAIN_PART not in entries:
            raise _damaged("is a zip file, but not a Word document: it has no document part")
        if b"macroEnabled" in etree.tostring(content_types):
            raise _macros()
        _refuse_external_references(archive, entries)
        document = _part(archive, entries, MAIN_PART)
        assert document is not None  # MAIN_PART is among the entries
        return Package(
            document=document,
            properties=_custom_properties(_part(archive, entries, "docProps/custom.xml")),
            comments=_part(archive, entries, "word/comments.xml"),
            parts=tuple(sorted(entries)),
        )


def _checked_entries(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The archive's entries by name, once its size, number and contents are within bounds."""
    infos = archive.infolist()
    if len(infos) > MOST_ENTRIES:
        raise _bomb(f"holds {len(infos)} parts; a Word document holds a few dozen")
    declared = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _locked()
        if info.filename.lower().rsplit("/", 1)[-1] in MACRO_PARTS:
            raise _macros()
        declared += info.file_size
        if info.file_size > LARGEST_PART or declared > MOST_BYTES:
            raise _bomb("unpacks to more than a Word document ever holds")
    return {info.filename: info for info in infos}


def _part(archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo], name: str) -> Any:
    """A part parsed as XML, never past its bound; None if the file has no such part."""
    info = entries.get(name)
    if info is None:
        return None
    try:
        # Never more than the size the zip declares (zipfile stops there, and checks the
        # CRC), which _checked_entries has bounded: a zip that lies about it is damaged.
        data = archive.read(info)
    # zipfile raises NotImplementedError for a compression method it cannot unpack (a part
    # packed with LZMA's or an unknown method id) and RuntimeError for an encrypted part:
    # both are a file this reader cannot open, told as damaged, not briefgen's own gaps.
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        raise _damaged(f"is damaged: its part {name} cannot be unpacked") from None
    if len(data) > LARGEST_PART:
        raise _bomb("unpacks to more than its sizes say: a zip bomb")
    return parse_part(data, name)


def parse_part(data: bytes, name: str) -> Any:
    """An XML part, parsed without entities, DTDs or the network; one that declares a
    document type is refused unparsed (Office never writes one)."""
    plain = data.replace(b"\x00", b"")  # UTF-16 text read as bytes, roughly
    if b"<!DOCTYPE" in plain or b"<!ENTITY" in plain:
        raise Unreadable(
            f"declares XML entities in its part {name}, which Word never writes: "
            "the file is built to attack the program that opens it",
            "do not open it; ask whoever sent it to save the record again from Word",
            hostile=True,
        )
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        raise _damaged(f"is damaged: its part {name} is not well-formed XML") from None
    return root


def _refuse_external_references(
    archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo]
) -> None:
    """A relationship to something outside the file, other than a hyperlink, is refused:
    Word would fetch it (a template, an image, a frame) as the file opens."""
    for name in entries:
        if not name.endswith(".rels"):
            continue
        relations = _part(archive, entries, name)
        for relation in relations.iter(f"{{{PACKAGE_RELATIONSHIPS}}}Relationship"):
            external = relation.get("TargetMode") == "External"
            if external and relation.get("Type") != HYPERLINK:
                kind = str(relation.get("Type", "")).rsplit("/", 1)[-1] or "a part"
                target = " ".join(str(relation.get("Target", "")).split())[:120]
                raise Unreadable(
                    f"refers to {kind} outside itself ({target}), which Word would fetch "
                    "as it opens the file",
                    "do not open it; ask whoever sent it to save the record again from Word",
                    hostile=True,
                )


def _custom_properties(root: Any) -> dict[str, str]:
    if root is None:
        return {}
    return {
        str(prop.get("name", "")): "".join(prop.itertext())
        for prop in root.iter(f"{CUSTOM}property")
    }


def _compound_file(data: bytes) -> Unreadable:
    """An OLE compound file: a Word document encrypted with a password, or an old .doc."""
    if ENCRYPTION_INFO in data:
        return _locked()
    return Unreadable(
        "is a Word 97-2003 document (.doc), not a record briefgen made",
        "ask whoever sent it to fill in the record (.docx) that came with the briefing",
    )


def _locked() -> Unreadable:
    return Unreadable(
        "is protected by a password, so it cannot be read",
        "ask whoever sent it to remove the password (in Word: File, Info, Protect Document, "
        "Encrypt with Password, and clear it), then send it again",
    )


def _macros() -> Unreadable:
    return Unreadable(
        "holds macros (a .docm, or a VBA project inside): it is not read, and should not be opened",
        "ask whoever sent it to save the record as a Word Document (.docx) and send it again",
        hostile=True,
    )


def _bomb(reason: str) -> Unreadable:
    return Unreadable(
        reason,
        "do not open it; ask whoever sent it to save the record again from Word",
        hostile=True,
    )


def _damaged(reason: str) -> Unreadable:
    return Unreadable(reason, "ask whoever sent it to save it again from Word and resend it")


__all__ = [
    "LARGEST_PART",
    "MOST_BYTES",
    "MOST_ENTRIES",
    "Package",
    "Unreadable",
    "open_package",
    "parse_part",
]
