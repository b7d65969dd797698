"""What a reader sees of a text field: the same words as the rendered page, each traced to
where it was written."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.content.markdown import render_block, render_inline
from briefgen.content.published import Reading, find_published_personal_data, read_as_published
from tests.support.text import parse_html

# Letters, digits and every character briefgen's Markdown acts on, but `<` (a tag shown as
# text is read past, so the page and the reading differ there on purpose: see below).
MARKDOWN = st.text(alphabet="ab1 \n\r\t*_[]()!&#;x\\`~\"'>.-+:/@", max_size=120)


def page_words(markdown: str, *, paragraphs: bool) -> list[str]:
    html = render_block(markdown) if paragraphs else render_inline(markdown)
    return "".join(parse_html(html).text).split()


@given(MARKDOWN, st.booleans())
def test_the_reading_has_the_words_of_the_rendered_page(markdown: str, paragraphs: bool) -> None:
    (running, *_) = read_as_published(markdown, paragraphs=paragraphs)
    assert running.text.split() == page_words(markdown, paragraphs=paragraphs)


def assert_traced(source: str, reading: Reading) -> None:
    """Each piece of the reading points into the source, and a piece read as written is
    the very text there."""
    for piece in reading.pieces:
        start, end = piece.written
        assert 0 <= start <= end <= len(source)
        if piece.verbatim:
            assert source[start:end] == reading.text[piece.at : piece.at + piece.length]


@given(MARKDOWN | st.text(max_size=80), st.booleans())
def test_every_character_read_is_traced_to_the_source(markdown: str, paragraphs: bool) -> None:
    running, *apart = read_as_published(markdown, paragraphs=paragraphs)
    for reading in (running, *apart):
        assert_traced(markdown, reading)
    starts = [piece.written[0] for piece in running.pieces]
    assert starts == sorted(starts), "the running text is traced in the order it was written"


@given(MARKDOWN, st.booleans())
def test_a_finding_is_quoted_as_a_reader_sees_it_and_as_it_was_written(
    markdown: str, paragraphs: bool
) -> None:
    for found in find_published_personal_data(markdown, paragraphs=paragraphs):
        assert markdown[found.start : found.start + len(found.written)] == found.written


@pytest.mark.parametrize(
    ("written", "seen", "quoted"),
    [
        ("Mrs&nbsp;Patel", "Mrs\u00a0Patel", "Mrs&nbsp;Patel"),
        ("**Mrs** Patel", "Mrs Patel", "Mrs** Patel"),
        ("jane.doe\\@example.com", "jane.doe@example.com", "jane.doe\\@example.com"),
        ("RH**12** 1AB", "RH12 1AB", "RH**12** 1AB"),
    ],
)
def test_a_finding_is_quoted_from_its_first_character_to_its_last(
    written: str, seen: str, quoted: str
) -> None:
    source = f"It was *about* {written}, then."
    (found,) = find_published_personal_data(source, paragraphs=False)
    assert (found.text, found.written) == (seen, quoted)
    assert source.index(quoted) == found.start


def readings(source: str, *, paragraphs: bool = False) -> list[str]:
    return [reading.text for reading in read_as_published(source, paragraphs=paragraphs)]


def test_a_link_is_read_as_its_words_then_its_title_and_mail_address() -> None:
    source = '[write](mailto:jane%2Edoe@example.org "to Mrs&nbsp;Patel") or [read](https://x.org/a)'
    assert readings(source) == ["write or read", "mailto:jane.doe@example.org", "to Mrs\u00a0Patel"]


def test_a_title_and_an_address_are_traced_to_where_they_were_written() -> None:
    source = 'See [it](mailto:amy@example.org "from Mrs&#32;Hill").'
    _, address, title = read_as_published(source, paragraphs=False)
    assert source[slice(*address.written(0, len(address.text)))] == "mailto:amy@example.org"
    assert source[slice(*title.written(5, len(title.text)))] == "Mrs&#32;Hill"


def test_a_link_to_a_reference_is_read_with_the_title_of_its_definition() -> None:
    source = 'See [the letter][1].\n\n[1]: mailto:amy@example.org "Mrs Hill"'
    assert readings(source, paragraphs=True) == [
        "See the letter.",
        "mailto:amy@example.org",
        "Mrs Hill",
    ]


def test_an_image_is_read_as_its_alternative_text_alone() -> None:
    """The renderer shows an image as its alternative text; its address and title print
    nowhere."""
    assert readings('An ![*old* photo](mailto:a@b.org "a title") here') == ["An old photo here"]


def test_an_autolink_is_read_as_its_address_and_its_target() -> None:
    assert readings("Write to <mailto:jane.doe%40example.org> now") == [
        "Write to mailto:jane.doe%40example.org now",
        "mailto:jane.doe@example.org",
    ]


def test_tags_shown_as_text_are_read_past_and_read_apart() -> None:
    assert readings('<b>Mrs</b> Patel <a href="mailto:amy@example.org">') == [
        "Mrs Patel ",
        "<b>",
        "</b>",
        '<a href="mailto:amy@example.org">',
    ]


def test_paragraphs_and_list_items_are_read_apart() -> None:
    assert readings("Mrs\n\nPatel", paragraphs=True) == ["Mrs\n\nPatel"]
    assert readings("- Mrs\n- Patel", paragraphs=True) == ["Mrs\n\nPatel"]


def test_one_line_of_markdown_is_read_on_one_line_as_the_page_shows_it() -> None:
    """A field shown as one line shows a blank line in it as one space, and a list marker
    as text."""
    assert readings("Mrs\n\nPatel") == ["Mrs\nPatel"]
    assert readings("Mrs\n\n\n  Patel") == ["Mrs\nPatel"]
    assert readings("- Mrs Patel") == ["- Mrs Patel"]


@pytest.mark.parametrize("paragraphs", [False, True])
def test_text_without_markup_is_read_as_it_is(paragraphs: bool) -> None:
    (reading,) = read_as_published("Mrs Patel, aged 3, 943 476 5919.", paragraphs=paragraphs)
    assert reading.text == "Mrs Patel, aged 3, 943 476 5919."
    assert reading.written(0, 9) == (0, 9)


SIZE = 100_000
ADVERSARIAL_MARKDOWN = {
    "open brackets": "[" * SIZE,
    "links without ends": "![a](" * (SIZE // 5),
    "autolinks": "<a@b.co>" * (SIZE // 8),
    "tags": "<b>x</b>" * (SIZE // 8),
    "tags without ends": "<a b" * (SIZE // 4),
    "references": "&#64;&amp;" * (SIZE // 10),
    "escapes": "\\*" * (SIZE // 2),
    "emphasis": "*a_" * (SIZE // 3),
    "line breaks": "a  \n" * (SIZE // 4),
    "everything": '*a_[b](<c> "d")&amp;\\*<i>' * (SIZE // 25),
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL_MARKDOWN))
@pytest.mark.slow
def test_long_adversarial_markdown_finishes(name: str) -> None:
    """A hang guard, not a benchmark: each piece is found once, each tag sliced out once."""
    text = ADVERSARIAL_MARKDOWN[name]
    outcome: list[int] = []
    worker = threading.Thread(
        target=lambda: outcome.append(len(read_as_published(text, paragraphs=True))), daemon=True
    )
    worker.start()
    worker.join(timeout=60)
    assert outcome, f"read_as_published did not finish on {name!r} in 60 s"
