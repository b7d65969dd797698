"""The layout checks of tests/web_checks.py can fail: each reports a small page built to fail it.

A check that never reports anything would let every web test pass; these pages
each carry one defect, beside a control that must not be reported.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.support.browser import (
    apply_text_spacing,
    clipped_text,
    horizontal_overflow,
    open_html,
    overlapping_text,
    small_targets,
    tab_through,
    text_sizes,
)

pytestmark = pytest.mark.browser


def page_of(body: str, style: str = "") -> str:
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta name="viewport" '
        'content="width=device-width, initial-scale=1"><title>Test</title>'
        f"<style>body {{ margin: 8px; font: 16px/1.4 sans-serif; }} {style}</style>"
        f"</head><body>{body}</body></html>"
    )


def test_overflow_reports_a_page_wider_than_the_viewport(browser: Browser) -> None:
    page = open_html(browser, page_of('<p style="width: 500px">Wide words</p>'), width=320)
    assert [problem.split(":")[0] for problem in horizontal_overflow(page)] == [
        "the page scrolls sideways"
    ]
    page.close()


def test_overflow_reports_text_cut_off_by_a_hidden_scroll_bar(browser: Browser) -> None:
    body = '<p style="width: 600px">Words that run on beyond the right edge of a phone</p>'
    page = open_html(browser, page_of(body, "html, body { overflow-x: hidden; }"), width=320)
    problems = horizontal_overflow(page)
    assert len(problems) == 1
    assert problems[0].startswith("text beyond the viewport")
    page.close()


def test_overflow_passes_text_that_wraps(browser: Browser) -> None:
    body = "<p>Words that wrap within the width of a phone, as text should.</p>"
    page = open_html(browser, page_of(body), width=320)
    assert horizontal_overflow(page) == []
    page.close()


WIDE_TABLE = (
    '<div {region} style="overflow-x: auto"><table style="width: 700px"><caption id="c">'
    "Referrals</caption><tr><td>Police</td><td>1,420</td><td>Health</td><td>980</td>"
    "<td>Schools</td><td>1,130</td></tr></table></div>"
)


@pytest.mark.parametrize(
    ("region", "passes"),
    [
        ('role="region" tabindex="0" aria-labelledby="c"', True),
        ('role="region" aria-labelledby="c"', False),  # not reachable from the keyboard
        ('tabindex="0"', False),  # not a named region
    ],
)
def test_a_wide_table_may_scroll_only_in_a_named_focusable_region(
    browser: Browser, region: str, passes: bool
) -> None:
    """WCAG 1.4.10 lets a data table keep its columns; as GOV.UK Frontend does, it then
    scrolls in a region that a keyboard user can reach and a screen reader names."""
    page = open_html(browser, page_of(WIDE_TABLE.format(region=region)), width=320)
    assert (horizontal_overflow(page) == []) is passes
    assert (clipped_text(page) == []) is passes
    page.close()


def test_clipping_is_reported_once_text_spacing_needs_more_room(browser: Browser) -> None:
    """A box sized for the author's line height cuts the text off at the user's."""
    body = (
        '<p style="height: 2.8em; overflow: hidden; line-height: 1.4">One line<br>Two lines</p>'
        '<p style="overflow: hidden; line-height: 1.4">Free to grow<br>as it needs</p>'
    )
    page = open_html(browser, page_of(body))
    assert clipped_text(page) == []
    apply_text_spacing(page)
    problems = clipped_text(page)
    assert len(problems) == 1
    assert '"One line' in problems[0]
    page.close()


def test_overlap_is_reported_when_text_spills_out_of_a_fixed_box(browser: Browser) -> None:
    body = (
        '<div style="height: 1.4em">First line<br>spilt line<br>third line</div>'
        "<p>The next paragraph</p>"
    )
    page = open_html(browser, page_of(body))
    problems = overlapping_text(page)
    assert problems
    assert all("The next paragraph" in problem for problem in problems)
    page.close()


def test_overlap_ignores_lines_that_only_follow_each_other(browser: Browser) -> None:
    body = (
        '<h1 style="line-height: 1">A title<br>on two lines</h1>'
        '<p style="line-height: 1.1">Tight <strong>lines</strong> of text<br>one after another</p>'
    )
    page = open_html(browser, page_of(body))
    assert overlapping_text(page) == []
    page.close()


def test_text_sized_in_viewport_units_shrinks_when_zoomed(browser: Browser) -> None:
    """What the 200% zoom test compares: a size in vw shrinks, one in em or rem does not."""
    body = '<h1 style="font-size: 4vw">Sized in vw</h1><p style="font-size: 1.25rem">In rem</p>'
    normal = open_html(browser, page_of(body), width=1280)
    zoomed = open_html(browser, page_of(body), width=640, height=450)
    before, after = text_sizes(normal), text_sizes(zoomed)
    shrunk = [text for text, size in before.items() if after[text] < size]
    assert shrunk == ['0 h1 "Sized in vw"']
    normal.close()
    zoomed.close()


def test_focus_without_a_visible_change_is_reported(browser: Browser) -> None:
    body = (
        '<p><a href="#one">Shows its focus</a></p>'
        '<p><a href="#two" class="bare">Hides its focus</a></p>'
        '<p><a href="#three" class="faint">Browser ring only</a></p>'
        '<p><a href="#four" class="clear">Transparent outline</a></p>'
    )
    style = (
        "a:focus-visible { outline: 3px solid #0B0C0C; } .bare:focus-visible { outline: none; }"
        " .faint:focus-visible { outline: 1px auto; }"
        " .clear:focus-visible { outline: 3px solid transparent; }"
    )
    page = open_html(browser, page_of(body, style))
    focusable, stops = tab_through(page)
    assert [stop.name for stop in stops] == focusable
    assert [stop.visibly_focused for stop in stops] == [True, False, False, False]
    page.close()


def test_focus_by_background_or_shadow_counts(browser: Browser) -> None:
    body = '<p><a href="#one" class="lit">Lit</a> <a href="#two" class="ring">Ringed</a></p>'
    style = (
        "a:focus-visible { outline: none; } .lit:focus-visible { background-color: #FFDD00; }"
        " .ring:focus-visible { box-shadow: 0 0 0 4px #0B0C0C; }"
    )
    page = open_html(browser, page_of(body, style))
    _, stops = tab_through(page)
    assert [stop.visibly_focused for stop in stops] == [True, True]
    page.close()


def test_small_targets_are_reported_unless_inline_in_a_sentence(browser: Browser) -> None:
    body = (
        '<p style="font-size: 12px"><a href="#alone">Alone</a></p>'
        '<p style="font-size: 12px">Read <a href="#inline">the inline link</a> in a sentence.</p>'
        '<p>Words, then <a href="#button" style="display: inline-block; font-size: 10px">'
        "a small button</a></p>"
        '<p><a href="#big" style="display: inline-block; min-height: 24px">Large enough</a></p>'
    )
    page = open_html(browser, page_of(body))
    problems = small_targets(page)
    assert len(problems) == 2
    assert '"Alone"' in problems[0]
    assert '"a small button"' in problems[1]
    page.close()
