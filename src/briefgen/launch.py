"""The command's first step, before the command line itself is imported.

First, if the linker's search paths hold entries that would be read against the project
folder, the command starts again without them (briefgen.search_paths). Then
`briefgen build` and `briefgen check` lay briefings out in a process of their own
(briefgen.engine.process), which loads WeasyPrint: a quarter of a second, the longest part of a cold
build. The sooner that process starts, the sooner the build ends, so it is started
here, before typer and the command line are imported, and handed to the command,
which uses it (a serial build or a check) or ends it (a parallel build, a build with
nothing to do, a mistake on the command line).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from briefgen.search_paths import restart_without_relative_paths

if TYPE_CHECKING:
    from briefgen.engine.process import EngineProcess

ENGINE_COMMANDS = frozenset({"build", "check"})


def entry_point() -> None:
    # Before anything loads a library: the linker's relative entries would read the project
    # folder (briefgen.search_paths); the engine's process, started next, inherits this.
    restart_without_relative_paths()
    engine = engine_for(sys.argv[1:])
    from briefgen.cli import main  # noqa: PLC0415 (after the engine's process has started)

    code = main(engine=engine)
    # The command is done and its files are written and closed. Python's shutdown would
    # now walk every object left (pydantic's and Jinja's, hundreds of thousands) looking
    # for reference cycles to collect: 90 ms of a build that takes 800. Moved out of the
    # collector's sight, they are left for the process's end to free; exit handlers and
    # the flushing of output still run.
    gc.freeze()
    sys.exit(code)


def engine_for(args: Sequence[str]) -> EngineProcess | None:
    """The engine's process, started, for a command that may need it. Only the command's
    name is looked at (the first word not an option); the command line parses the rest."""
    command = next((arg for arg in args if not arg.startswith("-")), None)
    if command not in ENGINE_COMMANDS or "--help" in args:
        return None
    from briefgen.engine.process import EngineProcess  # noqa: PLC0415

    return EngineProcess.start()


__all__ = [
    "entry_point",
]
