"""Small readers for the outputs: the text of an HTML file or a PDF, its tags, its links."""

from __future__ import annotations

import copy
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pypdf
import yaml

from briefgen.content.blocks import REGISTRY
from briefgen.content.load import load_briefing
from briefgen.content.markdown import plain_text
from briefgen.names import file_size
from tests.support.project import SEED

# The smallest briefing that loads: every required field, once.
VALID = """\
title: A title
type: rapid review
published: 2021-03-01
introduction: Why we looked.
findings:
  - kind: strengths
    items:
      - Good practice.
practice:
  instruction: Discuss it.
  questions:
    - Do I ask?
key_message: Remember.
"""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "script", "title"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.text.append(data)


def parse_html(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def normalise(text: str) -> str:
    """Text with every run of white space as one space, and typographic quotes made plain."""
    text = text.replace("’", "'").replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).strip()


def html_text(path: Path) -> str:
    return normalise(" ".join(parse_html(path.read_text(encoding="utf-8")).text))


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return normalise(" ".join(page.extract_text() or "" for page in reader.pages))


def briefing_phrases(source: Path) -> dict[str, list[str]]:
    """Every finding, question and resource title of a briefing, as plain text."""
    briefing = load_briefing(source).briefing
    return {
        "findings": [plain_text(item) for group in briefing.findings for item in group.items],
        "questions": [
            plain_text(question)
            for question in (briefing.practice.questions if briefing.practice else [])
        ],
        "resources": [resource.title for resource in briefing.resources],
        "headings": [group.heading for group in briefing.findings if group.heading],
    }


def sizes_as_placeholders(text: str, folder: Path, slug: str) -> str:
    """`text` with the sizes of the briefing's PDF and discussion record, where it gives them
    as they are, replaced by placeholders. A golden file then pins the words, not bytes that
    move with a font library's release; a size that is not the file's own is left in, and
    the golden file no longer matches."""
    pdf = file_size((folder / f"{slug}.pdf").stat().st_size)
    record = file_size((folder / f"{slug}-discussion-record.docx").stat().st_size)
    # Only sizes the outputs give as such: not the example in the style sheet's comment.
    text = re.sub(r'(?<!")(\(PDF, )' + re.escape(pdf), r"\1{size of the PDF}", text)
    size_span = r'(?:<span class="bg-download-size">)?'
    return re.sub(
        r'(?<!")(\(Word document, ' + size_span + ")" + re.escape(record),
        r"\1{size of the record}",
        text,
    )


def seed_data() -> dict[str, Any]:
    """The seed briefing as plain data, to change in a test."""
    data: dict[str, Any] = json.loads(json.dumps(yaml.safe_load(SEED.read_text()), default=str))
    return data


def write_briefing(folder: Path, slug: str, data: dict[str, Any]) -> Path:
    """A briefing file in the project's content/ (JSON is YAML)."""
    target = folder / "content" / f"{slug}.yaml"
    target.write_text(json.dumps(data, indent=1))
    return target


def long_findings() -> dict[str, Any]:
    data = seed_data()
    data["findings"][1]["items"] += [
        f"Managers should check in supervision that repeat referral {number} was seen "
        "alongside the earlier ones, and that the practitioner has recorded what the family "
        "said about the help they already receive from other agencies."
        for number in range(1, 15)
    ]
    return data


def every_kind() -> dict[str, Any]:
    """A briefing with one section for each kind of block, holding the kind's example."""
    data = seed_data()
    data["page_budget"] = 8
    data["sections"] = [
        # A copy of each example: a test that changes its briefing never changes the kinds'
        # own examples, which the schema and every later test read.
        {"heading": f"Section {key}", "blocks": [{key: copy.deepcopy(kind.example)}]}
        for key, kind in REGISTRY.items()
    ]
    return data


class ReaderText(HTMLParser):
    """What a reader sees or hears of a web page, a fragment or the feed: its text and the
    attributes read out or shown (alt, title, aria-label, a meta's content, a category);
    not its style sheets (their comments are the theme's notes), ids, classes or addresses."""

    SHOWN = frozenset({"alt", "title", "aria-label", "content", "term", "placeholder"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self.hidden += 1
        if tag == "meta" and dict(attrs).get("property") == "og:type":
            return  # Open Graph's own word for the kind of page, not the page's
        self.words += [v for k, v in attrs if k in self.SHOWN and v and not ADDRESS.match(v)]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.words.append(data)


ADDRESS = re.compile(r"https?://|mailto:|tel:|[\w./-]+\.(html|pdf|docx|xml|json|jpg)$")


def reader_text(markup: str) -> str:
    reader = ReaderText()
    reader.feed(markup)
    reader.close()
    return normalise(LINK.sub(" ", " ".join(reader.words)))


LINK = re.compile(r"(?:https?://|mailto:|tel:)\S*")  # an address written out, as the feed's ids
