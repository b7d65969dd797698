"""Atomic outputs: a build that fails, is killed or runs beside another never loses a file."""

from __future__ import annotations

import contextlib
import errno
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml

from briefgen.build import build
from briefgen.config import load_project
from briefgen.errors import ContentError, UsageError
from briefgen.outputs import LOCK_NAME, TEMPORARY_PREFIX
from tests.support.processes import Snapshot, processes_in, snapshot
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


def start_build(folder: Path, *, quiet: bool = False) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "briefgen", "build"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL if quiet else subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> None:
    _, errors = process.communicate(timeout=180)
    assert process.returncode == 0, errors


def check_after_kill(output: Path, old: Snapshot, new: Snapshot, context: str) -> Snapshot:
    """Every output is its old bytes or its new. A temporary file is allowed only where the
    kill fell between a link and its rename: one at most, and a complete new file."""
    left = leftovers(output)
    assert len(left) <= 1, f"{left} ({context})"
    for path in left:
        assert path.read_bytes() in new.values(), f"{path} is not a finished file ({context})"
    found = snapshot(output)
    assert found.keys() == old.keys(), context
    for name, data in found.items():
        assert data in (old[name], new[name]), f"{name} is torn ({context})"
    return found


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_each_file_old_or_new(tmp_path: Path) -> None:
    """SIGKILL a build at random moments: each output is its old bytes or its new, never torn.

    Every file is written whole to an unnamed O_TMPFILE file, then linked under a
    `.briefgen-tmp-*` name and at once renamed over the old file. Linux has no way to
    name an unnamed file over an existing one, so a kill that falls between that link
    and its rename (tens of microseconds a file, about a third of a millisecond in a
    build of 2.5 s) leaves that name behind, holding the complete new file; the next
    build removes it before it writes (the test after this one). The check accepts
    such a file only if it is complete, and only one.
    """
    old = build_outputs(project_with(tmp_path / "project", "first"))
    new = build_outputs(project_with(tmp_path / "reference", "second"))
    assert old.keys() == new.keys()
    assert all(old[name] != new[name] for name in old), "every output changes"

    folder = tmp_path / "project"
    output = folder / "output"
    write_briefings(folder, "second")
    started = time.monotonic()
    finish(start_build(folder))
    duration = time.monotonic() - started
    assert snapshot(output) == new, "an uninterrupted build writes what the reference wrote"

    seed = secrets.randbits(32)
    delays = random.Random(seed).sample(range(KILLS), KILLS)  # spread over the whole build
    outcomes = {"old": 0, "new": 0, "mixed": 0}
    for slot in delays:
        restore(output, old)
        process = start_build(folder, quiet=True)
        time.sleep(duration * (slot + random.Random(seed + slot).random()) / KILLS)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        context = f"seed {seed}, killed after {slot}/{KILLS} of {duration:.2f} s"
        found = check_after_kill(output, old, new, context)
        outcomes["old" if found == old else "new" if found == new else "mixed"] += 1
    assert outcomes["old"] > 0, outcomes  # the kills did land before any write


def signatures(output: Path) -> dict[Path, tuple[int, int, int]]:
    """What changes the moment an output is replaced or rewritten: inode, size and time."""
    found = {}
    for path in output.rglob("*"):
        if path.name == LOCK_NAME:
            continue  # made by every build before it writes anything
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
    middle of writing. A writer that rewrote files in place is caught here (tried: its
    first attempt found a torn PDF). About one kill in seven lands between a link and
    its rename and leaves the complete new file under its temporary name.
    """
    old = build_outputs(project_with(tmp_path / "project", "first"))
    new = build_outputs(project_with(tmp_path / "reference", "second"))
    folder = tmp_path / "project"
    output = folder / "output"
    write_briefings(folder, "second")
    for attempt in range(3):
        restore(output, old)
        process = start_build(folder, quiet=True)
        assert kill_at_first_change(process, output), f"attempt {attempt}: no change seen"
        check_after_kill(output, old, new, f"attempt {attempt}")


def test_a_build_after_a_kill_removes_the_temporary_file_it_left(tmp_path: Path) -> None:
    """What a kill between a link and its rename leaves is gone after the next build.

    Such a file is real: on the development machine 14 of 100 kills timed at a build's
    first write (as in the test above) left one, each a complete copy of a new file.
    """
    folder = project_with(tmp_path / "project", "first")
    output = folder / "output"
    built = build_outputs(folder)
    left = output / SEED_SLUG / f"{TEMPORARY_PREFIX}0123456789ab"
    left.write_bytes(built[f"{SEED_SLUG}/index.html"])
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
    finish(start_build(folder))
    duration = time.monotonic() - started
    write_briefings(folder, "second")
    for tenth in range(1, 10):
        process = start_build(folder, quiet=True)
        time.sleep(duration * tenth / 10)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        deadline = time.monotonic() + 10
        while processes_in(folder) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert processes_in(folder) == [], f"killed after {tenth}/10 of {duration:.2f} s"
    finish(start_build(folder))  # the lock is free: this build does not wait
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
    assert all(isinstance(outcome.error, UsageError) for outcome in report.failed)
    assert snapshot(project.output) == before
    assert leftovers(project.output) == []


def test_two_builds_at_once_both_succeed_with_valid_outputs(tmp_path: Path) -> None:
    expected = build_outputs(project_with(tmp_path / "reference", "first"))
    folder = project_with(tmp_path / "project", "first")
    first, second = start_build(folder), start_build(folder)
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


def test_without_o_tmpfile_named_temporary_files_are_used_and_none_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some file systems (network shares, some FUSE mounts) refuse O_TMPFILE with EOPNOTSUPP."""
    before = build_outputs(project_with(tmp_path / "project", "first"))
    expected = build_outputs(project_with(tmp_path / "reference", "second"))
    folder = tmp_path / "project"
    write_briefings(folder, "second")
    real_open = os.open
    refused = []

    def open_without_tmpfile(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_TMPFILE == os.O_TMPFILE:
            refused.append(path)
            raise OSError(errno.EOPNOTSUPP, os.strerror(errno.EOPNOTSUPP))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_without_tmpfile)
    after = build_outputs(folder)
    monkeypatch.undo()
    assert refused, "the writer asked for O_TMPFILE"
    assert after == expected != before
    assert leftovers(folder / "output") == []
