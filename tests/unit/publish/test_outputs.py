"""The output folder's bookkeeping: the sweep of a killed build's temporary files, links in
the way, and renames that Windows refuses."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen import gate
from briefgen.content.config import load_project
from briefgen.paths import TEMPORARY_PREFIX
from briefgen.pipeline import build
from tests.support.project import REPOSITORY, SEED, SEED_SLUG, SeedBuild

LEFTOVER = f"{TEMPORARY_PREFIX}k3_9x0qa"  # a name briefgen gives its temporary files


@pytest.mark.slow
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


@pytest.mark.slow
def test_an_output_file_that_is_a_link_is_replaced_not_written_through(
    project_folder: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere.html"
    elsewhere.write_text("someone else's page")
    page = project_folder / "output" / SEED_SLUG / "index.html"
    page.parent.mkdir(parents=True)
    page.symlink_to(elsewhere)
    assert not build(load_project(project_folder)).failed
    assert elsewhere.read_text() == "someone else's page"
    assert not page.is_symlink()
    assert page.read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_every_output_is_readable_by_the_web_server_that_publishes_it(
    seed_build: SeedBuild,
) -> None:
    """mkstemp makes files that only their owner reads: each output gets the mode of any new
    file instead (readable by all, less what the user's umask takes away)."""
    mask = os.umask(0o022)
    os.umask(mask)
    modes = {
        path.name: stat.S_IMODE(path.stat().st_mode)
        for path in seed_build.project.output.rglob("*")
        if path.is_file()
    }
    assert len(modes) > 5
    assert modes == dict.fromkeys(modes, 0o644 & ~mask)


@pytest.mark.slow
def test_a_replace_refused_while_another_program_has_the_file_open_is_tried_again(
    empty_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to replace a file that a virus scanner or a PDF reader has open, for a
    moment or longer: the writer tries again, and says what to do if it never can."""
    monkeypatch.setattr(gate, "REPLACE_RETRIES", (0, 0))
    real_replace = Path.replace
    refusals = {"left": 2}

    def replace_when_closed(self: Path, target: str | os.PathLike[str]) -> Path:
        if refusals["left"] > 0:
            refusals["left"] -= 1
            raise PermissionError(errno.EACCES, "the file is open in another program")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", replace_when_closed)
    project_folder = empty_project  # one briefing: written in this process, not a worker
    shutil.copy(SEED, project_folder / "content")
    assert not build(load_project(project_folder)).failed
    assert refusals["left"] == 0
    refusals["left"] = 3
    source = project_folder / "content" / f"{SEED_SLUG}.yaml"
    source.write_text(source.read_text().replace("Remember", "Recall"))
    report = build(load_project(project_folder))
    assert [str(outcome.error) for outcome in report.failed] == [
        f"cannot write output/{SEED_SLUG}/{SEED_SLUG}.pdf: permission denied"
    ]
    assert sorted((project_folder / "output").rglob(f"{TEMPORARY_PREFIX}*")) == []


@pytest.mark.parametrize("platform", ["darwin", "win32"])
@pytest.mark.slow
def test_the_writer_type_checks_against_macos_and_windows(tmp_path: Path, platform: str) -> None:
    """What these tests cannot run (Windows' msvcrt lock, the checks for what macOS and
    Windows lack) is at least checked against those systems' standard library by mypy."""
    mypy = [sys.executable, "-m", "mypy", "--platform", platform, "--cache-dir", str(tmp_path)]
    checked = subprocess.run(
        [*mypy, "src/briefgen/gate.py", "src/briefgen/publish/outputs.py"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
