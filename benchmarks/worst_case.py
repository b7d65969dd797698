"""The slowest briefings briefgen allows: each must get an answer, built or refused with a
message, within 20 s and 500 MB (issue 12), `fit: true` included.

Usage: python benchmarks/worst_case.py [--quick]

Each case is a briefing with every list at its longest (six groups of twenty findings,
twelve questions, twelve resources...) and every field filled with one pattern, as
densely as briefgen's bounds allow (src/briefgen/limits.py): dense emphasis, dense
links, words thousands of letters long, lists, plain words. It asks for `fit: true`
and a page budget of one page, so that every fit step is laid out, and is built with
`--allow-overflow`, so that the PDF is written too: the most work one briefing can
ask for. Two cases are beyond the bounds and must be refused at once: the issue's
`**_` in every field at the model's limits, and 500 asterisks around a letter.

Within the bounds, a case is refused only for its page budget ("refused: pages"), or
built with --allow-overflow; beyond them, it is refused by the bounds ("refused:
bounds"). Each case is run as `briefgen check` and as `briefgen build -j 1 --allow-overflow`
(the engine in its own process, as a user runs it), in a new process, timed from
start to end, with the peak resident memory of the largest of its processes
(ru_maxrss from wait4, which covers the engine process it reaps). Nothing is
written into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from measure import time_process

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
SOURCE = REPOSITORY / "src"
sys.path.insert(0, str(SOURCE))

from briefgen.content.markdown import shape_of  # noqa: E402
from briefgen.review.limits import MAX_ELEMENTS, MAX_FIELD_ELEMENTS, MAX_TEXT  # noqa: E402

# The beginnings of the messages of src/briefgen/limits.py.
LIMIT_MESSAGES = ("characters of text, more than", "formatting nested", "too much formatting")
SECONDS = 20.0
MEBIBYTES = 500
LABEL, TEXT, LONG_TEXT = 200, 2_000, 10_000  # the model's longest fields (src/briefgen/model.py)


@dataclass(frozen=True)
class Case:
    name: str
    briefing: dict[str, Any]
    refused: bool  # beyond the bounds: must be refused, never laid out


Filler = Callable[[int], str]  # a field's text, at most this many characters


def repeated(unit: str) -> Filler:
    """A filler that repeats `unit` for as many characters as it is given."""

    def fill(length: int) -> str:
        return ((unit * (length // len(unit) + 1))[:length]).strip() or unit.strip()[:1]

    return fill


def briefing(fill: Filler, one_line: Filler | None = None) -> dict[str, Any]:
    """A briefing with every list at its longest, each field filled by `fill(its length)`."""
    line = one_line or fill
    return {
        "title": line(LABEL),
        "type": "multi-agency audit",
        "audience": line(LABEL),
        "published": "2021-03-01",
        "partnership": line(LABEL),
        "introduction": fill(LONG_TEXT),
        "method": {
            "text": fill(LONG_TEXT),
            "cohort": {
                "total": 1000,
                "unit": line(LABEL),
                "breakdowns": [
                    {
                        "title": line(LABEL),
                        "groups": [{"label": line(LABEL), "count": 200} for _ in range(5)],
                    }
                    for _ in range(3)
                ],
            },
        },
        "findings": [
            {"kind": "strengths", "title": line(LABEL), "items": [fill(TEXT) for _ in range(20)]}
            for _ in range(6)
        ],
        "why_it_matters": fill(LONG_TEXT),
        "things_to_remember": [fill(TEXT) for _ in range(8)],
        "next_steps": [fill(TEXT) for _ in range(12)],
        "practice": {
            "instruction": fill(TEXT),
            "prompt": line(LABEL),
            "questions": [fill(TEXT) for _ in range(12)],
        },
        "key_message": fill(TEXT),
        "resources": [
            {
                "title": line(LABEL),
                "url": "https://example.org/" + "a" * 1900,
                "description": fill(TEXT),
                "format": line(LABEL),
            }
            for _ in range(12)
        ],
        "anonymisation_note": fill(TEXT),
        "headings": {
            name: line(LABEL)
            for name in ("method", "findings", "next_steps", "practice", "resources")
        },
        "page_budget": 1,
        "fit": True,
    }


def at_the_bounds(snippet: str, elements_in_snippet: int) -> Case:
    """Every field filled, each scaled down alike, until the briefing holds nearly MAX_TEXT
    characters; `snippet` spread through them as often as MAX_ELEMENTS allows, and plain
    words around it: both bounds nearly reached, the densest a briefing may be."""

    def scaled(scale: float) -> dict[str, Any]:
        owed = [0.0]  # snippets due, carried from field to field

        def fill(length: int) -> str:
            size = max(1, int(length * scale))
            if not elements_in_snippet:
                return repeated(snippet)(size)
            owed[0] += size * MAX_ELEMENTS / MAX_TEXT / elements_in_snippet * 0.98
            count = int(owed[0])
            owed[0] -= count
            text = (snippet + " ") * count
            return (text + repeated("plain words ")(max(1, size - len(text)))).strip()

        # Names, labels and headings in plain words: they take no link (a heading takes
        # emphasis alone, a label not even that), and would be refused, not laid out.
        return briefing(fill, lambda length: repeated("plain words ")(max(1, int(length * scale))))

    low, high = 0.0, 1.0
    for _ in range(12):  # the largest scale within both bounds, by bisection
        middle = (low + high) / 2
        characters, elements = size_of(scaled(middle))
        if characters <= MAX_TEXT - 100 and elements <= MAX_ELEMENTS:  # a margin for rounding
            low = middle
        else:
            high = middle
    shown = snippet.strip() if len(snippet) < 40 else f"{snippet[0]} x {len(snippet.strip()):,}"
    return Case(f"at the bounds: {shown!r}", scaled(low), refused=False)


def size_of(data: Any) -> tuple[int, int]:
    """Characters of text and Markdown elements, as briefgen's bounds count them."""
    if isinstance(data, str):
        return len(data), shape_of(data).elements
    if isinstance(data, dict):
        data = [value for key, value in data.items() if key not in ("url", "type")]
    sizes = [size_of(value) for value in data] if isinstance(data, list) else [(0, 0)]
    return sum(size[0] for size in sizes), sum(size[1] for size in sizes)


def cases(quick: bool) -> list[Case]:
    found = [
        at_the_bounds("*emphasis*", 1),
        at_the_bounds("[a link](https://example.org/page)", 1),
        at_the_bounds("_a_ **b** [c](https://x.org)", 3),
        at_the_bounds("a" * 1_999 + " ", 0),
        at_the_bounds("plain words of text ", 0),
        at_the_bounds("\n- a list item\n", 1),
        Case("the model's limits: '**_' everywhere", briefing(repeated("**_")), refused=True),
        Case(
            "500 '*' around a letter",
            briefing(repeated("*" * 500 + "a" + "*" * 500 + " "), lambda _: "A heading"),
            refused=True,
        ),
    ]
    return found[:2] + found[-1:] if quick else found


def measure(case: Case, folder: Path, env: dict[str, str]) -> list[str]:
    project = folder / "project"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    shutil.copy(REPOSITORY / "briefgen.yaml", project / "briefgen.yaml")
    shutil.copytree(REPOSITORY / "assets", project / "assets")
    (project / "content").mkdir()
    (project / "content" / "worst.yaml").write_text(json.dumps(case.briefing, indent=1))
    characters, elements = size_of(case.briefing)
    print(f"{case.name}: {characters:,} characters, {elements:,} elements", flush=True)
    lines = []
    for command in (["check"], ["build", "-j", "1", "--allow-overflow"]):
        finished = time_process(
            [sys.executable, "-m", "briefgen", *command], project, env, ok=(0, 1)
        )
        answer = answer_of(finished.code, finished.stderr)
        peak = finished.peak_kib / 1024
        expected = answer == "refused: bounds" if case.refused else "bounds" not in answer
        within = finished.seconds <= SECONDS and peak <= MEBIBYTES and expected
        lines.append(
            f"{case.name:<40} {command[0]:<6} {finished.seconds:>7.2f} s {peak:>6.0f} MiB  "
            f"{answer:<18} {'PASS' if within else 'MISS'}"
        )
        print(lines[-1], flush=True)
    return lines


def answer_of(code: int, stderr: str) -> str:
    """What became of the briefing: built, or refused by what."""
    if code == 0:
        return "built"
    if any(words in stderr for words in LIMIT_MESSAGES):
        return "refused: bounds"
    if "page budget" in stderr:
        return "refused: pages"
    return "refused: other"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="three cases: proves it works")
    arguments = parser.parse_args()
    paths = [str(SOURCE), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    print(f"bound: an answer within {SECONDS:.0f} s and {MEBIBYTES} MiB, fit: true included")
    print(
        f"limits: {MAX_TEXT:,} characters, {MAX_ELEMENTS:,} elements ({MAX_FIELD_ELEMENTS} a field)"
    )
    print(f"{'case':<40} {'run':<6} {'time':>9} {'peak':>10}  {'answer':<18} bound")
    start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="briefgen-worst-") as folder:
        for case in cases(arguments.quick):
            measure(case, Path(folder), env)
    loads = [", ".join(f"{value:.2f}" for value in load) for load in (start, os.getloadavg())]
    print(f"load average (1, 5, 15 min): {loads[0]} at the start, {loads[1]} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
