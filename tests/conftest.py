"""Fixtures shared by the tests: the example project in a temporary folder, built once.

The helpers they use live in `tests.support`; no test module imports another.
"""

from __future__ import annotations

import shutil
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from briefgen.cli import main
from briefgen.content.config import load_project
from briefgen.fast_paths import SWITCH as NO_FAST_PATHS
from briefgen.pipeline import build
from tests.support.project import (
    SECOND,
    SECOND_SLUG,
    SEED,
    SEED_SLUG,
    Run,
    Runner,
    SeedBuild,
    WebBuild,
    copy_example,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser


# The whole-program tests that are quick (they read the source, not run it): while editing,
# `pytest -m "not slow"` runs them with the unit tests.
QUICK_SYSTEM_MODULES = frozenset({"test_codebase.py", "test_docs.py", "test_layers.py"})
# Fixtures that build whole projects, start a browser or a preview server: a test that asks
# for one is slow. (`built`: test_layouts' examples; `shared`: test_server's running preview.)
SLOW_FIXTURES = frozenset(
    {"browser", "built", "examples_build", "seed_build", "shared", "web_build"}
)


def pytest_configure(config: pytest.Config) -> None:
    """Ctrl-C answered, whoever started the tests: a run started in the background of a
    script (`cmd &` in a shell without job control) inherits SIGINT ignored, as POSIX says,
    and so would every briefgen it starts, and the tests that send one Ctrl-C would wait
    for ever. (briefgen keeps an ignored SIGINT ignored, as a background job should.)"""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks `slow` what `pytest -m "not slow"` leaves out: every whole-program test but the
    quick ones, and every test that builds a whole project or drives the browser. A unit test
    that builds in its own body is marked where it is written."""
    system = Path(__file__).parent / "system"
    for item in items:
        path = item.path
        whole_program = path.parent == system and path.name not in QUICK_SYSTEM_MODULES
        fixtures = set(getattr(item, "fixturenames", ()))
        if whole_program or fixtures & SLOW_FIXTURES or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regenerate-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden files in tests/golden from the current output.",
    )


@pytest.fixture
def project_folder(tmp_path: Path) -> Path:
    """A fresh copy of the example project."""
    return copy_example(tmp_path / "project")


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    """The example project without briefings."""
    return copy_example(tmp_path / "project", content=False)


@pytest.fixture(params=["O_NOFOLLOW", "a look first"])
def link_guard(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Runs the test once with each way the gate keeps a name from being a link as it opens
    it: O_NOFOLLOW, and a look at the name beside the open, as on Windows, which has no
    O_NOFOLLOW (BRIEFGEN_NO_FAST_PATHS=nofollow, which builds the test starts inherit)."""
    if request.param == "a look first":
        monkeypatch.setenv(NO_FAST_PATHS, "nofollow")
    else:
        monkeypatch.delenv(NO_FAST_PATHS, raising=False)
    return str(request.param)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> SeedBuild:
    """The seed briefing built once for the session: read it, never change it."""
    folder = tmp_path_factory.mktemp("seed")
    copy_example(folder / "project", content=False)
    shutil.copy(SEED, folder / "project" / "content" / SEED.name)
    project = load_project(folder / "project")
    report = build(project)
    assert not report.failed, [outcome.error for outcome in report.failed]
    return SeedBuild(project, report)


@pytest.fixture(scope="session")
def examples_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every example of content/, built once for the session: the folder of their outputs."""
    project = load_project(copy_example(tmp_path_factory.mktemp("examples"), examples=True))
    report = build(project)
    assert not report.failed, [outcome.error for outcome in report.failed]
    return project.output


@pytest.fixture(scope="session")
def web_build(tmp_path_factory: pytest.TempPathFactory) -> WebBuild:
    """The seed and a second, newer briefing, built once for the session: never change it."""
    folder = copy_example(tmp_path_factory.mktemp("web") / "project", content=False)
    for source in (SEED, SECOND):
        shutil.copy(source, folder / "content" / source.name)
    project = load_project(folder)
    report = build(project)
    assert not report.failed, [outcome.error for outcome in report.failed]
    assert [outcome.slug for outcome in report.outcomes] == [SEED_SLUG, SECOND_SLUG]
    return WebBuild(project)


@pytest.fixture
def briefgen_main(capsys: pytest.CaptureFixture[str]) -> Runner:
    """briefgen in this process (faster): `briefgen_main("check", "--project", folder)`."""

    def run(*arguments: str | Path) -> Run:
        code = main([str(argument) for argument in arguments])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, driven by Playwright (its own browser download is not used)."""
    # Imported here, not at the top: only the browser tests pay for Playwright.
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    from tests.support.browser import CHROMIUM, CHROMIUM_FLAGS  # noqa: PLC0415

    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: scripts/setup test installs Debian's chromium package")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()
