"""A project's template that changes nothing is told, not silently ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.paths import builtin_theme
from briefgen.review.overrides import unused_overrides
from tests.support.project import copy_example, run_briefgen

OLD_NAME = Path("templates") / "parts" / "key-message.html.j2"


def write(folder: Path, name: str, text: str) -> None:
    path = folder / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.mark.slow
def test_a_template_under_a_name_the_theme_does_not_read_is_told_with_the_right_name(
    tmp_path: Path,
) -> None:
    folder = copy_example(tmp_path / "project")
    write(folder, "parts/key-message.html.j2", "<p>Our own key message</p>\n")
    built = run_briefgen("build", cwd=folder)
    assert built.code == 0, built.err
    assert f"{OLD_NAME} replaces no file of the theme and no template includes it" in built.err
    assert "rename it templates/blocks/key_message.html.j2" in built.err
    strict = run_briefgen("build", "--strict", "--force", cwd=folder)
    assert strict.code == 1
    assert str(OLD_NAME) in strict.err


def test_overrides_partials_and_layouts_of_the_project_are_in_use(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project")
    write(folder, "blocks/key_message.html.j2", '{% include "partials/banner.html.j2" %}\n')
    write(folder, "partials/banner.html.j2", "<p>{{ block.data.html }}</p>\n")
    write(folder, "layouts/poster.yaml", "name: poster\nsections: []\n")
    write(folder, "locale/pl.po", 'msgid "Key message"\nmsgstr "Kluczowy przekaz"\n')
    assert unused_overrides(folder / "templates", builtin_theme(), folder) == []
    write(folder, "partials/forgotten.html.j2", "<p>Nobody includes me</p>\n")
    [(forgotten, _)] = unused_overrides(folder / "templates", builtin_theme(), folder)
    assert forgotten == Path("partials/forgotten.html.j2")


def test_the_files_of_a_declared_kind_are_in_use_and_a_stray_one_is_told(tmp_path: Path) -> None:
    """A kind's declaration, template and style sheet, beside each other in blocks/ or in a
    folder of shared kinds, replace nothing of the theme and are still read."""
    folder = copy_example(tmp_path / "project")
    for place in ("blocks", "blocks/shared"):
        write(folder, f"{place}/chronology.yaml", "description: A chronology.\n")
        write(folder, f"{place}/chronology.html.j2", "<ol></ol>\n")
        write(folder, f"{place}/chronology.css", ".briefgen .bg-chronology ol { margin: 0; }\n")
    write(folder, "blocks/timeline.html.j2", "<ol></ol>\n")  # no declaration beside it
    unused = unused_overrides(folder / "templates", builtin_theme(), folder)
    assert [path.as_posix() for path, _ in unused] == ["blocks/timeline.html.j2"]
