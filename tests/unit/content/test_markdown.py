"""The one Markdown set-up (briefgen.content.markdown): what it refuses is found afresh by each
call, so that calls never share what they found, whichever thread makes them."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from briefgen.content.markdown import (
    keep_figures_whole,
    plain_text,
    refused_markup,
    render_block,
    render_inline,
)


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
