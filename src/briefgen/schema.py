"""JSON Schemas of the content model and the configuration, for editors' autocompletion.

Editors with YAML support (VS Code's YAML extension, JetBrains IDEs, Vim and Emacs
through yaml-language-server) read the `# yaml-language-server: $schema=...`
line that `briefgen new` writes, then complete and check fields as the auditor
types. The schemas are generated from the pydantic models, never written by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from briefgen.config import ProjectConfig
from briefgen.model import Briefing

SCHEMA_FOLDER = "schema"
SCHEMAS: dict[str, type[BaseModel]] = {
    "briefing.schema.json": Briefing,
    "briefgen.schema.json": ProjectConfig,
}
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_of(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema, every property described (a required nested model included)."""
    schema = model.model_json_schema()
    definitions = schema.get("$defs", {})
    for holder in (schema, *definitions.values()):
        for prop in holder.get("properties", {}).values():
            reference = prop.get("$ref", "")
            if "description" not in prop and reference.startswith("#/$defs/"):
                prop["description"] = definitions[reference.split("/")[-1]].get("description", "")
    return {"$schema": DIALECT, **schema}


def schema_text(model: type[BaseModel]) -> str:
    return json.dumps(schema_of(model), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write both schemas into `folder`; only files whose text changed are rewritten."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = folder / name
        text = schema_text(model)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
