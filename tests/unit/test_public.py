"""What a script may use of briefgen: `briefgen.__all__`, imported only when asked for."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import briefgen
from tests.support.project import SEED_SLUG, copy_example


def modules_after(code: str) -> set[str]:
    """The briefgen and heavy modules a new interpreter holds after running `code`."""
    probe = f"{code}\nimport sys\nprint(sorted(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    loaded = set(eval(out.strip().splitlines()[-1]))
    heavy = ("pydantic", "jinja2", "weasyprint", "markdown_it")
    return {name for name in loaded if name.startswith(("briefgen", *heavy))}


def test_every_public_name_has_its_module() -> None:
    assert set(briefgen.__all__) == {*briefgen._PUBLIC, "__version__"}


def test_importing_briefgen_imports_nothing_else() -> None:
    assert modules_after("import briefgen") == {"briefgen"}


@pytest.mark.parametrize("name", sorted(set(briefgen.__all__) - {"__version__"}))
def test_each_public_name_is_what_its_module_defines(name: str) -> None:
    value = getattr(briefgen, name)
    module = importlib.import_module(briefgen._PUBLIC[name])
    assert value is getattr(module, name)
    assert name in module.__all__


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'steps_of'"):
        briefgen.steps_of  # noqa: B018  # type: ignore[attr-defined]


@pytest.mark.slow
def test_a_script_builds_and_reads_its_report_through_the_public_names(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "project")
    project = briefgen.load_project(folder)
    report = briefgen.build(project, options=briefgen.Options(allow_overflow=True))
    assert [outcome.slug for outcome in report.outcomes] == [SEED_SLUG]
    assert isinstance(report, briefgen.Report)
    assert not report.failed
    with pytest.raises(briefgen.BriefgenError):
        briefgen.load_project(tmp_path / "nowhere")
