"""A file's text, read only if it is a regular file of a briefing's size and valid UTF-8.

A named pipe would block forever, a link to /dev/zero would never end, and a 50 MB
file would cost seconds before any YAML is read: each is refused here, with a message
the user can act on, before a byte is parsed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from briefgen.errors import ContentError, Problem
from briefgen.positions import position_at

MAX_FILE_BYTES = 1_000_000  # a two-page briefing is a few kilobytes


def read_text(file: Path, shown: Path) -> str:
    """The file's text (a byte-order mark dropped); `shown` is the name messages give."""
    raw = _read_bytes(file, shown)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # The text before the first byte that is not UTF-8 (after any byte-order mark).
        before = error.object[: error.start].decode("utf-8")
        found_at = position_at(before, len(before))
        raise ContentError(
            [
                Problem(
                    shown,
                    "the file is not UTF-8 text",
                    "save it as UTF-8 in your editor (in Word: Save As, Plain Text, UTF-8)",
                    line=found_at.line,
                    column=found_at.column,
                )
            ]
        ) from None


def _read_bytes(file: Path, shown: Path) -> bytes:
    """The file's bytes, read only if it is a regular file of a briefing's size.

    The file is opened without waiting (O_NONBLOCK: opening a pipe otherwise waits for
    a writer), its kind is checked, and never more than the limit is read.
    """
    try:
        descriptor = os.open(file, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        with os.fdopen(descriptor, "rb") as handle:
            status = os.fstat(descriptor)
            if stat.S_ISDIR(status.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(status.st_mode):
                raise ContentError(
                    [Problem(shown, "this is not a regular file", "name a .yaml file")]
                )
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ContentError([_unreadable(shown, error)]) from None
    if len(raw) > MAX_FILE_BYTES:
        size = max(status.st_size, len(raw))
        raise ContentError(
            [
                Problem(
                    shown,
                    f"the file is {_size_text(size)}; a briefing file is at most "
                    f"{_size_text(MAX_FILE_BYTES)}",
                    "check that this is the briefing you meant; briefings are a few KB",
                )
            ]
        )
    return raw


def _unreadable(shown: Path, error: OSError) -> Problem:
    """Why the operating system would not give the file, in words the user can act on."""
    if isinstance(error, FileNotFoundError):
        return Problem(shown, "the file does not exist", "check the name and the folder")
    if isinstance(error, IsADirectoryError):
        return Problem(shown, "this is a folder, not a file", "name a .yaml file")
    if isinstance(error, PermissionError):
        return Problem(
            shown,
            "the file cannot be read: permission denied",
            "give yourself permission to read it (or ask whoever shared it)",
        )
    return Problem(shown, f"the file cannot be read: {error.strerror}", "check the disk")


def _size_text(size: int) -> str:
    if size >= 10_000_000:
        return f"{size // 1_000_000} MB"
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size // 1_000} KB"
