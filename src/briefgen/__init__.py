"""briefgen: learning briefings of safeguarding partnerships, built from YAML.

What a script may use, and nothing else, is `__all__`: load a project, build or check its
briefings, read what became of each, and tell the failures apart::

    import briefgen

    project = briefgen.load_project(Path("my-partnership"))
    report = briefgen.build(project, options=briefgen.Options(strict=True))
    for outcome in report.failed:
        print(outcome.source, outcome.error)

Each name is imported when a script first asks for it (PEP 562), never by `import
briefgen` itself: every module of the package imports this one first, and the command
line's start-up, and its answer to a build with nothing to do, must not grow. Everything
else in the package is briefgen's own, and may change without notice.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# Each public name, and the module it lives in.
_PUBLIC = {
    "build": "briefgen.pipeline",
    "check": "briefgen.pipeline",
    "Pipeline": "briefgen.pipeline",
    "load_project": "briefgen.content.config",
    "Project": "briefgen.content.config",
    "load_briefing": "briefgen.content.load",
    "Options": "briefgen.outcomes",
    "Outcome": "briefgen.outcomes",
    "Report": "briefgen.outcomes",
    "BriefgenError": "briefgen.errors",
    "ContentError": "briefgen.errors",
    "Mistake": "briefgen.errors",
    "UsageError": "briefgen.errors",
    "EnvironmentProblem": "briefgen.errors",
    "Crash": "briefgen.errors",
    "OverBudget": "briefgen.errors",
    "Problem": "briefgen.errors",
}

__all__ = [
    "BriefgenError",
    "ContentError",
    "Crash",
    "EnvironmentProblem",
    "Mistake",
    "Options",
    "Outcome",
    "OverBudget",
    "Pipeline",
    "Problem",
    "Project",
    "Report",
    "UsageError",
    "__version__",
    "build",
    "check",
    "load_briefing",
    "load_project",
]

if TYPE_CHECKING:  # what a type checker and an editor see, without importing anything
    from briefgen.content.config import Project, load_project
    from briefgen.content.load import load_briefing
    from briefgen.errors import (
        BriefgenError,
        ContentError,
        Crash,
        EnvironmentProblem,
        Mistake,
        OverBudget,
        Problem,
        UsageError,
    )
    from briefgen.outcomes import Options, Outcome, Report
    from briefgen.pipeline import Pipeline, build, check


def __getattr__(name: str) -> object:
    """A public name, imported from its module when first asked for."""
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'briefgen' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # asked once: later lookups find it directly
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
