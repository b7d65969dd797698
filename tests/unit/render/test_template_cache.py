"""Compiled templates are kept between builds, and never trusted beyond what they are."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import ClassVar

import jinja2
import pytest

from briefgen.fast_paths import SWITCH
from briefgen.render.sandbox import COMPILERS, ThemeSandbox, TooMuch, bounded_range
from briefgen.render.template_cache import CompiledTemplates, fingerprint, template_cache

LOOPS = "{% for a in range(1000) %}{% for b in range(1000) %}.{% endfor %}{% endfor %}"


@pytest.fixture
def temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder Jinja makes the cache's folder in, this test's own."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


class Counting(ThemeSandbox):
    """The sandbox, counting what it compiles."""

    compiled: ClassVar[list[str | None]] = []

    def compile(  # type: ignore[override]
        self, source: object, name: str | None = None, *args: object, **kwargs: object
    ) -> object:
        Counting.compiled.append(name)
        return super().compile(source, name, *args, **kwargs)  # type: ignore[arg-type]


def environment(templates: Path) -> ThemeSandbox:
    """A new environment, as a new build's process makes one."""
    made = Counting(loader=jinja2.FileSystemLoader(templates))
    made.globals["range"] = bounded_range
    made.bytecode_cache = template_cache(made, COMPILERS)
    return made


def theme(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.html.j2").write_text(text)
    return folder


def test_a_second_build_renders_without_compiling(temporary: Path, tmp_path: Path) -> None:
    templates = theme(tmp_path, page="<p>{{ title }}</p>")
    Counting.compiled = []
    assert environment(templates).get_template("page.html.j2").render(title="A") == "<p>A</p>"
    assert environment(templates).get_template("page.html.j2").render(title="B") == "<p>B</p>"
    assert Counting.compiled == ["page.html.j2"]
    (cache,) = (temporary / f"_jinja2-cache-{_uid()}").iterdir()
    assert cache.name.startswith("__briefgen_")


def test_a_changed_template_is_compiled_again(temporary: Path, tmp_path: Path) -> None:
    templates = theme(tmp_path, page="<p>old</p>")
    environment(templates).get_template("page.html.j2").render()
    theme(tmp_path, page="<p>new</p>")
    Counting.compiled = []
    assert environment(templates).get_template("page.html.j2").render() == "<p>new</p>"
    assert Counting.compiled == ["page.html.j2"]


def test_a_template_from_the_cache_keeps_its_bounds(temporary: Path, tmp_path: Path) -> None:
    templates = theme(tmp_path, loops=LOOPS)
    for _ in range(2):  # compiled, then from the cache
        with pytest.raises(TooMuch, match="loops ran more than"):
            environment(templates).get_template("loops.html.j2").render()


def test_a_cache_file_that_is_a_link_is_not_read(temporary: Path, tmp_path: Path) -> None:
    templates = theme(tmp_path, page="<p>{{ title }}</p>")
    made = environment(templates)
    made.get_template("page.html.j2")
    (cached,) = Path(made.bytecode_cache.directory).iterdir()  # type: ignore[union-attr]
    elsewhere = tmp_path / "planted.cache"
    elsewhere.write_bytes(cached.read_bytes())
    cached.unlink()
    cached.symlink_to(elsewhere)
    Counting.compiled = []
    assert environment(templates).get_template("page.html.j2").render(title="C") == "<p>C</p>"
    assert Counting.compiled == ["page.html.j2"]


@pytest.mark.parametrize("garbage", [b"", b"not compiled code", b"j2" + bytes(range(256))])
def test_a_damaged_cache_file_is_compiled_again(
    temporary: Path, tmp_path: Path, garbage: bytes
) -> None:
    templates = theme(tmp_path, page="<p>{{ title }}</p>")
    made = environment(templates)
    made.get_template("page.html.j2")
    (cached,) = Path(made.bytecode_cache.directory).iterdir()  # type: ignore[union-attr]
    cached.write_bytes(garbage)
    assert environment(templates).get_template("page.html.j2").render(title="D") == "<p>D</p>"


def test_no_cache_where_the_folder_is_not_this_users_own(temporary: Path, tmp_path: Path) -> None:
    (temporary / f"_jinja2-cache-{_uid()}").symlink_to(tmp_path, target_is_directory=True)
    made = environment(theme(tmp_path, page="<p>x</p>"))
    assert made.bytecode_cache is None
    assert made.get_template("page.html.j2").render() == "<p>x</p>"


def test_the_switch_turns_the_cache_off(
    temporary: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SWITCH, "template_cache")
    assert environment(theme(tmp_path, page="x")).bytecode_cache is None


def test_the_cache_is_the_gates_and_jinjas_own(temporary: Path, tmp_path: Path) -> None:
    made = environment(theme(tmp_path, page="x"))
    assert isinstance(made.bytecode_cache, CompiledTemplates)
    assert isinstance(made.bytecode_cache, jinja2.FileSystemBytecodeCache)


def test_what_shapes_the_compiled_code_changes_the_fingerprint(tmp_path: Path) -> None:
    base = ThemeSandbox()
    same = ThemeSandbox()
    assert fingerprint(base, COMPILERS) == fingerprint(same, COMPILERS)
    assert fingerprint(base, COMPILERS) != fingerprint(ThemeSandbox(trim_blocks=True), COMPILERS)
    assert fingerprint(base, COMPILERS) != fingerprint(base, COMPILERS[:1])
    escaping = ThemeSandbox(autoescape=jinja2.select_autoescape(["html"]))
    other = ThemeSandbox(autoescape=jinja2.select_autoescape(["svg"]))
    assert fingerprint(escaping, COMPILERS) != fingerprint(other, COMPILERS)
    with_filter = ThemeSandbox()
    with_filter.filters["shout"] = str.upper
    assert fingerprint(base, COMPILERS) != fingerprint(with_filter, COMPILERS)
    translating = ThemeSandbox(extensions=["jinja2.ext.i18n"])
    assert fingerprint(base, COMPILERS) != fingerprint(translating, COMPILERS)


def _uid() -> int:
    return os.getuid()
