"""How the learning library's filter pages grow with their number (issue 24).

Usage: python benchmarks/filter_pages.py [--pages 250 500 1000] [--source DIR]

Each size is a project whose output folder's manifest lists briefings with eight themes
each, all different (the most a briefing may have): `--pages N` themes in all, so N
theme pages, one type page and one year page. Such a manifest is what a build leaves; a
crafted one could list anything, and the library takes it as a build left it. Each size
runs in a new process, which times `Steps.write_index` alone (every library page
rendered and written), and gives its peak memory (ru_maxrss, from wait4) and the bytes
the index wrote at the top of the output folder. `--one-entry` puts all N themes in one
briefing's entry instead, as the issue did (1,000 themes: 136 s, 758 MB, 350 MB written).

`--source` times another checkout's `src/` (the code before a change, say), with its own
manifest format; the default is this checkout's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

from measure import time_process

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
THEMES_A_BRIEFING = 8

# Run in the new process: the project is made, then the index alone is timed.
PROBE = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from briefgen.steps import Steps
    from briefgen.content.config import load_project
    from briefgen.publish.incremental import Entry, Manifest

    folder, pages, one_entry = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
    themes = [f"theme number {number}" for number in range(pages)]
    groups = [themes] if one_entry else [
        themes[start:start + PER] for start in range(0, pages, PER)
    ]
    project = load_project(folder)
    manifest = Manifest.load(project.output)
    for number, chosen in enumerate(groups):
        slug = f"briefing-{number}"
        (folder / "content" / f"{slug}.yaml").write_text("title: T\\n")
        (project.output / slug).mkdir(parents=True)
        (project.output / slug / f"{slug}.pdf").write_bytes(b"%PDF-1.7" * 1000)
        listing = {
            "title": f"Briefing {number}", "summary": "What we found.",
            "type_label": "Multi-agency audit", "audience": "Practitioners",
            "date_text": "May 2020", "published": "2020-05-29", "themes": chosen,
            "partnership": "", "replaces": None,
        }
        manifest.entries[slug] = Entry("inputs", {f"{slug}.pdf": 8000}, 2, [], listing)
    steps = Steps.start(project)
    start = time.perf_counter()
    steps.write_index(manifest)
    seconds = time.perf_counter() - start
    top = [path for path in project.output.iterdir() if path.is_file()]
    print(json.dumps({
        "seconds": seconds, "files": len(top), "bytes": sum(p.stat().st_size for p in top),
    }))
    """
).replace("PER", str(THEMES_A_BRIEFING))


def measure(source: Path, pages: int, *, one_entry: bool) -> str:
    """One size, in a new process: its time, peak memory, files and bytes, as a line."""
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "project"
        folder.mkdir()
        shutil.copy(REPOSITORY / "briefgen.yaml", folder / "briefgen.yaml")
        shutil.copytree(REPOSITORY / "assets", folder / "assets")
        (folder / "content").mkdir()
        env = {**os.environ, "PYTHONPATH": str(source)}
        command = [sys.executable, "-c", PROBE, str(folder), str(pages), str(int(one_entry))]
        finished = time_process(command, folder, env)
    figures = json.loads(finished.stdout.strip().splitlines()[-1])
    return (
        f"{pages:>6} {'in one entry' if one_entry else f'{THEMES_A_BRIEFING} a briefing':>14}"
        f" {figures['seconds']:>9.2f} s {finished.peak_kib / 1024:>8.0f} MiB"
        f" {figures['files']:>7} {figures['bytes'] / 1e6:>9.1f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[250, 500, 1000])
    parser.add_argument("--one-entry", action="store_true")
    parser.add_argument("--source", type=Path, default=REPOSITORY / "src")
    arguments = parser.parse_args()
    print(f"briefgen from {arguments.source.resolve()}")
    print(f"{'themes':>6} {'':>14} {'index':>11} {'peak':>12} {'files':>7} {'written':>12}")
    for pages in arguments.pages:
        print(measure(arguments.source, pages, one_entry=arguments.one_entry), flush=True)


if __name__ == "__main__":
    main()
