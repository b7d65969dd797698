"""The team discussion record: a Word document that holds every reflective question of its
briefing, opens in python-docx, and is built for screen readers (Word's heading styles,
labelled content controls, marked header rows, British English), in the same bytes on
every build."""

from __future__ import annotations

import html
import io
import itertools
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree

from briefgen.content.config import ProjectConfig, load_project
from briefgen.content.load import load_briefing
from briefgen.content.model import Briefing
from briefgen.errors import ContentError, Mistake
from briefgen.names import file_size, record_name
from briefgen.pipeline import build, check
from briefgen.publish.record import (
    ACTION_COLUMNS,
    APPLICATION,
    FALLBACK_FONT,
    FONT,
    discussion_record,
    property_value,
)
from briefgen.render.present import BriefingView, present
from briefgen.render.renderer import Renderer
from briefgen.render.style import WHITE, contrast
from briefgen.steps import pinned_epoch, setting_notices
from tests.support.project import (
    EXAMPLES,
    REPOSITORY,
    SECOND,
    SEED_SLUG,
    copy_example,
    drop_settings,
)
from tests.support.text import seed_data, write_briefing

BASE = "https://www.westsussexscp.org.uk/briefings/"
SECTIONS = ["Who took part", "Reflective questions", "Actions agreed", "Where to send this record"]
FRAGMENTS = ["fragment.html", "fragment-inline.html", "fragment-shadow.html"]
QUESTION_LIST = re.compile(r'<ol class="bg-questions".*?</ol>', re.DOTALL)
QUESTION = re.compile(r'<li class="bg-question">(.*?)</li>', re.DOTALL)


# --- Readers of a record ----------------------------------------------------------------------


def open_record(folder: Path, slug: str) -> Document:
    return docx.Document(str(folder / slug / record_name(slug)))


def read(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def one_line(text: str) -> str:
    return " ".join(text.split())


def headings(document: Document) -> list[tuple[int, str]]:
    """Each heading of the document: its level (from its Word style) and its words."""
    found = []
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style.startswith("Heading "):
            found.append((int(style.removeprefix("Heading ")), paragraph.text))
    return found


def controls(document: Document) -> list[BaseOxmlElement]:
    return list(document.element.body.iter(qn("w:sdt")))


def value(element: BaseOxmlElement, path: str) -> str | None:
    """The `w:val` of the first element at `path` (such as "w:sdtPr/w:alias") below it."""
    found = element.find("/".join(qn(step) for step in path.split("/")))
    return None if found is None else found.get(qn("w:val"))


def words_of(element: BaseOxmlElement) -> str:
    return "".join(text.text or "" for text in element.iter(qn("w:t")))


def all_words(document: Document) -> list[str]:
    return [text.text or "" for text in document.element.body.iter(qn("w:t"))]


def questions_on_page(page: Path) -> list[str]:
    """The reflective questions of a briefing's web page, numbered as its lists show them."""
    found = []
    for listing in QUESTION_LIST.findall(page.read_text()):
        for number, item in enumerate(QUESTION.findall(listing), start=1):
            found.append(f"{number}. {one_line(html.unescape(re.sub(r'<[^>]+>', '', item)))}")
    return found


def view_of(data: dict[str, Any], config: ProjectConfig, slug: str = "hostile") -> BriefingView:
    """A briefing's view from plain data, without the YAML reader's own refusals."""
    return present(Briefing.model_validate(data), slug, config)


def config_of(change: dict[str, Any] | None = None) -> ProjectConfig:
    """The example's settings, with `change` made to them."""
    config = load_project(REPOSITORY).config
    data = {**config.model_dump(mode="json", exclude_none=True), **(change or {})}
    return ProjectConfig.model_validate(data)


# --- What the record holds --------------------------------------------------------------------


@pytest.mark.parametrize("slug", EXAMPLES)
def test_each_example_s_record_holds_every_question_numbered_as_in_the_briefing(
    examples_build: Path, slug: str
) -> None:
    record = open_record(examples_build, slug)
    asked = questions_on_page(examples_build / slug / "index.html")
    third = [one_line(text) for level, text in headings(record) if level == 3]
    assert third == asked
    second = [text for level, text in headings(record) if level == 2]
    if asked:
        assert second == SECTIONS
    else:  # practice-ratings-2025: a free space instead
        assert second == ["Who took part", "What the team discussed", *SECTIONS[2:]]


def test_some_example_has_no_questions_and_the_others_have_some(examples_build: Path) -> None:
    """The examples cover both kinds of record (the parametrised test's two branches)."""
    counts = [len(questions_on_page(examples_build / slug / "index.html")) for slug in EXAMPLES]
    assert 0 in counts
    assert sum(1 for count in counts if count) >= len(EXAMPLES) - 1


@pytest.mark.parametrize("slug", EXAMPLES)
def test_the_record_opens_in_python_docx_and_round_trips(examples_build: Path, slug: str) -> None:
    record = open_record(examples_build, slug)
    saved = io.BytesIO()
    record.save(saved)
    again = read(saved.getvalue())
    assert all_words(again) == all_words(record)
    assert headings(again) == headings(record)
    assert len(controls(again)) == len(controls(record))
    assert again.core_properties.title == record.core_properties.title


@pytest.mark.parametrize("slug", EXAMPLES)
def test_headings_are_word_s_heading_styles_in_order(examples_build: Path, slug: str) -> None:
    record = open_record(examples_build, slug)
    found = headings(record)
    levels = [level for level, _ in found]
    assert levels[0] == 1
    assert levels.count(1) == 1, "one title"
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))
    title = load_briefing(REPOSITORY / "content" / f"{slug}.yaml").briefing.title
    assert found[0] == (1, title)
    assert record.core_properties.title == title


def test_the_record_gives_the_briefing_s_partnership_and_date(examples_build: Path) -> None:
    record = open_record(examples_build, SEED_SLUG)
    opening = " ".join(paragraph.text for paragraph in record.paragraphs[:5])
    assert "Team discussion record" in opening
    assert "West Sussex Safeguarding Children Partnership" in opening
    assert "May 2020" in opening
    assert "Write roles, not names" in opening


# --- Built for screen readers -----------------------------------------------------------------


@pytest.mark.parametrize("slug", EXAMPLES)
def test_every_place_to_write_is_a_labelled_content_control(
    examples_build: Path, slug: str
) -> None:
    record = open_record(examples_build, slug)
    found = controls(record)
    asked = len(questions_on_page(examples_build / slug / "index.html"))
    # The date and the team; two columns of 8 people; an answer to each question (or one
    # free space); three columns of 5 actions; who sent the record, and when.
    assert len(found) == 2 + 2 * 8 + max(asked, 1) + 3 * 5 + 2
    labels = [value(control, "w:sdtPr/w:alias") for control in found]
    assert all(labels), "every field has a label a screen reader announces"
    assert len(set(labels)) == len(labels), "no two fields have the same label"
    for control in found:
        properties = control.find(qn("w:sdtPr"))
        assert properties is not None
        assert value(control, "w:sdtPr/w:tag")
        assert properties.find(qn("w:text")) is not None, "a plain-text control"
        assert properties.find(qn("w:showingPlcHdr")) is not None
        assert words_of(control).startswith("Write "), "placeholder text says what to do"
    # Every cell a team fills in holds a field; no header cell does.
    for table in record.tables:
        for row in table.rows[1:]:
            for cell in row.cells:
                assert len(list(cell._tc.iter(qn("w:sdt")))) == 1
        assert not list(table.rows[0]._tr.iter(qn("w:sdt")))


def test_each_answer_follows_its_question_and_is_labelled_with_its_number(
    examples_build: Path,
) -> None:
    record = open_record(examples_build, SEED_SLUG)
    body = list(record.element.body)
    answers = []
    for element, following in itertools.pairwise(body):
        style = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and style.get(qn("w:val")) == "Heading3":
            assert following.tag == qn("w:sdt")
            answers.append(value(following, "w:sdtPr/w:alias"))
    assert answers == [f"Answer to question {number}" for number in range(1, 5)]


@pytest.mark.parametrize("slug", EXAMPLES)
def test_tables_mark_their_header_row_and_have_a_caption(examples_build: Path, slug: str) -> None:
    record = open_record(examples_build, slug)
    assert [[cell.text for cell in table.rows[0].cells] for table in record.tables] == [
        ["Role", "Agency"],
        ["Action", "Owner", "By when"],
    ]
    for table in record.tables:
        rows = [row._tr for row in table.rows]
        assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert all(row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for row in rows[1:])
        assert value(table._tbl, "w:tblPr/w:tblCaption") in ("Who took part", "Actions agreed")
        assert value(table._tbl, "w:tblPr/w:tblDescription")


def test_the_record_is_in_british_english_on_a4(examples_build: Path) -> None:
    record = open_record(examples_build, SEED_SLUG)
    languages = {element.get(qn("w:val")) for element in record.styles.element.iter(qn("w:lang"))}
    assert languages == {"en-GB"}
    defaults = record.styles.element.find(f"{qn('w:docDefaults')}")
    assert defaults is not None
    assert value(defaults, "w:rPrDefault/w:rPr/w:lang") == "en-GB"
    assert record.core_properties.language == "en-GB"
    section = record.sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


# --- Where to send it ---------------------------------------------------------------------------


def last_paragraph(document: Document) -> BaseOxmlElement:
    return document.paragraphs[-1]._p


def link_targets(document: Document) -> list[str]:
    return [
        relation.target_ref
        for relation in document.part.rels.values()
        if relation.reltype.endswith("/hyperlink")
    ]


def test_the_record_links_the_address_in_the_settings_with_the_title_as_subject(
    examples_build: Path,
) -> None:
    record = open_record(examples_build, SEED_SLUG)
    assert headings(record)[-1] == (2, "Where to send this record")
    assert "learning@westsussexscp.org.uk" in words_of(last_paragraph(record))
    page, target = link_targets(record)  # the briefing's page (site.url), then the address
    assert page == f"{BASE}{SEED_SLUG}/index.html"
    assert target.startswith("mailto:learning@westsussexscp.org.uk?subject=Discussion%20record")


def test_a_form_s_address_is_linked_as_a_form(tmp_path: Path) -> None:
    form = "https://forms.example.org/discussion-record?from=briefing"
    config = config_of({"discussion_record": {"send_to": form}})
    record = read(discussion_record(view_of(seed_data(), config), config, 0))
    assert "through its form" in words_of(last_paragraph(record))
    assert link_targets(record) == [f"{BASE}hostile/index.html", form]


def test_without_an_address_the_record_names_the_partnership_and_the_build_says_so_once(
    tmp_path: Path,
) -> None:
    folder = copy_example(tmp_path / "project")
    shutil.copy(SECOND, folder / "content" / SECOND.name)
    drop_settings(folder, "discussion_record")
    project = load_project(folder)
    sources = sorted((folder / "content").glob("*.yaml"))
    notices = setting_notices(project, sources, strict=False)
    told = [notice for notice in notices if "discussion_record.send_to is not set" in notice]
    assert len(told) == 1, "once a build, not once a briefing"
    assert "Fix: set discussion_record.send_to" in told[0]
    with pytest.raises(Mistake, match=r"discussion_record\.send_to"):
        setting_notices(project, sources, strict=True)
    record = read(discussion_record(view_of(seed_data(), project.config), project.config, 0))
    assert words_of(last_paragraph(record)) == (
        "Save this record, then send it to West Sussex Safeguarding Children Partnership, "
        "who published the briefing."
    )
    assert link_targets(record) == [f"{BASE}hostile/index.html"], "the briefing's page alone"
    settings = folder / "briefgen.yaml"
    settings.write_text(settings.read_text() + "discussion_record:\n  send_to: a@example.org\n")
    assert not [
        notice
        for notice in setting_notices(load_project(folder), sources, strict=False)
        if "send_to" in notice
    ]


@pytest.mark.parametrize(
    "address", ["http://forms.example.org/record", "mailto:learning@example.org", "the team"]
)
def test_an_address_that_is_neither_an_email_nor_https_is_refused(
    tmp_path: Path, address: str
) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    settings = folder / "briefgen.yaml"
    settings.write_text(
        settings.read_text().replace("learning@westsussexscp.org.uk", f'"{address}"')
    )
    with pytest.raises(ContentError) as raised:
        load_project(folder)
    assert "neither an email address nor a web address starting with https://" in str(
        raised.value.problems[0].message
    )


# --- What the record belongs to ---------------------------------------------------------------

CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


def custom_properties(data: bytes) -> dict[str, str]:
    """The record's custom document properties, by name, as Word's File, Properties shows."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("docProps/custom.xml"))
    return {
        prop.get("name", ""): "".join(prop.itertext()) for prop in root.iter(f"{CUSTOM}property")
    }


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name)


def tags_of(document: Document) -> list[str | None]:
    return [value(control, "w:sdtPr/w:tag") for control in controls(document)]


def test_each_field_is_tagged_with_what_it_holds(examples_build: Path) -> None:
    record = open_record(examples_build, SEED_SLUG)
    asked = len(questions_on_page(examples_build / SEED_SLUG / "index.html"))
    people = [f"{column}.{row}" for row in range(1, 9) for column in ("role", "agency")]
    actions = [f"action.{row}.{column}" for row in range(1, 6) for column in ACTION_COLUMNS]
    answers = [f"answer.{number}" for number in range(1, asked + 1)]
    expected = ["date", "team", *people, *answers, *actions, "sent_by", "date_sent"]
    assert tags_of(record) == expected
    labels = {
        value(control, "w:sdtPr/w:tag"): value(control, "w:sdtPr/w:alias")
        for control in controls(record)
    }
    assert labels["action.2.owner"] == "Owner, row 2 of “Actions agreed”"
    assert labels["sent_by"] == "Sent by (role)"
    assert labels["date_sent"] == "Date sent"


def test_a_record_without_questions_tags_its_free_space_as_the_first_answer() -> None:
    data = seed_data()
    del data["practice"]
    config = config_of()
    data_bytes = discussion_record(view_of(data, config), config, 0)
    assert [tag for tag in tags_of(read(data_bytes)) if str(tag).startswith("answer")] == [
        "answer.1"
    ]
    assert custom_properties(data_bytes)["briefgen.question.1"] == "What the team discussed"


def test_the_record_names_its_briefing_in_custom_properties(examples_build: Path) -> None:
    """The briefing's name, version, date and content hash, and each question's words, are
    document properties (File, Properties, Custom in Word), not text a team could edit."""
    slug = "front-door-referrals-year-on-year-2025"
    data = (examples_build / slug / record_name(slug)).read_bytes()
    properties = custom_properties(data)
    loaded = load_briefing(REPOSITORY / "content" / f"{slug}.yaml", Path(f"{slug}.yaml"))
    view = present(loaded.briefing, slug, config_of())
    assert properties["briefgen.record"] == "2"
    assert properties["briefgen.slug"] == slug
    assert properties["briefgen.version"] == "1.1"
    assert view.published is not None
    assert properties["briefgen.published"] == view.published.written
    assert properties["briefgen.content"] == view.content_hash
    assert len(view.content_hash) == 16
    asked = questions_on_page(examples_build / slug / "index.html")
    assert properties["briefgen.questions"] == str(len(asked))
    for number, question in enumerate(asked, start=1):
        assert str(property_value(properties, f"question.{number}")).endswith(question)
    text = " ".join(all_words(read(data)))
    assert view.content_hash not in text, "not visible text"
    assert part(data, "[Content_Types].xml").count(b"custom-properties+xml") == 1


def test_a_changed_briefing_has_another_content_hash_and_a_comment_does_not_change_it(
    tmp_path: Path,
) -> None:
    source = REPOSITORY / "content" / f"{SEED_SLUG}.yaml"
    original = load_briefing(source, Path(source.name)).briefing
    commented = tmp_path / source.name
    commented.write_text("# a comment of the auditor's\n" + source.read_text())
    same = load_briefing(commented, Path(source.name)).briefing
    data = seed_data()
    data["title"] = data["title"] + " (revised)"
    changed = Briefing.model_validate(data)
    config = config_of()
    first = present(original, SEED_SLUG, config).content_hash
    assert present(same, SEED_SLUG, config).content_hash == first
    assert present(changed, SEED_SLUG, config).content_hash != first


def test_a_long_property_is_kept_in_pieces_word_keeps_whole() -> None:
    long = "Do I " + "ask again and " * 140 + "again?"
    data = seed_data()
    data["practice"]["questions"] = [long]
    config = config_of()
    properties = custom_properties(discussion_record(view_of(data, config), config, 0))
    assert all(len(text) <= 255 for text in properties.values())
    assert (
        property_value(properties, "question.1")
        == f"Taking the learning into your practice: 1. {long}"
    )


def test_the_record_links_its_briefing_s_page_where_site_url_is_set() -> None:
    config = config_of()
    record = read(discussion_record(view_of(seed_data(), config, SEED_SLUG), config, 0))
    page = f"{BASE}{SEED_SLUG}/index.html"
    assert page in link_targets(record)
    assert any(
        paragraph.text == f"Read the briefing online: {page}" for paragraph in record.paragraphs
    )
    without = config_of({"site": {}})
    record = read(discussion_record(view_of(seed_data(), without, SEED_SLUG), without, 0))
    assert not any("Read the briefing online" in paragraph.text for paragraph in record.paragraphs)
    assert all(SEED_SLUG not in target for target in link_targets(record))


def test_the_record_asks_who_sent_it_and_when_before_where_it_goes(examples_build: Path) -> None:
    record = open_record(examples_build, SEED_SLUG)
    texts = [words_of(paragraph._p) for paragraph in record.paragraphs]  # with the fields'
    where = texts.index("Where to send this record")
    assert texts[where + 1] == "Sent by (role): Write your role"
    assert texts[where + 2] == "Date sent: Write the date"


def test_the_record_is_set_in_the_theme_s_typeface_with_its_fallback(examples_build: Path) -> None:
    """The theme's font first, then the fallback Word substitutes (the font table's
    altName): both from the style sheet's own list, never python-docx's Cambria and Calibri."""
    data = (examples_build / SEED_SLUG / record_name(SEED_SLUG)).read_bytes()
    stack = re.search(
        r"font-family: ([^;]+);", (REPOSITORY / "templates/css/briefing.css").read_text()
    )
    assert stack is not None
    families = [name.strip().strip('"') for name in stack.group(1).split(",")]
    assert families[0] == FONT
    assert FALLBACK_FONT in families
    styles = etree.fromstring(part(data, "word/styles.xml"))
    fonts = list(styles.iter(qn("w:rFonts")))
    assert fonts
    for element in fonts:
        assert {
            element.get(qn(f"w:{script}")) for script in ("ascii", "hAnsi", "cs", "eastAsia")
        } == {FONT}
        assert not any("Theme" in name or "theme" in name for name in element.attrib)
    table = etree.fromstring(part(data, "word/fontTable.xml"))
    named = {font.get(qn("w:name")): font for font in table.iter(qn("w:font"))}
    assert set(named) == {FONT, FALLBACK_FONT}
    assert value(named[FONT], "w:altName") == FALLBACK_FONT
    for unwanted in (b"Cambria", b"Calibri"):
        assert unwanted not in part(data, "word/styles.xml")


def test_the_record_names_briefgen_as_the_application_that_wrote_it(examples_build: Path) -> None:
    data = (examples_build / SEED_SLUG / record_name(SEED_SLUG)).read_bytes()
    application = etree.fromstring(part(data, "docProps/app.xml"))
    names = [element.text for element in application if element.tag.endswith("Application")]
    assert names == [APPLICATION]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            assert b"Macintosh" not in package.read(name), name


# --- The same bytes, and the manifest ---------------------------------------------------------


@pytest.mark.slow
def test_two_builds_give_the_same_bytes_dated_by_the_briefing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """python-docx stamps the time of saving in the core properties and the zip's entries:
    both carry the briefing's date instead, so a clock that leaked in would show here
    without waiting for it to move."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    records = []
    for name in ("a", "b"):
        project = load_project(copy_example(tmp_path / name))
        assert not build(project).failed
        records.append(project.output / SEED_SLUG / record_name(SEED_SLUG))
    first, second = (path.read_bytes() for path in records)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        # May 2020, the briefing's date as written: the first of the month
        assert {entry.date_time for entry in package.infolist()} == {(2020, 5, 1, 0, 0, 0)}
        assert package.namelist()[0] == "[Content_Types].xml"
        names = package.namelist()
    for unused in ("docProps/thumbnail.jpeg", "word/stylesWithEffects.xml", "customXml/item1.xml"):
        assert unused not in names
    styles = {style.name for style in read(first).styles}
    assert "Light Shading Accent 1" not in styles, "only the styles it uses"
    assert {"Heading 3", "Subtitle", "Table Grid", "Placeholder Text", "Hyperlink"} <= styles
    properties = read(first).core_properties
    assert properties.created is not None
    assert properties.modified is not None
    assert properties.created.isoformat()[:19] == "2020-05-01T00:00:00"
    assert properties.modified == properties.created
    assert properties.author == "West Sussex Safeguarding Children Partnership"


@pytest.mark.parametrize(
    ("published", "dated"),
    [("1975-06-01", (1980, 1, 1, 0, 0, 0)), ("2120-01-01", (2107, 12, 31, 23, 59, 58))],
)
def test_a_date_a_zip_cannot_hold_is_held_to_the_nearest_it_can(
    published: str, dated: tuple[int, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A zip entry is dated between 1980 and 2107; the briefing's date may be either side."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    data = seed_data()
    data["published"] = published
    config = config_of()
    view = view_of(data, config)
    record = discussion_record(view, config, pinned_epoch(view.published))
    with zipfile.ZipFile(io.BytesIO(record)) as package:
        assert {entry.date_time for entry in package.infolist()} == {dated}
    created = read(record).core_properties.created
    assert created is not None
    assert created.date().isoformat() == published


@pytest.mark.slow
def test_the_record_is_in_the_manifest_and_withdrawn_with_its_briefing(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project")
    project = load_project(folder)
    report = build(project)
    record = project.output / SEED_SLUG / record_name(SEED_SLUG)
    assert record in report.outcomes[0].written
    (folder / "content" / f"{SEED_SLUG}.yaml").unlink()
    assert build(project).withdrawn == [SEED_SLUG]
    assert not record.exists()


# --- A briefing without questions -------------------------------------------------------------


@pytest.mark.slow
def test_without_questions_the_record_gives_a_free_space_and_check_says_so(
    tmp_path: Path,
) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    data = seed_data()
    del data["practice"]
    write_briefing(folder, "no-questions", data)
    project = load_project(folder)
    [outcome] = check(project).outcomes
    [note] = [problem for problem in outcome.warnings if problem.check == "reflection"]
    assert "discussion record has no questions to discuss" in note.message
    assert "check: reflection" in note.fix
    assert not build(project).failed
    record = open_record(project.output, "no-questions")
    assert [text for level, text in headings(record) if level > 1] == [
        "Who took part",
        "What the team discussed",
        *SECTIONS[2:],
    ]
    labels = [value(control, "w:sdtPr/w:alias") for control in controls(record)]
    assert labels.count("What the team discussed") == 1
    assert not [label for label in labels if label and label.startswith("Answer to")]


@pytest.mark.slow
def test_an_acknowledged_briefing_without_questions_is_not_told_again(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    data = seed_data()
    del data["practice"]
    data["acknowledge"].append({"check": "reflection", "reason": "A report to the board."})
    write_briefing(folder, "no-questions", data)
    [outcome] = check(load_project(folder)).outcomes
    assert [problem.check for problem in outcome.warnings if problem.check == "reflection"] == []


# --- Linked from the page and the fragments ---------------------------------------------------


def record_links(path: Path) -> list[tuple[str, str]]:
    """Each link to a discussion record in an HTML output: its address and its words."""
    text = path.read_text()
    return [
        (html.unescape(href), one_line(html.unescape(re.sub(r"<[^>]+>", " ", words))))
        for href, words in re.findall(
            r'<a class="bg-record-link"[^>]*href="([^"]+)"[^>]*>(.*?)</a>', text, re.DOTALL
        )
    ]


@pytest.mark.parametrize("slug", EXAMPLES)
def test_the_page_and_each_fragment_link_the_record_with_its_size(
    examples_build: Path, slug: str
) -> None:
    folder = examples_build / slug
    size = file_size((folder / record_name(slug)).stat().st_size)
    title = load_briefing(REPOSITORY / "content" / f"{slug}.yaml").briefing.title
    words = f"Discussion record for teams (Word document, {size}) : {title}"
    # The page sits beside the record; a fragment is pasted elsewhere: its link is absolute.
    assert record_links(folder / "index.html") == [(record_name(slug), words)]
    for name in FRAGMENTS:
        assert record_links(folder / name) == [(f"{BASE}{slug}/{record_name(slug)}", words)]


def test_without_a_pdf_address_the_fragments_leave_the_record_out(tmp_path: Path) -> None:
    folder = drop_settings(copy_example(tmp_path / "project"), "fragment.pdf_base_url", "site.url")
    project = load_project(folder)
    renderer = Renderer(project)
    view = view_of(seed_data(), project.config, SEED_SLUG)
    for name, fragment in renderer.render_fragments(view, "100 KB", "37 KB").items():
        assert "Discussion record for teams" not in fragment, name
        assert "discussion-record.docx" not in fragment, name
    page = renderer.render_page(view, "100 KB", "37 KB")
    assert f'href="{record_name(SEED_SLUG)}"' in page


# --- Hostile text -----------------------------------------------------------------------------


def test_a_hostile_question_is_written_as_its_words_never_as_markup() -> None:
    """Questions are Markdown: the record holds their words. HTML, WordprocessingML, control
    characters (which the YAML reader refuses; the model alone does not) and a question of
    the longest length allowed are all text."""
    long = "Do I " + "ask again and " * 140 + "again?"
    hostile = [
        "Do I <script>alert(1)</script> ask **who** else [works](https://example.org)?",
        'Do I </w:t></w:r></w:p><w:p><w:r><w:t>escape</w:t> & "quote"?',
        "Do I\x07 ring\x1b[31m a bell\x00?",
        long,
    ]
    data = seed_data()
    data["practice"]["questions"] = hostile
    config = config_of()
    record = read(discussion_record(view_of(data, config), config, 0))
    assert [text for level, text in headings(record) if level == 3] == [
        "1. Do I <script>alert(1)</script> ask who else works?",
        '2. Do I </w:t></w:r></w:p><w:p><w:r><w:t>escape</w:t> & "quote"?',
        "3. Do I ring[31m a bell\ufffd?",  # Markdown makes NUL the replacement character
        f"4. {long}",
    ]
    written = record.element.xml
    assert "<script>" not in written
    assert "&lt;script&gt;" in written
    assert "&lt;/w:t&gt;&lt;/w:r&gt;&lt;/w:p&gt;" in written
    assert len(controls(record)) == 2 + 16 + 4 + 15 + 2


def test_questions_in_several_sections_keep_their_numbers_and_their_sections() -> None:
    data = seed_data()
    data["sections"] = [
        {"heading": "Fathers", "blocks": [{"questions": {"items": ["Do I ask dad?"]}}]},
        {"heading": "Mothers", "blocks": [{"questions": {"items": ["Do I ask mum?"]}}] * 2},
        {
            "heading": "Neglect",
            "blocks": [{"paragraphs": "Text."}],
            "subsections": [
                {"heading": "Older children", "blocks": [{"questions": {"items": ["Do I?"]}}]}
            ],
        },
    ]
    config = config_of()
    record = read(discussion_record(view_of(data, config), config, 0))
    words = [paragraph.text for paragraph in record.paragraphs]
    third = [text for level, text in headings(record) if level == 3]
    practice = [f"{n}. {text}" for n, text in enumerate(data["practice"]["questions"], start=1)]
    own = ["1. Do I ask dad?", "1. Do I ask mum?", "1. Do I ask mum?", "1. Do I?"]
    assert sorted(third) == sorted([*practice, *own])
    start = third.index(own[0])
    assert third[start : start + 4] == own, "in their order"
    assert words.count("Questions from “Fathers”:") == 1
    assert words.count("Questions from “Mothers”:") == 2, "each list is introduced"
    assert words.count("Questions from “Neglect: Older children”:") == 1
    leads = [p for p in record.paragraphs if p.text.startswith("Questions from")]
    assert all(p.paragraph_format.keep_with_next for p in leads), "kept with their questions"
    labels = [value(control, "w:sdtPr/w:alias") for control in controls(record)]
    assert len(set(labels)) == len(labels), "every answer's label is its own"
    assert "Answer to question 1 of “Fathers”" in labels
    assert "Answer to question 1 of “Neglect: Older children”" in labels
    assert len([label for label in labels if "of “Mothers” (list" in (label or "")]) == 2


def test_every_colour_of_the_record_s_words_keeps_4_5_to_1_on_white(examples_build: Path) -> None:
    record = open_record(examples_build, SEED_SLUG)
    used = {
        run.style.name
        for paragraph in record.paragraphs
        for run in paragraph.runs
        if run.style is not None
    }
    used |= {p.style.name for p in record.paragraphs if p.style is not None}
    used |= {"Placeholder Text", "Hyperlink"}  # inside content controls and links
    colours = {}
    for name in used:
        rgb = record.styles[name].font.color.rgb
        if rgb is not None:
            colours[name] = f"#{rgb}"
    assert {"Heading 1", "Heading 2", "Heading 3", "Subtitle", "Placeholder Text"} <= set(colours)
    assert {name: c for name, c in colours.items() if contrast(c, WHITE) < 4.5} == {}


# Written in briefgen.yaml as YAML double-quoted strings, so that \r and \n are real.
SEND_TO_INJECTIONS = [
    r"learning@example.org\r\nBcc: harvest@evil.example",
    r"learning\nBcc=harvest@evil.example",
    "learning%0d%0aBcc%3Aharvest%40evil.example@example.org",
    "learning%0D%0Abcc=harvest@evil.example",
    "learning%0Abcc=harvest@evil.example",
    "learning%00@example.org",
    "https://forms.example.org/record?from=%0d%0aSet-Cookie:%20taken",
    "https://forms.example.org/record%0A",
    r"https://forms.example.org/record\r\nX: y",
]


@pytest.mark.parametrize("address", SEND_TO_INJECTIONS)
def test_a_line_break_in_the_address_records_go_to_is_refused(tmp_path: Path, address: str) -> None:
    """The record links `mailto:<send_to>?subject=...`: a line break in it, written or as
    %0D%0A (which the mail client decodes), would add headers to the mail, a Bcc to a
    stranger among them."""
    folder = copy_example(tmp_path / "project", content=False)
    settings = folder / "briefgen.yaml"
    settings.write_text(
        settings.read_text().replace("learning@westsussexscp.org.uk", f'"{address}"')
    )
    with pytest.raises(ContentError) as raised:
        load_project(folder)
    [problem] = raised.value.problems
    assert problem.field == "discussion_record.send_to"
    assert problem.line == settings.read_text().splitlines().index(f'  send_to: "{address}"') + 1
    assert "line break or another control character" in problem.message
    assert "Bcc" in problem.message


def test_an_entrys_questions_are_asked_under_its_title_and_section() -> None:
    """On a page of several entries, a question is placed by its entry and its section, so
    that a team knows which audit it was asked about."""
    questions = {"questions": {"items": ["Do I invite the school?", "Do I tell the police?"]}}
    data = {
        "title": "Learning through audit",
        "type": "multi-agency audit",
        "published": "2025-12-15",
        "introduction": "Three audits.",
        "entries": [
            {
                "title": "Strategy discussions",
                "published": "2025-10-14",
                "sections": [{"heading": "Ask yourself", "blocks": [questions]}],
            }
        ],
    }
    document = docx.Document(
        io.BytesIO(discussion_record(view_of(data, config_of()), config_of(), 0))
    )
    found = [(level, text) for level, text in headings(document) if level >= 2]
    assert "Questions from “Strategy discussions: Ask yourself”:" in all_words(document)
    assert [one_line(text) for level, text in found if level == 3] == [
        "1. Do I invite the school?",
        "2. Do I tell the police?",
    ]
