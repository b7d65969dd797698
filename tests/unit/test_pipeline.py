"""The pipeline: one walk of the steps for a build, a check, the preview's draft and the
answer to a build with nothing to do; and a briefing whose content file is gone is withdrawn."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from briefgen.content.config import load_project
from briefgen.errors import ContentError
from briefgen.outcomes import Options
from briefgen.paths import MANIFEST_NAME
from briefgen.pipeline import Pipeline, build, check
from briefgen.publish.incremental import Entry, Manifest
from briefgen.steps import Steps, withdraw
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_a_build_of_named_files_withdraws_no_other_briefing(
    two_built: Path, briefgen_main: Runner
) -> None:
    (two_built / "content" / SECOND.name).unlink()
    run = briefgen_main("build", "-C", two_built, two_built / "content" / SEED.name)
    assert run.code == 0, run.err
    assert "withdrawn" not in run.out
    assert (two_built / "output" / SECOND_SLUG / f"{SECOND_SLUG}.pdf").is_file()
    assert manifest_slugs(two_built) == sorted([SECOND_SLUG, SEED_SLUG])


@pytest.mark.slow
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


# --- One walk: build, check, the preview's draft and the no-op answer -------------------------


@pytest.fixture
def read_by(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every briefing that `Steps.read` (the first step of every walk) reads, by name."""
    seen: list[str] = []
    original = Steps.read

    def reading(steps: Steps, source: Path) -> Any:
        seen.append(source.stem)
        return original(steps, source)

    monkeypatch.setattr(Steps, "read", reading)
    return seen


@pytest.mark.slow
def test_a_build_a_check_and_a_draft_walk_the_same_steps(
    tmp_path: Path, read_by: list[str]
) -> None:
    """Each goes through `Pipeline`, whose steps are `Steps`'s: a step changed there is
    changed for all three (the preview once walked load, bound, review and present by hand)."""
    folder = copy_example(tmp_path / "project")
    project = load_project(folder)
    assert not build(project).failed
    assert not check(project).failed
    draft = Pipeline.start(project).draft(folder / "content" / SEED.name, "34 KB", "12 KB")
    assert draft.outcome.error is None
    assert "(PDF, 34 KB)" in draft.page
    assert "Children under two" in draft.fragment
    assert read_by == [SEED_SLUG] * 3


def test_a_draft_of_a_briefing_with_a_mistake_is_its_outcome_as_in_a_build(
    tmp_path: Path,
) -> None:
    folder = copy_example(tmp_path / "project")
    seed = folder / "content" / SEED.name
    seed.write_text(seed.read_text().replace("title:", "titel:"))
    project = load_project(folder)
    built = build(project).outcomes[0].error
    drafted = Pipeline.start(project).draft(seed, "34 KB", None).outcome.error
    assert isinstance(drafted, ContentError)
    assert str(drafted) == str(built)


@pytest.mark.slow
def test_the_answer_to_a_build_with_nothing_to_do_is_the_pipelines_plan(
    tmp_path: Path, briefgen_main: Runner, read_by: list[str]
) -> None:
    """The command line's quick answer is `Pipeline.plan` and `Pipeline.unchanged`, the
    first step of `Pipeline.build`: no briefing is read, and what it reports is what the
    pipeline says."""
    folder = copy_example(tmp_path / "project")
    assert briefgen_main("build", "--project", folder).code == 0
    read_by.clear()
    again = briefgen_main("build", "--project", folder)
    assert read_by == []
    options = Options()
    plan = Pipeline.plan(folder, (), options, folder / "output")
    report = Pipeline.unchanged(plan, folder, options)
    assert report is not None
    assert [outcome.pages for outcome in report.outcomes] == [2]
    assert f"{SEED_SLUG}.yaml (2 pages, unchanged)" in again.out
    (folder / "content" / SEED.name).write_text(SEED.read_text() + "\n# edited\n")
    edited = Pipeline.plan(folder, (), options, folder / "output")
    assert Pipeline.unchanged(edited, folder, options) is None
