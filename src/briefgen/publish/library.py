"""The learning library: every published briefing, as the index and its feeds list it.

A briefing is listed as its last good build made it (the manifest keeps what the
index shows of it), not as its broken or edited source says: a briefing whose latest
edit failed stays listed with the outputs that are still published, and one whose
content file is gone is not listed at all (the build withdraws it). Each briefing is
listed in the index of its language (`libraries`): the project's language's is `index.html`,
another's `index.cy.html`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from briefgen.content.config import Project
from briefgen.content.identity import partnership_in
from briefgen.content.languages import autonym, known_language, language_of, primary_of
from briefgen.content.model import MAX_ENTRIES
from briefgen.content.values import MAX_LABEL, MAX_THEMES
from briefgen.errors import Mistake
from briefgen.gate import MANIFEST, read_bytes
from briefgen.names import file_size, language_infix, pdf_name, record_name
from briefgen.paths import REACH_FILE, REPORTS_FOLDER, content_sources, slug_of_file, version_of
from briefgen.publish.incremental import Manifest
from briefgen.render.library_pages import (
    Edition,
    EntryPart,
    Library,
    LibraryEntry,
    Link,
    OtherIndex,
    reach_text,
)
from briefgen.render.words import Words


def with_reach(entries: list[LibraryEntry], project: Project, words: Words) -> list[LibraryEntry]:
    """The entries with how far each reached, in the language of `words`, where the library
    shows it (`library.show_reach`) and `briefgen collect` has counted it."""
    reach = read_reach(project.root) if project.config.library.show_reach else {}
    return [
        replace(entry, reach=reach_text(*reach[entry.slug], words))
        if entry.slug in reach
        else entry
        for entry in entries
    ]


def in_order(entries: list[LibraryEntry], manifest: Manifest) -> list[LibraryEntry]:
    """The entries of one index, newest first, titles told apart, replacements linked."""
    entries = sorted(entries, key=lambda entry: (entry.published, entry.title), reverse=True)
    return link_replacements(label_apart(entries), replaced_slugs(manifest, entries))


def listed_briefings(project: Project, manifest: Manifest) -> list[LibraryEntry]:
    """Every briefing of content/ that has outputs, each in its language, in no order."""
    entries = []
    for source in content_sources(project.root, ()):
        slug = slug_of_file(source)
        entry = manifest.entries.get(slug)
        pdf = project.output / slug / pdf_name(slug)
        if entry is None or not entry.listing or not pdf.is_file():
            continue
        listed = entry_of(slug, entry.listing, sorted(entry.outputs), pdf.stat().st_size)
        original, tag = version_of(source)
        # A listing of before languages: a translation is in its file's language.
        named = tag if tag is not None and known_language(tag) else project.config.language
        listed = replace(
            listed,
            language=language_in(entry.listing, named),
            translation_of=None if tag is None else original,
        )
        entries.append(with_extras(listed, project))
    return entries


def language_in(listing: dict[str, Any], default: str) -> str:
    """The language a listing gives, if a language briefgen knows; else (a manifest written
    before briefings had languages, or one edited by hand) `default`: the language its
    file's name gives a translation, else the project's `language`."""
    given = listing.get("language")
    return given if isinstance(given, str) and known_language(given) else default


def libraries(
    project: Project, manifest: Manifest, words_for: Callable[[str], Words]
) -> list[Library]:
    """The library once per language: one index (with its filter pages, fragments and
    feed) in the project's `language`, named as it always was, and one in each other
    language a briefing is built in or `languages` lists, its files' names carrying it
    (`index.cy.html`). Each lists the briefings of its language, and links to the others'
    indexes, in the reading order of `languages`. `words_for` gives a language's words
    (by its tag), for what the library says of an entry itself (how far it reached)."""
    entries = listed_briefings(project, manifest)
    config = project.config
    tags = edition_tags(config.language, config.languages, [entry.language for entry in entries])
    if len(tags) == 1:
        entries = with_reach(entries, project, words_for(config.language))
        return [Library.of(in_order(entries, manifest), Edition(config.language))]
    editions = {
        primary: Edition(tag, language_infix(tag, config.language)) for primary, tag in tags.items()
    }
    others = {
        primary: OtherIndex(
            edition.tag,
            autonym(edition.tag),
            language_of(edition.tag).direction,
            edition.index,
            edition.feed,
        )
        for primary, edition in editions.items()
    }
    found = []
    for primary, edition in editions.items():
        linked = tuple(other for key, other in others.items() if key != primary)
        listed = [entry for entry in entries if primary_of(entry.language) == primary]
        listed = with_reach(listed, project, words_for(edition.tag))
        found.append(Library.of(in_order(listed, manifest), replace(edition, others=linked)))
    return found


def edition_tags(language: str, languages: list[str], built: list[str]) -> dict[str, str]:
    """Each language the library is written in, by its primary subtag, to the tag its pages
    carry: those `languages` lists, in its (reading) order and as it spells them; then the
    project's `language`; then any other a briefing is built in, as the first of its
    briefings (by tag) spells it."""
    tags: dict[str, str] = {}
    for tag in [*languages, language, *sorted(built)]:
        tags.setdefault(primary_of(tag), tag)
    return tags


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
    config = project.config
    ours = partnership_in(config.partnership, entry.language or config.language).name
    own = entry.partnership if entry.partnership not in (ours, config.partnership.name) else None
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
    "edition_tags",
    "entry_of",
    "in_order",
    "label_apart",
    "language_in",
    "libraries",
    "link_replacements",
    "listed_briefings",
    "parts_of",
    "read_reach",
    "replaced_slugs",
    "themes_of",
    "with_extras",
    "with_reach",
]
