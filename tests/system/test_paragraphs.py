"""A text of a field of one line (a finding, a note, a key message, a question...) written
as several paragraphs keeps them, in the PDF's tags and on the page: never one run-on
paragraph. Each such field of every kind of block is written so, and each paragraph found."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser

from briefgen.content.config import load_project
from briefgen.pipeline import build
from tests.support.project import copy_example
from tests.support.structure import pdf_paragraphs, words
from tests.support.text import every_kind, write_briefing

# Every field of one line of Markdown of the seed and of the "every kind" briefing, by its
# path in the YAML: a new kind's texts are added here with it.
FIELDS: tuple[tuple[str | int, ...], ...] = (
    ("findings", 0, "items", 0),
    ("practice", "instruction"),
    ("practice", "questions", 0),
    ("key_message",),
    ("resources", 0, "description"),
    ("sections", 1, "blocks", 0, "bullets", 0),
    ("sections", 2, "blocks", 0, "numbered", 0),
    ("sections", 3, "blocks", 0, "findings", "items", 0, "text"),
    ("sections", 4, "blocks", 0, "questions", "instruction"),
    ("sections", 4, "blocks", 0, "questions", "items", 0),
    ("sections", 5, "blocks", 0, "key_message"),
    ("sections", 7, "blocks", 0, "note"),
    ("sections", 11, "blocks", 0, "image", "caption"),
    ("sections", 13, "blocks", 0, "quote", "text"),
    ("sections", 14, "blocks", 0, "case_story", "anonymisation_note"),
    ("sections", 15, "blocks", 0, "action_plan", "actions", 0, "action"),
    ("sections", 17, "blocks", 0, "glossary", 0, "definition"),
)


def put(data: Any, path: tuple[str | int, ...], value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_example(tmp_path_factory.mktemp("paragraphs") / "project", content=False)
    data = every_kind()
    for number, path in enumerate(FIELDS):
        put(data, path, f"Text {number} opens here.\n\nText {number} goes on here.")
    write_briefing(folder, "paragraphs", data)
    project = load_project(folder)
    report = build(project)
    assert not report.failed, [outcome.error for outcome in report.failed]
    return project.output / "paragraphs"


def test_every_text_keeps_its_paragraphs_in_the_pdf(built: Path) -> None:
    paragraphs = pdf_paragraphs(built / "paragraphs.pdf")
    for number in range(len(FIELDS)):
        assert f"Text {number} opens here." in paragraphs, FIELDS[number]
        assert f"Text {number} goes on here." in paragraphs, FIELDS[number]


@pytest.mark.parametrize("output", ["index.html", "fragment.html", "fragment-shadow.html"])
def test_every_text_keeps_its_paragraphs_on_the_web(built: Path, output: str) -> None:
    tree = LexborHTMLParser((built / output).read_text(encoding="utf-8"))
    nodes = [*tree.css("p")]
    for template in tree.css("template"):
        for fragment in template.template_fragments():
            nodes += fragment.css("p")
    paragraphs = {words(node.text()) for node in nodes}
    for number in range(len(FIELDS)):
        assert f"Text {number} opens here." in paragraphs, FIELDS[number]
        assert f"Text {number} goes on here." in paragraphs, FIELDS[number]
