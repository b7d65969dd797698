"""The one Markdown set-up (briefgen.content.markdown): what it refuses is found afresh by each
call, so that calls never share what they found, whichever thread makes them."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from briefgen.content.markdown import (
    Notes,
    has_emphasis,
    heading_markup,
    heading_text,
    keep_figures_whole,
    note_mark,
    note_references,
    note_texts,
    note_words,
    notes_in,
    plain_text,
    refused_markup,
    render_block,
    render_heading,
    render_inline,
    render_note,
)
from briefgen.content.values import NoteStyle


@pytest.fixture
def threads_switching_often() -> Iterator[None]:
    """Python threads take turns every 5 ms; every microsecond here, so that two calls
    interleave inside a parse, as they may in the preview's threads."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


def text_with_links(number: int) -> str:
    return (
        f"See [the policy](javascript:alert({number})), [the guide](https://example.org/{number}) "
        f"and [the form](data:text/html,{number})."
    )


def test_refusals_are_found_for_each_call_alone(threads_switching_often: None) -> None:
    texts = [text_with_links(number) for number in range(40)]
    alone = [refused_markup(text) for text in texts]
    assert alone[7] == [
        "the link to 'javascript:alert(7)' (links must start with https://, mailto: or tel:)",
        "the link to 'data:text/html,7' (links must start with https://, mailto: or tel:)",
    ]
    with ThreadPoolExecutor(8) as pool:
        for _ in range(10):
            assert list(pool.map(refused_markup, texts)) == alone


def test_a_refused_link_stays_text_and_a_safe_one_is_a_link() -> None:
    html = render_inline(text_with_links(1))
    assert "[the policy](javascript:alert(1))" in html
    assert '<a href="https://example.org/1">the guide</a>' in html


def test_a_link_with_a_line_break_in_its_address_stays_text_and_says_why() -> None:
    """[the team](mailto:team@example.org%0D%0ABcc:...) would add a Bcc to the mail."""
    text = "Email [the team](mailto:team@example.org%0D%0ABcc:harvest@evil.example) today."
    assert "<a " not in render_inline(text)
    assert refused_markup(text) == [
        "the link to 'mailto:team@example.org%0D%0ABcc:harvest@evil.example' (a link may not "
        "hold a line break or another control character, %0A or %0D)"
    ]


def test_a_range_of_figures_is_kept_whole_in_text_and_never_inside_a_tag() -> None:
    """A browser may break '2023-24' after its hyphen in a narrow column: each range of
    figures is set in a span that never breaks, and a tag's attributes are left alone."""
    html = keep_figures_whole('In 2023-24, <a href="https://x.org/10-12">10-12 of 3/4</a> v1-2')
    assert html == (
        'In <span class="bg-nowrap">2023-24</span>, <a href="https://x.org/10-12">'
        '<span class="bg-nowrap">10-12</span> of <span class="bg-nowrap">3/4</span></a> v1-2'
    )


def test_a_list_numbered_from_another_number_carries_its_start_for_print_and_web() -> None:
    """WeasyPrint reads no `start`: the counter is set in CSS too, so both number from 3."""
    html = str(render_block("3. The third step.\n4. The fourth step.\n"))
    assert '<ol start="3" style="counter-reset: list-item 2">' in html
    assert "<ol>" in str(render_block("1. The first step.\n2. The second.\n"))


def test_a_phrase_in_another_language_is_a_span_of_its_language() -> None:
    """`[Bore da]{lang=cy}`: a screen reader switches voice for the phrase; its words are
    Markdown as any; a tag that is no language tag, or a link, stays as it was."""
    assert render_inline("Say [Bore da]{lang=cy} to all") == (
        'Say <span lang="cy">Bore da</span> to all'
    )
    assert render_inline("[a *b*]{lang=ur-PK}") == '<span lang="ur-PK">a <em>b</em></span>'
    assert (
        render_block("- [Shwmae]{lang=cy}") == '<ul>\n<li><span lang="cy">Shwmae</span></li>\n</ul>'
    )
    assert render_inline("[no]{lang=Welsh language}") == "[no]{lang=Welsh language}"
    assert render_inline('[no]{lang="cy"}') == "[no]{lang=&quot;cy&quot;}"
    assert render_inline("[a link](https://example.org)") == (
        '<a href="https://example.org">a link</a>'
    )
    assert plain_text("Say [Bore da]{lang=cy} to all") == "Say Bore da to all"


NOTED = (
    "Reviews are held within 15 working days.[^wt] Four were held.[^count]\n\n"
    "[^wt]: Working Together to Safeguard Children 2023, *chapter 5*.\n\n"
    "[^count]: Two more were notified.\n\n    They did not meet the criteria.\n"
)


def test_a_note_is_not_shown_where_it_is_written_and_its_reference_links_to_it() -> None:
    notes = Notes("brief", NoteStyle.NUMBERS, note_texts(NOTED))
    with notes_in(notes):
        html = render_block(NOTED)
    assert "Working Together" not in html
    assert "[^" not in html
    assert html == (
        "<p>Reviews are held within 15 working days."
        '<sup class="bg-footnote-ref" id="brief-footnote-ref-1">'
        '<a href="#brief-footnote-1" aria-label="Note 1">1</a></sup> Four were held.'
        '<sup class="bg-footnote-ref" id="brief-footnote-ref-2">'
        '<a href="#brief-footnote-2" aria-label="Note 2">2</a></sup></p>'
    )
    assert list(notes.texts) == ["wt", "count"]
    assert render_note(notes.texts["wt"]) == (
        "Working Together to Safeguard Children 2023, <em>chapter 5</em>."
    )
    assert render_note(notes.texts["count"]) == (
        "<p>Two more were notified.</p>\n<p>They did not meet the criteria.</p>"
    )
    assert note_words(notes.texts["count"]) == (
        "Two more were notified.\nThey did not meet the criteria."
    )


def test_notes_are_numbered_in_the_order_first_referred_to_across_fields() -> None:
    notes = Notes("b", NoteStyle.ROMAN, note_texts(NOTED))
    with notes_in(notes):
        first = render_inline("A finding.[^count]")
        render_block(NOTED)
        again = render_inline("Again.[^count]")
    assert 'aria-label="Note i">i</a>' in first
    assert notes.numbers == {"count": 1, "wt": 2}
    assert 'id="b-footnote-ref-1-3"' in again  # its third reference: an id of its own


def test_note_marks_in_each_style() -> None:
    assert [note_mark(number, NoteStyle.NUMBERS) for number in (1, 2, 10)] == ["1", "2", "10"]
    assert [note_mark(number, NoteStyle.ROMAN) for number in (1, 4, 9, 14, 40)] == [
        "i", "iv", "ix", "xiv", "xl"
    ]  # fmt: skip
    assert [note_mark(number, NoteStyle.SYMBOLS) for number in (1, 2, 3, 6, 7, 8)] == [
        "*", "\u2020", "\u2021", "\u00b6", "**", "\u2020\u2020"
    ]  # fmt: skip


def test_references_are_read_in_one_line_fields_and_notes_only_in_paragraphs() -> None:
    assert note_references("A finding.[^a] And [^b].", paragraphs=False) == ["a", "b"]
    assert note_references(NOTED, paragraphs=True) == ["wt", "count"]
    assert note_texts("Text without notes.") == {}


def test_a_text_without_notes_never_imports_the_footnote_plug_in() -> None:
    """Most briefings have no notes: they pay nothing for them at a cold start."""
    script = (
        "import sys\n"
        "from briefgen.content.markdown import render_block, render_inline\n"
        "render_block('Paragraph with [a link](https://example.org/).')\n"
        "render_inline('One line, **bold**.')\n"
        "assert 'mdit_py_plugins' not in sys.modules, 'imported'\n"
        "render_block('A note.[^1]\\n\\n[^1]: Its text.')\n"
        "assert 'mdit_py_plugins' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_a_heading_shows_its_emphasis_and_gives_its_words_alone_elsewhere() -> None:
    assert render_heading("**S**hare information") == "<strong>S</strong>hare information"
    assert heading_text("**S**hare _information_") == "Share information"
    assert heading_text(r"Tom \*and\* Jerry &amp; co") == "Tom *and* Jerry & co"
    assert render_heading("A <b>tag</b>") == "A &lt;b&gt;tag&lt;/b&gt;"
    assert has_emphasis("**S**hare")
    assert has_emphasis("_italic_")
    assert not has_emphasis("snake_case_name")
    assert not has_emphasis("2 * 3 * 4")


def test_what_a_heading_cannot_hold_is_named() -> None:
    assert heading_markup("**S**hare information") == []
    assert heading_markup("See [the policy](https://example.org/)") == [
        "the link to 'https://example.org/'"
    ]
    assert heading_markup("A note[^1]") == ["the note [^1]"]
