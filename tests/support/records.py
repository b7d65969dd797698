"""Returned discussion records, made as teams make them: filled in with python-docx,
saved again by LibreOffice, edited as Word does (tracked changes, a comment, a row added),
and the hostile files a collector may be sent.

The Word-style edits are built by hand from the OOXML specification (ECMA-376 Part 1, 5th
edition), as Word 365 writes them:

- a tracked insertion is a `w:ins` element (§17.13.5.18) around the runs typed, with its
  author and date; a tracked deletion a `w:del` (§17.13.5.14) whose runs hold `w:delText`
  (§17.3.3.7), not `w:t`. Word puts both inside a content control's `w:sdtContent` when the
  team edits an answer with Track Changes on;
- a comment is a part `word/comments.xml` (§17.13.4.2, content type
  `...wordprocessingml.comments+xml`, related from the document part with the type
  `.../relationships/comments`), each `w:comment` with its `w:id`, author and paragraphs;
  the document marks the text commented on with `w:commentRangeStart`, `w:commentRangeEnd`
  and a run holding `w:commentReference` with the same id (§17.13.4.3–5);
- a row added with Tab in a table's last cell is a new `w:tr` (§17.4.79) whose cells hold
  plain paragraphs: Word adds no content controls to it.
"""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
COMMENTS_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# What a team writes in the seed's record (four questions): every kind of field.
FILLED = {
    "date": "3 February 2026",
    "team": "MASH team",
    "role.1": "Social worker",
    "agency.1": "Children's social care",
    "role.2": "Health visitor",
    "agency.2": "NHS community health",
    "role.3": "Police officer",
    "agency.3": "Sussex Police",
    "answer.1": "We ask at every first visit which agencies know the family.",
    "answer.3": "Not always: closure letters go to the GP only.",
    "answer.4": "Yes, through the escalation policy.",
    "action.1.what": "Add a prompt about other agencies to the visit form",
    "action.1.owner": "Team manager",
    "action.1.by": "31 March 2026",
    "action.2.what": "Copy closure letters to every agency involved",
    "action.2.owner": "Senior practitioner",
    "action.2.by": "January 2026",
    "sent_by": "Team manager",
    "date_sent": "4 February 2026",
}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def record_of(project: Path, slug: str) -> bytes:
    """The discussion record a build of `project` writes for `slug`, made without the PDF."""
    from briefgen.content.config import load_project  # noqa: PLC0415 (as a build does)
    from briefgen.steps import Steps  # noqa: PLC0415

    steps = Steps.start(load_project(project))
    loaded = steps.read(project / "content" / f"{slug}.yaml")
    return steps.discussion_record(steps.present(loaded, slug))


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def packed(parts: dict[str, bytes]) -> bytes:
    written = io.BytesIO()
    with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return written.getvalue()


def _controls_by_tag(root: etree._Element) -> dict[str, list[etree._Element]]:
    found: dict[str, list[etree._Element]] = {}
    for control in root.iter(w("sdt")):
        tag = control.find(f"{w('sdtPr')}/{w('tag')}")
        if tag is not None:
            found.setdefault(str(tag.get(w("val"))), []).append(control)
    return found


def _set_words(control: etree._Element, words: str) -> None:
    """Type `words` into a control as Word does: the placeholder and its style go."""
    properties = control.find(w("sdtPr"))
    assert properties is not None
    placeholder = properties.find(w("showingPlcHdr"))
    if placeholder is not None:
        properties.remove(placeholder)
    content = control.find(w("sdtContent"))
    assert content is not None
    runs = list(content.iter(w("r")))
    first = runs[0]
    for run in runs[1:]:
        parent = run.getparent()
        assert parent is not None
        parent.remove(run)
    style = first.find(w("rPr"))
    if style is not None:
        first.remove(style)
    text = first.find(w("t"))
    assert text is not None
    first_line, *more = words.split("\n")
    text.text = first_line
    paragraph = first.getparent()
    assert paragraph is not None
    for line in reversed(more):  # each further line a paragraph of its own, as Enter makes
        added = copy.deepcopy(paragraph)
        next(added.iter(w("t"))).text = line
        paragraph.addnext(added)


def fill(data: bytes, values: dict[str, str]) -> bytes:
    """The record with each field named in `values` (by tag) filled in, as python-docx
    saves it: the document opened, each control's runs changed, the file saved."""
    import docx  # noqa: PLC0415 (the tests' own use of python-docx)

    document = docx.Document(io.BytesIO(data))
    controls = _controls_by_tag(document.element.body)
    for tag, words in values.items():
        _set_words(controls[tag][0], words)
    saved = io.BytesIO()
    document.save(saved)
    return saved.getvalue()


def resaved_by_libreoffice(data: bytes, folder: Path, name: str = "record") -> bytes:
    """The record opened and saved again as Word 2007-365 by LibreOffice, headless, with a
    profile of its own (so that two runs at once do not share one)."""
    assert SOFFICE is not None, "LibreOffice is installed by scripts/setup test"
    source = folder / "in" / f"{name}.docx"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(data)
    target = folder / "out"
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (target / f"{name}.docx").read_bytes()


def edited_as_word_does(data: bytes) -> bytes:
    """The filled record edited with Track Changes on, as Word writes it (see the module's
    note): in answer.1, "not " deleted and " always" inserted; a comment on the team's
    name; a row added to the actions table, typed without fields."""
    parts = parts_of(data)
    root = etree.fromstring(parts["word/document.xml"])
    controls = _controls_by_tag(root)
    _track_changes(controls["answer.1"][0])
    _comment_on(controls["team"][0])
    _add_action_row(root, ["Audit the referral forms again", "Team manager", "31 March 2026"])
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    parts["word/comments.xml"] = _comments_part()
    relations = etree.fromstring(parts["word/_rels/document.xml.rels"])
    etree.SubElement(
        relations,
        f"{{{PACKAGE}}}Relationship",
        Id="rIdComments1",
        Type=COMMENTS_RELATION,
        Target="comments.xml",
    )
    parts["word/_rels/document.xml.rels"] = etree.tostring(relations, xml_declaration=True)
    types = etree.fromstring(parts["[Content_Types].xml"])
    etree.SubElement(
        types, f"{{{TYPES}}}Override", PartName="/word/comments.xml", ContentType=COMMENTS_TYPE
    )
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True)
    return packed(parts)


def _track_changes(control: etree._Element) -> None:
    """After the answer's words: a deleted run, then an inserted one."""
    content = control.find(w("sdtContent"))
    assert content is not None
    paragraph = next(content.iter(w("p")))
    changed = {w("author"): "Team manager", w("date"): "2026-02-03T10:00:00Z"}
    deletion = etree.SubElement(paragraph, w("del"), {w("id"): "901", **changed})
    etree.SubElement(etree.SubElement(deletion, w("r")), w("delText")).text = " not"
    insertion = etree.SubElement(paragraph, w("ins"), {w("id"): "902", **changed})
    inserted = etree.SubElement(etree.SubElement(insertion, w("r")), w("t"))
    inserted.text = " always"
    inserted.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _comment_on(control: etree._Element) -> None:
    paragraph = control.getparent()
    assert paragraph is not None
    index = paragraph.index(control)
    paragraph.insert(index, etree.Element(w("commentRangeStart"), {w("id"): "0"}))
    paragraph.insert(index + 2, etree.Element(w("commentRangeEnd"), {w("id"): "0"}))
    run = etree.Element(w("r"))
    etree.SubElement(run, w("commentReference"), {w("id"): "0"})
    paragraph.insert(index + 3, run)


def _comments_part() -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments xmlns:w="{W}">'
        '<w:comment w:id="0" w:author="Team manager" w:date="2026-02-03T10:05:00Z" '
        'w:initials="TM"><w:p><w:r><w:t>Health visitors joined for this one.</w:t></w:r>'
        "</w:p></w:comment></w:comments>"
    ).encode()


def _add_action_row(root: etree._Element, cells: list[str]) -> None:
    """A row after the actions table's last, as Tab in its last cell makes: plain
    paragraphs, no fields."""
    table = next(
        table
        for table in root.iter(w("tbl"))
        if any("action." in str(tag.get(w("val"))) for tag in table.iter(w("tag")))
    )
    last = table.findall(w("tr"))[-1]
    row = etree.SubElement(table, w("tr"))
    properties = last.find(w("trPr"))
    if properties is not None:
        row.append(copy.deepcopy(properties))
    for words in cells:
        cell = etree.SubElement(row, w("tc"))
        run = etree.SubElement(etree.SubElement(cell, w("p")), w("r"))
        etree.SubElement(run, w("t")).text = words


__all__ = [
    "FILLED",
    "SOFFICE",
    "W",
    "edited_as_word_does",
    "fill",
    "packed",
    "parts_of",
    "record_of",
    "resaved_by_libreoffice",
]
