"""Where a project's files are: found without reading them.

This module imports nothing heavy, so that a rebuild with nothing to do can
answer from file hashes alone (see `briefgen.publish.incremental.Plan`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from briefgen.errors import Mistake, UsageError

CONFIG_NAME = "briefgen.yaml"
# The folders of a project, named here only.
CONTENT_FOLDER = "content"  # the briefings, one YAML file each
SNIPPETS_FOLDER = "snippets"  # in content/: shared text a briefing includes, never built alone
# An include as a briefing's text writes it, `include: snippets/NAME.yaml`, found without
# parsing YAML: what an incremental build hashes with the briefing (briefgen.content.includes).
INCLUDE_WRITTEN = re.compile(r"""include["']?[ \t]*:[ \t]*["']?(snippets/[a-z0-9-]+\.ya?ml)""")
# A `file:` key's value, plain or quoted, in block or flow style (`{file: a.png, alt: ...}`).
# Each pattern does bounded work wherever it starts, so that a crafted text (a megabyte of
# letters, of spaces) is read in linear time: the name is at most a file name's length.
MAX_NAME = 200  # characters: an image block's `file:` is at most this long
FILE_WRITTEN = re.compile(
    r"""\bfile["']?[ \t]{0,20}:[ \t]{0,20}(?P<quote>["']?)"""
    rf"""(?P<name>[^"'\n#,{{}}\[\] \t][^"'\n#,{{}}\[\]]{{0,{MAX_NAME}}}?)(?P=quote)"""
    r"""[ \t]{0,20}(?=$|[,}#\]])""",
    re.MULTILINE,
)
# An image's suffix, found first; its name is read back from it (`file_names`).
IMAGE_SUFFIX = re.compile(r"\.(?:png|jpe?g|svg)\b", re.IGNORECASE)
NAME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-")
TEMPLATES_FOLDER = "templates"  # the project's own templates and fonts, over the theme's
ASSETS_FOLDER = "assets"  # the images briefings show (an image block's file)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")  # what an image block may name
REPORTS_FOLDER = "reports"  # `briefgen collect`'s impact report: internal, never published
REACH_FILE = "reach.json"  # in reports/: each briefing's teams and agencies, counts only
OUTPUT_FOLDER = "output"  # where a build writes, unless --output names another
MANIFEST_NAME = ".briefgen-manifest.json"  # marks an output folder as briefgen's
LOCK_NAME = ".briefgen.lock"
TEMPORARY_PREFIX = ".briefgen-tmp-"
# A briefing's name: its file's name in content/, and its folder's in the output folder.
# A translation's file adds a language's tag to its original's name: `a.cy.yaml`, `a.en-GB.yaml`.
YAML_SUFFIXES = (".yaml", ".yml")
VERSION_NAME = re.compile(r"(?P<name>[^.]+)\.(?P<tag>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\Z")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
MAX_SLUG_LENGTH = 80
PACKAGE_THEME = Path(__file__).parent / TEMPLATES_FOLDER
SOURCE_THEME = Path(__file__).parents[2] / TEMPLATES_FOLDER


def builtin_theme() -> Path:
    """The default theme: inside the installed package, or `templates/` of a source checkout."""
    return PACKAGE_THEME if PACKAGE_THEME.is_dir() else SOURCE_THEME


def theme_folders(root: Path) -> list[Path]:
    """Where templates are looked up, first match wins: the project's own, then the theme."""
    return [folder for folder in (root / TEMPLATES_FOLDER, builtin_theme()) if folder.is_dir()]


def readable_roots(root: Path) -> list[Path]:
    """Where briefgen may read files, by their real path: the project and the built-in theme.
    The project's templates/ is not a root of its own: if it is a link out of the project,
    what it holds is outside."""
    return [root, builtin_theme()]


def find_project_root(start: Path) -> Path:
    """The nearest folder, from `start` upwards, that holds a briefgen.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise Mistake(
        f"no {CONFIG_NAME} found in {escape_controls(str(start))} or any folder above it",
        f"run briefgen inside a project folder (one with {CONFIG_NAME}), or pass --project DIR",
    )


def shown_path(path: Path, root: Path | None = None) -> Path:
    """A path as the user knows it, safe to print: relative to the project where it is
    inside it, with control characters escaped (a file name holding a terminal escape
    code must not reach the terminal raw).

    Symbolic links are not resolved, so a briefing is named by the link the user made,
    not by where it points. Without `root`, the project is the nearest folder above
    `path` that holds a briefgen.yaml.
    """
    absolute = _absolute(path)
    if root is None:
        root = _project_above(absolute)
    shown = absolute
    if root is not None:
        for candidate in (absolute, absolute.parent.resolve() / absolute.name):
            if candidate.is_relative_to(root):
                shown = candidate.relative_to(root)
                break
    return Path(escape_controls(str(shown)))


def _absolute(path: Path) -> Path:
    """`path` made absolute with `..` removed, its symbolic links left as they are."""
    return Path(os.path.normpath(path.absolute()))


def _project_above(path: Path) -> Path | None:
    for folder in path.parents:
        if (folder / CONFIG_NAME).is_file():
            return folder.resolve()
    return None


def escape_controls(text: str) -> str:
    """`text` with every control, format, separator and undecodable character written as an
    escape (`\\x1b`, `\\u202e`): what a terminal would act on, or fail to print, is shown."""
    return "".join(
        char.encode("unicode_escape", "backslashreplace").decode("ascii")
        if unicodedata.category(char) in _UNPRINTABLE
        else char
        for char in text
    )


_UNPRINTABLE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def inside(path: Path, roots: Sequence[Path]) -> bool:
    """Whether `path`, symbolic links resolved, is one of `roots` or lies inside one."""
    real = path.resolve()
    return any(real.is_relative_to(root.resolve()) for root in roots)


def confined(path: Path, roots: Sequence[Path], root: Path, what: str = "the file") -> Path:
    """`path`, if it really lies inside `roots` (the project, and for theme files the theme),
    symbolic links resolved. A file elsewhere, or a link that points elsewhere, would publish
    someone else's file in the outputs: it is refused, naming the file and where it points."""
    if inside(path, roots):
        return path
    shown = shown_path(path, root)
    if any(_absolute(path).is_relative_to(folder) for folder in roots):
        raise Mistake(
            f"{what} {shown} is a link to {shown_path(path.resolve(), root)}, outside the project",
            f"copy the file into the project instead of linking to it, or remove the link {shown}",
        )
    raise Mistake(
        f"{what} {shown} is outside the project",
        f"copy it into the project (briefings go in {CONTENT_FOLDER}/), then name the copy",
    )


def content_sources(root: Path, files: Sequence[Path] = ()) -> list[Path]:
    """The briefing files to work on: those named, or every YAML file in content/."""
    if files:
        return [Path(file) for file in files]
    content = root / CONTENT_FOLDER
    if not content.is_dir():
        raise Mistake(
            f"there is no {CONTENT_FOLDER} folder in {escape_controls(str(root))}",
            f"create {CONTENT_FOLDER}/ and put briefings in it, or start one with "
            "`briefgen new NAME`",
        )
    return sorted([*content.glob("*.yaml"), *content.glob("*.yml")])


def included_names(text: str) -> list[str]:
    """The snippet files a briefing's text includes (`snippets/NAME.yaml`), in order."""
    return list(dict.fromkeys(found[1] for found in INCLUDE_WRITTEN.finditer(text)))


def file_names(text: str) -> list[str]:
    """The files a briefing's text names, as it is written (read without parsing it, as a
    plan reads it): each `file:` value (an image block's, its own partnership's logo) and
    any other word ending as an image's name does (an anchor's value, `&logo
    assets/logo.svg`). More than it shows, at worst: each is only hashed."""
    found = [match["name"].strip() for match in FILE_WRITTEN.finditer(text)]
    for suffix in IMAGE_SUFFIX.finditer(text):
        start = suffix.start()
        first = max(start - MAX_NAME, 0)
        while start > first and text[start - 1] in NAME_CHARACTERS:
            start -= 1
        if start < suffix.start():
            found.append(text[start : suffix.end()])
    return sorted(dict.fromkeys(name for name in found if name))


def version_of(source: Path) -> tuple[str, str | None]:
    """A briefing file's name and, for a translation, the language its name gives:
    `neglect-2025.cy.yaml` is the Welsh version of `neglect-2025.yaml`, ("neglect-2025",
    "cy"); any other file is its own name and no language. The tag is checked to be a
    language the CLDR knows when the file is loaded."""
    found = VERSION_NAME.match(source.stem)
    if found is None:
        return source.stem, None
    return found["name"], found["tag"]


def slug_of_file(source: Path) -> str:
    """The name a briefing is built under (its folder in the outputs, its web address): its
    file's name, and for a translation the language after a hyphen (`neglect-2025-cy`).
    Whether it can name a briefing is checked where it is loaded."""
    name, tag = version_of(source)
    return name if tag is None else f"{name}-{tag.lower()}"


def versions_of(source: Path, names: Sequence[str] | None = None) -> list[Path]:
    """Every version of `source`'s briefing in its folder, itself included, the original
    first then the translations by name: `a.yaml`, `a.cy.yaml`, `a.pl.yaml`. `names` as
    `twin_of`'s."""
    name = version_of(source)[0]
    if names is None:
        names = folder_names(source.parent)
    found = {source.name: source}
    for other in names:
        if other.startswith(name) and version_of(Path(other))[0] == name:
            found.setdefault(other, source.parent / other)
    return sorted(found.values(), key=lambda path: (version_of(path)[1] is not None, path.name))


def twin_of(source: Path, names: Sequence[str] | None = None) -> Path | None:
    """Another file beside `source` that would be built under the same name: `a.yml` for
    `a.yaml`, `a-cy.yaml` for the Welsh version `a.cy.yaml`. Both would be built into one
    output folder, in whichever order a build's workers finish, so neither is built.
    `names` are the folder's file names, where the caller has listed them once for many."""
    if names is None:
        names = folder_names(source.parent)
    slug = slug_of_file(source)
    for name in names:
        if name != source.name and slug_of_file(Path(name)) == slug:
            return source.parent / name
    return None


def folder_names(folder: Path) -> list[str]:
    """The names of the YAML files in a folder (briefings, their translations), sorted."""
    try:
        with os.scandir(folder) as entries:
            return sorted(entry.name for entry in entries if entry.name.endswith(YAML_SUFFIXES))
    except OSError:
        return []


def output_folder(root: Path, output: Path | None = None) -> Path:
    """The folder a build writes into: output/, or the folder `--output` names if it can be
    briefgen's. A build replaces index.html and clears out what it no longer publishes, so
    it may not write into the top of the disk, the project, a folder that holds the
    project, its content/ or templates/, or (when named with --output) a folder of other
    files, one without briefgen's manifest. Nor may either be a link: output/ comes with
    the project, and a link would have the build write, and withdraw briefings, wherever
    it points (another project's output folder)."""
    named = output or root / OUTPUT_FOLDER
    folder = named.resolve()
    problem = _not_for_outputs(root, folder, checked_for_others=output is not None)
    if problem is None and named.is_symlink():
        problem = (
            f"it is a link to {escape_controls(str(folder))}: a build writes into a real folder"
        )
    if problem is None:
        return folder
    wrong = UsageError if output is not None else Mistake  # --output named it: exit code 2
    raise wrong(
        f"cannot write the outputs into {escape_controls(str(output or OUTPUT_FOLDER))}: {problem}",
        "choose a folder of its own for the outputs: a new or empty one, or an earlier build's",
    )


def _not_for_outputs(root: Path, folder: Path, *, checked_for_others: bool) -> str | None:
    """Why `folder` (its real path) cannot take the outputs, or None if it can."""
    inputs = [(root / name).resolve() for name in (CONTENT_FOLDER, TEMPLATES_FOLDER)]
    if folder == Path(folder.anchor):
        return "that is the top of the disk"
    if folder == root:
        return "that is the project folder: the outputs would mix with your briefings"
    if root.is_relative_to(folder):
        return "that folder holds the project: the outputs would mix with other files"
    if any(folder.is_relative_to(place) for place in inputs):
        return "that folder is among the project's briefings or templates, which a build reads"
    if checked_for_others and folder.is_dir() and not _is_briefgens(folder):
        return (
            f"that folder already holds files briefgen did not write (it has no {MANIFEST_NAME}), "
            "and a build would overwrite or mix with them"
        )
    return None


def _is_briefgens(folder: Path) -> bool:
    """Empty, or written by briefgen: its manifest, or only what a first build leaves when
    it is interrupted before the manifest (the lock and temporary files)."""
    if (folder / MANIFEST_NAME).is_file():
        return True
    with os.scandir(folder) as entries:
        return all(
            entry.name == LOCK_NAME or entry.name.startswith(TEMPORARY_PREFIX) for entry in entries
        )


__all__ = [
    "ASSETS_FOLDER",
    "CONFIG_NAME",
    "CONTENT_FOLDER",
    "IMAGE_SUFFIXES",
    "INCLUDE_WRITTEN",
    "LOCK_NAME",
    "MANIFEST_NAME",
    "MAX_SLUG_LENGTH",
    "OUTPUT_FOLDER",
    "REACH_FILE",
    "REPORTS_FOLDER",
    "SLUG",
    "SNIPPETS_FOLDER",
    "TEMPLATES_FOLDER",
    "TEMPORARY_PREFIX",
    "builtin_theme",
    "confined",
    "content_sources",
    "escape_controls",
    "file_names",
    "find_project_root",
    "folder_names",
    "included_names",
    "inside",
    "output_folder",
    "readable_roots",
    "shown_path",
    "slug_of_file",
    "theme_folders",
    "twin_of",
    "version_of",
    "versions_of",
]
