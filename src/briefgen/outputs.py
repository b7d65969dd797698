"""Writing outputs so that a failed or interrupted build never leaves a half-written file.

The files of one briefing are written in two phases. First each is written in full to
a temporary file in its own folder and made durable (fsync): a full disk or any other
failure here removes them, and every previous output is untouched. Then each is
renamed over its old file at once (`os.replace`, atomic on Linux, macOS and Windows),
so that readers see the old file or the new one, never a mix, and the folder is made
durable where the system allows it (not on Windows, which cannot open a folder).

The temporary files are named `.briefgen-tmp-*` (`tempfile.mkstemp`, in the folder of
the file they replace, so that the rename never crosses disks). A build killed while it
writes leaves such files behind, and its previous outputs as they were: the next build
removes them before it writes (`remove_leftovers`), and nothing else.

Linux adds a path that leaves less behind: each file is written unnamed (O_TMPFILE), so a
kill while it is written leaves nothing, and is given a temporary name only for the tens
of microseconds before its rename (Linux can neither name an unnamed file over an
existing one nor rename one: `linkat` refuses an existing target). Where a file system
has no O_TMPFILE, or BRIEFGEN_PORTABLE_WRITES=1 is set (the tests set it to try on Linux
what macOS and Windows do), the named files take its place.

A lock on the output folder keeps two builds of one project from interleaving: `flock`,
or on Windows a lock on the lock file's first byte (`msvcrt.locking`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import EnvironmentProblem
from briefgen.paths import LOCK_NAME, TEMPORARY_PREFIX, shown_path

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

PORTABLE_WRITES = "BRIEFGEN_PORTABLE_WRITES"  # set to 1: only what every system has

# Exactly the names briefgen gives its temporary files, and the sweep removes nothing
# else: 12 hex digits (a name for an unnamed file), or mkstemp's 8 letters, digits and _.
TEMPORARY_NAME = re.compile(re.escape(TEMPORARY_PREFIX) + r"(?:[0-9a-f]{12}|[0-9a-z_]{8})\Z")

# Seconds to wait before each new try of a rename refused because another program has the
# file open: Windows refuses it (about 3 s in all); other systems allow it, so never retry.
REPLACE_RETRIES: tuple[float, ...] = (
    (0.05, 0.1, 0.2, 0.4, 0.8, 1.6) if sys.platform == "win32" else ()
)


def _umask() -> int:
    """The user's umask. Python can read it only by setting it, so it is read once, on import,
    before any thread of briefgen's makes a file."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# What a new file gets anywhere: readable by all, as the web server that publishes it needs,
# less what the user's umask takes away (mkstemp itself makes files only its owner reads).
FILE_MODE = 0o644 & ~_umask()


def linux_extras() -> bool:
    """Whether to use what Linux adds (O_TMPFILE and `linkat`); BRIEFGEN_PORTABLE_WRITES=1
    switches them off, so that the tests try on Linux the path that other systems take."""
    return sys.platform == "linux" and os.environ.get(PORTABLE_WRITES, "") != "1"


def no_follow() -> int:
    """O_NOFOLLOW, or 0 where the system lacks it (Windows) or the portable path is tried."""
    return getattr(os, "O_NOFOLLOW", 0) if os.environ.get(PORTABLE_WRITES, "") != "1" else 0


@dataclass
class _Staged:
    """A file being written for `target`: open while it is written, named once it has a name
    (an unnamed file has none until its rename)."""

    target: Path
    descriptor: int | None
    name: Path | None = None

    def close(self) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)  # an unnamed file vanishes with its last descriptor
            self.descriptor = None

    def discard(self) -> None:
        self.close()
        if self.name is not None:
            with contextlib.suppress(OSError):
                self.name.unlink()
            self.name = None


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: readers see the old file or the new one, never a mix."""
    write_files_atomically(path.parent, {path.name: data})


def write_files_atomically(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Replace the files of one folder; if any cannot be written, none is replaced."""
    staged: list[_Staged] = []
    current = folder
    try:
        make_real_folder(folder)
        for name, data in files.items():
            current = folder / name
            staged.append(_stage(current, data))
        for entry in staged:
            current = entry.target
            _commit(entry)
        _sync_folder(folder)
    except OSError as error:
        raise explain_os_error(error, current) from None
    finally:
        for entry in staged:
            entry.discard()
    return [folder / name for name in files]


def _stage(target: Path, data: bytes) -> _Staged:
    """Write `data` in full to a temporary file beside `target` and make it durable."""
    staged = _open_temporary(target)
    try:
        assert staged.descriptor is not None
        _write_all(staged.descriptor, data)
        os.fsync(staged.descriptor)
        if staged.name is not None:
            staged.close()  # renamed by its name, and Windows renames no open file
    except BaseException:
        staged.discard()
        raise
    return staged


def _open_temporary(target: Path) -> _Staged:
    """An unnamed file beside `target` where Linux offers one, else a named temporary file."""
    descriptor = _open_unnamed(target.parent) if linux_extras() else None
    if descriptor is not None:
        return _Staged(target, descriptor)
    descriptor, name = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, dir=target.parent)
    staged = _Staged(target, descriptor, Path(name))
    try:
        Path(name).chmod(FILE_MODE)
    except BaseException:
        staged.discard()
        raise
    return staged


def _open_unnamed(folder: Path) -> int | None:
    """A file in `folder` that has no name yet (O_TMPFILE), or None where the file system
    cannot make one (network shares and some FUSE mounts refuse it)."""
    if sys.platform != "linux":
        return None
    try:
        return os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o644)
    except OSError as error:
        if error.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            raise
    return None


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _commit(staged: _Staged) -> None:
    """Put the staged file in place of its target, in one step that readers cannot see."""
    if staged.name is None:
        _name_and_rename(staged)
    else:
        _replace(staged.name, staged.target)
        staged.name = None


def _replace(source: Path, target: Path) -> None:
    """Rename `source` over `target`. Windows refuses while another program has `target` open
    (a virus scanner reading the new PDF, a browser showing the page): it is tried again."""
    for delay in REPLACE_RETRIES:
        try:
            source.replace(target)
            return
        except PermissionError:
            time.sleep(delay)
    source.replace(target)


def _name_and_rename(staged: _Staged) -> None:
    """Name an unnamed file and rename it over its target, with nothing in between (Linux).

    Renaming over a file frees the old file's blocks inside the rename: 190 µs on
    the development machine (ext4 mounted with discard), all of it time in which the
    temporary name exists. Holding the old file open defers the freeing to its close,
    after the rename, and shortens that time to about 30 µs.
    """
    assert staged.descriptor is not None
    if sys.platform != "linux":
        raise AssertionError("only Linux makes unnamed files")
    folder = os.open(staged.target.parent, os.O_RDONLY | os.O_DIRECTORY)
    previous = _hold(staged.target.name, folder)
    try:
        name = staged.target.parent / f"{TEMPORARY_PREFIX}{secrets.token_hex(6)}"
        # os.link follows the /proc symlink only through linkat, which a dst_dir_fd selects.
        os.link(f"/proc/self/fd/{staged.descriptor}", name.name, dst_dir_fd=folder)
        staged.name = name
        os.rename(name.name, staged.target.name, src_dir_fd=folder, dst_dir_fd=folder)
        staged.name = None
    finally:
        if previous is not None:
            os.close(previous)
        os.close(folder)


def _hold(name: str, folder: int) -> int | None:
    """A descriptor that keeps the file `name` alive, or None if there is none to keep."""
    if sys.platform != "linux":
        return None
    try:
        return os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
    except OSError:
        return None  # no previous file (or not one to open): nothing to free


def _sync_folder(folder: Path) -> None:
    """Make the renames durable: they live in the folder, not in the files. Windows opens
    no folder as a file, and its file systems make a rename durable themselves."""
    if sys.platform == "win32":
        return
    descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def make_real_folder(folder: Path) -> None:
    """Make `folder` a real folder. The output folder is briefgen's: a symbolic link in it
    (`output/<slug>` pointing elsewhere) is replaced, never written through."""
    if folder.is_symlink():
        folder.unlink()
    folder.mkdir(parents=True, exist_ok=True)


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
        descriptor = _open_lock(folder / LOCK_NAME)
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


def _open_lock(path: Path) -> int:
    """Open the lock file, never through a symbolic link: one in its place is removed (it
    would otherwise create or lock a file anywhere the link points). Without O_NOFOLLOW
    (Windows) the link is looked for first, the best such a system allows."""
    nofollow = no_follow()
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | nofollow
    if not nofollow and path.is_symlink():
        path.unlink()
    try:
        return os.open(path, flags, 0o644)
    except OSError as error:
        if error.errno != errno.ELOOP:
            raise
    path.unlink()
    return os.open(path, flags, 0o644)


def explain_os_error(error: OSError, path: Path) -> EnvironmentProblem:
    """A failure to write, in words: what stands in the way and what to do about it."""
    shown = shown_path(path)
    if error.errno in (errno.EACCES, errno.EPERM):
        return EnvironmentProblem(
            f"cannot write {shown}: permission denied",
            "choose an output folder you can write to (--output DIR), or fix its permissions"
            f"{_WINDOWS_HINT if sys.platform == 'win32' else ''}; "
            "the previous outputs are untouched",
        )
    if error.errno == errno.EROFS:
        return EnvironmentProblem(
            f"cannot write {shown}: the disk is read-only",
            "choose an output folder on a disk you can write to (--output DIR)",
        )
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return EnvironmentProblem(
            f"cannot write {shown}: the disk is full",
            "free some space on the disk, then build again; the previous outputs are untouched",
        )
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        blocker = shown_path(_file_in_the_way(path))
        return EnvironmentProblem(
            f"cannot write {shown}: {blocker} is a file, where a folder is needed",
            f"move or rename {blocker}, or choose another output folder (--output DIR)",
        )
    if error.errno == errno.EISDIR:
        return EnvironmentProblem(
            f"cannot write {shown}: a folder of that name is in the way",
            f"move or rename the folder {shown}, or choose another output folder (--output DIR)",
        )
    return EnvironmentProblem(
        f"cannot write {shown}: {error.strerror}",
        "check the output folder and the disk, then build again",
    )


# Windows refuses to replace a file that another program holds open.
_WINDOWS_HINT = ", and close any program that has the file open (a PDF reader)"


def _file_in_the_way(path: Path) -> Path:
    """The nearest of `path` and its parents that exists and is not a folder."""
    for candidate in (path, *path.parents):
        if candidate.exists() and not candidate.is_dir():
            return candidate
    return path


__all__ = [
    "LOCK_NAME",
    "TEMPORARY_PREFIX",
    "explain_os_error",
    "locked",
    "make_real_folder",
    "remove_leftovers",
    "remove_outputs",
    "write_atomically",
    "write_files_atomically",
]
