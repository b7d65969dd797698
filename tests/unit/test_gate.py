"""The one gate for a project's files (briefgen.gate).

A project folder comes from people, cloned repositories included, and nothing in it is
trusted: content, settings, templates, layouts, fonts, images, even output/ and its
manifest. Each test here is an attack such a project can make, or the rule that no
module but the gate opens a file.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import yaml

import briefgen
from briefgen.content.config import load_project
from briefgen.errors import ContentError, Mistake, UsageError
from briefgen.gate import FONT, TEMPLATE, read_bytes
from briefgen.outcomes import Options
from briefgen.paths import TEMPORARY_PREFIX, builtin_theme
from briefgen.pipeline import build, check
from briefgen.publish.incremental import MANIFEST_NAME, Manifest
from tests.support.canary import OPENED
from tests.support.files import link, outside_file, sparse_file
from tests.support.project import (
    SECOND,
    SECOND_SLUG,
    SEED,
    SEED_SLUG,
    Runner,
    copy_example,
    run_briefgen,
)
from tests.support.text import seed_data, write_briefing

SECRET = "Outside-the-project-canary-7f3a"
PACKAGE = Path(briefgen.__file__).parent


def published_text(output: Path) -> str:
    if not output.exists():
        return ""
    return "".join(
        path.read_bytes().decode(errors="replace") for path in output.rglob("*") if path.is_file()
    )


def failure_texts(report: Any) -> str:
    return " ".join(str(outcome.error) + repr(outcome.error) for outcome in report.failed)


# --- Reads: fonts, images, templates, settings ---------------------------------------------


@pytest.mark.parametrize("target", ["/proc/self/pagemap", "a 1.5 GB file outside the project"])
def test_a_font_linked_out_of_the_project_is_never_read(tmp_path: Path, target: str) -> None:
    """A font of templates/fonts/ was read whole wherever its link pointed: 1.5 GB of memory
    for a 1.5 GB file, and an internal error for /proc/self/pagemap."""
    folder = copy_example(tmp_path / "project")
    if target.startswith("/"):
        pointed = Path(target)
    else:
        pointed = sparse_file(tmp_path / "outside" / "huge.ttf", 1_500_000_000, b"\0\1\0\0")
    font = link(folder / "templates" / "fonts" / "Extra-Regular.ttf", pointed)
    OPENED.clear()
    report = check(load_project(folder))
    assert not report.failed, failure_texts(report)
    assert [path for path in OPENED if path in (str(font), str(pointed))] == []


def test_a_font_larger_than_a_font_is_refused_unread(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project")
    sparse_file(folder / "templates" / "fonts" / "BriefgenSans-Regular.ttf", 100_000_000, b"true")
    report = build(load_project(folder))
    [failed] = report.failed
    assert isinstance(failed.error, Mistake)
    assert (
        "the font file templates/fonts/BriefgenSans-Regular.ttf is 100 MB; a font file is at "
        "most 32 MB" in failed.error.message
    )


@pytest.mark.slow
def test_an_image_a_template_asks_for_is_refused_past_an_images_size(tmp_path: Path) -> None:
    """WeasyPrint's URL fetcher read any file of the project whole."""
    folder = copy_example(tmp_path / "project")
    sparse_file(folder / "pictures" / "big.png", 50_000_000, b"\x89PNG\r\n\x1a\n")
    override = folder / "templates" / "blocks" / "key_message.html.j2"
    override.parent.mkdir(parents=True)
    override.write_text('<p>Key</p>\n<img src="pictures/big.png" alt="">\n')
    report = build(load_project(folder))
    [failed] = report.failed
    assert isinstance(failed.error, Mistake)
    assert "pictures/big.png: it is 50 MB; an image is at most 10 MB" in failed.error.message
    assert "templates/blocks/key_message.html.j2, line 2" in failed.error.message


def test_a_template_larger_than_a_template_is_refused(tmp_path: Path) -> None:
    """Jinja's loader read a template of any size whole."""
    folder = copy_example(tmp_path / "project")
    override = folder / "templates" / "blocks" / "key_message.html.j2"
    override.parent.mkdir(parents=True)
    override.write_text("<p>{{ block.data.html }}</p>{# " + "x" * 5_000_000 + " #}\n")
    report = build(load_project(folder))
    [failed] = report.failed
    assert isinstance(failed.error, Mistake)
    assert failed.error.message == (
        "the template templates/blocks/key_message.html.j2 is 5.0 MB; a template is at most 1.0 MB"
    )


def test_settings_linked_out_of_the_project_are_refused_unquoted(tmp_path: Path) -> None:
    """briefgen.yaml as a link to someone's credentials: its values were quoted in errors."""
    folder = copy_example(tmp_path / "project")
    creds = outside_file(tmp_path, "creds.yaml", f"api_token: {SECRET}\n".encode())
    link(folder / "briefgen.yaml", creds)
    with pytest.raises(Mistake) as refused:
        load_project(folder)
    assert refused.value.message == (
        f"the settings file briefgen.yaml is a link to {creds}, outside the project"
    )
    assert SECRET not in str(refused.value) + refused.value.fix


def test_a_read_refuses_a_name_that_is_a_link_out_either_way(
    tmp_path: Path, link_guard: str
) -> None:
    """With O_NOFOLLOW, and as on Windows, where the name is looked at beside the open."""
    folder = copy_example(tmp_path / "project")
    target = outside_file(tmp_path, "x.ttf", b"true")
    font = link(folder / "templates" / "fonts" / "X.ttf", target)
    with pytest.raises(Mistake, match=rf"is a link to {re.escape(str(target))}, outside the"):
        read_bytes(font, FONT)
    inside = folder / "templates" / "x.html.j2"
    inside.write_text("fine")
    assert read_bytes(inside, TEMPLATE) == b"fine"


# --- Layouts: named, never a path -----------------------------------------------------------


def secret_layout(folder: Path) -> Path:
    """A layout-shaped file outside the project, whose heading would be published."""
    data = {
        "name": "creds",
        "sections": [{"name": "s", "heading": SECRET, "parts": ["introduction"]}],
    }
    return outside_file(folder, "creds.yaml", yaml.safe_dump(data).encode())


@pytest.mark.parametrize("name", ["../../../outside/creds", "{outside}/creds", "{from_theme}"])
def test_a_layout_named_by_a_path_is_refused_at_its_line(tmp_path: Path, name: str) -> None:
    """`layout: ../../../../elsewhere/creds` read any YAML file on the disk, quoted its
    values in errors, and published its headings: from the project's layouts, or the
    theme's."""
    folder = copy_example(tmp_path / "project", content=False)
    creds = secret_layout(tmp_path)
    (folder / "templates" / "layouts").mkdir(parents=True)
    data = seed_data()
    from_theme = os.path.relpath(creds.with_suffix(""), builtin_theme() / "layouts")
    data["layout"] = name.format(outside=creds.parent, from_theme=from_theme)
    source = write_briefing(folder, "pathed", data)
    project = load_project(folder)
    report = build(project)
    [failed] = report.failed
    assert isinstance(failed.error, ContentError), failed.error
    [problem] = [p for p in failed.error.problems if p.field == "layout"]
    line = next(
        n for n, text in enumerate(source.read_text().splitlines(), 1) if '"layout"' in text
    )
    assert problem.line == line
    assert "there is no layout called" in problem.message
    assert "a layout is named, not a path" in problem.fix
    assert "'audit summary'" in problem.fix
    assert SECRET not in failure_texts(report) + published_text(project.output)


def test_a_layout_file_linked_out_of_the_project_is_refused(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    creds = secret_layout(tmp_path)
    link(folder / "templates" / "layouts" / "creds.yaml", creds)
    data = seed_data()
    data["layout"] = "creds"
    write_briefing(folder, "linked", data)
    project = load_project(folder)
    report = build(project)
    [failed] = report.failed
    assert isinstance(failed.error, Mistake), failed.error
    assert failed.error.message == (
        f"the layout templates/layouts/creds.yaml is a link to {creds}, outside the project"
    )
    assert SECRET not in failure_texts(report) + published_text(project.output)


# --- The output folder ----------------------------------------------------------------------


def other_project(tmp_path: Path) -> Path:
    """Another project, built: its output folder holds its own briefing."""
    other = copy_example(tmp_path / "other", content=False)
    shutil.copy(SECOND, other / "content" / SECOND.name)
    assert not build(load_project(other)).failed
    return other / "output"


@pytest.mark.slow
def test_an_output_folder_that_is_a_link_is_refused(tmp_path: Path, briefgen_main: Runner) -> None:
    """output/ as a link to another project's output folder: a build wrote there, and
    withdrew that project's briefings, although -o refused that very folder."""
    theirs = other_project(tmp_path)
    before = published_text(theirs)
    folder = copy_example(tmp_path / "project")
    link(folder / "output", theirs)
    run = briefgen_main("build", "-C", folder)
    assert run.code == 1
    assert f"cannot write the outputs into output: it is a link to {theirs}" in run.err
    assert published_text(theirs) == before
    assert (theirs / SECOND_SLUG / f"{SECOND_SLUG}.pdf").is_file()


@pytest.mark.slow
def test_an_output_folder_named_by_a_link_is_refused(tmp_path: Path, briefgen_main: Runner) -> None:
    theirs = other_project(tmp_path)
    folder = copy_example(tmp_path / "project")
    given = link(tmp_path / "public", theirs)
    run = briefgen_main("build", "-C", folder, "-o", given)
    assert run.code == UsageError.exit_code
    assert f"cannot write the outputs into {given}: it is a link to {theirs}" in run.err
    assert (theirs / SECOND_SLUG / f"{SECOND_SLUG}.pdf").is_file()


@pytest.mark.parametrize("inside", ["templates/out", "content/out"])
def test_an_output_folder_among_the_inputs_is_refused(
    project_folder: Path, briefgen_main: Runner, inside: str
) -> None:
    run = briefgen_main("build", "-C", project_folder, "-o", project_folder / inside)
    assert run.code == UsageError.exit_code
    assert "that folder is among the project's briefings or templates" in run.err
    assert not (project_folder / inside / "index.html").exists()


# --- The manifest -----------------------------------------------------------------------------


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """The example project with the seed, built once."""
    folder = copy_example(tmp_path / "project")
    assert not build(load_project(folder)).failed
    return folder


def edit_manifest(folder: Path, change: Any) -> None:
    path = folder / "output" / MANIFEST_NAME
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


@pytest.mark.slow
def test_manifest_keys_that_are_paths_remove_nothing_there(built: Path, tmp_path: Path) -> None:
    """Entry keys `/abs` or `../..` had the build sweep `.briefgen-tmp-*` files there."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    theirs = elsewhere / f"{TEMPORARY_PREFIX}k3_9x0qa"
    theirs.write_text("someone's file of that name")
    beside = built / "output" / ".." / ".." / "elsewhere"

    def add_keys(data: dict[str, Any]) -> None:
        entry = data["entries"][SEED_SLUG]
        data["entries"][str(elsewhere)] = entry
        data["entries"][str(beside.relative_to(built / "output"))] = entry

    edit_manifest(built, add_keys)
    assert not build(load_project(built)).failed
    assert theirs.read_text() == "someone's file of that name"


WRONG_TYPES = {
    "entries a list": lambda data: data.update(entries=[]),
    "outputs a list": lambda data: data["entries"][SEED_SLUG].update(outputs=[]),
    "a size as text": lambda data: data["entries"][SEED_SLUG]["outputs"].update(
        {f"{SEED_SLUG}.pdf": "big"}
    ),
    "a warning of other fields": lambda data: data["entries"][SEED_SLUG].update(
        warnings=[{"file": 1, "colour": "red"}]
    ),
    "a listing without a title": lambda data: data["entries"][SEED_SLUG]["listing"].pop("title"),
    "notices a number": lambda data: data.update(notices=7),
    "a logo as a list": lambda data: data.update(logo=["assets", "logo.svg"]),
}


@pytest.mark.parametrize("change", list(WRONG_TYPES))
@pytest.mark.slow
def test_a_manifest_of_wrong_types_is_set_aside_with_a_notice(
    built: Path, briefgen_main: Runner, change: str
) -> None:
    """Valid JSON of the wrong types gave a raw traceback on every later build, even with
    --force. A build with nothing to do reads only part of it (without pydantic): what it
    does not read waits for the next build that runs, which sets the manifest aside."""
    edit_manifest(built, WRONG_TYPES[change])
    runs = [briefgen_main("build", "-C", built), briefgen_main("build", "-C", built, "--force")]
    assert [run.code for run in runs] == [0, 0], [run.err for run in runs]
    told = [run.err.count(f"output/{MANIFEST_NAME} was not as a build writes it") for run in runs]
    assert sorted(told) == [0, 1], told
    assert f"{SEED_SLUG}.yaml (2 pages)" in runs[told.index(1)].out  # built, not unchanged
    assert Manifest.load(built / "output").set_aside is None  # written afresh
    again = briefgen_main("build", "-C", built)
    assert "unchanged" in again.out
    assert "was not as a build writes it" not in again.err


@pytest.mark.parametrize("kind", ["a named pipe", "a link to /dev/zero"])
@pytest.mark.slow
def test_a_manifest_that_is_no_file_is_set_aside(built: Path, kind: str) -> None:
    """A build waited for ever on a manifest that was a named pipe."""
    manifest = built / "output" / MANIFEST_NAME
    manifest.unlink()
    if kind == "a named pipe":
        os.mkfifo(manifest)
    else:
        manifest.symlink_to("/dev/zero")
    run = run_briefgen("build", "-j", "1", cwd=built, timeout=60)
    assert run.code == 0, run.err
    assert f"output/{MANIFEST_NAME} was not as a build writes it" in run.err
    assert manifest.is_file()
    assert not manifest.is_symlink()


@pytest.mark.slow
def test_a_withdrawal_removes_only_files_a_build_writes(built: Path) -> None:
    """A manifest that lists a file the build never writes (the comms team's notes) for a
    briefing whose file is gone: withdrawing it removed that file too."""
    folder = built / "output" / "old-audit"
    folder.mkdir()
    (folder / "notes.txt").write_text("the comms team's notes")
    (folder / "index.html").write_text("<p>old</p>")

    def list_notes(data: dict[str, Any]) -> None:
        entry = dict(data["entries"][SEED_SLUG])
        entry["outputs"] = {"notes.txt": 22, "index.html": 10}
        data["entries"]["old-audit"] = entry

    edit_manifest(built, list_notes)
    report = build(load_project(built))
    assert not report.failed
    assert (folder / "notes.txt").read_text() == "the comms team's notes"


@pytest.mark.slow
def test_what_a_manifest_says_reaches_the_terminal_escaped(
    built: Path, briefgen_main: Runner
) -> None:
    """A build with nothing to do tells the manifest's notices and warnings again."""

    def add_escapes(data: dict[str, Any]) -> None:
        data["notices"] = ["\x1b]0;owned\x07\x1b[2J a notice"]
        data["entries"][SEED_SLUG]["warnings"] = [
            {"file": "content/x.yaml", "message": "\x1b[31mred", "fix": "", "severity": "warning"}
        ]

    edit_manifest(built, add_escapes)
    run = briefgen_main("build", "-C", built)
    assert "unchanged" in run.out
    assert "\x1b" not in run.err
    assert r"\x1b[2J a notice" in run.err
    assert r"\x1b[31mred" in run.err


# --- Two files, one briefing ------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.slow
def test_two_sources_of_one_name_both_fail_every_time(tmp_path: Path, jobs: str) -> None:
    """content/a.yaml and content/a.yml both built into output/a/: which won changed from run
    to run with -j 2, and the feed listed the briefing twice under one id."""
    folder = copy_example(tmp_path / "project")
    shutil.copy(SECOND, folder / "content" / SECOND.name)
    yml = folder / "content" / f"{SEED_SLUG}.yml"
    data = seed_data()
    data["title"] = "Another title"
    yml.write_text(yaml.safe_dump(data, allow_unicode=True))
    for _ in range(2):
        run = run_briefgen("build", "-j", jobs, cwd=folder)
        assert run.code == 1, run.err
        for first, second in ((".yaml", ".yml"), (".yml", ".yaml")):
            assert (
                f"error: content/{SEED_SLUG}{first} and content/{SEED_SLUG}{second} are two "
                f"files of one briefing, {SEED_SLUG}"
            ) in run.err
        assert "1 of 3 briefings built; 2 have errors" in run.err
        assert not (folder / "output" / SEED_SLUG).exists()
        assert (folder / "output" / SECOND_SLUG / f"{SECOND_SLUG}.pdf").is_file()


# --- briefgen new ------------------------------------------------------------------------------


def test_new_writes_no_starter_through_a_content_folder_linked_out(
    empty_project: Path, tmp_path: Path, briefgen_main: Runner
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(empty_project / "content")
    link(empty_project / "content", elsewhere)
    run = briefgen_main("new", "demo", "-C", empty_project)
    assert run.code == 1
    assert f"the folder content is a link to {elsewhere}, outside the project" in run.err
    assert list(elsewhere.iterdir()) == []


# --- No module but the gate opens a file -----------------------------------------------------

OPENERS = {"open", "read_text", "read_bytes", "write_text", "write_bytes"}
FILE_MODULES = {"shutil", "tempfile"}  # every function of theirs makes, copies or moves files


def opens(source: str) -> list[str]:
    """The calls of a module that open a file by its path, outside the gate: `open`, a
    Path's `open`, `read_text`, `read_bytes`, `write_text` or `write_bytes`, `os.open`, and
    anything of `shutil` or `tempfile`.

    Two reads stay allowed, as they read no file by a path anyone gave: a library's `open`
    of bytes in memory (`Image.open(io.BytesIO(data))`), and `read_text` of what
    `importlib.resources.files()` gives (briefgen's own packaged starters)."""
    tree = ast.parse(source)
    resources = _imported_from(tree, "importlib.resources")
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            found += [f"line {node.lineno}: import of {name}" for name in _file_modules(node)]
        elif isinstance(node, ast.Call) and _opens(node, resources):
            found.append(f"line {node.lineno}: {ast.unparse(node.func)}")
    return found


def _file_modules(node: ast.Import | ast.ImportFrom) -> list[str]:
    """The modules of FILE_MODULES an import names."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        names = [node.module or ""]
    return [name for name in names if name.split(".")[0] in FILE_MODULES]


def _imported_from(tree: ast.Module, module: str) -> set[str]:
    """The names a module binds to what it imports from `module` (`files as package_files`)."""
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == module
        for alias in node.names
    }


def _opens(call: ast.Call, resources: set[str]) -> bool:
    function = call.func
    if isinstance(function, ast.Name):
        return function.id == "open"
    if not isinstance(function, ast.Attribute) or function.attr not in OPENERS:
        return False
    if function.attr == "open" and call.args and _in_memory(call.args[0]):
        return False
    return not _from_resources(function.value, resources)


def _in_memory(node: ast.expr) -> bool:
    """`io.BytesIO(...)` or `io.StringIO(...)`: a stream of bytes already read."""
    return isinstance(node, ast.Call) and ast.unparse(node.func) in ("io.BytesIO", "io.StringIO")


def _from_resources(node: ast.expr, resources: set[str]) -> bool:
    """Whether `node` is built on a call of importlib.resources (`files("briefgen")...`)."""
    return any(
        isinstance(part, ast.Call) and ast.unparse(part.func) in resources
        for part in ast.walk(node)
    )


def test_no_module_but_the_gate_opens_a_file() -> None:
    found = {
        str(module.relative_to(PACKAGE)): calls
        for module in sorted(PACKAGE.rglob("*.py"))
        if module != PACKAGE / "gate.py" and (calls := opens(module.read_text(encoding="utf-8")))
    }
    assert found == {}, "read and write project files through briefgen.gate"


SAMPLES = {
    "open(path)": True,
    "path.open('rb')": True,
    "Path(name).read_text(encoding='utf-8')": True,
    "(folder / name).read_bytes()": True,
    "path.write_text(text)": True,
    "target.write_bytes(data)": True,
    "os.open(path, os.O_RDONLY)": True,
    "io.open(path)": True,
    "Image.open(path)": True,
    "Image.open(io.BytesIO(data))": False,
    "read_text(path, TEMPLATE)": False,  # the gate's own function, imported
    "package_files('briefgen').joinpath('starter.yaml').read_text()": False,
    "json.loads(text)": False,
}


@pytest.mark.parametrize("call", list(SAMPLES))
def test_the_rule_sees_each_way_of_opening_a_file(call: str) -> None:
    source = f"from importlib.resources import files as package_files\nx = {call}\n"
    assert bool(opens(source)) == SAMPLES[call]


@pytest.mark.parametrize("module", ["shutil", "tempfile"])
def test_the_rule_sees_a_module_that_makes_files(module: str) -> None:
    assert opens(f"import {module}\n") == [f"line 1: import of {module}"]
    assert opens(f"from {module} import copy\n") == [f"line 1: import of {module}"]


# --- And none does, as a build runs -------------------------------------------------------------


def briefgen_caller(frame: FrameType | None) -> Path | None:
    """The innermost module of briefgen's own in a stack, if any."""
    while frame is not None:
        file = Path(frame.f_code.co_filename)
        if file.is_relative_to(PACKAGE):
            return file
        frame = frame.f_back
    return None


@dataclass
class OpenWatch:
    """Every file opened in a folder while `watching` it, with the module of briefgen's
    that opened it (None for an open no code of briefgen's made)."""

    folder: str = ""
    opened: list[tuple[str, Path | None]] = field(default_factory=list)

    def audit(self, event: str, arguments: tuple[Any, ...]) -> None:
        if self.folder and event == "open" and isinstance(arguments[0], str | Path):
            path = str(Path(arguments[0]).absolute())
            if path.startswith(self.folder):
                self.opened.append((path, briefgen_caller(sys._getframe(1))))

    @contextmanager
    def watching(self, folder: Path) -> Iterator[None]:
        self.folder = str(folder)
        try:
            yield
        finally:
            self.folder = ""


@pytest.fixture
def open_watch() -> OpenWatch:
    """An audit hook for the test (one cannot be removed: it stops watching at the end)."""
    watch = OpenWatch()
    sys.addaudithook(watch.audit)
    return watch


@pytest.mark.slow
def test_a_build_opens_the_projects_files_only_through_the_gate(
    tmp_path: Path, open_watch: OpenWatch
) -> None:
    """The same rule, watched as it runs: every file of the project (content, settings,
    templates, layouts, fonts, the logo, the output folder, its manifest) that a build and
    a rebuild open is opened by the gate, with the engine in this process."""
    folder = copy_example(tmp_path / "project", examples=True)
    shutil.copytree(builtin_theme() / "fonts", folder / "templates" / "fonts")
    shutil.copytree(builtin_theme() / "layouts", folder / "templates" / "layouts")
    seed = folder / "content" / SEED.name
    with open_watch.watching(folder):
        project = load_project(folder)
        assert not build(project, options=Options(jobs=1)).failed
    seed.write_text(seed.read_text().replace("Remember", "Recall"))
    with open_watch.watching(folder):
        assert not build(load_project(folder), options=Options(jobs=1)).failed
    opened = {Path(path).relative_to(folder).parts[0] for path, _ in open_watch.opened}
    assert opened == {"briefgen.yaml", "content", "templates", "assets", "output"}
    assert {caller for _, caller in open_watch.opened} == {PACKAGE / "gate.py"}


# --- A folder named by the user: the returned records ---------------------------------------


def test_files_in_lists_every_file_sorted_and_never_walks_a_link_to_a_folder(
    tmp_path: Path,
) -> None:
    from briefgen.gate import files_in  # noqa: PLC0415 (with the rest of this section)

    folder = tmp_path / "records"
    (folder / "b" / "c").mkdir(parents=True)
    for name in ("z.docx", "a.docx", "b/one.docx", "b/c/two.docx"):
        (folder / name).write_bytes(b"x")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "private.docx").write_bytes(b"x")
    (folder / "out").symlink_to(elsewhere, target_is_directory=True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    found = list(files_in(folder))
    listed = [item.path.relative_to(folder).as_posix() for item in found]
    assert listed == ["a.docx", "b/c/two.docx", "b/one.docx", "loop", "out", "z.docx"]
    refused = {item.path.name: item.refused for item in found if item.refused}
    assert set(refused) == {"loop", "out"}
    assert all("a link to a folder" in why.reason for why in refused.values() if why)


def test_files_in_stops_at_its_bounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefgen import gate  # noqa: PLC0415

    deep = tmp_path.joinpath(*["d"] * (gate.DEEPEST + 2))
    deep.mkdir(parents=True)
    (deep / "deep.docx").write_bytes(b"x")
    [found] = list(gate.files_in(tmp_path))
    assert found.refused is not None
    assert f"more than {gate.DEEPEST} folders deep" in found.refused.reason
    monkeypatch.setattr(gate, "MOST_FILES", 3)
    wide = tmp_path / "wide"
    wide.mkdir()
    for number in range(10):
        (wide / f"{number}.docx").write_bytes(b"x")
    [found] = list(gate.files_in(wide))
    assert found.refused is not None
    assert "holds more than 3 files" in found.refused.reason


def test_a_file_outside_the_folder_of_records_is_refused_in_its_words(tmp_path: Path) -> None:
    from briefgen.gate import RECORD, Refused, fetch_bytes  # noqa: PLC0415

    folder = tmp_path / "records"
    folder.mkdir()
    (tmp_path / "secret.docx").write_bytes(b"x")
    (folder / "record.docx").symlink_to(tmp_path / "secret.docx")
    with pytest.raises(Refused, match="outside the folder of records: not followed"):
        fetch_bytes(folder / "record.docx", RECORD, [folder], area="the folder of records")
    (folder / "big.docx").write_bytes(b"x" * (RECORD.limit + 1))
    with pytest.raises(Refused, match="a returned record is at most 20 MB"):
        fetch_bytes(folder / "big.docx", RECORD, [folder], area="the folder of records")
