"""Where briefgen may read and write: files by their real path, the output folder, names."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

import briefgen
from briefgen.content.config import Project, load_project
from briefgen.errors import Mistake
from briefgen.gate import write_atomically
from briefgen.paths import (
    CONTENT_FOLDER,
    LOCK_NAME,
    MANIFEST_NAME,
    MAX_NAME,
    OUTPUT_FOLDER,
    TEMPLATES_FOLDER,
    builtin_theme,
    file_names,
    folder_names,
    output_folder,
    shown_path,
    slug_of_file,
    twin_of,
    version_of,
    versions_of,
)
from briefgen.pipeline import build
from tests.support.project import SEED, SEED_SLUG, Runner, copy_example, run_briefgen
from tests.support.text import html_text

SECRET = "Outside-the-project-canary"


def outside_copy(tmp_path: Path, name: str, data: bytes) -> Path:
    """A file outside the project, which no output may carry."""
    path = tmp_path / "outside" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def link(path: Path, target: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.symlink_to(target)
    return path


def theme_file(name: str) -> bytes:
    return (builtin_theme() / name).read_bytes()


def build_error(project: Project) -> Mistake:
    """The error of the build's one briefing, or of the index (whose templates are shared)."""
    try:
        report = build(project)
    except Mistake as raised:
        return raised
    error = report.outcomes[0].error
    assert isinstance(error, Mistake), error
    return error


def published_text(output: Path) -> str:
    return "".join(path.read_text(errors="replace") for path in output.rglob("*") if path.is_file())


# What a project's templates/ may hold as a link out, and what the link's file holds: the
# theme's own bytes (so that only the link, not the content, is wrong) or a canary.
THEME_LINKS = {
    "template": ("blocks/key_message.html.j2", f"<p>{SECRET}</p>".encode()),
    "icon": ("icons/tick.svg", f"<svg><title>{SECRET}</title></svg>".encode()),
    "style sheet": ("css/web.css", f".x::after {{ content: '{SECRET}' }}".encode()),
    "font": ("fonts/BriefgenSans-Regular.ttf", theme_file("fonts/BriefgenSans-Regular.ttf")),
    "web font": (
        "fonts/BriefgenSans-Regular.woff2",
        theme_file("fonts/BriefgenSans-Regular.woff2"),
    ),
}


@pytest.mark.parametrize("kind", THEME_LINKS)
@pytest.mark.slow
def test_a_theme_file_linked_from_outside_the_project_is_refused(tmp_path: Path, kind: str) -> None:
    folder = copy_example(tmp_path / "project")
    name, data = THEME_LINKS[kind]
    target = outside_copy(tmp_path, Path(name).name, data)
    link(folder / "templates" / name, target)
    project = load_project(folder)
    error = build_error(project)
    assert f"templates/{name} is a link to {target}, outside the project" in error.message
    assert SECRET not in published_text(project.output)
    assert not (project.output / SEED_SLUG).exists()


def test_a_briefing_linked_from_outside_the_project_is_refused(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    target = outside_copy(tmp_path, "elsewhere.yaml", SEED.read_bytes())
    link(folder / "content" / f"{SEED_SLUG}.yaml", target)
    project = load_project(folder)
    error = build_error(project)
    assert error.message == (
        f"the briefing content/{SEED_SLUG}.yaml is a link to {target}, outside the project"
    )
    assert not (project.output / SEED_SLUG).exists()


@pytest.mark.slow
def test_a_briefing_named_outside_the_project_is_refused(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    target = outside_copy(tmp_path, "elsewhere.yaml", SEED.read_bytes())
    report = build(load_project(folder), [target])
    error = report.outcomes[0].error
    assert isinstance(error, Mistake), error
    assert error.message == f"the briefing {target} is outside the project"


def test_a_logo_linked_from_outside_the_project_is_refused(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project")
    target = outside_copy(tmp_path, "logo.svg", (folder / "assets" / "logo.svg").read_bytes())
    link(folder / "assets" / "logo.svg", target)
    project = load_project(folder)
    error = build_error(project)
    assert f"the logo assets/logo.svg is a link to {target}, outside the project" in error.message


@pytest.mark.slow
def test_a_file_the_print_style_asks_for_through_a_link_out_is_refused(tmp_path: Path) -> None:
    """The PDF's URL fetcher compares real paths: a link inside the project that points out
    of it is refused, and the message says where it points."""
    folder = copy_example(tmp_path / "project")
    target = outside_copy(tmp_path, "picture.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    link(folder / "pictures" / "picture.svg", target)
    override = folder / "templates" / "blocks" / "key_message.html.j2"
    override.parent.mkdir(parents=True)
    override.write_text('<img src="pictures/picture.svg" alt="">')
    error = build_error(load_project(folder))
    assert f"it is a link to {target}, outside the project" in error.message


@pytest.mark.slow
def test_links_inside_the_project_still_work(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    drafts = folder / "drafts"
    drafts.mkdir()
    shutil.copy(SEED, drafts / "seed.yaml")
    link(folder / "content" / f"{SEED_SLUG}.yaml", Path("../drafts/seed.yaml"))
    (drafts / "key-message.html.j2").write_text("<p>{{ block.data.html }} (linked)</p>")
    link(
        folder / "templates" / "blocks" / "key_message.html.j2",
        Path("../../drafts/key-message.html.j2"),
    )
    shutil.move(folder / "assets" / "logo.svg", drafts / "logo.svg")
    link(folder / "assets" / "logo.svg", Path("../drafts/logo.svg"))
    project = load_project(folder)
    report = build(project)
    assert not report.failed, [outcome.error for outcome in report.failed]
    assert report.outcomes[0].source == Path(f"content/{SEED_SLUG}.yaml")
    assert "(linked)" in html_text(project.output / SEED_SLUG / "index.html")


# --- The output folder ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("..", "that folder holds the project"),
        ("/", "that is the top of the disk"),
        (".", "that is the project folder"),
        ("foreign", "that folder already holds files briefgen did not write"),
    ],
)
@pytest.mark.slow
def test_an_output_folder_that_is_not_briefgens_is_refused(
    tmp_path: Path, given: str, problem: str
) -> None:
    folder = copy_example(tmp_path / "project")
    (folder / "foreign").mkdir()
    (folder / "foreign" / "index.html").write_text("the partnership's own page")
    (tmp_path / "index.html").write_text("the parent's own page")
    run = run_briefgen("build", "-o", given, cwd=folder)
    assert run.code == 2, run.err
    assert f"error: cannot write the outputs into {given}: {problem}" in run.err
    assert "fix: choose a folder of its own for the outputs" in run.err
    assert (tmp_path / "index.html").read_text() == "the parent's own page"
    assert (folder / "foreign" / "index.html").read_text() == "the partnership's own page"
    assert not (folder / "index.html").exists()
    assert not Path("/index.html").exists()


@pytest.mark.slow
def test_an_earlier_builds_or_an_empty_output_folder_is_accepted(
    project_folder: Path, tmp_path: Path, briefgen_main: Runner
) -> None:
    public = tmp_path / "public"
    public.mkdir()
    assert output_folder(project_folder, public) == public
    assert briefgen_main("build", "-C", project_folder, "-o", public, "-j", "1").code == 0
    assert (public / MANIFEST_NAME).is_file()
    assert output_folder(project_folder, public) == public  # now non-empty, and briefgen's
    assert output_folder(project_folder, tmp_path / "new") == tmp_path / "new"


def test_a_first_build_marks_its_folder_as_briefgens_before_it_ends(tmp_path: Path) -> None:
    """A first build stopped half-way (here: its only briefing fails) leaves a folder the
    next build may still write into."""
    folder = copy_example(tmp_path / "project", content=False)
    (folder / "content" / f"{SEED_SLUG}.yaml").write_text("title: [")
    public = tmp_path / "public"
    build(load_project(folder, public))
    (public / "notes.txt").write_text("left here")
    assert output_folder(folder, public) == public


# --- Names ---------------------------------------------------------------------------------


def test_a_path_is_shown_relative_to_the_project_with_control_characters_escaped(
    tmp_path: Path,
) -> None:
    root = tmp_path / "project"
    name = "\x1b[31mred\u202e.yaml"
    assert shown_path(root / "content" / name, root) == Path(r"content/\x1b[31mred\u202e.yaml")
    assert shown_path(Path("/elsewhere/a\nb"), root) == Path(r"/elsewhere/a\nb")


def test_a_file_name_with_a_terminal_escape_reaches_the_terminal_escaped(
    project_folder: Path, briefgen_main: Runner
) -> None:
    (project_folder / "content" / "\x1b[31mred.yaml").write_text("title: [")
    run = briefgen_main("check", "-C", project_folder, "content/\x1b[31mred.yaml")
    assert run.code == 1
    assert r"\x1b[31mred.yaml" in run.err
    assert "\x1b" not in run.err


@pytest.mark.slow
def test_a_write_error_names_the_output_relative_to_the_project(
    project_folder: Path, briefgen_main: Runner
) -> None:
    (project_folder / "output").mkdir()
    (project_folder / "output" / SEED_SLUG).write_text("a file where a folder goes")
    run = briefgen_main("build", "-C", project_folder)
    assert run.code == 1
    assert f"cannot write output/{SEED_SLUG}: output/{SEED_SLUG} is a file" in run.err
    assert str(project_folder) not in run.err


@pytest.mark.parametrize("name", ["{outside}/abs", "../../x", "sub/dir", "a\n", "x.yaml"])
def test_new_takes_a_name_not_a_path(
    project_folder: Path, tmp_path: Path, briefgen_main: Runner, name: str
) -> None:
    given = name.format(outside=tmp_path / "outside")
    before = sorted(tmp_path.rglob("*"))
    run = briefgen_main("new", given, "-C", project_folder)
    assert run.code == 1
    assert "cannot name a briefing" in run.err
    assert "fix: give a name of lower-case letters, digits and hyphens" in run.err
    assert "not a path" in run.err
    assert sorted(tmp_path.rglob("*")) == before


@pytest.mark.slow
def test_the_lock_file_never_follows_a_link(
    project_folder: Path, tmp_path: Path, link_guard: str
) -> None:
    """With O_NOFOLLOW, and as on Windows, which has none: the link is looked for first."""
    target = tmp_path / "made-by-the-lock"
    link(project_folder / "output" / LOCK_NAME, target)
    project = load_project(project_folder)
    assert not build(project).failed
    assert not target.exists()
    assert not (project.output / LOCK_NAME).is_symlink()


@pytest.mark.slow
def test_a_briefings_output_folder_that_is_a_link_is_replaced(
    project_folder: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write_atomically(elsewhere / "index.html", b"someone else's page")
    link(project_folder / "output" / SEED_SLUG, elsewhere)
    project = load_project(project_folder)
    assert not build(project).failed
    assert sorted(path.name for path in elsewhere.iterdir()) == ["index.html"]
    assert (elsewhere / "index.html").read_bytes() == b"someone else's page"
    folder = project.output / SEED_SLUG
    assert not folder.is_symlink()
    assert (folder / f"{SEED_SLUG}.pdf").is_file()


def test_an_output_folder_linked_to_the_project_is_refused(project_folder: Path) -> None:
    link(project_folder / "output", Path(".."))
    with pytest.raises(Mistake, match="cannot write the outputs into output: that folder"):
        load_project(project_folder)


def test_a_templates_folder_linked_from_outside_the_project_is_refused(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project")
    shared = tmp_path / "shared-theme"
    (shared / "blocks").mkdir(parents=True)
    (shared / "blocks" / "key_message.html.j2").write_text(f"<p>{SECRET}</p>")
    link(folder / "templates", shared)
    project = load_project(folder)
    error = build_error(project)
    assert "templates/blocks/key_message.html.j2 is a link to" in error.message
    assert SECRET not in published_text(project.output)


@pytest.mark.slow
def test_the_project_folders_are_named_only_in_paths() -> None:
    """`content`, `templates` and `output` are joined to a path nowhere but through the
    constants of briefgen.paths: renaming one is a change in one place."""
    names = {CONTENT_FOLDER, TEMPLATES_FOLDER, OUTPUT_FOLDER}
    found = []
    for module in sorted(Path(briefgen.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
                for side in (node.left, node.right):
                    if isinstance(side, ast.Constant) and side.value in names:
                        found.append(f"{module.name}:{node.lineno}: {side.value!r}")
    assert found == []


def test_the_files_a_briefings_text_names_are_found_without_parsing_it() -> None:
    """What a plan hashes with a briefing: each `file:`, in any style YAML allows, and any
    word that ends as an image's name; an extra name is only hashed, never shown."""
    text = """title: Home visits
sections:
  - heading: At home
    blocks:
      - image:
          file: assets/home visit.svg
          alt: A visit
      - image: {file: "assets/a.png", alt: z}
partnership:
  logo: {file: 'logos/board.JPG', alt: Board logo}
picture: &picture assets/c.jpeg
"""
    assert file_names(text) == [
        "assets/a.png",
        "assets/c.jpeg",
        "assets/home visit.svg",
        "logos/board.JPG",
        "visit.svg",
    ]
    assert file_names("title: No pictures\n") == []


@pytest.mark.parametrize(
    "text",
    [
        "a" * 1_000_000,  # a megabyte of a name's letters, with no image's suffix after them
        "file: " + "a" * 1_000_000,
        "file:" + " " * 1_000_000 + "x",
        "x.png " * 200_000,
        ("a" * 500 + ".svg ") * 2_000,
    ],
    ids=["letters", "one long file", "spaces", "many images", "long names"],
)
def test_a_crafted_text_is_read_for_its_files_in_one_pass(text: str) -> None:
    """The plan reads every briefing's text for the files it names before anything else: a
    briefing of a megabyte of letters once took the pattern hours (each letter a new start,
    each start a scan to the end). It now finds what it finds, quickly enough for the
    hostile-file tests that build such briefings to end."""
    names = file_names(text)
    assert all(len(name) <= MAX_NAME + len(".jpeg") for name in names)


# --- A briefing's versions in other languages --------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected", "slug"),
    [
        ("neglect-2025.yaml", ("neglect-2025", None), "neglect-2025"),
        ("neglect-2025.cy.yaml", ("neglect-2025", "cy"), "neglect-2025-cy"),
        ("neglect-2025.en-GB.yml", ("neglect-2025", "en-GB"), "neglect-2025-en-gb"),
        ("neglect-2025.sr-Latn.yaml", ("neglect-2025", "sr-Latn"), "neglect-2025-sr-latn"),
        ("report.v2.yaml", ("report.v2", None), "report.v2"),  # no language: refused later
    ],
)
def test_a_translations_file_name_gives_its_original_and_its_language(
    name: str, expected: tuple[str, str | None], slug: str
) -> None:
    assert version_of(Path(name)) == expected
    assert slug_of_file(Path("content") / name) == slug


def test_every_version_of_a_briefing_is_found_beside_it_the_original_first(
    tmp_path: Path,
) -> None:
    for name in ["a.yaml", "a.cy.yaml", "a.pl.yaml", "ab.cy.yaml", "a-b.yaml", "b.yaml"]:
        (tmp_path / name).write_text("title: x\n")
    expected = ["a.yaml", "a.cy.yaml", "a.pl.yaml"]
    assert [path.name for path in versions_of(tmp_path / "a.pl.yaml")] == expected
    assert [path.name for path in versions_of(tmp_path / "a.yaml")] == expected
    assert [path.name for path in versions_of(tmp_path / "b.yaml")] == ["b.yaml"]


@pytest.mark.parametrize(
    ("first", "second"),
    [("a.yaml", "a.yml"), ("a.cy.yaml", "a-cy.yaml"), ("a.en-GB.yaml", "a-en-gb.yml")],
)
def test_two_files_built_under_one_name_are_twins(tmp_path: Path, first: str, second: str) -> None:
    (tmp_path / first).write_text("title: x\n")
    assert twin_of(tmp_path / first) is None
    (tmp_path / second).write_text("title: x\n")
    assert twin_of(tmp_path / first) == tmp_path / second
    assert twin_of(tmp_path / second) == tmp_path / first
    assert folder_names(tmp_path) == sorted([first, second])
