"""The seed briefing's web outputs made with a project's own templates, without its PDF:
what the web check is tested on, in a fraction of a build's time."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.content.config import load_project
from briefgen.content.load import load_briefing
from briefgen.errors import Mistake
from briefgen.render.present import present
from briefgen.render.renderer import Renderer
from tests.support.project import SEED, SEED_SLUG


def render_seed_web(folder: Path) -> dict[str, str]:
    """The web page and the three fragments of the seed briefing of the project `folder`."""
    project = load_project(folder)
    renderer = Renderer(project)
    briefing = load_briefing(project.content / SEED.name).briefing
    view = present(briefing, SEED_SLUG, project.config, renderer.folders)
    return renderer.render_web(view, "35 KB", "12 KB")


def override(folder: Path, template: Path | str, text: str) -> Path:
    """`text` as the project's own copy of the theme's `template`."""
    path = folder / "templates" / template
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def web_refusal(folder: Path) -> Mistake:
    """The mistake that making the seed's web outputs ends in."""
    with pytest.raises(Mistake) as raised:
        render_seed_web(folder)
    return raised.value
