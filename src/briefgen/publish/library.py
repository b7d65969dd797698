"""The learning library: every published briefing, as the index and its feeds list it.

A briefing is listed as its last good build made it (the manifest keeps what the
index shows of it), not as its broken or edited source says: a briefing whose latest
edit failed stays listed with the outputs that are still published, and one whose
content file is gone is not listed at all (the build withdraws it).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from briefgen.content.config import Project
from briefgen.content.model import MAX_ENTRIES
from briefgen.content.values import MAX_LABEL, MAX_THEMES
from briefgen.errors import Mistake
from briefgen.gate import MANIFEST, read_bytes
from briefgen.names import file_size, pdf_name, record_name
from briefgen.paths import REACH_FILE, REPORTS_FOLDER, content_sources, slug_of_file
from briefgen.publish.incremental import Manifest
from briefgen.render.library_pages import EntryPart, LibraryEntry, Link, reach_text


def library_entries(project: Project, manifest: Manifest) -> list[LibraryEntry]:
    """Every briefing of content/ that has outputs, newest first, titles told apart."""
    reach = read_reach(project.root) if project.config.library.show_reach else {}
    entries = []
    for source in content_sources(project.root, ()):
        slug = slug_of_file(source)
        entry = manifest.entries.get(slug)
        pdf = project.output / slug / pdf_name(slug)
        if entry is None or not entry.listing or not pdf.is_file():
            continue
        listed = entry_of(slug, entry.listing, sorted(entry.outputs), pdf.stat().st_size)
        counted = reach.get(slug)
        listed = replace(listed, reach=reach_text(*counted) if counted else None)
        entries.append(with_extras(listed, project))
    entries.sort(key=lambda entry: (entry.published, entry.title), reverse=True)
    return link_replacements(label_apart(entries), replaced_slugs(manifest, entries))


def read_reach(root: Path) -> dict[str, tuple[int, int]]:
    """Each briefing's teams and agencies as the last `briefgen collect` counted them
    (reports/reach.json); none before the first. Counts only: the file holds nothing else."""
    path = root / REPORTS_FOLDER / REACH_FILE
    if not path.is_file():
        return {}
    fix = "run `briefgen collect FOLDER` again: it writes the file anew"
    try:
        data = json.loads(read_bytes(path, MANIFEST, [root]))
        counts = {
            str(slug): (int(found["teams"]), int(found["agencies"]))
            for slug, found in data["briefings"].items()
        }
    except (ValueError, TypeError, KeyError, AttributeError):
        raise Mistake(f"{REPORTS_FOLDER}/{REACH_FILE} is not as briefgen writes it", fix) from None
    return {slug: count for slug, count in counts.items() if min(count) >= 0}


def with_extras(entry: LibraryEntry, project: Project) -> LibraryEntry:
    """The entry with its record's size and, where it differs, its own partnership."""
    record = project.output / entry.slug / record_name(entry.slug)
    size = file_size(record.stat().st_size) if entry.record and record.is_file() else None
    own = entry.partnership if entry.partnership != project.config.partnership.name else None
    return replace(entry, record_size=size, other_partnership=own or None)


def replaced_slugs(manifest: Manifest, entries: list[LibraryEntry]) -> dict[str, str]:
    """Each listed briefing's slug to the slug of the one it replaces, as its listing says."""
    found = {}
    for entry in entries:
        replaced = manifest.entries[entry.slug].listing.get("replaces")
        if isinstance(replaced, str) and replaced != entry.slug:
            found[entry.slug] = replaced
    return found


def link_replacements(entries: list[LibraryEntry], replaces: dict[str, str]) -> list[LibraryEntry]:
    """The entries with "replaces" and "replaced by" filled in both ways, between briefings
    that are both listed: a replaced briefing withdrawn on purpose leaves no link behind.
    Where two briefings replace one, the newer is its "replaced by"."""
    links = {entry.slug: Link(entry.slug, entry.label) for entry in entries}
    replaced_by: dict[str, Link] = {}
    for entry in reversed(entries):  # oldest first: the newest replacement is kept
        old = replaces.get(entry.slug)
        if old in links:
            replaced_by[old] = links[entry.slug]
    return [
        replace(
            entry,
            replaces=links.get(replaces.get(entry.slug, "")),
            replaced_by=replaced_by.get(entry.slug),
        )
        for entry in entries
    ]


def entry_of(slug: str, listing: dict[str, Any], files: list[str], pdf_bytes: int) -> LibraryEntry:
    """An entry from what the manifest keeps of a briefing's last good build."""
    return LibraryEntry(
        slug=slug,
        title=listing["title"],
        label=listing["title"],
        summary=listing.get("summary", ""),
        type_label=listing["type_label"],
        audience=listing["audience"],
        date_text=listing["date_text"],
        published=listing["published"] or "",
        written=listing.get("written") or listing["published"] or "",
        themes=themes_of(listing),
        partnership=listing.get("partnership", ""),
        pdf_size=file_size(pdf_bytes),
        pdf_bytes=pdf_bytes,
        files=tuple(files),
        parts=parts_of(listing),
    )


# An entry's heading's id, as briefgen.content.anchors makes it: a crafted manifest's other
# text never reaches a link's address.
ANCHOR_ID = re.compile(r"[a-z0-9]+(?:-{1,2}[a-z0-9]+)*")
# What each entry of a page keeps in the listing, all text.
PART_FIELDS = ("title", "id", "date_text", "published", "summary")


def parts_of(listing: dict[str, Any]) -> tuple[EntryPart, ...]:
    """The entries a briefing's page holds, as many as a briefing may have (MAX_ENTRIES),
    each of text; a crafted manifest's others are left out, as its themes are."""
    given = listing.get("entries", ())
    if not isinstance(given, list | tuple):
        return ()
    parts = [
        EntryPart(
            part["title"][:MAX_LABEL],
            part["id"],
            part["date_text"][:MAX_LABEL],
            part["published"][:10],
            part["summary"],
        )
        for part in given
        if isinstance(part, dict)
        and all(isinstance(part.get(key), str) for key in PART_FIELDS)
        and ANCHOR_ID.fullmatch(part["id"])
    ]
    return tuple(parts[:MAX_ENTRIES])


def themes_of(listing: dict[str, Any]) -> tuple[str, ...]:
    """The themes of a listing, as many as a briefing may have (MAX_THEMES), each at most a
    label long. A build keeps no more; a crafted manifest (a cloned repository's output/)
    could list thousands, and each would be a page of the library."""
    given = listing.get("themes", ())
    if not isinstance(given, list | tuple):
        return ()
    themes = [theme[:MAX_LABEL] for theme in given if isinstance(theme, str) and theme.strip()]
    return tuple(themes[:MAX_THEMES])


def label_apart(entries: list[LibraryEntry]) -> list[LibraryEntry]:
    """The entries with the date added to each title that another briefing shares.

    Two briefings of one title (the same audit a year later) would otherwise give the
    index two links of the same words to different pages (WCAG 2.4.4).
    """
    titles = Counter(entry.title for entry in entries)
    return [
        replace(entry, label=f"{entry.title} ({entry.date_text})")
        if titles[entry.title] > 1
        else entry
        for entry in entries
    ]


__all__ = [
    "entry_of",
    "label_apart",
    "library_entries",
    "link_replacements",
    "parts_of",
    "read_reach",
    "replaced_slugs",
    "themes_of",
    "with_extras",
]
