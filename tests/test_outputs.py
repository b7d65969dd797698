"""The output folder's bookkeeping: the sweep of a killed build's temporary files."""

from __future__ import annotations

from pathlib import Path

from briefgen.build import build
from briefgen.config import load_project
from briefgen.paths import TEMPORARY_PREFIX
from tests.support.project import SEED_SLUG

LEFTOVER = f"{TEMPORARY_PREFIX}0123456789ab"  # a name briefgen gives its temporary files


def test_the_sweep_removes_only_briefgens_temporary_files_in_its_own_folders(
    project_folder: Path, tmp_path: Path
) -> None:
    output = project_folder / "output"
    mine = [output / LEFTOVER, output / SEED_SLUG / LEFTOVER]
    foreign = [
        output / "partner-uploads" / LEFTOVER,  # a folder briefgen does not write
        output / SEED_SLUG / "deeper" / LEFTOVER,  # below a briefing's folder
        output / f"{TEMPORARY_PREFIX}notes.txt",  # not a name briefgen gives
    ]
    for path in (*mine, *foreign):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("left")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / LEFTOVER).write_text("someone else's")
    (output / "linked").symlink_to(elsewhere)
    assert not build(load_project(project_folder)).failed
    assert [path for path in mine if path.exists()] == []
    assert [path for path in foreign if not path.exists()] == []
    assert (elsewhere / LEFTOVER).read_text() == "someone else's"
