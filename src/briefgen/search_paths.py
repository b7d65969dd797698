"""Where the dynamic linker looks for libraries: never in the project folder.

`LD_LIBRARY_PATH` (and macOS's `DYLD_LIBRARY_PATH` and its kin) may hold empty or
relative entries: `:` at either end or twice, `.`, `lib`. The dynamic linker reads each
against the current folder, which for briefgen is the project folder, and a project
folder holds other people's files (a cloned repository). A library planted there under
a name WeasyPrint loads (`libgobject-2.0-0`, `libpango-1.0.so.0`) or that those or
Python's own modules need (`libglib-2.0.so.0`, `libffi.so.8`, `libz.so.1`) would run
its code inside briefgen.

The linker reads these variables once, as a process starts: changing them later changes
nothing for that process. So the command's first step, `restart_without_relative_paths`,
starts briefgen again in the same process (exec), with those entries dropped, whenever
there are any; the PDF engine's process and a parallel build's workers, started after,
inherit the clean environment. A relative entry of `LD_PRELOAD` (or
`DYLD_INSERT_LIBRARIES`) is dropped too, though the interpreter has loaded it by then: the
restarted one does not.

`away_from_the_project` then imports WeasyPrint with the current folder an empty one of
briefgen's own: for a script that uses briefgen without the command; for macOS, whose
`dlopen` also looks in the current folder for a bare name such as WeasyPrint's
`libgobject-2.0-0`, whatever the environment says; and for Windows, where
`ctypes.util.find_library` reads relative entries of `PATH` against the current folder.

This module runs before anything loads a library, so it imports no module that does
(`tempfile` imports `shutil`, which loads zlib's, bzip2's and xz's libraries): the
command's restart must come before them.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator, Mapping

# Lists of folders the dynamic linker searches (glibc's and macOS's dyld's).
SEARCH_PATHS = (
    "LD_LIBRARY_PATH",
    "DYLD_LIBRARY_PATH",
    "DYLD_FALLBACK_LIBRARY_PATH",
    "DYLD_FRAMEWORK_PATH",
    "DYLD_FALLBACK_FRAMEWORK_PATH",
)
# Libraries loaded into every process started: a bare name is searched in the folders above,
# a name with a slash is a path, which is read against the current folder unless absolute.
PRELOADS = ("LD_PRELOAD", "DYLD_INSERT_LIBRARIES")

# The current folder is one for the whole process: one thread at a time changes it.
_MOVING = threading.Lock()


def without_relative_entries(environment: Mapping[str, str]) -> dict[str, str]:
    """The environment with every empty or relative entry dropped from the linker's search
    paths and preloads; a variable left with no entry is left out."""
    cleaned = dict(environment)
    for name in (*SEARCH_PATHS, *PRELOADS):
        if name not in cleaned:
            continue
        separators = " :" if name == "LD_PRELOAD" else ":"
        entries = _split(cleaned[name], separators)
        kept = [entry for entry in entries if _kept(entry, preload=name in PRELOADS)]
        if kept:
            cleaned[name] = ":".join(kept)
        else:
            del cleaned[name]
    return cleaned


def _split(value: str, separators: str) -> list[str]:
    for separator in separators[1:]:
        value = value.replace(separator, separators[0])
    return value.split(separators[0])


def _kept(entry: str, *, preload: bool) -> bool:
    """An absolute folder, or a preloaded library's bare name (searched like the others)."""
    if preload and entry and "/" not in entry:
        return True
    return entry.startswith("/")


def restart_without_relative_paths() -> None:
    """Start this command again, in this process, without the linker's relative entries,
    if it has any (POSIX); where it cannot, at least the processes it starts go without."""
    cleaned = without_relative_entries(os.environ)
    if cleaned == dict(os.environ) or os.name != "posix":
        return
    if not getattr(sys, "frozen", False):
        with contextlib.suppress(OSError):  # no exec: go on, and clean for the children
            arguments = [sys.executable, *sys.orig_argv[1:]]  # this interpreter, as started
            os.execve(sys.executable, arguments, cleaned)  # noqa: S606 (no shell: this command)
    for name in (*SEARCH_PATHS, *PRELOADS):
        if name in cleaned:
            os.environ[name] = cleaned[name]
        else:
            os.environ.pop(name, None)


@contextlib.contextmanager
def away_from_the_project() -> Iterator[None]:
    """While the block runs, the current folder is one no project can write, so that
    nothing found "here" comes from the project folder; then the folder it was.

    On POSIX systems that is the root folder, which only the system's administrator
    writes (an entry `lib` then reads as /lib, the system's own); making a new empty
    folder instead cost 4 ms here. On Windows, whose C:\\ any user may add folders to, a
    new empty folder of briefgen's own. Nothing of briefgen reads a relative path
    meanwhile: the project's paths are made absolute as it is loaded."""
    with _MOVING, _nowhere() as nowhere:
        back = _way_back()
        os.chdir(nowhere)
        try:
            yield
        finally:
            _go_back(back)


def _nowhere() -> contextlib.AbstractContextManager[str]:
    if os.name == "posix":
        return contextlib.nullcontext("/")
    from briefgen.gate import empty_folder  # noqa: PLC0415 (not before the restart: see above)

    return empty_folder()


def _way_back() -> int | str:
    """The current folder, held open where the system allows (it may be renamed meanwhile)."""
    from briefgen.gate import hold_current_folder  # noqa: PLC0415 (not before the restart)

    return hold_current_folder()


def _go_back(back: int | str) -> None:
    if isinstance(back, int):
        try:
            os.fchdir(back)
        finally:
            os.close(back)
    else:
        os.chdir(back)


__all__ = [
    "PRELOADS",
    "SEARCH_PATHS",
    "away_from_the_project",
    "restart_without_relative_paths",
    "without_relative_entries",
]
