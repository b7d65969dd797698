"""Notes (`[^1]`, written `[^1]: ...`): linked and tagged at the end of the PDF, linked both
ways on the web page and in each fragment, marked as the briefing asks (the rapid reviews
example marks them i, ii)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from selectolax.lexbor import LexborHTMLParser

from tests.support.tags import elements
from tests.support.text import pdf_text

SLUG = "learning-from-rapid-reviews-2025"
FIRST = "Working Together to Safeguard Children 2023, chapter 5."
SECOND = "Two further incidents were notified but did not meet the criteria for a review."


def test_the_pdf_has_its_notes_at_the_end_marked_i_and_ii(examples_build: Path) -> None:
    text = pdf_text(examples_build / SLUG / f"{SLUG}.pdf")
    assert "within 15 working days.i In 2024-25 it held four.ii" in text
    assert "[^" not in text
    notes = text.index("Notes")
    assert text.index("Resources") < notes < text.index(FIRST) < text.index(SECOND)


def test_the_pdf_tags_the_notes_as_a_list_and_each_reference_as_a_link_to_its_note(
    examples_build: Path,
) -> None:
    with pikepdf.open(examples_build / SLUG / f"{SLUG}.pdf") as pdf:
        tree = list(elements(pdf.Root.StructTreeRoot.K))
        # The notes' heading is the last (the text test above reads it as "Notes").
        notes_at = max(
            index for index, element in enumerate(tree) if str(element.S) in ("/H1", "/H2")
        )
        after = [str(element.S) for element in tree[notes_at + 1 :]]
        notes = after[after.index("/L") :]
        assert [kind for kind in notes if kind in ("/LI", "/Lbl", "/LBody")] == [
            "/LI", "/Lbl", "/LBody", "/LI", "/Lbl", "/LBody"
        ]  # fmt: skip
        references = {
            str(annotation.Contents): annotation
            for page in pdf.pages
            for annotation in page.get("/Annots", [])
            if annotation.get("/Subtype") == "/Link"
            and str(annotation.get("/Contents", "")).startswith("Note ")
        }
        assert set(references) == {"Note i", "Note ii"}
        for annotation in references.values():
            assert "/Dest" in annotation or annotation.A.S == "/GoTo"  # within the document
            assert tree_of(pdf)[int(annotation.StructParent)].S == "/Link"


def tree_of(pdf: pikepdf.Pdf) -> dict[int, pikepdf.Object]:
    """The parent tree: the structure element of each annotation, by its /StructParent."""
    numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
    return {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}


def _ids_and_links(html: str) -> tuple[set[str], list[tuple[str, str]]]:
    """Every id of a page (shadow roots' included), and each note link: (class, target)."""
    tree = LexborHTMLParser(html)
    nodes = [*tree.css("[id]"), *tree.css("a[href^='#']")]
    for template in tree.css("template"):
        for fragment in template.template_fragments():
            nodes += [*fragment.css("[id]"), *fragment.css("a[href^='#']")]
    ids = {str(node.attributes["id"]) for node in nodes if "id" in node.attributes}
    links = [
        (
            str(node.parent.attributes.get("class") if node.parent else ""),
            str(node.attributes["href"])[1:],
        )
        for node in nodes
        if node.tag == "a" and "footnote" in str(node.attributes["href"])
    ]
    return ids, links


def test_the_page_and_each_fragment_link_each_reference_to_its_note_and_back(
    examples_build: Path,
) -> None:
    for output in ("index.html", "fragment.html", "fragment-inline.html", "fragment-shadow.html"):
        html = (examples_build / SLUG / output).read_text(encoding="utf-8")
        ids, links = _ids_and_links(html)
        targets = [target for _, target in links]
        assert targets == [
            f"{SLUG}-footnote-1",
            f"{SLUG}-footnote-2",
            f"{SLUG}-footnote-ref-1",
            f"{SLUG}-footnote-ref-2",
        ], output
        assert set(targets) <= ids, output  # every link leads to an id of the briefing's
        assert all(target.startswith(f"{SLUG}-") for target in targets)  # apart from a host's
        assert 'aria-label="Back to the text of note i"' in html


def test_the_shadow_fragment_gives_each_note_and_reference_a_slot_for_its_mark(
    examples_build: Path,
) -> None:
    """A link to an id inside a shadow root leads nowhere: each target has a slot inside and a
    mark of the page of that id outside, as a section's heading has."""
    tree = LexborHTMLParser((examples_build / SLUG / "fragment-shadow.html").read_text())
    (template,) = tree.css("template")
    slots = {
        str(slot.attributes["name"])
        for fragment in template.template_fragments()
        for slot in fragment.css("slot")
    }
    marks = {str(mark.attributes["id"]) for mark in tree.css(".briefgen-host > .bg-anchor")}
    for target in ("footnote-1", "footnote-2", "footnote-ref-1", "footnote-ref-2"):
        assert f"{SLUG}-{target}" in slots & marks
