"""The words a PDF's link annotations describe their targets with (engine/accessibility.py)."""

from __future__ import annotations

import pytest

from briefgen.engine.accessibility import LinkWords, describe_target


def test_each_link_is_described_by_its_own_words() -> None:
    html = (
        '<p>Read <a href="https://www.example.org/guide">the <em>multi-agency</em>\n'
        "guidance</a> first, then "
        '<a href="#what-to-do">what to do</a>.</p>'
        '<a href="mailto:team@example.org" aria-label="Email the team">team@example.org</a>'
        '<a href="https://www.example.org/"><img src="logo.png" alt="The partnership"></a>'
        '<a href="https://www.example.org/guide">the guide again</a>'
        '<a href="https://empty.example.org/"> </a>'
    )
    assert LinkWords.of(html) == {
        "https://www.example.org/guide": "the multi-agency guidance",  # the first link's
        "#what-to-do": "what to do",
        "mailto:team@example.org": "Email the team",
        "https://www.example.org/": "The partnership",
    }


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("https://www.example.org/a/b.pdf", "A page on example.org"),
        ("mailto:team@example.org", "Email team@example.org"),
        ("tel:01234%20567890", "Telephone 01234 567890"),
        ("#findings", "Another part of this briefing"),
        ("", "Another part of this briefing"),
    ],
)
def test_a_link_of_unknown_words_is_described_by_where_it_leads(target: str, words: str) -> None:
    assert describe_target(target) == words
    assert "://" not in describe_target(target)
