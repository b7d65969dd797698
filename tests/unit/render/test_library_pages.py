"""The library as its pages show it: each entry's addresses, the filters by type, theme
and year (spellings that differ by case, accents or spacing are one filter, named in
ASCII), which of them a page lists open or abridged, and the page of each filter."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefgen.content.languages import language_of
from briefgen.paths import builtin_theme
from briefgen.render.library_pages import (
    FILTER_PAGE,
    LISTED_ON_EVERY_PAGE,
    ONE_LANGUAGE,
    Edition,
    Filter,
    FilterGroup,
    Library,
    LibraryEntry,
    LibraryPage,
    Link,
    filters_of,
    identity_of,
    reach_text,
    unique_keys,
)
from briefgen.render.words import load_words


def entry(
    slug: str,
    themes: tuple[str, ...] = (),
    published: str = "2020-05-01",
    type_label: str = "Multi-agency audit",
    files: tuple[str, ...] = (),
) -> LibraryEntry:
    return LibraryEntry(
        slug=slug,
        title=slug.title(),
        label=slug.title(),
        summary="A summary.",
        type_label=type_label,
        audience="Practitioners",
        date_text="May 2020",
        published=published,
        written=published,
        themes=themes,
        partnership="A partnership",
        pdf_size="120 KB",
        pdf_bytes=120_000,
        files=files or (f"{slug}.pdf", "index.html"),
    )


def test_an_entry_gives_its_year_and_the_addresses_of_its_files() -> None:
    plain = entry("neglect-2020")
    assert plain.year == "2020"
    assert plain.pdf == "neglect-2020/neglect-2020.pdf"
    assert plain.page == "neglect-2020/index.html"
    assert plain.record is None, "no record among its files"
    recorded = entry("neglect-2020", files=("neglect-2020-discussion-record.docx",))
    assert recorded.record == "neglect-2020/neglect-2020-discussion-record.docx"
    assert Link("older", "Older").page == "older/index.html"


def test_spellings_of_one_theme_are_one_filter_named_as_most_spell_it() -> None:
    entries = (
        entry("a", ("Neglect",)),
        entry("b", ("neglect ",)),
        entry("c", ("Négléct", "Infants")),
        entry("d", ("Neglect",)),
    )
    filters = filters_of("theme", entries, lambda e: list(e.themes))
    assert [(f.label, f.key, f.count) for f in filters] == [
        ("Infants", "infants", 1),
        ("Neglect", "neglect", 4),
    ]
    assert filters[1].slugs == {"a", "b", "c", "d"}
    assert filters[1].file == "theme-neglect.html"


def test_years_are_listed_newest_first() -> None:
    entries = tuple(entry(f"e{year}", published=f"{year}-01-01") for year in (2019, 2023, 2021))
    years = filters_of("year", entries, lambda e: [e.year], newest=True)
    assert [choice.label for choice in years] == ["2023", "2021", "2019"]


def test_the_index_then_a_page_for_each_filter_lists_its_briefings_in_order() -> None:
    entries = [
        entry("new", ("neglect",), "2023-01-01"),
        entry("mid", ("infants",), "2021-01-01", type_label="Rapid review"),
        entry("old", ("neglect", "infants"), "2019-01-01"),
    ]
    library = Library.of(entries)
    assert [group.heading for group in library.groups] == ["Type", "Theme", "Year"]
    pages = {page.file: [e.slug for e in page.entries] for page in library.pages()}
    assert pages == {
        "index.html": ["new", "mid", "old"],
        "type-multi-agency-audit.html": ["new", "old"],
        "type-rapid-review.html": ["mid"],
        "theme-infants.html": ["mid", "old"],
        "theme-neglect.html": ["new", "old"],
        "year-2023.html": ["new"],
        "year-2021.html": ["mid"],
        "year-2019.html": ["old"],
    }
    assert library.notices() == []


def test_a_library_without_themes_has_no_theme_group() -> None:
    library = Library.of([entry("a")])
    assert [group.heading for group in library.groups] == ["Type", "Year"]
    assert Library.of([]).groups == ()


def group_of(count: int) -> FilterGroup:
    return FilterGroup(
        "Theme",
        tuple(Filter("theme", f"t{n}", f"T{n}", frozenset({f"s{n}"})) for n in range(count)),
    )


def test_a_group_names_its_list_and_its_whole_length() -> None:
    group = group_of(3)
    assert (group.kind, group.anchor, group.everything) == (
        "theme",
        "bg-filters-theme",
        "All 3 themes",
    )
    assert FilterGroup("Year", ()).kind == ""


def test_a_short_group_is_open_everywhere_a_long_one_on_its_own_pages() -> None:
    short, long = group_of(8), group_of(9)
    index = LibraryPage("index.html", ())
    assert index.opens(short)
    assert not index.opens(long)
    own = LibraryPage(long.filters[0].file, (), long.filters[0])
    assert own.opens(long)
    other = LibraryPage("year-2020.html", (), Filter("year", "2020", "2020", frozenset()))
    assert not other.opens(long)


def test_a_filter_page_lists_only_its_own_filter_of_a_very_long_group() -> None:
    long = group_of(LISTED_ON_EVERY_PAGE + 1)
    chosen = long.filters[5]
    page = LibraryPage(chosen.file, (), chosen)
    assert page.abridged(long)
    assert page.listed(long) == (chosen,)
    index = LibraryPage("index.html", ())
    assert not index.abridged(long)
    assert index.listed(long) == long.filters
    just = group_of(LISTED_ON_EVERY_PAGE)
    assert LibraryPage(just.filters[0].file, (), just.filters[0]).listed(just) == just.filters


@given(st.text(max_size=30))
def test_an_identity_is_bare_single_spaced_and_stable(words: str) -> None:
    identity = identity_of(words)
    assert identity_of(identity) == identity
    assert identity == identity.strip()
    assert "  " not in identity
    assert identity_of(words.upper()) == identity_of(words.lower()) or not words.isascii()


@given(st.lists(st.text(max_size=70), max_size=12))
def test_every_filter_gets_its_own_safe_page_name(words: list[str]) -> None:
    identities = sorted({identity_of(word) for word in words})
    keys = unique_keys(identities)
    assert set(keys) == set(identities)
    assert len(set(keys.values())) == len(identities)
    for key in keys.values():
        assert FILTER_PAGE.match(f"theme-{key}.html"), key
        assert 0 < len(key) <= 60


# --- One library a language --------------------------------------------------------------------


def test_the_library_of_another_language_names_every_page_in_it() -> None:
    """The Welsh library's index and filter pages carry `cy` (index.cy.html,
    theme-esgeulustod.cy.html), and its links among them say so; the project's language
    keeps today's names."""
    entries = [entry("a-cy", ("Esgeulustod",), type_label="Archwiliad")]
    welsh = Library.of(entries, Edition("cy", "cy"))
    assert [page.file for page in welsh.pages()] == [
        "index.cy.html",
        "type-archwiliad.cy.html",
        "theme-esgeulustod.cy.html",
        "year-2020.cy.html",
    ]
    assert all(FILTER_PAGE.match(page.file) for page in welsh.pages()[1:])
    assert welsh.themes(entries[0])[0].file == "theme-esgeulustod.cy.html"
    assert (welsh.edition.index, welsh.edition.feed) == ("index.cy.html", "feed.cy.xml")
    english = Library.of([entry("a", ("Neglect",))])
    assert english.edition == ONE_LANGUAGE
    assert [page.file for page in english.pages()][:2] == [
        "index.html",
        "type-multi-agency-audit.html",
    ]
    assert (english.edition.index, english.edition.feed) == ("index.html", "feed.xml")


def test_how_far_a_briefing_reached_is_told_in_the_library_s_language() -> None:
    """The counts' words come from the catalogue: a Welsh index counts teams in Welsh
    (a Welsh noun stays singular after a number: 14 tîm)."""
    assert reach_text(14, 6) == "Discussed by 14 teams in 6 agencies"
    assert reach_text(1, 1) == "Discussed by 1 team in 1 agency"
    welsh = load_words(language_of("cy"), [builtin_theme()], builtin_theme())
    assert reach_text(14, 6, welsh) == "Trafodwyd gan 14 tîm mewn 6 asiantaeth"
    assert reach_text(1, 2, welsh) == "Trafodwyd gan 1 tîm mewn 2 asiantaeth"
