"""The package's layers: each folder a stage, and imports that point one way only.

    base (the top-level modules) <- content <- review, render <- engine <- publish
        <- collect <- pipeline <- preview <- cli

A module may import its own layer and those below it, never one above, and review and
render, which stand side by side, not each other. The command line (cli, launch) runs the
preview, so it stands above it. Imports inside functions count too
(a lazy import is still an import), and so do those under `if TYPE_CHECKING:`.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.support.project import REPOSITORY

PACKAGE = REPOSITORY / "src" / "briefgen"

# The rank of each layer; review and render share one, and may not import each other.
LAYERS = {
    "base": 0,
    "content": 1,
    "review": 2,
    "render": 2,
    "engine": 3,
    "publish": 4,
    "collect": 5,  # reads back what publish writes: the returned discussion records
    "pipeline": 6,
    "preview": 7,
    "cli": 8,
}
# The top-level modules above the base: the pipeline and its steps, and the command that runs
# them.
TOP = {
    "pipeline": "pipeline",
    "steps": "pipeline",
    "cli": "cli",
    "launch": "cli",
    "__main__": "cli",
    "__init__": "cli",
}


def layer_of(module: str) -> str:
    """The layer of a module named as imported: `briefgen.render.renderer` is render's."""
    parts = module.split(".")
    if parts[0] != "briefgen" or len(parts) == 1:
        return "cli" if module == "briefgen" else "base"
    if parts[1] in LAYERS and parts[1] not in ("base", "pipeline", "cli"):
        return parts[1]
    return TOP.get(parts[1], "base")


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__" and len(parts) > 2:
        parts.pop()
    return ".".join(parts)


def imports_of(source: str, module: str) -> list[tuple[int, str]]:
    """Every briefgen module `source` imports, with its line: `import`, `from ... import`,
    relative imports resolved, and `from briefgen import x` as `briefgen.x`."""
    found = []
    package = module.rsplit(".", 1)[0] if not module.endswith("__init__") else module
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found += [(node.lineno, base)]
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return [(line, name) for line, name in found if name.startswith("briefgen")]


def upward_imports(source: str, module: str, known: set[str]) -> list[str]:
    """The imports of `module` that point at a layer above its own, or across to its
    sibling, as `line N: briefgen.x (layer)`. Only names of real modules count (`from
    briefgen.paths import SLUG` is the import of `briefgen.paths`)."""
    own = layer_of(module)
    wrong = []
    for line, name in imports_of(source, module):
        if name not in known:
            continue
        other = layer_of(name)
        if LAYERS[other] > LAYERS[own] or (LAYERS[other] == LAYERS[own] and other != own):
            wrong.append(f"line {line}: {name} ({other}, above {own})")
    return wrong


def package_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def test_every_import_points_down_the_layers() -> None:
    modules = package_modules()
    # The package itself may be imported by any module (for `__version__`): its public
    # names are imported only when a script asks for one.
    known = set(modules) - {"briefgen"}
    wrong = {
        module: found
        for module, path in modules.items()
        if (found := upward_imports(path.read_text(encoding="utf-8"), module, known))
    }
    assert wrong == {}, "an import points up the layers: move the helper to where its users are"


def test_the_layer_test_sees_an_import_that_points_up() -> None:
    known = {
        "briefgen.pipeline",
        "briefgen.render.renderer",
        "briefgen.content.model",
        "briefgen.review.checks",
        "briefgen.gate",
    }
    lazy = "def later() -> None:\n    from briefgen.pipeline import Pipeline\n"
    assert upward_imports(lazy, "briefgen.content.model", known) == [
        "line 2: briefgen.pipeline (pipeline, above content)"
    ]
    across = "from briefgen.render import renderer\n"
    assert upward_imports(across, "briefgen.review.checks", known) == [
        "line 1: briefgen.render.renderer (render, above review)"
    ]
    relative = "from ..render.renderer import Renderer\n"
    assert upward_imports(relative, "briefgen.content.model", known) == [
        "line 1: briefgen.render.renderer (render, above content)"
    ]
    down = "from briefgen.gate import read_text\nfrom briefgen.content.model import Briefing\n"
    assert upward_imports(down, "briefgen.review.checks", known) == []


def test_every_module_has_a_layer_it_was_placed_in() -> None:
    """A new folder is a new layer: it must be given its place above."""
    folders = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()}
    assert folders <= set(LAYERS), folders - set(LAYERS)


# --- Each module's public names -----------------------------------------------------------


def declared(source: str) -> set[str] | None:
    """The names a module's `__all__` lists, or None if it has none."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if any(isinstance(target, ast.Name) and target.id == "__all__" for target in targets):
            assert isinstance(value, ast.List | ast.Tuple), "__all__ is a literal list"
            return {
                str(element.value) for element in value.elts if isinstance(element, ast.Constant)
            }
    return None


def names_used_from(source: str, modules: set[str]) -> set[tuple[str, str]]:
    """(module, name) for each name a module takes from another: `from m import name`, and
    `alias.name` where `alias` is a module it imported (`from briefgen import untrusted`)."""
    tree = ast.parse(source)
    used, aliases = set(), {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("briefgen"):
            for alias in node.names:
                whole = f"{node.module}.{alias.name}"
                if whole in modules:
                    aliases[alias.asname or alias.name] = whole
                else:
                    used.add((node.module or "", alias.name))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
        ):
            used.add((aliases[node.value.id], node.attr))
    return used


def test_every_module_declares_what_other_modules_may_use() -> None:
    """Each module of the package lists its public names in `__all__`; a name another module
    (or a benchmark) takes from it that is not listed is a helper in the wrong room, or a
    name to declare. (The tests may reach a module's private names.)"""
    modules = package_modules()
    surfaces = {name: declared(path.read_text(encoding="utf-8")) for name, path in modules.items()}
    missing = sorted(name for name, names in surfaces.items() if names is None)
    assert missing == ["briefgen.__main__"], "declare each module's public names in __all__"
    readers = [*modules.values(), *(REPOSITORY / "benchmarks").glob("*.py")]
    undeclared = sorted(
        f"{path.name}: {module}.{name}"
        for path in readers
        for module, name in names_used_from(path.read_text(encoding="utf-8"), set(modules))
        if module in surfaces
        and modules.get(module) != path
        and name not in (surfaces[module] or set())
    )
    assert undeclared == []


def test_the_surface_test_sees_an_undeclared_name() -> None:
    source = "from briefgen import untrusted\nfrom briefgen.gate import read_text\nuntrusted.step\n"
    known = {"briefgen.untrusted", "briefgen.gate"}
    assert names_used_from(source, known) == {
        ("briefgen.gate", "read_text"),
        ("briefgen.untrusted", "step"),
    }
    assert declared('__all__ = ["a", "b"]\n') == {"a", "b"}
    assert declared("x = 1\n") is None
