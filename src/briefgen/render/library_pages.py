"""The library as its pages show it: each briefing's entry, and the filters by type,
theme and year, one generated page each, that list them.

Plain data and pure functions: the entries come from what the manifest keeps of each
briefing's last good build (briefgen.publish.library); the templates draw these.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from briefgen.content.languages import untranslated
from briefgen.names import FEED_NAME, INDEX_NAME, library_name, pdf_name, record_name
from briefgen.render.words import ENGLISH_WORDS, Words


@dataclass(frozen=True)
class EntryPart:
    """One of several entries a briefing's page holds, listed under the briefing: a link to
    its heading in the page."""

    title: str
    anchor: str  # the id of its heading in the briefing's page
    date_text: str  # "October 2025"
    published: str  # ISO date
    summary: str = ""


def reach_text(teams: int, agencies: int, words: Words = ENGLISH_WORDS) -> str:
    """ "Discussed by 14 teams in 6 agencies": how far a briefing reached, in counts only
    (the impact report's, and the library's with `library.show_reach`), in the language of
    `words` ("Trafodwyd gan 14 tîm mewn 6 asiantaeth")."""
    team_words = words.ngettext("%(num)d team", "%(num)d teams", teams) % {"num": teams}
    agency_words = words.ngettext("%(num)d agency", "%(num)d agencies", agencies) % {
        "num": agencies
    }
    return words.gettext("Discussed by %(teams)s in %(agencies)s") % {
        "teams": team_words,
        "agencies": agency_words,
    }


@dataclass(frozen=True)
class LibraryEntry:
    """One briefing of the library."""

    slug: str
    title: str
    label: str  # the title as the index's links give it; see label_apart
    summary: str  # a line or two: the briefing's summary, else its first paragraph
    type_label: str  # "Audit summary"
    audience: str | None
    date_text: str  # "May 2020"
    published: str  # ISO date; "" for an undated briefing, listed after the dated ones
    written: str  # the date as the briefing wrote it: "2020-05", for <time datetime>; or ""
    themes: tuple[str, ...]
    partnership: str  # the briefing's own partnership (briefgen.yaml's unless it names one)
    pdf_size: str  # "120 KB"
    pdf_bytes: int
    files: tuple[str, ...]  # the names of the briefing's outputs, in its folder
    record_size: str | None = None  # the discussion record's size, where there is one
    other_partnership: str | None = None  # its own partnership, where not briefgen.yaml's
    replaces: Link | None = None  # the briefing this one replaces, if it is listed
    replaced_by: Link | None = None  # the listed briefing that replaces this one
    parts: tuple[EntryPart, ...] = ()  # the entries its page holds, each listed
    reach: str | None = None  # "Discussed by 14 teams in 6 agencies" (library.show_reach)
    language: str = ""  # its BCP 47 tag ("cy"); "" where not known: the project's
    translation_of: str | None = None  # the slug of the original, for a translation

    @property
    def year(self) -> str:
        return self.published[:4]

    @property
    def pdf(self) -> str:
        """The PDF's address, relative to the output folder."""
        return f"{self.slug}/{pdf_name(self.slug)}"

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


OPEN_FILTERS = 8  # a group of more filters starts closed, so that a phone reaches the list


# A group of more filters is listed whole on the index only; a filter page lists the one
# chosen and links to the rest. Otherwise every page would carry every filter: n pages of n
# links each, a cost that grows with the square of the filters (1,000 themes: 350 MB).
LISTED_ON_EVERY_PAGE = 30


MAX_FILTER_PAGES = 500  # types, themes and years: past them, a filter has no page


MAX_KEY_LENGTH = 60  # characters of a filter page's name taken from the theme or type


# The names of the filter pages, and only they, in the project's language or another's
# (`theme-neglect.cy.html`: see briefgen.names.library_name).
FILTER_PAGE = re.compile(r"(?:type|theme|year)-[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z]{2,3})?\.html\Z")


@dataclass(frozen=True)
class OtherIndex:
    """Another language's index, as each page of the library links to it at its top: named
    in its own language ("Cymraeg", "English"), so that a reader who does not read this
    one finds theirs."""

    tag: str  # its BCP 47 tag, for `hreflang` and the link's `lang`
    name: str  # its language's name in itself
    direction: str  # "ltr" or "rtl": the link's text is in that language
    file: str  # its index, beside this one: `index.cy.html`
    feed: str  # its Atom feed, beside it: `feed.cy.xml`


@dataclass(frozen=True)
class Edition:
    """The language a library's pages are in, and what follows for their names and links.

    A project in one language has one edition, its files named as they always were
    (`index.html`, `feed.xml`); each other language its briefings are in (or `languages`
    lists) has one more, its files' names carrying the language (`index.cy.html`)."""

    tag: str = ""  # its BCP 47 tag; "" for the project's `language`
    infix: str | None = None  # the subtag its files' names carry; None for the project's
    others: tuple[OtherIndex, ...] = ()  # the other languages' indexes, in reading order

    def name(self, file: str) -> str:
        """A file of this edition: `feed.xml` becomes `feed.cy.xml` in Welsh."""
        return library_name(file, self.infix)

    @property
    def index(self) -> str:
        return self.name(INDEX_NAME)

    @property
    def feed(self) -> str:
        return self.name(FEED_NAME)


ONE_LANGUAGE = Edition()  # the library of a project in one language: today's names


@dataclass(frozen=True)
class Filter:
    """One choice of the index's filters: a type, a theme or a year, and its page."""

    kind: str  # "type", "theme" or "year": the start of its page's name
    key: str  # a safe name for its page, made from its words
    label: str  # its words, as the briefings spell it
    slugs: frozenset[str]  # the briefings it lists
    infix: str | None = None  # its edition's language, as its name carries it (Edition)

    @property
    def file(self) -> str:
        """Its page, beside its index: `theme-neglect.html`, `theme-esgeulustod.cy.html`."""
        return library_name(f"{self.kind}-{self.key}.html", self.infix)

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
class Theme:
    """A theme as an entry lists it: its words, and its filter's page (None for a theme
    past MAX_FILTER_PAGES, which has none)."""

    label: str
    file: str | None


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
    edition: Edition = ONE_LANGUAGE

    @classmethod
    def of(cls, entries: Iterable[LibraryEntry], edition: Edition = ONE_LANGUAGE) -> Library:
        listed = tuple(entries)
        infix = edition.infix
        groups = (
            FilterGroup(
                untranslated("Type"),
                filters_of("type", listed, lambda e: [e.type_label], infix=infix),
            ),
            FilterGroup(
                untranslated("Theme"),
                filters_of("theme", listed, lambda e: list(e.themes), infix=infix),
            ),
            FilterGroup(
                untranslated("Year"),
                filters_of("year", listed, lambda e: [e.year], newest=True, infix=infix),
            ),
        )
        kept, left_out = within_the_page_bound(groups)
        return cls(listed, tuple(group for group in kept if group.filters), left_out, edition)

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
        pages = [LibraryPage(self.edition.index, self.entries)]
        for group in self.groups:
            for choice in group.filters:
                pages.append(LibraryPage(choice.file, tuple(chosen.get(choice, ())), choice))
        return pages

    @functools.cached_property
    def theme_pages(self) -> dict[str, str]:
        """Each theme's filter page, by its identity (as `filters_of` tells themes apart)."""
        return {
            identity_of(choice.label): choice.file
            for group in self.groups
            for choice in group.filters
            if choice.kind == "theme"
        }

    def themes(self, entry: LibraryEntry) -> tuple[Theme, ...]:
        """An entry's themes, each with the page that lists every briefing of it: a reader
        of one briefing on neglect goes on to the others."""
        return tuple(
            Theme(theme, self.theme_pages.get(identity_of(theme))) for theme in entry.themes
        )

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
    infix: str | None = None,
) -> tuple[Filter, ...]:
    """The filters of one kind. Words that differ only by case, accents or spacing
    ("Neglect", "neglect", "Négléct") are one filter, shown as most briefings spell it. A
    briefing without any (no type, no date) is under no filter of the kind."""
    spellings: dict[str, Counter[str]] = {}
    slugs: dict[str, set[str]] = {}
    for entry in entries:
        for words in filter(str.strip, words_of(entry)):
            identity = identity_of(words)
            spellings.setdefault(identity, Counter())[words.strip()] += 1
            slugs.setdefault(identity, set()).add(entry.slug)
    keys = unique_keys(sorted(spellings))
    filters = [
        Filter(
            kind,
            keys[identity],
            spellings[identity].most_common(1)[0][0],
            frozenset(found),
            infix,
        )
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


__all__ = [
    "FILTER_PAGE",
    "LISTED_ON_EVERY_PAGE",
    "MAX_FILTER_PAGES",
    "ONE_LANGUAGE",
    "Edition",
    "EntryPart",
    "Filter",
    "FilterGroup",
    "Library",
    "LibraryEntry",
    "LibraryPage",
    "Link",
    "OtherIndex",
    "Theme",
    "filters_of",
    "identity_of",
    "reach_text",
    "unique_keys",
]
