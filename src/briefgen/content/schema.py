"""JSON Schemas of the content model and the configuration, for editors' autocompletion.

Editors with YAML support (VS Code's YAML extension, JetBrains IDEs, Vim and Emacs
through yaml-language-server) read the `# yaml-language-server: $schema=...`
line that `briefgen new` writes, then complete and check fields as the auditor
types. The schemas are generated from the pydantic models, never written by hand.

yaml-language-server shows a schema's `errorMessage` instead of its own wording
("Incorrect type. Expected "integer | null"", "String is not a RFC3339 date"), and
`markdownDescription` when completing and hovering. So each value gets a message in
plain English, descriptions show the values to write as code, and each group of
fields a check of its key names that suggests the field a misspelt key was meant to
be (a JSON Schema pattern matching every spelling one typing slip away from it).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from briefgen.content.config import ProjectConfig
from briefgen.content.includes import Include
from briefgen.content.kinds import NO_KINDS, KindDeclaration, ProjectKinds, briefing_model
from briefgen.content.model import Briefing
from briefgen.content.values import DATE_PATTERN
from briefgen.errors import BriefgenError
from briefgen.gate import PUBLISHED, read_text, replace_files

SCHEMA_FOLDER = "schema"
SCHEMAS: dict[str, type[BaseModel]] = {
    "briefing.schema.json": Briefing,
    "briefgen.schema.json": ProjectConfig,
    "kind.schema.json": KindDeclaration,  # a project's own kind of block's declaration
}
DIALECT = "https://json-schema.org/draft/2020-12/schema"
# Keys whose values are data (or names), not schemas: the walk does not enter them.
DATA_KEYS = frozenset({"examples", "default", "enum", "const", "required", "errorMessage"})
NOT_BLANK = r"\S"  # pydantic strips spaces, then needs one character: the same as this
# 'strengths', 'audit summary': values to write, quoted in descriptions
QUOTED_VALUE = re.compile(r"(?<!\w)'([^']+?)'(?!\w)")


def schema_of(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema, every property described and every mistake in plain English."""
    schema = model.model_json_schema()
    definitions = schema.get("$defs", {})
    if "Section" in definitions:
        _allow_includes(schema, definitions)
    for holder in (schema, *definitions.values()):
        for prop in holder.get("properties", {}).values():
            reference = prop.get("$ref", "")
            if "description" not in prop and reference.startswith("#/$defs/"):
                prop["description"] = definitions[reference.split("/")[-1]].get("description", "")
    _explain_tree(schema, root=True)
    common: dict[str, str] = getattr(model, "common_words", {})
    if common:
        schema["propertyNames"] = _key_names(list(schema["properties"]), common)
    return {"$schema": DIALECT, **schema}


def _allow_includes(node: Any, definitions: dict[str, Any]) -> None:
    """Wherever a section or a block stands, an include of a snippet may stand instead
    (briefgen.content.includes): the editor must not underline one."""
    definitions.setdefault("Include", Include.model_json_schema())
    if isinstance(node, list):
        for child in node:
            _allow_includes(child, definitions)
        return
    if not isinstance(node, dict):
        return
    items = node.get("items")
    if items in ({"$ref": "#/$defs/Section"}, {"$ref": "#/$defs/Block"}):
        node["items"] = {"anyOf": [items, {"$ref": "#/$defs/Include"}]}
    for key, child in list(node.items()):
        if key not in DATA_KEYS and key != "items":
            _allow_includes(child, definitions)


def _explain_tree(node: dict[str, Any], *, root: bool = False) -> None:
    """Give every schema in the tree its plain-English message."""
    _allow_null_without_any_of(node)
    for key, value in list(node.items()):
        if key in DATA_KEYS:
            continue
        children = value.values() if key in ("properties", "$defs") else [value]
        for child in children:
            for schema in child if isinstance(child, list) else [child]:
                if isinstance(schema, dict):
                    _explain_tree(schema)
    _explain_node(node, root=root)


def _explain_node(node: dict[str, Any], *, root: bool) -> None:
    if node.get("minLength") == 1:
        del node["minLength"]
        node["pattern"] = NOT_BLANK
    if node.get("type") == "object" and "properties" in node:
        _explain_group(node, root=root)
        return
    message = _value_message(node)
    if message:
        node["errorMessage"] = message


def _allow_null_without_any_of(node: dict[str, Any]) -> None:
    """`int | None` as `type: [integer, null]`, and a group or null as `if null, else group`.

    Pydantic writes `anyOf: [{type: integer}, {type: null}]`. yaml-language-server
    rewrites a failed `anyOf`'s messages into its own ("Incorrect type. Expected
    "integer | null"."), so the plain-English message would be lost.
    """
    alternatives = node.get("anyOf")
    if not isinstance(alternatives, list) or len(alternatives) != 2:
        return
    if {"type": "null"} not in alternatives:
        return
    other = next(schema for schema in alternatives if schema != {"type": "null"})
    del node["anyOf"]
    if "type" in other and isinstance(other["type"], str):
        node.update(other)
        node["type"] = [other["type"], "null"]
    else:
        node["if"] = {"type": "null"}
        node["else"] = other


def _value_message(node: dict[str, Any]) -> str:
    """What to write, for a value of the wrong type, format or form."""
    types = node.get("type", [])
    kind = next((t for t in ([types] if isinstance(types, str) else types) if t != "null"), "")
    example = _first_example(node)
    if "enum" in node:
        return "Use one of: " + ", ".join(str(value) for value in node["enum"]) + "."
    if node.get("pattern") == DATE_PATTERN:
        return (
            "Write the date as it is to be shown: YYYY-MM-DD for a day (2025-07-11), "
            "YYYY-MM for a month (2025-07) or YYYY for a year (2025)."
        )
    if kind == "string" and node.get("format") == "uri":
        return "Write the full address, starting with https:// (or mailto: or tel:)."
    messages = {
        "string": "Write text here (in quotes if it starts with a number or holds ': ').",
        "integer": f"Write a whole number, without quotes{example}.",
        "number": f"Write a number, without quotes or %{example}.",
        "boolean": "Write true or false. (In YAML, yes, no, on and off are words, not true "
        "or false.)",
        "array": "Write a list: each item on its own line under this field, starting with '- '.",
    }
    return messages.get(kind, "")


def _first_example(node: dict[str, Any]) -> str:
    examples = node.get("examples") or []
    return f", such as {examples[0]}" if examples and not isinstance(examples[0], bool) else ""


def _explain_group(node: dict[str, Any], *, root: bool) -> None:
    """A group's message names its fields, and its key names suggest what a typo meant."""
    names = list(node["properties"])
    required = [name for name in names if name in node.get("required", [])]
    optional = [name for name in names if name not in required]
    needs = f"needs {_and(required)}" if required else ""
    may = f"may also have {_and(optional)}" if needs else f"may have {_and(optional)}"
    if root:
        node["errorMessage"] = f"The file {needs or may}{'; it ' + may if needs else ''}."
    else:
        node["errorMessage"] = (
            "Write the fields of this group on their own lines, indented under it: "
            f"it {needs or may}{', and ' + may if needs and optional else ''}."
        )
    node.pop("additionalProperties", None)  # the key names are checked below, in words
    node["propertyNames"] = _key_names(names)
    if required:
        del node["required"]
        node["allOf"] = [_required_unless_misspelt(name, node, names) for name in required]
    for prop in node["properties"].values():
        _describe_in_markdown(prop)


def _required_unless_misspelt(name: str, node: dict[str, Any], names: list[str]) -> Any:
    """`name` is required unless a key one slip from it stands in the group.

    The misspelt key already says "did you mean `name`?" on its own line; a second
    message saying `name` is missing, on the group's first line, would send the reader
    away from the typo. `briefgen check` reports the pair the same way.
    """
    others = [other for other in names if other != name]
    no_slip: dict[str, Any] = {"not": {"pattern": _one_slip_from(name)}}
    clashing = [other for other in others if re.match(_one_slip_from(name), other)]
    if clashing:  # another field is itself one slip away: it does not count as a typo
        no_slip = {"anyOf": [no_slip, {"enum": clashing}]}
    description = node["properties"][name].get("description", "")
    return {
        "if": {"propertyNames": no_slip},
        "then": {"required": [name], "errorMessage": f"{name} is missing: add it. {description}"},
    }


def _key_names(names: list[str], common: dict[str, str] | None = None) -> dict[str, Any]:
    """Known keys pass; a key one slip from a known one, or a common word for one (`date`
    for `published`), gets "did you mean"; others a list."""
    chain: dict[str, Any] = {
        "enum": [],
        "errorMessage": f"Not a field here. The fields here are: {', '.join(names)}.",
    }
    meant: dict[str, list[str]] = {}
    for word, field in (common or {}).items():
        meant.setdefault(field, []).append(word)
    for field, words in sorted(meant.items(), reverse=True):
        chain = {
            "if": {"enum": sorted(words)},
            "then": {"enum": [], "errorMessage": f"Not a field here: did you mean {field}?"},
            "else": chain,
        }
    for name in reversed(names):
        chain = {
            "if": {"pattern": _one_slip_from(name)},
            "then": {"enum": [], "errorMessage": f"Not a field here: did you mean {name}?"},
            "else": chain,
        }
    return {"if": {"enum": names}, "else": chain}


def _one_slip_from(word: str) -> str:
    """A pattern for every spelling one typing slip from `word`: a letter wrong, missing,
    added, or two swapped (which is how most misspelt keys are misspelt)."""
    alternatives = set()
    for index in range(len(word) + 1):
        before, after = re.escape(word[:index]), word[index:]
        alternatives.add(before + "." + re.escape(after))  # a letter added
        if after:
            alternatives.add(before + ".?" + re.escape(after[1:]))  # wrong or missing
        if len(after) > 1:
            alternatives.add(before + re.escape(after[1] + after[0] + after[2:]))  # swapped
    return "^(?:" + "|".join(sorted(alternatives)) + ")$"


def _describe_in_markdown(prop: dict[str, Any]) -> None:
    """The description with the values it quotes ('strengths') set as code, for hover and
    completion; the server adds the field's example below it on its own."""
    description = prop.get("description", "")
    marked = QUOTED_VALUE.sub(r"`\1`", description)
    if marked != description:
        prop["markdownDescription"] = marked


def _and(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def schema_text(model: type[BaseModel]) -> str:
    return json.dumps(schema_of(model), indent=2, ensure_ascii=False) + "\n"


def _current(path: Path) -> str | None:
    """The schema as it was last written (None if there is none the gate would read)."""
    try:
        return read_text(path, PUBLISHED, [path.parent])
    except BriefgenError:
        return None


def write_schemas(folder: Path, kinds: ProjectKinds = NO_KINDS) -> list[Path]:
    """Write the schemas into `folder`; only files whose text changed are rewritten, each
    replaced atomically: a schema that is a link (a cloned project may ship one pointing at
    the user's own files) is replaced, never written through. A failure to write is the
    OSError, for the command line to word. The briefing's schema is the project's: its
    own kinds of block (`kinds`) stand beside the built-in ones."""
    written = []
    for name, built_in in SCHEMAS.items():
        model = briefing_model(kinds) if built_in is Briefing else built_in
        path = folder / name
        text = schema_text(model)
        if _current(path) != text:
            replace_files(folder, {name: text.encode()})
        written.append(path)
    return written


__all__ = [
    "SCHEMA_FOLDER",
    "write_schemas",
]
