"""Incremental builds: a briefing is rebuilt only when something it is made from changed.

What a briefing is made from is hashed, never dated (file times lie after a
checkout or a copy): its content file, the snippets it includes and the images
and logo it names, the configuration and its logos, every file of the templates
and of the built-in theme (fonts included), the briefgen version, the options
that change outputs, and SOURCE_DATE_EPOCH. The hashes of
the last good build live in a manifest in the output folder; a briefing whose
hash matches, and whose outputs are all still there, is skipped.

One `Plan` says which briefings are stale and which are fresh, for the command line
(which answers a build with nothing to do before it imports anything heavy) and for
the build itself (which plans again under the output folder's lock, and follows it).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from briefgen import __version__
from briefgen.errors import BriefgenError, Problem, shorten
from briefgen.gate import (
    BRIEFING,
    IMAGE,
    MANIFEST,
    SETTINGS,
    Kind,
    kind_of,
    read_bytes,
    read_text,
    write_atomically,
)
from briefgen.outcomes import Options, Outcome
from briefgen.paths import (
    ASSETS_FOLDER,
    CONFIG_NAME,
    CONTENT_FOLDER,
    IMAGE_SUFFIXES,
    OUTPUT_FOLDER,
    REACH_FILE,
    REPORTS_FOLDER,
    SNIPPETS_FOLDER,
    TEMPLATES_FOLDER,
    builtin_theme,
    content_sources,
    escape_controls,
    file_names,
    folder_names,
    included_names,
    readable_roots,
    shown_path,
    slug_of_file,
    theme_folders,
    twin_of,
    versions_of,
)
from briefgen.paths import MANIFEST_NAME as MANIFEST_NAME  # re-exported

T = TypeVar("T")
# The files one briefing's text may name that a plan hashes (`Fingerprint.of`): far more
# than a two-page briefing shows, and few enough that a crafted one cannot make planning
# read gigabytes (each at most an image's size, through the gate).
MAX_NAMED_FILES = 64
MANIFEST_VERSION = 3  # 3: the listing has the summary, themes and partnership


@dataclass
class Entry:
    """The last good build of one briefing."""

    inputs: str  # the hash of everything it was made from
    outputs: dict[str, int]  # output file name to size in bytes
    pages: int
    warnings: list[dict[str, Any]] = field(default_factory=list)
    listing: dict[str, Any] = field(default_factory=dict)  # what the library lists of it

    @classmethod
    def of(cls, data: dict[str, Any]) -> Entry:
        """The entry `data` holds; TypeError or KeyError where a value is not what a build
        writes."""
        sizes = _a(dict, data["outputs"]).items()
        outputs = {_a(str, name): _a(int, size) for name, size in sizes}
        warnings = [_warning(_a(dict, warning)) for warning in _a(list, data["warnings"])]
        listing = _a(dict, data["listing"] or {})
        return cls(_a(str, data["inputs"]), outputs, _a(int, data["pages"]), warnings, listing)

    def problems(self) -> list[Problem]:
        """The warnings its last good build told, to tell again: from the manifest, which
        anyone may have edited, so a character a terminal would act on is shown escaped."""
        return [_told(warning) for warning in self.warnings]

    def as_outcome(self, shown: Path, slug: str) -> Outcome:
        """The outcome of a briefing skipped because its last good build still stands."""
        return Outcome(shown, slug, pages=self.pages, warnings=self.problems(), unchanged=True)


@dataclass
class Manifest:
    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    index: str = ""  # the hash the index was last written from (the shared inputs' included)
    logo: str | None = None  # the logo's path then, so that it can be hashed without the config
    # What the last build told of the settings (a missing PDF address...): a build with
    # nothing to do tells it again without reading the settings.
    notices: list[str] = field(default_factory=list)
    # The files the index write made at the top of the output folder (the index, its filter
    # pages, the index fragment...): the next write removes those it no longer makes.
    library: list[str] = field(default_factory=list)

    # Why the manifest found was set aside (None if it was taken, or there was none).
    set_aside: str | None = None
    # The logos of briefgen.yaml's other partnerships, hashed as the logo is: a briefing
    # published for one of them shows its logo.
    logos: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, output: Path) -> Manifest:
        """The build's manifest, read through the model of what a build writes
        (`briefgen.publish.manifest`). None, or one of an earlier version, counts as empty; one that
        cannot be read or fails the model is set aside (`set_aside` says why): every
        briefing is rebuilt, and the build writes it afresh."""
        from briefgen.publish.manifest import manifest_data  # noqa: PLC0415 (pydantic: see glance)

        path = output / MANIFEST_NAME
        try:
            data = _read(path)
            if data is None or data.get("version") != MANIFEST_VERSION:
                return cls(path)
            return cls.of(path, manifest_data(data))
        except (BriefgenError, ValueError) as error:
            return cls(path, set_aside=_set_aside(path, error))

    @classmethod
    def glance(cls, output: Path) -> Manifest:
        """The manifest as the command line's answer to a build with nothing to do reads it:
        without pydantic, whose import would take half that answer's time (110 of 200 ms).
        Every value it reads has the type the build writes, or the manifest counts as empty
        and the build decides, reading it through the model (`load`)."""
        path = output / MANIFEST_NAME
        try:
            data = _read(path)
            if data is None or data.get("version") != MANIFEST_VERSION:
                return cls(path)
            return cls.of(path, data)
        except (BriefgenError, ValueError, TypeError, KeyError):
            return cls(path)

    @classmethod
    def of(cls, path: Path, data: dict[str, Any]) -> Manifest:
        """The manifest `data` holds; TypeError or KeyError where a value is not what a build
        writes (`briefgen.publish.manifest` checks the rest, in the build)."""
        built = _a(dict, data["entries"]).items()
        entries = {_a(str, slug): Entry.of(_a(dict, entry)) for slug, entry in built}
        notices = [_shown(_a(str, notice)) for notice in _a(list, data["notices"])]
        library = [_a(str, name) for name in _a(list, data["library"])]
        logo = None if data["logo"] is None else _a(str, data["logo"])
        logos = [_a(str, name) for name in _a(list, data.get("logos", []))]
        return cls(path, entries, _a(str, data["index"]), logo, notices, library, logos=logos)

    def claim(self) -> None:
        """Write the manifest at once if the output folder has none: it marks the folder as
        briefgen's (see `briefgen.paths.output_folder`) even if this first build is stopped."""
        if not self.path.exists():
            self.save()

    def is_fresh(self, slug: str, inputs: str, folder: Path) -> bool:
        entry = self.entries.get(slug)
        if entry is None or entry.inputs != inputs:
            return False
        return all(_size(folder / name) == size for name, size in entry.outputs.items())

    def record(
        self,
        slug: str,
        inputs: str,
        written: Iterable[Path],
        pages: int,
        warnings: list[Problem],
        listing: dict[str, Any],
    ) -> None:
        self.entries[slug] = Entry(
            inputs,
            {path.name: path.stat().st_size for path in written},
            pages,
            [_problem_data(problem) for problem in warnings],
            listing,
        )

    def save(self) -> None:
        data = {
            "version": MANIFEST_VERSION,
            "index": self.index,
            "logo": self.logo,
            "logos": self.logos,
            "notices": self.notices,
            "library": self.library,
            "entries": {slug: asdict(entry) for slug, entry in sorted(self.entries.items())},
        }
        write_atomically(self.path, json.dumps(data, indent=1, sort_keys=True).encode())


def _read(path: Path) -> dict[str, Any] | None:
    """The manifest's JSON, read through the gate, or None if there is none."""
    if not path.exists() and not path.is_symlink():
        return None
    data = json.loads(read_text(path, MANIFEST, [path.parent]))
    return _a(dict, data)


def _a(kind: type[T], value: object) -> T:
    """`value`, if it is of the type the build writes there; a TypeError if not."""
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise TypeError(f"not a {kind.__name__}: {value!r}")
    return value


def _warning(data: dict[str, Any]) -> dict[str, Any]:
    """A warning as the build wrote it: the fields of a Problem, of their types."""
    Problem(**{**data, "file": Path(_a(str, data["file"]))})  # a TypeError if a field is not one
    if data.get("severity", "error") not in ("error", "warning", "note"):
        raise TypeError(f"not a severity: {data['severity']!r}")
    return data


def _told(warning: dict[str, Any]) -> Problem:
    """A warning of the manifest's as a Problem to tell again, its texts `_shown`."""
    texts = {name: _shown(value) for name, value in warning.items() if isinstance(value, str)}
    return Problem(**{**warning, **texts, "file": Path(texts["file"])})


def _shown(text: str) -> str:
    """A text of the manifest's as it may reach the terminal: every character a terminal
    would act on escaped, but a line break (a fix may show lines of YAML)."""
    return "\n".join(escape_controls(line) for line in text.split("\n"))


def _set_aside(path: Path, error: BriefgenError | ValueError) -> str:
    """The notice of a manifest set aside: what was wrong with it, and what it cost."""
    why = shorten(escape_controls(str(error)), 120)
    return (
        f"{shown_path(path)} was not as a build writes it ({why}), so it was set aside: every "
        "briefing was built again, and the manifest written afresh. Fix: leave the output "
        "folder's hidden files to briefgen: do not edit them, or share them with the project"
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def _problem_data(problem: Problem) -> dict[str, Any]:
    return {**asdict(problem), "file": str(problem.file)}


@dataclass(frozen=True)
class Inputs:
    """The files briefings are made from: what a build hashes and what `serve` watches.

    One definition for both, so that the preview can never miss a change that the
    incremental build would rebuild for, nor rebuild for a file no build reads.
    """

    root: Path
    logo: str | None  # the logo's path in briefgen.yaml, relative to the project
    logos: Sequence[str] = ()  # the logos of briefgen.yaml's other partnerships, alike

    def shared(self) -> list[tuple[str, Path, Kind]]:
        """What every briefing is made from, each with the name it is hashed under and its
        kind: the settings, the logo, and every file of the project's theme and of the
        built-in one."""
        named = [(CONFIG_NAME, self.root / CONFIG_NAME, SETTINGS)]
        for logo in dict.fromkeys([*([self.logo] if self.logo else []), *self.logos]):
            named.append((logo, self.root / logo, IMAGE))
        for folder in theme_folders(self.root):
            named.extend(
                (str(path.relative_to(folder)), path, kind_of(path))
                for path in sorted(folder.rglob("*"))
                if path.is_file()
            )
        return named

    def files(self) -> list[Path]:
        """Every input file there is now: the shared ones, then each briefing and snippet."""
        content = self.root / CONTENT_FOLDER
        briefings = content_sources(self.root) if content.is_dir() else []
        snippets = sorted(path for path in (content / SNIPPETS_FOLDER).glob("*.y*ml"))
        return [path for _, path, _ in self.shared()] + self.images() + briefings + snippets

    def images(self) -> list[Path]:
        """The images briefings may show: every PNG, JPEG and SVG in the project's assets/.
        Each is hashed with the briefings whose text names it (`Fingerprint.of`), not with
        every briefing."""
        assets = self.root / ASSETS_FOLDER
        if not assets.is_dir():
            return []
        suffixes = IMAGE_SUFFIXES
        return [path for path in sorted(assets.rglob("*")) if path.suffix.lower() in suffixes]

    def folders(self) -> list[Path]:
        """Where every input lives, now or once created: the project and the built-in theme."""
        theme = builtin_theme()
        return [self.root] if theme.is_relative_to(self.root) else [self.root, theme]

    def covers(self, path: Path) -> bool:
        """Whether `path` is, or would be once it exists, one of `files()`."""
        if path == self.root / CONFIG_NAME or self.is_briefing(path) or self.is_snippet(path):
            return True
        logos = [self.logo, *self.logos] if self.logo else self.logos
        if any(path == self.root / logo for logo in logos):
            return True
        if path.suffix.lower() in IMAGE_SUFFIXES and path.is_relative_to(self.root):
            # Any image of the project's a briefing may name (`file_names`), but not the
            # link-preview images and proofs a build writes into output/.
            return not path.is_relative_to(self.root / OUTPUT_FOLDER)
        themes = (self.root / TEMPLATES_FOLDER, builtin_theme())
        return any(path.is_relative_to(folder) for folder in themes)

    def is_briefing(self, path: Path) -> bool:
        return path.parent == self.root / CONTENT_FOLDER and path.suffix in (".yaml", ".yml")

    def is_snippet(self, path: Path) -> bool:
        """A file of shared text in content/snippets/, which briefings include."""
        folder = self.root / CONTENT_FOLDER / SNIPPETS_FOLDER
        return path.parent == folder and path.suffix in (".yaml", ".yml")


class Fingerprint:
    """Hashes of what briefings are made from: shared inputs once, then each content file."""

    def __init__(
        self,
        root: Path,
        logo: str | None,
        options: Mapping[str, object],
        logos: Sequence[str] = (),
    ):
        digest = hashlib.sha256()
        digest.update(f"briefgen {__version__}\n".encode())
        digest.update(json.dumps(dict(options), sort_keys=True).encode())
        digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
        digest.update(str(logo).encode())
        digest.update(json.dumps(list(logos)).encode())
        self.root = root
        self.allowed = readable_roots(root)
        for name, path, kind in Inputs(root, logo, logos).shared():
            digest.update(name.encode())
            digest.update(self._digest_of(path, kind))
        self.shared = digest.hexdigest()

    def _digest_of(self, path: Path, kind: Kind) -> bytes:
        """A shared file's hash, read through the gate (`_add`). A build plans three times
        before its first briefing reaches the engine (the command line's glance, the
        briefing prepared ahead, the plan under the lock): each file of the theme is read
        once a process, and again only once its size, times or inode have changed."""
        try:
            found = path.stat()
        except OSError:
            found = None
        key = None if found is None else _identity(path, found)
        if key is not None and (known := _DIGESTS.get(key)) is not None:
            return known
        file_digest = hashlib.sha256()
        self._add(file_digest, path, kind)
        if key is not None:
            _DIGESTS[key] = file_digest.digest()
        return file_digest.digest()

    def _add(self, digest: Any, path: Path, kind: Kind) -> bytes:
        """Hash a file's bytes, read through the gate, and give them. One the gate refuses (a
        link out of the project, a pipe, a file over its kind's size, one not there) is
        hashed by why, never read: the build refuses it in words wherever it is used."""
        try:
            data = read_bytes(path, kind, self.allowed)
        except BriefgenError as refused:
            data = f"<not read: {refused}>".encode()
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
        return data

    def of(self, source: Path, versions: Sequence[Path] = ()) -> str:
        """The hash of a briefing's inputs: the shared ones, its file, each snippet its text
        includes, and each file its text and its snippets name (its images, its own
        partnership's logo): changing a snippet or an image rebuilds the briefings that use
        it, and only those. A briefing with `versions` in other languages is checked against
        them and links to them, so their files and snippets count too."""
        digest = hashlib.sha256(self.shared.encode())
        digest.update(source.name.encode())
        texts = self._add_texts(digest, source)
        named = sorted({name for text in texts for name in file_names(text)})
        for name in named[:MAX_NAMED_FILES]:
            digest.update(name.encode())
            self._add(digest, self.root / name, IMAGE)
        for version in versions:
            if version != source:
                digest.update(version.name.encode())
                self._add_texts(digest, version)
        return digest.hexdigest()

    def _add_texts(self, digest: Any, source: Path) -> list[str]:
        """A briefing file's text and its snippets', added to `digest`, and returned."""
        texts = [self._add(digest, source, BRIEFING).decode("utf-8", "replace")]
        for name in included_names(texts[0]):
            digest.update(name.encode())
            texts.append(
                self._add(digest, source.parent / name, BRIEFING).decode("utf-8", "replace")
            )
        return texts

    def of_index(self, inputs: Iterable[str]) -> str:
        return hashlib.sha256("\n".join([self.shared, *inputs]).encode()).hexdigest()


RECENT_NS = 2_000_000_000  # a file changed in the last two seconds is never remembered
# Each shared file's hash in this process, by what its stat says of it (`_digest_of`).
_DIGESTS: dict[tuple[object, ...], bytes] = {}


def _identity(path: Path, found: os.stat_result) -> tuple[object, ...] | None:
    """What changes when a file's bytes do: a write changes its size or its times (ctime
    even where a tool sets mtime back), a replacement its inode. None for a file changed
    in the last seconds: file systems keep times in steps of a few milliseconds, so two
    saves of one size within a step look the same ("racy git"): it is read every time."""
    changed = max(found.st_mtime_ns, found.st_ctime_ns)
    if time.time_ns() - changed < RECENT_NS:
        return None
    times = (found.st_mtime_ns, found.st_ctime_ns)
    return (str(path), found.st_dev, found.st_ino, found.st_size, *times)


@dataclass
class Plan:
    """What a build has to do, from hashes alone: which briefings are stale (to build) and
    which are fresh (their last good build stands), and whether the index is current.

    Planning reads no settings and imports nothing heavy (no pydantic, Jinja or
    WeasyPrint): the logo is hashed by the path the last build recorded in the manifest,
    which a build updates from the settings before it plans.
    """

    root: Path
    manifest: Manifest
    fingerprint: Fingerprint
    inputs: dict[Path, str]  # each briefing's file to the hash of what it is made from
    stale: list[Path]
    fresh: list[Path]
    force: bool = False

    @classmethod
    def make(
        cls, manifest: Manifest, root: Path, sources: Sequence[Path], options: Options
    ) -> Plan:
        """Plan against the output folder's `manifest`: a briefing is fresh when its hash
        is the one recorded and every output recorded is still there at its size."""
        fingerprint = Fingerprint(root, manifest.logo, options.affecting_outputs(), manifest.logos)
        listed = {folder: folder_names(folder) for folder in {source.parent for source in sources}}
        inputs = {
            source: fingerprint.of(source, versions_of(source, listed[source.parent]))
            for source in sources
        }
        output = manifest.path.parent
        stale: list[Path] = []
        fresh: list[Path] = []
        for source in sources:
            slug = slug_of_file(source)
            current = manifest.is_fresh(slug, inputs[source], output / slug)
            current = current and twin_of(source, listed[source.parent]) is None  # told each time
            (fresh if current and not options.force else stale).append(source)
        return cls(root, manifest, fingerprint, inputs, stale, fresh, options.force)

    @property
    def done(self) -> bool:
        """Whether there is nothing to do: every briefing is fresh and the index current."""
        return not self.force and not self.stale and self.index_is_current()

    def unchanged(self, source: Path, shown: Path) -> Outcome:
        """The outcome of a fresh briefing: its last good build, which still stands."""
        return self.manifest.entries[slug_of_file(source)].as_outcome(shown, slug_of_file(source))

    def record(self, source: Path, outcome: Outcome) -> None:
        """Keep a briefing's good build in the manifest; a failed one keeps its last good.

        A file its last good build wrote and this one did not (the link-preview image once
        site.url is removed, the proofs of a build without --proof) is removed: it would be
        published with the briefing, out of date."""
        if outcome.ok:
            before = self.manifest.entries.get(outcome.slug)
            if before is not None:
                folder = self.manifest.path.parent / outcome.slug
                written = {path.name for path in outcome.written}
                for name in set(before.outputs) - written:
                    if name == Path(name).name and not name.startswith("."):
                        (folder / name).unlink(missing_ok=True)
            self.manifest.record(
                outcome.slug,
                self.inputs[source],
                outcome.written,
                outcome.pages or 0,
                outcome.warnings,
                outcome.listing,
            )

    def index_state(self) -> str:
        """The hash the index is written from: what it lists, and the theme it wears."""
        output = self.manifest.path.parent
        listed = [
            f"{slug}:{entry.inputs}"
            for slug, entry in sorted(self.manifest.entries.items())
            if (output / slug).is_dir()
        ]
        sources = [source.name for source in content_sources(self.root)]
        return self.fingerprint.of_index([*listed, *sources, self.reach_state()])

    def reach_state(self) -> str:
        """The hash of the teams and agencies `briefgen collect` last counted (the
        library shows them with `library.show_reach`, a setting hashed with the rest)."""
        path = self.root / REPORTS_FOLDER / REACH_FILE
        if not path.is_file():
            return "reach:none"
        try:
            data = read_bytes(path, MANIFEST, [self.root])
        except BriefgenError as refused:
            data = f"<not read: {refused}>".encode()
        return "reach:" + hashlib.sha256(data).hexdigest()

    def index_is_current(self) -> bool:
        """Whether the index and every file written with it (its filter pages, the index
        fragment...) are there, and were written from what would be listed now."""
        output = self.manifest.path.parent
        names = {"index.html", *self.manifest.library}
        present = all(_plain(name) and (output / name).is_file() for name in names)
        return present and self.index_state() == self.manifest.index


def _plain(name: str) -> bool:
    """A name of a file at the top of the output folder (the manifest is anyone's to edit)."""
    return name == Path(name).name and not name.startswith(".")


__all__ = [
    "Inputs",
    "Manifest",
    "Plan",
]
