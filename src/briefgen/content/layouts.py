"""Briefing shapes as data: a layout is a file, `templates/layouts/<name>.yaml`.

A layout lists its sections in order. Each names the short fields it shows (its
parts: `introduction`, `findings`, `practice`...), its default heading, whether it
is numbered, and `heading_key`, the field of `headings:` that rewords it; the part
`sections` places the briefing's own sections, and `entries` its entries. The theme
holds the three built-in layouts; a project adds one, or overrides one, with a file of
the same name in its own `templates/layouts/`. Adding a layout is adding one file.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path

from pydantic import Field, ValidationError, field_validator

from briefgen.content.frame import Frame
from briefgen.content.messages import explain
from briefgen.content.values import Label, Strict
from briefgen.content.yaml_reader import Document, Path_, read_yaml
from briefgen.errors import ContentError, Problem
from briefgen.gate import LAYOUT
from briefgen.paths import builtin_theme

# Each part a layout may show, and the briefing's field it comes from.
PART_FIELDS = {
    "introduction": "introduction",
    "method": "method",
    "cohort": "method",
    "findings": "findings",
    "strengths": "findings",
    "other_findings": "findings",
    "why_it_matters": "why_it_matters",
    "things_to_remember": "things_to_remember",
    "next_steps": "next_steps",
    "practice": "practice",
    "instruction": "practice",
    "questions": "practice",
    "key_message": "key_message",
    "resources": "resources",
    "anonymisation_note": "anonymisation_note",
    "sections": "sections",
    "entries": "entries",
}
# Parts that are whole sections of their own, each with its heading: given a layout section
# of their own.
OWN_SECTIONS = ("sections", "entries")
HEADING_KEYS = ("method", "findings", "next_steps", "practice", "resources")


class LayoutSection(Strict):
    """One section of a layout: its name, heading and parts."""

    name: Label = Field(description="For the section's id and CSS class.", examples=["findings"])
    heading: Label | None = Field(default=None, description="The default heading.")
    heading_key: Label | None = Field(
        default=None, description="The field of `headings:` that rewords this section."
    )
    numbered: bool | None = Field(default=None, description="Numbered, unlike the layout.")
    parts: list[Label] = Field(min_length=1, description="The short fields it shows, in order.")

    @field_validator("parts")
    @classmethod
    def _known_parts(cls, parts: list[str]) -> list[str]:
        unknown = [part for part in parts if part not in PART_FIELDS]
        if unknown:
            raise ValueError(
                f"there is no part called {unknown[0]!r}; use one of: " + ", ".join(PART_FIELDS)
            )
        for own in OWN_SECTIONS:
            if own in parts and len(parts) > 1:
                raise ValueError(
                    f"the part `{own}` places the briefing's own {own}, each with its heading; "
                    "give it a layout section of its own"
                )
        return parts

    @field_validator("heading_key")
    @classmethod
    def _known_heading(cls, key: str | None) -> str | None:
        if key is not None and key not in HEADING_KEYS:
            raise ValueError(
                f"`headings:` has no field {key!r}; use one of: " + ", ".join(HEADING_KEYS)
            )
        return key


class Layout(Strict):
    """A layout file: whether sections are numbered, the sections in order, and the frame
    around them (what stands above and under the title, in the label and at the foot)."""

    name: Label = Field(description="The layout's name, as a briefing's `layout:` gives it.")
    numbered: bool = Field(default=False, description="Whether headed sections are numbered.")
    sections: list[LayoutSection] = Field(min_length=1, description="The sections, in order.")
    frame: Frame = Field(
        default_factory=Frame,
        description="Where the parts of the masthead and the foot stand; by default as in "
        "the built-in layouts.",
    )


def style_of(name: str) -> str:
    """A layout's file name and CSS class: '7-minute briefing' is 7-minute-briefing."""
    return "-".join(name.lower().split())


def layout_folders(folders: Sequence[Path] = ()) -> list[Path]:
    """Where layout files are looked up, first match wins: the project's, then the theme's."""
    return [folder / "layouts" for folder in (*folders, builtin_theme())]


def layout_files(folders: Sequence[Path] = ()) -> dict[str, Path]:
    """Every layout file there is, by its name's style: the project's over the theme's."""
    return {
        path.stem: path
        for folder in reversed(layout_folders(folders))
        if folder.is_dir()
        for path in sorted(folder.glob("*.yaml"))
    }


def layout_names(folders: Sequence[Path] = ()) -> list[str]:
    """Every layout a briefing may name, as it names it."""
    return sorted(_read_layout(path).name for path in layout_files(folders).values())


def find_layout(name: str, folders: Sequence[Path] = ()) -> Path | None:
    """The file of the layout `name`, found among the layout files there are: a layout is
    named, never a path, so `../../elsewhere/creds` names no file, wherever it points."""
    return layout_files(folders).get(style_of(name))


def load_layout(name: str, folders: Sequence[Path] = (), file: Path | None = None) -> Layout:
    """The layout a briefing names; a plain error, naming those there are, if none is found."""
    path = find_layout(name, folders)
    if path is None:
        names = layout_names(folders)
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        raise ContentError(
            [
                Problem(
                    file or Path("briefing"),
                    f"there is no layout called {name!r}",
                    (f"did you mean {close[0]!r}? " if close else "")
                    + ("a layout is named, not a path; " if _path_like(name) else "")
                    + "use one of: "
                    + ", ".join(repr(known) for known in names),
                    field="layout",
                    value=name,
                )
            ]
        )
    return _read_layout(path)


def _path_like(name: str) -> bool:
    return any(mark in name for mark in ("/", "\\", ".."))


def _read_layout(path: Path) -> Layout:
    document = read_yaml(path, kind=LAYOUT)
    try:
        layout = Layout.model_validate(document.data)
    except ValidationError as error:
        raise ContentError(list(explain(Layout, error, document))) from None
    repeated = _repeated_parts(layout, document)
    if repeated:
        raise ContentError(repeated)
    return layout


def _repeated_parts(layout: Layout, document: Document) -> list[Problem]:
    """A layout shows each part once: the same parts repeated in 230 sections made one
    two-page briefing 921 pages long, laid out for most of a minute. Each part shown
    again is told once, where it is first repeated."""
    first: dict[str, str] = {}  # each part, and the section that shows it first
    problems: list[Problem] = []
    for index, section in enumerate(layout.sections):
        for place, part in enumerate(section.parts):
            if part not in first:
                first[part] = section.name
            elif part not in {problem.value for problem in problems}:
                path = ("sections", index, "parts", place)
                problems.append(_shown_again(document, path, part, first[part]))
    return problems


def _shown_again(document: Document, path: Path_, part: str, earlier: str) -> Problem:
    return document.problem(
        path,
        f"the part {part!r} is already shown, in the section {earlier!r}: a layout shows "
        "each part once",
        f"remove {part!r} from this section, or from {earlier!r}",
        value=part,
    )


__all__ = [
    "PART_FIELDS",
    "Layout",
    "LayoutSection",
    "find_layout",
    "load_layout",
    "style_of",
]
