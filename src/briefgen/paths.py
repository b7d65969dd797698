"""Where a project's files are: found without reading them.

This module imports nothing heavy, so that a rebuild with nothing to do can
answer from file hashes alone (see `briefgen.incremental.up_to_date`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from briefgen.errors import UsageError

CONFIG_NAME = "briefgen.yaml"
PACKAGE_THEME = Path(__file__).parent / "templates"
SOURCE_THEME = Path(__file__).parents[2] / "templates"


def builtin_theme() -> Path:
    """The default theme: inside the installed package, or `templates/` of a source checkout."""
    return PACKAGE_THEME if PACKAGE_THEME.is_dir() else SOURCE_THEME


def theme_folders(root: Path) -> list[Path]:
    """Where templates are looked up, first match wins: the project's own, then the theme."""
    return [folder for folder in (root / "templates", builtin_theme()) if folder.is_dir()]


def find_project_root(start: Path) -> Path:
    """The nearest folder, from `start` upwards, that holds a briefgen.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise UsageError(
        f"no {CONFIG_NAME} found in {start} or any folder above it",
        f"run briefgen inside a project folder (one with {CONFIG_NAME}), or pass --project DIR",
    )


def relative_to(root: Path, path: Path) -> Path:
    """A path as the user knows it: relative to the project where possible."""
    try:
        return path.resolve().relative_to(root)
    except ValueError:
        return path


def content_sources(root: Path, files: Sequence[Path] = ()) -> list[Path]:
    """The briefing files to work on: those named, or every YAML file in content/."""
    if files:
        return [Path(file) for file in files]
    content = root / "content"
    if not content.is_dir():
        raise UsageError(
            f"there is no content folder in {root}",
            "create content/ and put briefings in it, or start one with `briefgen new NAME`",
        )
    return sorted([*content.glob("*.yaml"), *content.glob("*.yml")])
