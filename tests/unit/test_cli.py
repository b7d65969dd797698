"""The command line, as a user runs it: exit codes, messages, no tracebacks."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from briefgen import __version__
from tests.support.project import SECOND, SEED_SLUG, Runner, drop_settings, run_briefgen
from tests.support.text import VALID

MISTAKES = {
    "misspelt-key": (
        VALID.replace("key_message:", "key_mesage:"),
        13,
        "did you mean `key_message`?",
    ),
    "wrong-type": (VALID.replace("2021-03-01", "last spring"), 3, "write it as YYYY-MM-DD"),
    "missing-field": (VALID.replace("title: A title\n", ""), 1, "add `title:"),
    "duplicate-key": (VALID + "title: Again\n", 14, "remove one of the two `title` lines"),
    "tab-indent": (VALID.replace("  - kind", "\t- kind"), 6, "replace the tab with spaces"),
    "broken-syntax": (VALID.replace("title: A title", 'title: "A title'), 14, "close the quotes"),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
@pytest.mark.slow
def test_check_reports_each_mistake_with_file_line_and_fix(
    empty_project: Path, mistake: str
) -> None:
    text, line, fix = MISTAKES[mistake]
    (empty_project / "content" / f"{mistake}.yaml").write_text(text)
    result = run_briefgen("check", cwd=empty_project)
    assert result.code == 1
    assert f"content/{mistake}.yaml:{line}:" in result.err
    assert fix in result.err
    assert "Traceback" not in result.err + result.out
    assert not (empty_project / "output").exists(), "check writes nothing"


@pytest.mark.slow
def test_check_passes_the_seed(project_folder: Path) -> None:
    result = run_briefgen("check", cwd=project_folder)
    assert result.code == 0, result.err
    assert f"content/{SEED_SLUG}.yaml" in result.out


@pytest.mark.slow
def test_wrong_usage_exits_2(project_folder: Path) -> None:
    result = run_briefgen("build", "--no-such-option", cwd=project_folder)
    assert result.code == 2
    assert "No such option" in result.err
    assert "Traceback" not in result.err


def test_outside_a_project_is_a_clear_error(tmp_path: Path) -> None:
    result = run_briefgen("build", cwd=tmp_path)
    assert result.code == 1
    assert "no briefgen.yaml found" in result.err
    assert "Traceback" not in result.err


def test_help_shows_every_command_and_examples(briefgen_main: Runner) -> None:
    result = briefgen_main("--help")
    assert result.code == 0
    for command in ("build", "check", "new"):
        assert re.search(rf"^\s+{command}\s", result.out, flags=re.MULTILINE), command
    assert "Examples:" in result.out
    for command in ("build", "check", "new"):
        assert "Examples:" in briefgen_main(command, "--help").out, command


def test_version(briefgen_main: Runner) -> None:
    assert briefgen_main("--version").out.strip() == f"briefgen {__version__}"


@pytest.mark.slow
def test_new_then_build_works(empty_project: Path) -> None:
    created = run_briefgen("new", "demo", cwd=empty_project)
    assert created.code == 0, created.err
    starter = (empty_project / "content" / "demo.yaml").read_text()
    assert starter.startswith("# yaml-language-server: $schema=")
    assert run_briefgen("check", cwd=empty_project).code == 0
    built = run_briefgen("build", cwd=empty_project)
    assert built.code == 0, built.err
    assert "content/demo.yaml (1 page)" in built.out or "content/demo.yaml (2 pages)" in built.out
    for name in ("demo.pdf", "index.html", "fragment.html"):
        assert (empty_project / "output" / "demo" / name).is_file()
    assert (empty_project / "output" / "index.html").is_file()


def test_new_refuses_to_overwrite(project_folder: Path, briefgen_main: Runner) -> None:
    result = briefgen_main("new", SEED_SLUG, "--project", project_folder)
    assert result.code == 1
    assert "already exists" in result.err


def test_new_refuses_a_name_that_is_not_a_slug(project_folder: Path, briefgen_main: Runner) -> None:
    result = briefgen_main("new", "Neglect Audit", "--project", project_folder)
    assert result.code == 1
    assert "lower-case letters, digits and hyphens" in result.err


@pytest.mark.slow
def test_build_reports_progress_and_the_index(project_folder: Path, briefgen_main: Runner) -> None:
    result = briefgen_main("build", "--project", project_folder)
    assert result.code == 0, result.err
    assert f"content/{SEED_SLUG}.yaml (2 pages)" in result.out
    assert "Index: output/index.html" in result.out


@pytest.mark.slow
def test_build_writes_where_output_says(
    project_folder: Path, tmp_path: Path, briefgen_main: Runner
) -> None:
    target = tmp_path / "public"
    result = briefgen_main("build", "--project", project_folder, "--output", target)
    assert result.code == 0, result.err
    assert (target / SEED_SLUG / f"{SEED_SLUG}.pdf").is_file()


NO_PDF_ADDRESS = "fragment.pdf_base_url is not set"


def without_pdf_address(folder: Path) -> Path:
    """The example project with a second briefing, and without fragment.pdf_base_url nor
    site.url (either gives the PDFs' address)."""
    shutil.copy(SECOND, folder / "content" / SECOND.name)
    return drop_settings(folder, "fragment.pdf_base_url", "site.url")


@pytest.mark.slow
def test_without_a_pdf_address_the_build_warns_once_and_the_fragments_have_no_link(
    project_folder: Path,
) -> None:
    folder = without_pdf_address(project_folder)
    result = run_briefgen("build", cwd=folder)
    assert result.code == 0, result.err
    assert result.err.count(NO_PDF_ADDRESS) == 1, "once a build, not once a briefing"
    assert "fix: set fragment.pdf_base_url" in result.err.lower()
    for slug in (SEED_SLUG, SECOND.stem):
        for name in ("fragment.html", "fragment-inline.html", "fragment-shadow.html"):
            assert "Download the briefing" not in (folder / "output" / slug / name).read_text()
        # The web page sits beside its PDF: its relative link works wherever it is copied.
        page = (folder / "output" / slug / "index.html").read_text()
        assert f'href="{slug}.pdf"' in page


@pytest.mark.slow
def test_a_build_with_nothing_to_do_still_tells_of_the_missing_pdf_address(
    project_folder: Path,
) -> None:
    """The no-op answer reads no settings: it repeats what the last build told of them, and
    --strict still fails on it instead of passing a CI job that gates publishing."""
    folder = without_pdf_address(project_folder)
    assert run_briefgen("build", cwd=folder).code == 0
    again = run_briefgen("build", cwd=folder)
    assert again.code == 0, again.err
    assert "unchanged" in again.out.lower() or "up to date" in again.out.lower(), again.out
    assert again.err.count(NO_PDF_ADDRESS) == 1
    strict = run_briefgen("build", "--strict", cwd=folder)
    assert strict.code == 1
    assert strict.err.count(NO_PDF_ADDRESS) == 1


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.slow
def test_strict_makes_a_missing_pdf_address_an_error(project_folder: Path, command: str) -> None:
    folder = without_pdf_address(project_folder)
    result = run_briefgen(command, "--strict", cwd=folder)
    assert result.code == 1
    assert result.err.count(NO_PDF_ADDRESS) == 1
    assert "Traceback" not in result.err
    assert not (folder / "output").exists()


@pytest.mark.parametrize("layout", ["audit summary", "7-minute briefing", "learning questions"])
@pytest.mark.slow
def test_new_starts_each_shape(empty_project: Path, briefgen_main: Runner, layout: str) -> None:
    created = briefgen_main("new", "shape", "--layout", layout, "--project", empty_project)
    assert created.code == 0, created.err
    checked = briefgen_main("check", "--strict", "--project", empty_project)
    assert checked.code == 0, checked.err
    built = briefgen_main("build", "--project", empty_project)
    assert built.code == 0, built.err
    html = (empty_project / "output" / "shape" / "fragment.html").read_text()
    assert f"bg-layout--{layout.replace(' ', '-')}" in html


def test_new_names_the_shapes_it_can_start(empty_project: Path, briefgen_main: Runner) -> None:
    result = briefgen_main("new", "shape", "--layout", "poster", "--project", empty_project)
    assert result.code == 2, "a wrong use of the command line"
    assert "there is no starter for the layout 'poster'" in result.err
    assert "'7-minute briefing'" in result.err


@pytest.mark.parametrize("blocked", ["content", "schema"])
def test_new_tells_a_folder_it_cannot_write_without_a_traceback(
    empty_project: Path, briefgen_main: Runner, blocked: str
) -> None:
    """A file where content/ or schema/ must be: this computer's problem, in words."""
    shutil.rmtree(empty_project / blocked, ignore_errors=True)
    (empty_project / blocked).write_text("not a folder\n", encoding="utf-8")
    result = briefgen_main("new", "neglect-audit-2025", "--project", empty_project)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "problem with this computer: cannot write content/neglect-audit-2025.yaml" in result.err
    assert "nothing of that name is in the way" in result.err


def test_schema_tells_a_folder_it_cannot_write_without_a_traceback(
    empty_project: Path, briefgen_main: Runner
) -> None:
    shutil.rmtree(empty_project / "schema", ignore_errors=True)
    (empty_project / "schema").write_text("not a folder\n", encoding="utf-8")
    result = briefgen_main("schema", "--project", empty_project)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "problem with this computer: cannot write schema" in result.err


TERMINAL_ESCAPES = "\x1b]0;briefgen is done\x07\x1b[2J\x1b[31m\rforged\u202e"


@pytest.mark.slow
def test_what_a_crafted_manifest_keeps_reaches_the_terminal_without_its_escape_codes(
    project_folder: Path,
) -> None:
    """A build with nothing to do prints the notices and warnings kept in the output
    folder's manifest, a file anyone could edit (a cloned repository's output/): a terminal
    would act on the escape codes in them (retitle the window, clear the screen), so they
    are shown escaped instead."""
    assert run_briefgen("build", cwd=project_folder).code == 0
    manifest = project_folder / "output" / ".briefgen-manifest.json"
    data = json.loads(manifest.read_text())
    data["notices"] = [f"a notice {TERMINAL_ESCAPES}"]
    [entry] = data["entries"].values()
    entry["warnings"] = [
        {
            "file": f"content/{SEED_SLUG}.yaml{TERMINAL_ESCAPES}",
            "message": f"a warning {TERMINAL_ESCAPES}",
            "fix": f"a fix {TERMINAL_ESCAPES}",
            "line": 1,
            "column": 1,
            "field": f"title{TERMINAL_ESCAPES}",
            "value": f"a value {TERMINAL_ESCAPES}",
            "severity": "warning",
            "check": "capitals",
        }
    ]
    manifest.write_text(json.dumps(data))
    again = run_briefgen("build", cwd=project_folder)
    assert again.code == 0, again.err
    printed = again.out + again.err
    for control in ("\x1b", "\x07", "\r", "\u202e"):
        assert control not in printed
    assert "a notice \\x1b]0;briefgen is done\\x07" in again.err
    assert "a warning \\x1b" in again.err
    assert "a fix \\x1b" in again.err
    assert "a value \\x1b" in again.err


# --- briefgen collect -------------------------------------------------------------------------


@pytest.mark.slow  # the impact report's PDF is laid out
def test_collect_lists_every_file_and_writes_the_tables(
    project_folder: Path, tmp_path: Path
) -> None:
    """The folder of returns outside the project, as on a shared drive: each file's line,
    the guard's findings with the entry that acknowledges them, the tables, exit code 1
    while something needs a look; 0 once it is acknowledged and the refused file gone."""
    from tests.support.records import FILLED, fill, record_of  # noqa: PLC0415

    returns = tmp_path / "Returned records"
    returns.mkdir()
    blank = record_of(project_folder, SEED_SLUG)
    (returns / "mash.docx").write_bytes(fill(blank, {**FILLED, "answer.2": "Mrs Hill agreed."}))
    (returns / "macro.docm").write_bytes(blank)
    result = run_briefgen("collect", str(returns), cwd=project_folder)
    assert result.code == 1, result.err
    assert f"✓ mash.docx: a record of {SEED_SLUG}" in result.out
    assert "macro.docm: refused: holds macros" in result.err
    assert "mash.docx (answer.2): held back: a name, 'Mrs Hill'" in result.err
    assert "Wrote reports/returns.csv" in result.out
    assert "Wrote reports/impact.pdf" in result.out
    assert "2 files: 1 read, 1 refused." in result.out
    assert (project_folder / "reports" / "actions.csv").is_file()
    (returns / "macro.docm").unlink()
    config = project_folder / "briefgen.yaml"
    config.write_text(
        config.read_text()
        + "collect:\n  acknowledge:\n    - file: mash.docx\n      field: answer.2\n"
        + "      text: Mrs Hill\n      reason: The nursery manager, named with her agreement.\n"
    )
    again = run_briefgen("collect", str(returns), cwd=project_folder)
    assert again.code == 0, again.err
    assert "held back" not in again.err


def test_collect_names_a_folder_that_is_not_one(project_folder: Path) -> None:
    result = run_briefgen("collect", "no-such-folder", cwd=project_folder)
    assert result.code == 1
    assert "error: no-such-folder is not a folder" in result.err
    assert "fix: name the folder that holds the returned discussion records" in result.err
