"""The learning library: every published briefing, as the index and its feeds list it.

A briefing is listed as its last good build made it (the manifest keeps what the
index shows of it), not as its broken or edited source says: a briefing whose latest
edit failed stays listed with the outputs that are still published, and one whose
content file is gone is not listed at all (the build withdraws it).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from briefgen.config import Project
from briefgen.incremental import Manifest
from briefgen.paths import content_sources


@dataclass(frozen=True)
class LibraryEntry:
    """One briefing of the library."""

    slug: str
    title: str
    label: str  # the title as the index's links give it; see label_apart
    summary: str  # a line or two: the briefing's summary, else its first paragraph
    type_label: str  # "Audit summary"
    audience: str
    date_text: str  # "May 2020"
    published: str  # ISO date
    themes: tuple[str, ...]
    partnership: str  # the briefing's own partnership (briefgen.yaml's unless it names one)
    pdf_size: str  # "120 KB"
    pdf_bytes: int
    files: tuple[str, ...]  # the names of the briefing's outputs, in its folder

    @property
    def year(self) -> str:
        return self.published[:4]

    @property
    def pdf(self) -> str:
        """The PDF's address, relative to the output folder."""
        return f"{self.slug}/{self.slug}.pdf"

    @property
    def page(self) -> str:
        """The web page's address, relative to the output folder."""
        return f"{self.slug}/index.html"


def library_entries(project: Project, manifest: Manifest) -> list[LibraryEntry]:
    """Every briefing of content/ that has outputs, newest first, titles told apart."""
    entries = []
    for source in content_sources(project.root, ()):
        slug = source.stem
        entry = manifest.entries.get(slug)
        pdf = project.output / slug / f"{slug}.pdf"
        if entry is None or not entry.listing or not pdf.is_file():
            continue
        entries.append(entry_of(slug, entry.listing, sorted(entry.outputs), pdf.stat().st_size))
    entries.sort(key=lambda entry: (entry.published, entry.title), reverse=True)
    return label_apart(entries)


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
        published=listing["published"],
        themes=tuple(listing.get("themes", ())),
        partnership=listing.get("partnership", ""),
        pdf_size=file_size(pdf_bytes),
        pdf_bytes=pdf_bytes,
        files=tuple(files),
    )


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


def file_size(size: int) -> str:
    """A size as GOV.UK writes it: 120 KB, 1.2 MB."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB"


__all__ = ["LibraryEntry", "entry_of", "file_size", "label_apart", "library_entries"]
