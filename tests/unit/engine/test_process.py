"""The PDF engine in a process of its own (briefgen.engine.process.EngineProcess): what a serial
build and a check use from the command line. It must give what the engine in process
gives, byte for byte, error for error, forked or spawned, and must never outlive the
build that started it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefgen import fast_paths
from briefgen.content.config import load_project
from briefgen.engine.process import IN_PROCESS, EngineProcess, Job, Pending
from briefgen.errors import ContentError, Mistake
from briefgen.names import file_size
from briefgen.pipeline import Pipeline, build, check
from tests.support.processes import (
    kill_and_wait,
    snapshot,
    started_by_spawning,
    wait_for_workers,
)
from tests.support.project import SEED_SLUG, SEED_TITLE, copy_example, run_briefgen
from tests.support.text import long_findings, write_briefing

# Linux's fast paths, each switched off in turn: the fallbacks are what macOS and Windows use.
SWITCHED_OFF = {"fast paths": "", "no prctl": "prctl", "no fork": "fork", "neither": "prctl,fork"}


@pytest.fixture
def separate() -> Iterator[EngineProcess]:
    engine = EngineProcess.start()
    try:
        yield engine
    finally:
        engine.close()


@pytest.mark.slow
def test_the_separate_engine_builds_the_same_bytes_as_the_engine_in_process(
    tmp_path: Path, separate: EngineProcess
) -> None:
    in_process = load_project(copy_example(tmp_path / "in-process"))
    in_child = load_project(copy_example(tmp_path / "in-child"))
    assert not build(in_process, engine=IN_PROCESS).failed
    assert not build(in_child, engine=separate).failed
    assert separate.pid != os.getpid()
    assert snapshot(in_child.output) == snapshot(in_process.output)


@pytest.mark.slow
def test_the_command_line_builds_the_same_bytes_as_a_build_in_process(tmp_path: Path) -> None:
    """`briefgen build` of one briefing goes through the engine's own process."""
    in_process = load_project(copy_example(tmp_path / "in-process"))
    assert not build(in_process).failed
    folder = copy_example(tmp_path / "command")
    run = run_briefgen("build", f"content/{SEED_SLUG}.yaml", cwd=folder)
    assert run.code == 0, run.err
    assert snapshot(folder / "output") == snapshot(in_process.output)


@pytest.mark.slow
def test_a_refused_fetch_in_the_separate_engine_is_the_same_error(
    tmp_path: Path, separate: EngineProcess
) -> None:
    messages = []
    for name, engine in (("in-process", IN_PROCESS), ("in-child", separate)):
        folder = copy_example(tmp_path / name)
        override = folder / "templates" / "blocks" / "key_message.html.j2"
        override.parent.mkdir(parents=True)
        override.write_text('<p>Our key message</p>\n<img src="file:///etc/passwd" alt="">\n')
        report = build(load_project(folder), engine=engine)
        [outcome] = report.failed
        assert isinstance(outcome.error, Mistake)
        messages.append((outcome.error.message, outcome.error.fix))
    assert messages[0] == messages[1]
    assert "file:///etc/passwd" in messages[0][0]


@pytest.mark.slow
def test_the_separate_engine_checks_a_briefing_over_budget_as_in_process(
    empty_project: Path, separate: EngineProcess
) -> None:
    write_briefing(empty_project, "long-findings", long_findings())
    project = load_project(empty_project)
    errors = [
        str(check(project, engine=engine).failed[0].error) for engine in (IN_PROCESS, separate)
    ]
    assert errors[0] == errors[1]
    assert "over the 2-page budget" in errors[0]


@pytest.mark.parametrize("switched_off", SWITCHED_OFF.values(), ids=SWITCHED_OFF)
@pytest.mark.slow
def test_the_engine_process_ends_with_the_command_even_when_killed(
    tmp_path: Path, switched_off: str
) -> None:
    """With Linux's fast paths (fork, prctl) and with each fallback in their place."""
    folder = copy_example(tmp_path / "project").resolve()
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "build", f"content/{SEED_SLUG}.yaml"],
        cwd=folder,
        env={**os.environ, fast_paths.SWITCH: switched_off},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        wait_for_workers(process, folder, 1)  # the engine
    finally:
        assert kill_and_wait(process, folder) == []


@pytest.mark.slow
def test_a_spawned_engine_builds_the_same_bytes_as_the_engine_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where fork is not offered (macOS, Windows), the engine's process is spawned."""
    in_process = load_project(copy_example(tmp_path / "in-process"))
    spawned = load_project(copy_example(tmp_path / "spawned"))
    assert not build(in_process, engine=IN_PROCESS).failed
    monkeypatch.setenv(fast_paths.SWITCH, "fork")
    engine = EngineProcess.start()
    try:
        assert started_by_spawning(engine.pid)
        assert not build(spawned, engine=engine).failed
    finally:
        engine.close()
    assert snapshot(spawned.output) == snapshot(in_process.output)


def test_closing_the_engine_ends_its_process(separate: EngineProcess) -> None:
    separate.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(separate.pid, os.WNOHANG)  # already reaped by close()


@dataclass
class EditedWhileLoading:
    """An engine whose WeasyPrint finishes loading just after the briefing was edited:
    what a build prepared ahead of `ready()` must then not be used."""

    engine: EngineProcess
    source: Path
    new_text: str
    separate = True

    def ready(self) -> None:
        self.source.write_text(self.new_text, encoding="utf-8")
        self.engine.ready()

    def submit(self, job: Job) -> Pending:
        return self.engine.submit(job)


@pytest.mark.slow
def test_a_briefing_edited_while_weasyprint_loads_is_built_as_it_now_reads(
    tmp_path: Path, separate: EngineProcess
) -> None:
    """The first briefing is prepared while the engine's process loads WeasyPrint; an
    edit saved in that time wins, as it would have without the head start."""
    project = load_project(copy_example(tmp_path / "project"))
    source = project.root / "content" / f"{SEED_SLUG}.yaml"
    edited = source.read_text(encoding="utf-8").replace(SEED_TITLE, "The title as edited")
    assert Pipeline.start(project, engine=separate).prepare_ahead([source]) is not None
    engine = EditedWhileLoading(separate, source, edited)
    report = build(project, [source], engine=engine)
    assert not report.failed
    page = (project.output / SEED_SLUG / "index.html").read_text(encoding="utf-8")
    assert "The title as edited" in page
    assert SEED_TITLE not in page


@pytest.mark.slow
def test_a_mistake_found_ahead_is_told_once_in_its_place(
    tmp_path: Path, separate: EngineProcess
) -> None:
    folder = copy_example(tmp_path / "project", examples=True)
    source = folder / "content" / f"{SEED_SLUG}.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "titel: misspelt\n", encoding="utf-8")
    report = build(load_project(folder), engine=separate)
    [failed] = report.failed
    assert failed.slug == SEED_SLUG
    assert isinstance(failed.error, ContentError)
    assert "titel" in str(failed.error)
    assert len(report.outcomes) > 1, "the example has other briefings, which still build"
    assert all(outcome.ok for outcome in report.outcomes if outcome.slug != SEED_SLUG)


# A project's download link that changes the size: a filter on it, and a filter block;
# and what each makes of a size.
SIZE_WRITTEN: dict[str, tuple[str, Callable[[str], str]]] = {
    "filtered": (
        "(PDF, {{ pdf_size|lower|replace(' kb', ' kilobytes') }})",
        lambda size: f"(PDF, {size.lower().replace(' kb', ' kilobytes')})",
    ),
    "filter block": (
        "{% filter upper %}(PDF, {{ pdf_size }}){% endfilter %}",
        lambda size: f"(PDF, {size})".upper(),
    ),
}


@pytest.mark.parametrize(("written", "expected"), SIZE_WRITTEN.values(), ids=SIZE_WRITTEN)
@pytest.mark.slow
def test_the_pdf_size_is_right_even_where_a_template_changes_how_it_is_written(
    tmp_path: Path, separate: EngineProcess, written: str, expected: Callable[[str], str]
) -> None:
    """The web outputs give the PDF's size, however a project's template writes it: they
    are made once the PDF exists (their templates are compiled while it is laid out), with
    no stand-in for the size to be swapped afterwards."""
    folder = copy_example(tmp_path / "project")
    override = folder / "templates" / "components" / "download.html.j2"
    override.parent.mkdir(parents=True)
    link = f'<a href="{{{{ pdf_href }}}}" download>Download {written}</a>'
    override.write_text(f'<p class="bg-download">{link}</p>\n', encoding="utf-8")
    project = load_project(folder)
    assert not build(project, [folder / "content" / f"{SEED_SLUG}.yaml"], engine=separate).failed
    size = file_size((project.output / SEED_SLUG / f"{SEED_SLUG}.pdf").stat().st_size)
    for name in ("index.html", "fragment.html", "fragment-inline.html", "fragment-shadow.html"):
        html = (project.output / SEED_SLUG / name).read_text(encoding="utf-8")
        assert "briefgen-pdf-size" not in html.lower(), name
    page = (project.output / SEED_SLUG / "index.html").read_text(encoding="utf-8")
    assert f"Download {expected(size)}</a>" in page
