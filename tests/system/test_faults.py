"""Faults of the machine: each gets a message naming its cause and its fix, and exit code 1.

A problem with this computer (a disk that cannot be written, a missing library) is
labelled as one, not as the user's error; a damaged font of the project is the user's.

An output folder that cannot be written, a full disk, a missing or damaged font, a
missing system library. None may lose a previous output or leave a temporary file.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.publish.outputs import TEMPORARY_PREFIX
from briefgen.render.renderer import builtin_theme
from tests.support.processes import snapshot
from tests.support.project import SEED_SLUG, Runner, run_briefgen

FS_IOC_GETFLAGS, FS_IOC_SETFLAGS, FS_IMMUTABLE_FL = 0x80086601, 0x40086602, 0x10


@pytest.fixture
def built(project_folder: Path, briefgen_main: Runner) -> Path:
    """The example project, built once: its outputs are the previous ones."""
    assert briefgen_main("build", "--project", project_folder).code == 0
    return project_folder


def leftovers(folder: Path) -> list[Path]:
    return sorted(folder.rglob(f"{TEMPORARY_PREFIX}*"))


# --- An output folder that cannot be written -------------------------------------------------


@contextlib.contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """Make `folder` refuse new files, for root too.

    Root ignores permission bits, and these tests may run as root (in CI containers),
    so for root the folder is made immutable (chattr +i, which binds root as well);
    for anyone else it loses its write permission. A file system without the
    immutable attribute (tmpfs) cannot make the test run as root.
    """
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(mode)
        return
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        flags = struct.unpack("i", fcntl.ioctl(descriptor, FS_IOC_GETFLAGS, b"\0" * 4))[0]
        fcntl.ioctl(descriptor, FS_IOC_SETFLAGS, struct.pack("i", flags | FS_IMMUTABLE_FL))
    except OSError as error:
        os.close(descriptor)
        pytest.skip(f"running as root on a file system without chattr +i ({error.strerror})")
    try:
        yield
    finally:
        fcntl.ioctl(descriptor, FS_IOC_SETFLAGS, struct.pack("i", flags))
        os.close(descriptor)


def test_an_output_folder_that_cannot_be_written(built: Path, briefgen_main: Runner) -> None:
    folder = built / "output" / SEED_SLUG
    before = snapshot(built / "output")
    (built / "content" / f"{SEED_SLUG}.yaml").write_text(
        (built / "content" / f"{SEED_SLUG}.yaml").read_text().replace("Remember", "Recall")
    )
    with unwritable(folder):
        run = briefgen_main("build", "--project", built)
    assert run.code == 1
    shown = f"output/{SEED_SLUG}/{SEED_SLUG}.pdf"  # relative to the project, as the user knows it
    assert f"problem with this computer: cannot write {shown}: permission denied" in run.err
    assert "error:" not in run.err
    assert "fix: choose an output folder you can write to (--output DIR)" in run.err
    assert "Traceback" not in run.err
    assert snapshot(built / "output") == before
    assert leftovers(built / "output") == []


@pytest.mark.parametrize("where", ["the output folder", "a folder above it"])
def test_an_output_folder_that_is_a_file(
    project_folder: Path, briefgen_main: Runner, where: str
) -> None:
    """A file where the output folder should be: refused, for root too."""
    blocker = project_folder / "public"
    blocker.write_text("not a folder")
    output = blocker if where == "the output folder" else blocker / "briefings"
    run = briefgen_main("build", "--project", project_folder, "--output", output)
    assert run.code == 1
    assert "problem with this computer: cannot write public" in run.err
    assert "public is a file, where a folder is needed" in run.err
    assert "fix: move or rename public, or choose another output folder" in run.err
    assert blocker.read_text() == "not a folder"


# --- A full disk -----------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["at once", "in the PDF", "in the web page, after the PDF"])
def test_a_full_disk_leaves_the_previous_outputs_untouched(
    built: Path, briefgen_main: Runner, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The disk fills part of the way through the briefing's files (the PDF is written
    first). Simulated in os.write, which briefgen's writer calls."""
    before = snapshot(built / "output")
    pdf_size = len(before[f"{SEED_SLUG}/{SEED_SLUG}.pdf"])
    fail_after = {"at once": 0, "in the PDF": pdf_size // 2}.get(where, pdf_size + 1000)
    source = built / "content" / f"{SEED_SLUG}.yaml"
    source.write_text(source.read_text().replace("Remember", "Recall"))
    written = 0
    real_write = os.write

    def filling_write(descriptor: int, data: bytes | memoryview) -> int:
        nonlocal written
        room = fail_after - written
        if room <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        done = real_write(descriptor, bytes(data[:room]))
        written += done
        return done

    monkeypatch.setattr(os, "write", filling_write)
    run = briefgen_main("build", "--project", built)
    monkeypatch.undo()
    assert run.code == 1
    assert f"problem with this computer: cannot write output/{SEED_SLUG}/" in run.err
    assert "the disk is full" in run.err
    assert "fix: free some space on the disk, then build again" in run.err
    assert snapshot(built / "output") == before
    assert leftovers(built / "output") == []
    assert written == fail_after, "the disk filled part of the way through a file"


# --- A missing or damaged font ---------------------------------------------------------------

REGULAR = Path("templates") / "fonts" / "BriefgenSans-Regular.ttf"


def truncated_font() -> bytes:
    return (builtin_theme() / "fonts" / "BriefgenSans-Regular.ttf").read_bytes()[:5000]


DAMAGED_FONTS = {
    "empty": (b"", "the file is empty"),
    "garbage": (b"<html>Not found</html>" * 50, "it is not a font file"),
    "cut short": (truncated_font(), "the file is cut short or damaged"),
}


@pytest.mark.parametrize("name", list(DAMAGED_FONTS))
def test_a_damaged_font_of_the_project_is_refused_naming_the_file(
    project_folder: Path, briefgen_main: Runner, name: str
) -> None:
    """WeasyPrint would quietly set the PDF in a system font instead."""
    data, reason = DAMAGED_FONTS[name]
    (project_folder / REGULAR).parent.mkdir(parents=True)
    (project_folder / REGULAR).write_bytes(data)
    run = briefgen_main("build", "--project", project_folder)
    assert run.code == 1
    assert f"error: the font file {REGULAR} cannot be used: {reason}" in run.err
    assert "fix: copy BriefgenSans-Regular.ttf again from briefgen's theme" in run.err
    assert not (project_folder / "output" / SEED_SLUG).exists()


def test_a_damaged_web_font_is_refused_naming_the_file(
    project_folder: Path, briefgen_main: Runner
) -> None:
    web_font = REGULAR.with_suffix(".woff2")
    (project_folder / web_font).parent.mkdir(parents=True)
    (project_folder / web_font).write_bytes(b"wOF2" + b"\0" * 60)
    run = briefgen_main("build", "--project", project_folder)
    assert run.code == 1
    assert f"error: the font file {web_font} cannot be used: the file is cut short" in run.err


def override_fonts_css(project_folder: Path, text: str) -> None:
    """The project's own fonts.css.j2, in place of the theme's."""
    fonts_css = project_folder / "templates" / "css" / "fonts.css.j2"
    fonts_css.parent.mkdir(parents=True)
    fonts_css.write_text(text)


def test_a_missing_font_file_is_named(project_folder: Path, briefgen_main: Runner) -> None:
    override_fonts_css(
        project_folder,
        "@font-face { font-family: 'Briefgen Sans'; "
        "src: url(\"{{ asset('fonts/BriefgenSans-Light.ttf') }}\"); }\n",
    )
    run = briefgen_main("build", "--project", project_folder)
    assert run.code == 1
    assert "error: the theme file 'fonts/BriefgenSans-Light.ttf' is missing" in run.err
    assert "fix: restore it in templates" in run.err


def test_a_font_weasyprint_cannot_load_is_an_error(
    project_folder: Path, briefgen_main: Runner
) -> None:
    """A font that passes the file check but not WeasyPrint (here a damaged data: URI)."""
    override_fonts_css(
        project_folder,
        (builtin_theme() / "css" / "fonts.css.j2").read_text()
        + "@font-face { font-family: 'Briefgen Sans'; font-weight: 700; "
        "src: url(data:font/ttf;base64,AAEAAAALAIAAAwAwT1MvMg==); }\n",
    )
    run = briefgen_main("build", "--project", project_folder)
    assert run.code == 1
    assert "error: the font 'Briefgen Sans' of the templates cannot be loaded" in run.err
    assert "templates/css/fonts.css.j2, line " in run.err


# --- A missing system library ----------------------------------------------------------------


def test_a_missing_system_library_names_it_and_the_package(
    project_folder: Path, tmp_path: Path
) -> None:
    """Pango made unloadable for real: the dynamic loader finds an empty libpango first.

    WeasyPrint opens Pango with dlopen when it is imported. LD_LIBRARY_PATH puts a folder
    with an empty libpango-1.0.so.0 ahead of the system's, so dlopen fails as it does
    when the library is missing or damaged, and WeasyPrint's import raises OSError.
    """
    libraries = tmp_path / "broken-libraries"
    libraries.mkdir()
    (libraries / "libpango-1.0.so.0").write_bytes(b"")
    run = run_briefgen("build", cwd=project_folder, env={"LD_LIBRARY_PATH": str(libraries)})
    assert run.code == 1, run.err
    assert "Traceback" not in run.err
    assert "cannot load the system library libpango-1.0-0" in run.err
    assert "fix: install it with: sudo apt-get install libpango-1.0-0" in run.err
    assert run.err.count("problem with this computer:") == 1, "reported once, not once a briefing"
    assert "error:" not in run.err
    assert "-----" not in run.out, "WeasyPrint's own banner is replaced"
    assert not (project_folder / "output").exists(), "it fails before writing anything"


def test_the_example_builds_with_the_same_environment_but_the_real_library(
    project_folder: Path,
) -> None:
    """The control for the test above: only the damaged library made it differ."""
    run = run_briefgen("build", cwd=project_folder)
    assert run.code == 0, run.err
    assert "HarfBuzz" not in run.err, "the subsetter is installed: no warning"
