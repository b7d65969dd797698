"""briefgen.search_paths: a library planted in the project folder is never loaded, whatever
relative entries the linker's search paths hold, in any process of briefgen's.

The planted library is built here with the C compiler: its constructor, which runs when
a process loads it, writes a line in a marker file. It is planted in the project folder,
and in its lib/ folder, under the names WeasyPrint tries and those its libraries and
Python's own modules need; the command runs from the project folder, as a user runs it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen import fast_paths
from briefgen.search_paths import away_from_the_project, without_relative_entries
from tests.support.processes import running
from tests.support.project import SECOND, copy_example

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="glibc's dynamic linker")

PLANTED_SOURCE = r"""
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

__attribute__((constructor)) static void planted(void) {
    const char *marker = getenv("BRIEFGEN_PLANTED_MARKER");
    FILE *file = marker ? fopen(marker, "a") : NULL;
    if (file) {
        fprintf(file, "loaded in process %d\n", (int)getpid());
        fclose(file);
    }
}
"""
# The names WeasyPrint 70 tries first for each library (weasyprint/text/ffi.py: dlopen
# looks for a bare name in LD_LIBRARY_PATH, the current folder for an empty or relative
# entry), and the file names of its libraries.
WEASYPRINT_NAMES = [
    *("libgobject-2.0-0", "libpango-1.0-0", "libharfbuzz-0", "libharfbuzz-subset-0"),
    *("libfontconfig-1", "libpangoft2-1.0-0", "libharfbuzz-vector-0"),
    *("libgobject-2.0.so.0", "libpango-1.0.so.0", "libharfbuzz.so.0", "libfontconfig.so.1"),
    *("libpangoft2-1.0.so.0", "libharfbuzz-subset.so.0"),
]
# What those libraries and Python's own modules load in turn (zlib, ctypes, lzma, bz2, ssl,
# pyexpat), looked for the same way.
DEPENDENCIES = [
    *("libglib-2.0.so.0", "libfreetype.so.6", "libfribidi.so.0", "libthai.so.0"),
    *("libgraphite2.so.3", "libpng16.so.16", "libbrotlidec.so.1", "libpcre2-8.so.0"),
    *("libffi.so.8", "libz.so.1", "libexpat.so.1", "liblzma.so.5", "libbz2.so.1.0"),
    *("libssl.so.3", "libcrypto.so.3"),
]
RELATIVE_ENTRIES = ":.:lib::"  # empty entries (at the start, twice), the folder itself, lib/


@pytest.fixture(scope="module")
def planted_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    compiler = shutil.which("gcc") or shutil.which("cc")
    if compiler is None:
        pytest.skip("no C compiler to build the planted library")
    folder = tmp_path_factory.mktemp("planted")
    source = folder / "planted.c"
    source.write_text(PLANTED_SOURCE)
    library = folder / "libplanted.so"
    subprocess.run([compiler, "-shared", "-fPIC", "-o", library, source], check=True)
    return library


def plant(library: Path, folder: Path, names: list[str]) -> None:
    for where in (folder, folder / "lib"):
        where.mkdir(exist_ok=True)
        for name in names:
            shutil.copy(library, where / name)


def planted_environment(marker: Path, **more: str) -> dict[str, str]:
    return {
        **os.environ,
        "LD_LIBRARY_PATH": RELATIVE_ENTRIES,
        "BRIEFGEN_PLANTED_MARKER": str(marker),
        **more,
    }


def briefgen_command() -> Path:
    """The `briefgen` command installed beside this Python, as a user runs it."""
    found = shutil.which("briefgen", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the briefgen command is not installed beside this Python")
    return Path(found)


def test_the_planted_library_is_loaded_by_a_process_that_takes_no_care(
    planted_library: Path, tmp_path: Path
) -> None:
    """The plant works: a process that loads WeasyPrint's first name from the project
    folder, with these search paths, runs the planted code."""
    project = copy_example(tmp_path / "project")
    plant(planted_library, project, WEASYPRINT_NAMES)
    marker = tmp_path / "marker"
    load = "import ctypes; ctypes.CDLL('libgobject-2.0-0')"
    subprocess.run(
        [sys.executable, "-c", load], cwd=project, env=planted_environment(marker), check=True
    )
    assert marker.read_text().startswith("loaded in process")


COMMANDS = {
    "build (the engine's process)": (["build"], {}),
    "check (the engine's process)": (["check"], {}),
    "parallel build (forked workers)": (["build", "--jobs", "2"], {}),
    "parallel build (spawned, as on macOS)": (
        ["build", "--jobs", "2"],
        {fast_paths.SWITCH: "prctl,fork,ldconfig"},
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize(("arguments", "switches"), COMMANDS.values(), ids=COMMANDS)
def test_a_library_planted_in_the_project_folder_is_never_loaded(
    planted_library: Path, tmp_path: Path, arguments: list[str], switches: dict[str, str]
) -> None:
    project = copy_example(tmp_path / "project")
    shutil.copy(SECOND, project / "content" / SECOND.name)
    plant(planted_library, project, [*WEASYPRINT_NAMES, *DEPENDENCIES])
    marker = tmp_path / "marker"
    finished = subprocess.run(
        [briefgen_command(), *arguments],
        cwd=project,
        env=planted_environment(marker, **switches),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    assert not marker.exists(), marker.read_text()
    if arguments[0] == "build":
        assert (project / "output" / "index.html").is_file()


@pytest.mark.slow
def test_the_preview_never_loads_a_library_planted_in_the_project_folder(
    planted_library: Path, tmp_path: Path
) -> None:
    """`briefgen serve` lays PDFs out in its own process: it loads WeasyPrint itself."""
    project = copy_example(tmp_path / "project")
    plant(planted_library, project, [*WEASYPRINT_NAMES, *DEPENDENCIES])
    marker = tmp_path / "marker"
    arguments: list[str | Path] = [briefgen_command(), "serve", "--port", "0"]
    options = {"cwd": project, "env": planted_environment(marker), "stdout": subprocess.PIPE}
    with running(arguments, stderr=subprocess.PIPE, **options) as serving:
        assert serving.stdout is not None
        for line in serving.stdout:  # the first build is done once the preview listens
            if "Serving the preview at" in line:
                break
        serving.send_signal(signal.SIGINT)
        _, errors = serving.communicate(timeout=120)
    assert serving.returncode == 0, errors
    assert not marker.exists(), marker.read_text()


def test_weasyprint_loaded_by_a_script_never_takes_a_library_from_the_current_folder(
    planted_library: Path, tmp_path: Path
) -> None:
    """A script that uses briefgen without the command is not restarted: WeasyPrint is
    imported from an empty folder of briefgen's own instead (as macOS needs: its dlopen
    looks in the current folder for a bare name whatever the environment says)."""
    project = copy_example(tmp_path / "project")
    plant(planted_library, project, WEASYPRINT_NAMES)
    marker = tmp_path / "marker"
    load = "from briefgen.engine.pdf import require_weasyprint; require_weasyprint()"
    finished = subprocess.run(
        [sys.executable, "-c", load],
        cwd=project,
        env=planted_environment(marker),
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    assert not marker.exists(), marker.read_text()


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        (":", None),
        ("", None),
        (".", None),
        ("lib", None),
        ("./lib:../lib:~/lib", None),
        ("/opt/pango/lib", "/opt/pango/lib"),
        (":/opt/pango/lib::lib:/usr/local/lib:", "/opt/pango/lib:/usr/local/lib"),
    ],
)
def test_only_absolute_folders_are_kept_in_the_search_paths(given: str, kept: str | None) -> None:
    for name in ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "DYLD_FALLBACK_LIBRARY_PATH"):
        cleaned = without_relative_entries({name: given, "PATH": ".:/usr/bin", "HOME": "/h"})
        assert cleaned.get(name) == kept
        assert cleaned["PATH"] == ".:/usr/bin", "only the linker's variables"


def test_a_preloaded_library_is_kept_by_name_or_absolute_path_only() -> None:
    given = {"LD_PRELOAD": "libjemalloc.so.2 ./evil.so lib/evil.so:/usr/lib/libx.so"}
    cleaned = without_relative_entries(given)
    assert cleaned["LD_PRELOAD"] == "libjemalloc.so.2:/usr/lib/libx.so"
    assert "DYLD_INSERT_LIBRARIES" not in without_relative_entries(
        {"DYLD_INSERT_LIBRARIES": "evil.dylib/../x.dylib"}
    )


def test_the_current_folder_is_one_no_project_can_write_while_weasyprint_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "libgobject-2.0-0").write_text("planted")
    with away_from_the_project():
        inside = Path.cwd()
        assert inside == Path("/")
        assert inside.stat().st_uid == 0
        assert not inside.stat().st_mode & 0o022, "written by its owner alone"
    assert Path.cwd() == tmp_path


def test_the_current_folder_is_given_back_even_if_it_was_renamed_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tmp_path / "before"
    before.mkdir()
    monkeypatch.chdir(before)
    with away_from_the_project():
        before.rename(tmp_path / "after")
    assert Path.cwd() == tmp_path / "after"
