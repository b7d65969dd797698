"""The learning library: every published briefing, as the index and its feeds list it.

A briefing is listed as its last good build made it (the manifest keeps what the
index shows of it), not as its broken or edited source says: a briefing whose latest
edit failed stays listed with the outputs that are still published, and one whose
content file is gone is not listed at all (the build withdraws it).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from briefgen.config import Project
from briefgen.incremental import Manifest
from briefgen.paths import content_sources
from briefgen.record import record_name
from briefgen.values import MAX_LABEL, MAX_THEMES


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
    record_size: str | None = None  # the discussion record's size, where there is one
    other_partnership: str | None = None  # its own partnership, where not briefgen.yaml's
    replaces: Link | None = None  # the briefing this one replaces, if it is listed
    replaced_by: Link | None = None  # the listed briefing that replaces this one

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

    @property
    def record(self) -> str | None:
        """The discussion record's address, relative to the output folder, if it has one."""
        name = record_name(self.slug)
        return f"{self.slug}/{name}" if name in self.files else None


@dataclass(frozen=True)
class Link:
    """Another briefing of the library, as a link names it."""

    slug: str
    label: str

    @property
    def page(self) -> str:
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
        listed = entry_of(slug, entry.listing, sorted(entry.outputs), pdf.stat().st_size)
        entries.append(with_extras(listed, project))
    entries.sort(key=lambda entry: (entry.published, entry.title), reverse=True)
    return link_replacements(label_apart(entries), replaced_slugs(manifest, entries))


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
        published=listing["published"],
        themes=themes_of(listing),
        partnership=listing.get("partnership", ""),
        pdf_size=file_size(pdf_bytes),
        pdf_bytes=pdf_bytes,
        files=tuple(files),
    )


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


# --- The filters: one generated page per type, per theme and per year -----------------------

OPEN_FILTERS = 8  # a group of more filters starts closed, so that a phone reaches the list
# A group of more filters is listed whole on the index only; a filter page lists the one
# chosen and links to the rest. Otherwise every page would carry every filter: n pages of n
# links each, a cost that grows with the square of the filters (1,000 themes: 350 MB).
LISTED_ON_EVERY_PAGE = 30
MAX_FILTER_PAGES = 500  # types, themes and years: past them, a filter has no page
MAX_KEY_LENGTH = 60  # characters of a filter page's name taken from the theme or type
# The names of the filter pages, and only they: the index's sweep removes no other file.
FILTER_PAGE = re.compile(r"(?:type|theme|year)-[a-z0-9]+(?:-[a-z0-9]+)*\.html\Z")


@dataclass(frozen=True)
class Filter:
    """One choice of the index's filters: a type, a theme or a year, and its page."""

    kind: str  # "type", "theme" or "year": the start of its page's name
    key: str  # a safe name for its page, made from its words
    label: str  # its words, as the briefings spell it
    slugs: frozenset[str]  # the briefings it lists

    @property
    def file(self) -> str:
        """Its page, beside index.html: `theme-neglect.html`."""
        return f"{self.kind}-{self.key}.html"

    @property
    def count(self) -> int:
        return len(self.slugs)


@dataclass(frozen=True)
class FilterGroup:
    """The filters of one kind, as the navigation lists them under a heading."""

    heading: str  # "Type", "Theme", "Year"
    filters: tuple[Filter, ...]

    @property
    def kind(self) -> str:
        return self.filters[0].kind if self.filters else ""

    @property
    def anchor(self) -> str:
        """The id of its list on the index, where a long group is listed whole."""
        return f"bg-filters-{self.kind}"

    @property
    def everything(self) -> str:
        """The link to its whole list, from a page that lists only the filter chosen."""
        return f"All {len(self.filters)} {self.heading.lower()}s"


@dataclass(frozen=True)
class LibraryPage:
    """One page of the library: the index (no filter chosen) or a filter's page."""

    file: str
    entries: tuple[LibraryEntry, ...]
    chosen: Filter | None = None

    def opens(self, group: FilterGroup) -> bool:
        """Whether the navigation shows a group's filters open: a short group always, a long
        one (a phone's screenful of themes) on the page of one of its own filters."""
        short = len(group.filters) <= OPEN_FILTERS
        return short or (self.chosen is not None and self.chosen.kind == group.kind)

    def abridged(self, group: FilterGroup) -> bool:
        """Whether this page lists only the filter chosen of the group, and links to the
        whole list on the index: a filter page, of a group too long for every page."""
        return self.chosen is not None and len(group.filters) > LISTED_ON_EVERY_PAGE

    def listed(self, group: FilterGroup) -> tuple[Filter, ...]:
        """The group's filters this page's navigation lists."""
        if not self.abridged(group):
            return group.filters
        return tuple(choice for choice in group.filters if choice == self.chosen)


@dataclass(frozen=True)
class Library:
    """Every listed briefing and the filters that choose among them; `left_out`, the
    filters past MAX_FILTER_PAGES, which have no page."""

    entries: tuple[LibraryEntry, ...]
    groups: tuple[FilterGroup, ...] = field(default=())
    left_out: tuple[Filter, ...] = field(default=())

    @classmethod
    def of(cls, entries: Iterable[LibraryEntry]) -> Library:
        listed = tuple(entries)
        groups = (
            FilterGroup("Type", filters_of("type", listed, lambda e: [e.type_label])),
            FilterGroup("Theme", filters_of("theme", listed, lambda e: list(e.themes))),
            FilterGroup("Year", filters_of("year", listed, lambda e: [e.year], newest=True)),
        )
        kept, left_out = within_the_page_bound(groups)
        return cls(listed, tuple(group for group in kept if group.filters), left_out)

    def pages(self) -> list[LibraryPage]:
        """The index, then one page per filter, each listing its briefings newest first.

        Each filter's briefings are gathered in one walk of the entries, so the work grows
        with the briefings each page lists, not with the pages times the briefings."""
        filters_of_slug: dict[str, list[Filter]] = {}
        for group in self.groups:
            for choice in group.filters:
                for slug in choice.slugs:
                    filters_of_slug.setdefault(slug, []).append(choice)
        chosen: dict[Filter, list[LibraryEntry]] = {}
        for entry in self.entries:
            for choice in filters_of_slug.get(entry.slug, ()):
                chosen.setdefault(choice, []).append(entry)
        pages = [LibraryPage("index.html", self.entries)]
        for group in self.groups:
            for choice in group.filters:
                pages.append(LibraryPage(choice.file, tuple(chosen.get(choice, ())), choice))
        return pages

    def notices(self) -> list[str]:
        """What the build says of filters left without a page, once."""
        if not self.left_out:
            return []
        total = len(self.left_out) + sum(len(group.filters) for group in self.groups)
        named = ", ".join(repr(choice.label) for choice in self.left_out[:3])
        more = f" and {len(self.left_out) - 3} more" if len(self.left_out) > 3 else ""
        return [
            f"the library has {total:,} types, themes and years to filter by, more than the "
            f"{MAX_FILTER_PAGES} pages it makes: the {len(self.left_out):,} that list the "
            f"fewest briefings have no page ({named}{more}). Fix: give the briefings fewer, "
            "broader themes that they share: a theme of one briefing filters nothing"
        ]


def within_the_page_bound(
    groups: Iterable[FilterGroup],
) -> tuple[list[FilterGroup], tuple[Filter, ...]]:
    """The groups with at most MAX_FILTER_PAGES filters in all, those that list the most
    briefings kept (types before themes before years where they list as many); and the
    filters left out, fewest briefings last."""
    groups = list(groups)
    ranked = [
        (-choice.count, order, identity_of(choice.label), choice)
        for order, group in enumerate(groups)
        for choice in group.filters
    ]
    ranked.sort(key=lambda ranking: ranking[:3])
    kept = {ranking[3] for ranking in ranked[:MAX_FILTER_PAGES]}
    bounded = [
        FilterGroup(group.heading, tuple(f for f in group.filters if f in kept)) for group in groups
    ]
    return bounded, tuple(ranking[3] for ranking in ranked[MAX_FILTER_PAGES:])


def filters_of(
    kind: str,
    entries: tuple[LibraryEntry, ...],
    words_of: Callable[[LibraryEntry], list[str]],
    *,
    newest: bool = False,
) -> tuple[Filter, ...]:
    """The filters of one kind. Words that differ only by case, accents or spacing
    ("Neglect", "neglect", "Négléct") are one filter, shown as most briefings spell it."""
    spellings: dict[str, Counter[str]] = {}
    slugs: dict[str, set[str]] = {}
    for entry in entries:
        for words in words_of(entry):
            identity = identity_of(words)
            spellings.setdefault(identity, Counter())[words.strip()] += 1
            slugs.setdefault(identity, set()).add(entry.slug)
    keys = unique_keys(sorted(spellings))
    filters = [
        Filter(kind, keys[identity], spellings[identity].most_common(1)[0][0], frozenset(found))
        for identity, found in slugs.items()
    ]
    filters.sort(key=lambda choice: identity_of(choice.label), reverse=newest)
    return tuple(filters)


def identity_of(words: str) -> str:
    """What makes two spellings of a theme one: no accents, no case, single spaces."""
    decomposed = unicodedata.normalize("NFKD", words)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def unique_keys(identities: list[str]) -> dict[str, str]:
    """A safe, non-empty and distinct page name for each filter, given in a stable order.

    The name is the words in ASCII (accents dropped), lower case, hyphens between, at most
    MAX_KEY_LENGTH characters: nothing of a theme's own (a slash, `..`, markup) reaches a
    file name. Words that leave nothing (only punctuation, another script) are named by a
    hash of them, and so is the second of two filters whose names would be the same.
    """
    keys: dict[str, str] = {}
    taken: set[str] = set()
    for identity in identities:
        key = plain_key(identity) or hashed_key(identity)
        while key in taken:
            key = f"{key[: MAX_KEY_LENGTH - 11].rstrip('-')}-{hashed_key(identity + key)}"
        taken.add(key)
        keys[identity] = key
    return keys


def plain_key(words: str) -> str:
    ascii_words = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "-", ascii_words.lower()).strip("-")
    return key[:MAX_KEY_LENGTH].rstrip("-")


def hashed_key(words: str) -> str:
    return hashlib.sha256(words.encode()).hexdigest()[:10]


def file_size(size: int) -> str:
    """A size as GOV.UK writes it: 120 KB, 1.2 MB."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB"


__all__ = [
    "FILTER_PAGE",
    "Filter",
    "FilterGroup",
    "Library",
    "LibraryEntry",
    "LibraryPage",
    "Link",
    "entry_of",
    "file_size",
    "label_apart",
    "library_entries",
    "record_name",
    "themes_of",
]
