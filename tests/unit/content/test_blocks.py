"""Block kinds: each registered once and complete; sections of them load, with plain
messages for the mistakes people make."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefgen.content.blocks import (
    REGISTRY,
    Block,
    BlockKind,
    Chart,
    Findings,
    Ids,
    Image,
    Quote,
    Table,
    view_of,
)
from briefgen.content.config import ProjectConfig, load_project
from briefgen.content.load import load_briefing
from briefgen.content.model import Briefing
from briefgen.content.values import Resource
from briefgen.errors import ContentError, Problem
from briefgen.paths import builtin_theme
from briefgen.pipeline import build
from briefgen.render.present import present
from tests.support.project import REPOSITORY, copy_example
from tests.support.text import write_briefing

CONFIG = ProjectConfig.model_validate({"partnership": {"name": "A partnership"}})
KINDS = sorted(REGISTRY)
HEAD = "title: A title\ntype: rapid review\npublished: 2021-03-01\n"


def kinds_in_the_examples() -> set[str]:
    """Every kind of block the examples in content/ show, written or from short fields."""
    found = set()
    for source in (REPOSITORY / "content").glob("*.yaml"):
        view = present(load_briefing(source).briefing, source.stem, CONFIG)
        for section in view.sections:
            found |= {block.kind for block in section.blocks}
            found |= {block.kind for sub in section.subsections for block in sub.blocks}
    return found


@pytest.mark.parametrize("key", KINDS)
def test_every_kind_has_a_template_a_budget_name_and_parity_text(key: str) -> None:
    kind = REGISTRY[key]
    template = builtin_theme() / "blocks" / f"{key}.html.j2"
    assert template.is_file(), f"{key} has no template"
    assert 'data-part="{{ block.part }}"' in template.read_text(), "the budget cannot name it"
    assert kind.budget_name.startswith("The ")
    example = kind.model_validate(kind.example)  # type: ignore[attr-defined]
    assert isinstance(example, BlockKind)
    words = [word for word in example.words() if word]
    assert words, f"{key} gives no text for the PDF and HTML to share"


@pytest.mark.parametrize("key", KINDS)
def test_every_kind_has_a_schema_entry_with_a_description_and_an_example(key: str) -> None:
    schema = Briefing.model_json_schema()
    entry = schema["$defs"]["Block"]["properties"][key]
    assert entry["description"].strip()
    assert entry["examples"] == [REGISTRY[key].example]


def test_every_kind_appears_in_the_examples() -> None:
    assert set(KINDS) - kinds_in_the_examples() == set()


def test_a_block_is_one_key_naming_its_kind() -> None:
    block = Block.model_validate({"findings": REGISTRY["findings"].example})
    assert block.content.key == "findings"
    with pytest.raises(ValueError, match="a block is one kind"):
        Block.model_validate({"paragraphs": "One.", "note": "Two."})
    schema = Block.model_json_schema()
    assert (schema["minProperties"], schema["maxProperties"]) == (1, 1)


def test_findings_mixing_judgements_give_each_its_icon_and_its_words() -> None:
    findings = Findings.model_validate(REGISTRY["findings"].example)
    view = view_of(findings, Ids("slug"))
    assert view.data.css == "mixed"
    assert [(item["css"], item["spoken"]) for item in view.data.items] == [
        ("strengths", "Went well:"),
        ("areas-to-strengthen", "To improve:"),
    ]
    plain = view_of(Findings(judgement="went well", items=["Good."]), Ids("slug"))
    assert (plain.data.css, plain.data.heading, plain.data.items[0]["spoken"]) == (
        "strengths",
        "Strengths",
        "",
    )


def problems_of(tmp_path: Path, sections: list[dict[str, Any]]) -> list[Problem]:
    file = tmp_path / "briefing.yaml"
    file.write_text(HEAD + yaml.safe_dump({"sections": sections}, sort_keys=False))
    with pytest.raises(ContentError) as caught:
        load_briefing(file)
    return list(caught.value.problems)


def line_of(tmp_path: Path, text: str) -> int:
    lines = (tmp_path / "briefing.yaml").read_text().splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def test_an_unknown_kind_of_block_says_which_it_may_have_meant(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, [{"heading": "H", "blocks": [{"finding": {"items": ["A"]}}]}])
    assert problem.message == "there is no kind of block called `finding`"
    assert problem.fix == "did you mean `findings`?"
    assert problem.line == line_of(tmp_path, "finding:")
    [other] = problems_of(tmp_path, [{"heading": "H", "blocks": [{"poem": "A"}]}])
    assert other.message == "there is no kind of block called `poem`"
    assert other.fix.startswith("use one of: paragraphs, bullets, numbered, findings,")


def test_a_section_that_shows_nothing_is_refused(tmp_path: Path) -> None:
    [empty] = problems_of(tmp_path, [{"heading": "Empty", "blocks": []}])
    assert empty.message == "this section shows nothing"
    assert empty.line == line_of(tmp_path, "blocks: []")
    assert "paragraphs: We looked at 20 cases." in empty.fix
    assert "`subsections` with blocks of their own" in empty.fix
    [missing] = problems_of(tmp_path, [{"heading": "Empty"}])
    assert missing.message == "this section shows nothing"
    assert missing.line == line_of(tmp_path, "heading: Empty")
    assert "paragraphs: We looked at 20 cases." in missing.fix


def test_a_section_of_subsections_alone_needs_no_blocks_of_its_own(tmp_path: Path) -> None:
    """A case story's "Incident" and "What should happen" under one heading, nothing above."""
    file = tmp_path / "briefing.yaml"
    subsections = [
        {"heading": "Incident", "blocks": [{"paragraphs": "A baby was seen with a bruise."}]},
        {"heading": "What should happen", "blocks": [{"bullets": ["Refer the same day."]}]},
    ]
    section = {"heading": "The case", "subsections": subsections}
    file.write_text(HEAD + yaml.safe_dump({"sections": [section]}, sort_keys=False))
    [loaded] = load_briefing(file).briefing.sections
    assert loaded.blocks == []
    assert [sub.heading for sub in loaded.subsections] == ["Incident", "What should happen"]


def test_a_table_row_with_the_wrong_number_of_cells_is_refused_at_its_line(
    tmp_path: Path,
) -> None:
    table = {"caption": "C", "columns": [["A", "B", "C"]], "rows": [[1, 2, 3], [4, 5]]}
    [problem] = problems_of(tmp_path, [{"blocks": [{"table": table}]}])
    assert problem.message == "this row has 2 cells, but the table has 3 columns"
    assert problem.fix == "give it one cell for each column (an empty one as '')"
    assert problem.field == "sections.1.blocks.1.table.rows.2"  # counted from 1, as people do
    assert problem.line == line_of(tmp_path, "- 4")


def test_every_row_that_does_not_fit_is_told_in_one_run_and_a_comma_split_cell_quoted(
    tmp_path: Path,
) -> None:
    """`[Police, Working with fathers, and the rest, 3]`: the comma made two cells of one."""
    file = tmp_path / "briefing.yaml"
    file.write_text(
        HEAD
        + "sections:\n"
        + "  - blocks:\n"
        + "      - table:\n"
        + "          caption: Contacts\n"
        + "          columns: [[Agency, Finding, Count]]\n"
        + "          rows:\n"
        + "            - [Police, Working with fathers, and the rest, 3]\n"
        + "            - [Health, Good, 4]\n"
        + "            - [Schools, Seen alone, in school, at home, 5]\n"
        + "            - [Housing, 7]\n"
    )
    with pytest.raises(ContentError) as caught:
        load_briefing(file)
    problems = list(caught.value.problems)
    assert [problem.field for problem in problems] == [
        "sections.1.blocks.1.table.rows.1",
        "sections.1.blocks.1.table.rows.3",
        "sections.1.blocks.1.table.rows.4",
    ]
    assert [problem.line for problem in problems] == [
        line_of(tmp_path, "Police"),
        line_of(tmp_path, "Schools"),
        line_of(tmp_path, "Housing"),
    ]
    police, schools, housing = problems
    assert police.message == (
        "this row has 4 cells, but the table has 3 columns: in [ ], a comma starts a new "
        "cell, so a cell that holds a comma is read as two"
    )
    assert police.fix == (
        'put that cell in quotes, such as [Police, "Working with fathers, and the rest", 3]'
    )
    assert schools.fix.endswith('[Schools, "Seen alone, in school, at home", 5]')
    assert housing.message == "this row has 2 cells, but the table has 3 columns"


def test_a_row_of_headings_written_without_its_list_is_told_how_to_write_it(
    tmp_path: Path,
) -> None:
    table = {"caption": "C", "columns": ["Phase", "Children"], "rows": [["Primary", 4]]}
    [problem] = problems_of(tmp_path, [{"blocks": [{"table": table}]}])
    assert (
        problem.message == "`columns` is a list of rows of headings, and this is one row on its own"
    )
    assert problem.fix == "put the row in brackets of its own: columns: [[Phase, Children]]"
    assert problem.field == "sections.1.blocks.1.table.columns"
    assert problem.line == line_of(tmp_path, "- Phase")  # where the value starts


def test_a_chart_subset_larger_than_its_parent_is_refused(tmp_path: Path) -> None:
    infants = {"label": "Infants", "count": 19}
    chart = {"title": "T", "bars": [{"label": "Cases", "count": 18, "subsets": [infants]}]}
    [problem] = problems_of(tmp_path, [{"blocks": [{"chart": chart}]}])
    assert problem.message == (
        "the subset 'Infants' (19) is larger than 'Cases' (18), which it is part of"
    )
    assert problem.fix == "correct the figures"
    assert problem.line == line_of(tmp_path, "label: Infants")


def test_a_chart_mixing_counts_and_percentages_is_refused_at_the_bar_that_differs(
    tmp_path: Path,
) -> None:
    """The issue's chart: 50%, 42%, then `count: 1`, which was drawn as a full-width bar."""
    bars = [
        {"label": "Good", "percent": 50},
        {"label": "Requires improvement", "percent": 42},
        {"label": "Not rated", "count": 1},
    ]
    [problem] = problems_of(tmp_path, [{"blocks": [{"chart": {"title": "T", "bars": bars}}]}])
    assert problem.message == (
        "this chart mixes counts and percentages: 'Good' is a percentage (50%) and "
        "'Not rated' a count (1), which cannot be drawn to one scale"
    )
    assert problem.fix.startswith("give every bar a `percent:`, or every bar a `count:`")
    assert problem.field == "sections.1.blocks.1.chart.bars.3"
    assert problem.line == line_of(tmp_path, "label: Not rated")


def test_a_subset_of_the_other_kind_of_figure_is_refused_too(tmp_path: Path) -> None:
    bars = [{"label": "Cases", "count": 18, "subsets": [{"label": "Infants", "percent": 40}]}]
    [problem] = problems_of(tmp_path, [{"blocks": [{"chart": {"title": "T", "bars": bars}}]}])
    assert problem.message.startswith("this chart mixes counts and percentages")
    assert problem.field == "sections.1.blocks.1.chart.bars.1.subsets.1"
    assert problem.line == line_of(tmp_path, "label: Infants")


def test_percentages_of_one_whole_that_add_up_to_more_than_100_are_refused(
    tmp_path: Path,
) -> None:
    """42% typed for 32%: ratings of the same cases cannot add up to 110%."""
    bars = [
        {"label": "Good", "percent": 50},
        {"label": "Requires improvement", "percent": 42},
        {"label": "Inadequate", "percent": 18},
    ]
    [problem] = problems_of(tmp_path, [{"blocks": [{"chart": {"title": "T", "bars": bars}}]}])
    assert problem.message == (
        "the percentages of the bars add up to 110%, more than 100%, the whole they are parts of"
    )
    assert "write `parts_of_one_whole: false` in the chart" in problem.fix
    assert problem.line == line_of(tmp_path, "label: Inadequate")


def test_counts_of_one_whole_may_not_pass_the_total_nor_subsets_their_bar(
    tmp_path: Path,
) -> None:
    over_total = {
        "title": "T",
        "total": 20,
        "bars": [{"label": "A", "count": 12}, {"label": "B", "count": 9}],
    }
    [problem] = problems_of(tmp_path, [{"blocks": [{"chart": over_total}]}])
    assert problem.message.startswith("the counts of the bars add up to 21, more than 20")
    assert problem.line == line_of(tmp_path, "label: B")
    subsets = [{"label": "Infants", "count": 7}, {"label": "Toddlers", "count": 12}]
    over_bar = {"title": "T", "bars": [{"label": "Cases", "count": 18, "subsets": subsets}]}
    [problem] = problems_of(tmp_path, [{"blocks": [{"chart": over_bar}]}])
    assert problem.message.startswith("the counts of the subsets of 'Cases' add up to 19")
    assert problem.field == "sections.1.blocks.1.chart.bars.1.subsets.2"


@pytest.mark.parametrize(
    "bars",
    [
        [
            {"label": "A", "percent": 33},
            {"label": "B", "percent": 33},
            {"label": "C", "percent": 35},
        ],
        [{"label": "Seen alone", "percent": 60}, {"label": "Father involved", "percent": 45}],
    ],
    ids=["rounded to 101", "rates of their own"],
)
def test_rounded_parts_and_rates_of_their_own_are_drawn(bars: list[dict[str, Any]]) -> None:
    """Rounding may take parts to 101; rates of their own say so and may add up to more."""
    own = bars[0]["label"] == "Seen alone"
    chart = Chart.model_validate(
        {"title": "T", "bars": bars, **({"parts_of_one_whole": False} if own else {})}
    )
    rows = view_of(chart, Ids("slug")).data.rows
    assert [row["width"] for row in rows] == [bar["percent"] for bar in bars]


@pytest.mark.parametrize("by", ["Jane", "Sam Patel", "Mrs Hill"])
def test_a_quote_attributed_to_a_name_is_refused(tmp_path: Path, by: str) -> None:
    [problem] = problems_of(tmp_path, [{"blocks": [{"quote": {"text": "Help.", "by": by}}]}])
    assert problem.message == "a quote is attributed by role only, and this looks like a name"
    assert problem.fix.startswith("write the speaker's role instead")
    assert problem.line == line_of(tmp_path, "by:")


@pytest.mark.parametrize("by", ["a mother", "Year 9 pupil", "Social worker", "Mother"])
def test_a_quote_attributed_to_a_role_is_accepted(by: str) -> None:
    assert Quote.model_validate({"text": "Help.", "by": by}).by == by


@pytest.mark.slow
def test_no_heading_level_is_skipped_in_a_section_without_a_heading(tmp_path: Path) -> None:
    """A titled group of findings, or a subsection, in a section without a heading sits
    one level below the title, in the page and in the fragment (whose title is an h2)."""
    project = copy_example(tmp_path / "project", content=False)
    untitled = {
        "blocks": [{"findings": {"title": "What we found", "items": ["Good practice."]}}],
        "subsections": [{"heading": "In more depth", "blocks": [{"paragraphs": "Detail."}]}],
    }
    briefing = {
        "title": "A title",
        "type": "rapid review",
        "published": "2021-03-01",
        "sections": [untitled],
    }
    write_briefing(project, "untitled-section", briefing)
    report = build(load_project(project))
    assert not report.failed, [str(outcome.error) for outcome in report.failed]
    for name in ("index.html", "fragment.html"):
        html = (project / "output" / "untitled-section" / name).read_text()
        levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
        assert levels, name
        steps = [after - before for before, after in itertools.pairwise(levels)]
        assert max(steps) <= 1, (name, levels)


def table_with_cell(tmp_path: Path, written: str) -> Path:
    """A briefing whose table has one cell written as `written`, exactly as typed."""
    file = tmp_path / "briefing.yaml"
    table = "      - table:\n          caption: C\n          columns: [[Agency, Cases]]\n"
    rows = f"          rows:\n            - [Police, 12]\n            - [Health, {written}]\n"
    file.write_text(HEAD + "sections:\n  - heading: H\n    blocks:\n" + table + rows)
    return file


NOT_FIGURES = [".inf", "-.Inf", ".NaN", ".INF", "+.inf", "1e400", "-1e999"]
TOO_LARGE = ["1e16", "-1e16", "10000000000000001", "9" * 38, "-10000000000000001"]


@pytest.mark.parametrize(
    ("written", "said"),
    [(written, "not a figure") for written in NOT_FIGURES]
    + [(written, "more than 1,000,000,000,000,000") for written in TOO_LARGE],
)
def test_a_table_cell_of_infinity_nan_or_a_meaningless_size_is_refused_at_its_line(
    tmp_path: Path, written: str, said: str
) -> None:
    """YAML's .inf and .nan (and 1e400, which is infinity to Python) would print as `inf`
    and `nan`; a figure past a thousand million million means nothing to a reader."""
    file = table_with_cell(tmp_path, written)
    with pytest.raises(ContentError) as caught:
        load_briefing(file)
    [problem] = caught.value.problems
    assert problem.line == line_of(tmp_path, "[Health,")
    assert problem.field == "sections.1.blocks.1.table.rows.2.2"
    assert said in problem.message
    assert "in quotes" in problem.fix


@pytest.mark.parametrize("written", ["1e15", "-1000000000000000", "0.5", "'1,420'", "n/a", "12"])
def test_a_table_cell_of_a_real_figure_or_text_is_kept(tmp_path: Path, written: str) -> None:
    load_briefing(table_with_cell(tmp_path, written))


MAILTO_INJECTIONS = [
    "mailto:team@example.org%0D%0ABcc:harvest@evil.example",
    "mailto:team@example.org?subject=Hi%0d%0aBcc:%20harvest@evil.example",
    "mailto:team@example.org?cc=a@example.org%0A",
    "https://www.example.org/policy%0d%0aSet-Cookie:%20taken",
    "https://www.example.org/policy%00.pdf",
]


@pytest.mark.parametrize("url", MAILTO_INJECTIONS)
def test_a_control_character_in_a_resource_address_is_refused_at_its_line(
    tmp_path: Path, url: str
) -> None:
    resources = {"resources": [{"title": "Policy", "url": url}]}
    [problem] = problems_of(tmp_path, [{"heading": "Read more", "blocks": [resources]}])
    assert problem.field == "sections.1.blocks.1.resources.1.url"
    assert problem.line == line_of(tmp_path, "url:")
    assert "line break or another control character" in problem.message


def test_line_breaks_in_a_mailto_links_body_are_its_text_and_kept() -> None:
    """RFC 6068 writes the line breaks of a prefilled message's body as %0D%0A: the body is
    the message's text, not a header."""
    url = "mailto:team@example.org?subject=Referral&body=Child%3A%0D%0AConcern%3A"
    resource = Resource.model_validate({"title": "Email the team", "url": url})
    assert str(resource.url).endswith("body=Child%3A%0D%0AConcern%3A")


@pytest.mark.parametrize(
    "email", ["frontdoor@example.gov.uk%0D%0ABcc:harvest@evil.example", "front\ndoor@example.org"]
)
def test_a_control_character_in_a_contacts_email_is_refused(tmp_path: Path, email: str) -> None:
    """The contact's address becomes a mailto: link."""
    contacts = {"contacts": [{"team": "Front door", "email": email}]}
    [problem] = problems_of(tmp_path, [{"heading": "Who to call", "blocks": [contacts]}])
    assert problem.field == "sections.1.blocks.1.contacts.1.email"
    assert "line break or another control character" in problem.message


RICH_TABLE: dict[str, Any] = {
    "caption": "Cases",
    "subtitle": "April to **March**",
    "columns": [["Case", "Agencies", "Children"]],
    "rows": [["Case 1", "- Police\n- School\n", 1420], ["Case 2", "One.\n\nTwo.", 12]],
}


def test_a_cell_of_points_is_a_list_and_a_cell_of_one_line_stays_a_line() -> None:
    """A cell of two points printed "- Police - School" as text before."""
    view = view_of(Table.model_validate(RICH_TABLE), Ids("s")).data
    [first, second] = view.rows
    assert [cell["html"] for cell in first["cells"]] == [
        "Case 1",
        "<ul>\n<li>Police</li>\n<li>School</li>\n</ul>",
        "1,420",
    ]
    assert second["cells"][1]["html"] == "<p>One.</p>\n<p>Two.</p>"
    assert [cell["heading"] for cell in first["cells"]] == [True, False, False]
    assert [cell["numeric"] for cell in first["cells"]] == [False, False, True]
    assert view.subtitle == "April to <strong>March</strong>"


def test_the_words_of_a_cell_of_points_are_its_points_without_their_markers() -> None:
    """The parity check reads the PDF and the page as a reader sees them: no "- "."""
    words = Table.model_validate(RICH_TABLE).words()
    assert {"Police", "School", "One.", "Two.", "April to March"} <= set(words)
    assert not [word for word in words if word.startswith("- ")]


def test_a_first_column_of_content_is_not_a_row_of_headings() -> None:
    table = Table.model_validate({**RICH_TABLE, "row_headings": False})
    view = view_of(table, Ids("s")).data
    assert [cell["heading"] for row in view.rows for cell in row["cells"]] == [False] * 6


def test_relative_widths_are_shares_of_the_table() -> None:
    table = Table.model_validate({**RICH_TABLE, "widths": [1, 2.5, 1.5]})
    assert view_of(table, Ids("s")).data.widths == ["20.00%", "50.00%", "30.00%"]


@pytest.mark.parametrize(
    ("widths", "said"),
    [([1, 2], "`widths` gives 2 widths, but the table has 3 columns"), ([1, 0, 2], "at least")],
)
def test_widths_that_do_not_fit_the_columns_are_refused_at_their_line(
    tmp_path: Path, widths: list[int], said: str
) -> None:
    table = {**RICH_TABLE, "widths": widths}
    [problem] = problems_of(tmp_path, [{"heading": "H", "blocks": [{"table": table}]}])
    assert said in problem.message
    assert problem.field.startswith("sections.1.blocks.1.table.widths")
    # safe_dump writes the list a width a line: the count is told at the first, a 0 at itself
    assert problem.line == line_of(tmp_path, "widths:") + (2 if 0 in widths else 1)


def test_tables_and_figures_are_numbered_in_reading_order_where_the_briefing_says(
    tmp_path: Path,
) -> None:
    chart = {"title": "Ages", "bars": [{"label": "Under 1", "percent": 40}]}
    image = {"file": "assets/a.png", "alt": "A home."}
    sections = [
        {"heading": "One", "blocks": [{"table": RICH_TABLE}, {"chart": chart}]},
        {
            "heading": "Two",
            "blocks": [{"table": {**RICH_TABLE, "caption": "More"}}, {"image": image}],
        },
    ]
    sections = json.loads(json.dumps(sections))  # no object twice: YAML aliases are refused
    numbered = HEAD + yaml.safe_dump(
        {"numbering": {"tables": True, "figures": True}, "sections": sections}
    )
    (tmp_path / "numbered.yaml").write_text(numbered)
    (tmp_path / "plain.yaml").write_text(HEAD + yaml.safe_dump({"sections": sections}))
    folders = [builtin_theme()]

    def numbers(name: str) -> list[str | None]:
        view = present(load_briefing(tmp_path / name).briefing, "s", CONFIG, folders)
        return [
            block.data.number
            for section in view.sections
            for block in section.blocks
            if block.kind in ("table", "chart", "image")
        ]

    assert numbers("numbered.yaml") == ["Table 1", "Figure 1", "Table 2", "Figure 2"]
    assert numbers("plain.yaml") == [None, None, None, None]


@pytest.mark.parametrize(
    ("image", "field", "said"),
    [
        ({"file": "assets/a.png"}, "file", "no text alternative"),
        ({"file": "assets/a.png", "alt": "A home.", "decorative": True}, "alt", "never be read"),
        ({"file": "../secret.png", "alt": "A home."}, "file", "assets/ folder"),
        ({"file": "/etc/a.png", "alt": "A home."}, "file", "assets/ folder"),
        ({"file": "photos/a.png", "alt": "A home."}, "file", "write assets/a.png"),
        ({"file": "assets/a.gif", "alt": "A home."}, "file", "PNG, a JPEG or an SVG"),
        ({"file": "assets/a.png", "alt": "A home.", "width": 10}, "width", "at least 20"),
    ],
)
def test_an_image_is_described_or_decorative_and_comes_from_assets(
    tmp_path: Path, image: dict[str, Any], field: str, said: str
) -> None:
    [problem] = problems_of(tmp_path, [{"heading": "H", "blocks": [{"image": image}]}])
    assert said in problem.message
    assert problem.field == f"sections.1.blocks.1.image.{field}"
    assert problem.line == line_of(tmp_path, f"{field}:")


def test_a_decorative_image_has_no_alt_and_a_described_one_its_words() -> None:
    decorative = view_of(Image(file="assets/a.png", decorative=True), Ids("s")).data
    assert (decorative.alt, decorative.decorative) == ("", True)
    described = Image(file="assets/a.png", alt="A home.", caption="At *home*.", credit="Me")
    view = view_of(described, Ids("s")).data
    assert (view.alt, view.caption, view.credit, view.width) == (
        "A home.",
        "At <em>home</em>.",
        "Me",
        100,
    )
    assert described.words() == ["At home.", "Me"]  # the alt is no text a reader sees
