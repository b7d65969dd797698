"""A folder of returned records: every file gets its treatment, listed with its reason,
none silently dropped, one file's failure never stopping the others; the personal-data
guard holds back what may identify a person until it is acknowledged."""

from __future__ import annotations

import io
import os
from pathlib import Path

import docx
import pytest

from briefgen.collect.collection import (
    Collection,
    Known,
    Status,
    Treatment,
    collect_returns,
    fields_of,
    team_key,
)
from briefgen.content.config import ReturnAcknowledgement
from briefgen.content.model import Briefing
from briefgen.render.present import content_hash
from tests.support.project import SEED_SLUG, copy_example
from tests.support.records import FILLED, fill, packed, parts_of, record_of
from tests.support.text import seed_data


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    project = copy_example(tmp_path_factory.mktemp("collection") / "project")
    return record_of(project, SEED_SLUG)


@pytest.fixture(scope="module")
def seed() -> Known:
    briefing = Briefing.model_validate(seed_data())
    return Known(SEED_SLUG, briefing.title, content_hash(briefing))


def by_file(collection: Collection) -> dict[str, Treatment]:
    return {treatment.file: treatment for treatment in collection.treatments}


def docx_of(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    saved = io.BytesIO()
    document.save(saved)
    return saved.getvalue()


def every_kind_of_file(blank: bytes, tmp_path: Path) -> Path:
    """One folder with every kind of file a collector is sent, in subfolders too; outside
    any project (a shared drive)."""
    folder = tmp_path / "shared drive" / "Returned records"
    (folder / "Health" / "2026").mkdir(parents=True)
    filled = fill(blank, FILLED)
    (folder / "mash.docx").write_bytes(filled)
    (folder / "copy of mash.docx").write_bytes(filled)
    again = fill(blank, {**FILLED, "team": "Mash Team.", "date": "10 March 2026"})
    (folder / "Health" / "mash again.docx").write_bytes(again)
    health = fill(blank, {**FILLED, "team": "Health visiting, north"})
    (folder / "Health" / "2026" / "health.docx").write_bytes(health)
    (folder / "blank.docx").write_bytes(blank)
    parts = parts_of(fill(blank, {**FILLED, "team": "Early help"}))
    parts["docProps/custom.xml"] = parts["docProps/custom.xml"].replace(
        SEED_SLUG.encode(), b"withdrawn-briefing-2019"
    )
    (folder / "withdrawn.docx").write_bytes(packed(parts))
    (folder / "minutes.docx").write_bytes(docx_of("Minutes of the team meeting."))
    (folder / "macro.docm").write_bytes(filled)
    (folder / "damaged.docx").write_bytes(filled[:300])
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "~$mash.docx").write_bytes(b"\x00" * 162)
    outside = tmp_path / "secret.docx"
    outside.write_bytes(filled)
    (folder / "link out.docx").symlink_to(outside)
    (folder / "linked folder").symlink_to(tmp_path, target_is_directory=True)
    return folder


def test_every_file_gets_its_treatment_and_none_is_dropped(
    blank: bytes, seed: Known, tmp_path: Path
) -> None:
    folder = every_kind_of_file(blank, tmp_path)
    told: list[Treatment] = []
    collection = collect_returns(folder, {SEED_SLUG: seed}, progress=told.append)
    treated = by_file(collection)
    on_disk = {
        str(Path(root, name).relative_to(folder).as_posix())
        for root, folders, names in os.walk(folder)
        for name in [*names, *[f for f in folders if Path(root, f).is_symlink()]]
    }
    assert set(treated) == on_disk, "every file listed, none dropped"
    assert told == collection.treatments, "each told as it is decided"
    expected = {
        "copy of mash.docx": Status.READ,
        "Health/mash again.docx": Status.READ,
        "Health/2026/health.docx": Status.READ,
        "mash.docx": Status.NOT_COUNTED,
        "blank.docx": Status.NOT_COUNTED,
        "withdrawn.docx": Status.NOT_COUNTED,
        "minutes.docx": Status.NOT_A_RECORD,
        "photo.jpg": Status.NOT_A_RECORD,
        "~$mash.docx": Status.NOT_A_RECORD,
        "macro.docm": Status.REFUSED,
        "damaged.docx": Status.REFUSED,
        "link out.docx": Status.REFUSED,
        "linked folder": Status.REFUSED,
    }
    assert {name: treated[name].status for name in expected} == expected
    # Sorted by path, "copy of mash.docx" comes first: it is the one counted.
    assert "the same file as copy of mash.docx" in treated["mash.docx"].reason
    assert "withdrawn-briefing-2019" in treated["withdrawn.docx"].reason
    assert "not in content/" in treated["withdrawn.docx"].reason
    assert "nothing filled in" in treated["blank.docx"].reason
    assert "not a discussion record made by briefgen" in treated["minutes.docx"].reason
    assert treated["macro.docm"].hostile
    assert "outside the folder of records" in treated["link out.docx"].reason
    assert "a link to a folder" in treated["linked folder"].reason
    assert len(collection.returns) == 3


def test_the_same_team_twice_is_shown_once_with_both_dates(
    blank: bytes, seed: Known, tmp_path: Path
) -> None:
    (tmp_path / "a.docx").write_bytes(fill(blank, FILLED))
    second = fill(blank, {**FILLED, "team": "  mash TEAM ", "date": "10 March 2026"})
    (tmp_path / "b.docx").write_bytes(second)
    collection = collect_returns(tmp_path, {SEED_SLUG: seed})
    first, again = collection.returns
    assert again.same_team_as == "a.docx"
    assert first.same_team_as is None
    assert (
        "the same team as a.docx: shown once, with both dates"
        in by_file(collection)["b.docx"].reason
    )
    assert [found.record.fields["date"] for found in collection.returns] == [
        "3 February 2026",
        "10 March 2026",
    ]


def test_team_names_are_compared_as_people_write_them() -> None:
    assert team_key("MASH team") == team_key("Mash Team.") == team_key(" mash\u00a0team ")
    assert team_key("MASH team") != team_key("MASH team 2")


def test_a_record_of_an_earlier_version_is_read_with_its_own_questions(
    blank: bytes, tmp_path: Path
) -> None:
    changed = Known(SEED_SLUG, "A new title", "0" * 16, "2.0")
    (tmp_path / "a.docx").write_bytes(fill(blank, FILLED))
    collection = collect_returns(tmp_path, {SEED_SLUG: changed})
    [found] = collection.returns
    assert not found.current
    assert "made for an earlier version of the briefing" in collection.treatments[0].reason
    assert found.record.answers[1] == FILLED["answer.1"]


def test_one_file_s_failure_never_stops_the_others(
    blank: bytes, seed: Known, tmp_path: Path
) -> None:
    """A file that cannot be read (permission denied), then a good one: both treated."""
    locked = tmp_path / "a locked.docx"
    locked.write_bytes(fill(blank, FILLED))
    locked.chmod(0)
    (tmp_path / "b.docx").write_bytes(fill(blank, {**FILLED, "team": "Another team"}))
    try:
        collection = collect_returns(tmp_path, {SEED_SLUG: seed})
    finally:
        locked.chmod(0o644)
    treated = by_file(collection)
    if os.geteuid() != 0:  # root reads any file
        assert treated["a locked.docx"].status is Status.REFUSED
        assert "permission denied" in treated["a locked.docx"].reason
    assert treated["b.docx"].status is Status.READ


# --- The personal-data guard ------------------------------------------------------------------

NAMING = {
    **FILLED,
    "answer.1": "We spoke to Mrs Hill about Jayden's nursery.",
    "action.1.owner": "Ms Jones",
}


def test_the_guard_holds_back_personal_data_with_file_and_field(
    blank: bytes, seed: Known, tmp_path: Path
) -> None:
    (tmp_path / "team.docx").write_bytes(fill(blank, NAMING))
    collection = collect_returns(tmp_path, {SEED_SLUG: seed})
    held = {(item.file, item.field, item.text) for item in collection.held}
    assert ("team.docx", "answer.1", "Mrs Hill") in held
    assert ("team.docx", "action.1.owner", "Ms Jones") in held
    [found] = collection.returns
    assert "Mrs Hill" not in found.shown("answer.1", found.record.fields["answer.1"])
    assert found.shown("answer.3", "words") == "words", "other fields are shown"


def test_an_acknowledged_finding_is_let_through(blank: bytes, seed: Known, tmp_path: Path) -> None:
    (tmp_path / "team.docx").write_bytes(fill(blank, NAMING))
    acknowledged = [
        ReturnAcknowledgement(
            file="team.docx",
            field="answer.1",
            text="Mrs Hill",
            reason="Mrs Hill is the nursery's manager, named with her agreement.",
        ),
        ReturnAcknowledgement(
            file="other.docx",
            field="action.1.owner",
            text="Ms Jones",
            reason="Acknowledged for another file, so not for this one.",
        ),
    ]
    collection = collect_returns(tmp_path, {SEED_SLUG: seed}, acknowledged)
    held = {(item.field, item.text) for item in collection.held}
    assert ("answer.1", "Mrs Hill") not in held
    assert ("action.1.owner", "Ms Jones") in held, "acknowledged for its own file only"


def test_the_guard_reads_every_field_notes_and_added_rows_included(
    blank: bytes, seed: Known, tmp_path: Path
) -> None:
    (tmp_path / "team.docx").write_bytes(fill(blank, FILLED))
    collection = collect_returns(tmp_path, {SEED_SLUG: seed})
    names = [name for name, _ in fields_of(collection.returns[0])]
    assert {"team", "date", "sent_by", "date_sent", "answer.1", "role.1", "agency.3"} <= set(names)
    assert {"action.2.what", "action.2.owner", "action.2.by"} <= set(names)
