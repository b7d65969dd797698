"""How WeasyPrint finds its system libraries, without asking a compiler on Linux.

WeasyPrint 70 loads Pango, HarfBuzz, fontconfig and GObject with `cffi`'s `dlopen`, trying
for each a list of names meant for every system in turn: Windows' (`libgobject-2.0-0`),
MSYS2's, then the Linux and macOS ones (`gobject-2.0`, `libgobject-2.0.so.0`). cffi hands
each name it cannot open at once to `ctypes.util.find_library`, which on Linux asks the
dynamic linker's cache (`ldconfig -p`, a process) and, for a name not in it, runs `gcc`
and then `ld` to look for it (a known cost: WeasyPrint's issue #1125). The Windows names
are never found on Linux, so a machine with a compiler (any developer's, any CI machine)
ran 86 processes, 16 of them gcc, to import WeasyPrint: 140 of its 370 ms.

`linker_lookups()` answers `find_library` during WeasyPrint's import from the linker's
cache alone, read once. A name the cache lacks is then tried by WeasyPrint under its next
name, the library's file name (`libgobject-2.0.so.0`), which `dlopen` finds itself in
`LD_LIBRARY_PATH` and the system's folders, as `ld` would have. If WeasyPrint still
cannot load a library, briefgen imports it again the usual way (briefgen.engine.pdf), so a
library only a compiler could find is still found. The fast path is `ldconfig` in
briefgen.fast_paths; elsewhere than Linux `find_library` runs no compiler, and nothing
is changed.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import os
import re
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator

from briefgen import fast_paths

LINKER_CACHE = "/sbin/ldconfig"

# `find_library` is one name for the whole process: two threads replacing and restoring
# it at once could leave the replacement in place for good.
_REPLACING = threading.Lock()

# The name of this machine's C library ABI in `ldconfig -p`'s lines, as CPython's own
# `ctypes.util._findSoname_ldconfig` reads it (Lib/ctypes/util.py).
_ABI_TYPES = {
    "x86_64-64": "libc6,x86-64",
    "ppc64-64": "libc6,64bit",
    "sparc64-64": "libc6,64bit",
    "s390x-64": "libc6,64bit",
    "ia64-64": "libc6,IA-64",
}


@contextlib.contextmanager
def linker_lookups() -> Iterator[None]:
    """While it is open, `ctypes.util.find_library` answers from the linker's cache alone
    (on Linux, unless the fast path is switched off)."""
    if sys.platform != "linux" or not fast_paths.allowed("ldconfig"):
        yield
        return
    listing = linker_cache()
    with _REPLACING:
        original = ctypes.util.find_library
        ctypes.util.find_library = lambda name: soname_in(listing, name)
        try:
            yield
        finally:
            ctypes.util.find_library = original


def linker_cache() -> bytes:
    """`ldconfig -p`'s listing of the libraries the dynamic linker knows; empty where
    there is no such program (musl's systems, a container without it)."""
    try:
        finished = subprocess.run(
            [LINKER_CACHE, "-p"],
            capture_output=True,
            env={"LC_ALL": "C", "LANG": "C"},
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return b""
    return finished.stdout if finished.returncode == 0 else b""


def soname_in(listing: bytes, name: str) -> str | None:
    """The file name `find_library(name)` gives from the linker's cache: `gobject-2.0`
    → `libgobject-2.0.so.0`, for this machine's ABI; None if the cache lacks it."""
    pattern = rb"\s+(lib%s\.[^\s]+)\s+\(%s" % (
        re.escape(os.fsencode(name)),
        re.escape(_abi_type().encode()),
    )
    found = re.search(pattern, listing)
    return os.fsdecode(found.group(1)) if found else None


def _abi_type() -> str:
    bits = "32" if struct.calcsize("l") == 4 else "64"
    return _ABI_TYPES.get(f"{os.uname().machine}-{bits}", "libc6")


__all__ = [
    "linker_lookups",
]
