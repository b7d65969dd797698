"""A briefing file to a validated model, every mistake pointing at its line.

Three modules do the work, one job each: `gate` reads the file's text (only a regular
file of the project, of a briefing's size, in UTF-8), `yaml_reader` reads it as YAML 1.2 into
plain data with positions, and `messages` explains the model's errors in plain
English. This module puts them together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from briefgen.content.includes import expand_includes
from briefgen.content.messages import explain
from briefgen.content.model import Briefing
from briefgen.content.yaml_reader import Document, Path_, field_path, read_yaml
from briefgen.errors import ContentError, Problem

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class Loaded:
    """A valid briefing and the document it came from, for checks that point at lines;
    for a briefing written in several languages, its other versions."""

    briefing: Briefing
    document: Document
    versions: tuple[Version, ...] = ()
    source: Path | None = None  # its file, as found (document.file is as it is shown)


@dataclass(frozen=True)
class Version:
    """Another language's version of a briefing (`content/NAME.cy.yaml` of
    `content/NAME.yaml`): its file, the name it is built under, its language, and the
    version itself, or None where it has mistakes of its own (told by its own build)."""

    source: Path
    slug: str
    language: str
    loaded: Loaded | None
    original: bool  # the file without a language in its name


def load_briefing(
    file: Path,
    display_name: Path | None = None,
    within: Sequence[Path] | None = None,
    model: type[Briefing] = Briefing,
) -> Loaded:
    """Read a briefing file; raise ContentError with every mistake found in it. Its real
    path must lie `within` those folders (by default the project it is named in). `model`
    is the project's (`briefgen.content.kinds.briefing_model`, with its own kinds)."""
    document = read_yaml(file, display_name, within=within)
    expand_includes(document, file, within)  # shared text from content/snippets/
    return Loaded(validate(model, document), document, source=file)


def validate(model: type[ModelT], document: Document) -> ModelT:
    """Validate plain data against a model; raise ContentError with every problem."""
    problems = list(document.problems)
    if not isinstance(document.data, dict):
        problems.append(
            Problem(
                document.file,
                "the file must be a set of fields such as `title: ...`, one on each line",
                "start from `briefgen new NAME`, which writes a file to fill in",
                line=1,
                column=1,
            )
        )
        raise ContentError(problems)
    try:
        result = model.model_validate(document.data)
    except ValidationError as error:
        problems.extend(explain(model, error, document))
        result = None
    if problems:
        raise ContentError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    assert result is not None
    return result


__all__ = [
    "Document",
    "Loaded",
    "Path_",
    "Version",
    "field_path",
    "load_briefing",
    "read_yaml",
    "validate",
]
