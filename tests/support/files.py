"""Files a hostile project ships: links out of it, files outside it, files too large to read."""

from __future__ import annotations

from pathlib import Path


def link(path: Path, target: Path) -> Path:
    """`path` made a symbolic link to `target` (replacing any file there)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.symlink_to(target)
    return path


def outside_file(folder: Path, name: str, data: bytes) -> Path:
    """A file outside the project (in `folder`), which no output and no message may carry."""
    path = folder / "outside" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def sparse_file(path: Path, size: int, start: bytes = b"") -> Path:
    """A file of `size` bytes that takes no room on the disk: `start`, then zeros."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(start)
        handle.truncate(size)
    return path
