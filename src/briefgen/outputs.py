"""Writing outputs so that a failed or interrupted build never leaves a half-written file.

Each file is written in full to an unnamed temporary file in its own folder
(O_TMPFILE where the file system has it, a hidden named file otherwise), made
durable, and only then moved over the old one in one atomic rename. A lock on
the output folder keeps two builds of one project from interleaving.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from briefgen.errors import UsageError

TEMPORARY_PREFIX = ".briefgen-tmp-"
LOCK_NAME = ".briefgen.lock"


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: readers see the old file or the new one, never a mix."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = _write_temporary(path.parent, data)
        temporary.replace(path)
    except OSError as error:
        raise _explain_os_error(error, path) from None


def _write_temporary(folder: Path, data: bytes) -> Path:
    name = folder / f"{TEMPORARY_PREFIX}{secrets.token_hex(6)}"
    try:
        descriptor = os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o644)
    except OSError as error:
        if error.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            raise
        descriptor = os.open(name, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        _fill(descriptor, data, name, unnamed=False)
        return name
    _fill(descriptor, data, name, unnamed=True)
    return name


def _fill(descriptor: int, data: bytes, name: Path, *, unnamed: bool) -> None:
    """Write, sync and (for an unnamed file) give the file its temporary name, then close."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
        os.fsync(descriptor)
        if unnamed:
            # An O_TMPFILE file gets a name only now, complete: a kill before this line
            # leaves nothing behind.
            # os.link follows the /proc symlink only through linkat, which a dst_dir_fd selects.
            folder = os.open(name.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.link(f"/proc/self/fd/{descriptor}", name.name, dst_dir_fd=folder)
            finally:
                os.close(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            name.unlink()
        raise
    finally:
        os.close(descriptor)


def remove_leftovers(folder: Path) -> None:
    """Remove temporary files that a killed build left (only in the instant of a rename)."""
    if folder.is_dir():
        for leftover in folder.glob(f"**/{TEMPORARY_PREFIX}*"):
            with contextlib.suppress(OSError):
                leftover.unlink()


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the output folder's lock: a second build waits for the first to finish."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = (folder / LOCK_NAME).open("a")
    except OSError as error:
        raise _explain_os_error(error, folder) from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _explain_os_error(error: OSError, path: Path) -> UsageError:
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UsageError(
            f"cannot write to {path}: permission denied",
            "choose an output folder you can write to (--output DIR), or fix its permissions",
        )
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return UsageError(
            f"cannot write {path}: the disk is full",
            "free some space on the disk, then build again; the previous outputs are untouched",
        )
    return UsageError(f"cannot write {path}: {error.strerror}", "check the output folder")
