"""The errors briefgen reports as plain messages.

Most are the user's to act on: a mistake, which the command line shows as a plain
message and exit code 1 or 2. A `Crash` is not: it is a bug in briefgen, or a limit
of its PDF engine, met while building one briefing. That briefing fails alone, with a
message that names it, and the traceback is kept in a log file, never lost. Any other
exception is a bug and keeps its traceback. Only the classes here are caught, and
only in `cli`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

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
    """Base of every error that is the user's to fix."""

    exit_code: int = field(default=1, init=False)


@dataclass
class ContentError(BriefgenError):
    """One or more mistakes in a YAML file: all of them, found in one pass."""

    problems: Sequence[Problem]

    def __str__(self) -> str:
        return "; ".join(f"{p.location}: {p.message}" for p in self.problems)


@dataclass
class UsageError(BriefgenError):
    """Any other mistake of the user: a missing project, a bad option, a bad template."""

    message: str
    fix: str = ""
    usage: bool = False  # wrong use of the command line: exit code 2

    def __post_init__(self) -> None:
        self.exit_code = 2 if self.usage else 1

    def __str__(self) -> str:
        return self.message


@dataclass
class Crash(BriefgenError):
    """An unexpected failure while building one briefing: a bug, or a limit of the engine.

    It is no mistake the user can see in the briefing, so it keeps its traceback
    (`details`), which the build saves to a log file (`log`) that the message names.
    """

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


@dataclass
class BuildFailure(BriefgenError):
    """Some briefings of a build failed; the others were built."""

    failed: Sequence[str]

    def __str__(self) -> str:
        return f"{len(self.failed)} briefing(s) failed: {', '.join(self.failed)}"


def shorten(value: object, limit: int = 60) -> str:
    """A value as the user wrote it, cut to fit on one line of a message."""
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
