"""Unexpected failures of one briefing: summed up in a line, their tracebacks kept in a log.

A bug in briefgen, or a limit that WeasyPrint or Pillow meets on strange content,
must cost one briefing, never the build: the others, the index and the manifest are
still written. The user sees a short message naming the briefing and the log; the
traceback, which whoever looks after briefgen needs, goes into the log, in the
output folder under a hidden name that is not published with the briefings
(`.briefgen-errors.log`, beside the manifest and the lock). A check, which writes
nothing in the project, logs to a new file in the system's temporary folder.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from briefgen.errors import Crash, shorten

CRASH_LOG_NAME = ".briefgen-errors.log"


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
    """

    def __init__(self, path: Path | None, shown: Callable[[Path], Path]) -> None:
        self.path = path
        self.shown = shown
        self.started = False

    def keep(self, crash: Crash) -> None:
        """Append the crash's traceback to the log, and tell the crash where it is."""
        entry = (
            f"--- {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%S} UTC, {crash.source}: "
            f"{crash.summary}\n{crash.details}\n"
        )
        try:
            path = self._write(entry)
        except OSError:  # the output folder cannot take it: the temporary folder can
            self.path, self.started = None, False
            try:
                path = self._write(entry)
            except OSError:
                return  # the message says the details could not be saved
        crash.log = self.shown(path)

    def _write(self, entry: str) -> Path:
        if self.path is None:
            descriptor, name = tempfile.mkstemp(prefix="briefgen-errors-", suffix=".log")
            os.close(descriptor)
            self.path = Path(name)
        with self.path.open("a" if self.started else "w", encoding="utf-8") as log:
            log.write(entry)
        self.started = True
        return self.path
