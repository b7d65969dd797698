"""The one gate for a project's files: every read and every write of a project or output
file goes through this module, and no other opens a path.

A project folder comes from people (a colleague's zip, a cloned repository), and so does
everything in it: content, templates, layouts, fonts, the logo, even `output/` and its
manifest. Any of them may be a link to the user's own files, a pipe, a device, or a file
of gigabytes. So:

- **a read** takes a file by its real path, symbolic links resolved, and only if that
  lies inside the project the file is named in or briefgen's built-in theme (`within`
  narrows it: the output folder, for the manifest); only a regular file, opened without
  waiting (a pipe would block for ever, a device never end), and never more bytes than
  the bound of its kind. Another library (WeasyPrint, fontTools, Pillow) is handed the
  bytes read here, never a path;
- **a write** is whole and atomic: the data goes in full to a new temporary file beside
  its target (made with O_EXCL, so never an existing file and never through a link),
  made durable, then renamed over the target, which replaces a link there rather than
  following it. A folder written into that is a link is replaced by a real one.

A refused read is the user's mistake, told in words with a fix (a `ContentError` at its
line for a YAML file of the user's; a `Mistake` for any other); a failed write is this
computer's problem (`EnvironmentProblem`). A file that changes under a read between the
check and the open (a link swapped in) is refused too: the final name is opened with
O_NOFOLLOW (elsewhere, where the system has none, it is compared with what was checked).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefgen import fast_paths
from briefgen.errors import BriefgenError, ContentError, EnvironmentProblem, Mistake, Problem
from briefgen.paths import CONFIG_NAME, CONTENT_FOLDER, TEMPORARY_PREFIX, builtin_theme, shown_path
from briefgen.positions import position_at

# --- Reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A kind of file briefgen reads: how messages name it, and the most bytes it may have."""

    noun: str  # "a briefing file": in "... is 3 MB; a briefing file is at most 1.0 MB"
    what: str  # "the briefing": how a message names one file of this kind
    limit: int  # bytes
    content: bool = False  # YAML of the user's: its refusals are ContentErrors, with a line


# A two-page briefing is a few kilobytes; a font with every script of the world some 20 MB.
BRIEFING = Kind("a briefing file", "the briefing", 1_000_000, content=True)
SETTINGS = Kind("a settings file", "the settings file", 1_000_000, content=True)
LAYOUT = Kind("a layout file", "the layout", 100_000, content=True)
KIND = Kind("a kind of block's declaration", "the declaration", 100_000, content=True)
TEMPLATE = Kind("a template", "the template", 1_000_000)  # style sheets and icons too
FONT = Kind("a font file", "the font file", 32_000_000)
IMAGE = Kind("an image", "the image", 10_000_000)
MANIFEST = Kind("a manifest", "the manifest", 32_000_000)
PUBLISHED = Kind("a published file", "the file", 256_000_000)  # what the preview serves
# A template compiled by Jinja, kept between builds (briefgen.render.template_cache).
COMPILED_TEMPLATE = Kind("a compiled template", "the compiled template", 4_000_000)
# A filled-in record is some 20 KB; one with a photo pasted in a few MB.
RECORD = Kind("a returned record", "the record", 20_000_000)
_BY_SUFFIX = {
    **dict.fromkeys((".ttf", ".otf", ".woff", ".woff2", ".ttc"), FONT),
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"), IMAGE),
    ".yaml": LAYOUT,
}


# Opened without waiting (O_NONBLOCK: a pipe would wait for a writer), never as the
# terminal that controls the process (O_NOCTTY), and, on Windows, as bytes (O_BINARY); each
# where the system has it.
_READING = os.O_RDONLY | sum(
    getattr(os, flag, 0) for flag in ("O_NONBLOCK", "O_NOCTTY", "O_BINARY")
)


def kind_of(path: Path) -> Kind:
    """The kind of a theme file, or of a file a template asks for, told by its name."""
    return _BY_SUFFIX.get(path.suffix.lower(), TEMPLATE)


class Refused(Exception):
    """Why the gate would not read a file. `reason` follows the file's name in a message
    ("is a link to /etc/passwd, outside the project"); `subject` stands in for the name
    where the message is a YAML file's own ("the file", "this")."""

    def __init__(
        self, reason: str, fix: str, *, place: bool = False, subject: str = "the file"
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix
        self.place = place  # refused for where it is, not for what it holds
        self.subject = subject
        self.line: int | None = None
        self.column: int | None = None


def read_bytes(
    path: Path,
    kind: Kind,
    within: Sequence[Path] | None = None,
    *,
    shown: Path | None = None,
    what: str | None = None,
) -> bytes:
    """The file's bytes, if the gate lets it be read; a user's error, in words, if not.

    `within`: the folders its real path must lie in; by default the project it is named
    in (the nearest folder above it with a briefgen.yaml) and the built-in theme.
    `shown` and `what` name it in messages (by default, as the user knows it, and as its
    kind does)."""
    try:
        return fetch_bytes(path, kind, within)
    except Refused as refused:
        raise _explained(refused, path, kind, shown, what) from None


def read_text(
    path: Path,
    kind: Kind,
    within: Sequence[Path] | None = None,
    *,
    shown: Path | None = None,
    what: str | None = None,
) -> str:
    """The file's text (UTF-8, a byte-order mark dropped): `read_bytes`, then decoded."""
    try:
        return _decoded(fetch_bytes(path, kind, within))
    except Refused as refused:
        raise _explained(refused, path, kind, shown, what) from None


def fetch_bytes(
    path: Path, kind: Kind, within: Sequence[Path] | None = None, *, area: str | None = None
) -> bytes:
    """The file's bytes, or `Refused` saying why not: for a caller that words the refusal
    itself (the PDF's URL fetcher names the template that asked). `area` names the folders
    `within` in a refusal ("the folder of records"), where they are not a project."""
    real = _real_path(path)
    roots = [root.resolve() for root in (within or project_roots(path))]
    if not any(real.is_relative_to(root) for root in roots):
        if area is not None:
            raise Refused(
                f"is a link to {shown_path(real, roots[0])}, outside {area}: not followed",
                f"copy the file itself into {area}, or remove the link",
                place=True,
            )
        raise _outside(path, real, roots)
    try:
        descriptor = os.open(real, _READING | _no_follow())
    except OSError as error:
        raise _unreadable(error, kind) from None
    try:
        return _read_open(descriptor, real, kind)
    finally:
        os.close(descriptor)


# A folder of returned records is a few hundred files; a shared drive's whole tree is not one.
MOST_FILES = 20_000
DEEPEST = 16


@dataclass(frozen=True)
class Found:
    """A file met in a folder that `files_in` walks: its path, or why it is not read."""

    path: Path
    refused: Refused | None = None


def files_in(folder: Path) -> Iterator[Found]:
    """Every file in `folder` and its subfolders, sorted by path, never following a link to
    a folder (it is listed, refused, so that nothing goes unsaid); a link to a file is
    listed as a file, for `fetch_bytes(..., within=[folder])` to refuse if it leads out. At
    most `MOST_FILES` files, and `DEEPEST` folders down."""
    found: list[Found] = []
    pending = [(folder, 0)]
    while pending:
        current, depth = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = list(listing)
        except OSError as error:
            found.append(Found(current, _unreadable(error, RECORD)))
            continue
        for entry in entries:
            found.append(_found(entry, depth, pending))
            if len(found) > MOST_FILES:
                fix = "name the folder that holds the records, not one above it"
                many = Refused(f"holds more than {MOST_FILES} files", fix, place=True)
                yield Found(folder, many)
                return
    yield from sorted((item for item in found if item.path != Path()), key=lambda item: item.path)


def _found(entry: os.DirEntry[str], depth: int, pending: list[tuple[Path, int]]) -> Found:
    """A folder's entry: a subfolder to walk (then `Path()`, nothing to list), else a file."""
    path = Path(entry.path)
    if entry.is_dir(follow_symlinks=False):
        if depth + 1 > DEEPEST:
            return Found(path, Refused(f"is more than {DEEPEST} folders deep", "move it up"))
        pending.append((path, depth + 1))
        return Found(Path())
    if entry.is_symlink() and entry.is_dir():
        fix = "copy the folder itself into the folder of records, or remove the link"
        return Found(path, Refused("is a link to a folder, not followed", fix, place=True))
    return Found(path)


def project_roots(path: Path) -> list[Path]:
    """Where a file named `path` may be read from: the project it is named in (the
    nearest folder above it that holds a briefgen.yaml; for a file in none, its own
    folder) and the built-in theme."""
    named = Path(os.path.normpath(path.absolute()))
    project = next(
        (folder for folder in named.parents if (folder / CONFIG_NAME).is_file()), named.parent
    )
    return [project, builtin_theme()]


def _real_path(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
        raise Refused(
            "is a link that leads back to itself",
            "remove the link, and name the file itself",
            place=True,
        ) from None


def _outside(path: Path, real: Path, roots: Sequence[Path]) -> Refused:
    named = Path(os.path.normpath(path.absolute()))
    if named != real and any(named.is_relative_to(root) for root in roots):
        return Refused(
            f"is a link to {shown_path(real, roots[0])}, outside the project",
            f"copy the file into the project instead of linking to it, or remove the link "
            f"{shown_path(path, roots[0])}",
            place=True,
        )
    return Refused(
        "is outside the project",
        f"copy it into the project (briefings go in {CONTENT_FOLDER}/), then name the copy",
        place=True,
    )


def _read_open(descriptor: int, real: Path, kind: Kind) -> bytes:
    """The bytes of an open file: only a regular file of no more than its kind's bound."""
    status = os.fstat(descriptor)
    if stat.S_ISDIR(status.st_mode):
        raise Refused("is a folder, not a file", f"name {kind.noun}", subject="this")
    if not stat.S_ISREG(status.st_mode):
        raise Refused(
            "is not a regular file", f"name {kind.noun}, not a pipe or a device", subject="this"
        )
    if not _no_follow() and not _same_file(real, status):
        raise Refused("changed while it was read", "run the command again", place=True)
    if status.st_size > kind.limit:
        raise _too_large(status.st_size, kind)
    with os.fdopen(os.dup(descriptor), "rb") as handle:
        data = handle.read(kind.limit + 1)
    if len(data) > kind.limit:  # it grew since fstat, or says a size it has not
        raise _too_large(len(data), kind)
    return data


def _same_file(real: Path, opened: os.stat_result) -> bool:
    """Without O_NOFOLLOW: whether the name opened is still the file checked, not a link
    swapped in since."""
    try:
        named = os.lstat(real)
    except OSError:
        return False
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _too_large(size: int, kind: Kind) -> Refused:
    return Refused(
        f"is {_size_text(size)}; {kind.noun} is at most {_size_text(kind.limit)}",
        "check that this is the file you meant, and make it smaller",
    )


def _unreadable(error: OSError, kind: Kind) -> Refused:
    """Why the operating system would not give the file, in words the user can act on."""
    if isinstance(error, FileNotFoundError):
        return Refused("does not exist", "check the name and the folder")
    if isinstance(error, IsADirectoryError):
        return Refused("is a folder, not a file", f"name {kind.noun}", subject="this")
    if isinstance(error, PermissionError):
        return Refused(
            "cannot be read: permission denied",
            "give yourself permission to read it (or ask whoever shared it)",
        )
    if error.errno == errno.ELOOP:  # the name became a link after its real path was found
        return Refused("changed while it was read", "run the command again", place=True)
    return Refused(f"cannot be read: {error.strerror}", "check the disk")


def _decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        refused = Refused(
            "is not UTF-8 text",
            "save it as UTF-8 in your editor (in Word: Save As, Plain Text, UTF-8)",
        )
        # The text before the first byte that is not UTF-8 (after any byte-order mark).
        before = error.object[: error.start].decode("utf-8-sig")
        found_at = position_at(before, len(before))
        refused.line, refused.column = found_at.line, found_at.column
        raise refused from None


def _explained(
    refused: Refused, path: Path, kind: Kind, shown: Path | None, what: str | None
) -> BriefgenError:
    """A refusal as the user's error: at its line for a YAML file of theirs, else a Mistake
    naming the file; where a file is (a link out) is always a Mistake."""
    shown = shown or shown_path(path)
    if kind.content and not refused.place:
        message = f"{refused.subject} {refused.reason}"
        line, column = refused.line, refused.column
        return ContentError([Problem(shown, message, refused.fix, line=line, column=column)])
    where = f"{shown}:{refused.line}:{refused.column}" if refused.line else f"{shown}"
    return Mistake(f"{what or kind.what} {where} {refused.reason}", refused.fix)


def _size_text(size: int) -> str:
    if size >= 10_000_000:
        return f"{size // 1_000_000} MB"
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size // 1_000} KB"


# --- Writing -------------------------------------------------------------------------------


def _umask() -> int:
    """The user's umask. Python can read it only by setting it, so it is read once, on import,
    before any thread of briefgen's makes a file."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# What a new file gets anywhere: readable by all, as the web server that publishes it needs,
# less what the user's umask takes away (mkstemp itself makes files only its owner reads).
FILE_MODE = 0o644 & ~_umask()

# Seconds to wait before each new try of a rename refused because another program has the
# file open: Windows refuses it (about 3 s in all); other systems allow it, so never retry.
REPLACE_RETRIES: tuple[float, ...] = (
    (0.05, 0.1, 0.2, 0.4, 0.8, 1.6) if sys.platform == "win32" else ()
)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: readers see the old file or the new one, never a mix."""
    write_files_atomically(path.parent, {path.name: data})


def write_files_atomically(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Replace the files of one folder (`replace_files`); a failure is this computer's
    problem, told in words (`explain_os_error`)."""
    try:
        return replace_files(folder, files)
    except OSError as error:
        raise explain_os_error(error, Path(error.filename or folder)) from None


def replace_files(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Replace the files of one folder; if any cannot be written, none is replaced, and the
    OSError names the file that could not be (for a caller that words it itself).

    Each is written in full to a temporary file beside it (`.briefgen-tmp-*`, mkstemp:
    O_EXCL, a new file, never a link) and made durable; only then is each renamed over its
    old file (`os.replace`, atomic on Linux, macOS and Windows), and the folder made
    durable where the system allows it (not on Windows, which cannot open a folder)."""
    staged: dict[Path, Path] = {}  # temporary file to its target
    current = folder
    try:
        make_real_folder(folder)
        for name, data in files.items():
            current = folder / _plain(name)
            staged[_stage(folder, data)] = current
        for temporary, target in list(staged.items()):
            current = target
            _replace(temporary, target)
            del staged[temporary]
        _sync_folder(folder)
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(current)) from None
    finally:
        for temporary in staged:
            with contextlib.suppress(OSError):
                temporary.unlink()
    return [folder / name for name in files]


def _plain(name: str) -> str:
    """A file name of the folder itself: briefgen names its outputs, and never a path."""
    if name in ("", ".", "..") or Path(name).name != name:
        raise AssertionError(f"not a file name: {name!r}")
    return name


def _stage(folder: Path, data: bytes) -> Path:
    """`data` in full in a new temporary file of `folder`, made durable: the file's name."""
    descriptor, name = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, dir=folder)
    try:
        if sys.platform == "win32":
            Path(name).chmod(FILE_MODE)
        else:
            os.fchmod(descriptor, FILE_MODE)
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
        os.fsync(descriptor)
    except BaseException:
        os.close(descriptor)
        Path(name).unlink(missing_ok=True)
        raise
    os.close(descriptor)  # renamed by its name, and Windows renames no open file
    return Path(name)


def _replace(source: Path, target: Path) -> None:
    """Rename `source` over `target`. Windows refuses while another program has `target` open
    (a virus scanner reading the new PDF, a browser showing the page): it is tried again."""
    for delay in REPLACE_RETRIES:
        try:
            source.replace(target)
            return
        except PermissionError:
            time.sleep(delay)
    source.replace(target)


def _sync_folder(folder: Path) -> None:
    """Make the renames durable: they live in the folder, not in the files. Windows opens
    no folder as a file, and its file systems make a rename durable themselves."""
    if sys.platform == "win32":
        return
    descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def make_real_folder(folder: Path) -> None:
    """Make `folder` a real folder. A symbolic link where briefgen writes (`output/<slug>`
    pointing elsewhere) is replaced, never written through."""
    if folder.is_symlink():
        folder.unlink()
    folder.mkdir(parents=True, exist_ok=True)


def create_file(path: Path, data: bytes, project: Path) -> None:
    """Write a new file, never over one nor through a link (O_EXCL): `briefgen new`'s
    starter. Its folder must really be in the `project`: a link out of it is refused. A
    failure to write is the OSError, for the command line to word."""
    folder = path.parent
    if not _real_path(folder).is_relative_to(project.resolve()):
        refused = _outside(folder, folder.resolve(), [project.resolve()])
        raise Mistake(f"the folder {shown_path(folder, project)} {refused.reason}", refused.fix)
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)


def _no_follow() -> int:
    """O_NOFOLLOW where the system has it (not Windows) and the fast path is on: the final
    name is never a link. Without it the name is compared with the file opened."""
    return getattr(os, "O_NOFOLLOW", 0) if fast_paths.allowed("nofollow") else 0


def open_lock(path: Path) -> int:
    """Open the lock file for writing, never through a symbolic link: one in its place is
    removed (it would otherwise create or lock a file anywhere the link points). Without
    O_NOFOLLOW (Windows) the link is looked for first, the best such a system allows."""
    nofollow = _no_follow()
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | nofollow
    if not nofollow and path.is_symlink():
        path.unlink()
    try:
        return os.open(path, flags, 0o644)
    except OSError as error:
        if error.errno != errno.ELOOP:
            raise
    path.unlink()
    return os.open(path, flags, 0o644)


@contextlib.contextmanager
def empty_folder() -> Iterator[str]:
    """A new, empty folder of briefgen's own, removed afterwards: somewhere to stand that no
    project can have written (briefgen.search_paths, on Windows)."""
    with tempfile.TemporaryDirectory(prefix="briefgen-empty-") as empty:
        yield empty


def hold_current_folder() -> int | str:
    """The current folder, held open where the system allows (it may be renamed meanwhile),
    to go back to with `os.fchdir`; else its name. No file is read."""
    if hasattr(os, "fchdir"):
        return os.open(".", os.O_RDONLY)
    return os.getcwd()  # noqa: PTH109


_STATUS = "/proc/self/status"  # Linux: the process's memory, in kB, by name


def own_status() -> str:
    """What Linux says of this process (its memory, by name), for the budget of untrusted
    work (briefgen.untrusted); empty elsewhere. The one file of the system read here."""
    try:
        with open(_STATUS, encoding="ascii") as status:  # noqa: PTH123 (a file of /proc)
            return status.read()
    except OSError:
        return ""


def new_temporary_log() -> Path:
    """A new, empty file of its own in the system's temporary folder (O_EXCL: no link
    planted there is followed), for a check's log: a check writes nothing in the project."""
    try:
        descriptor, name = tempfile.mkstemp(prefix="briefgen-errors-", suffix=".log")
    except OSError as error:
        raise explain_os_error(error, Path(tempfile.gettempdir())) from None
    os.close(descriptor)
    return Path(name)


def explain_os_error(error: OSError, path: Path) -> EnvironmentProblem:
    """A failure to write, in words: what stands in the way and what to do about it."""
    shown = shown_path(path)
    if error.errno in (errno.EACCES, errno.EPERM):
        return EnvironmentProblem(
            f"cannot write {shown}: permission denied",
            "choose an output folder you can write to (--output DIR), or fix its permissions"
            f"{_WINDOWS_HINT if sys.platform == 'win32' else ''}; "
            "the previous outputs are untouched",
        )
    if error.errno == errno.EROFS:
        return EnvironmentProblem(
            f"cannot write {shown}: the disk is read-only",
            "choose an output folder on a disk you can write to (--output DIR)",
        )
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return EnvironmentProblem(
            f"cannot write {shown}: the disk is full",
            "free some space on the disk, then build again; the previous outputs are untouched",
        )
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        blocker = shown_path(_file_in_the_way(path))
        return EnvironmentProblem(
            f"cannot write {shown}: {blocker} is a file, where a folder is needed",
            f"move or rename {blocker}, or choose another output folder (--output DIR)",
        )
    if error.errno == errno.EISDIR:
        return EnvironmentProblem(
            f"cannot write {shown}: a folder of that name is in the way",
            f"move or rename the folder {shown}, or choose another output folder (--output DIR)",
        )
    return EnvironmentProblem(
        f"cannot write {shown}: {error.strerror}",
        "check the output folder and the disk, then build again",
    )


# Windows refuses to replace a file that another program holds open.
_WINDOWS_HINT = ", and close any program that has the file open (a PDF reader)"


def _file_in_the_way(path: Path) -> Path:
    """The nearest of `path` and its parents that exists and is not a folder."""
    for candidate in (path, *path.parents):
        if candidate.exists() and not candidate.is_dir():
            return candidate
    return path


__all__ = [
    "BRIEFING",
    "COMPILED_TEMPLATE",
    "FONT",
    "IMAGE",
    "KIND",
    "LAYOUT",
    "MANIFEST",
    "PUBLISHED",
    "RECORD",
    "SETTINGS",
    "TEMPLATE",
    "Found",
    "Kind",
    "Refused",
    "create_file",
    "empty_folder",
    "explain_os_error",
    "fetch_bytes",
    "files_in",
    "hold_current_folder",
    "kind_of",
    "make_real_folder",
    "new_temporary_log",
    "open_lock",
    "own_status",
    "project_roots",
    "read_bytes",
    "read_text",
    "replace_files",
    "write_atomically",
    "write_files_atomically",
]
