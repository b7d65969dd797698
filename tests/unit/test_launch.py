"""The command's first step (briefgen.launch): a build or a check starts the PDF
engine's process before the command line is imported, and hands it over."""

from __future__ import annotations

import subprocess
import sys

import pytest

from briefgen.launch import engine_for

NO_ENGINE = {
    "a new briefing": ["new", "neglect-audit-2025"],
    "the schema": ["schema"],
    "the preview": ["serve"],
    "help on build": ["build", "--help"],
    "help": ["--help"],
    "nothing": [],
}


@pytest.mark.slow
def test_a_build_starts_the_engine_before_the_command_line_is_imported() -> None:
    """In a new interpreter, as the `briefgen` command starts: the engine's process is up,
    and loads WeasyPrint, while typer and the command line are not even imported yet."""
    probe = (
        "import sys\n"
        "from briefgen.launch import engine_for\n"
        "engine = engine_for(['build', 'content/a.yaml'])\n"
        "print(*(name in sys.modules for name in ('typer', 'briefgen.cli', 'weasyprint')))\n"
        "engine.ready()\n"
        "print(engine.pid != __import__('os').getpid())\n"
        "engine.close()\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["False", "False", "False", "True"], run.stderr


@pytest.mark.parametrize("args", NO_ENGINE.values(), ids=NO_ENGINE)
def test_commands_that_lay_nothing_out_start_no_engine(args: list[str]) -> None:
    assert engine_for(args) is None


def test_a_check_starts_the_engine_too() -> None:
    engine = engine_for(["check", "--strict"])
    assert engine is not None
    try:
        engine.ready()
    finally:
        engine.close()
