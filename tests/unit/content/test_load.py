"""Loading YAML: every mistake becomes a plain-English problem with its line and a fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefgen.content.load import load_briefing
from briefgen.content.model import Briefing
from briefgen.errors import ContentError, Problem
from tests.support.project import SEED
from tests.support.text import VALID


def problems_of(tmp_path: Path, text: str | bytes, name: str = "briefing.yaml") -> list[Problem]:
    file = tmp_path / name
    if isinstance(text, str):
        file.write_text(text, encoding="utf-8")
    else:
        file.write_bytes(text)
    with pytest.raises(ContentError) as caught:
        load_briefing(file)
    return list(caught.value.problems)


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


def test_the_seed_loads_with_every_part() -> None:
    briefing = load_briefing(SEED).briefing
    assert briefing.published == dt.date(2020, 5, 1)  # May 2020, written as a month
    assert briefing.published.shown == "May 2020"
    assert [len(group.items) for group in briefing.findings] == [4, 6]
    assert briefing.practice is not None
    assert len(briefing.practice.questions) == 4
    assert [resource.title for resource in briefing.resources] == [
        "WSSCP Escalation Policy",
        "Information Sharing Agreement",
    ]
    assert briefing.method is not None
    assert briefing.method.cohort is not None
    assert briefing.method.cohort.total == 20


def test_a_valid_minimal_briefing_loads(tmp_path: Path) -> None:
    file = tmp_path / "ok.yaml"
    file.write_text(VALID)
    assert load_briefing(file).briefing.title == "A title"


def test_a_misspelt_key_names_the_line_and_suggests_the_right_one(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, VALID.replace("key_message:", "key_mesage:")))
    assert (problem.line, problem.column) == (13, 1)
    assert problem.message == "unknown field `key_mesage`"
    assert problem.fix == "did you mean `key_message`?"


def test_a_misspelt_nested_key_suggests_from_its_own_group(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, VALID.replace("    items:", "    itmes:"))
    unknown = next(p for p in problems if p.message.startswith("unknown"))
    assert unknown.line == 7
    assert unknown.field == "findings.1.itmes"
    assert unknown.fix == "did you mean `items`?"


def test_a_key_with_no_close_match_lists_the_allowed_ones(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, VALID + "colour: blue\n"))
    assert problem.message == "unknown field `colour`"
    assert problem.fix.startswith("remove it, or use one of: title, type, audience, published")


def test_a_wrong_type_says_what_was_expected_with_an_example(tmp_path: Path) -> None:
    problem = only(
        problems_of(tmp_path, VALID.replace("published: 2021-03-01", "published: March 2021"))
    )
    assert (problem.line, problem.column) == (3, 12)
    assert problem.message == "`published` should be a date"
    assert problem.value == "March 2021"
    assert problem.fix == "write it as YYYY-MM-DD, for example 2020-05-01"


def test_a_number_where_text_is_expected(tmp_path: Path) -> None:
    problem = only(
        problems_of(tmp_path, VALID.replace("key_message: Remember.", "key_message: 42"))
    )
    assert problem.message == "`key_message` should be text"
    assert problem.fix.startswith("write text, in quotes if it starts with a number")


def test_a_value_outside_the_allowed_list_lists_them(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, VALID.replace("kind: strengths", "kind: strength")))
    assert problem.message == "`strength` is not one of the allowed values of `kind`"
    assert problem.fix == "use one of: strengths, areas to strengthen, other"


def test_the_type_is_free_text_with_the_common_types_suggested(tmp_path: Path) -> None:
    file = tmp_path / "briefing.yaml"
    file.write_text(VALID.replace("type: rapid review", "type: learning newsletter"))
    assert load_briefing(file).briefing.type == "learning newsletter"
    schema = Briefing.model_json_schema()["properties"]["type"]
    assert "rapid review" in schema["examples"]
    assert "'7-minute briefing'" in schema["description"]


def test_a_missing_required_field_is_named_with_an_example(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, VALID.replace("title: A title\n", "")))
    assert problem.message == "`title` is missing"
    assert problem.fix == "add `title: Children under two with repeated contacts and referrals`"
    assert problem.line == 1


def test_a_missing_nested_field_points_at_its_group(tmp_path: Path) -> None:
    text = VALID.replace("  questions:\n    - Do I ask?\n", "")
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "`questions` is missing"
    assert problem.field == "practice.questions"
    assert problem.line == 9  # at `practice:`, where the editor also says it


def test_a_duplicate_key_is_an_error_not_silently_dropped_data(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, VALID + "title: Another title\n"))
    assert (problem.line, problem.column) == (14, 1)
    assert problem.message.startswith("`title` is given twice (first on line 1)")
    assert problem.fix == "remove one of the two `title` lines, or merge them"


def test_every_mistake_of_a_file_is_reported_in_one_run(tmp_path: Path) -> None:
    text = (
        VALID.replace("type: rapid review", "type: [audit]")
        .replace("published: 2021-03-01", "published: soon")
        .replace("key_message:", "key_mesage:")
    )
    problems = problems_of(tmp_path, text)
    assert [problem.line for problem in problems] == [2, 3, 13]
    messages = {problem.message for problem in problems}
    assert "`published` should be a date" in messages
    assert "unknown field `key_mesage`" in messages
    assert "`type` should be text" in messages


def test_a_tab_in_the_indentation(tmp_path: Path) -> None:
    problem = only(
        problems_of(tmp_path, VALID.replace("  - kind: strengths", "\t- kind: strengths"))
    )
    assert (problem.line, problem.column) == (6, 1)
    assert problem.message == "a tab is used for indentation"
    assert problem.fix.startswith("YAML needs spaces")


def test_an_unclosed_quote(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, VALID.replace("title: A title", 'title: "A title')))
    assert problem.message == "a quotation mark is opened but never closed"


def test_a_colon_inside_unquoted_text(tmp_path: Path) -> None:
    problem = only(
        problems_of(tmp_path, VALID.replace("title: A title", "title: Audit: part: two"))
    )
    assert problem.line == 1
    assert problem.message == "a colon (:) stands where YAML does not expect one"
    assert "put the whole text in quotes" in problem.fix


def test_bad_indentation(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, VALID.replace("  questions:", "   questions:")))
    assert problem.line == 11
    assert "indent" in problem.fix


def test_aliases_are_refused(tmp_path: Path) -> None:
    text = VALID.replace("title: A title", "title: &name A title").replace(
        "key_message: Remember.", "key_message: *name"
    )
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "aliases (*name) are not allowed in briefgen files"
    assert problem.line == 13


def test_python_tags_are_refused(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, VALID + "extra: !!python/object:os.system {}\n"))
    assert problem.message == "the YAML tag !!python/object:os.system is not allowed"


def test_a_key_that_is_not_text(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, VALID + "2020: year\n"))
    assert problem.message == "the key 2020 is not a field name"


def test_an_empty_file(tmp_path: Path) -> None:
    assert only(problems_of(tmp_path, "")).message == "the file is empty"


def test_a_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, "- just\n- a list\n"))
    assert problem.message.startswith("the file must be a set of fields")


def test_invalid_utf8_is_located(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, VALID.encode().replace(b"Why we", b"Why \xff we")))
    assert problem.message == "the file is not UTF-8 text"
    assert (problem.line, problem.column) == (4, 19)


def test_invalid_utf8_is_located_as_an_editor_counts_after_a_bom_and_accents(
    tmp_path: Path,
) -> None:
    """The column counts characters, not bytes (é is two), and a byte-order mark (three
    bytes that are no character) moves nothing: the editor's line 4, column 26."""
    text = "\ufeff" + VALID.replace("Why we", "Café é Why \udcff we")
    raw = text.encode("utf-8", "surrogateescape")  # the lone \udcff becomes the byte 0xff
    problem = only(problems_of(tmp_path, raw))
    assert problem.message == "the file is not UTF-8 text"
    assert (problem.line, problem.column) == (4, 26)


def test_a_byte_order_mark_and_crlf_line_ends_are_fine(tmp_path: Path) -> None:
    file = tmp_path / "windows.yaml"
    file.write_bytes(b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode())
    assert load_briefing(file).briefing.key_message == "Remember."


def test_deep_nesting_is_refused_without_recursion(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, "title: " + "[" * 5000 + "]" * 5000 + "\n"))
    assert problem.message == "the content is nested more than 30 levels deep"


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    file = tmp_path / "huge.yaml"
    with file.open("wb") as handle:
        handle.truncate(50_000_000)
    with pytest.raises(ContentError) as caught:
        load_briefing(file)
    assert caught.value.problems[0].message.startswith("the file is 50 MB")


def test_cohort_percentages_must_add_up(tmp_path: Path) -> None:
    text = VALID + (
        "method:\n  text: How.\n  cohort:\n    total: 20\n    breakdowns:\n"
        "      - title: Outcome\n        groups:\n"
        "          - {label: A, percent: 60}\n          - {label: B, percent: 30}\n"
    )
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "the percentages add up to 90, not 100"
    assert problem.fix == "correct them so they add up"
    assert problem.line == 19


def test_cohort_counts_must_match_the_total(tmp_path: Path) -> None:
    text = VALID + (
        "method:\n  text: How.\n  cohort:\n    total: 20\n    breakdowns:\n"
        "      - title: Outcome\n        groups:\n"
        "          - {label: A, count: 12}\n          - {label: B, count: 9}\n"
    )
    problem = only(problems_of(tmp_path, text))
    assert problem.message == (
        "the counts of breakdown 1 ('Outcome') add up to 21, but the total is 20"
    )


# --- The same types as the editor: YAML 1.2, strict numbers, booleans and dates ---------------

COHORT = (
    "method:\n  text: How.\n  cohort:\n    total: {total}\n    breakdowns:\n"
    "      - title: Outcome\n        groups:\n"
    "          - {{label: A, {first}}}\n          - {{label: B, count: 12}}\n"
)


def with_cohort(total: str = "20", first: str = "count: 8") -> str:
    return VALID + COHORT.format(total=total, first=first)


@pytest.mark.parametrize(("written", "answer"), [("yes", "true"), ("on", "true"), ("no", "false")])
def test_fit_yes_is_refused_and_told_to_write_true(
    tmp_path: Path, written: str, answer: str
) -> None:
    problem = only(problems_of(tmp_path, VALID + f"fit: {written}\n"))
    assert (problem.line, problem.column) == (14, 6)
    assert problem.message == f"`fit` should be true or false, not `{written}`"
    assert problem.fix.startswith(f"write {answer}: `fit: {answer}`")


def test_fit_true_is_a_boolean(tmp_path: Path) -> None:
    file = tmp_path / "fit.yaml"
    file.write_text(VALID + "fit: True\n")
    assert load_briefing(file).briefing.fit is True


def test_a_count_in_quotes_is_refused(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, with_cohort(total='"20"')))
    assert (problem.line, problem.field) == (17, "method.cohort.total")
    assert problem.message == "`total` should be a whole number, not text in quotes"
    assert problem.fix == "write the number without quotes: `total: 20`"
    assert problem.value == '"20"'


def test_true_is_not_a_cohort_of_one(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, with_cohort(total="true")))
    assert problem.message == "`total` should be a whole number, not `true`"
    assert problem.value == "true"


def test_a_whole_number_written_with_a_point_is_a_number_as_in_the_editor(
    tmp_path: Path,
) -> None:
    file = tmp_path / "point.yaml"
    file.write_text(with_cohort(total="20.0"))
    cohort = load_briefing(file).briefing.method.cohort  # type: ignore[union-attr]
    assert cohort is not None
    assert cohort.total == 20


def test_a_cohort_has_at_most_a_million(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, with_cohort(total="9" * 99)))
    assert problem.message == "`total` must be at most 1,000,000"


def test_a_401_digit_total_is_refused_when_read(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, with_cohort(total="9" * 401)))
    assert problem.message.endswith("is written like a number, but it is too long to be one")
    assert problem.line == 17


def test_a_count_in_quotes_in_a_breakdown_is_refused(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, with_cohort(first='count: "8"')))
    assert problem.field == "method.cohort.breakdowns.1.groups.1.count"
    assert problem.message == "`count` should be a whole number, not text in quotes"


@pytest.mark.parametrize("written", [".nan", ".inf", "-.inf", ".NaN"])
def test_nan_and_infinity_are_not_numbers(tmp_path: Path, written: str) -> None:
    text = with_cohort(first=f"percent: {written}").replace("count: 12", "percent: 60")
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "`percent` is not a number"
    assert problem.fix == "write a number, such as `percent: 40` (.nan and .inf are not numbers)"
    assert problem.value == written.lower()


def test_a_percentage_in_quotes_is_refused(tmp_path: Path) -> None:
    text = with_cohort(first='percent: "40"').replace("count: 12", "percent: 60")
    assert only(problems_of(tmp_path, text)).message == "`percent` should be a number"


@pytest.mark.parametrize(
    "written", ["12/05/2024", "1588291200", "2020-05-01T10:00:00", "'2020-5-1'"]
)
def test_a_date_not_written_as_yyyy_mm_dd_is_refused(tmp_path: Path, written: str) -> None:
    problem = only(problems_of(tmp_path, VALID.replace("2021-03-01", written)))
    assert (problem.line, problem.column) == (3, 12)
    assert problem.message == "`published` should be a date"


def test_a_date_that_does_not_exist(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, VALID.replace("2021-03-01", "2021-02-30")))
    assert problem.message == "`published`: there is no such date as 2021-02-30"


def test_a_date_in_quotes_is_a_date_as_in_the_editor(tmp_path: Path) -> None:
    file = tmp_path / "quoted.yaml"
    file.write_text(VALID.replace("2021-03-01", '"2021-03-01"'))
    assert load_briefing(file).briefing.published == dt.date(2021, 3, 1)


def test_the_fix_for_a_missing_section_is_yaml(tmp_path: Path) -> None:
    text = VALID.replace("practice:\n", "method:\n  cohort:\n    total: 3\npractice:\n")
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "`text` is missing"
    assert problem.fix == (
        "add `text: The sample was drawn from children referred between July and December 2019.`"
    )
    assert "{" not in problem.fix


def test_a_value_is_shown_as_yaml_writes_it(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, VALID.replace("Remember.", "[Remember, this]")))
    assert problem.message == "`key_message` should be text"
    assert problem.value == "[Remember, this]"  # not Python's ['Remember', 'this']


def test_a_summary_of_two_paragraphs_is_refused_at_its_line_with_the_fix(tmp_path: Path) -> None:
    """A summary is the line under the title and the description of the page: a second
    paragraph would be run into the first there, so it is refused, not merged."""
    text = VALID.replace(
        "key_message:", 'summary: "The first paragraph.\\n\\nThe second."\nkey_message:'
    )
    problem = only(problems_of(tmp_path, text))
    assert problem.field == "summary"
    assert problem.line is not None
    assert problem.message.startswith("this is shown as one paragraph")
    assert problem.fix.startswith("join the paragraphs into one")
