"""Reading YAML as YAML 1.2, as the editor's language server reads it, with positions."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from briefgen.content.yaml_reader import _SYNTAX, dump_flow, dump_yaml, read_yaml
from briefgen.errors import ContentError


def value_of(tmp_path: Path, written: str) -> Any:
    file = tmp_path / "value.yaml"
    file.write_text(f"value: {written}\n", encoding="utf-8")
    return read_yaml(file).data["value"]


@pytest.mark.parametrize("written", ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "On"])
def test_yaml_1_1_booleans_are_text(tmp_path: Path, written: str) -> None:
    assert value_of(tmp_path, written) == written


@pytest.mark.parametrize(
    ("written", "expected"),
    [("true", True), ("True", True), ("TRUE", True), ("false", False), ("FALSE", False)],
)
def test_only_true_and_false_are_booleans(tmp_path: Path, written: str, expected: bool) -> None:
    assert value_of(tmp_path, written) is expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("017", 17),  # YAML 1.1 (PyYAML alone): octal 15
        ("0o17", 15),  # YAML 1.1: the text "0o17"
        ("0x1F", 31),
        ("-12", -12),
        ("1:20", "1:20"),  # YAML 1.1: sexagesimal, 80
        ("1_000", "1_000"),  # YAML 1.1: 1000
        ("0b101", "0b101"),  # YAML 1.1: 5
        ("1e3", 1000.0),  # YAML 1.1: the text "1e3"
        ("2.5", 2.5),
        ("2020-05-01", "2020-05-01"),  # YAML 1.1: a date; the model reads it as one
        ("~", None),
        ("null", None),
        ("", None),
        ("'6'", "6"),
    ],
)
def test_numbers_nulls_and_dates_read_as_yaml_1_2(
    tmp_path: Path, written: str, expected: Any
) -> None:
    value = value_of(tmp_path, written)
    assert value == expected
    assert type(value) is type(expected)


def test_infinity_and_not_a_number(tmp_path: Path) -> None:
    assert value_of(tmp_path, ".inf") == math.inf
    assert value_of(tmp_path, "-.Inf") == -math.inf
    assert math.isnan(value_of(tmp_path, ".nan"))


def test_yes_as_a_key_is_a_name_not_a_boolean(tmp_path: Path) -> None:
    file = tmp_path / "keys.yaml"
    file.write_text("yes: 1\non: 2\n", encoding="utf-8")
    assert read_yaml(file).data == {"yes": 1, "on": 2}


def test_dumped_yaml_reads_back_the_same(tmp_path: Path) -> None:
    data = {
        "published": "2020-05-01",
        "answer": "yes",
        "number as text": "20",
        "flag": "true",
        "fit": True,
        "groups": [{"label": "A: first", "count": 8}],
    }
    written = dump_yaml(data)
    assert "published: 2020-05-01\n" in written  # written as an auditor would, unquoted
    assert "answer: yes\n" in written
    assert "  - label: 'A: first'\n" in written  # lists indented under their key
    file = tmp_path / "dumped.yaml"
    file.write_text(written, encoding="utf-8")
    assert read_yaml(file).data == data


def test_a_value_on_one_line_is_written_as_yaml() -> None:
    written = dump_flow(["Good practice.", True, None, math.nan])
    assert written == "[Good practice., true, null, .nan]"
    assert dump_flow(object) == str(object)  # not plain data: no YAML spelling, no crash


# A file that meets each of PyYAML's syntax errors that briefgen words in plain English.
SYNTAX_SAMPLES = {
    "a tab is used for indentation": "title: A\nfindings:\n\t- kind: x\n",
    "a colon (:) stands where YAML does not expect one": "title: A: B: c\n",
    "a line is missing its colon, or is not indented like the lines around it": (
        "title: A\nsummary\ntype: b\n"
    ),
    "a quotation mark is opened but never closed": 'title: "A\n',
    "the indentation is off: this line does not line up with the fields around it": (
        "method:\n  text: How.\n cohort: b\n"
    ),
    "a list is not written the way YAML expects": "themes: - neglect\n",
    "a list or group written in brackets is not closed, or holds a character YAML reserves": (
        "themes: [a, b\ntitle: x\n"
    ),
    "the file holds more than one document (a line with ---)": "title: A\n---\ntitle: B\n",
    "a value starts with a character YAML reserves": "title: @home\n",
}


def test_every_syntax_message_has_a_file_that_meets_it() -> None:
    assert [message for _, message, _ in _SYNTAX] == list(SYNTAX_SAMPLES)


@pytest.mark.parametrize(("message", "text"), SYNTAX_SAMPLES.items(), ids=range(9))
def test_pyyaml_still_words_each_syntax_error_as_briefgen_expects(
    tmp_path: Path, message: str, text: str
) -> None:
    """briefgen matches PyYAML's own wording: a release that rewords one fails here."""
    file = tmp_path / "briefing.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_yaml(file)
    assert [problem.message for problem in caught.value.problems] == [message]


@pytest.mark.parametrize("text", ["[a, b]\nc: 1\n", "a:\n  - b\n - c\n", "a: ]\n"])
def test_other_shapes_of_a_misplaced_line_are_told_in_words(tmp_path: Path, text: str) -> None:
    """PyYAML's wordings that libyaml's patterns once stood for (`did not find expected
    node content`, `expected <document start>` without its quotes) never matched."""
    file = tmp_path / "briefing.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_yaml(file)
    assert not caught.value.problems[0].message.startswith("the YAML cannot be read")
