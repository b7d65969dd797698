"""What a page's head tells search engines and link previews: pure functions of the view
(or the library's entries) and the settings. Absolute addresses only with `site.url`; a
description cut at a word; the index's image its newest briefing's preview."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from briefgen.content.config import ProjectConfig
from briefgen.content.model import Briefing
from briefgen.render.library_pages import LibraryEntry
from briefgen.render.meta import (
    DESCRIPTION_LIMIT,
    PREVIEW_HEIGHT,
    PREVIEW_WIDTH,
    absolute,
    index_meta,
    page_meta,
    shortened,
    site_address,
)
from briefgen.render.present import BriefingView, present

NAME = "Anytown Partnership"
WITHOUT_SITE = ProjectConfig.model_validate({"partnership": {"name": NAME}})
WITH_SITE = ProjectConfig.model_validate(
    {"partnership": {"name": NAME}, "site": {"url": "https://example.org/briefings"}}
)


def view(**fields: Any) -> BriefingView:
    data = {
        "title": "Fathers",
        "type": "rapid review",
        "published": "2021-03-01",
        "introduction": "Why we looked.",
        **fields,
    }
    return present(Briefing.model_validate(data), "fathers-2021", WITHOUT_SITE)


def entry(slug: str, files: tuple[str, ...]) -> LibraryEntry:
    return LibraryEntry(
        slug=slug,
        title=slug.title(),
        label=slug.title(),
        summary="",
        type_label="Rapid review",
        audience="All",
        date_text="May 2020",
        published="2020-05-01",
        written="2020-05",
        themes=(),
        partnership=NAME,
        pdf_size="1 KB",
        pdf_bytes=1000,
        files=files,
    )


def test_the_site_address_ends_in_one_slash() -> None:
    assert site_address(WITH_SITE) == "https://example.org/briefings/"
    slashed = ProjectConfig.model_validate(
        {"partnership": {"name": NAME}, "site": {"url": "https://example.org/briefings//"}}
    )
    assert site_address(slashed) == "https://example.org/briefings/"
    assert site_address(WITHOUT_SITE) is None
    assert absolute("https://example.org/", "a/index.html") == "https://example.org/a/index.html"
    assert absolute(None, "a/index.html") is None


def test_a_briefing_page_with_a_site_has_its_address_and_image() -> None:
    meta = page_meta(view(summary="In short."), WITH_SITE)
    assert meta.title == "Fathers"
    assert meta.description == "In short."
    assert meta.kind == "article"
    assert meta.url == "https://example.org/briefings/fathers-2021/index.html"
    assert meta.image == "https://example.org/briefings/fathers-2021/fathers-2021-preview.jpg"
    assert meta.image_alt == "The top of the first page of the briefing Fathers"
    assert meta.published == "2021-03-01"
    assert (meta.image_width, meta.image_height) == (PREVIEW_WIDTH, PREVIEW_HEIGHT) == (1200, 630)


def test_without_a_site_a_page_has_no_address_nor_image() -> None:
    meta = page_meta(view(), WITHOUT_SITE)
    assert (meta.url, meta.image) == (None, None)
    assert meta.description == "Why we looked.", "the first paragraph, without a summary"


def test_a_long_first_paragraph_is_shortened_for_the_description() -> None:
    meta = page_meta(view(introduction="Many words here. " * 60), WITHOUT_SITE)
    assert len(meta.description) <= DESCRIPTION_LIMIT
    assert meta.description.endswith("…")
    assert ("Many words here. " * 60).startswith(meta.description[:-1] + " ")


def test_the_index_shows_its_newest_briefing_with_a_preview() -> None:
    entries = [
        entry("newest", ("newest.pdf",)),
        entry("older", ("older.pdf", "older-preview.jpg")),
        entry("oldest", ("oldest-preview.jpg",)),
    ]
    meta = index_meta(entries, WITH_SITE)
    assert meta.title == f"Learning briefings: {NAME}"
    assert meta.kind == "website"
    assert meta.url == "https://example.org/briefings/index.html"
    assert meta.image == "https://example.org/briefings/older/older-preview.jpg"
    assert meta.image_alt == "The top of the first page of Older"
    assert meta.description.startswith(f"The learning briefings of {NAME}, newest first")


def test_a_filter_page_names_its_filter() -> None:
    meta = index_meta([], WITH_SITE, "theme-neglect.html", "Neglect")
    assert meta.title == f"Neglect: Learning briefings: {NAME}"
    assert meta.description.startswith(f"The learning briefings of {NAME} (Neglect), newest")
    assert meta.url == "https://example.org/briefings/theme-neglect.html"
    assert (meta.image, meta.image_alt) == (None, "")
    assert index_meta([], WITHOUT_SITE).url is None


def test_a_short_text_is_kept_whole() -> None:
    assert shortened("Short.", 40) == "Short."
    assert shortened("x" * 40, 40) == "x" * 40


def test_a_long_text_is_cut_at_a_word_without_trailing_punctuation() -> None:
    assert shortened("One two, three four five six", 12) == "One two…"
    assert shortened("x" * 50, 10) == "x" * 9 + "…", "one long word is cut inside it"
    assert shortened(" 00", 2) == "…", "only a space fits: no word, and no error"


@given(st.text(max_size=400), st.integers(min_value=2, max_value=320))
def test_a_description_never_runs_past_its_limit(text: str, limit: int) -> None:
    cut = shortened(text, limit)
    assert len(cut) <= limit
    if len(text) <= limit:
        assert cut == text
    else:
        assert cut.endswith("…")
        assert len(cut) <= limit
