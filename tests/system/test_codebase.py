"""The codebase's own bounds, which ruff cannot state: no function longer than the project's
lint settings allow (`[tool.briefgen.lint]` in pyproject.toml), no test module importing
another (what they share lives in tests/support/), and tests that mirror the package: each
module `src/briefgen/<folder>/<module>.py` has `tests/unit/<folder>/test_<module>.py`, and
each test file there names a module that exists."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

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


# --- The tests mirror the package ---------------------------------------------------------

# Test files of tests/unit that name no module by their own name, and what they test.
UNNAMED = {"test_public.py": "the package's __init__: briefgen.__all__"}


def untested_modules(package: Path, unit: Path) -> list[str]:
    """The modules of `package` (not `__init__` nor `__main__`) without a test file of their
    own name in the mirrored place of `unit`: `a/b.py` is tested by `a/test_b.py`."""
    return [
        str(module.relative_to(package))
        for module in sorted(package.rglob("*.py"))
        if module.name not in ("__init__.py", "__main__.py")
        and not (unit / module.relative_to(package).parent / f"test_{module.name}").is_file()
    ]


def files_of_no_module(package: Path, unit: Path) -> list[str]:
    """The files of `unit` that name no module of `package` in the mirrored place (a test
    file `a/test_b.py` with no `a/b.py`), or that are not test files at all."""
    found = []
    for path in sorted(unit.rglob("*.py")):
        relative = path.relative_to(unit)
        if path.name == "__init__.py" or str(relative) in UNNAMED:
            continue
        module = package / relative.parent / path.name.removeprefix("test_")
        if not path.name.startswith("test_") or not module.is_file():
            found.append(str(relative))
    return found


def test_every_module_has_a_test_file_of_its_own_name() -> None:
    package, unit = REPOSITORY / "src" / "briefgen", REPOSITORY / "tests" / "unit"
    assert untested_modules(package, unit) == [], "add tests/unit/<folder>/test_<module>.py"
    assert files_of_no_module(package, unit) == [], "name a test file after its module"


def test_the_mirror_check_sees_a_missing_test_and_a_test_of_nothing(tmp_path: Path) -> None:
    package, unit = tmp_path / "src" / "pkg", tmp_path / "tests" / "unit"
    for name in ("__init__.py", "__main__.py", "base.py", "render/__init__.py", "render/page.py"):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text("")
    for name in ("__init__.py", "test_base.py", "render/__init__.py", "render/test_page.py"):
        (unit / name).parent.mkdir(parents=True, exist_ok=True)
        (unit / name).write_text("")
    assert untested_modules(package, unit) == []
    assert files_of_no_module(package, unit) == []
    (package / "render" / "page.py").rename(package / "render" / "pages.py")
    (package / "gone.py").write_text("")
    assert untested_modules(package, unit) == ["gone.py", "render/pages.py"]
    assert files_of_no_module(package, unit) == ["render/test_page.py"]
    (unit / "test_render_page.py").write_text("")  # in the wrong place
    (unit / "helpers.py").write_text("")  # no test file: belongs in tests/support/
    (unit / "test_public.py").write_text("")  # allowed by name
    assert files_of_no_module(package, unit) == [
        "helpers.py",
        "render/test_page.py",
        "test_render_page.py",
    ]
