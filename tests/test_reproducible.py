"""The same inputs give the same bytes, in separate processes, with or without HarfBuzz."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pikepdf

from tests.conftest import SEED_SLUG, copy_example

FORCE_FONTTOOLS = (
    # WeasyPrint subsets fonts with HarfBuzz when it can and with fontTools otherwise;
    # fontTools stamps the clock into each subset unless SOURCE_DATE_EPOCH is set.
    "import weasyprint.pdf.fonts as fonts; fonts.harfbuzz_subset = None; "
    "from briefgen.cli import main; raise SystemExit(main(['build']))"
)


def digests(output: Path) -> dict[str, str]:
    return {
        str(path.relative_to(output)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(output.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


def build_in_process(folder: Path, code: list[str], environment: dict[str, str]) -> dict[str, str]:
    subprocess.run(
        [sys.executable, *code], cwd=folder, env=environment, check=True, capture_output=True
    )
    return digests(folder / "output")


def test_two_builds_in_separate_processes_give_identical_bytes(tmp_path: Path) -> None:
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    command = ["-m", "briefgen", "build"]
    first = build_in_process(copy_example(tmp_path / "a", examples=True), command, environment)
    time.sleep(1.1)  # a clock that leaked in would now differ by a second
    second = build_in_process(copy_example(tmp_path / "b", examples=True), command, environment)
    assert len(first) == 3 * 5 + 1  # a PDF, a page and three fragments each, and the index
    assert first == second


def test_identical_bytes_when_fonts_are_subset_by_fonttools(tmp_path: Path) -> None:
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    first = build_in_process(copy_example(tmp_path / "a"), ["-c", FORCE_FONTTOOLS], environment)
    time.sleep(1.1)
    second = build_in_process(copy_example(tmp_path / "b"), ["-c", FORCE_FONTTOOLS], environment)
    assert first == second


def test_an_empty_source_date_epoch_is_ignored_and_a_set_one_is_used(tmp_path: Path) -> None:
    plain = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    reference = build_in_process(copy_example(tmp_path / "a"), ["-m", "briefgen", "build"], plain)
    empty = build_in_process(
        copy_example(tmp_path / "b"),
        ["-m", "briefgen", "build"],
        {**plain, "SOURCE_DATE_EPOCH": ""},
    )
    assert empty == reference
    folder = copy_example(tmp_path / "c")
    build_in_process(
        folder, ["-m", "briefgen", "build"], {**plain, "SOURCE_DATE_EPOCH": "1700000000"}
    )
    with pikepdf.open(folder / "output" / SEED_SLUG / f"{SEED_SLUG}.pdf") as pdf:
        assert str(pdf.docinfo["/CreationDate"]) == "D:20231114221320Z"


def test_dates_inside_come_from_the_briefing(tmp_path: Path) -> None:
    plain = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    folder = copy_example(tmp_path / "a")
    build_in_process(folder, ["-m", "briefgen", "build"], plain)
    with pikepdf.open(folder / "output" / SEED_SLUG / f"{SEED_SLUG}.pdf") as pdf:
        assert str(pdf.docinfo["/CreationDate"]) == "D:20200529000000Z"
        assert str(pdf.docinfo["/ModDate"]) == "D:20200529000000Z"
