"""The example project in a temporary folder, and briefgen run as a user runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from briefgen.content.config import Project
from briefgen.outcomes import Report

REPOSITORY = Path(__file__).resolve().parents[2]
SEED_SLUG = "under-twos-repeat-referrals-2020"
SEED = REPOSITORY / "content" / f"{SEED_SLUG}.yaml"
SEED_TITLE = "Children under two with repeated contacts and referrals"
SECOND_SLUG = "working-with-fathers-2023"
SECOND = REPOSITORY / "tests" / "content" / f"{SECOND_SLUG}.yaml"
# The example briefings of content/: between them, every kind of block and layout.
EXAMPLES = sorted(source.stem for source in (REPOSITORY / "content").glob("*.yaml"))


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


def drop_settings(folder: Path, *names: str) -> Path:
    """The project's briefgen.yaml without the settings `names` (dotted: "site.url")."""
    config = folder / "briefgen.yaml"
    data = yaml.safe_load(config.read_text())
    for name in names:
        *parents, last = name.split(".")
        table = data
        for parent in parents:
            table = table[parent]
        del table[last]
    config.write_text(yaml.safe_dump(data, sort_keys=False))
    return folder


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
