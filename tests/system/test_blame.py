"""Each failure is blamed where it belongs, so that the message sends the user to whoever
can fix it (issue 24): a template's fault is an `error` at the template's line, a font's
an `error` naming the font, a system library's or the machine's a `problem with this
computer`. Only briefgen's own bugs are an `internal error`, the label that writes the
crash log (tests/unit/test_errors.py shows one).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.crashes import CRASH_LOG_NAME
from briefgen.paths import builtin_theme
from tests.support.project import SEED_SLUG, Runner, run_briefgen

KEY_MESSAGE = Path("templates") / "blocks" / "key_message.html.j2"
FONT = Path("templates") / "fonts" / "BriefgenSans-Regular.ttf"
LABELS = re.compile(r"(?:^|: )(error|problem with this computer|internal error): ", re.M)


def write(folder: Path, name: Path, text: str) -> None:
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def labels(err: str) -> list[str]:
    return LABELS.findall(err)


def test_a_template_that_gives_a_helper_the_wrong_thing_is_its_error_at_its_line(
    project_folder: Path, briefgen_main: Runner
) -> None:
    """`asset(none)` failed inside briefgen's helper, and was told as briefgen's bug."""
    write(project_folder, KEY_MESSAGE, "<p>Our key message:\n{{ asset(none) }}\n</p>\n")
    run = briefgen_main("build", "--project", project_folder)
    assert run.code == 1
    assert f"error: {KEY_MESSAGE}:2: template error: TemplateRuntimeError: asset() takes" in (
        run.err
    )
    assert labels(run.err) == ["error"]


def test_a_style_weasyprint_fails_on_is_the_projects_error(
    project_folder: Path, briefgen_main: Runner
) -> None:
    """WeasyPrint 70 fails on `content` in `li::marker` (a TypeError in its layout): the
    project's style sheet is what to change, so the message names it and the briefing."""
    sheet = Path("templates") / "css" / "print.css.j2"
    theme = (builtin_theme() / "css" / "print.css.j2").read_text()
    write(project_folder, sheet, theme + '\nli::marker { content: "- "; }\n')
    run = briefgen_main("build", "-j", "1", "--project", project_folder)
    assert run.code == 1
    assert (
        f"error: content/{SEED_SLUG}.yaml: WeasyPrint could not lay out what the project's "
        "own templates made (TypeError: min-content width for TextBox not handled yet); "
        f"they are {sheet}"
    ) in run.err
    assert labels(run.err) == ["error"]
    assert not (project_folder / "output" / CRASH_LOG_NAME).exists()


def test_a_font_damaged_inside_is_an_error_naming_the_font(project_folder: Path) -> None:
    """Its table directory is sound (briefgen's first check, `font_problem`), its glyphs
    are not: fontTools fails on them while it writes the font into the PDF. In a process
    of its own: one that has laid out another project knows the sound font of the name."""
    data = bytearray((builtin_theme() / "fonts" / FONT.name).read_bytes())
    glyphs = data.index(b"glyf")
    offset = int.from_bytes(data[glyphs + 8 : glyphs + 12], "big")
    length = int.from_bytes(data[glyphs + 12 : glyphs + 16], "big")
    data[offset + 200 : offset + length - 200] = b"\xff" * (length - 400)
    (project_folder / FONT).parent.mkdir(parents=True)
    (project_folder / FONT).write_bytes(bytes(data))
    run = run_briefgen("build", "-j", "1", cwd=project_folder)
    assert run.code == 1
    assert f"error: the font {FONT} cannot be written into the PDF: it is damaged inside" in (
        run.err
    )
    assert "fix: copy the font file again" in run.err
    assert labels(run.err) == ["error"]


CRASHING_HARFBUZZ = """
/* HarfBuzz's shaping, crashing: Pango shapes each run of text with it. */
int hb_shape_full(void *font, void *buffer, const void *features, unsigned int count,
                  const char *const *shapers) {
    return *(volatile int *)0;
}
void hb_shape(void *font, void *buffer, const void *features, unsigned int count) {
    *(volatile int *)0 = 0;
}
"""


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs a C compiler to build a library")
def test_a_system_library_that_crashes_is_a_problem_with_this_computer(
    project_folder: Path, tmp_path: Path
) -> None:
    """A HarfBuzz whose shaping crashes, put before the system's with LD_PRELOAD: the
    PDF engine's process ends by SIGSEGV, in native code, where briefgen's code is not."""
    source = tmp_path / "crashing-harfbuzz.c"
    source.write_text(CRASHING_HARFBUZZ)
    library = tmp_path / "libcrashing-harfbuzz.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", library, source], check=True)
    run = run_briefgen("check", cwd=project_folder, env={"LD_PRELOAD": str(library)})
    assert run.code == 1
    assert (
        "problem with this computer: laying the briefing out crashed in one of the system "
        "libraries that make the PDF (Pango, HarfBuzz, fontconfig, GLib): killed by SIGSEGV"
    ) in run.err
    assert labels(run.err) == ["problem with this computer"]


FILES_OF_4_KB = (
    "import resource, runpy, sys; "
    "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096)); "
    "sys.argv[0] = 'briefgen'; "
    "runpy.run_module('briefgen', run_name='__main__', alter_sys=True)"
)


def test_a_limit_on_file_sizes_is_a_problem_with_this_computer(project_folder: Path) -> None:
    """`ulimit -f 4`: WeasyPrint cannot write the fonts it loads into its temporary folder
    (File too large), which nothing in the project can change."""
    run = subprocess.run(
        [sys.executable, "-c", FILES_OF_4_KB, "check"],
        cwd=project_folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 1
    assert (
        "problem with this computer: WeasyPrint, which makes the PDF, could not use this "
        "computer's files: File too large"
    ) in run.stderr
    assert "ulimit -f" in run.stderr
    assert labels(run.stderr) == ["problem with this computer"]
