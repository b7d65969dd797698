"""briefgen.engine.libraries: WeasyPrint's system libraries found from Linux's linker cache alone,
with no compiler run; and the usual way where that fast path is switched off or fails."""

from __future__ import annotations

import contextlib
import ctypes.util
import os
import platform
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen import fast_paths
from briefgen.engine import libraries, pdf

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the fast path is Linux's")

# The names WeasyPrint 70 tries for each library, in order (weasyprint/text/ffi.py).
WEASYPRINT_NAMES = [
    *("libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0", "libgobject-2.0.so.0"),
    *("libpango-1.0-0", "pango-1.0-0", "pango-1.0", "libpango-1.0.so.0"),
    *("libharfbuzz-0", "harfbuzz", "harfbuzz-0.0", "libharfbuzz.so.0"),
    *("libharfbuzz-subset-0", "harfbuzz-subset", "harfbuzz-subset-0.0"),
    *("libfontconfig-1", "fontconfig-1", "fontconfig", "libfontconfig.so.1"),
    *("libpangoft2-1.0-0", "pangoft2-1.0-0", "pangoft2-1.0", "libpangoft2-1.0.so.0"),
]

LISTING = b"""\
1462 libs found in cache `/etc/ld.so.cache'
\tlibstdc++.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libstdc++.so.6
\tlibpango-1.0.so.0 (libc6) => /lib/i386-linux-gnu/libpango-1.0.so.0
\tlibgobject-2.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libgobject-2.0.so.0
"""

IMPORT_WEASYPRINT = "from briefgen.engine.pdf import require_weasyprint; require_weasyprint()"


@linux_only
@pytest.mark.skipif(not Path(libraries.LINKER_CACHE).exists(), reason="no ldconfig here")
@pytest.mark.parametrize("name", WEASYPRINT_NAMES)
def test_the_cache_answers_as_cpython_reads_it(name: str) -> None:
    """The same answer as the first of find_library's three ways, the linker's cache
    (CPython's own reading of it), for every name WeasyPrint tries."""
    expected = ctypes.util._findSoname_ldconfig(name)  # type: ignore[attr-defined]
    assert libraries.soname_in(libraries.linker_cache(), name) == expected


@pytest.mark.skipif(platform.machine() != "x86_64", reason="the listing is x86-64's")
def test_only_this_machines_abi_is_taken_and_names_are_taken_literally() -> None:
    assert libraries.soname_in(LISTING, "gobject-2.0") == "libgobject-2.0.so.0"
    assert libraries.soname_in(LISTING, "pango-1.0") is None, "a 32-bit library only"
    assert libraries.soname_in(LISTING, "stdc++") == "libstdc++.so.6", "+ is not a pattern"
    assert libraries.soname_in(LISTING, "gobject.2.0") is None, ". is not a pattern"
    assert libraries.soname_in(b"", "gobject-2.0") is None


@linux_only
def test_find_library_is_replaced_only_while_the_lookups_are_open() -> None:
    original = ctypes.util.find_library
    with libraries.linker_lookups():
        assert ctypes.util.find_library is not original
        assert ctypes.util.find_library("libgobject-2.0-0") is None  # Windows' name
    assert ctypes.util.find_library is original


@linux_only
def test_find_library_is_restored_when_the_import_fails() -> None:
    original = ctypes.util.find_library
    with pytest.raises(OSError, match="cannot load"), libraries.linker_lookups():
        raise OSError("cannot load library 'libpango-1.0-0'")
    assert ctypes.util.find_library is original


@linux_only
def test_threads_opening_the_lookups_at_once_leave_find_library_as_it_was() -> None:
    original = ctypes.util.find_library
    start = threading.Barrier(8)

    def open_and_close() -> None:
        start.wait()
        for _ in range(20):
            with libraries.linker_lookups():
                assert ctypes.util.find_library("libgobject-2.0-0") is None

    threads = [threading.Thread(target=open_and_close) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ctypes.util.find_library is original


def test_with_the_fast_path_switched_off_nothing_is_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(fast_paths.SWITCH, "ldconfig")
    original = ctypes.util.find_library
    with libraries.linker_lookups():
        assert ctypes.util.find_library is original


def test_a_machine_without_ldconfig_has_an_empty_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(libraries, "LINKER_CACHE", "/nonexistent/ldconfig")
    assert libraries.linker_cache() == b""


def compilers_run(tmp_path: Path, switched_off: str) -> list[str]:
    """WeasyPrint imported through briefgen in a new process whose gcc, cc and ld are
    stand-ins that write down each run (and fail, as they do for a name they cannot
    find): the runs written down."""
    tools, log = tmp_path / "tools", tmp_path / "runs.log"
    tools.mkdir()
    for tool in ("gcc", "cc", "ld"):
        stand_in = tools / tool
        stand_in.write_text(f'#!/bin/sh\necho "{tool} $*" >> "{log}"\nexit 1\n')
        stand_in.chmod(0o755)
    path = os.pathsep.join([str(tools), os.environ.get("PATH", "")])
    env = {**os.environ, "PATH": path, fast_paths.SWITCH: switched_off}
    finished = subprocess.run(
        [sys.executable, "-c", IMPORT_WEASYPRINT], env=env, capture_output=True, text=True
    )
    assert finished.returncode == 0, finished.stderr
    return log.read_text().splitlines() if log.exists() else []


@linux_only
@pytest.mark.slow
def test_importing_weasyprint_runs_no_compiler(tmp_path: Path) -> None:
    assert compilers_run(tmp_path, switched_off="") == []


@linux_only
@pytest.mark.slow
def test_with_the_fast_path_off_weasyprint_is_imported_the_usual_way(tmp_path: Path) -> None:
    """The fallback: find_library as CPython has it, which asks gcc and ld for the names
    the linker's cache lacks (Windows' names among them), and WeasyPrint still loads."""
    runs = compilers_run(tmp_path, switched_off="ldconfig")
    assert any(run.startswith("gcc ") and "-llibgobject-2.0-0" in run for run in runs)


@contextlib.contextmanager
def failing_lookups() -> Iterator[None]:
    raise OSError("cannot load library 'libpango-1.0-0'")
    yield  # pragma: no cover


def test_when_the_fast_path_cannot_load_weasyprint_the_usual_way_is_tried(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf, "linker_lookups", failing_lookups)
    pdf._weasyprint.cache_clear()
    try:
        assert pdf._weasyprint().__name__ == "weasyprint"
    finally:
        pdf._weasyprint.cache_clear()
