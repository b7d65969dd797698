"""The output folder's bookkeeping: its lock, the sweep of what a killed build left, and the
removal of a withdrawn briefing's files.

Outputs are written by `briefgen.gate` (`write_files_atomically`): in full to temporary
files named `.briefgen-tmp-*` beside them, then each renamed over its old file. A build
killed while it writes leaves such files behind, and its previous outputs as they were:
the next build removes them before it writes (`remove_leftovers`), and nothing else.

A lock on the output folder keeps two builds of one project from interleaving: `flock`,
or on Windows a lock on the lock file's first byte (`msvcrt.locking`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from briefgen.gate import explain_os_error, open_lock
from briefgen.paths import LOCK_NAME, TEMPORARY_PREFIX

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

# Exactly the names the gate gives its temporary files (mkstemp's: the prefix and 8 letters,
# digits and _), and the sweep removes nothing else.
TEMPORARY_NAME = re.compile(re.escape(TEMPORARY_PREFIX) + r"[0-9a-z_]{8}\Z")


def remove_leftovers(folder: Path, slugs: Iterable[str] = ()) -> None:
    """Remove the temporary files that a killed build left: only files of the names briefgen
    gives them, only in the folders it writes (the output folder and each briefing's), never
    through a symbolic link."""
    for place in (folder, *(folder / slug for slug in slugs)):
        try:
            entries = list(os.scandir(place)) if not place.is_symlink() else []
        except OSError:
            continue  # not there (yet), or not a folder
        for entry in entries:
            if TEMPORARY_NAME.match(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    Path(entry.path).unlink()


def remove_outputs(folder: Path, names: Iterable[str]) -> None:
    """Remove the files briefgen wrote into a briefing's folder, then the folder if that
    leaves it empty: a file someone else put there stays."""
    if folder.is_symlink():
        folder.unlink()
        return
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
    remove_leftovers(folder)
    with contextlib.suppress(OSError):
        folder.rmdir()


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the output folder's lock: a second build waits for the first to finish."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = open_lock(folder / LOCK_NAME)
    except OSError as error:
        raise explain_os_error(error, folder) from None
    try:
        _lock(descriptor)
        try:
            yield
        finally:
            _unlock(descriptor)
    finally:
        os.close(descriptor)


def _lock(descriptor: int) -> None:
    """Wait for the lock on the open lock file: however long the other build takes."""
    if sys.platform == "win32":
        os.lseek(descriptor, 0, os.SEEK_SET)  # msvcrt locks bytes from the current position
        while True:
            try:
                msvcrt.locking(descriptor, msvcrt.LK_LOCK, 1)
                return
            except OSError as error:  # LK_LOCK gives up after ten tries a second apart
                if error.errno != errno.EDEADLOCK:
                    raise
    else:
        fcntl.flock(descriptor, fcntl.LOCK_EX)


def _unlock(descriptor: int) -> None:
    """Release the lock for every process that shares the descriptor (a forked worker too)."""
    if sys.platform == "win32":
        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
    else:
        fcntl.flock(descriptor, fcntl.LOCK_UN)


__all__ = [
    "LOCK_NAME",
    "TEMPORARY_NAME",
    "TEMPORARY_PREFIX",
    "locked",
    "remove_leftovers",
    "remove_outputs",
]
