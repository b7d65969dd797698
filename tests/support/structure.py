"""What a screen reader announces of a briefing, read from the PDF's tags and from the web
page in the browser, as data that compares: its headings and their levels, its lists (each
item's marker as drawn: "1.", "a)", "•", or none), its tables (rows, columns, heading cells)
and its figures (their text alternative), in reading order.

The words check (tests/support/text.py) compares what is said; this compares how it is
built, which the words check cannot see: a numbered list whose numbers the web page lost
reads the same words. The readers know no block kind: any list, table, figure or heading a
template writes is read, so a new kind is covered as soon as an example or the registry's
"every kind" briefing holds it.

The PDF is read with pikepdf (the structure tree) and pypdf (the text of each marked-content
sequence, which the tags point at). WeasyPrint tags each page on its own: a list that a page
break cuts is tagged as two lists, one on each page. The reader joins what a page break cut,
as a reader of the printed page does: an element that ends one page and one of its kind
that starts the next, unless the second plainly starts afresh (a heading, a figure, a table
with its caption, a list whose first marker is "1.", an item with its own marker).

The web page is read in Chromium, inside the page, a fragment or a fragment's shadow root:
the elements by the DOM, each list item's marker from the browser's accessibility tree (the
marker it lays out and draws, so a marker hidden by `list-style: none`, `display: block` or
`::marker { content: none }` is none), and a marker drawn in a transparent colour or at no
size as none too.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pikepdf
import pypdf

from tests.support.text import normalise

if TYPE_CHECKING:  # the page is given: only tests.support.browser imports Playwright
    from playwright.sync_api import Page


@dataclass(frozen=True)
class Heading:
    level: int  # counted from the first heading, the title, as 1
    text: str

    def __str__(self) -> str:
        return f"heading {self.level}: {self.text}"


@dataclass(frozen=True)
class ListOf:
    """A list: each item's marker, as drawn ("" for an item without one)."""

    markers: tuple[str, ...]

    @property
    def kind(self) -> str:
        """`numbered` (digits, letters or roman numerals), `bulleted`, `unmarked` or `mixed`."""
        kinds = {marker_kind(marker) for marker in self.markers} or {"unmarked"}
        return kinds.pop() if len(kinds) == 1 else "mixed"

    def __str__(self) -> str:
        shown = f": {' '.join(self.markers)}" if any(self.markers) else ""
        return f"{self.kind} list of {len(self.markers)} items{shown}"


@dataclass(frozen=True)
class Table:
    caption: str
    rows: int
    columns: int
    headers: tuple[str, ...]  # each heading cell: "column: Agency", "row: Police"

    def __str__(self) -> str:
        return (
            f"table {self.caption!r}: {self.rows} rows, {self.columns} columns, "
            f"headings {list(self.headers)}"
        )


@dataclass(frozen=True)
class Figure:
    alt: str

    def __str__(self) -> str:
        return f"figure: {self.alt}"


Part = Heading | ListOf | Table | Figure


def marker_kind(marker: str) -> str:
    if not marker:
        return "unmarked"
    return "numbered" if any(char.isalnum() for char in marker) else "bulleted"


def differences(pdf: Sequence[Part], web: Sequence[Part]) -> list[str]:
    """What differs, one line a part: `- ` as the PDF has it, `+ ` as the web has it."""
    lines = difflib.unified_diff([str(part) for part in pdf], [str(part) for part in web], n=0)
    return [line for line in lines if line[:1] in "-+" and line[:3] not in ("---", "+++")]


def words(text: str) -> str:
    """Text as compared: white space as single spaces, plain quotes, no soft hyphens."""
    return normalise(text)


def from_first_heading(parts: Iterable[Part]) -> list[Part]:
    """The parts with heading levels counted from the first heading's: the page starts at
    h1, a fragment at the host's level (h2 by default), the PDF at H1."""
    parts = list(parts)
    first = next((part.level for part in parts if isinstance(part, Heading)), 1)
    return [
        replace(part, level=part.level - first + 1) if isinstance(part, Heading) else part
        for part in parts
    ]


# A cell of a table as both readers give it: heading or data, its spans, its scope and words.
@dataclass(frozen=True)
class Cell:
    heading: bool
    columns: int = 1
    rows: int = 1
    scope: str = ""  # "column", "row" or "" (none said)
    text: str = ""


def table_of(caption: str, rows: Sequence[Sequence[Cell]]) -> Table:
    """A table's shape: its rows, and its columns as the grid its cells fill (a cell that
    spans rows takes its place in the rows below it)."""
    taken: dict[int, set[int]] = defaultdict(set)
    columns = 0
    for row_index, row in enumerate(rows):
        column = 0
        for cell in row:
            while column in taken[row_index]:
                column += 1
            for below in range(row_index, row_index + max(cell.rows, 1)):
                taken[below].update(range(column, column + max(cell.columns, 1)))
            column += max(cell.columns, 1)
        columns = max(columns, max(taken[row_index], default=-1) + 1)
    headers = tuple(
        f"{cell.scope or 'no scope'}: {words(cell.text)}"
        for row in rows
        for cell in row
        if cell.heading
    )
    return Table(words(caption), len(rows), columns, headers)


# The PDF -----------------------------------------------------------------------------------


@dataclass
class Node:
    """A structure element of the PDF, with the words of its marked content."""

    tag: str
    first_page: int
    last_page: int
    kids: list[Node] = field(default_factory=list)
    text: str = ""  # its own and its kids' words, in order
    alt: str = ""
    scope: str = ""
    columns: int = 1
    rows: int = 1

    def find(self, *tags: str) -> Iterator[Node]:
        """The elements of `tags` under this one, not looking inside those found, nor inside
        a nested list (its items are its own)."""
        for kid in self.kids:
            if kid.tag in tags:
                yield kid
            elif kid.tag != "L":
                yield from kid.find(*tags)


def pdf_structure(path: Path) -> list[Part]:
    """The headings, lists, tables and figures that the PDF's tags give, in reading order."""
    texts = marked_texts(path)
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        root = pdf.Root.StructTreeRoot
        nodes = [_node(kid, None, pages, texts) for kid in _as_list(root.get("/K"))]
    tree = joined([node for node in nodes if node is not None])
    return from_first_heading(_parts(tree))


def pdf_paragraphs(path: Path) -> list[str]:
    """The words of each paragraph (`/P`) the PDF's tags give, in reading order."""
    texts = marked_texts(path)
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        root = pdf.Root.StructTreeRoot
        nodes = [_node(kid, None, pages, texts) for kid in _as_list(root.get("/K"))]
    found: list[str] = []
    pending = [node for node in nodes if node is not None]
    while pending:
        node = pending.pop(0)
        if node.tag == "P":
            found.append(words(node.text))
        pending[:0] = node.kids
    return found


def marked_texts(path: Path) -> dict[tuple[int, int], str]:
    """The text of each marked-content sequence of the PDF, by page index and MCID."""
    texts: dict[tuple[int, int], str] = {}
    for page_index, page in enumerate(pypdf.PdfReader(path).pages):
        page_texts = PageTexts()
        page.extract_text(visitor_operand_before=page_texts.operator, visitor_text=page_texts.text)
        texts.update({(page_index, mcid): text for mcid, text in page_texts.by_id.items()})
    return texts


class PageTexts:
    """The text that pypdf reads of one page, gathered by the marked-content id around it."""

    def __init__(self) -> None:
        self.open_ids: list[int | None] = []
        self.by_id: dict[int, str] = defaultdict(str)

    def operator(self, operator: bytes, operands: list[Any], *_: Any) -> None:
        if operator == b"BDC":
            properties = operands[1] if len(operands) > 1 else None
            mcid = properties.get("/MCID") if isinstance(properties, dict) else None
            self.open_ids.append(int(mcid) if mcid is not None else None)
        elif operator == b"BMC":
            self.open_ids.append(None)
        elif operator == b"EMC" and self.open_ids:
            self.open_ids.pop()

    def text(self, words: str, *_: Any) -> None:
        if self.open_ids and self.open_ids[-1] is not None:
            self.by_id[self.open_ids[-1]] += words


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


_BEFORE_PUNCTUATION = re.compile(r" ([,.;:!?)])")


def _node(
    element: Any, page: int | None, pages: dict[tuple[int, int], int], texts: dict[Any, str]
) -> Node | None:
    if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
        return None
    if "/Pg" in element:
        page = pages.get(element.Pg.objgen, page)
    node = Node(str(element.S).lstrip("/"), page or 0, page or 0)
    pieces: list[str] = []
    for kid in _as_list(element.get("/K")):
        if isinstance(kid, int):  # a marked-content id on the element's page
            pieces.append(texts.get((page or 0, kid), ""))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            kid_page = pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page
            pieces.append(texts.get((kid_page or 0, int(kid.MCID)), ""))
        elif (child := _node(kid, page, pages, texts)) is not None:
            node.kids.append(child)
            pieces.append(child.text)
    # Pieces joined by a space, but for one before the punctuation that follows an inline
    # element (`<strong>look</strong>, check`): the page reads "look, check".
    node.text = _BEFORE_PUNCTUATION.sub(r"\1", " ".join(pieces))
    node.first_page = min([node.first_page, *(kid.first_page for kid in node.kids)])
    node.last_page = max([node.last_page, *(kid.last_page for kid in node.kids)])
    _read_attributes(node, element)
    return node


def _read_attributes(node: Node, element: Any) -> None:
    node.alt = words(str(element.get("/Alt", "")))
    for attributes in _as_list(element.get("/A")):
        if not isinstance(attributes, pikepdf.Dictionary):
            continue
        scope = str(attributes.get("/Scope", "")).lstrip("/").lower()
        node.scope = node.scope or scope
        node.columns = int(attributes.get("/ColSpan", node.columns))
        node.rows = int(attributes.get("/RowSpan", node.rows))


# Elements that a page break never cuts in two: one at the top of a page starts afresh.
UNBROKEN = {"H1", "H2", "H3", "H4", "H5", "H6", "Figure", "Caption", "TR", "Lbl"}
FIRST_MARKERS = re.compile(r"[1aAiI][.)]?")


def joined(nodes: list[Node]) -> list[Node]:
    """Siblings, and their kids, with each element that a page break cut joined to its
    continuation: the pages' elements first, then, inside those, their kids."""
    result: list[Node] = []
    for node in nodes:
        if result and continues(result[-1], node):
            result[-1] = merged(result[-1], node)
        else:
            result.append(node)
    return [replace(node, kids=joined(node.kids)) for node in result]


def continues(before: Node, after: Node) -> bool:
    """Whether `after`, the first of its page, goes on with `before`, the last of the one
    before it: the same kind of element, and nothing in `after` that starts a new one."""
    if after.tag != before.tag or after.first_page <= before.last_page or after.tag in UNBROKEN:
        return False
    first = after.kids[0] if after.kids else None
    if after.tag == "L":  # a new list numbers from the start
        item = next(after.find("LI"), None)
        label = next(item.find("Lbl"), None) if item else None
        return not (label and FIRST_MARKERS.fullmatch(words(label.text)))
    if after.tag == "LI":  # an item cut by the break has its marker on the first page only
        marked = any(kid.tag == "Lbl" for kid in before.kids)
        return marked and not (first and first.tag == "Lbl")
    if after.tag == "Table":  # a table's caption comes with its first part only
        return not any(kid.tag == "Caption" for kid in after.kids)
    return True


def merged(before: Node, after: Node) -> Node:
    kids = after.kids
    if before.tag == "Table" and any(kid.tag == "THead" for kid in before.kids):
        kids = [kid for kid in kids if kid.tag != "THead"]  # the heading row, repeated
    return replace(
        before,
        kids=[*before.kids, *kids],
        text=f"{before.text} {after.text}",
        last_page=after.last_page,
    )


def _parts(nodes: list[Node]) -> Iterator[Part]:
    for node in nodes:
        if re.fullmatch(r"H[1-6]", node.tag):
            yield Heading(int(node.tag[1]), words(node.text))
        elif node.tag == "L":
            yield ListOf(tuple(_marker(item) for item in node.find("LI")))
        elif node.tag == "Table":
            yield _pdf_table(node)
        elif node.tag == "Figure" and node.alt:
            yield Figure(node.alt)
        yield from _parts(node.kids)


def _marker(item: Node) -> str:
    label = next((kid for kid in item.kids if kid.tag == "Lbl"), None)
    return words(label.text) if label else ""


def _pdf_table(table: Node) -> Table:
    caption = next(table.find("Caption"), None)
    rows = [
        [
            Cell(cell.tag == "TH", cell.columns, cell.rows, cell.scope, cell.text)
            for cell in row.find("TH", "TD")
        ]
        for row in table.find("TR")
    ]
    return table_of(caption.text if caption else "", rows)


# The web page ------------------------------------------------------------------------------

# Every part in document order (a list before the lists inside it, as the PDF's tags), from
# `root` (a selector), looked for inside the shadow root of `host` where one is given.
_READ_DOM = """([root, host]) => {
  const scope = host ? document.querySelector(host).shadowRoot : document;
  const top = scope.querySelector(root);
  const words = element => element ? element.textContent : '';
  const shown = element => element.checkVisibility({visibilityProperty: true});
  const parts = [];
  const listed = 'ul, ol, dl';
  let item = 0;
  for (const element of top.querySelectorAll(
      'h1, h2, h3, h4, h5, h6, ul, ol, dl, table, img, svg')) {
    if (!shown(element)) continue;
    const tag = element.tagName.toLowerCase();
    if (/^h[1-6]$/.test(tag)) {
      parts.push({kind: 'heading', level: Number(tag[1]), text: words(element)});
    } else if (tag === 'ul' || tag === 'ol' || tag === 'dl') {
      const items = [...element.querySelectorAll(tag === 'dl' ? 'dt, dd' : ':scope > li')]
        .filter(entry => entry.closest(listed) === element && shown(entry));
      parts.push({kind: 'list', items: items.map(entry => {
        const marker = getComputedStyle(entry, '::marker');
        const drawn = entry.tagName === 'LI' && marker.color !== 'rgba(0, 0, 0, 0)' &&
          parseFloat(marker.fontSize) > 0;
        entry.dataset.structureItem = String(item);
        return {index: item++, drawn};
      })});
    } else if (tag === 'table') {
      parts.push({kind: 'table', caption: words(element.caption),
        rows: [...element.rows].map(row => [...row.cells].map(cell => ({
          heading: cell.tagName === 'TH', columns: cell.colSpan, rows: cell.rowSpan,
          scope: cell.getAttribute('scope') || '', text: words(cell)})))});
    } else if (!(tag === 'svg' && element.parentElement.closest('svg'))) {
      parts.push({kind: 'figure', alt: textAlternative(element)});
    }
  }
  return parts;
  function textAlternative(element) {
    if (element.getAttribute('aria-hidden') === 'true') return '';
    const labels = (element.getAttribute('aria-labelledby') || '').split(/\\s+/)
      .map(id => element.getRootNode().getElementById(id)).filter(Boolean);
    if (labels.length) return labels.map(words).join(' ');
    if (element.hasAttribute('aria-label')) return element.getAttribute('aria-label');
    if (element.tagName.toLowerCase() === 'img') return element.getAttribute('alt') || '';
    return words(element.querySelector(':scope > title'));
  }
}"""

SCOPES = {"col": "column", "colgroup": "column", "row": "row", "rowgroup": "row"}


def web_structure(page: Page, root: str = ".briefgen", host: str | None = None) -> list[Part]:
    """The headings, lists, tables and figures of `root` in the open `page` (inside the
    shadow root of `host`, where one is given), in reading order."""
    found: list[dict[str, Any]] = page.evaluate(_READ_DOM, [root, host])
    markers = drawn_markers(page)
    parts: list[Part] = []
    for part in found:
        if part["kind"] == "heading":
            parts.append(Heading(part["level"], words(part["text"])))
        elif part["kind"] == "list":
            parts.append(
                ListOf(
                    tuple(
                        markers.get(item["index"], "") if item["drawn"] else ""
                        for item in part["items"]
                    )
                )
            )
        elif part["kind"] == "table":
            parts.append(_web_table(part))
        elif part["alt"].strip():
            parts.append(Figure(words(part["alt"])))
    return from_first_heading(parts)


def _web_table(part: dict[str, Any]) -> Table:
    rows = [
        [
            Cell(
                cell["heading"],
                cell["columns"],
                cell["rows"],
                SCOPES.get(cell["scope"].lower(), "") if cell["heading"] else "",
                cell["text"],
            )
            for cell in row
        ]
        for row in part["rows"]
    ]
    return table_of(part["caption"], rows)


def drawn_markers(page: Page) -> dict[int, str]:
    """The marker Chromium lays out for each list item that the DOM reader numbered (its
    `data-structure-item`), as its accessibility tree names it: "1.", "•"."""
    session = page.context.new_cdp_session(page)
    try:
        session.send("DOM.getDocument", {"depth": -1, "pierce": True})
        found = session.send(
            "Runtime.evaluate",
            {
                "expression": _ITEMS,
                "returnByValue": False,
            },
        )
        properties = session.send(
            "Runtime.getProperties",
            {"objectId": found["result"]["objectId"], "ownProperties": True},
        )
        items: dict[int, int] = {}  # the item's number: its node in the browser
        for entry in properties["result"]:
            if entry["name"].isdigit():
                described = session.send(
                    "DOM.describeNode", {"objectId": entry["value"]["objectId"]}
                )
                items[described["node"]["backendNodeId"]] = int(entry["name"])
        tree = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    by_id = {node["nodeId"]: node for node in tree}
    markers: dict[int, str] = {}
    for node in tree:
        index = items.get(node.get("backendDOMNodeId", -1))
        if index is None:
            continue
        for child_id in node.get("childIds", []):
            child = by_id.get(child_id, {})
            if child.get("role", {}).get("value") == "ListMarker":
                markers[index] = words(child.get("name", {}).get("value", ""))
    return markers


# The items the DOM reader numbered, in the page and in any shadow root, by their number.
_ITEMS = """(() => {
  const found = [];
  const visit = root => {
    for (const element of root.querySelectorAll('*')) {
      if (element.dataset && element.dataset.structureItem !== undefined)
        found[Number(element.dataset.structureItem)] = element;
      if (element.shadowRoot) visit(element.shadowRoot);
    }
  };
  visit(document);
  return found;
})()"""
