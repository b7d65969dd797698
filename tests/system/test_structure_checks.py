"""The structure check of tests/support/structure.py can fail: each web page here carries
one defect that the PDF has not, and the check names it; the page as built is the control.

A check that never reports anything would let every comparison of the PDF with the web
outputs pass (tests/system/test_same_structure.py). The defects are made in the built page's
HTML, so that they do not depend on how a template writes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from playwright.sync_api import Browser

from briefgen.content.config import load_project
from briefgen.pipeline import build
from tests.support.browser import open_page
from tests.support.project import SEED_SLUG, copy_example
from tests.support.structure import (
    Figure,
    Heading,
    ListOf,
    Table,
    differences,
    pdf_structure,
    web_structure,
)
from tests.support.text import seed_data, write_briefing

pytestmark = pytest.mark.browser

SECTIONS = [
    {
        "heading": "What to check",
        "blocks": [{"numbered": ["Check the chronology.", "Ask who else is involved."]}],
        "subsections": [
            {
                "heading": "Referrals by agency",
                "blocks": [
                    {
                        "table": {
                            "caption": "Referrals by agency",
                            "columns": [["Agency", "2023", "2024"]],
                            "rows": [["Police", 120, 134], ["Health", 80, 95]],
                        }
                    }
                ],
            }
        ],
    }
]


@pytest.fixture(scope="module")
def small_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed with a numbered list, a table and a subsection, built: its output folder."""
    folder = copy_example(tmp_path_factory.mktemp("checks") / "project", content=False)
    data = seed_data()
    data["sections"] = SECTIONS
    data["page_budget"] = 3
    write_briefing(folder, SEED_SLUG, data)
    report = build(load_project(folder))
    assert not report.failed, [outcome.error for outcome in report.failed]
    return folder / "output" / SEED_SLUG


def edited(html: str, pattern: str, replacement: str) -> str:
    """`html` with the first match of `pattern` replaced: one defect, known to be made."""
    changed, count = re.subn(pattern, replacement, html, count=1, flags=re.DOTALL)
    assert count == 1, f"the page has no {pattern!r} to change"
    return changed


def compared(
    browser: Browser, built: Path, tmp_path: Path, edit: Callable[[str], str]
) -> list[str]:
    """The differences between the PDF and the built web page with `edit` made to it."""
    page_file = tmp_path / "index.html"
    page_file.write_text(edit((built / "index.html").read_text()), encoding="utf-8")
    page = open_page(browser, page_file.as_uri())
    web = web_structure(page)
    page.close()
    return differences(pdf_structure(built / f"{SEED_SLUG}.pdf"), web)


def test_the_page_as_built_has_the_structure_of_the_pdf(
    browser: Browser, small_build: Path, tmp_path: Path
) -> None:
    """The control: every kind of part is there to compare, and none differs."""
    assert compared(browser, small_build, tmp_path, lambda html: html) == []
    parts = pdf_structure(small_build / f"{SEED_SLUG}.pdf")
    assert ListOf(("1.", "2.")) in parts
    assert Heading(3, "Referrals by agency") in parts
    assert {type(part) for part in parts} == {Heading, ListOf, Table, Figure}


@pytest.mark.parametrize(
    "rule",
    [
        ".briefgen li { display: block !important }",
        ".briefgen li { list-style: none !important }",
        ".briefgen li::marker { content: none !important }",
        ".briefgen li::marker { color: transparent !important }",
    ],
)
def test_a_list_that_loses_its_numbers_on_the_web_is_reported(
    browser: Browser, small_build: Path, tmp_path: Path, rule: str
) -> None:
    def lose_numbers(html: str) -> str:
        return edited(html, "</head>", f"<style>{rule}</style></head>")

    assert compared(browser, small_build, tmp_path, lose_numbers) == [
        "-numbered list of 2 items: 1. 2.",
        "+unmarked list of 2 items",
    ]


def test_a_list_numbered_otherwise_on_the_web_is_reported(
    browser: Browser, small_build: Path, tmp_path: Path
) -> None:
    def letter_it(html: str) -> str:
        return edited(
            html,
            "</head>",
            "<style>.briefgen ol.bg-numbered { list-style: lower-alpha !important }</style></head>",
        )

    assert compared(browser, small_build, tmp_path, letter_it) == [
        "-numbered list of 2 items: 1. 2.",
        "+numbered list of 2 items: a. b.",
    ]


def test_a_table_that_loses_a_heading_cell_on_the_web_is_reported(
    browser: Browser, small_build: Path, tmp_path: Path
) -> None:
    def lose_a_heading(html: str) -> str:
        return edited(html, r'<th scope="row">(Police)</th>', r"<td>\1</td>")

    found = compared(browser, small_build, tmp_path, lose_a_heading)
    assert len(found) == 2
    assert "'row: Police'" in found[0]
    assert "'row: Police'" not in found[1]
    assert found[1].startswith("+table 'Referrals by agency': 3 rows, 3 columns")


def test_a_heading_whose_level_changes_on_the_web_is_reported(
    browser: Browser, small_build: Path, tmp_path: Path
) -> None:
    def lower_it(html: str) -> str:
        return edited(html, r"<h3 (class=\"bg-subheading\"[^>]*)>(.*?)</h3>", r"<h4 \1>\2</h4>")

    assert compared(browser, small_build, tmp_path, lower_it) == [
        "-heading 3: Referrals by agency",
        "+heading 4: Referrals by agency",
    ]


def test_a_figure_that_loses_its_text_alternative_on_the_web_is_reported(
    browser: Browser, small_build: Path, tmp_path: Path
) -> None:
    def lose_alt(html: str) -> str:
        return edited(html, r'(<img class="bg-logo"[^>]*) alt="[^"]*"', r'\1 alt=""')

    assert compared(browser, small_build, tmp_path, lose_alt) == [
        "-figure: West Sussex Safeguarding Children Partnership logo"
    ]


def test_a_list_cut_by_a_page_break_is_read_as_one_list(examples_build: Path) -> None:
    """WeasyPrint tags each page on its own: the list of "What to do" in the case story is
    tagged as two lists, one on each page; the reader joins them, as the printed page reads."""
    slug = "bruising-case-story-7-minute-2025"
    pdf = examples_build / slug / f"{slug}.pdf"
    with pikepdf.open(pdf) as opened:
        pages = {page.obj.objgen: index for index, page in enumerate(opened.pages)}
        tagged = [
            pages[element.Pg.objgen]
            for element in opened.objects
            if isinstance(element, pikepdf.Dictionary)
            and element.get("/S") == "/L"
            and "/Pg" in element
        ]
    assert sorted(set(tagged)) == [0, 1]  # lists on both pages, one of them cut
    parts = pdf_structure(pdf)
    after = parts[parts.index(Heading(2, "5 What to do: look, check, refer")) + 1]
    assert after == ListOf(("", "", ""))
