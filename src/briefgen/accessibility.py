"""Completing WeasyPrint's tagged PDF where PDF/UA-1 asks for more than it writes.

WeasyPrint 70 tags the content and writes the PDF/UA identifier, but two things
are left to the caller (see weasyprint/pdf/tags.py):

- Text in the page margins (the running footer and "page x of y") is marked as
  ordinary content whose structure elements hang outside the tag tree. PDF/UA
  wants page furniture marked as artifacts: those marked-content sequences are
  re-marked `/Artifact` with the pagination type, and dropped from the parent tree.
- Link annotations carry their URL as the description and no print flag. Each
  gets the print flag, and a description that reads well: the link's own words.

The finisher runs on WeasyPrint's in-memory pydyf objects, before the PDF is
serialised, so it costs no parsing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the PDF engine's process imports this module, not the content model
    from briefgen.present import BriefingView

PRINT_FLAG = 4
Finisher = Callable[[Any, Any], None]


def link_descriptions(view: BriefingView) -> dict[str, str]:
    """Each resource link's URL, and the words its annotation's description should say."""
    return {
        resource.url: describe_link(resource.title, resource.kind) for resource in view.resources
    }


def make_finisher(descriptions: Mapping[str, str]) -> Finisher:
    """A finisher for `document.write_pdf`, knowing the briefing's link texts."""

    def finish(document: Any, pdf: Any) -> None:  # noqa: ARG001 (WeasyPrint's signature)
        mark_margins_as_artifacts(pdf)
        describe_links(pdf, descriptions)

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
            action = annotation.get("A") or {}
            uri = action.get("URI")
            target = uri.string if uri is not None else ""
            annotation["Contents"] = pydyf.String(descriptions.get(target, f"Link to {target}"))
