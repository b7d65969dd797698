"""The same inputs give the same bytes, in separate processes, with or without HarfBuzz."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pikepdf

from tests.support.project import REPOSITORY, SEED_SLUG, copy_example

NO_SUBSETTER = "import weasyprint.text.ffi as ffi; print(ffi.harfbuzz_subset is None)"


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
    examples = len(list((REPOSITORY / "content").glob("*.yaml")))
    # A PDF, a discussion record, a page, three fragments and a link-preview image each; the
    # library beside them: the index, its filter pages and fragment, the listing, the feed and
    # the sitemap.
    assert len([name for name in first if "/" in name]) == examples * 7
    assert {"index.html", "index-fragment.html"} <= set(first)
    assert {"briefings.json", "feed.xml", "sitemap.xml"} <= set(first)
    assert first == second


def test_identical_bytes_with_and_without_harfbuzz_subsetter(tmp_path: Path) -> None:
    """A machine without Debian's libharfbuzz-subset0, for real: the dynamic loader finds an
    empty library first. WeasyPrint would subset the fonts with fontTools there and with
    HarfBuzz elsewhere, which write different bytes; briefgen uses fontTools on both."""
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    libraries = tmp_path / "broken-libraries"
    libraries.mkdir()
    (libraries / "libharfbuzz-subset.so.0").write_bytes(b"")
    without = {**environment, "LD_LIBRARY_PATH": str(libraries)}
    for env, missing in ((environment, "False"), (without, "True")):
        probe = subprocess.run(
            [sys.executable, "-c", NO_SUBSETTER], env=env, capture_output=True, text=True
        )
        assert probe.stdout.strip() == missing, probe.stderr
    command = ["-m", "briefgen", "build"]
    first = build_in_process(copy_example(tmp_path / "a", examples=True), command, environment)
    folder = copy_example(tmp_path / "b", examples=True)
    run = subprocess.run(
        [sys.executable, *command], cwd=folder, env=without, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "HarfBuzz" not in run.stderr, "nothing to say: the bytes are the same"
    assert digests(folder / "output") == first


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
        # The seed is dated May 2020, written as a month: stamped with its first day.
        assert str(pdf.docinfo["/CreationDate"]) == "D:20200501000000Z"
        assert str(pdf.docinfo["/ModDate"]) == "D:20200501000000Z"
