"""The outputs' file names, spelt in one place: a briefing's PDF, record, preview image,
proofs and web files, and only those, are what a build writes (and may remove); sizes are
told as GOV.UK writes them."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from briefgen.names import (
    LIBRARY_FILE,
    LIBRARY_INDEX,
    PROOF_PAGE,
    WEB_FILES,
    bilingual_name,
    file_size,
    language_infix,
    library_name,
    pdf_name,
    preview_name,
    proof_name,
    record_name,
    written_by_a_build,
)

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
SLUGS = st.lists(WORD, min_size=1, max_size=4).map("-".join)


def test_each_output_is_named_after_its_briefing() -> None:
    assert pdf_name("neglect-2024") == "neglect-2024.pdf"
    assert record_name("neglect-2024") == "neglect-2024-discussion-record.docx"
    assert preview_name("neglect-2024") == "neglect-2024-preview.jpg"
    assert bilingual_name("neglect-2024") == "neglect-2024-bilingual.pdf"
    assert proof_name(3) == "proof-page-3.png"


@given(SLUGS, st.integers(min_value=1, max_value=999))
def test_a_build_owns_every_name_it_writes(slug: str, page: int) -> None:
    names = [pdf_name(slug), record_name(slug), preview_name(slug), proof_name(page), *WEB_FILES]
    names.append(bilingual_name(slug))
    assert all(written_by_a_build(slug, name) for name in names)


@given(SLUGS, st.text(max_size=40))
def test_a_build_owns_no_other_name(slug: str, name: str) -> None:
    """Another briefing's PDF, a hidden file, a path: never removed from a briefing's folder."""
    owned = {pdf_name(slug), record_name(slug), preview_name(slug), bilingual_name(slug)}
    owned |= WEB_FILES
    if name not in owned and not re.fullmatch(r"proof-page-[1-9][0-9]{0,2}\.png", name):
        assert not written_by_a_build(slug, name)


def test_names_near_a_builds_are_not_its_own() -> None:
    slug = "neglect-2024"
    for name in (
        "other-2024.pdf",
        "neglect-2024.pdf/../x",
        ".briefgen-manifest.json",
        "proof-page-0.png",
        "proof-page-1000.png",
        "proof-page-1.png\n",
        "proof-page-01.png",
        "index.htm",
        "../neglect-2024.pdf",
    ):
        assert not written_by_a_build(slug, name), name
    assert PROOF_PAGE.match("proof-page-999.png")


def test_sizes_are_told_in_kilobytes_then_megabytes() -> None:
    assert file_size(0) == "1 KB"
    assert file_size(1) == "1 KB"
    assert file_size(120_400) == "120 KB"
    assert file_size(999_499) == "999 KB"
    assert file_size(1_000_000) == "1.0 MB"
    assert file_size(1_240_000) == "1.2 MB"


@given(st.integers(min_value=0, max_value=10**12))
def test_every_size_has_a_number_and_a_unit(size: int) -> None:
    number, unit = file_size(size).split(" ")
    assert unit in ("KB", "MB")
    assert float(number) >= (1 if unit == "KB" else 1.0)


# --- The library's files, in the project's language and in others ---------------------------


def test_the_project_s_language_keeps_today_s_names_and_another_carries_its_own() -> None:
    assert library_name("index.html", None) == "index.html"
    assert library_name("feed.xml", None) == "feed.xml"
    assert library_name("index.html", "cy") == "index.cy.html"
    assert library_name("index-fragment-shadow.html", "cy") == "index-fragment-shadow.cy.html"
    assert library_name("theme-neglect.html", "ur") == "theme-neglect.ur.html"
    assert library_name("feed.xml", "cy") == "feed.cy.xml"
    assert library_name("briefings.json", "pl") == "briefings.pl.json"


def test_a_language_is_its_primary_subtag_and_none_in_the_project_s_own() -> None:
    assert language_infix("en-GB", "en-GB") is None
    assert language_infix("en", "en-GB") is None  # one English library
    assert language_infix("cy", "en-GB") == "cy"
    assert language_infix("cy-GB", "en-GB") == "cy"
    assert language_infix("en-GB", "cy") == "en"  # a Welsh project's English index


def test_the_sweep_of_the_library_knows_its_files_and_no_other() -> None:
    """Only these names are ever removed from the top of the output folder: a file the web
    team put beside the index (and a briefing's folder, which has no dot) stays."""
    for name in (
        "index.html",
        "index.cy.html",
        "index-fragment.html",
        "index-fragment-inline.cy.html",
        "index-fragment-shadow.ur.html",
        "theme-neglect.html",
        "type-archwiliad-amlasiantaethol.cy.html",
        "year-2020.cy.html",
        "feed.xml",
        "feed.cy.xml",
        "briefings.json",
        "briefings.cy.json",
        "sitemap.xml",
    ):
        assert LIBRARY_FILE.match(name), name
    for name in (
        "cy",
        "index",
        "notes.html",
        "index.cy",
        "index.cy.cy.html",
        "index.CY.html",
        "index.cymraeg.html",
        "feed.json",
        "briefings.xml",
        "sitemap.cy.xml",
        "theme-.html",
        "../index.cy.html",
        "cy/index.html",
        ".briefgen-manifest.json",
        "index.html.bak",
    ):
        assert not LIBRARY_FILE.match(name), name


@given(SLUGS)
def test_no_briefing_s_folder_is_a_library_file(slug: str) -> None:
    assert not LIBRARY_FILE.match(slug)


def test_each_language_s_index_is_known_for_the_preview() -> None:
    assert LIBRARY_INDEX.match("index.html")
    assert LIBRARY_INDEX.match("index.cy.html")
    assert not LIBRARY_INDEX.match("index-fragment.cy.html")
    assert not LIBRARY_INDEX.match("theme-neglect.cy.html")
