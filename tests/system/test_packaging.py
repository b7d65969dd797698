"""An installed briefgen works outside this repository: the theme travels in the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from briefgen.content.config import load_project
from briefgen.pipeline import build
from tests.support.project import REPOSITORY, SEED, SEED_SLUG, copy_example
from tests.support.text import pdf_text


@pytest.mark.slow
def test_the_wheel_carries_the_theme_and_builds_outside_the_repository(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            tmp_path / "dist",
            REPOSITORY,
        ],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("briefgen-*.whl"))
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    see_dependencies(python)
    subprocess.run(
        [python, "-m", "pip", "install", "--no-deps", "-q", wheel], check=True, capture_output=True
    )
    # The wheel's briefgen, not a source tree that PYTHONPATH may point at.
    clean = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    theme = subprocess.run(
        [
            python,
            "-c",
            "from briefgen.render.renderer import builtin_theme; print(builtin_theme())",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean,
    ).stdout.strip()
    assert Path(theme).is_relative_to(environment), theme
    assert (Path(theme) / "fonts" / "BriefgenSans-Regular.ttf").is_file()
    assert (Path(theme) / "locale" / "en.po").is_file()
    assert (Path(theme) / "locale" / "cy.po").is_file()

    project = copy_example(tmp_path / "elsewhere", content=False)
    (project / "content" / SEED.name).write_text(SEED.read_text())
    welsh = SEED.read_text().replace("\ntitle:", "\nlanguage: cy\ntitle:", 1)
    (project / "content" / "in-welsh.yaml").write_text(welsh)  # the wheel's catalogue
    built = subprocess.run(
        [environment / "bin" / "briefgen", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        env=clean,
    )
    assert built.returncode == 0, built.stderr
    assert (project / "output" / SEED_SLUG / f"{SEED_SLUG}.pdf").is_file()
    assert "Tudalen 1 o 2" in pdf_text(project / "output" / "in-welsh" / "in-welsh.pdf")
    assert not (project / "templates").exists()


def see_dependencies(python: Path) -> None:
    """Let the new environment import the dependencies installed where the tests run (a
    virtual environment, in CI), without their briefgen: a `.pth` line adds a folder to the
    path but reads no `.pth` file in it, so an editable install of this checkout stays out."""
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    folders = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (Path(site) / "tests-dependencies.pth").write_text("\n".join(sorted(folders)) + "\n")


def test_a_project_template_overrides_the_theme_file_by_file(project_folder: Path) -> None:
    override = project_folder / "templates" / "blocks" / "key_message.html.j2"
    override.parent.mkdir(parents=True)
    override.write_text('<p class="bg-key-message">Our own words: {{ block.data.html }}</p>\n')
    project = load_project(project_folder)
    assert not build(project).failed
    page = (project.output / SEED_SLUG / "index.html").read_text()
    assert "Our own words: Remember safeguarding" in page
    assert "bg-findings" in page, "the rest of the theme still comes from the built-in one"
