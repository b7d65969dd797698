"""One briefing's unexpected failure (a bug, or a limit of WeasyPrint) fails that briefing
alone: the others, the index and the manifest are still written, the message names the
briefing and the log, and the log keeps the traceback.

Each case runs as a user runs it: a serial build (`-j 1`, the engine in a process of its
own), a parallel build (the default: worker processes) and a check.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import re
import shutil
import signal
from pathlib import Path

import pytest

from briefgen.content.config import load_project
from briefgen.crashes import CRASH_LOG_NAME, ErrorData
from briefgen.engine.process import EngineProcess
from briefgen.errors import (
    BriefgenError,
    ContentError,
    Crash,
    EnvironmentProblem,
    Mistake,
    Problem,
    UsageError,
)
from briefgen.outcomes import Options, Outcome
from briefgen.pipeline import build, check
from briefgen.publish.incremental import MANIFEST_NAME
from briefgen.steps import Steps
from tests.support.project import (
    REPOSITORY,
    SECOND,
    SECOND_SLUG,
    SEED_SLUG,
    copy_example,
    run_briefgen,
)
from tests.support.text import seed_data, write_briefing

COMMANDS = {
    "serial": ("build", "-j", "1"),
    "parallel": ("build",),
    "check": ("check",),
}
GOOD = (SEED_SLUG, SECOND_SLUG)
LOG_NAMED = re.compile(r"the details are in (\S+\.log)")


def with_two_good(folder: Path) -> Path:
    """The example project with the seed and a second good briefing."""
    project = copy_example(folder)
    shutil.copy(SECOND, project / "content" / SECOND.name)
    return project


def deep_template(project: Path, slug: str) -> None:
    """A project template that nests 400 elements in one briefing only: WeasyPrint's layout
    recurses once a level, and fails with a RecursionError, in the engine's process."""
    deep = "<span>" * 400 + "deep" + "</span>" * 400
    part = project / "templates" / "blocks" / "key_message.html.j2"
    part.parent.mkdir(parents=True)
    part.write_text(
        '<div class="bg-key-message">\n<p><strong class="bg-key-label">Key message</strong> '
        '<span class="bg-key-text">{{ block.data.html }}</span></p>\n'
        f'{{% if briefing.slug == "{slug}" %}}{deep}{{% endif %}}\n</div>\n'
    )


def assert_the_others_built(project: Path, command: str) -> None:
    output = project / "output"
    if command == "check":
        assert not output.exists(), "a check writes nothing in the project"
        return
    for slug in GOOD:
        assert (output / slug / f"{slug}.pdf").is_file(), slug
    assert (output / "index.html").is_file()
    assert (output / MANIFEST_NAME).is_file()
    index = (output / "index.html").read_text()
    assert all(f'href="{slug}/' in index for slug in GOOD)


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS)
def test_a_recursion_in_the_engine_on_the_projects_template_fails_its_briefing_alone(
    tmp_path: Path, command: str
) -> None:
    """WeasyPrint's RecursionError on what the project's own template made is the
    template's to fix: an error naming the briefing and the template, not an internal
    error, and no crash log; the other briefings are still built."""
    project = with_two_good(tmp_path / "project")
    write_briefing(project, "deep-briefing", seed_data())
    deep_template(project, "deep-briefing")
    run = run_briefgen(*COMMANDS[command], cwd=project)
    assert run.code == 1, run.err
    assert (
        "error: content/deep-briefing.yaml: WeasyPrint could not lay out what the project's "
        "own templates made (RecursionError" in run.err
    ), run.err
    assert "they are templates/blocks/key_message.html.j2" in run.err
    assert "internal error" not in run.err
    assert "Traceback" not in run.err
    assert_the_others_built(project, command)
    assert f"2 of 3 briefings {'checked' if command == 'check' else 'built'}" in run.err
    assert LOG_NAMED.findall(run.err) == []
    assert not (project / "output" / CRASH_LOG_NAME).exists()


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS)
def test_a_cohort_too_large_to_draw_fails_its_briefing_alone(tmp_path: Path, command: str) -> None:
    """A total of 401 digits once made an OverflowError that aborted the whole build."""
    project = with_two_good(tmp_path / "project")
    data = seed_data()
    cohort = data["method"]["cohort"]
    cohort["total"] = int("9" * 401)
    cohort["breakdowns"] = [cohort["breakdowns"][0]]  # the percentages, drawn from the total
    write_briefing(project, "overflow-case", data)
    run = run_briefgen(*COMMANDS[command], cwd=project)
    assert run.code == 1, run.err
    assert "content/overflow-case.yaml" in run.err
    assert "Traceback" not in run.err
    assert_the_others_built(project, command)


@pytest.mark.slow
def test_a_killed_engine_is_replaced_for_the_next_briefing(tmp_path: Path) -> None:
    """The engine process dies (killed, out of memory): the briefing it was given fails,
    naming how it ended, and a new engine builds the next."""
    folder = with_two_good(tmp_path / "project")
    engine = EngineProcess.start()
    try:
        os.kill(engine.pid, signal.SIGKILL)
        report = check(load_project(folder), engine=engine)
    finally:
        engine.close()
    first, second = report.outcomes
    assert isinstance(first.error, Crash)
    assert "killed by SIGKILL" in first.error.summary
    assert first.error.log is not None
    assert first.error.log.is_file()
    assert "killed by SIGKILL" in first.error.log.read_text()
    first.error.log.unlink()  # a check's log is in the temporary folder
    assert second.ok, second.error
    assert second.pages == 2


@pytest.mark.slow
def test_a_killed_worker_costs_no_briefing(tmp_path: Path) -> None:
    """A parallel build whose workers are killed once its first briefing is in: the pool
    breaks, and each briefing it had not finished is built again in a process of its own."""
    folder = copy_example(tmp_path / "project", examples=True)
    shutil.copy(SECOND, folder / "content" / SECOND.name)
    killed: list[int] = []

    def kill_the_workers(outcome: Outcome) -> None:
        if not killed:
            for worker in multiprocessing.active_children():
                killed.append(worker.pid or 0)
                os.kill(worker.pid or 0, signal.SIGKILL)

    project = load_project(folder)
    report = build(project, progress=kill_the_workers, options=Options(jobs=2))
    assert killed
    assert not report.failed, [str(outcome.error) for outcome in report.failed]
    assert len(report.outcomes) == len(list((REPOSITORY / "content").glob("*.yaml"))) + 1
    for outcome in report.outcomes:
        assert (project.output / outcome.slug / f"{outcome.slug}.pdf").is_file()


@pytest.mark.parametrize(
    "error",
    [
        Mistake("briefgen refused what the templates asked for", "keep it in the project"),
        UsageError("--jobs 0 cannot work", "give one or more"),
        EnvironmentProblem("the disk is full", "make room"),
        ContentError([Problem(Path("content/a.yaml"), "a mistake", "a fix", line=3, column=5)]),
        Crash(Path("content/a.yaml"), "RecursionError: too deep", "Traceback ...", Path("log")),
    ],
    ids=["mistake", "command line", "computer", "content", "crash"],
)
def test_an_error_crosses_from_a_worker_as_data(error: BriefgenError) -> None:
    """A worker sends the user's error back as its class's name and fields, plain values
    that pickle as such; the build makes the same error again from them."""
    data = ErrorData.of(error)
    assert not any(isinstance(value, BaseException) for value in data.arguments.values())
    received = pickle.loads(pickle.dumps(data)).rebuilt()
    assert type(received) is type(error)
    assert received == error
    assert str(received) == str(error)
    assert received.exit_code == error.exit_code


# --- The log itself: a file of the output folder, never written through a link -----------

ATTACKER_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKEY the-attacker"


def failing_template(project: Path) -> None:
    """A template that gives `asset()` a number: once a failure inside briefgen's own code,
    so an internal error, logged with a line of the template in its traceback."""
    part = project / "templates" / "blocks" / "key_message.html.j2"
    part.parent.mkdir(parents=True)
    part.write_text(f"<p>{{{{ asset(1) }}}}</p>{{# {ATTACKER_KEY} #}}\n")


def planted_log(project: Path, home: Path) -> tuple[Path, Path]:
    """output/.briefgen-errors.log shipped as a link to the user's SSH keys."""
    keys = home / ".ssh" / "authorized_keys"
    keys.parent.mkdir(parents=True)
    keys.write_text("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOWN the-user\n")
    log = project / "output" / CRASH_LOG_NAME
    log.parent.mkdir()
    log.symlink_to(keys)
    return log, keys


def a_bug(*arguments: object, **keywords: object) -> bytes:
    raise RuntimeError(f"a bug in briefgen, {ATTACKER_KEY}")


@pytest.mark.slow
def test_a_crash_log_that_is_a_link_is_replaced_not_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project that ships output/.briefgen-errors.log as a link to a file of the user's
    (here their SSH keys) must not have a crash overwrite that file with a traceback that
    quotes what the attacker chose. The crash is one of briefgen's own, made on purpose."""
    project = copy_example(tmp_path / "project")
    log, keys = planted_log(project, tmp_path / "home")
    monkeypatch.setattr(Steps, "discussion_record", a_bug)
    report = build(load_project(project), options=Options(jobs=1))
    [failed] = report.failed
    assert isinstance(failed.error, Crash)
    assert f"the details are in output/{CRASH_LOG_NAME}" in failed.error.fix
    assert keys.read_text() == "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOWN the-user\n"
    assert not log.is_symlink()
    assert "Traceback (most recent call last)" in log.read_text()
    assert ATTACKER_KEY in log.read_text()


@pytest.mark.slow
def test_a_template_that_misuses_a_helper_is_its_mistake_and_logs_nothing(tmp_path: Path) -> None:
    """`asset(1)` is the template's mistake, told at its line: no internal error, so no log
    is written at all, through a link or not."""
    project = copy_example(tmp_path / "project")
    failing_template(project)
    log, keys = planted_log(project, tmp_path / "home")
    run = run_briefgen(*COMMANDS["serial"], cwd=project)
    assert run.code == 1, run.err
    assert "error: templates/blocks/key_message.html.j2:1:" in run.err
    assert "internal error" not in run.err
    assert keys.read_text() == "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOWN the-user\n"
    assert log.is_symlink(), "nothing was logged, so the planted link was not even touched"
