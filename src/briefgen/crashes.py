"""Unexpected failures of one briefing: summed up in a line, their tracebacks kept in a log.

A bug in briefgen, or a limit that WeasyPrint or Pillow meets on strange content,
must cost one briefing, never the build: the others, the index and the manifest are
still written. The user sees a short message naming the briefing and the log; the
traceback, which whoever looks after briefgen needs, goes into the log, in the
output folder under a hidden name that is not published with the briefings
(`.briefgen-errors.log`, beside the manifest and the lock). A check, which writes
nothing in the project, logs to a new file in the system's temporary folder.

A failure in a worker process (the PDF engine's, or a parallel build's) travels back
as plain data, never as a pickled exception: a user's error as its class's name and
the fields that make it (`ErrorData`), rebuilt in the process that reports it; any
other exception as its summary and traceback (`Failed`), raised there as a
`RemoteFailure`.
"""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from briefgen import errors
from briefgen.errors import BriefgenError, Crash, EnvironmentProblem, shorten
from briefgen.gate import new_temporary_log, write_atomically

CRASH_LOG_NAME = ".briefgen-errors.log"


@dataclass(frozen=True)
class ErrorData:
    """A user's error (a `BriefgenError`) as plain data, to cross from one process to another.

    `kind` names its class in briefgen.errors; `arguments` are the fields it was made
    with (a message and a fix, a list of problems...), plain values all. Pickling the
    exception itself would rest on each class pickling as it should, and would carry
    its traceback and the exceptions chained to it.
    """

    kind: str
    arguments: Mapping[str, Any]

    @classmethod
    def of(cls, error: BriefgenError) -> ErrorData:
        arguments = {item.name: getattr(error, item.name) for item in fields(error) if item.init}
        return cls(type(error).__name__, arguments)

    def rebuilt(self) -> BriefgenError:
        """The error again, as it was raised in the other process."""
        kind = getattr(errors, self.kind, None)
        assert isinstance(kind, type), self.kind
        assert issubclass(kind, BriefgenError), self.kind
        return kind(**self.arguments)


@dataclass(frozen=True)
class Failed:
    """Any other exception of a job in another process, as text: a bug, or a limit of
    WeasyPrint (a RecursionError on deeply nested markup)."""

    summary: str  # the exception in one line
    details: str  # its traceback, for the log

    @classmethod
    def of(cls, error: BaseException) -> Failed:
        return cls(summary_of(error), "".join(traceback.format_exception(error)))

    def rebuilt(self) -> RemoteFailure:
        """The exception the receiving process raises, so that the briefing fails alone."""
        return RemoteFailure(self.summary, self.details)


class RemoteFailure(Exception):
    """A failure in another process (the PDF engine's), carried back as text: its own
    traceback is the one worth logging, not the parent's few frames that received it."""

    def __init__(self, summary: str, details: str) -> None:
        super().__init__(summary)
        self.summary = summary
        self.details = details


def summary_of(error: BaseException) -> str:
    """The exception in one line, short enough for a message."""
    text = str(error)
    return f"{type(error).__name__}: {shorten(text, 100)}" if text else type(error).__name__


def crash_of(error: BaseException, source: Path) -> Crash:
    """The briefing's failure as a message, with the traceback kept for the log."""
    details = "".join(traceback.format_exception(error))
    if isinstance(error, RemoteFailure):
        details = f"{error.details}\nreceived by the build as:\n{details}"
        return Crash(source, error.summary, details)
    return Crash(source, summary_of(error), details)


class CrashLog:
    """The log of one build's (or check's) unexpected failures, started afresh by the first.

    `path` is the log file, or None for a new file in the temporary folder; `shown`
    turns a path into the one the user knows (relative to the project).

    The whole log is written again, atomically, with each entry: a crash is rare, and the
    output folder is anyone's to fill (a cloned project may ship the log as a link to the
    user's own files), so the log is replaced like every output, never written through.
    """

    def __init__(self, path: Path | None, shown: Callable[[Path], Path]) -> None:
        self.path = path
        self.shown = shown
        self.entries: list[str] = []

    def keep(self, crash: Crash) -> None:
        """Add the crash's traceback to the log, and tell the crash where it is."""
        self.entries.append(
            f"--- {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%S} UTC, {crash.source}: "
            f"{crash.summary}\n{crash.details}\n"
        )
        try:
            path = self._write()
        except EnvironmentProblem:  # the output folder cannot take it: the temporary folder can
            self.path = None
            try:
                path = self._write()
            except EnvironmentProblem:
                return  # the message says the details could not be saved
        crash.log = self.shown(path)

    def _write(self) -> Path:
        if self.path is None:
            self.path = new_temporary_log()
        write_atomically(self.path, "".join(self.entries).encode())
        return self.path


__all__ = [
    "CRASH_LOG_NAME",
    "CrashLog",
    "ErrorData",
    "Failed",
    "RemoteFailure",
    "crash_of",
    "summary_of",
]
