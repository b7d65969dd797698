"""Incremental builds: a briefing is rebuilt only when something it is made from changed.

What a briefing is made from is hashed, never dated (file times lie after a
checkout or a copy): its content file, the configuration, the logo, every file
of the templates and of the built-in theme (fonts included), the briefgen
version, the options that change outputs, and SOURCE_DATE_EPOCH. The hashes of
the last good build live in a manifest in the output folder; a briefing whose
hash matches, and whose outputs are all still there, is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.config import CONFIG_NAME, Project
from briefgen.errors import Problem
from briefgen.outputs import write_atomically

MANIFEST_NAME = ".briefgen-manifest.json"
MANIFEST_VERSION = 2


@dataclass
class Entry:
    """The last good build of one briefing."""

    inputs: str  # the hash of everything it was made from
    outputs: dict[str, int]  # output file name to size in bytes
    pages: int
    warnings: list[dict[str, Any]] = field(default_factory=list)
    listing: dict[str, str] = field(default_factory=dict)  # what the index shows of it

    def problems(self) -> list[Problem]:
        return [Problem(**{**warning, "file": Path(warning["file"])}) for warning in self.warnings]


@dataclass
class Manifest:
    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    index: str = ""  # the hash the index was last written from

    @classmethod
    def load(cls, output: Path) -> Manifest:
        """The manifest of the output folder; an unreadable one counts as empty."""
        path = output / MANIFEST_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != MANIFEST_VERSION:
                return cls(path)
            entries = {slug: Entry(**entry) for slug, entry in data["entries"].items()}
            return cls(path, entries, data.get("index", ""))
        except (OSError, ValueError, TypeError, KeyError):
            return cls(path)

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
        listing: dict[str, str],
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
            "entries": {slug: asdict(entry) for slug, entry in sorted(self.entries.items())},
        }
        write_atomically(self.path, json.dumps(data, indent=1, sort_keys=True).encode())


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def _problem_data(problem: Problem) -> dict[str, Any]:
    return {**asdict(problem), "file": str(problem.file)}


class Fingerprint:
    """Hashes of what briefings are made from: shared inputs once, then each content file."""

    def __init__(
        self, project: Project, theme_folders: Iterable[Path], options: Mapping[str, object]
    ):
        digest = hashlib.sha256()
        digest.update(f"briefgen {__version__}\n".encode())
        digest.update(json.dumps(dict(options), sort_keys=True).encode())
        digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
        _add_file(digest, project.root / CONFIG_NAME)
        logo = project.config.partnership.logo
        if logo is not None:
            _add_file(digest, project.root / logo.file)
        for folder in theme_folders:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    digest.update(str(path.relative_to(folder)).encode())
                    _add_file(digest, path)
        self.shared = digest.hexdigest()

    def of(self, source: Path) -> str:
        digest = hashlib.sha256(self.shared.encode())
        digest.update(source.name.encode())
        _add_file(digest, source)
        return digest.hexdigest()

    def of_index(self, inputs: Iterable[str]) -> str:
        return hashlib.sha256("\n".join([self.shared, *inputs]).encode()).hexdigest()


def _add_file(digest: Any, path: Path) -> None:
    try:
        data = path.read_bytes()
    except OSError:
        data = b"<missing>"
    digest.update(len(data).to_bytes(8, "big"))
    digest.update(data)
