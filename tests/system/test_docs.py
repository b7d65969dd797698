"""The README stays true: its field reference names every field of the models."""

from __future__ import annotations

import re

from pydantic import BaseModel, RootModel

from briefgen.content.config import ProjectConfig
from briefgen.content.model import Briefing
from tests.support.project import REPOSITORY

README = (REPOSITORY / "README.md").read_text()


def field_names(model: type[BaseModel]) -> set[str]:
    """Every field name of the model and of the models inside it (a chart's bars hold bars:
    each model is visited once). A block of one value (a RootModel) is named by its kind."""
    names: set[str] = set()
    pending: list[type[BaseModel]] = [model]
    seen: set[type[BaseModel]] = set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, info in current.model_fields.items():
            if not issubclass(current, RootModel):
                names.add(name)
            for argument in (info.annotation, *getattr(info.annotation, "__args__", ())):
                for inner in (argument, *getattr(argument, "__args__", ())):
                    if isinstance(inner, type) and issubclass(inner, BaseModel):
                        pending.append(inner)
    return names


def section(start: str, end: str) -> str:
    match = re.search(rf"<!-- {start} -->(.*)<!-- {end} -->", README, flags=re.DOTALL)
    assert match, start
    return match.group(1)


def named(text: str) -> set[str]:
    return {part for token in re.findall(r"`([a-z_.]+)`", text) for part in token.split(".")}


def test_the_readme_documents_every_briefing_field() -> None:
    missing = field_names(Briefing) - named(section("reference:start", "reference:end"))
    assert missing == set()


def test_the_readme_documents_every_configuration_field() -> None:
    text = section("config-reference:start", "config-reference:end")
    missing = field_names(ProjectConfig) - named(text)
    assert missing == set()


def test_the_readme_opens_with_the_build_and_test_commands() -> None:
    opening = README.split("```sh", 1)[1].split("```", 1)[0]
    assert "briefgen build" in opening
    assert "scripts/test" in opening
    assert "scripts/test" in (REPOSITORY / ".ci" / "run").read_text()
