"""The project's own theme files that change nothing.

A project overrides the theme file by file: its `templates/x` replaces the theme's
`templates/x`. A file of its own that has no counterpart in the theme, and that none
of its other templates names, is read by nothing, so a customisation kept under an
old or misspelt name (the theme's key message moved from `parts/key-message.html.j2`
to `blocks/key_message.html.j2`) would silently stop showing. This module finds them,
so that the build can say so.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from briefgen.errors import BriefgenError
from briefgen.gate import TEMPLATE, read_text
from briefgen.paths import inside

NAMED_IN = frozenset({".j2", ".css", ".html", ".svg", ".yaml"})  # where a template names another


def unused_overrides(templates: Path, theme: Path, root: Path) -> list[tuple[Path, str | None]]:
    """Each file of `templates` that overrides nothing in `theme` and that no other file of
    `templates` names, with the theme's file of the closest name (or None)."""
    if not templates.is_dir():
        return []
    own = [path for path in sorted(templates.rglob("*")) if _readable(path, root)]
    texts = {path: _text(path) for path in own if path.suffix in NAMED_IN}
    themes = [path.relative_to(theme).as_posix() for path in theme.rglob("*") if path.is_file()]
    unused = []
    for path in own:
        name = path.relative_to(templates).as_posix()
        if (theme / name).is_file() or name.startswith("layouts/") or _catalogue(name):
            continue  # an override, a layout of the project's own (read by name) or a catalogue
        if _of_a_declared_kind(path, templates):
            continue  # a kind's declaration, template or style (briefgen.content.kinds)
        if any(name in text or path.name in text for other, text in texts.items() if other != path):
            continue  # included or imported by another template of the project
        unused.append((path.relative_to(templates), _closest(name, themes)))
    return unused


def _of_a_declared_kind(path: Path, templates: Path) -> bool:
    """A file of a project's own kind of block: blocks/NAME.yaml (or blocks/FOLDER/NAME.yaml,
    a folder of kinds shared between projects), and beside it the kind's template
    NAME.html.j2 and style sheet NAME.css."""
    blocks = templates / "blocks"
    if blocks not in (path.parent, path.parent.parent):  # or in a folder of shared kinds
        return False
    stem = path.name.removesuffix(".html.j2").removesuffix(".css").removesuffix(".yaml")
    return (path.parent / f"{stem}.yaml").is_file()


def _catalogue(name: str) -> bool:
    """A message catalogue of a language (`locale/pl.po`), read by the briefings in it."""
    return name.startswith("locale/") and name.endswith(".po") and name.count("/") == 1


def _readable(path: Path, root: Path) -> bool:
    """A file of the project's (a link out of it is refused by the build itself)."""
    return path.is_file() and inside(path, [root])


def _text(path: Path) -> str:
    """The file's text, searched for the names of others; none for one the gate will not
    read (too large for a template, not UTF-8): the build tells of it where it is used."""
    try:
        return read_text(path, TEMPLATE)
    except BriefgenError:
        return ""


def _closest(name: str, themes: list[str]) -> str | None:
    """The theme's file whose name is nearest, "-" and "_" taken as one."""
    plain = {theme.replace("-", "_"): theme for theme in themes}
    found = difflib.get_close_matches(name.replace("-", "_"), list(plain), n=1, cutoff=0.6)
    return plain[found[0]] if found else None


__all__ = [
    "unused_overrides",
]
