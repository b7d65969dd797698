"""The one gate for a project's files: every read and every write of a project or output
file goes through this module, and no other opens a path.

A project folder comes from people (a colleague's zip, a cloned repository), and so does
everything in it: content, templates, layouts, fonts, the logo, even `output/` and its
manifest. Any of them may be a link to the user's own files, a pipe, a device, or a file
of gigabytes. So:

- **a read** takes a file by its real path, symbolic links resolved, and only if that
  lies inside the project the file is named in or briefgen's built-in theme (`within`
  narrows it: the output folder, for the manifest); only a regular file, opened without
  waiting (a pipe would block for ever, a device never end), and never more bytes than
  the bound of its kind. Another library (WeasyPrint, fontTools, Pillow) is handed the
  bytes read here, never a path;
- **a write** is whole and atomic: the data goes in full to a new temporary file beside
  its target (made with O_EXCL, so never an existing file and never through a link),
  made durable, then renamed over the target, which replaces a link there rather than
  following it. A folder written into that is a link is replaced by a real one.

A refused read is the user's mistake, told in words with a fix (a `ContentError` at its
line for a YAML file of the user's; a `Mistake` for any other); a failed write is this
computer's problem (`EnvironmentProblem`). A file that changes under a read between the
check and the open (a link swapped in) is refused too: the final name is opened with
O_NOFOLLOW (elsewhere, where the system has none, it is compared with what was checked).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from briefgen import fast_paths
from briefgen.errors import EnvironmentProblem
from briefgen.paths import TEMPORARY_PREFIX, shown_path


def _umask() -> int:
    """The user's umask. Python can read it only by setting it, so it is read once, on import,
    before any thread of briefgen's makes a file."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# What a new file gets anywhere: readable by all, as the web server that publishes it needs,
# less what the user's umask takes away (mkstemp itself makes files only its owner reads).
FILE_MODE = 0o644 & ~_umask()

# Seconds to wait before each new try of a rename refused because another program has the
# file open: Windows refuses it (about 3 s in all); other systems allow it, so never retry.
REPLACE_RETRIES: tuple[float, ...] = (
    (0.05, 0.1, 0.2, 0.4, 0.8, 1.6) if sys.platform == "win32" else ()
)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: readers see the old file or the new one, never a mix."""
    write_files_atomically(path.parent, {path.name: data})


def write_files_atomically(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Replace the files of one folder; if any cannot be written, none is replaced.

    Each is written in full to a temporary file beside it (`.briefgen-tmp-*`, mkstemp:
    O_EXCL, a new file, never a link) and made durable; only then is each renamed over its
    old file (`os.replace`, atomic on Linux, macOS and Windows), and the folder made
    durable where the system allows it (not on Windows, which cannot open a folder)."""
    staged: dict[Path, Path] = {}  # temporary file to its target
    current = folder
    try:
        make_real_folder(folder)
        for name, data in files.items():
            current = folder / _plain(name)
            staged[_stage(folder, data)] = current
        for temporary, target in list(staged.items()):
            current = target
            _replace(temporary, target)
            del staged[temporary]
        _sync_folder(folder)
    except OSError as error:
        raise explain_os_error(error, current) from None
    finally:
        for temporary in staged:
            with contextlib.suppress(OSError):
                temporary.unlink()
    return [folder / name for name in files]


def _plain(name: str) -> str:
    """A file name of the folder itself: briefgen names its outputs, and never a path."""
    if name in ("", ".", "..") or Path(name).name != name:
        raise AssertionError(f"not a file name: {name!r}")
    return name


def _stage(folder: Path, data: bytes) -> Path:
    """`data` in full in a new temporary file of `folder`, made durable: the file's name."""
    descriptor, name = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, dir=folder)
    try:
        if sys.platform == "win32":
            Path(name).chmod(FILE_MODE)
        else:
            os.fchmod(descriptor, FILE_MODE)
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
        os.fsync(descriptor)
    except BaseException:
        os.close(descriptor)
        Path(name).unlink(missing_ok=True)
        raise
    os.close(descriptor)  # renamed by its name, and Windows renames no open file
    return Path(name)


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
    """Make `folder` a real folder. A symbolic link where briefgen writes (`output/<slug>`
    pointing elsewhere) is replaced, never written through."""
    if folder.is_symlink():
        folder.unlink()
    folder.mkdir(parents=True, exist_ok=True)


def _no_follow() -> int:
    """O_NOFOLLOW where the system has it (not Windows) and the fast path is on: the final
    name is never a link. Without it the name is compared with the file opened."""
    return getattr(os, "O_NOFOLLOW", 0) if fast_paths.allowed("nofollow") else 0


def open_lock(path: Path) -> int:
    """Open the lock file for writing, never through a symbolic link: one in its place is
    removed (it would otherwise create or lock a file anywhere the link points). Without
    O_NOFOLLOW (Windows) the link is looked for first, the best such a system allows."""
    nofollow = _no_follow()
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


def new_temporary_log() -> Path:
    """A new, empty file of its own in the system's temporary folder (O_EXCL: no link
    planted there is followed), for a check's log: a check writes nothing in the project."""
    try:
        descriptor, name = tempfile.mkstemp(prefix="briefgen-errors-", suffix=".log")
    except OSError as error:
        raise explain_os_error(error, Path(tempfile.gettempdir())) from None
    os.close(descriptor)
    return Path(name)


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
    "explain_os_error",
    "make_real_folder",
    "new_temporary_log",
    "open_lock",
    "write_atomically",
    "write_files_atomically",
]
