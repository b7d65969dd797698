"""The build as a whole: a briefing whose content file is gone is withdrawn."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefgen.content.config import load_project
from briefgen.paths import MANIFEST_NAME
from briefgen.pipeline import build, withdraw
from briefgen.publish.incremental import Entry, Manifest
from tests.support.project import SECOND, SECOND_SLUG, SEED, SEED_SLUG, Runner, copy_example


@pytest.fixture
def two_built(tmp_path: Path) -> Path:
    """A project of two briefings, built."""
    folder = copy_example(tmp_path / "project", content=False)
    for source in (SEED, SECOND):
        shutil.copy(source, folder / "content" / source.name)
    assert not build(load_project(folder)).failed
    return folder


def manifest_slugs(folder: Path) -> list[str]:
    data = json.loads((folder / "output" / MANIFEST_NAME).read_text())
    return sorted(data["entries"])


def test_a_briefing_whose_content_is_gone_is_withdrawn(
    two_built: Path, briefgen_main: Runner
) -> None:
    output = two_built / "output"
    title = json.loads((output / MANIFEST_NAME).read_text())["entries"][SECOND_SLUG]["listing"]
    assert title["title"] in (output / "index.html").read_text()
    (two_built / "content" / SECOND.name).unlink()
    run = briefgen_main("build", "-C", two_built)
    assert run.code == 0, run.err
    assert (
        f"withdrawn: {SECOND_SLUG} (content/{SECOND_SLUG}.yaml is gone); its outputs were removed\n"
    ) in run.out
    assert not (output / SECOND_SLUG).exists()
    assert manifest_slugs(two_built) == [SEED_SLUG]
    assert title["title"] not in (output / "index.html").read_text()
    assert (output / SEED_SLUG / f"{SEED_SLUG}.pdf").is_file()


def test_a_build_of_named_files_withdraws_no_other_briefing(
    two_built: Path, briefgen_main: Runner
) -> None:
    (two_built / "content" / SECOND.name).unlink()
    run = briefgen_main("build", "-C", two_built, two_built / "content" / SEED.name)
    assert run.code == 0, run.err
    assert "withdrawn" not in run.out
    assert (two_built / "output" / SECOND_SLUG / f"{SECOND_SLUG}.pdf").is_file()
    assert manifest_slugs(two_built) == sorted([SECOND_SLUG, SEED_SLUG])


def test_withdrawing_removes_only_what_briefgen_wrote(two_built: Path) -> None:
    """A file someone else put in the folder stays, and a manifest edited to name a folder
    outside the output folder removes nothing there."""
    output = two_built / "output"
    (output / SECOND_SLUG / "notes.txt").write_text("the comms team's notes")
    victim = two_built / "victim"
    victim.mkdir()
    (victim / "index.html").write_text("not briefgen's")
    project = load_project(two_built)
    manifest = Manifest.load(output)
    manifest.entries["../victim"] = Entry("x", {"index.html": 1}, 1)
    manifest.entries[SECOND_SLUG].outputs["../../victim/index.html"] = 1
    (two_built / "content" / SECOND.name).unlink()
    assert withdraw(project, manifest, [two_built / "content" / SEED.name]) == [SECOND_SLUG]
    assert sorted(path.name for path in (output / SECOND_SLUG).iterdir()) == ["notes.txt"]
    assert (victim / "index.html").read_text() == "not briefgen's"
