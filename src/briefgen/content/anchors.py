"""Anchors: the id each heading of a briefing gets, and the name a link to it writes.

A section's id is made from its heading's words ("What we found" is `what-we-found`),
so that it stays the same when sections are added or moved, and a link to it,
`[see what we found](#what-we-found)`, reads as what it leads to. Two headings of the
same words are told apart by number (`actions`, `actions-2`).

In the outputs each id is the briefing's name, two hyphens and the anchor's name:
`neglect-audit-2025--what-we-found`. A briefing's name never holds two hyphens in a
row, so no id of one briefing can be an id of another pasted into the same page (one
named `neglect-audit-2025-what` included), and none is an id of the briefing's other
parts (`neglect-audit-2025-title`, `neglect-audit-2025-table-1`), which have one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The most characters of an anchor's name: a heading of 200 characters makes a long address.
MAX_NAME = 60
SEPARATOR = "--"  # between the briefing's name and the anchor's in an id
NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")

# What an anchor belongs to: ("layout", 2), the third section of the layout; ("section", 1),
# the briefing's second own section; ("section", 1, 0), its first subsection; ("entry", 0),
# the first entry; ("entry", 0, 1) and ("entry", 0, 1, 2), an entry's sections and theirs.
Key = tuple[str | int, ...]


def anchor_name(heading: str) -> str:
    """A heading's words as an anchor's name: lower case, plain letters and digits joined by
    hyphens, accents dropped ("Réunion à deux" is `reunion-a-deux`); "" if none is left."""
    plain = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", plain.lower())
    name = "-".join(words)
    if len(name) > MAX_NAME:
        name = name[:MAX_NAME].rsplit("-", 1)[0] if "-" in name[:MAX_NAME] else name[:MAX_NAME]
    return name


@dataclass(frozen=True)
class Anchor:
    """A heading a link can lead to: where it stands, its name and its words."""

    key: Key
    name: str  # what a link writes after '#': `what-we-found`
    id: str  # its id in the outputs: `<briefing>--what-we-found`
    heading: str
    number: int | None  # the section's number, in a numbered layout
    depth: int  # 1: a section or an entry; 2: a subsection or an entry's section; 3: theirs


@dataclass(frozen=True)
class Outline:
    """Every heading of a briefing a link can lead to, in reading order."""

    slug: str
    anchors: tuple[Anchor, ...] = ()

    def id_of(self, key: Key) -> str | None:
        """The id of the heading at `key`, if it has one."""
        return next((anchor.id for anchor in self.anchors if anchor.key == key), None)

    def number_of(self, key: Key) -> int | None:
        return next((anchor.number for anchor in self.anchors if anchor.key == key), None)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(anchor.id for anchor in self.anchors)

    @property
    def names(self) -> frozenset[str]:
        """The names a link may write after '#'."""
        return frozenset(anchor.name for anchor in self.anchors)

    def under(self, key: Key) -> tuple[Anchor, ...]:
        """The anchors inside the heading at `key` (an entry's sections, a section's
        subsections), in order."""
        return tuple(
            anchor
            for anchor in self.anchors
            if len(anchor.key) == len(key) + 1 and anchor.key[: len(key)] == key
        )


class Namer:
    """Gives each heading a name of its own, in reading order: a name given before gets a
    number (`actions-2`), a heading without plain letters is named by its place."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.taken: set[str] = set()
        self.anchors: list[Anchor] = []

    def add(self, key: Key, heading: str, number: int | None, depth: int) -> None:
        base = anchor_name(heading) or "section"
        name, count = base, 1
        while name in self.taken:
            count += 1
            name = f"{base}-{count}"
        self.taken.add(name)
        anchor_id = f"{self.slug}{SEPARATOR}{name}"
        self.anchors.append(Anchor(key, name, anchor_id, heading, number, depth))

    def outline(self) -> Outline:
        return Outline(self.slug, tuple(self.anchors))


def link_target(slug: str, name: str) -> str:
    """The id a link written `#name` leads to in the briefing `slug`."""
    return f"{slug}{SEPARATOR}{name}"


__all__ = [
    "Anchor",
    "Key",
    "Namer",
    "Outline",
    "anchor_name",
    "link_target",
]
