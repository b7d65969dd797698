"""The impact report of `briefgen collect`: the same accessibility bar as the briefings
(a tagged PDF/UA-1 PDF by the same engine; axe-core finds nothing on the page, at 1280
and 320 CSS pixels), marked as internal on every page, and never published: in reports/,
beside output/, with nothing of `site.url` in it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from playwright.sync_api import Browser

from briefgen.content.config import load_project
from briefgen.pipeline import Collected, Pipeline
from tests.support.browser import OpenPages, axe_violations, horizontal_overflow
from tests.support.project import SEED_SLUG, copy_example
from tests.support.records import FILLED, fill, record_of
from tests.support.tags import elements

MARKING = "OFFICIAL-SENSITIVE"
SITE = "westsussexscp.org.uk/briefings"
HOSTILE = '<img src=x onerror="alert(1)"> {{ 7 * 7 }} {% raw %}'


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Collected:
    folder = copy_example(tmp_path_factory.mktemp("report") / "project", examples=True)
    config = folder / "briefgen.yaml"
    config.write_text(config.read_text() + f"report:\n  marking: {MARKING}\n")
    returns = folder.parent / "returns"
    returns.mkdir()
    blank = record_of(folder, SEED_SLUG)
    for number, team in enumerate(("MASH team", "Health visiting, north", "Early help hub")):
        values = {
            **FILLED,
            "team": team,
            "date": f"{number + 3} {('January', 'February', 'March')[number]} 2026",
        }
        (returns / f"{number}.docx").write_bytes(fill(blank, values))
    hostile = {**FILLED, "team": "Hostile </table><script>alert(1)</script>", "answer.2": HOSTILE}
    (returns / "hostile.docx").write_bytes(fill(blank, hostile))
    return Pipeline.start(load_project(folder)).collect(returns, today=dt.date(2026, 3, 15))


@pytest.fixture(scope="module")
def reports(collected: Collected) -> Path:
    return collected.written[0].parent


@pytest.fixture(scope="module")
def pdf(reports: Path) -> Iterator[pikepdf.Pdf]:
    with pikepdf.open(reports / "impact.pdf") as opened:
        yield opened


def test_the_report_is_written_in_reports_beside_output_never_in_it(
    collected: Collected, reports: Path
) -> None:
    assert reports.name == "reports"
    assert {path.name for path in collected.written} == {
        "impact.html",
        "impact.pdf",
        "returns.csv",
        "actions.csv",
        "reach.json",
    }
    output = reports.parent / "output"
    assert not output.exists() or not list(output.rglob("impact*"))


def test_the_pdf_is_tagged_pdf_ua_with_its_language_title_and_structure(pdf: pikepdf.Pdf) -> None:
    assert str(pdf.Root.Lang) == "en-GB"
    assert bool(pdf.Root.MarkInfo.Marked) is True
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
    with pdf.open_metadata() as metadata:
        assert metadata["pdfuaid:part"] == "1"
        assert metadata["dc:title"].startswith("Impact of the learning briefings")
        assert MARKING in metadata["dc:title"]
    tree = list(elements(pdf.Root.StructTreeRoot.K))
    kinds = [str(element.S) for element in tree]
    assert kinds.count("/H1") == 1
    assert {"/H2", "/H3", "/H4", "/Table", "/TH", "/TD", "/Caption", "/L", "/LI"} <= set(kinds)
    scopes = {str(element.A.Scope) for element in tree if element.S == "/TH"}
    assert scopes == {"/Column", "/Row"}


def test_the_marking_heads_and_foots_every_page_as_an_artifact(pdf: pikepdf.Pdf) -> None:
    """The marking in the page's margins (outside the tag tree, as pagination), and in the
    text at the top and the foot, where a screen reader reads it."""
    for page in pdf.pages:
        marks = [
            instruction
            for instruction in pikepdf.parse_content_stream(page)
            if str(instruction.operator) == "BDC"
            and instruction.operands[0] == "/Artifact"
            and isinstance(instruction.operands[1], pikepdf.Dictionary)
            and instruction.operands[1].get("/Type") == "/Pagination"
        ]
        assert len(marks) == 2
    assert len(pdf.pages) >= 2


def test_nothing_of_the_site_s_address_is_in_the_report(reports: Path) -> None:
    page = (reports / "impact.html").read_text()
    assert SITE not in page
    assert 'rel="canonical"' not in page
    assert "og:" not in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert SITE.encode() not in (reports / "impact.pdf").read_bytes()
    assert f"<strong>{MARKING}</strong>" in page
    assert "This is the digest" not in page, "the page is the full report"


@pytest.fixture(scope="module")
def opened(browser: Browser) -> Iterator[OpenPages]:
    pages = OpenPages(browser)
    yield pages
    pages.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_nothing_on_the_report_page(opened: OpenPages, reports: Path, width: int) -> None:
    page = opened((reports / "impact.html").as_uri(), width)
    assert [str(violation) for violation in axe_violations(page)] == []
    assert horizontal_overflow(page) == []


def test_the_report_page_loads_nothing_from_elsewhere_and_runs_no_script(reports: Path) -> None:
    """The briefings' allow-list: the page carries its fonts inside it, and has no script."""
    from briefgen.render.web_check import web_reaches  # noqa: PLC0415

    page = (reports / "impact.html").read_text()
    assert web_reaches(page) == []
    assert "<script" not in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; {{ 7 * 7 }} {% raw %}" in page, (
        "a team's words are text: escaped, never run as markup or as a template"
    )
