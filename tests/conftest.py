"""Fixtures shared by the tests: the example project in a temporary folder, built once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from briefgen.build import build
from briefgen.cli import main
from briefgen.config import Project, load_project
from briefgen.outcomes import Report

REPOSITORY = Path(__file__).resolve().parents[1]
SEED_SLUG = "under-twos-repeat-referrals-2020"
SEED = REPOSITORY / "content" / f"{SEED_SLUG}.yaml"
SECOND_SLUG = "working-with-fathers-2023"
SECOND = REPOSITORY / "tests" / "content" / f"{SECOND_SLUG}.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regenerate-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden files in tests/golden from the current output.",
    )


def copy_example(target: Path, *, content: bool = True, examples: bool = False) -> Path:
    """The repository's example project in `target`: its configuration, its logo, and the
    seed briefing (`content`) or every example briefing (`examples`)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPOSITORY / "briefgen.yaml", target / "briefgen.yaml")
    shutil.copytree(REPOSITORY / "assets", target / "assets")
    (target / "content").mkdir()
    sources = sorted((REPOSITORY / "content").glob("*.yaml")) if examples else [SEED]
    if content or examples:
        for source in sources:
            shutil.copy(source, target / "content" / source.name)
    return target


@pytest.fixture
def project_folder(tmp_path: Path) -> Path:
    """A fresh copy of the example project."""
    return copy_example(tmp_path / "project")


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    """The example project without briefings."""
    return copy_example(tmp_path / "project", content=False)


@dataclass(frozen=True)
class SeedBuild:
    project: Project
    report: Report

    @property
    def folder(self) -> Path:
        return self.project.output / SEED_SLUG

    @property
    def pdf(self) -> Path:
        return self.folder / f"{SEED_SLUG}.pdf"

    @property
    def page(self) -> Path:
        return self.folder / "index.html"

    @property
    def fragment(self) -> Path:
        return self.folder / "fragment.html"

    @property
    def index(self) -> Path:
        return self.project.output / "index.html"


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


@dataclass(frozen=True)
class WebBuild:
    """A project of two briefings of different dates, for the web outputs and the index."""

    project: Project
    slugs: tuple[str, ...] = (SEED_SLUG, SECOND_SLUG)

    def page(self, slug: str) -> Path:
        return self.project.output / slug / "index.html"

    def fragment(self, slug: str, name: str = "fragment.html") -> Path:
        """A fragment: `fragment.html`, or its variant `fragment-inline.html` or
        `fragment-shadow.html`."""
        return self.project.output / slug / name

    def pdf(self, slug: str) -> Path:
        return self.project.output / slug / f"{slug}.pdf"

    @property
    def index(self) -> Path:
        return self.project.output / "index.html"


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


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def run_briefgen(
    *arguments: str, cwd: Path, timeout: float = 120, env: Mapping[str, str] | None = None
) -> Run:
    """briefgen as a user runs it: a separate process (with `env` added to the environment)."""
    completed = subprocess.run(
        [sys.executable, "-m", "briefgen", *arguments],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Run(completed.returncode, completed.stdout, completed.stderr)


Runner = Callable[..., Run]


@pytest.fixture
def briefgen_main(capsys: pytest.CaptureFixture[str]) -> Runner:
    """briefgen in this process (faster): `briefgen_main("check", "--project", folder)`."""

    def run(*arguments: str | Path) -> Run:
        code = main([str(argument) for argument in arguments])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, driven by Playwright (its own browser download is not used)."""
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: scripts/setup test installs Debian's chromium package")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()
