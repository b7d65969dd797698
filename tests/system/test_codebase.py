"""The codebase's own bounds, which ruff cannot state: no function longer than the project's
lint settings allow (`[tool.briefgen.lint]` in pyproject.toml), and no test module importing
another (what they share lives in tests/support/)."""

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


def imported_test_modules(source: str) -> list[str]:
    """The test modules (`tests.test_*`, or `test_*` beside it) a module imports."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = [module] if module else [alias.name for alias in node.names]
            if module in ("tests", ""):
                names = [f"tests.{alias.name}" for alias in node.names]
        else:
            continue
        found += [name for name in names if name.rsplit(".", 1)[-1].startswith("test_")]
    return found


def test_no_test_module_imports_another() -> None:
    importing = {
        str(path.relative_to(REPOSITORY)): imported
        for path in sorted((REPOSITORY / "tests").rglob("*.py"))
        if (imported := imported_test_modules(path.read_text()))
    }
    assert importing == {}, "move what they share into tests/support/"


def test_the_check_sees_a_test_module_imported() -> None:
    assert imported_test_modules("from tests.test_pdf import seed_pdf") == ["tests.test_pdf"]
    assert imported_test_modules("import tests.test_web") == ["tests.test_web"]
    assert imported_test_modules("from tests import test_web") == ["tests.test_web"]
    assert imported_test_modules("from . import test_web") == ["tests.test_web"]
    assert imported_test_modules("from tests.support.project import SEED") == []
