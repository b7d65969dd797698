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

Every field is tagged with what it holds (`team`, `date`, `role.1`, `agency.1`, `answer.3`,
`action.2.owner`, `sent_by`, `date_sent`), and the document's custom properties say which
briefing it belongs to (its name, version, date and the hash of its content), the words of
each question, and fingerprints of the record's own text: `briefgen collect` reads a returned
record by these alone, whatever the team's word processor did to its look.

python-docx has no API for content controls, table captions or custom properties: they are
built here as WordprocessingML elements and package parts. Its package stamps the time of
the build (in the core properties and in the zip's entries): both are pinned to the
briefing's date, so that two builds of the same briefing give the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import re
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from briefgen.content.config import ProjectConfig
from briefgen.content.languages import untranslated
from briefgen.render.meta import absolute, site_address
from briefgen.render.present import BriefingView, SectionView
from briefgen.render.words import ENGLISH_WORDS, Words

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.text.paragraph import Paragraph

PARTICIPANT_ROWS = 8
ACTION_ROWS = 5
ANSWER_PLACEHOLDER = untranslated("Write the team's answer here")
PLACEHOLDER_GREY = "595959"  # 7:1 on white; Word's own placeholder grey is 3.9:1
# A zip entry's date is between 1980 and 2107: an earlier or later briefing date is held to them.
EARLIEST_ZIP_TIME = 315_532_800  # 1980-01-01T00:00:00Z
LATEST_ZIP_TIME = 4_354_819_198  # 2107-12-31T23:59:58Z
# Characters an XML document cannot hold (the loader refuses them in a briefing already).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# How much of a long section heading an answer's label quotes (a screen reader says it all).
LONGEST_LABEL = 80
# The record's layout, as its custom properties name it: `briefgen collect` reads this one.
RECORD_FORMAT = "2"
PROPERTY_PREFIX = "briefgen."
# The theme's typeface, then the fallback Word and LibreOffice take where it is not installed
# (the first of the style sheets' fallbacks that every Windows, Mac and LibreOffice has).
FONT = "Briefgen Sans"
FALLBACK_FONT = "Arial"
APPLICATION = "briefgen"
ACTION_COLUMNS = ("what", "owner", "by")  # the tags of an action's cells: action.2.owner
PARTICIPANT_COLUMNS = ("role", "agency")  # role.1, agency.1
CUSTOM_NAMESPACE = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
TYPES_NAMESPACE = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# Word's format id for properties a user or a program defines (MS-OLEPS).
USER_PROPERTIES = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
APP_NAMESPACE = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PIECE = 250  # characters of a custom property's value: Word keeps 255


@dataclass(frozen=True)
class _Question:
    section: str | None  # the heading of the section that asks it, numbered as in the briefing
    group: int  # which list of questions of the briefing it is in, from 1
    number: int  # its number in its list, as the briefing shows it
    text: str  # its words, without Markdown


def discussion_record(
    view: BriefingView, config: ProjectConfig, epoch: int | None, words: Words = ENGLISH_WORDS
) -> bytes:
    """The discussion record of a briefing, as the bytes of a Word document, in the
    briefing's language (`words`: a form the public fills in exists in each language).

    `epoch` is the time stamped inside it (the briefing's pinned date, as in its PDF). An
    undated briefing (None) has no date to give, and a Word file must carry one (its
    properties, and each entry of its ZIP package): it gets the earliest a ZIP file can
    say, 1 January 1980, the same at every build, rather than the day it was built.
    python-docx is imported here, not with the module: a build pays for it only when it
    writes records, and a check never does.
    """
    import docx  # noqa: PLC0415 (lazily, as above)

    document = docx.Document(io.BytesIO(_base(config.brand.primary, view.language.tag)))
    epoch = EARLIEST_ZIP_TIME if epoch is None else epoch
    _set_properties(document, view, epoch, words)
    fields = _Fields()
    questions = list(_questions_of(view))
    page = absolute(site_address(config), f"{view.slug}/index.html")
    _write_opening(document, view, page, words)
    _write_participants(document, fields, words)
    _write_questions(document, fields, questions, words)
    _write_actions(document, fields, words)
    _write_send_to(document, fields, view, words)
    _drop_unused_styles(document)
    identity = _identity_of(view, questions, document)
    # LibreOffice drops a control's tag and its placeholder's marks as it saves, keeping
    # its label: the label and the placeholder of each tag let a reader find them again.
    identity["fields"] = json.dumps(fields.made, ensure_ascii=False, separators=(",", ":"))
    _add_custom_properties(document, identity)
    package = io.BytesIO()
    document.save(package)
    return _reproducible(package.getvalue(), epoch)


@functools.lru_cache(maxsize=4)  # one brand colour a project
def _base(primary: str, language: str) -> bytes:
    """python-docx's template made the record's: A4, in the briefing's language, headings
    in the brand colour, its unused parts gone. Made once a process: a third of each
    record's time."""
    import docx  # noqa: PLC0415 (lazily, as in discussion_record)

    document = docx.Document()
    _set_page(document)
    _set_styles(document, primary, language)
    _set_fonts(document)
    _drop_unused_parts(document)
    _replace_part(document.part.package, _APP_PROPERTIES, _application_properties())
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


def _labels(questions: list[_Question], words: Words) -> list[str]:
    """The label of each answer's field, different for each: with several lists of
    questions, each numbered from 1, the label names the section (and the list, where a
    section has more than one)."""
    opening, closing = words.quotes
    labels = [
        words.gettext("Answer to question %(number)s") % {"number": question.number}
        for question in questions
    ]
    if len({question.group for question in questions}) > 1:
        labels = [
            words.gettext("%(label)s of %(section)s")
            % {"label": label, "section": f"{opening}{_shortened(question.section)}{closing}"}
            if question.section
            else label
            for label, question in zip(labels, questions, strict=True)
        ]
    repeated = {label for label in labels if labels.count(label) > 1}
    return [
        words.gettext("%(label)s (list %(list)s)") % {"label": label, "list": question.group}
        if label in repeated
        else label
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


def _write_opening(document: Document, view: BriefingView, page: str | None, words: Words) -> None:
    """The title, what the briefing is and, where `site.url` gives its page's address, a
    link to it: a team that opens the record alone finds the briefing again."""
    _heading(document, _one_line(view.title), level=1)
    document.add_paragraph(words.gettext("Team discussion record"))._p.style = "Subtitle"
    document.add_paragraph(
        words.gettext("%(type)s, published by %(partnership)s in %(date)s.")
        % {
            "type": _one_line(view.type_label),
            "partnership": _one_line(view.partnership),
            "date": view.date_text,
        }
    )
    if page is not None:
        paragraph = document.add_paragraph(words.gettext("Read the briefing online: "))
        _add_link(paragraph, page, page)
    document.add_paragraph(
        words.gettext(
            "Fill this in after your team has discussed the briefing: select each place that "
            "says “Write…” and type over it. Write roles, not names, and nothing that could "
            "identify %(whom)s. Then send the record as the last section says."
        )
        % {"whom": words.gettext(view.wording.identifies)}
    )


def _write_participants(document: Document, fields: _Fields, words: Words) -> None:
    _heading(document, words.gettext("Who took part"), level=2)
    for label, tag, placeholder in (
        (words.gettext("Date of the discussion"), "date", words.gettext("Write the date")),
        (
            words.gettext("Team or meeting"),
            "team",
            words.gettext("Write the team or the meeting"),
        ),
    ):
        paragraph = document.add_paragraph(f"{label}: ")
        paragraph._p.append(fields.inline(label, tag, placeholder))
    _write_table(
        document,
        fields,
        words,
        caption=words.gettext("Who took part"),
        description=words.gettext(
            "The role and agency of each person who took part in the discussion."
        ),
        columns=(
            (words.gettext("Role"), words.gettext("Write a role"), 1, "role.{row}"),
            (words.gettext("Agency"), words.gettext("Write an agency"), 1, "agency.{row}"),
        ),
        rows=PARTICIPANT_ROWS,
    )


def _write_questions(
    document: Document, fields: _Fields, questions: list[_Question], words: Words
) -> None:
    """Each question as a heading, numbered as in the briefing, with a box for the answer;
    without questions, a box for what the team discussed."""
    if not questions:
        discussed = words.gettext("What the team discussed")
        _heading(document, discussed, level=2)
        document.add_paragraph(
            words.gettext(
                "This briefing has no reflective questions. Write what the team discussed, "
                "and what it will do differently."
            )
        )
        placeholder = words.gettext("Write what the team discussed here")
        fields.answer(document, discussed, "answer.1", placeholder)
        return
    _heading(document, words.gettext("Reflective questions"), level=2)
    document.add_paragraph(
        words.gettext(
            "Below each question, write what the team said and what it will do differently."
        )
    )
    opening, closing = words.quotes
    group = 0
    labels = _labels(questions, words)
    for place, (question, label) in enumerate(zip(questions, labels, strict=True), start=1):
        if question.section and question.group != group:
            quoted = f"{opening}{question.section}{closing}"
            lead = document.add_paragraph(
                words.gettext("Questions from %(section)s:") % {"section": quoted}
            )
            lead.paragraph_format.keep_with_next = True  # never alone at a page's foot
        group = question.group
        _heading(document, f"{question.number}. {question.text}", level=3)
        fields.answer(document, label, f"answer.{place}", words.gettext(ANSWER_PLACEHOLDER))


def _write_actions(document: Document, fields: _Fields, words: Words) -> None:
    _heading(document, words.gettext("Actions agreed"), level=2)
    _write_table(
        document,
        fields,
        words,
        caption=words.gettext("Actions agreed"),
        description=words.gettext("Each action the team agreed, who owns it, and by when."),
        columns=(
            (words.gettext("Action"), words.gettext("Write an action"), 2, "action.{row}.what"),
            (
                words.gettext("Owner"),
                words.gettext("Write the owner's role"),
                1,
                "action.{row}.owner",
            ),
            (words.gettext("By when"), words.gettext("Write a date"), 1, "action.{row}.by"),
        ),
        rows=ACTION_ROWS,
    )


def _write_send_to(document: Document, fields: _Fields, view: BriefingView, words: Words) -> None:
    """Who sends the record and when, then where it goes: the address of the partnership
    that published the briefing (briefgen.yaml's, or the briefing's own partnership's),
    linked, or else its name."""
    _heading(document, words.gettext("Where to send this record"), level=2)
    for label, tag, placeholder in (
        (words.gettext("Sent by (role)"), "sent_by", words.gettext("Write your role")),
        (words.gettext("Date sent"), "date_sent", words.gettext("Write the date")),
    ):
        paragraph = document.add_paragraph(f"{label}: ")
        paragraph._p.append(fields.inline(label, tag, placeholder))
    address = view.identity.send_to
    named = {"partnership": _one_line(view.partnership)}
    if address is None:
        document.add_paragraph(
            words.gettext(
                "Save this record, then send it to %(partnership)s, who published the briefing."
            )
            % named
        )
        return
    paragraph = document.add_paragraph()
    if "@" in address and not address.startswith("https://"):
        title = {"title": _one_line(view.title)}
        subject = quote(words.gettext("Discussion record: %(title)s") % title)
        before, after = _around(
            words.gettext("Save this record, then email it to %(address)s at %(partnership)s."),
            named,
        )
        paragraph.add_run(before)
        _add_link(paragraph, f"mailto:{address}?subject={subject}", address)
        paragraph.add_run(after)
    else:
        before, after = _around(
            words.gettext(
                "Save this record, then upload it to %(partnership)s through its form: %(address)s."
            ),
            named,
        )
        paragraph.add_run(before)
        _add_link(paragraph, address, address)
        paragraph.add_run(after)


def _around(sentence: str, values: dict[str, str]) -> tuple[str, str]:
    """A sentence's words before and after its `%(address)s`, where the link goes."""
    before, _, after = sentence.partition("%(address)s")
    return before % values, after % values


# --- Tables and labelled fields -------------------------------------------------------------


def _write_table(
    document: Document,
    fields: _Fields,
    words: Words,
    *,
    caption: str,
    description: str,
    columns: tuple[tuple[str, str, int, str], ...],
    rows: int,
) -> None:
    """A table with a header row that repeats on each page and that a screen reader reads as
    the columns' headers, a caption and a description, and a labelled field in each cell.
    `columns` are each a heading, the placeholder of its cells, its share of the width and
    its cells' tag (`{row}` the row's number)."""
    table = document.add_table(rows=rows + 1, cols=len(columns))
    table._tbl.tblPr.style = "TableGrid"
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
    shares = sum(share for _, _, share, _ in columns)
    for column, (_, _, share, _) in zip(table.columns, columns, strict=True):
        for cell in column.cells:
            cell.width = width * share // shares
        column.width = width * share // shares
    properties = table._tbl.tblPr
    properties.append(_element("w:tblCaption", val=caption))
    properties.append(_element("w:tblDescription", val=description))
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(_element("w:tblHeader"))
    for cell, (name, _, _, _) in zip(header.cells, columns, strict=True):
        cell.paragraphs[0].add_run(name).bold = True
    for number, row in enumerate(table.rows[1:], start=1):
        row._tr.get_or_add_trPr().append(_element("w:trHeight", val="567", hRule="atLeast"))
        for cell, (name, placeholder, _, tag) in zip(row.cells, columns, strict=True):
            label = words.gettext("%(column)s, row %(row)s of %(table)s") % {
                "column": name,
                "row": number,
                "table": f"{words.quotes[0]}{caption}{words.quotes[1]}",
            }
            cell.paragraphs[0]._p.append(fields.inline(label, tag.format(row=number), placeholder))


class _Fields:
    """Makes the plain-text content controls where a team writes, each with a label (the
    control's title, which screen readers announce), a tag that names what it holds (what
    `briefgen collect` reads it by) and placeholder text; their ids are numbered in order,
    so that two builds give the same document."""

    def __init__(self) -> None:
        self.count = 0
        self.made: list[tuple[str, str, str]] = []  # each field's tag, label and placeholder

    def control(
        self, label: str, tag: str, *, multiline: bool
    ) -> tuple[BaseOxmlElement, BaseOxmlElement]:
        """A content control's element and its content, still empty."""
        self.count += 1
        control = _element("w:sdt")
        properties = _child(control, "w:sdtPr")
        _child(properties, "w:alias", val=label)
        _child(properties, "w:tag", val=tag)
        _child(properties, "w:id", val=str(self.count))
        _child(properties, "w:showingPlcHdr")
        _child(properties, "w:text", multiLine="1" if multiline else "0")
        return control, _child(control, "w:sdtContent")

    def inline(self, label: str, tag: str, placeholder: str) -> BaseOxmlElement:
        """A one-line field inside a paragraph (a table cell, the date)."""
        control, content = self.control(label, tag, multiline=False)
        content.append(_placeholder_run(placeholder))
        self.made.append((tag, label, placeholder))
        return control

    def answer(self, document: Document, label: str, tag: str, placeholder: str) -> None:
        """A paragraph of its own, boxed and tall enough to write in by hand on paper."""
        from docx.shared import Pt  # noqa: PLC0415 (with python-docx)

        control, content = self.control(label, tag, multiline=True)
        self.made.append((tag, label, placeholder))
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


def _set_styles(document: Document, primary: str, language: str) -> None:
    """The briefing's language for the spell checker and screen readers; headings in the brand
    colour (checked against white already), placeholders and links that keep 4.5:1."""
    from docx.enum.style import WD_STYLE_TYPE  # noqa: PLC0415 (with python-docx)
    from docx.shared import Pt, RGBColor  # noqa: PLC0415

    styles = document.styles
    for element in styles.element.iter(_qualified("w:lang")):
        element.set(_qualified("w:val"), language)
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


def _set_properties(document: Document, view: BriefingView, epoch: int, words: Words) -> None:
    """The title a screen reader and the file's properties give, and dates from the briefing,
    never the clock."""
    # Not fromtimestamp: Windows refuses a time before 1970.
    stamp = datetime(1970, 1, 1) + timedelta(seconds=epoch)
    properties = document.core_properties
    properties.title = _one_line(view.title)
    properties.subject = words.gettext("Team discussion record")
    properties.author = _one_line(view.partnership)
    properties.last_modified_by = _one_line(view.partnership)
    properties.comments = words.gettext("A record of a team's discussion of %(title)s.") % {
        "title": _one_line(view.title)
    }
    properties.keywords = "; ".join(
        (
            words.gettext("discussion record"),
            words.gettext(view.wording.keyword),
            words.gettext("learning briefing"),
        )
    )
    properties.language = view.language.tag
    properties.created = stamp
    properties.modified = stamp
    properties.revision = 1


def _set_fonts(document: Document) -> None:
    """Every style in the theme's typeface, never the template's theme fonts (Cambria and
    Calibri), and the font table naming the fallback for where it is not installed."""
    styles = document.styles.element
    for fonts in styles.iter(_qualified("w:rFonts")):
        for name in list(fonts.attrib):
            del fonts.attrib[name]
        for script in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(_qualified(f"w:{script}"), FONT)
    _replace_part(document.part, _FONT_TABLE, _font_table())


def _font_table() -> bytes:
    """The fonts the record names: the theme's, with the fallback Word substitutes for it
    (`altName`) and the family LibreOffice matches by, and the fallback itself."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="{W}">'
        f'<w:font w:name="{FONT}"><w:altName w:val="{FALLBACK_FONT}"/>'
        '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
        f'<w:font w:name="{FALLBACK_FONT}"><w:panose1 w:val="020B0604020202020204"/>'
        '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>'
    ).encode()


def _application_properties() -> bytes:
    """The file's application, honestly briefgen (python-docx's template says "Microsoft
    Macintosh Word"), and nothing of the template's made-up counts of pages and words."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{APP_NAMESPACE}" xmlns:vt="{TYPES_NAMESPACE}">'
        f"<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity></Properties>"
    ).encode()


@dataclass(frozen=True)
class _PartKind:
    relationship: str
    content_type: str


_FONT_TABLE = _PartKind(
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml",
)
_APP_PROPERTIES = _PartKind(
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
    "application/vnd.openxmlformats-officedocument.extended-properties+xml",
)
_CUSTOM_PROPERTIES = _PartKind(
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties",
    "application/vnd.openxmlformats-officedocument.custom-properties+xml",
)
_PART_NAMES = {
    _FONT_TABLE: "/word/fontTable.xml",
    _APP_PROPERTIES: "/docProps/app.xml",
    _CUSTOM_PROPERTIES: "/docProps/custom.xml",
}


def _replace_part(source: Any, kind: _PartKind, blob: bytes) -> None:
    """The part of `kind` that `source` (the package or a part) relates to, replaced by one
    of `blob` under its usual name, through python-docx's package API."""
    from docx.opc.packuri import PackURI  # noqa: PLC0415 (with python-docx)
    from docx.opc.part import Part  # noqa: PLC0415

    for key, relation in list(source.rels.items()):
        if relation.reltype == kind.relationship:
            source.rels.pop(key)
    package = source if hasattr(source, "iter_parts") else source.package
    part = Part(PackURI(_PART_NAMES[kind]), kind.content_type, blob, package)
    source.relate_to(part, kind.relationship)


# --- What a record belongs to ---------------------------------------------------------------


def _identity_of(
    view: BriefingView, questions: list[_Question], document: Document
) -> dict[str, str]:
    """The custom properties of a record: its briefing's name, version, date and content
    hash, the title, the words of each question its `answer.N` answers, and fingerprints of
    the record's own words (so that words a team typed outside the fields are found)."""
    asked = [
        f"{question.section}: {question.number}. {question.text}"
        if question.section
        else f"{question.number}. {question.text}"
        for question in questions
    ] or ["What the team discussed"]
    own = sorted({fingerprint(words) for words in _own_words(document.element.body)})
    return {
        "record": RECORD_FORMAT,
        "slug": view.slug,
        "version": _one_line(view.version or ""),
        "published": view.published.written if view.published else "",  # "": undated
        "content": view.content_hash,
        "title": _one_line(view.title),
        "questions": str(len(asked)),
        **{f"question.{place}": text for place, text in enumerate(asked, start=1)},
        "own-words": " ".join(own),
    }


def _own_words(body: Any) -> Iterator[str]:
    for paragraph in body.iter(f"{{{W}}}p"):
        words = words_outside_fields(paragraph)
        if words:
            yield words


def words_outside_fields(paragraph: Any) -> str:
    """The words of a paragraph outside its content controls, on one line: "" for a
    paragraph inside a control (an answer's). Deleted text (a tracked deletion's
    `w:delText`) is not among them."""
    if next(paragraph.iterancestors(f"{{{W}}}sdt"), None) is not None:
        return ""
    words = [
        text.text or "" for text in paragraph.iter(f"{{{W}}}t") if not _in_control(text, paragraph)
    ]
    return " ".join("".join(words).split())


def _in_control(element: Any, paragraph: Any) -> bool:
    """Whether a content control stands between `element` and its `paragraph`."""
    for ancestor in element.iterancestors():
        if ancestor is paragraph:
            return False
        if ancestor.tag == f"{{{W}}}sdt":
            return True
    return False


def fingerprint(words: str) -> str:
    """A short, stable mark of a line of the record's own words."""
    return hashlib.sha256(" ".join(words.split()).encode()).hexdigest()[:8]


def _add_custom_properties(document: Document, identity: dict[str, str]) -> None:
    """The identity as Word's custom document properties (File, Properties, Custom), each
    value cut into pieces of at most `PIECE` characters (Word keeps no more in one):
    `name`, `name~2`, `name~3`… (`property_value` joins them)."""
    pieces = []
    for name, value in identity.items():
        text = NOT_XML.sub("", value)
        parts = [text[start : start + PIECE] for start in range(0, len(text), PIECE)] or [""]
        for number, part in enumerate(parts, start=1):
            suffix = "" if number == 1 else f"~{number}"
            pieces.append((f"{PROPERTY_PREFIX}{name}{suffix}", part))
    properties = "".join(
        f'<property fmtid="{USER_PROPERTIES}" pid="{pid}" name={quoteattr(name)}>'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(pieces, start=2)  # 0 and 1 are reserved
    )
    blob = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{CUSTOM_NAMESPACE}" xmlns:vt="{TYPES_NAMESPACE}">{properties}'
        "</Properties>"
    ).encode()
    _replace_part(document.part.package, _CUSTOM_PROPERTIES, blob)


def property_value(properties: dict[str, str], name: str) -> str | None:
    """A record's custom property `briefgen.<name>`, its pieces joined; None if absent."""
    first = properties.get(f"{PROPERTY_PREFIX}{name}")
    if first is None:
        return None
    pieces = [first]
    while (more := properties.get(f"{PROPERTY_PREFIX}{name}~{len(pieces) + 1}")) is not None:
        pieces.append(more)
    return "".join(pieces)


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
    "ACTION_COLUMNS",
    "APPLICATION",
    "FALLBACK_FONT",
    "FONT",
    "PARTICIPANT_COLUMNS",
    "PROPERTY_PREFIX",
    "RECORD_FORMAT",
    "W",
    "discussion_record",
    "fingerprint",
    "property_value",
    "words_outside_fields",
]
