"""Shared text: `include: snippets/NAME.yaml` puts a section or a block of content/snippets/
into a briefing, checked as any section, its mistakes told at the snippet's own lines."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from briefgen.content.config import load_project
from briefgen.content.load import load_briefing
from briefgen.errors import ContentError, Mistake, Problem
from briefgen.outcomes import Report
from briefgen.pipeline import build
from briefgen.review.checks import check_briefing
from tests.support.project import copy_example
from tests.support.text import normalise, pdf_text, seed_data, write_briefing

CLOSING = """\
heading: About this series
blocks:
  - paragraphs: |
      Each post in this series looks at one finding of our audits.
  - bullets:
      - "**Ask:** your safeguarding lead about the full report."
"""
NOTE = "note: Names and details have been changed.\n"


def project_with(tmp_path: Path, snippets: dict[str, str]) -> Path:
    folder = copy_example(tmp_path / "project", content=False)
    (folder / "content" / "snippets").mkdir()
    for name, text in snippets.items():
        (folder / "content" / "snippets" / f"{name}.yaml").write_text(text)
    return folder


def briefing_text(sections: str) -> str:
    return (
        "title: A post\ntype: practice guide\npublished: 2025-03-03\n"
        "summary: One finding of our audits.\nsections:\n" + sections
    )


def write(folder: Path, slug: str, text: str) -> Path:
    source = folder / "content" / f"{slug}.yaml"
    source.write_text(text)
    return source


SECTIONS = """\
  - heading: What we found
    blocks:
      - paragraphs: Most plans were written with the family.
      - include: snippets/names-changed.yaml
  - include: snippets/about-the-series.yaml
"""


def test_a_snippet_stands_where_it_is_included_as_a_section_or_a_block(tmp_path: Path) -> None:
    folder = project_with(tmp_path, {"about-the-series": CLOSING, "names-changed": NOTE})
    briefing = load_briefing(write(folder, "post", briefing_text(SECTIONS))).briefing
    found, closing = briefing.sections
    assert [block.content.key for block in found.blocks] == ["paragraphs", "note"]
    assert closing.heading == "About this series"
    assert [block.content.key for block in closing.blocks] == ["paragraphs", "bullets"]


def test_a_snippet_can_be_one_of_an_entrys_sections(tmp_path: Path) -> None:
    folder = project_with(tmp_path, {"about-the-series": CLOSING})
    text = briefing_text("  - heading: Intro\n    blocks:\n      - paragraphs: Two audits.\n") + (
        "entries:\n  - title: First\n    published: 2025-01-01\n    sections:\n"
        "      - include: snippets/about-the-series.yaml\n"
    )
    briefing = load_briefing(write(folder, "post", text)).briefing
    assert briefing.entries[0].sections[0].heading == "About this series"


def problems_loading(source: Path) -> list[Problem]:
    with pytest.raises(ContentError) as caught:
        load_briefing(source)
    return list(caught.value.problems)


def test_a_mistake_in_a_snippet_is_told_at_the_snippets_own_line(tmp_path: Path) -> None:
    broken = CLOSING.replace("  - bullets:", "  - bulets:")
    folder = project_with(tmp_path, {"about-the-series": broken, "names-changed": NOTE})
    [problem] = problems_loading(write(folder, "post", briefing_text(SECTIONS)))
    assert problem.file == folder / "content" / "snippets" / "about-the-series.yaml"
    assert problem.line == 5
    assert problem.field == "blocks.2.bulets"
    assert problem.message == "there is no kind of block called `bulets`"


def test_a_content_check_in_a_snippet_points_at_the_snippet(tmp_path: Path) -> None:
    long = "Each post in this series " + "looks again and again " * 8 + "at one finding."
    folder = project_with(
        tmp_path,
        {
            "about-the-series": CLOSING.replace(
                "Each post in this series looks at one finding of our audits.", long
            ),
            "names-changed": NOTE,
        },
    )
    loaded = load_briefing(write(folder, "post", briefing_text(SECTIONS)))
    problems = check_briefing(loaded, load_project(folder).config)
    [long_sentence] = [problem for problem in problems if problem.check == "sentence-length"]
    assert long_sentence.file == folder / "content" / "snippets" / "about-the-series.yaml"
    assert long_sentence.line == 4
    assert long_sentence.field == "blocks.1.paragraphs"


def test_a_missing_snippet_is_told_at_the_include_with_the_snippets_there_are(
    tmp_path: Path,
) -> None:
    folder = project_with(tmp_path, {"about-the-series": CLOSING})
    source = write(folder, "post", briefing_text(SECTIONS))
    [problem] = problems_loading(source)
    assert problem.file == source
    assert problem.message == "there is no snippet snippets/names-changed.yaml"
    assert problem.fix == "the snippets in content/snippets/ are: about-the-series"
    assert problem.line == 9
    assert problem.field == "sections.1.blocks.2.include"


@pytest.mark.parametrize(
    "written",
    [
        "../briefgen.yaml",
        "snippets/../../briefgen.yaml",
        "/etc/passwd",
        '"snippets/\\x61bout-the-series.yaml"',  # the name in escapes: the text hides it
        "[snippets/about-the-series.yaml]",
    ],
)
def test_an_include_names_a_snippet_plainly_or_is_refused(tmp_path: Path, written: str) -> None:
    folder = project_with(tmp_path, {"about-the-series": CLOSING})
    source = write(folder, "post", briefing_text(f"  - include: {written}\n"))
    [problem] = problems_loading(source)
    assert problem.message == "`include` names no snippet"
    assert problem.fix.startswith("write it as `include: snippets/NAME.yaml`")
    assert problem.line == 6


def test_a_snippet_includes_no_other(tmp_path: Path) -> None:
    nested = CLOSING + "  - include: snippets/names-changed.yaml\n"
    folder = project_with(tmp_path, {"about-the-series": nested, "names-changed": NOTE})
    source = write(folder, "post", briefing_text("  - include: snippets/about-the-series.yaml\n"))
    [problem] = problems_loading(source)
    assert problem.message == "a snippet includes no other snippet"
    assert problem.file == folder / "content" / "snippets" / "about-the-series.yaml"


def test_a_snippet_that_leads_out_of_the_project_is_not_read(tmp_path: Path) -> None:
    folder = project_with(tmp_path, {})
    outside = tmp_path / "secret.yaml"
    outside.write_text(NOTE)
    (folder / "content" / "snippets" / "names-changed.yaml").symlink_to(outside)
    only_the_note = SECTIONS.replace("  - include: snippets/about-the-series.yaml\n", "")
    source = write(folder, "post", briefing_text(only_the_note))
    with pytest.raises(Mistake) as refused:
        load_briefing(source)
    assert "outside the project" in str(refused.value)
    assert "Names and details" not in str(refused.value)


def build_folder(folder: Path) -> Report:
    report = build(load_project(folder))
    assert not report.failed, [str(outcome.error) for outcome in report.failed]
    return report


@pytest.mark.slow
def test_changing_a_snippet_rebuilds_the_briefings_that_use_it_and_only_those(
    tmp_path: Path,
) -> None:
    folder = project_with(tmp_path, {"about-the-series": CLOSING, "names-changed": NOTE})
    write(folder, "first-post", briefing_text(SECTIONS))
    write(folder, "second-post", briefing_text("  - include: snippets/about-the-series.yaml\n"))
    write_briefing(folder, "other", seed_data())
    first = build_folder(folder)
    assert sorted(outcome.slug for outcome in first.outcomes) == [
        "first-post",
        "other",
        "second-post",
    ]
    assert not (folder / "output" / "snippets").exists(), "a snippet is never built alone"
    outputs = folder / "output" / "second-post"
    with pikepdf.open(outputs / "second-post.pdf") as pdf:
        tags = [
            (str(element.S), element)
            for element in pdf.objects
            if isinstance(element, pikepdf.Dictionary) and element.get("/Type") == "/StructElem"
        ]
    assert [kind for kind, _ in tags].count("/H2") == 1  # the snippet's heading, tagged
    assert normalise("About this series") in pdf_text(outputs / "second-post.pdf")
    assert normalise("your safeguarding lead about the full report") in pdf_text(
        outputs / "second-post.pdf"
    )
    for name in ("index.html", "fragment.html", "fragment-inline.html", "fragment-shadow.html"):
        html = (outputs / name).read_text()
        assert "About this series</h" in html, name
        assert "Ask:</strong> your safeguarding lead" in html, name
    note = folder / "content" / "snippets" / "names-changed.yaml"
    note.write_text(NOTE.replace("changed", "changed to protect the family"))
    rebuilt = {outcome.slug for outcome in build_folder(folder).outcomes if not outcome.unchanged}
    assert rebuilt == {"first-post"}
    closing = folder / "content" / "snippets" / "about-the-series.yaml"
    closing.write_text(CLOSING.replace("one finding", "a single finding"))
    rebuilt = {outcome.slug for outcome in build_folder(folder).outcomes if not outcome.unchanged}
    assert rebuilt == {"first-post", "second-post"}
    page = (folder / "output" / "second-post" / "index.html").read_text()
    assert "a single finding of our audits" in page
