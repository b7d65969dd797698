"""The codebase's own bounds, which ruff cannot state: no function longer than the project's
lint settings allow (`[tool.briefgen.lint]` in pyproject.toml)."""

from __future__ import annotations

import ast
import tomllib

from tests.support.project import REPOSITORY

FOLDERS = ("src", "tests", "benchmarks", "scripts")


def max_function_lines() -> int:
    settings = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())
    return int(settings["tool"]["briefgen"]["lint"]["max-function-lines"])


def long_functions(source: str, limit: int) -> list[tuple[str, int]]:
    """The functions of a module longer than `limit` lines, with their lengths."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - first + 1
            if length > limit:
                found.append((node.name, length))
    return found


def test_no_function_is_longer_than_the_bound() -> None:
    limit = max_function_lines()
    too_long = {
        f"{path.relative_to(REPOSITORY)}:{name}": length
        for folder in FOLDERS
        for path in sorted((REPOSITORY / folder).rglob("*.py"))
        for name, length in long_functions(path.read_text(), limit)
    }
    assert too_long == {}, f"functions over {limit} lines: split them"


def test_the_bound_sees_a_long_function() -> None:
    body = "\n".join(f"    x{number} = {number}" for number in range(70))
    assert long_functions(f"@decorated\ndef long() -> None:\n{body}\n", 60) == [("long", 72)]
    assert long_functions("def short() -> None:\n    pass\n", 60) == []
