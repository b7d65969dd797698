"""A returned record read by its tags: filled in with python-docx, saved again by
LibreOffice (headless, real), edited as Word does (tracked changes, a comment, a row
added); every answer and every action found, nothing a team wrote lost."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from lxml import etree

from briefgen.collect.package import open_package
from briefgen.collect.returns import Action, NotARecord, Record, read_record
from tests.support.project import SEED_SLUG, copy_example
from tests.support.records import (
    FILLED,
    SOFFICE,
    W,
    edited_as_word_does,
    fill,
    packed,
    parts_of,
    record_of,
    resaved_by_libreoffice,
)

QUESTIONS = 4  # the seed's reflective questions


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The seed's record, as a build writes it."""
    project = copy_example(tmp_path_factory.mktemp("returns") / "project")
    return record_of(project, SEED_SLUG)


def read(data: bytes) -> Record:
    return read_record(open_package(data, "record.docx"))


def assert_everything_found(record: Record) -> None:
    """Every field of FILLED, where a team wrote it, and nothing where it did not."""
    fields = {tag: FILLED[tag] for tag in ("date", "team", "sent_by", "date_sent")}
    assert {tag: record.fields[tag] for tag in fields} == fields
    assert record.answers == {1: FILLED["answer.1"], 3: FILLED["answer.3"], 4: FILLED["answer.4"]}
    assert record.fields["answer.2"] == "", "an answer left as its placeholder is empty"
    assert record.participants == [
        (FILLED[f"role.{row}"], FILLED[f"agency.{row}"]) for row in (1, 2, 3)
    ]
    assert record.actions[:2] == [
        Action(
            FILLED[f"action.{row}.what"], FILLED[f"action.{row}.owner"], FILLED[f"action.{row}.by"]
        )
        for row in (1, 2)
    ]
    assert record.identity.slug == SEED_SLUG
    assert len(record.identity.questions) == QUESTIONS


def test_a_record_filled_by_python_docx_gives_every_answer_and_action(blank: bytes) -> None:
    record = read(fill(blank, FILLED))
    assert_everything_found(record)
    assert len(record.actions) == 2
    assert record.notes == []
    assert not record.changes


def test_a_blank_record_is_empty_and_names_its_briefing(blank: bytes) -> None:
    record = read(blank)
    assert record.empty
    assert record.identity.slug == SEED_SLUG
    assert record.identity.questions[0].endswith(
        "1. Do I always ask families what other agencies are working with them?"
    )


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is installed by scripts/setup test")
def test_a_record_saved_again_by_libreoffice_twice_gives_every_answer_and_action(
    blank: bytes, tmp_path: Path
) -> None:
    """LibreOffice keeps each control's label and drops its tag and its placeholder's marks:
    the record's properties pair labels with tags, and placeholders are known word for word."""
    once = resaved_by_libreoffice(fill(blank, FILLED), tmp_path / "once")
    tags = list(etree.fromstring(parts_of(once)["word/document.xml"]).iter(f"{{{W}}}tag"))
    assert tags == [], "LibreOffice still drops the tags: else this test tests less"
    assert_everything_found(read(once))
    twice = resaved_by_libreoffice(once, tmp_path / "twice")
    record = read(twice)
    assert_everything_found(record)
    assert record.notes == [], "the record's own words are not taken for the team's"


def test_a_record_edited_as_word_does_reads_the_changes_as_accepted(blank: bytes) -> None:
    """Tracked changes, a comment and an added row, built by hand from the OOXML
    specification (tests/support/records.py says how)."""
    record = read(edited_as_word_does(fill(blank, FILLED)))
    assert record.changes
    assert record.fields["answer.1"] == FILLED["answer.1"] + " always"
    assert "not" not in record.fields["answer.1"].split(), "a tracked deletion is not read"
    assert ("a comment", "Health visitors joined for this one.") in record.notes
    assert record.actions[-1] == Action(
        "Audit the referral forms again", "Team manager", "31 March 2026"
    )
    assert len(record.actions) == 3


def test_words_typed_outside_the_fields_are_kept_as_notes(blank: bytes) -> None:
    document = docx.Document(io.BytesIO(fill(blank, FILLED)))
    document.add_paragraph("We ran out of time for question 2; next month.")
    heading = next(p for p in document.paragraphs if p.text == "Who took part")
    heading.insert_paragraph_before("Discussed at the locality meeting.")
    saved = io.BytesIO()
    document.save(saved)
    record = read(saved.getvalue())
    assert record.notes == [
        ("outside the fields", "Discussed at the locality meeting."),
        ("outside the fields", "We ran out of time for question 2; next month."),
    ]
    assert_everything_found(record)


def test_an_answer_of_several_paragraphs_keeps_them_as_lines(blank: bytes) -> None:
    record = read(fill(blank, {**FILLED, "answer.2": "First point.\nSecond point."}))
    assert record.answers[2] == "First point.\nSecond point."


def test_a_row_copied_with_its_fields_is_read_as_another_row(blank: bytes) -> None:
    """Word copies a row's controls, tags and all, when a row is pasted: both rows count."""
    parts = parts_of(fill(blank, FILLED))
    root = etree.fromstring(parts["word/document.xml"])
    tables = list(root.iter(f"{{{W}}}tbl"))
    first_row = tables[0].findall(f"{{{W}}}tr")[1]
    tables[0].append(etree.fromstring(etree.tostring(first_row)))
    parts["word/document.xml"] = etree.tostring(root)
    record = read(packed(parts))
    assert record.participants[-1] == (FILLED["role.1"], FILLED["agency.1"])
    assert len(record.participants) == 4


def test_a_document_briefgen_did_not_make_is_not_a_record() -> None:
    document = docx.Document()
    document.add_paragraph("Minutes of the team meeting.")
    saved = io.BytesIO()
    document.save(saved)
    with pytest.raises(NotARecord, match="not a discussion record made by briefgen") as caught:
        read(saved.getvalue())
    assert not caught.value.old


def test_a_record_of_the_first_version_is_an_older_version() -> None:
    """The first records (before issue 22) were tagged briefgen-field-N and named no
    briefing: told as an older version of the record."""
    document = docx.Document()
    paragraph = document.add_paragraph("Team or meeting: ")
    control = etree.SubElement(paragraph._p, f"{{{W}}}sdt")
    properties = etree.SubElement(control, f"{{{W}}}sdtPr")
    etree.SubElement(properties, f"{{{W}}}tag", {f"{{{W}}}val": "briefgen-field-2"})
    saved = io.BytesIO()
    document.save(saved)
    with pytest.raises(NotARecord, match="older version of the discussion record") as caught:
        read(saved.getvalue())
    assert caught.value.old


def test_a_record_of_a_later_format_is_not_misread(blank: bytes) -> None:
    parts = parts_of(blank)
    parts["docProps/custom.xml"] = parts["docProps/custom.xml"].replace(
        b'name="briefgen.record"><vt:lpwstr>2<', b'name="briefgen.record"><vt:lpwstr>3<'
    )
    with pytest.raises(NotARecord, match="later version of briefgen"):
        read(packed(parts))
