"""The PDF and the web outputs have the same structure: the same headings at the same levels,
the same lists with the same markers, the same tables and the same figures.

Checked for every example and for a briefing of every kind of block, in the web page and
the three fragments, each in Chromium against the PDF's tags (tests/support/structure.py).
tests/system/test_structure_checks.py shows that the check fails where they differ.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from briefgen.content.blocks import REGISTRY
from briefgen.content.config import load_project
from briefgen.pipeline import build
from tests.support.browser import open_html, open_page
from tests.support.hosts import HOSTS, embed
from tests.support.project import EXAMPLES, REPOSITORY, copy_example
from tests.support.structure import Heading, ListOf, differences, pdf_structure, web_structure
from tests.support.text import every_kind, write_briefing

pytestmark = pytest.mark.browser

# Each web output, and the element whose shadow root holds the briefing, where one does.
WEB_OUTPUTS = {
    "index.html": None,
    "fragment.html": None,
    "fragment-inline.html": None,
    "fragment-shadow.html": ".briefgen-host",
}

# Lists written in Markdown, in a paragraphs block: bullets, a list numbered from 3, and
# lists inside its items.
MARKDOWN_LISTS = """\
Lists written in Markdown keep their bullets and numbers.

- A point made in Markdown.
- Another point, with [a link](https://www.example.org/guidance).

3. The third step, numbered as written.
4. The fourth step, with its own points:
   - a point inside the step;
   - another point inside it.
5. The fifth step, with its own steps:
   1. the first of them;
   2. the second.
"""


def every_kind_with_markdown_lists() -> dict[str, object]:
    data = every_kind()
    data["sections"].append(
        {"heading": "Section Markdown lists", "blocks": [{"paragraphs": MARKDOWN_LISTS}]}
    )
    return data


@pytest.fixture(scope="module")
def kinds_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A briefing with a section for each kind of block, and Markdown lists, built."""
    folder = copy_example(tmp_path_factory.mktemp("structure") / "project", content=False)
    write_briefing(folder, "every-kind", every_kind_with_markdown_lists())
    report = build(load_project(folder))
    assert not report.failed, [outcome.error for outcome in report.failed]
    return folder / "output" / "every-kind"


@pytest.mark.parametrize("output", WEB_OUTPUTS)
@pytest.mark.parametrize("slug", EXAMPLES)
def test_every_example_has_the_structure_of_its_pdf_in_every_web_output(
    browser: Browser, examples_build: Path, slug: str, output: str
) -> None:
    pdf = pdf_structure(examples_build / slug / f"{slug}.pdf")
    page = open_page(browser, (examples_build / slug / output).as_uri())
    web = web_structure(page, host=WEB_OUTPUTS[output])
    page.close()
    assert any(isinstance(part, Heading) for part in pdf)
    assert differences(pdf, web) == []


@pytest.fixture(scope="module")
def kinds_pdf(kinds_build: Path) -> list[object]:
    return list(pdf_structure(kinds_build / "every-kind.pdf"))


@pytest.mark.parametrize("output", WEB_OUTPUTS)
def test_every_kind_of_block_has_the_structure_of_the_pdf_in_every_web_output(
    browser: Browser, kinds_build: Path, kinds_pdf: list[object], output: str
) -> None:
    page = open_page(browser, (kinds_build / output).as_uri())
    web = web_structure(page, host=WEB_OUTPUTS[output])
    page.close()
    assert differences(kinds_pdf, web) == []  # type: ignore[arg-type]


def test_the_structure_holds_every_kind_and_the_markdown_lists_with_their_markers(
    kinds_pdf: list[object],
) -> None:
    """What the comparisons above compared: a heading for each kind's section, the numbered
    block's numbers, and the Markdown lists' bullets and numbers, nested ones included."""
    headings = {part.text for part in kinds_pdf if isinstance(part, Heading)}
    assert {f"Section {key}" for key in REGISTRY} <= headings
    lists = [part.markers for part in kinds_pdf if isinstance(part, ListOf)]
    assert ("1.", "2.") in lists  # the numbered block
    assert ("•", "•") in lists  # the Markdown bullets, and the points inside step 4
    assert ("3.", "4.", "5.") in lists
    assert lists.count(("•", "•")) == 2
    assert ("1.", "2.") in lists[lists.index(("3.", "4.", "5.")) :]


@pytest.mark.parametrize("output", [name for name in WEB_OUTPUTS if name != "index.html"])
@pytest.mark.parametrize("host", HOSTS, ids=[host.stem for host in HOSTS])
def test_every_kind_keeps_the_structure_of_the_pdf_inside_each_real_host(
    browser: Browser, kinds_build: Path, kinds_pdf: list[object], host: Path, output: str
) -> None:
    """Pasted into GOV.UK Frontend, Bootstrap and a WordPress-like theme, whose own rules
    for lists (`list-style: none`, bullets of their own) reach every `li` of the page, each
    fragment keeps its lists' numbers and bullets, its tables and headings."""
    page = open_html(browser, embed(host, kinds_build / output))
    web = web_structure(page, host=WEB_OUTPUTS[output])
    page.close()
    assert differences(kinds_pdf, web) == []  # type: ignore[arg-type]


def test_the_shadow_fragment_keeps_the_structure_of_the_pdf_under_important_rules(
    browser: Browser, kinds_build: Path, kinds_pdf: list[object]
) -> None:
    """`#content ul, #content ol { list-style: square !important }` squares every list of
    the plain fragment (the limit the README states); inside the shadow root, numbers stay."""
    hostile = REPOSITORY / "tests" / "hosts" / "strong" / "important-rules.html"
    page = open_html(browser, embed(hostile, kinds_build / "fragment-shadow.html"))
    assert differences(kinds_pdf, web_structure(page, host=".briefgen-host")) == []  # type: ignore[arg-type]
    page.close()
    page = open_html(browser, embed(hostile, kinds_build / "fragment.html"))
    squared = differences(kinds_pdf, web_structure(page))  # type: ignore[arg-type]
    page.close()
    assert "-numbered list of 3 items: 3. 4. 5." in squared
    assert "+bulleted list of 3 items: ■ ■ ■" in squared
