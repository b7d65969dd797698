"""The failures briefgen explains in words, by whose they are to fix.

Three kinds, each with its own label on the command line and exit code 1:

- a mistake of the user's: in a briefing or the settings (`ContentError`, every
  mistake of a YAML file with its line), or in a template, the theme, the project's
  files or the command (`Mistake`; `UsageError`, a wrong use of the command line,
  exits with code 2);
- a problem with this computer (`EnvironmentProblem`): a full or read-only disk, a
  folder without permission, a missing system library. Nothing in the project is
  wrong, and the fix is on the machine;
- a bug (`Crash`): an unexpected failure while building one briefing, in briefgen or
  in its PDF engine. That briefing fails alone, with a message that names it, and its
  traceback is kept in a log file that the message names, never lost.

Only these classes are caught: by the build, as the failure of one briefing (which
turns any other exception in a briefing into a `Crash`), and by `cli`, which prints
each with its label (the preview shows them in the page). Any other exception outside
a briefing's build is a bug and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal

Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True)
class Problem:
    """One mistake (or warning) in a content or configuration file."""

    file: Path
    message: str
    fix: str
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    field: str = ""  # "findings.2.items.3": the path an auditor can follow (1-based)
    value: str | None = None  # the value given, shortened for display
    severity: Severity = "error"
    check: str = ""  # the name of the content check that raised a warning

    @property
    def location(self) -> str:
        if self.line is None:
            return str(self.file)
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


@dataclass
class BriefgenError(Exception):
    """Base of every failure told as a message and a fix rather than a traceback."""

    label: ClassVar[str] = "error"  # what the command line calls this kind of failure
    exit_code: ClassVar[int] = 1


@dataclass
class ContentError(BriefgenError):
    """One or more mistakes in a YAML file: all of them, found in one pass."""

    problems: Sequence[Problem]

    def __str__(self) -> str:
        return "; ".join(f"{p.location}: {p.message}" for p in self.problems)


@dataclass
class Mistake(BriefgenError):
    """Any other mistake of the user's: a missing project, a template that fails, a theme
    file or a logo that cannot be used, settings that cannot work together."""

    message: str
    fix: str = ""

    def __str__(self) -> str:
        return self.message


@dataclass
class OverBudget(Mistake):
    """Work on the project's files (a template, a layout, a style sheet) that went past the
    time or memory one briefing may take (briefgen.untrusted): the project's to fix, never
    briefgen's bug. The build says which briefing, and which of the project's files."""

    resource: str = "time"  # "time" or "memory"
    step: str = ""  # "laying the briefing out"


@dataclass
class UsageError(Mistake):
    """A wrong use of the command line: an option that names what cannot work."""

    exit_code: ClassVar[int] = 2


@dataclass
class EnvironmentProblem(BriefgenError):
    """What this computer lacks, not the project: room on the disk, permission to write a
    folder, a disk that can be written, a system library. Its fix is on the machine."""

    label: ClassVar[str] = "problem with this computer"
    message: str
    fix: str = ""

    def __str__(self) -> str:
        return self.message


@dataclass
class Crash(BriefgenError):
    """An unexpected failure while building one briefing: a bug, or a limit of the engine.

    It is no mistake the user can see in the briefing, so it keeps its traceback
    (`details`), which the build saves to a log file (`log`) that the message names.
    """

    label: ClassVar[str] = "internal error"
    source: Path  # the briefing's file, as the user knows it
    summary: str  # the exception in one line: "RecursionError: maximum recursion depth..."
    details: str  # the traceback, for the log
    log: Path | None = None  # where the details were saved, as the user knows it

    @property
    def message(self) -> str:
        return f"briefgen failed unexpectedly on this briefing ({self.summary})"

    @property
    def fix(self) -> str:
        where = f"the details are in {self.log}" if self.log else "the details could not be saved"
        return (
            f"{where}. This is a fault in briefgen or its PDF engine, not a mistake you can see, "
            "and the other briefings are not affected: simplify this briefing's formatting and "
            "build again, and send the log to whoever looks after briefgen"
        )

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


Explained = Mistake | EnvironmentProblem | Crash  # a failure told as one message and its fix


def shorten(value: object, limit: int = 60) -> str:
    """A value as the user wrote it, cut to fit on one line of a message."""
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = [
    "BriefgenError",
    "ContentError",
    "Crash",
    "EnvironmentProblem",
    "Explained",
    "Mistake",
    "OverBudget",
    "Problem",
    "Severity",
    "UsageError",
    "shorten",
]
