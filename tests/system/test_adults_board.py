"""Beyond children's partnerships: a safeguarding adults board's project (`safeguards:
adults`) builds every output with no "child" in any of them. The words briefgen adds
itself (keywords, what a cohort counts, the discussion record's wording) are the board's."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pikepdf
import pytest

from briefgen.content.config import load_project
from briefgen.pipeline import build
from tests.support.project import REPOSITORY
from tests.support.text import pdf_text

SETTINGS = """\
partnership:
  name: Example Safeguarding Adults Board
  website: https://www.example.org
  logo:
    file: assets/logo.svg
    alt: Example Safeguarding Adults Board logo
safeguards: adults
site:
  url: https://www.example.org/learning/
discussion_record:
  send_to: learning@example.org
"""

BRIEFING = {
    "title": "Self-neglect and hoarding: learning from a review",
    "type": "multi-agency audit",
    "audience": "For practitioners and managers in every agency",
    "published": "2025-10",
    "summary": "What a review of 1,500 referrals of self-neglect found, and what to do next.",
    "introduction": "The board audited how agencies respond to self-neglect and hoarding.",
    "method": {
        "text": "The board read the records of every referral made in 2024.",
        "cohort": {
            "total": 1500,
            "breakdowns": [
                {
                    "title": "What happened after the referral",
                    "groups": [
                        {"label": "Assessed under the Care Act", "count": 900},
                        {"label": "Signposted", "count": 600},
                    ],
                }
            ],
        },
    },
    "findings": [
        {"kind": "strengths", "items": ["Agencies shared what they knew within a day."]},
        {"kind": "areas to strengthen", "items": ["Mental capacity was rarely assessed."]},
    ],
    "practice": {
        "instruction": "Take these questions into supervision.",
        "questions": ["Do I assess mental capacity when a person declines help?"],
    },
    "key_message": "Self-neglect is a safeguarding concern: act on it.",
    "resources": [
        {
            "title": "Self-neglect procedure",
            "url": "https://www.example.org/self-neglect.pdf",
            "description": "What every agency does when it sees self-neglect.",
        }
    ],
}


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("adults") / "project"
    (folder / "content").mkdir(parents=True)
    (folder / "assets").mkdir()
    (folder / "assets" / "logo.svg").write_bytes((REPOSITORY / "assets" / "logo.svg").read_bytes())
    (folder / "briefgen.yaml").write_text(SETTINGS)
    (folder / "content" / "self-neglect-2025.yaml").write_text(json.dumps(BRIEFING))
    project = load_project(folder)
    report = build(project)
    assert not report.failed, [outcome.error for outcome in report.failed]
    return project.output


# A style sheet is code, not words: its selectors (`p:last-child`) are CSS's own names.
STYLE_SHEET = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)


def texts_of(output: Path) -> dict[str, str]:
    """The text of every output: each web page, fragment, feed, sitemap and listing as
    written (its markup, attributes and metadata too, its style sheets aside), the PDF's
    words and metadata, the record's every part."""
    found: dict[str, str] = {}
    for path in sorted(output.rglob("*")):
        name = str(path.relative_to(output))
        if path.suffix in (".html", ".xml", ".json"):
            found[name] = STYLE_SHEET.sub("", path.read_text(encoding="utf-8"))
        elif path.suffix == ".pdf":
            with pikepdf.open(path) as pdf:
                metadata = str(pdf.open_metadata())
                info = " ".join(str(value) for value in pdf.docinfo.values())
            found[name] = " ".join([pdf_text(path), metadata, info])
        elif path.suffix == ".docx":
            with zipfile.ZipFile(path) as record:
                found[name] = " ".join(
                    record.read(part).decode("utf-8") for part in record.namelist()
                )
    return found


def test_no_output_of_an_adults_board_says_child(output: Path) -> None:
    texts = texts_of(output)
    kinds = {Path(name).suffix for name in texts}
    assert kinds == {".html", ".xml", ".json", ".pdf", ".docx"}
    assert {"index.html", "feed.xml", "sitemap.xml", "briefings.json"} <= set(texts)
    assert {
        "self-neglect-2025/self-neglect-2025.pdf",
        "self-neglect-2025/index.html",
        "self-neglect-2025/fragment.html",
        "self-neglect-2025/fragment-inline.html",
        "self-neglect-2025/fragment-shadow.html",
        "self-neglect-2025/self-neglect-2025-discussion-record.docx",
    } <= set(texts)
    for name, text in texts.items():
        assert not re.search("child", text, re.IGNORECASE), name


def test_the_words_briefgen_adds_are_the_boards(output: Path) -> None:
    texts = texts_of(output)
    pdf = texts["self-neglect-2025/self-neglect-2025.pdf"]
    assert "1,500 adults" in pdf  # what the cohort counts, where it does not say
    assert "safeguarding adults" in pdf  # the PDF's keywords
    record = texts["self-neglect-2025/self-neglect-2025-discussion-record.docx"]
    assert "nothing that could identify an adult, a carer or a family member" in record
    assert "discussion record; safeguarding adults; learning briefing" in record
