"""The JSON Schemas for editors: generated from the models, committed, and never stale."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from briefgen.content.load import load_briefing
from briefgen.content.schema import SCHEMAS, schema_of, schema_text
from briefgen.errors import ContentError
from tests.support.lsp import Diagnostic, LanguageServer, yaml_language_server
from tests.support.project import REPOSITORY, SEED, Runner

COMMITTED = REPOSITORY / "schema"
EXAMPLES = sorted((REPOSITORY / "content").glob("*.yaml"))


def as_json(path: Path) -> Any:
    """A YAML file's data as an editor sees it: dates are strings."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_the_committed_schema_is_not_stale(name: str) -> None:
    committed = (COMMITTED / name).read_text()
    assert committed == schema_text(SCHEMAS[name]), "run `briefgen schema` and commit schema/"


@pytest.mark.parametrize("example", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_the_schema_validates_every_example(example: Path) -> None:
    schema = json.loads((COMMITTED / "briefing.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(as_json(example))


def test_the_schema_validates_the_project_configuration() -> None:
    schema = json.loads((COMMITTED / "briefgen.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(as_json(REPOSITORY / "briefgen.yaml"))


def test_the_schema_rejects_a_misspelt_key_and_suggests_the_right_one() -> None:
    schema = json.loads((COMMITTED / "briefing.schema.json").read_text())
    data = as_json(SEED)
    data["key_mesage"] = data.pop("key_message")
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert [error.schema.get("errorMessage") for error in errors] == [
        "Not a field here: did you mean key_message?"
    ]


def test_the_schema_requires_a_field_that_is_missing_without_a_typo() -> None:
    schema = json.loads((COMMITTED / "briefing.schema.json").read_text())
    data = as_json(SEED)
    del data["title"]
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert [error.message for error in errors] == ["'title' is a required property"]
    assert errors[0].schema["errorMessage"].startswith("title is missing: add it.")


@pytest.mark.parametrize(
    ("data", "expected"),
    [({"fit": "yes"}, False), ({"fit": True}, True), ({"total": "6"}, False)],
)
def test_the_schema_types_values_as_check_does(data: dict[str, Any], expected: bool) -> None:
    schema = json.loads((COMMITTED / "briefing.schema.json").read_text())
    example = as_json(SEED)
    if "total" in data:
        example["method"]["cohort"].update(data)
    else:
        example.update(data)
    assert jsonschema.Draft202012Validator(schema).is_valid(example) is expected


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_field_has_a_description_and_an_example(name: str) -> None:
    schema = schema_of(SCHEMAS[name])
    holders = [schema, *schema.get("$defs", {}).values()]
    bare = [
        field
        for holder in holders
        for field, prop in holder.get("properties", {}).items()
        if not prop.get("description") or not prop.get("examples")
    ]
    assert bare == []


def test_new_points_the_editor_at_the_schema(empty_project: Path, briefgen_main: Runner) -> None:
    assert briefgen_main("new", "demo", "--project", empty_project).code == 0
    first_line = (empty_project / "content" / "demo.yaml").read_text().splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schema/briefing.schema.json"
    written = empty_project / "schema" / "briefing.schema.json"
    assert written.read_text() == schema_text(SCHEMAS["briefing.schema.json"])


def test_the_schema_command_writes_both(empty_project: Path, briefgen_main: Runner) -> None:
    result = briefgen_main("schema", "--project", empty_project)
    assert result.code == 0
    assert "schema/briefing.schema.json" in result.out
    assert (empty_project / "schema" / "briefgen.schema.json").is_file()


# --- What the editor underlines: the real yaml-language-server, over its stdio protocol ------

MISTAKES = """\
title: A title
type: rapid review
published: 12/05/2024
introduction: Why we looked.
findings:
  - kind: strengths
    itmes:
      - Good practice.
practice:
  instruction: Discuss it.
  questions:
    - Do I ask?
key_mesage: Remember.
fit: yes
method:
  text: How.
  cohort:
    total: "6"
colour: blue
page_budget: 017
"""
# Line of each mistake above: the words the editor must say there, in plain English.
UNDERLINED = {
    3: "Write the date as it is to be shown: YYYY-MM-DD for a day",
    7: "Not a field here: did you mean items?",
    13: "Not a field here: did you mean key_message?",
    14: "Write true or false",
    18: "Write a whole number, without quotes",
    19: "The fields here are: title, type, audience, published",
    20: "Value is above the maximum of 8",  # 017 is seventeen in YAML 1.2, in both
}
# The server's own wording, for programmers, that the schema's messages replace.
JARGON = ("Incorrect type", "RFC3339", "integer", "null", "Missing property", "is not allowed")


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LanguageServer, Path]]:
    """yaml-language-server with the committed schema applied to a folder's YAML files."""
    folder = tmp_path_factory.mktemp("editor")
    with yaml_language_server(COMMITTED / "briefing.schema.json", f"{folder}/*.yaml") as server:
        yield server, folder


def underlined(editor: tuple[LanguageServer, Path], name: str, text: str) -> list[Diagnostic]:
    server, folder = editor
    document = folder / name
    assert not document.exists(), "the server keeps a document it has opened: use a new name"
    document.write_text(text, encoding="utf-8")
    return server.diagnostics(document)


@pytest.mark.slow
def test_the_editor_says_each_mistake_in_plain_english_at_its_line(
    editor: tuple[LanguageServer, Path],
) -> None:
    diagnostics = underlined(editor, "mistakes.yaml", MISTAKES)
    by_line = {diagnostic.line: diagnostic.message for diagnostic in diagnostics}
    assert sorted(by_line) == sorted(UNDERLINED), diagnostics
    for line, words in UNDERLINED.items():
        assert words in by_line[line]
        assert not any(jargon in by_line[line] for jargon in JARGON), by_line[line]


def test_the_editor_points_a_common_word_to_its_field_as_check_does(
    editor: tuple[LanguageServer, Path], empty_project: Path, briefgen_main: Runner
) -> None:
    text = MISTAKES.replace("published: 12/05/2024", "date: 2024-05-12\npublished: 2024-05")
    diagnostics = underlined(editor, "common.yaml", text)
    assert [(d.line, d.message) for d in diagnostics if d.line == 3] == [
        (3, "Not a field here: did you mean published?")
    ]
    (empty_project / "content" / "common.yaml").write_text(text, encoding="utf-8")
    result = briefgen_main("check", "--project", empty_project)
    assert "common.yaml:3:1: error: unknown field `date`" in result.err
    assert "did you mean `published`?" in result.err


def test_check_finds_the_same_mistakes_at_the_same_lines(
    editor: tuple[LanguageServer, Path], empty_project: Path, briefgen_main: Runner
) -> None:
    (empty_project / "content" / "mistakes.yaml").write_text(MISTAKES, encoding="utf-8")
    result = briefgen_main("check", "--project", empty_project)
    lines = {int(line) for line in re.findall(r"mistakes\.yaml:(\d+):\d+: error", result.err)}
    assert result.code == 1
    assert lines == set(UNDERLINED)
    assert "write true: `fit: true`" in result.err
    editor_lines = {d.line for d in underlined(editor, "same.yaml", MISTAKES)}
    assert editor_lines == lines


def test_a_missing_field_is_named_at_its_group_by_both(
    editor: tuple[LanguageServer, Path], empty_project: Path, briefgen_main: Runner
) -> None:
    text = MISTAKES.replace("title: A title\ntype:", "audience: Everyone\ntype:")
    text = text.replace("  questions:\n    - Do I ask?\n", "")
    diagnostics = underlined(editor, "missing.yaml", text)
    missing = sorted((d.line, d.message) for d in diagnostics if "missing" in d.message)
    assert missing == [
        (1, "title is missing: add it. The briefing's title, in sentence case."),
        (
            9,
            "questions is missing: add it. Reflective questions, in the first person, to "
            "discuss in supervision.",
        ),
    ]
    (empty_project / "content" / "missing.yaml").write_text(text, encoding="utf-8")
    result = briefgen_main("check", "--project", empty_project)
    assert "missing.yaml:1:1: error: `title` is missing" in result.err
    assert "missing.yaml:9:1: error: `questions` is missing" in result.err


@pytest.mark.parametrize("example", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_the_editor_underlines_nothing_in_the_examples(
    editor: tuple[LanguageServer, Path], example: Path
) -> None:
    """Each example names the committed schema on its first line, as `briefgen new` writes."""
    server, _ = editor
    assert server.diagnostics(example) == []


def test_hovering_a_field_shows_the_values_to_write_as_code(
    editor: tuple[LanguageServer, Path],
) -> None:
    server, folder = editor
    underlined(editor, "hover.yaml", MISTAKES)  # opens it
    shown = server.hover(folder / "hover.yaml", 2, 2)
    assert "the common ones are `multi-agency audit`, `single-agency audit`" in shown


def test_the_editor_underlines_nothing_in_the_project_settings(
    editor: tuple[LanguageServer, Path],
) -> None:
    server, _ = editor
    assert server.diagnostics(REPOSITORY / "briefgen.yaml") == []


def test_the_editor_and_check_refuse_a_heading_level_in_quotes(
    editor: tuple[LanguageServer, Path], empty_project: Path, briefgen_main: Runner
) -> None:
    settings = empty_project / "briefgen.yaml"
    settings.write_text(
        settings.read_text().replace("heading_level: 2", 'heading_level: "2"'), encoding="utf-8"
    )
    lines = settings.read_text().splitlines()
    line = next(number for number, text in enumerate(lines, 1) if 'heading_level: "2"' in text)
    server, _ = editor
    schema_folder = empty_project / "schema"
    schema_folder.mkdir(exist_ok=True)
    (schema_folder / "briefgen.schema.json").write_bytes(
        (COMMITTED / "briefgen.schema.json").read_bytes()
    )
    diagnostics = server.diagnostics(settings)
    assert [(d.line, d.message) for d in diagnostics] == [
        (line, "Write a whole number, without quotes, such as 2.")
    ]
    result = briefgen_main("check", "--project", empty_project)
    assert f"briefgen.yaml:{line}:" in result.err
    assert "`heading_level` should be a whole number, not text in quotes" in result.err


BASE = """\
title: A title
type: rapid review
published: 2021-03-01
introduction: Why we looked.
method:
  text: How.
  cohort:
    total: 20
    breakdowns:
      - title: Outcome
        groups:
          - {label: A, percent: 40}
          - {label: B, percent: 60}
findings:
  - kind: strengths
    items:
      - Good practice.
practice:
  instruction: Discuss it.
  questions:
    - Do I ask?
key_message: Remember.
fit: false
"""
# One change to BASE each, and the line both the editor and check must flag (None: neither).
# Not here: `percent: .nan`, which check refuses but JSON Schema cannot (NaN is no JSON value,
# and passes every minimum and maximum).
ONE_CHANGE = {
    "fit: yes": ("fit: false", "fit: yes", 23),
    "fit: off": ("fit: false", "fit: off", 23),
    "fit: 1": ("fit: false", "fit: 1", 23),
    "fit: True": ("fit: false", "fit: True", None),
    "total in quotes": ("total: 20", 'total: "20"', 8),
    "total: true": ("total: 20", "total: true", 8),
    "total: 0": ("total: 20", "total: 0", 8),
    "total over a million": ("total: 20", "total: 1000001", 8),
    "total: 20.5": ("total: 20", "total: 20.5", 8),
    "total: 20.0": ("total: 20", "total: 20.0", None),
    "total: 0x14": ("total: 20", "total: 0x14", None),
    "total: 1:20": ("total: 20", "total: 1:20", 8),
    "percent: .inf": ("percent: 40", "percent: .inf", 12),
    "percent: 101": ("percent: 40", "percent: 101", 12),
    "percent in quotes": ("percent: 40", 'percent: "40"', 12),
    "date with slashes": ("2021-03-01", "01/03/2021", 3),
    "date without zeros": ("2021-03-01", "2021-3-1", 3),
    "date as a number": ("2021-03-01", "20210301", 3),
    "date and time": ("2021-03-01", "2021-03-01T10:00:00", 3),
    "date in quotes": ("2021-03-01", '"2021-03-01"', None),
    "kind not allowed": ("kind: strengths", "kind: strength", 15),
    "type is free text": ("type: rapid review", "type: learning newsletter", None),
    "number as text": ("key_message: Remember.", "key_message: 42", 22),
    "yes as text": ("key_message: Remember.", "key_message: yes", None),
    "time as text": ("title: A title", "title: 1:20", None),
    "true as a title": ("title: A title", "title: true", 1),
    "an empty title": ("title: A title", 'title: ""', 1),
    "a null title": ("title: A title", "title: ~", 1),
    "a misspelt nested key": ("    items:", "    item:", 16),
    "a key in capitals": ("key_message:", "Key_message:", 22),
}


@pytest.mark.parametrize("case", ONE_CHANGE, ids=list(ONE_CHANGE))
def test_the_editor_and_check_flag_the_same_line(
    editor: tuple[LanguageServer, Path], tmp_path: Path, case: str
) -> None:
    old, new, line = ONE_CHANGE[case]
    assert old in BASE
    text = BASE.replace(old, new, 1)
    expected = set() if line is None else {line}
    name = f"change-{list(ONE_CHANGE).index(case)}.yaml"  # a document is opened once
    assert {d.line for d in underlined(editor, name, text)} == expected
    file = tmp_path / "one-change.yaml"
    file.write_text(text, encoding="utf-8")
    try:
        load_briefing(file)
        flagged: set[int | None] = set()
    except ContentError as error:
        flagged = {problem.line for problem in error.problems}
    assert flagged == expected


def numbers_in(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every integer or number of a JSON Schema, with where it is."""
    if isinstance(node, dict):
        types = node.get("type")  # in `properties`, the briefing's own field `type`
        named = types if isinstance(types, list) else [types] if isinstance(types, str) else []
        if {"integer", "number"} & set(named):
            yield path, node
        for key, value in node.items():
            yield from numbers_in(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from numbers_in(value, f"{path}/{index}")


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_number_a_file_holds_is_bounded_where_the_editor_sees_it(name: str) -> None:
    """A number past its bound (a cohort of a googol, a cell of 1e300) is underlined as it is
    typed, and refused by `check` alike: no number field is left without both bounds."""
    unbounded = [
        path
        for path, number in numbers_in(schema_of(SCHEMAS[name]))
        if "minimum" not in number or "maximum" not in number
    ]
    assert unbounded == []


@pytest.mark.parametrize("command", [("schema",), ("new", "demo")])
def test_a_schema_that_is_a_link_is_replaced_not_written_through(
    empty_project: Path, tmp_path: Path, briefgen_main: Runner, command: tuple[str, ...]
) -> None:
    """A project that ships schema/briefing.schema.json as a link to a file of the user's
    must not have `briefgen new` or `briefgen schema` overwrite that file."""
    mine = tmp_path / "home" / ".bashrc"
    mine.parent.mkdir(parents=True)
    mine.write_text("the user's own settings\n")
    schema = empty_project / "schema" / "briefing.schema.json"
    schema.parent.mkdir()
    schema.symlink_to(mine)
    assert briefgen_main(*command, "--project", empty_project).code == 0
    assert mine.read_text() == "the user's own settings\n"
    assert not schema.is_symlink()
    assert schema.read_text() == schema_text(SCHEMAS["briefing.schema.json"])


@pytest.mark.parametrize(
    ("written", "expected"),
    [("snippets/about-this-series.yaml", True), ("../briefgen.yaml", False)],
)
def test_the_schema_lets_a_snippet_stand_for_a_section_or_a_block(
    written: str, expected: bool
) -> None:
    """An editor underlines no `include: snippets/NAME.yaml` where a section or a block may
    stand (briefgen.content.includes), and underlines one that names no snippet."""
    schema = json.loads((COMMITTED / "briefing.schema.json").read_text())
    example = as_json(SEED)
    example["sections"] = [
        {"include": written},
        {"heading": "Own", "blocks": [{"paragraphs": "Text."}, {"include": written}]},
    ]
    example["entries"] = [
        {"title": "An entry", "published": "2025-01-01", "sections": [{"include": written}]}
    ]
    assert jsonschema.Draft202012Validator(schema).is_valid(example) is expected
