"""The attacks of issue 24 on a project's untrusted files, each timed with its peak memory:
each must end within the budget of untrusted work (20 s and 500 MB a briefing, set in
src/briefgen/untrusted.py), with an error naming the file.

Usage: python benchmarks/attacks.py [--source DIR] [--timeout SECONDS] [ATTACK ...]

Each attack is one file of a project (a template, a layout, a style sheet), written into a
temporary copy of the example project, and built (or checked) as a user runs briefgen, in
a new process. `--source` measures another checkout's `src/` (a copy of the commit before
the budget, say, from `git archive`), for the figures before and after; by default, this
checkout's. Every run is held to 6 GiB of address space and killed after `--timeout`
seconds (60 by default): without the budget, these attacks took gigabytes and minutes.
A normal build of the example comes first, for comparison. The peak is ru_maxrss from
wait4: the largest resident set of briefgen's processes (its own, the PDF engine's).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
SEED = "under-twos-repeat-referrals-2020"
SAFETY_BYTES = 6 * 1024**3
KEY_MESSAGE = "templates/blocks/key_message.html.j2"
LONG = "{% set s = 'x' * 1000000 %}"


def key_message(attack: str) -> dict[str, str | bytes]:
    return {KEY_MESSAGE: "<p>Our key message:\n" + attack + "\n</p>\n"}


def layout_of_230_sections() -> dict[str, str | bytes]:
    sections = "".join(
        f"  - name: s{number}\n    parts: [introduction, findings, practice]\n"
        for number in range(230)
    )
    return {"templates/layouts/audit-summary.yaml": f"name: audit summary\nsections:\n{sections}"}


def theme_file_with(name: str, addition: str) -> dict[str, str | bytes]:
    return {f"templates/{name}": (REPOSITORY / "templates" / name).read_text() + addition}


def huge_image() -> dict[str, str | bytes]:
    buffer = io.BytesIO()
    Image.new("RGB", (12000, 7000), (255, 255, 255)).save(buffer, format="PNG")
    tag = '<img src="{{ asset(\'images/huge.png\') }}" alt="" style="width: 1cm">'
    return {"templates/images/huge.png": buffer.getvalue(), **key_message(tag)}


@dataclass(frozen=True)
class Attack:
    files: dict[str, str | bytes]
    command: tuple[str, ...] = ("build", "-j", "1")


def attacks() -> dict[str, Attack]:
    """Each attack by name: the project's files it writes, and the command it runs."""
    grid = "{% for i in range(4000) %}<div>{{ i }}</div>{% endfor %}"
    return {
        "nested range loops": Attack(
            key_message(
                "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}"
            )
        ),
        "center 2e9": Attack(key_message("{{ 'x'|center(2000000000) }}")),
        "indent 2e9": Attack(key_message("{{ 'x\\ny'|indent(2000000000, true) }}")),
        "format %2000000000s": Attack(key_message("{{ '%2000000000s'|format(1) }}")),
        "replace '' with 1000": Attack(key_message(LONG + "{{ s|replace('', 'x' * 1000) }}")),
        "doubling macro": Attack(
            key_message(
                "{% macro d(n) %}{% if n %}{{ d(n-1) }}{{ d(n-1) }}{% else %}xxxxxxxx"
                "{% endif %}{% endmacro %}{{ d(40) }}"
            )
        ),
        "block printed in a loop": Attack(
            key_message(
                LONG + "{% set t %}{% for i in range(100000) %}{{ s }}{% endfor %}"
                "{% endset %}{{ t|length }}"
            )
        ),
        "layout of 230 sections": Attack(layout_of_230_sections(), ("check",)),
        "grid of 4000 items": Attack(
            key_message(
                f'<div style="display: grid; grid-template-columns: repeat(4, 1fr)">{grid}</div>'
            ),
            ("check",),
        ),
        "image of 84 megapixels": Attack(huge_image()),
        ":where(p, ul) x 22 inlined": Attack(
            theme_file_with(
                "fragment-inline.css.j2",
                ".bg-briefing " + " ".join([":where(p, ul)"] * 22) + " { color: #000; }\n",
            )
        ),
        "--proof of a 5000 mm page": Attack(
            theme_file_with("css/print.css.j2", "\n@page { size: 5000mm; }\n"),
            ("build", "-j", "1", "--proof"),
        ),
    }


# The measurer: briefgen started by a small process of its own, for its peak (peak.py).
PEAK = Path(__file__).with_name("peak.py")


@dataclass(frozen=True)
class Finished:
    seconds: float
    peak_mib: float
    code: int
    said: str  # the first error line


def run(project: Path, source: Path, command: tuple[str, ...], timeout: float) -> Finished:
    """briefgen `command` in `project`, with `source` first on PYTHONPATH, to its end."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    report = project / "report.json"
    briefgen = [sys.executable, "-m", "briefgen", *command]
    with tempfile.TemporaryFile() as output:
        limits = [str(report), str(SAFETY_BYTES), str(timeout)]
        subprocess.run(
            [sys.executable, str(PEAK), *limits, *briefgen],
            cwd=project,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            check=True,
        )
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    code, seconds, peak_kib = json.loads(report.read_text())
    lines = [line for line in text.splitlines() if "error" in line or "problem" in line]
    return Finished(seconds, peak_kib / 1024, code, (lines or [""])[0])


def project_with(folder: Path, files: dict[str, str | bytes]) -> Path:
    """The example project (the seed briefing) in `folder`, with the attack's files."""
    shutil.copy(REPOSITORY / "briefgen.yaml", folder / "briefgen.yaml")
    shutil.copytree(REPOSITORY / "assets", folder / "assets")
    (folder / "content").mkdir()
    shutil.copy(REPOSITORY / "content" / f"{SEED}.yaml", folder / "content")
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            (folder / name).write_bytes(data)
        else:
            (folder / name).write_text(data, encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=REPOSITORY / "src")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("attack", nargs="*", help="names of attacks (default: all)")
    arguments = parser.parse_args()
    chosen = {"a normal build": Attack({})} | attacks()
    names = arguments.attack or list(chosen)
    print(f"briefgen from {arguments.source.resolve()}")
    for name in names:
        with tempfile.TemporaryDirectory() as folder:
            project = project_with(Path(folder), chosen[name].files)
            done = run(project, arguments.source, chosen[name].command, arguments.timeout)
        ending = "killed at the timeout" if done.code == -signal.SIGKILL else f"exit {done.code}"
        print(
            f"{name:30} {done.seconds:6.1f} s {done.peak_mib:7.0f} MiB  {ending}: {done.said[:90]}"
        )


if __name__ == "__main__":
    main()
