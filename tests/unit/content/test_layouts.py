"""Briefing shapes: each example builds to two pages or fewer, with its sections in order."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml

from briefgen.content.config import ProjectConfig, load_project
from briefgen.content.layouts import (
    HEADING_KEYS,
    OWN_SECTIONS,
    PART_FIELDS,
    Layout,
    layout_names,
    load_layout,
    style_of,
)
from briefgen.content.load import load_briefing
from briefgen.content.model import CheckName
from briefgen.errors import ContentError
from briefgen.paths import builtin_theme
from briefgen.pipeline import build, check
from briefgen.render.present import PARTS, present
from briefgen.render.renderer import Renderer
from briefgen.review.checks import check_briefing
from tests.support.project import REPOSITORY, copy_example
from tests.support.text import parse_html, seed_data, write_briefing

CONFIG = ProjectConfig.model_validate({"partnership": {"name": "A partnership"}})
LAYOUT_FILES = sorted((builtin_theme() / "layouts").glob("*.yaml"))
SHAPES = {
    "under-twos-repeat-referrals-2020": (
        "audit summary",
        [
            "Method",
            "Key findings from the audit",
            "Taking the learning into your practice",
            "Resources",
        ],
    ),
    "bruising-in-babies-2025": (
        "7-minute briefing",
        [
            "1 Background",
            "2 Why it matters",
            "3 Key points",
            "4 Things to remember",
            "5 What to do",
            "6 Questions for discussion",
            "7 Further information",
        ],
    ),
    "neglect-of-older-children-2025": (
        "learning questions",
        [
            "1 What did we do?",
            "2 What good practice did we find?",
            "3 What else did we find?",
            "4 What can we learn?",
            "Resources",
        ],
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_example(tmp_path_factory.mktemp("shapes") / "project", examples=True)
    report = build(load_project(folder))
    assert not report.failed, [outcome.error for outcome in report.failed]
    return folder / "output"


def test_every_layout_has_an_example() -> None:
    used = {load_briefing(path).briefing.layout for path in (REPOSITORY / "content").glob("*.yaml")}
    assert set(layout_names()) <= used
    assert {layout for layout, _ in SHAPES.values()} <= set(layout_names())


@pytest.mark.parametrize("slug", sorted(SHAPES))
@pytest.mark.slow
def test_each_shape_fits_two_pages_with_its_sections_in_order(built: Path, slug: str) -> None:
    layout, sections = SHAPES[slug]
    with pikepdf.open(built / slug / f"{slug}.pdf") as pdf:
        assert len(pdf.pages) <= 2
        with pdf.open_outline() as outline:
            top = list(outline.root)
            titles = [child.title for child in top[0].children]
    assert titles == sections
    for name in ("index.html", "fragment.html"):
        html = (built / slug / name).read_text()
        assert f"bg-layout--{layout.replace(' ', '-')}" in html
        headings = re.findall(r'<h[23] class="bg-heading"[^>]*>(.*?)</h[23]>', html)
        text = [re.sub(r"<[^>]+>", "", heading).replace("&#39;", "'") for heading in headings]
        assert text == sections, name


def test_the_seven_minute_briefing_numbers_its_sections_in_the_page(built: Path) -> None:
    collector = parse_html((built / "bruising-in-babies-2025" / "index.html").read_text())
    numbers = [
        attributes for tag, attributes in collector.tags if attributes.get("class") == "bg-number"
    ]
    assert len(numbers) == 7


def test_a_layout_leaves_out_what_the_briefing_has_nothing_for(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    data = seed_data()
    data["layout"] = "7-minute briefing"
    data["resources"] = []
    view = present(load_briefing(write_briefing(folder, "short", data)).briefing, "s", CONFIG)
    headings = [(section.number, section.heading) for section in view.sections if section.heading]
    assert headings == [
        (1, "Background"),
        (2, "Key findings from the audit"),  # the seed rewords the findings' heading
        (3, "Things to remember"),
        (4, "What to do"),
        (5, "Questions for discussion"),
    ]


@pytest.mark.parametrize("path", LAYOUT_FILES, ids=lambda path: path.stem)
def test_every_layout_file_is_valid_and_names_parts_the_presenter_knows(path: Path) -> None:
    layout = Layout.model_validate(yaml.safe_load(path.read_text()))
    assert style_of(layout.name) == path.stem
    assert load_layout(layout.name) == layout
    parts = {part for section in layout.sections for part in section.parts}
    assert parts <= {*PARTS, *OWN_SECTIONS}
    assert "sections" in parts, "a layout must place the briefing's own sections"
    names = [section.name for section in layout.sections]
    assert len(names) == len(set(names))


def test_the_presenter_shows_every_part_a_layout_may_name() -> None:
    assert {*PARTS, *OWN_SECTIONS} == set(PART_FIELDS)


def test_an_unknown_layout_is_an_error_naming_the_layouts(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    data = seed_data()
    data["layout"] = "audit sumary"
    source = write_briefing(folder, "unknown", data)
    line = source.read_text().splitlines().index(' "layout": "audit sumary"') + 1
    problems = [
        p
        for p in check_briefing(load_briefing(source), CONFIG)
        if p.check == CheckName.LAYOUT.value
    ]
    assert [(p.severity, p.message, p.line) for p in problems] == [
        ("error", "there is no layout called 'audit sumary'", line)
    ]
    assert problems[0].fix.startswith("did you mean 'audit summary'?")


@pytest.mark.slow
def test_a_project_adds_a_layout_with_one_file(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project", content=False)
    (folder / "templates" / "layouts").mkdir(parents=True)
    (folder / "templates" / "layouts" / "case-review.yaml").write_text(
        "name: case review\nnumbered: true\nsections:\n"
        "  - {name: what, heading: What happened, parts: [introduction]}\n"
        "  - {name: own, parts: [sections]}\n"
        "  - {name: learn, heading: What we learnt, heading_key: findings, parts: [findings]}\n"
    )
    data = seed_data()
    data["layout"] = "case review"
    for name in ("method", "practice", "resources", "key_message", "headings"):
        del data[name]
    data["acknowledge"].append({"check": "reflection", "reason": "A case review for managers."})
    write_briefing(folder, "case", data)
    report = build(load_project(folder))
    assert not report.failed, [outcome.error for outcome in report.failed]
    html = (folder / "output" / "case" / "fragment.html").read_text()
    assert "bg-layout--case-review" in html
    headings = re.findall(r'<h[23] class="bg-heading"[^>]*>(.*?)</h[23]>', html)
    assert [re.sub(r"<[^>]+>", "", heading) for heading in headings] == [
        "1 What happened",
        "2 What we learnt",
    ]


def _full_briefing() -> dict[str, Any]:
    """The seed with every short field given, and a section of its own."""
    data = seed_data()
    data["why_it_matters"] = "Babies cannot speak for themselves."
    data["things_to_remember"] = ["Ask who else is involved."]
    data["next_steps"] = ["The partnership will audit again."]
    data["anonymisation_note"] = "Names and details have been changed."
    data["sections"] = [{"heading": "Our own section", "blocks": [{"paragraphs": "Own words."}]}]
    data["headings"] = {key: f"Reworded {key}" for key in HEADING_KEYS}
    return data


# Each field of a briefing that a layout may leave out, and how to take it away.
REMOVABLE = [
    "introduction",
    "method",
    "method.cohort",
    "findings",
    "why_it_matters",
    "things_to_remember",
    "next_steps",
    "practice",
    "key_message",
    "resources",
    "anonymisation_note",
    "sections",
    *(f"headings.{key}" for key in HEADING_KEYS),
]


def _without(data: dict[str, Any], field: str) -> dict[str, Any]:
    changed: dict[str, Any] = json.loads(json.dumps(data))
    *parents, last = field.split(".")
    holder = changed
    for parent in parents:
        holder = holder[parent]
    del holder[last]
    return changed


@pytest.mark.parametrize("layout", layout_names())
@pytest.mark.slow
def test_no_field_is_silently_ignored_by_any_layout(tmp_path: Path, layout: str) -> None:
    """Each field changes the output, or `check` says it does not apply to the layout."""
    folder = copy_example(tmp_path / "project", content=False)
    renderer = Renderer(load_project(folder))
    data = _full_briefing()
    data["layout"] = layout

    def fragment(slug: str, briefing: dict[str, Any]) -> tuple[str, list[str]]:
        loaded = load_briefing(write_briefing(folder, slug, briefing))
        view = present(loaded.briefing, "same", CONFIG)
        unshown = [
            problem.field or ""
            for problem in check_briefing(loaded, CONFIG)
            if problem.check == CheckName.LAYOUT.value
        ]
        return renderer.render_fragment(view, "100 KB"), unshown

    full, unshown = fragment("full", data)
    silent = []
    for field in REMOVABLE:
        without, _ = fragment("without", _without(data, field))
        if without == full and field not in unshown:
            silent.append(field)
    assert silent == []


def test_a_layout_that_shows_a_part_twice_is_refused_at_its_line(tmp_path: Path) -> None:
    """A layout shows each part once: the same parts repeated in 230 sections made one
    briefing 921 pages long, laid out for most of a minute (issue 24). Each part shown
    again is told once, at the line and column where it is first repeated."""
    folder = copy_example(tmp_path / "project")
    layout = Path("templates") / "layouts" / "audit-summary.yaml"
    (folder / layout).parent.mkdir(parents=True)
    (folder / layout).write_text(
        "name: audit summary\nsections:\n  - name: one\n    parts: [introduction, findings]\n"
        "  - name: two\n    parts: [findings, practice, introduction]\n"
        "  - name: three\n    parts: [findings]\n"
    )
    [outcome] = check(load_project(folder)).failed
    assert isinstance(outcome.error, ContentError)
    told = [
        (problem.location, problem.field, problem.message)
        for problem in outcome.error.problems
        if problem.file == layout
    ]
    shown_twice = "is already shown, in the section 'one': a layout shows each part once"
    assert told == [
        (f"{layout}:6:13", "sections.2.parts.1", f"the part 'findings' {shown_twice}"),
        (f"{layout}:6:33", "sections.2.parts.3", f"the part 'introduction' {shown_twice}"),
    ]


def test_a_layout_frame_that_misplaces_a_part_is_refused_at_its_line(tmp_path: Path) -> None:
    """A part stands only where it fits: the banner is no fact of the foot."""
    folder = copy_example(tmp_path / "project")
    layout = Path("templates") / "layouts" / "audit-summary.yaml"
    (folder / layout).parent.mkdir(parents=True)
    (folder / layout).write_text(
        "name: audit summary\nsections:\n  - name: one\n    parts: [introduction, findings]\n"
        "frame:\n  above_title: [audience]\n  foot: [version, banner]\n"
    )
    [outcome] = check(load_project(folder)).failed
    assert isinstance(outcome.error, ContentError)
    [problem] = [problem for problem in outcome.error.problems if problem.file == layout]
    assert problem.line == 7
    assert problem.field.startswith("frame.foot")
    assert "the part 'banner' cannot stand at the foot" in problem.message + problem.fix
