"""Completing WeasyPrint's tagged PDF for PDF/UA, on its in-memory pydyf objects: the
margins' text re-marked as pagination artifacts, each link annotation printable and
described in words and referenced directly by its `/Link`, empty spans taken out of the
tree, table headings given their scope. Here on a small tagged PDF made by hand; the
seed's whole PDF is checked in tests/system/test_accessible_pdf.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pydyf
import pytest

from briefgen.content.config import ProjectConfig
from briefgen.content.model import Briefing
from briefgen.engine.accessibility import (
    LinkWords,
    describe_target,
    link_descriptions,
    make_finisher,
)
from briefgen.render.present import present

URL = "https://example.org/policy.pdf"


@dataclass
class Tagged:
    """A one-page tagged PDF as WeasyPrint leaves it, and its parts by name."""

    pdf: pydyf.PDF
    parts: dict[str, pydyf.Dictionary]
    contents: pydyf.Stream
    nums: list[Any]

    def ref(self, name: str) -> bytes:
        reference: bytes = self.parts[name].reference
        return reference


def element(pdf: pydyf.PDF, kind: str, **more: Any) -> pydyf.Dictionary:
    made = pydyf.Dictionary({"Type": "/StructElem", "S": f"/{kind}", "K": pydyf.Array(), **more})
    pdf.add_object(made)
    return made


def tagged() -> Tagged:
    """A paragraph, a footer outside the tree, a link wrapped onto two lines (its second
    annotation's reference in a `/Span`), an empty span, and a table with headings."""
    pdf = pydyf.PDF()
    paragraph = ["/P", pydyf.Dictionary({"MCID": 0}), b"BDC", b"EMC"]
    contents = pydyf.Stream([*paragraph, "/P", pydyf.Dictionary({"MCID": 1}), b"BDC", b"EMC"])
    pdf.add_object(contents)
    annotation = pydyf.Dictionary(
        {"Type": "/Annot", "Subtype": "/Link", "A": pydyf.Dictionary({"URI": pydyf.String(URL)})}
    )
    pdf.add_object(annotation)
    page = pydyf.Dictionary(
        {
            "Type": "/Page",
            "Contents": contents.reference,
            "Annots": pydyf.Array([annotation.reference]),
        }
    )
    pdf.add_page(page)
    objr = pydyf.Dictionary({"Type": "/OBJR", "Obj": annotation.reference})
    pdf.add_object(objr)
    parts = {"document": element(pdf, "Document")}
    for name, kind, parent in (
        ("paragraph", "P", "document"),
        ("link", "Link", "paragraph"),
        ("wrapped", "Span", "link"),
        ("empty", "Span", "paragraph"),
        ("table", "Table", "document"),
        ("head", "THead", "table"),
        ("head row", "TR", "head"),
        ("column", "TH", "head row"),
        ("body", "TBody", "table"),
        ("body row", "TR", "body"),
        ("row", "TH", "body row"),
    ):
        parts[name] = element(pdf, kind, P=parts[parent].reference)
        parts[parent]["K"].append(parts[name].reference)
    parts["paragraph"]["K"].insert(0, 0)
    parts["wrapped"]["K"].append(objr.reference)
    parts["footer"] = element(pdf, "P", K=1)  # in no element's kids: outside the tree
    marked = pydyf.Array([parts["paragraph"].reference, parts["footer"].reference])
    nums = pydyf.Array([0, marked, 1, parts["wrapped"].reference])
    parent_tree = pydyf.Dictionary({"Nums": nums})
    pdf.add_object(parent_tree)
    root = pydyf.Dictionary(
        {
            "Type": "/StructTreeRoot",
            "K": pydyf.Array([parts["document"].reference]),
            "ParentTree": parent_tree.reference,
        }
    )
    pdf.add_object(root)
    pdf.catalog["StructTreeRoot"] = root.reference
    parts["annotation"], parts["objr"] = annotation, objr
    return Tagged(pdf, parts, contents, nums)


def finished(descriptions: dict[str, str]) -> Tagged:
    made = tagged()
    make_finisher(descriptions)(None, made.pdf)
    return made


def test_the_margins_text_becomes_a_pagination_artifact() -> None:
    made = finished({})
    stream = made.contents.stream
    assert stream[:3] == ["/P", {"MCID": 0}, b"BDC"], "content in the tree stays as it is"
    assert stream[4] == "/Artifact"
    assert stream[5] == {"Type": "/Pagination", "Subtype": "/Footer"}
    assert made.nums[1] == [made.ref("paragraph"), "null"], "dropped from the parent tree"


def test_a_link_is_printable_and_described_in_its_own_words() -> None:
    annotation = finished({URL: "Escalation policy (PDF)"}).parts["annotation"]
    assert annotation["F"] == 4
    assert annotation["Contents"].string == "Escalation policy (PDF)"
    unknown = finished({}).parts["annotation"]
    assert unknown["Contents"].string == "A page on example.org", "where it leads, in words"


def test_a_link_to_a_place_in_the_pdf_is_described_by_its_words_too() -> None:
    made = tagged()
    annotation = made.parts["annotation"]
    del annotation["A"]
    annotation["Dest"] = pydyf.String("what-to-do")
    make_finisher({"#what-to-do": "what to do"})(None, made.pdf)
    assert annotation["Contents"].string == "what to do"


def test_a_wrapped_links_annotation_is_referenced_by_the_link_itself() -> None:
    made = finished({})
    objr = made.parts["objr"].reference
    assert objr in made.parts["link"]["K"]
    assert made.parts["wrapped"] == {}, "the span it left, empty, is taken out"
    assert made.nums[3] == made.ref("link"), "the parent tree points at the /Link"


def test_empty_spans_leave_the_tree() -> None:
    made = finished({})
    assert made.ref("empty") not in made.parts["paragraph"]["K"]
    assert made.parts["empty"] == {}
    assert made.ref("link") in made.parts["paragraph"]["K"]
    assert made.ref("wrapped") not in made.parts["link"]["K"], "emptied by the move, then dropped"


def test_a_heading_cell_heads_its_column_in_the_head_and_its_row_in_the_body() -> None:
    made = finished({})
    assert made.parts["column"]["A"] == {"O": "/Table", "Scope": "/Column"}
    assert made.parts["row"]["A"] == {"O": "/Table", "Scope": "/Row"}


def test_a_pdf_without_tags_gets_its_links_described_and_nothing_else() -> None:
    made = tagged()
    del made.pdf.catalog["StructTreeRoot"]
    make_finisher({URL: "Policy"})(None, made.pdf)
    assert made.parts["annotation"]["Contents"].string == "Policy"
    assert made.contents.stream[4] == "/P"


def test_each_resource_is_described_by_its_title_and_kind() -> None:
    config = ProjectConfig.model_validate({"partnership": {"name": "Anytown"}})
    briefing = Briefing.model_validate(
        {
            "title": "Fathers",
            "type": "rapid review",
            "published": "2021-03-01",
            "introduction": "Why.",
            "resources": [
                {"title": "Policy", "url": URL},
                {"title": "Guide", "url": "https://example.org/guide", "format": "Web page"},
                {"title": "Team", "url": "mailto:team@example.org"},
            ],
        }
    )
    assert link_descriptions(present(briefing, "fathers", config), "") == {
        URL: "Policy (PDF)",
        "https://example.org/guide": "Guide (Web page)",
        "mailto:team@example.org": "Team",
        "#fathers--resources": "Go to the section Resources",  # a link inside the briefing
    }


def test_the_print_htmls_links_are_described_by_their_words_and_resources_by_title() -> None:
    config = ProjectConfig.model_validate({"partnership": {"name": "Anytown"}})
    briefing = Briefing.model_validate(
        {
            "title": "Fathers",
            "type": "rapid review",
            "published": "2021-03-01",
            "introduction": "Why.",
            "resources": [{"title": "Policy", "url": URL}],
        }
    )
    html = f'<a href="{URL}">the policy</a> <a href="tel:01632960000">01632 960 000</a>'
    assert link_descriptions(present(briefing, "fathers", config), html) == {
        URL: "Policy (PDF)",  # a resource's title and kind, before its words
        "tel:01632960000": "01632 960 000",
        "#fathers--resources": "Go to the section Resources",  # a section, by its heading
    }


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
