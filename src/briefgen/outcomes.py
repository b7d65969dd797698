"""What a build is asked to do, and what became of it: plain data, cheap to import.

The command line reads these before it knows whether anything needs building, so
this module imports nothing heavy (no pydantic, Jinja or WeasyPrint).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from briefgen.errors import BriefgenError, Problem


@dataclass(frozen=True)
class Options:
    """How to build, as the command line asks."""

    strict: bool = False  # the content checks' warnings are errors
    allow_overflow: bool = False  # build a briefing that runs over its page budget, with a warning
    proof: bool = False  # also write PNG images of the PDF's pages
    force: bool = False  # rebuild briefings whose inputs have not changed
    jobs: int | None = None  # worker processes; None: one a core

    def affecting_outputs(self) -> dict[str, object]:
        """The options that change what a build writes (or whether it fails)."""
        return {key: value for key, value in asdict(self).items() if key not in ("force", "jobs")}


DEFAULT_OPTIONS = Options()


@dataclass
class Outcome:
    """What became of one briefing."""

    source: Path
    slug: str
    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    pages: int | None = None
    error: BriefgenError | None = None
    unchanged: bool = False  # skipped: nothing it is made from changed since its last build
    listing: dict[str, Any] = field(default_factory=dict)  # what the library lists of it

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Report:
    outcomes: list[Outcome]
    index: Path | None = None
    notices: list[str] = field(default_factory=list)  # about the machine or the settings
    withdrawn: list[str] = field(default_factory=list)  # slugs whose content file is gone

    @property
    def failed(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if not outcome.ok]


Progress = Callable[[Outcome], None]


__all__ = [
    "DEFAULT_OPTIONS",
    "Options",
    "Outcome",
    "Progress",
    "Report",
]
