"""Completing WeasyPrint's tagged PDF where PDF/UA-1 asks for more than it writes.

WeasyPrint 70 tags the content and writes the PDF/UA identifier, but two things
are left to the caller (see weasyprint/pdf/tags.py):

- Text in the page margins (the running footer and "page x of y") is marked as
  ordinary content whose structure elements hang outside the tag tree. PDF/UA
  wants page furniture marked as artifacts: those marked-content sequences are
  re-marked `/Artifact` with the pagination type, and dropped from the parent tree.
- Link annotations carry their URL as the description and no print flag. Each
  gets the print flag, and a description that reads well: the link's own words (a
  resource's title and kind), never "Link to https://…".
- A link that wraps onto a second line gets a second annotation, whose object
  reference WeasyPrint puts in a `/Span` inside the `/Link` element; PDF/UA
  (ISO 14289-1, 7.18.5) wants it directly in the `/Link`. It is moved there, and
  the parent tree entry of the annotation points at the `/Link`.
- Inline boxes without text (beside a list item's marker) become `/Span` elements
  with no kids, which checkers report as empty: they are taken out of the tree.

The finisher runs on WeasyPrint's in-memory pydyf objects, before the PDF is
serialised, so it costs no parsing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:  # the PDF engine's process imports this module, not the content model
    from briefgen.render.present import BriefingView
    from briefgen.render.words import Words

PRINT_FLAG = 4
GO_TO = "Go to the section %(heading)s"  # a message of the catalogues (templates/locale)
Finisher = Callable[[Any, Any], None]


def link_descriptions(view: BriefingView, html: str, words: Words | None = None) -> dict[str, str]:
    """Each link's target (its URL, or `#id` within the briefing), and the words its
    annotation's description says: a resource's title and kind, a section's heading
    ("Go to the section …", for a link inside the briefing), and any other link's own
    words as the print HTML writes them (a link in a paragraph, the partnership's website).
    A screen reader's list of links reads these, not the addresses; briefgen's own words
    in them are in the briefing's language (`words`)."""
    described = LinkWords.of(html)
    go_to = GO_TO if words is None else words.gettext("Go to the section %(heading)s")
    described.update(
        (f"#{anchor.id}", go_to % {"heading": anchor.heading})
        for anchor in (view.outline.anchors if view.outline else ())
    )
    described.update(
        (resource.url, describe_link(resource.title, resource.kind)) for resource in view.resources
    )
    return described


class LinkWords(HTMLParser):
    """The words of each `<a href>` of a page, by its target: the first link's, where two
    links of different words lead to the same place (both name it)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: dict[str, str] = {}
        self.open: tuple[str, list[str]] | None = None  # the link being read, and its words
        self.labelled = False  # whether its aria-label gives its words, in place of its text

    @classmethod
    def of(cls, html: str) -> dict[str, str]:
        reader = cls()
        reader.feed(html)
        reader.close()
        return reader.words

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            label = found.get("aria-label") or ""
            self.open = (str(found["href"]), [label] if label else [])
            self.labelled = bool(label)
        elif tag == "img" and self.open is not None and found.get("alt"):
            self.handle_data(f" {found['alt']} ")

    def handle_data(self, data: str) -> None:
        if self.open is not None and not self.labelled:
            self.open[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.open is not None:
            target, pieces = self.open
            words = " ".join("".join(pieces).split())
            if words:
                self.words.setdefault(target, words)
            self.open = None


def describe_target(target: str) -> str:
    """A link whose words are not known, described in words by where it leads."""
    if target.startswith("#") or not target:
        return "Another part of this briefing"
    address = urlsplit(target)
    if address.scheme == "mailto":
        return f"Email {unquote(address.path)}"
    if address.scheme == "tel":
        return f"Telephone {unquote(address.path)}"
    host = address.hostname or "another site"
    return f"A page on {host.removeprefix('www.')}"


def make_finisher(descriptions: Mapping[str, str], page_languages: Sequence[str] = ()) -> Finisher:
    """A finisher for `document.write_pdf`, knowing the briefing's link texts; for a
    bilingual PDF whose versions face each other, the language of each page
    (`page_languages`): it opens in two-page view with the first page on the left, so that
    each pair of pages is seen together, and each version's tags say its language."""

    def finish(document: Any, pdf: Any) -> None:  # noqa: ARG001 (WeasyPrint's signature)
        mark_margins_as_artifacts(pdf)
        describe_links(pdf, descriptions)
        tag_links_directly(pdf)
        drop_empty_spans(pdf)
        scope_table_headers(pdf)
        if page_languages:
            pdf.catalog["PageLayout"] = "/TwoPageLeft"  # PDF 1.7, table 28
            tag_page_languages(pdf, page_languages)

    return finish


def describe_link(title: str, kind: str | None) -> str:
    return f"{title} ({kind})" if kind else title


def _object(pdf: Any, reference: Any) -> Any:
    """The object a pydyf reference (b"12 0 R") points at."""
    return pdf.objects[int(bytes(reference).split()[0])]


def _references(value: Any) -> Iterator[Any]:
    if isinstance(value, bytes) and value.endswith(b" R"):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _references(item)


def reachable_elements(pdf: Any) -> set[bytes]:
    """The structure elements that hang in the tag tree, by reference."""
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    seen: set[bytes] = set()
    pending = list(_references(root.get("K", [])))
    while pending:
        reference = pending.pop()
        if reference in seen:
            continue
        seen.add(reference)
        element = _object(pdf, reference)
        if isinstance(element, Mapping) and element.get("Type") == "/StructElem":
            pending.extend(_references(element.get("K", [])))
    return seen


def tag_page_languages(pdf: Any, page_languages: Sequence[str]) -> None:
    """Give the tags of each page in another language than the document's (the English
    pages of a Welsh-first bilingual PDF) that language, `/Lang` on the highest element of
    the page: a screen reader then speaks them in its voice (PDF 1.7, 14.9.2). Elements are
    WeasyPrint's, one chain a page, each naming its page (`/Pg`)."""
    import pydyf  # noqa: PLC0415 (WeasyPrint's own dependency, loaded with it)

    if "StructTreeRoot" not in pdf.catalog:
        return
    document = pdf.catalog.get("Lang")
    written = document.string if isinstance(document, pydyf.String) else None
    other = {
        bytes(reference): language
        for reference, language in zip(pdf.page_references, page_languages, strict=False)
        if language != written
    }
    for reference in reachable_elements(pdf):
        element = _object(pdf, reference)
        language = other.get(bytes(element.get("Pg", b"")))
        if language is None:
            continue
        parent = _object(pdf, element["P"]) if isinstance(element.get("P"), bytes) else {}
        if other.get(bytes(parent.get("Pg", b""))) != language:
            element["Lang"] = pydyf.String(language)


def mark_margins_as_artifacts(pdf: Any) -> None:
    """Re-mark content whose structure element is outside the tree as a pagination artifact."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    reachable = reachable_elements(pdf)
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    numbers = _object(pdf, root["ParentTree"])["Nums"]
    for page_index, page_reference in enumerate(pdf.page_references):
        mapping = numbers[2 * page_index + 1]
        orphans = {
            mcid
            for mcid, reference in enumerate(mapping)
            if isinstance(reference, bytes) and reference not in reachable
        }
        if not orphans:
            continue
        page = _object(pdf, page_reference)
        _remark(_object(pdf, page["Contents"]).stream, orphans)
        for mcid in orphans:
            mapping[mcid] = "null"


def _remark(operations: list[Any], orphans: set[int]) -> None:
    import pydyf  # noqa: PLC0415 (WeasyPrint's own dependency, loaded with it)

    for index, operation in enumerate(operations):
        if isinstance(operation, Mapping) and operation.get("MCID") in orphans:
            operations[index - 1] = "/Artifact"
            operations[index] = pydyf.Dictionary({"Type": "/Pagination", "Subtype": "/Footer"})


def describe_links(pdf: Any, descriptions: Mapping[str, str]) -> None:
    """Give every link annotation the print flag and a description in words."""
    import pydyf  # noqa: PLC0415

    for page_reference in pdf.page_references:
        page = _object(pdf, page_reference)
        for reference in page.get("Annots", []):
            annotation = _object(pdf, reference)
            if annotation.get("Subtype") != "/Link":
                continue
            annotation["F"] = PRINT_FLAG
            target = _link_target(annotation)
            words = descriptions.get(target) or describe_target(target)
            annotation["Contents"] = pydyf.String(words)


def _link_target(annotation: Mapping[str, Any]) -> str:
    """Where a link annotation leads: its URI, or `#name` for a place in the PDF."""
    uri = (annotation.get("A") or {}).get("URI")
    if uri is not None:
        return str(uri.string)
    destination: Any = annotation.get("Dest")
    return f"#{destination.string}" if hasattr(destination, "string") else ""


def _kids(element: Mapping[str, Any]) -> list[Any]:
    kids = element.get("K", [])
    return list(kids) if isinstance(kids, list) else [kids]


def _annotation_entries(pdf: Any) -> Iterator[tuple[list[Any], int]]:
    """The parent tree's entries for annotations: its number array, and each entry's index.

    The first two numbers a page are the page's marked content; annotations follow.
    """
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    numbers = _object(pdf, root["ParentTree"])["Nums"]
    for index in range(len(pdf.page_references) * 2, len(numbers), 2):
        yield numbers, index + 1


def _link_ancestor(pdf: Any, reference: bytes) -> bytes | None:
    """The nearest `/Link` element above the element at `reference`, if any."""
    current: Any = _object(pdf, reference).get("P")
    while isinstance(current, bytes):
        element = _object(pdf, current)
        if element.get("Type") != "/StructElem":
            return None
        if element.get("S") == "/Link":
            return current
        current = element.get("P")
    return None


def _is_object_reference(pdf: Any, kid: Any) -> bool:
    if not (isinstance(kid, bytes) and kid.endswith(b" R")):
        return False
    target = _object(pdf, kid)
    return isinstance(target, Mapping) and target.get("Type") == "/OBJR"


def tag_links_directly(pdf: Any) -> None:
    """Put each link annotation's object reference directly in its `/Link` element."""
    import pydyf  # noqa: PLC0415

    if "StructTreeRoot" not in pdf.catalog:
        return
    for numbers, index in list(_annotation_entries(pdf)):
        holder = _object(pdf, numbers[index])
        if holder.get("S") == "/Link":
            continue
        link_reference = _link_ancestor(pdf, numbers[index])
        if link_reference is None:
            continue
        link = _object(pdf, link_reference)
        moved = [kid for kid in _kids(holder) if _is_object_reference(pdf, kid)]
        holder["K"] = pydyf.Array(kid for kid in _kids(holder) if kid not in moved)
        kids = _kids(link)
        after = max((i for i, kid in enumerate(kids) if _is_object_reference(pdf, kid)), default=-1)
        link["K"] = pydyf.Array([*kids[: after + 1], *moved, *kids[after + 1 :]])
        numbers[index] = link_reference


def drop_empty_spans(pdf: Any) -> None:
    """Take `/Span` elements with no kids out of the tag tree, and empty their objects.

    A parent left without kids by that is looked at in turn.
    """
    import pydyf  # noqa: PLC0415

    if "StructTreeRoot" not in pdf.catalog:
        return
    pending = list(reachable_elements(pdf))
    while pending:
        reference = pending.pop()
        element = _object(pdf, reference)
        if not isinstance(element, dict) or element.get("S") != "/Span" or _kids(element):
            continue
        parent_reference = element["P"]
        parent = _object(pdf, parent_reference)
        parent["K"] = pydyf.Array(kid for kid in _kids(parent) if kid != reference)
        element.clear()  # an orphan struct element would still be read by some checkers
        pending.append(parent_reference)


def scope_table_headers(pdf: Any) -> None:
    """Give each table heading cell its scope, as the HTML's `scope` gives it: a `/TH` in
    the table's head heads its column, one in its body heads its row (PDF/UA, 7.5)."""
    import pydyf  # noqa: PLC0415

    if "StructTreeRoot" not in pdf.catalog:
        return
    for reference in sorted(reachable_elements(pdf)):
        element = _object(pdf, reference)
        if not isinstance(element, dict) or element.get("S") != "/TH":
            continue
        row = _object(pdf, element["P"])
        section = _object(pdf, row["P"]) if isinstance(row.get("P"), bytes) else {}
        scope = "/Column" if section.get("S") == "/THead" else "/Row"
        attributes = element.get("A")
        if isinstance(attributes, bytes):  # may be shared by several cells: copied, not changed
            attributes = _object(pdf, attributes)
        owned = pydyf.Dictionary(attributes if isinstance(attributes, dict) else {"O": "/Table"})
        owned["Scope"] = scope
        element["A"] = owned


__all__ = [
    "LinkWords",
    "describe_target",
    "link_descriptions",
    "make_finisher",
]
