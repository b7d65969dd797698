"""The team discussion record: a Word document a team fills in after discussing a briefing.

Partnerships ask each team that uses a briefing to record its discussion and send the record
back, as evidence that the learning reached practice. The record is a Word document because a
council team on a locked-down Windows laptop has Word; a fillable PDF would need Acrobat's
forms, and WeasyPrint cannot tag form fields for PDF/UA.

It holds the briefing's title and date, who took part (by role and agency), each reflective
question of the briefing with room for the team's answer, the actions agreed, and where to
send the record. Every place a team writes is a content control labelled with what goes in it,
so that a screen reader announces the label; the headings are Word's own heading styles, and
the tables mark their header rows.

python-docx has no API for content controls or table captions: they are built here as
WordprocessingML elements. Its package stamps the time of the build (in the core properties and
in the zip's entries): both are pinned to the briefing's date, so that two builds of the same
briefing give the same bytes.
"""

from __future__ import annotations

import functools
import io
import re
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import quote

from briefgen.content.config import ProjectConfig
from briefgen.render.present import BriefingView, SectionView

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.text.paragraph import Paragraph

PARTICIPANT_ROWS = 8
ACTION_ROWS = 5
ANSWER_PLACEHOLDER = "Write the team's answer here"
PLACEHOLDER_GREY = "595959"  # 7:1 on white; Word's own placeholder grey is 3.9:1
# A zip entry's date is between 1980 and 2107: an earlier or later briefing date is held to them.
EARLIEST_ZIP_TIME = 315_532_800  # 1980-01-01T00:00:00Z
LATEST_ZIP_TIME = 4_354_819_198  # 2107-12-31T23:59:58Z
# Characters an XML document cannot hold (the loader refuses them in a briefing already).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# How much of a long section heading an answer's label quotes (a screen reader says it all).
LONGEST_LABEL = 80


@dataclass(frozen=True)
class _Question:
    section: str | None  # the heading of the section that asks it, numbered as in the briefing
    group: int  # which list of questions of the briefing it is in, from 1
    number: int  # its number in its list, as the briefing shows it
    text: str  # its words, without Markdown


def discussion_record(view: BriefingView, config: ProjectConfig, epoch: int) -> bytes:
    """The discussion record of a briefing, as the bytes of a Word document.

    `epoch` is the time stamped inside it (the briefing's pinned date, as in its PDF).
    python-docx is imported here, not with the module: a build pays for it only when it
    writes records, and a check never does.
    """
    import docx  # noqa: PLC0415 (lazily, as above)

    document = docx.Document(io.BytesIO(_base(config.brand.primary)))
    _set_properties(document, view, epoch)
    fields = _Fields()
    _write_opening(document, view)
    _write_participants(document, fields)
    _write_questions(document, fields, list(_questions_of(view)))
    _write_actions(document, fields)
    _write_send_to(document, view)
    _drop_unused_styles(document)
    package = io.BytesIO()
    document.save(package)
    return _reproducible(package.getvalue(), epoch)


@functools.lru_cache(maxsize=4)  # one brand colour a project
def _base(primary: str) -> bytes:
    """python-docx's template made the record's: A4, British English, headings in the brand
    colour, its unused parts gone. Made once a process: a third of each record's time."""
    import docx  # noqa: PLC0415 (lazily, as in discussion_record)

    document = docx.Document()
    _set_page(document)
    _set_styles(document, primary)
    _drop_unused_parts(document)
    package = io.BytesIO()
    document.save(package)
    return package.getvalue()


def _questions_of(view: BriefingView) -> Iterator[_Question]:
    """Every reflective question the briefing shows, in its order, with its section's heading
    (and its subsection's, where it stands in one)."""
    group = 0
    for outer, section in _sections_of(view):
        heading = _one_line(section.heading) if section.heading else None
        if heading and section.number is not None:
            heading = f"{section.number}. {heading}"
        if outer is not section and outer.heading:  # an entry's section: under its title
            heading = _joined(outer.heading, heading) if heading else _one_line(outer.heading)
        places = [(heading, section.blocks)]
        places += [(_joined(heading, sub.heading), sub.blocks) for sub in section.subsections]
        for place, blocks in places:
            for block in blocks:
                if block.kind == "questions":
                    group += 1
                    for number, text in enumerate(block.data.texts, start=1):
                        yield _Question(place, group, number, _one_line(text))


def _sections_of(view: BriefingView) -> Iterator[tuple[SectionView, SectionView]]:
    """Each section that holds blocks, with the one it stands in: itself, or its entry."""
    for outer in view.sections:
        for section in outer.in_reading_order():
            yield outer, section


def _joined(heading: str | None, subheading: str) -> str:
    return f"{heading}: {_one_line(subheading)}" if heading else _one_line(subheading)


def _labels(questions: list[_Question]) -> list[str]:
    """The label of each answer's field, different for each: with several lists of
    questions, each numbered from 1, the label names the section (and the list, where a
    section has more than one)."""
    labels = [f"Answer to question {question.number}" for question in questions]
    if len({question.group for question in questions}) > 1:
        labels = [
            f"{label} of “{_shortened(question.section)}”" if question.section else label
            for label, question in zip(labels, questions, strict=True)
        ]
    repeated = {label for label in labels if labels.count(label) > 1}
    return [
        f"{label} (list {question.group})" if label in repeated else label
        for label, question in zip(labels, questions, strict=True)
    ]


def _one_line(text: str) -> str:
    """A text as XML can hold it, on one line: a heading or a label has no line breaks."""
    return " ".join(NOT_XML.sub("", text).split())


def _shortened(text: str) -> str:
    if len(text) <= LONGEST_LABEL:
        return text
    return text[: LONGEST_LABEL - 1].rstrip() + "…"


# --- The document's parts, in order ---------------------------------------------------------


def _heading(document: Document, text: str, level: int) -> None:
    """A heading in Word's heading style of its level, named by its id: python-docx would
    look each style up by name among the template's 160."""
    document.add_paragraph(text)._p.style = f"Heading{level}"


def _write_opening(document: Document, view: BriefingView) -> None:
    _heading(document, _one_line(view.title), level=1)
    document.add_paragraph("Team discussion record")._p.style = "Subtitle"
    document.add_paragraph(
        f"{_one_line(view.type_label)}, published by {_one_line(view.partnership)} "
        f"in {view.date_text}."
    )
    document.add_paragraph(
        "Fill this in after your team has discussed the briefing: select each place that "
        "says “Write…” and type over it. Write roles, not names, and nothing that could "
        f"identify {view.wording.identifies}. Then send the record as the last section says."
    )


def _write_participants(document: Document, fields: _Fields) -> None:
    _heading(document, "Who took part", level=2)
    for label, placeholder in (
        ("Date of the discussion", "Write the date"),
        ("Team or meeting", "Write the team or the meeting"),
    ):
        paragraph = document.add_paragraph(f"{label}: ")
        paragraph._p.append(fields.inline(label, placeholder))
    _write_table(
        document,
        fields,
        caption="Who took part",
        description="The role and agency of each person who took part in the discussion.",
        columns=(("Role", "Write a role", 1), ("Agency", "Write an agency", 1)),
        rows=PARTICIPANT_ROWS,
    )


def _write_questions(document: Document, fields: _Fields, questions: list[_Question]) -> None:
    """Each question as a heading, numbered as in the briefing, with a box for the answer;
    without questions, a box for what the team discussed."""
    if not questions:
        _heading(document, "What the team discussed", level=2)
        document.add_paragraph(
            "This briefing has no reflective questions. Write what the team discussed, "
            "and what it will do differently."
        )
        fields.answer(document, "What the team discussed", "Write what the team discussed here")
        return
    _heading(document, "Reflective questions", level=2)
    document.add_paragraph(
        "Below each question, write what the team said and what it will do differently."
    )
    group = 0
    for question, label in zip(questions, _labels(questions), strict=True):
        if question.section and question.group != group:
            document.add_paragraph(f"Questions from “{question.section}”:")
        group = question.group
        _heading(document, f"{question.number}. {question.text}", level=3)
        fields.answer(document, label, ANSWER_PLACEHOLDER)


def _write_actions(document: Document, fields: _Fields) -> None:
    _heading(document, "Actions agreed", level=2)
    _write_table(
        document,
        fields,
        caption="Actions agreed",
        description="Each action the team agreed, who owns it, and by when.",
        columns=(
            ("Action", "Write an action", 2),
            ("Owner", "Write the owner's role", 1),
            ("By when", "Write a date", 1),
        ),
        rows=ACTION_ROWS,
    )


def _write_send_to(document: Document, view: BriefingView) -> None:
    """Where the record goes: the address of the partnership that published the briefing
    (briefgen.yaml's, or the briefing's own partnership's), linked, or else its name."""
    _heading(document, "Where to send this record", level=2)
    address = view.identity.send_to
    partnership = _one_line(view.partnership)
    if address is None:
        document.add_paragraph(
            f"Save this record, then send it to {partnership}, who published the briefing."
        )
        return
    paragraph = document.add_paragraph()
    if "@" in address and not address.startswith("https://"):
        subject = quote(f"Discussion record: {_one_line(view.title)}")
        paragraph.add_run("Save this record, then email it to ")
        _add_link(paragraph, f"mailto:{address}?subject={subject}", address)
        paragraph.add_run(f" at {partnership}.")
    else:
        paragraph.add_run(f"Save this record, then upload it to {partnership} through its form: ")
        _add_link(paragraph, address, address)
        paragraph.add_run(".")


# --- Tables and labelled fields -------------------------------------------------------------


def _write_table(
    document: Document,
    fields: _Fields,
    *,
    caption: str,
    description: str,
    columns: tuple[tuple[str, str, int], ...],
    rows: int,
) -> None:
    """A table with a header row that repeats on each page and that a screen reader reads as
    the columns' headers, a caption and a description, and a labelled field in each cell.
    `columns` are each a heading, the placeholder of its cells and its share of the width."""
    table = document.add_table(rows=rows + 1, cols=len(columns))
    table._tbl.tblPr.style = "TableGrid"
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
    shares = sum(share for _, _, share in columns)
    for column, (_, _, share) in zip(table.columns, columns, strict=True):
        for cell in column.cells:
            cell.width = width * share // shares
        column.width = width * share // shares
    properties = table._tbl.tblPr
    properties.append(_element("w:tblCaption", val=caption))
    properties.append(_element("w:tblDescription", val=description))
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(_element("w:tblHeader"))
    for cell, (name, _, _) in zip(header.cells, columns, strict=True):
        cell.paragraphs[0].add_run(name).bold = True
    for number, row in enumerate(table.rows[1:], start=1):
        row._tr.get_or_add_trPr().append(_element("w:trHeight", val="567", hRule="atLeast"))
        for cell, (name, placeholder, _) in zip(row.cells, columns, strict=True):
            label = f"{name}, row {number} of “{caption}”"
            cell.paragraphs[0]._p.append(fields.inline(label, placeholder))


class _Fields:
    """Makes the plain-text content controls where a team writes, each with a label (the
    control's title, which screen readers announce), a tag and placeholder text; their ids
    are numbered in order, so that two builds give the same document."""

    def __init__(self) -> None:
        self.count = 0

    def control(self, label: str, *, multiline: bool) -> tuple[BaseOxmlElement, BaseOxmlElement]:
        """A content control's element and its content, still empty."""
        self.count += 1
        control = _element("w:sdt")
        properties = _child(control, "w:sdtPr")
        _child(properties, "w:alias", val=label)
        _child(properties, "w:tag", val=f"briefgen-field-{self.count}")
        _child(properties, "w:id", val=str(self.count))
        _child(properties, "w:showingPlcHdr")
        _child(properties, "w:text", multiLine="1" if multiline else "0")
        return control, _child(control, "w:sdtContent")

    def inline(self, label: str, placeholder: str) -> BaseOxmlElement:
        """A one-line field inside a paragraph (a table cell, the date)."""
        control, content = self.control(label, multiline=False)
        content.append(_placeholder_run(placeholder))
        return control

    def answer(self, document: Document, label: str, placeholder: str) -> None:
        """A paragraph of its own, boxed and tall enough to write in by hand on paper."""
        from docx.shared import Pt  # noqa: PLC0415 (with python-docx)

        control, content = self.control(label, multiline=True)
        paragraph = document.add_paragraph()  # where the body's next block goes
        element = paragraph._p
        element.addprevious(control)
        content.append(element)  # moved inside the control
        borders = _child(element.get_or_add_pPr(), "w:pBdr")
        for side in ("top", "left", "bottom", "right"):
            space = "31" if side == "bottom" else "4"  # points: room below the words
            _child(borders, f"w:{side}", val="single", sz="6", space=space, color="767676")
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.paragraph_format.space_after = Pt(18)
        element.append(_placeholder_run(placeholder))


def _placeholder_run(text: str) -> BaseOxmlElement:
    run = _element("w:r")
    _child(_child(run, "w:rPr"), "w:rStyle", val="PlaceholderText")
    _child(run, "w:t", text=text)
    return run


def _add_link(paragraph: Paragraph, address: str, text: str) -> None:
    """A link a reader can follow from Word, its words the address itself."""
    from docx.opc.constants import RELATIONSHIP_TYPE  # noqa: PLC0415 (with python-docx)

    relation = paragraph.part.relate_to(address, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = _element("w:hyperlink")
    link.set(_qualified("r:id"), relation)
    run = _child(link, "w:r")
    _child(_child(run, "w:rPr"), "w:rStyle", val="Hyperlink")
    _child(run, "w:t", text=text)
    paragraph._p.append(link)


def _element(tag: str, text: str | None = None, **attributes: str) -> BaseOxmlElement:
    """A WordprocessingML element, its attributes in the `w:` namespace."""
    from docx.oxml import OxmlElement  # noqa: PLC0415 (with python-docx)

    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(_qualified(f"w:{name}"), NOT_XML.sub("", value))
    if text is not None:
        element.text = NOT_XML.sub("", text)
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return element


def _child(
    parent: BaseOxmlElement, tag: str, text: str | None = None, **attributes: str
) -> BaseOxmlElement:
    child = _element(tag, text, **attributes)
    parent.append(child)
    return child


def _qualified(name: str) -> str:
    from docx.oxml.ns import qn  # noqa: PLC0415 (with python-docx)

    return qn(name)


# --- Styles, properties and bytes -----------------------------------------------------------


def _set_page(document: Document) -> None:
    """A4 with 2 cm margins, as the briefing's PDF: python-docx's template is US Letter."""
    from docx.shared import Mm  # noqa: PLC0415 (with python-docx)

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)


def _set_styles(document: Document, primary: str) -> None:
    """British English for the spell checker and screen readers; headings in the brand
    colour (checked against white already), placeholders and links that keep 4.5:1."""
    from docx.enum.style import WD_STYLE_TYPE  # noqa: PLC0415 (with python-docx)
    from docx.shared import Pt, RGBColor  # noqa: PLC0415

    styles = document.styles
    for language in styles.element.iter(_qualified("w:lang")):
        language.set(_qualified("w:val"), "en-GB")
    styles["Normal"].font.size = Pt(12)
    colour = RGBColor.from_string(primary.lstrip("#"))
    for name in ("Heading 1", "Heading 2", "Heading 3", "Subtitle"):
        styles[name].font.color.rgb = colour  # the template's light blue is 3.8:1
    # Word's own styles of these names, as python-docx's template lacks them.
    placeholder = styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER, builtin=True)
    placeholder.font.color.rgb = RGBColor.from_string(PLACEHOLDER_GREY)
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER, builtin=True)
    link.font.color.rgb = colour
    link.font.underline = True


def _drop_unused_styles(document: Document) -> None:
    """Only the styles the record uses, and those they are based on or linked to, are kept:
    python-docx's template holds 160 (table styles in every accent colour), 350 KB of XML
    to write and compress for each record."""
    styles = document.styles.element
    by_id = {
        style.get(_qualified("w:styleId")): style for style in styles.iter(_qualified("w:style"))
    }
    wanted = {
        element.get(_qualified("w:val"))
        for tag in ("w:pStyle", "w:rStyle", "w:tblStyle")
        for element in document.element.body.iter(_qualified(tag))
    }
    wanted |= {key for key, style in by_id.items() if style.get(_qualified("w:default")) == "1"}
    kept: set[str | None] = set()
    while wanted:
        key = wanted.pop()
        if key in kept or key not in by_id:
            continue
        kept.add(key)
        for tag in ("w:basedOn", "w:link", "w:next"):
            related = by_id[key].find(_qualified(tag))
            if related is not None:
                wanted.add(related.get(_qualified("w:val")))
    for key, style in by_id.items():
        if key not in kept:
            styles.remove(style)


def _set_properties(document: Document, view: BriefingView, epoch: int) -> None:
    """The title a screen reader and the file's properties give, and dates from the briefing,
    never the clock."""
    # Not fromtimestamp: Windows refuses a time before 1970.
    stamp = datetime(1970, 1, 1) + timedelta(seconds=epoch)
    properties = document.core_properties
    properties.title = _one_line(view.title)
    properties.subject = "Team discussion record"
    properties.author = _one_line(view.partnership)
    properties.last_modified_by = _one_line(view.partnership)
    properties.comments = f"A record of a team's discussion of {_one_line(view.title)}."
    properties.keywords = f"discussion record; {view.wording.keyword}; learning briefing"
    properties.language = "en-GB"
    properties.created = stamp
    properties.modified = stamp
    properties.revision = 1


def _drop_unused_parts(document: Document) -> None:
    """Parts of python-docx's template that the record does not use: a thumbnail of a blank
    page, Word 2010's second copy of the styles (US English, the template's colours; later
    versions of Word ignore it), and an empty store of bibliography sources. Without them
    the record is a third smaller, and quicker to compress."""
    from docx.opc.constants import RELATIONSHIP_TYPE  # noqa: PLC0415 (with python-docx)

    unused = (
        RELATIONSHIP_TYPE.THUMBNAIL,
        RELATIONSHIP_TYPE.CUSTOM_XML,
        "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    )
    for relations in (document.part.package.rels, document.part.rels):
        for key, relation in list(relations.items()):
            if relation.reltype in unused:
                relations.pop(key)


def _reproducible(package: bytes, epoch: int) -> bytes:
    """The package written again with every entry dated `epoch` (python-docx dates them
    now), in a fixed order, with the same attributes on every system."""
    stamp = time.gmtime(min(max(epoch, EARLIEST_ZIP_TIME), LATEST_ZIP_TIME))
    date_time = (
        stamp.tm_year,
        stamp.tm_mon,
        stamp.tm_mday,
        stamp.tm_hour,
        stamp.tm_min,
        stamp.tm_sec,
    )
    written = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        # The content types first, as Word writes them; then the parts by name.
        names = sorted(source.namelist(), key=lambda name: (name != "[Content_Types].xml", name))
        for name in names:
            entry = zipfile.ZipInfo(name, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(name))
    return written.getvalue()


__all__ = [
    "discussion_record",
]
