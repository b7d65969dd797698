"""The JSON Schemas for editors: generated from the models, committed, and never stale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from briefgen.schema import SCHEMAS, schema_of, schema_text
from tests.conftest import REPOSITORY, Runner

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


def test_the_schema_rejects_a_misspelt_key() -> None:
    schema = json.loads((COMMITTED / "briefing.schema.json").read_text())
    data = as_json(EXAMPLES[0])
    data["key_mesage"] = data.pop("key_message")
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    messages = " ".join(error.message for error in errors)
    assert "'key_mesage' was unexpected" in messages
    assert "'key_message' is a required property" in messages


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
