"""The returns and the actions as CSV: stable columns, as the README documents them,
overdue actions marked, held-back text left out, no cell a spreadsheet would run."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from briefgen.collect.collection import Collection, Known, collect_returns
from briefgen.collect.tables import (
    ACTION_COLUMNS,
    RETURN_COLUMNS,
    actions_csv,
    due_of,
    returns_csv,
)
from briefgen.content.model import Briefing
from briefgen.render.present import content_hash
from tests.support.project import REPOSITORY, SEED_SLUG, copy_example
from tests.support.records import FILLED, fill, record_of
from tests.support.text import seed_data

TODAY = dt.date(2026, 2, 15)


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Collection:
    folder = tmp_path_factory.mktemp("tables")
    blank = record_of(copy_example(folder / "project"), SEED_SLUG)
    returns = folder / "returns"
    returns.mkdir()
    (returns / "a.docx").write_bytes(fill(blank, FILLED))
    hostile = {**FILLED, "team": '=HYPERLINK("https://attacker.example")', "answer.1": "Mrs Hill"}
    (returns / "b.docx").write_bytes(fill(blank, hostile))
    briefing = Briefing.model_validate(seed_data())
    known = Known(SEED_SLUG, briefing.title, content_hash(briefing))
    return collect_returns(returns, {SEED_SLUG: known})


def rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode()), "a byte-order mark: Excel reads UTF-8 then"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_returns_csv_has_one_row_a_return_in_its_documented_columns(
    collection: Collection,
) -> None:
    data = returns_csv(collection.returns)
    header = data.decode("utf-8-sig").split("\r\n")[0]
    assert tuple(header.split(",")) == RETURN_COLUMNS
    first, _ = rows(data)
    assert first["file"] == "a.docx"
    assert first["briefing"] == SEED_SLUG
    assert first["current_version"] == "yes"
    assert first["team"] == "MASH team"
    assert first["discussed_on"] == "3 February 2026"
    assert first["sent_by"] == "Team manager"
    assert first["sent_on"] == "4 February 2026"
    assert first["people"] == "3"
    assert first["agencies"] == "Children's social care; NHS community health; Sussex Police"
    assert (first["answers"], first["actions"], first["held_back"]) == ("3", "2", "0")


def test_actions_csv_marks_the_overdue(collection: Collection) -> None:
    data = actions_csv(collection.returns, TODAY)
    assert tuple(data.decode("utf-8-sig").split("\r\n")[0].split(",")) == ACTION_COLUMNS
    found = rows(data)
    assert [(row["due"], row["due_date"], row["overdue"]) for row in found[:2]] == [
        ("31 March 2026", "2026-03-31", "no"),
        ("January 2026", "2026-01-31", "yes"),
    ]
    assert found[0]["action"] == FILLED["action.1.what"]


def test_held_back_text_and_formulas_never_reach_a_spreadsheet(collection: Collection) -> None:
    written = returns_csv(collection.returns) + actions_csv(collection.returns, TODAY)
    text = written.decode("utf-8-sig")
    second = rows(returns_csv(collection.returns))[1]
    assert second["held_back"] == "1"
    assert "Mrs Hill" not in text
    assert second["team"].startswith("'=HYPERLINK"), "written as text, not run"
    for line in text.split("\r\n")[1:]:
        for cell in next(csv.reader([line]), []):
            assert not cell.startswith(("=", "+", "-", "@"))


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("31 March 2026", dt.date(2026, 3, 31)),
        ("31st March 2026", dt.date(2026, 3, 31)),
        ("31/03/2026", dt.date(2026, 3, 31)),
        ("2026-03-31", dt.date(2026, 3, 31)),
        ("March 2026", dt.date(2026, 3, 31)),
        ("Feb 2026", dt.date(2026, 2, 28)),
        ("next team meeting", None),
        ("", None),
    ],
)
def test_a_date_is_read_as_teams_write_it(written: str, day: dt.date | None) -> None:
    due = due_of(written)
    assert due.day == day
    assert due.overdue(TODAY) == (None if day is None else day < TODAY)


def test_the_readme_documents_every_column() -> None:
    readme = (REPOSITORY / "README.md").read_text()
    section = readme[readme.index("## After the briefing: collecting the records") :]
    for column in {*RETURN_COLUMNS, *ACTION_COLUMNS}:
        assert re.search(rf"^\| `{column}` \|", section, re.MULTILINE), column


@pytest.mark.slow  # the impact report's PDF is laid out too
def test_the_tables_are_written_in_reports_beside_output(tmp_path: Path) -> None:
    from briefgen.content.config import load_project  # noqa: PLC0415
    from briefgen.pipeline import Pipeline  # noqa: PLC0415

    project = load_project(copy_example(tmp_path / "project"))
    returns = tmp_path / "returns"
    returns.mkdir()
    (returns / "a.docx").write_bytes(fill(record_of(project.root, SEED_SLUG), FILLED))
    collected = Pipeline.start(project).collect(returns, today=TODAY)
    reports = project.root / "reports"
    assert {reports / "returns.csv", reports / "actions.csv"} <= set(collected.written)
    assert not project.output.exists() or not list(project.output.rglob("*.csv"))
    assert len(rows((reports / "returns.csv").read_bytes())) == 1
