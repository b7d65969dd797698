"""Rich content in every output: images and rich tables, in the PDF's tags (pikepdf), in
the page and the fragments, and in a real browser inside a 300 px column of a real host."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pikepdf
import pypdf
import pypdfium2
import pytest
import yaml
from playwright.sync_api import Browser, Page

from briefgen.content.blocks import iter_blocks
from briefgen.content.config import load_project
from briefgen.content.load import load_briefing
from briefgen.pipeline import build
from tests.support.browser import axe_violations, horizontal_overflow, open_html
from tests.support.hosts import MARKER, host_html
from tests.support.project import REPOSITORY, copy_example
from tests.support.tags import elements
from tests.support.text import html_text, normalise, pdf_text

RICH = "learning-from-rapid-reviews-2025"
FIGURES = "front-door-referrals-year-on-year-2025"
ALT = "A health visitor with her notes talks with a father who holds his baby on the sofa at home."
VARIANTS = ("fragment", "fragment-inline", "fragment-shadow")
BOOTSTRAP = REPOSITORY / "tests" / "hosts" / "bootstrap.html"


def structure(pdf_path: Path) -> tuple[list[tuple[str, str]], list[list[str]]]:
    """The figures (tag and alt text), and each table's tags in reading order."""
    with pikepdf.open(pdf_path) as pdf:
        tree = list(elements(pdf.Root.StructTreeRoot.K))
        figures = [(str(e.S), str(e.get("/Alt", ""))) for e in tree if e.S == "/Figure"]
        tables = [
            [
                f"{e.S}{'/' + str(e.A.Scope) if '/A' in e and '/Scope' in e.A else ''}"
                for e in elements(table.K)
            ]
            for table in tree
            if table.S == "/Table"
        ]
    return figures, tables


def test_the_image_is_a_figure_with_its_alt_text_in_the_pdf(examples_build: Path) -> None:
    figures, _ = structure(examples_build / RICH / f"{RICH}.pdf")
    assert ("/Figure", ALT) in figures
    assert all(alt for _, alt in figures)


def test_rich_tables_keep_their_row_headings_lists_and_numbered_captions_in_the_pdf(
    examples_build: Path,
) -> None:
    """Table 1's first column heads its rows; table 2's is content (no row headings). Each
    cell of points is a list, tagged as one inside its cell."""
    pdf = examples_build / RICH / f"{RICH}.pdf"
    _, [first, second] = structure(pdf)
    assert first.count("/TH//Row") == 4
    assert first.count("/TH//Column") == 4
    assert second.count("/TH//Row") == 0
    assert second.count("/TH//Column") == 3
    assert first.count("/L") == 8  # two lists a row: the agencies, the findings
    assert second.count("/L") == 2
    assert first.count("/LI") == 3 + 2 + 3 + 2 + 3 + 2 + 3 + 2
    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(pdf).pages)
    assert "Table 1: The rapid reviews of 2024-25 Each child's age" in text
    assert "Table 2: Progress on the findings of the 2023-24 reviews" in text
    assert "- Midwifery" not in text  # the Markdown of a list is never printed


def outputs(examples_build: Path) -> dict[str, str]:
    return {
        name: (examples_build / RICH / f"{name}.html").read_text() for name in ("index", *VARIANTS)
    }


def test_the_image_is_a_figure_with_its_caption_and_credit_in_every_web_output(
    examples_build: Path,
) -> None:
    for name, page in outputs(examples_build).items():
        [figure] = re.findall(r'<figure class="bg-image[^"]*".*?</figure>', page, re.DOTALL)
        [image] = re.findall(r"<img\b[^>]*>", figure)
        for attribute in (f'alt="{ALT}"', 'width="800"', 'height="420"'):  # in any order
            assert attribute in image, (name, attribute)
        assert re.search(r'src="data:image/svg\+xml;base64,', figure), name
        caption = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", figure, re.DOTALL)
        assert caption, name
        assert "Ask who else lives in the home" in caption[1]
        assert "Illustration: the partnership's design team" in html.unescape(caption[1])
        lazy = 'loading="lazy"' in figure
        assert lazy == (name != "index"), name  # lazily loaded in the fragments


def test_table_cells_hold_lists_and_captions_their_number_and_subtitle_on_the_web(
    examples_build: Path,
) -> None:
    for name, page in outputs(examples_build).items():
        assert page.count('<th scope="row"') == 4, name
        assert len(re.findall(r"<td[^>]*>\s*<ul", page)) == 10, name
        assert re.search(r'<span class="bg-caption-number"[^>]*>Table 2:</span>', page), name
        assert "bg-caption-subtitle" in page, name
        assert "width: 27.27%" in page, name  # widths [1.2, 3, 2.4, 4.4] of 11


@pytest.fixture(scope="module")
def decorative_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A briefing with a decorative image, built: its outputs' folder."""
    folder = copy_example(tmp_path_factory.mktemp("decorative") / "project", content=False)
    data = yaml.safe_load((REPOSITORY / "content" / f"{RICH}.yaml").read_text())
    image = {"file": "assets/home-visit.svg", "decorative": True, "width": 100}
    data["sections"] = [
        {"heading": "A home", "blocks": [{"image": image}, {"paragraphs": "At home."}]}
    ]
    (folder / "content" / "decorative.yaml").write_text(yaml.safe_dump(data))
    report = build(load_project(folder))
    assert not report.failed, [outcome.error for outcome in report.failed]
    return folder / "output" / "decorative"


def test_a_decorative_image_is_an_artifact_in_the_pdf_and_has_empty_alt_on_the_web(
    decorative_build: Path,
) -> None:
    """PDF/UA: a figure has alt text, so a decorative image is no figure at all (drawn as
    a background, an artifact); the web page's empty alt makes screen readers pass it."""
    figures, _ = structure(decorative_build / "decorative.pdf")
    # Only the logo, of the partnership the example is published for (briefgen.yaml's).
    assert figures == [("/Figure", "Example Safeguarding Children Partnership logo")]
    # Still drawn: the father's orange shirt of the illustration (#E07A3F) is on the page.
    document = pypdfium2.PdfDocument(decorative_build / "decorative.pdf")
    page = document[0].render(scale=1).to_pil().convert("RGB")
    orange = [
        pixel
        for pixel in page.get_flattened_data()
        if abs(pixel[0] - 0xE0) < 8 and abs(pixel[1] - 0x7A) < 8 and abs(pixel[2] - 0x3F) < 8
    ]
    document.close()
    assert len(orange) > 500
    html = (decorative_build / "index.html").read_text()
    assert re.search(r'<img class="bg-image-picture" src="data:image/svg\+xml;[^"]*" alt=""', html)
    assert (
        "<figcaption" not in re.findall(r"<figure class=\"bg-image.*?</figure>", html, re.DOTALL)[0]
    )


# --- In a 300 px column of a real host ------------------------------------------------------

_BROKEN_WORDS = """() => {
  // Every figure and word of every table cell on one line: a figure broken inside
  // ("1,42 / 0", "2023 / -24") or a word split ("School / s") can be misread.
  const broken = [];
  const hosts = [...document.querySelectorAll('*')].filter(e => e.shadowRoot);
  const scopes = [document, ...hosts.map(host => host.shadowRoot)];
  const parts = '.bg-table :is(th, td, caption)';
  const cells = scopes.flatMap(scope => [...scope.querySelectorAll(parts)]);
  for (const cell of cells) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // A figure is one piece; a word of letters may break only after its own hyphen
      // ("call-/out"), so each of its parts is one piece.
      const pieces = /\\S*\\d\\S*|[^\\s-]+-?/g;
      for (const match of node.data.matchAll(pieces)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""

_REGIONS = """() => {
  const found = [];
  const hosts = [...document.querySelectorAll('*')].filter(e => e.shadowRoot);
  const scopes = [document, ...hosts.map(host => host.shadowRoot)];
  for (const scope of scopes) {
    for (const region of scope.querySelectorAll('.bg-table-block')) {
      region.focus();
      const label = scope.getElementById(region.getAttribute('aria-labelledby'));
      found.push({
        scrolls: region.scrollWidth > region.clientWidth + 1,
        role: region.getAttribute('role'),
        focused: (scope.activeElement || document.activeElement) === region,
        label: label ? label.textContent.trim() : '',
        within: region.getBoundingClientRect().right
          <= region.parentElement.getBoundingClientRect().right + 1,
      });
    }
  }
  return found;
}"""


def in_sidebar(fragment: str, width: int = 300) -> str:
    """The Bootstrap host page with the fragment in a sidebar column `width` CSS px wide."""
    html = host_html(BOOTSTRAP)
    assert html.count(MARKER) == 1
    column = f'<div class="fragment-column" style="width: {width}px">\n{fragment}\n</div>'
    return html.replace(MARKER, column)


def opened_in_sidebar(browser: Browser, examples_build: Path, slug: str, variant: str) -> Page:
    fragment = (examples_build / slug / f"{variant}.html").read_text()
    return open_html(browser, in_sidebar(fragment), width=1280)


@pytest.mark.browser
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("slug", [RICH, FIGURES])
def test_in_a_300_px_column_no_figure_or_word_breaks_and_wide_tables_scroll_in_their_region(
    browser: Browser, examples_build: Path, slug: str, variant: str
) -> None:
    """As GOV.UK Frontend does: the table scrolls in its own region, labelled by its caption
    and reachable from the keyboard; the page itself never scrolls sideways; axe finds
    nothing."""
    page = opened_in_sidebar(browser, examples_build, slug, variant)
    # Where a line breaks depends on the width: at 260 px and at 380 px, '2024-25' and
    # '2023-24' in the year-on-year table's caption fell at the end of a line.
    for width in range(240, 420, 20):
        page.evaluate(f"document.querySelector('.fragment-column').style.width = '{width}px'")
        assert page.evaluate(_BROKEN_WORDS) == [], width
    page.evaluate("document.querySelector('.fragment-column').style.width = '300px'")
    regions = page.evaluate(_REGIONS)
    assert regions
    assert any(region["scrolls"] for region in regions)
    for region in regions:
        assert region["role"] == "region"
        assert region["focused"]
        assert region["label"]
        assert region["within"]
    assert horizontal_overflow(page) == []
    assert [str(violation) for violation in axe_violations(page)] == []
    page.close()


def test_the_rich_example_keeps_to_its_two_pages(examples_build: Path) -> None:
    """The image counts in the page budget (test_budgets): with it, the example still fits."""
    assert len(pypdf.PdfReader(examples_build / RICH / f"{RICH}.pdf").pages) == 2


def test_the_rich_example_carries_the_same_words_in_the_pdf_the_page_and_the_fragments(
    examples_build: Path,
) -> None:
    """Parity: every block's words (a cell's points without their '- ', the caption's
    subtitle, the image's caption and credit) in every output."""
    briefing = load_briefing(REPOSITORY / "content" / f"{RICH}.yaml").briefing
    words = [
        normalise(word) for _, block in iter_blocks(briefing.sections) for word in block.words()
    ]
    assert len(words) > 40
    for output in (f"{RICH}.pdf", "index.html", *(f"{variant}.html" for variant in VARIANTS)):
        path = examples_build / RICH / output
        text = pdf_text(path) if output.endswith(".pdf") else html_text(path)
        assert [word for word in words if word not in text] == [], output


def test_on_paper_no_figure_of_a_table_breaks_across_lines(examples_build: Path) -> None:
    """Each figure of the year-on-year table is whole on its line of the PDF: '1,420',
    never '1,42' and '0'; its column headings '2023-24' alike."""
    pdf = examples_build / FIGURES / f"{FIGURES}.pdf"
    lines = {
        line.strip()
        for page in pypdf.PdfReader(pdf).pages
        for line in (page.extract_text() or "").splitlines()
    }
    tokens = {token for line in lines for token in line.split()}
    data = yaml.safe_load((REPOSITORY / "content" / f"{FIGURES}.yaml").read_text())
    [table] = [
        block["table"]
        for section in data["sections"]
        for block in section["blocks"]
        if "table" in block
    ]
    figures = [f"{cell:,}" for row in table["rows"] for cell in row if isinstance(cell, int)]
    assert len(figures) >= 12
    assert [figure for figure in figures if figure not in tokens] == []
    assert "2023-24" in tokens


def heading_positions(pdf: Path, headings: set[str]) -> dict[str, float]:
    """Where each column heading starts, across the page, as the PDF draws it."""
    found: dict[str, float] = {}

    def visit(text: str, _cm: object, matrix: list[float], _font: object, _size: object) -> None:
        if text.strip() in headings:
            found.setdefault(text.strip(), matrix[4])

    for page in pypdf.PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize(
    ("headings", "widths"),
    [
        (
            ["Review", "Child and incident", "Agencies involved", "What the review found"],
            [1.2, 3, 2.4],
        ),
        (["Last year's finding", "What we did", "Where it stands"], [3, 5]),
    ],
)
def test_on_paper_the_columns_take_their_relative_widths(
    examples_build: Path, headings: list[str], widths: list[float]
) -> None:
    """Each column starts where the widths before it put it: [1.2, 3, 2.4, 4.4] makes the
    second column 3 / 1.2 times as wide as the first."""
    at = heading_positions(examples_build / RICH / f"{RICH}.pdf", set(headings))
    starts = [at[heading] for heading in headings]
    per_unit = [
        (after - before) / width
        for before, after, width in zip(starts, starts[1:], widths, strict=False)
    ]
    assert max(per_unit) == pytest.approx(min(per_unit), rel=0.02), per_unit
