"""Atomic outputs: a build that fails, is killed or runs beside another never loses a file."""

from __future__ import annotations

import contextlib
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdf
import pytest
import yaml

from briefgen.content.config import load_project
from briefgen.errors import ContentError, Mistake
from briefgen.pipeline import build
from briefgen.publish.outputs import LOCK_NAME, TEMPORARY_NAME, TEMPORARY_PREFIX
from tests.support.processes import Snapshot, processes_in, running, snapshot
from tests.support.project import SEED, SEED_SLUG, copy_example

KILLS = 20
SLUGS = [SEED_SLUG, "second-briefing"]


def restore(output: Path, files: Snapshot) -> None:
    shutil.rmtree(output, ignore_errors=True)
    for name, data in files.items():
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_bytes(data)


def leftovers(output: Path) -> list[Path]:
    return sorted(output.rglob(f"{TEMPORARY_PREFIX}*"))


def write_briefings(folder: Path, edition: str) -> None:
    """Two briefings; each edition words its titles and key messages differently."""
    seed = yaml.safe_load(SEED.read_text())
    for number, slug in enumerate(SLUGS, start=1):
        data = dict(seed)
        data["published"] = str(seed["published"])
        data["title"] = f"{seed['title']}: part {number}, {edition} edition"
        data["key_message"] = f"{seed['key_message']} ({edition} edition)"
        (folder / "content" / f"{slug}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))


def project_with(folder: Path, edition: str) -> Path:
    copy_example(folder, content=False)
    write_briefings(folder, edition)
    return folder


def build_outputs(folder: Path) -> Snapshot:
    project = load_project(folder)
    report = build(project)
    assert not report.failed, [outcome.error for outcome in report.failed]
    return snapshot(project.output)


def start_build(
    folder: Path, *, quiet: bool = False
) -> contextlib.AbstractContextManager[subprocess.Popen[str]]:
    """`briefgen build` in its own process, ended when the `with` block ends."""
    return running(
        [sys.executable, "-m", "briefgen", "build"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL if quiet else subprocess.PIPE,
    )


def finish(process: subprocess.Popen[str]) -> None:
    _, errors = process.communicate(timeout=180)
    assert process.returncode == 0, errors


def check_after_kill(output: Path, old: Snapshot, new: Snapshot, context: str) -> Snapshot:
    """Every output is its old bytes or its new. Temporary files are there from the start of
    each write, so a kill may leave several, unfinished: each of a name the next build's
    sweep removes."""
    for path in leftovers(output):
        assert TEMPORARY_NAME.match(path.name), f"{path} is not a name the sweep removes"
    found = snapshot(output)
    assert found.keys() == old.keys(), context
    for name, data in found.items():
        assert data in (old[name], new[name]), f"{name} is torn ({context})"
    return found


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_each_file_old_or_new(tmp_path: Path) -> None:
    """SIGKILL a build at random moments: each output is its old bytes or its new, never torn.

    Every file is written whole to a temporary file named `.briefgen-tmp-*` beside it,
    then renamed over the old file. A kill while the files are written leaves such names
    behind; the next build removes them before it writes (a test below).
    """
    old = build_outputs(project_with(tmp_path / "project", "first"))
    new = build_outputs(project_with(tmp_path / "reference", "second"))
    assert old.keys() == new.keys()
    # Every output changes, but the sitemap: it names the pages and their dates, which both
    # editions share.
    assert all(old[name] != new[name] for name in old if name != "sitemap.xml")

    folder = tmp_path / "project"
    output = folder / "output"
    write_briefings(folder, "second")
    started = time.monotonic()
    with start_build(folder) as process:
        finish(process)
    duration = time.monotonic() - started
    assert snapshot(output) == new, "an uninterrupted build writes what the reference wrote"

    seed = secrets.randbits(32)
    delays = random.Random(seed).sample(range(KILLS), KILLS)  # spread over the whole build
    outcomes = {"old": 0, "new": 0, "mixed": 0}
    for slot in delays:
        restore(output, old)
        with start_build(folder, quiet=True) as process:
            time.sleep(duration * (slot + random.Random(seed + slot).random()) / KILLS)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=60)
        context = f"seed {seed}, killed after {slot}/{KILLS} of {duration:.2f} s"
        found = check_after_kill(output, old, new, context)
        outcomes["old" if found == old else "new" if found == new else "mixed"] += 1
    assert outcomes["old"] > 0, outcomes  # the kills did land before any write


def signatures(output: Path) -> dict[Path, tuple[int, int, int]]:
    """What changes the moment an output is replaced or rewritten: inode, size and time.
    Named temporary files appear as soon as a write starts: they are left out, so that the
    kill falls as the files are replaced."""
    found = {}
    for path in output.rglob("*"):
        if path.name == LOCK_NAME:
            continue  # made by every build before it writes anything
        if path.name.startswith(TEMPORARY_PREFIX):
            continue
        with contextlib.suppress(FileNotFoundError):
            status = path.stat()
            found[path] = (status.st_ino, status.st_size, status.st_mtime_ns)
    return found


def kill_at_first_change(process: subprocess.Popen[str], output: Path) -> bool:
    """SIGKILL `process` as soon as any output file changes; False if it finished first."""
    before = signatures(output)
    while process.poll() is None:
        if signatures(output) != before:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=60)
            return True
    return False


def test_a_build_killed_as_it_replaces_files_leaves_each_file_old_or_new(tmp_path: Path) -> None:
    """Kill the build the instant it touches its first output, where a torn write would show.

    Random kills (above) mostly land while the build lays out pages; these land in the
    middle of writing: as the first output is replaced, while the others are being
    written or wait for their rename. A writer that rewrote files in place is caught here
    (tried: its first attempt found a torn PDF).
    """
    old = build_outputs(project_with(tmp_path / "project", "first"))
    new = build_outputs(project_with(tmp_path / "reference", "second"))
    folder = tmp_path / "project"
    output = folder / "output"
    write_briefings(folder, "second")
    for attempt in range(3):
        restore(output, old)
        with start_build(folder, quiet=True) as process:
            assert kill_at_first_change(process, output), f"attempt {attempt}: no change"
        check_after_kill(output, old, new, f"attempt {attempt}")


def test_a_build_after_a_kill_removes_the_temporary_file_it_left(tmp_path: Path) -> None:
    """What a kill leaves is gone after the next build: a temporary file (mkstemp's name)
    that was being written, or was waiting for its rename."""
    folder = project_with(tmp_path / "project", "first")
    output = folder / "output"
    built = build_outputs(folder)
    descriptor, name = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, dir=output / SEED_SLUG)
    os.close(descriptor)
    left = Path(name)
    left.write_bytes(built[f"{SEED_SLUG}/index.html"][:1000])
    build_outputs(folder)
    assert leftovers(output) == []


@pytest.mark.slow
def test_a_killed_build_leaves_no_worker_behind_to_hold_the_lock(tmp_path: Path) -> None:
    """The workers of a parallel build die with it: an orphan would keep the lock it
    inherited, and the next build of the project would wait for it forever.

    Before the workers asked to die with their build, a kill while they waited for
    work left two of them deadlocked on their task queue (one in a read of its pipe,
    one on its lock), holding the lock; about one kill in five hit that moment.
    """
    folder = project_with(tmp_path / "project", "first").resolve()
    started = time.monotonic()
    with start_build(folder) as process:
        finish(process)
    duration = time.monotonic() - started
    write_briefings(folder, "second")
    for tenth in range(1, 10):
        with start_build(folder, quiet=True) as process:
            time.sleep(duration * tenth / 10)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=60)
        deadline = time.monotonic() + 10
        while processes_in(folder) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert processes_in(folder) == [], f"killed after {tenth}/10 of {duration:.2f} s"
    with start_build(folder) as process:  # the lock is free: this build does not wait
        finish(process)
    assert leftovers(folder / "output") == []


def test_a_content_error_leaves_the_previous_outputs_as_they_were(tmp_path: Path) -> None:
    """The briefing's files, and its entry in the index, stay as they were last built."""
    folder = project_with(tmp_path / "project", "first")
    before = build_outputs(folder)
    source = folder / "content" / f"{SEED_SLUG}.yaml"
    source.write_text(source.read_text().replace("key_message:", "key_mesage:"))
    project = load_project(folder)
    report = build(project)
    failed = {outcome.slug: outcome.error for outcome in report.failed}
    assert isinstance(failed.pop(SEED_SLUG), ContentError)
    assert failed == {}
    assert snapshot(project.output) == before
    assert leftovers(project.output) == []


def test_a_refused_template_fetch_leaves_every_previous_output_as_it_was(tmp_path: Path) -> None:
    folder = project_with(tmp_path / "project", "first")
    before = build_outputs(folder)
    write_briefings(folder, "second")
    override = folder / "templates" / "blocks" / "key_message.html.j2"
    override.parent.mkdir(parents=True)
    override.write_text('<img src="file:///etc/passwd" alt="">\n')
    project = load_project(folder)
    report = build(project)
    assert len(report.failed) == len(SLUGS)
    assert all(isinstance(outcome.error, Mistake) for outcome in report.failed)
    assert snapshot(project.output) == before
    assert leftovers(project.output) == []


def test_two_builds_at_once_both_succeed_with_valid_outputs(tmp_path: Path) -> None:
    expected = build_outputs(project_with(tmp_path / "reference", "first"))
    folder = project_with(tmp_path / "project", "first")
    with start_build(folder) as first, start_build(folder) as second:
        for process in (first, second):
            finish(process)
    output = folder / "output"
    found = snapshot(output)
    assert found == expected
    for slug in SLUGS:
        assert len(pypdf.PdfReader(output / slug / f"{slug}.pdf").pages) == 2
        page = (output / slug / "index.html").read_text(encoding="utf-8")
        assert page.rstrip().endswith("</html>")
        fragment = (output / slug / "fragment.html").read_text(encoding="utf-8")
        assert fragment.rstrip().endswith("</div>")
    assert (output / "index.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert leftovers(output) == []
