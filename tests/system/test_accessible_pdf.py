"""PDF/UA-1: the seed's PDF has the structure a screen reader needs, checked with pikepdf."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest

from tests.support.project import EXAMPLES, SeedBuild
from tests.support.tags import elements

HEADINGS = {"/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}


@pytest.fixture(scope="module")
def pdf(seed_build: SeedBuild) -> Iterator[pikepdf.Pdf]:
    with pikepdf.open(seed_build.pdf) as opened:
        yield opened


@pytest.fixture(scope="module")
def tree(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return list(elements(pdf.Root.StructTreeRoot.K))


def test_headings_run_h1_h2_h3_without_a_skipped_level(tree: list[pikepdf.Dictionary]) -> None:
    levels = [int(str(element.S)[2]) for element in tree if str(element.S) in HEADINGS]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert set(levels) == {1, 2, 3}
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))


def test_lists_are_tagged_as_lists(tree: list[pikepdf.Dictionary]) -> None:
    lists = [element for element in tree if element.S == "/L"]
    items = [element for element in tree if element.S == "/LI"]
    # strengths, areas (twice: they break across the pages), questions, resources, legends
    assert len(lists) >= 5
    assert len(items) >= 4 + 6 + 4 + 2
    for item in items:
        kinds = {str(kid.S) for kid in elements(item.K) if kid.get("/P") == item}
        assert "/LBody" in kinds, kinds
        assert kinds <= {"/LBody", "/Lbl"}, kinds


def test_the_logo_and_the_charts_have_alt_text(tree: list[pikepdf.Dictionary]) -> None:
    figures = [str(element.get("/Alt", "")) for element in tree if element.S == "/Figure"]
    assert "West Sussex Safeguarding Children Partnership logo" in figures
    charts = [alt for alt in figures if "of 20 children" in alt]
    assert len(charts) == 2
    assert "12 (60%)" in charts[0]
    assert "8 (40%)" in charts[0]
    assert all(figures), "every figure has a text alternative"


def test_the_footer_is_an_artifact_outside_the_tag_tree(pdf: pikepdf.Pdf) -> None:
    reachable = {element.objgen for element in elements(pdf.Root.StructTreeRoot.K)}
    parent_tree = pdf.Root.StructTreeRoot.ParentTree.Nums
    for index in range(0, len(parent_tree), 2):
        entry = parent_tree[index + 1]
        if isinstance(entry, pikepdf.Array):
            for reference in entry:
                if reference is not None and isinstance(reference, pikepdf.Dictionary):
                    assert reference.objgen in reachable
    for page in pdf.pages:
        footers = [
            instruction
            for instruction in pikepdf.parse_content_stream(page)
            if str(instruction.operator) == "BDC"
            and instruction.operands[0] == "/Artifact"
            and isinstance(instruction.operands[1], pikepdf.Dictionary)
            and instruction.operands[1].get("/Type") == "/Pagination"
        ]
        assert len(footers) == 2  # the partnership's name, and "Page x of y"


def test_the_document_declares_its_language_title_and_pdf_ua(pdf: pikepdf.Pdf) -> None:
    assert str(pdf.Root.Lang) == "en-GB"
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
    assert bool(pdf.Root.MarkInfo.Marked) is True
    with pdf.open_metadata() as metadata:
        assert metadata["pdfuaid:part"] == "1"
        assert metadata["dc:title"] == "Children under two with repeated contacts and referrals"
    assert all(page.obj.get("/Tabs") == "/S" for page in pdf.pages)


def link_annotations(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    """Every link annotation of the PDF, page by page."""
    return [
        annotation
        for page in pdf.pages
        for annotation in page.get("/Annots", [])
        if annotation.get("/Subtype") == "/Link"
    ]


def test_links_are_described_printable_and_tagged(pdf: pikepdf.Pdf) -> None:
    links = link_annotations(pdf)
    assert links
    for link in links:
        assert str(link.Contents) in {
            "WSSCP Escalation Policy (PDF)",
            "Information Sharing Agreement (PDF)",
        }
        assert int(link.F) & 4, "the print flag"
        assert "/StructParent" in link


def test_bookmarks_follow_the_headings(pdf: pikepdf.Pdf) -> None:
    with pdf.open_outline() as outline:
        titles: list[str] = []

        def walk(items: list[pikepdf.OutlineItem]) -> None:
            for item in items:
                titles.append(item.title)
                walk(item.children)

        walk(outline.root)
    assert titles == [
        "Children under two with repeated contacts and referrals",
        "Method",
        "Key findings from the audit",
        "Strengths in multi-agency practice",
        "Areas to strengthen",
        "Taking the learning into your practice",
        "Resources",
    ]


def annotation_parents(pdf: pikepdf.Pdf) -> dict[int, pikepdf.Object]:
    numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
    return {int(numbers[index]): numbers[index + 1] for index in range(0, len(numbers), 2)}


@pytest.mark.parametrize("slug", EXAMPLES)
def test_each_link_annotation_is_referenced_directly_by_its_link_element(
    examples_build: Path, slug: str
) -> None:
    """ISO 14289-1 7.18.5: the annotation's /OBJR is a kid of the /Link element itself, and
    the parent tree leads from the annotation to that element. The seed's two resource
    links wrap onto a second line, which gives each a second annotation."""
    with pikepdf.open(examples_build / slug / f"{slug}.pdf") as pdf:
        parents = annotation_parents(pdf)
        links = link_annotations(pdf)
        assert links
        for annotation in links:
            element = parents[int(annotation.StructParent)]
            assert element.S == "/Link", (annotation.Contents, element.S)
            references = [
                kid.Obj.objgen
                for kid in element.K
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"
            ]
            assert annotation.objgen in references
        if slug == "under-twos-repeat-referrals-2020":
            assert len(links) == 4


@pytest.mark.parametrize("slug", EXAMPLES)
def test_no_span_is_empty(examples_build: Path, slug: str) -> None:
    """Every /Span in the file, in the tag tree or not, has kids: checkers report empty ones."""
    with pikepdf.open(examples_build / slug / f"{slug}.pdf") as pdf:
        spans = [
            item
            for item in pdf.objects
            if isinstance(item, pikepdf.Dictionary)
            and item.get("/Type") == "/StructElem"
            and item.get("/S") == "/Span"
        ]
        assert spans
        for span in spans:
            kids = span.get("/K")
            assert kids is not None, span.objgen
            assert not isinstance(kids, pikepdf.Array) or len(kids) > 0, span.objgen


@pytest.mark.parametrize("slug", EXAMPLES)
def test_every_figure_of_every_example_has_a_text_alternative(
    examples_build: Path, slug: str
) -> None:
    with pikepdf.open(examples_build / slug / f"{slug}.pdf") as pdf:
        tree = list(elements(pdf.Root.StructTreeRoot.K))
        figures = [str(element.get("/Alt", "")) for element in tree if element.S == "/Figure"]
    assert figures
    assert all(figures)


def test_a_table_is_tagged_with_its_headings_and_their_scope(examples_build: Path) -> None:
    """ISO 14289-1 7.5: each TH says whether it heads a column or a row, as the HTML does."""
    slug = "front-door-referrals-year-on-year-2025"
    with pikepdf.open(examples_build / slug / f"{slug}.pdf") as pdf:
        tree = list(elements(pdf.Root.StructTreeRoot.K))
        scopes = [str(element.A.Scope) for element in tree if element.S == "/TH"]
        kinds = {str(element.S) for element in tree}
    assert scopes == ["/Column"] * 8 + ["/Row"] * 5
    assert {"/Table", "/THead", "/TBody", "/TR", "/TD", "/Caption"} <= kinds


@pytest.mark.parametrize("slug", EXAMPLES)
def test_every_link_of_every_example_is_described_in_its_own_words(
    examples_build: Path, slug: str
) -> None:
    """Not "Link to https://…": a link in a paragraph, a resource, the website in the
    footer, each is described by the words the reader sees on the page (a link without
    words would fall back to where it leads, "A page on example.org": none here does)."""
    with pikepdf.open(examples_build / slug / f"{slug}.pdf") as opened:
        described = [str(link.Contents) for link in link_annotations(opened)]
    for words in described:
        assert words.strip(), slug
        assert "://" not in words, words
        assert not words.startswith(("Link to", "A page on", "Another part")), words
