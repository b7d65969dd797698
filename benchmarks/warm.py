"""The in-process figures, run by run.py in a child process of its own; prints JSON.

briefgen is imported once. Then, after one untimed warm-up of each (lazy imports,
font configuration, caches), the same briefing is rendered `--runs` times by:

- briefgen: `Steps.lay_out`, then the web page and the fragments
  (`Renderer.render_web`): the PDF and the HTML of one briefing, figure (b);
- briefgen, every output: `Steps.lay_out` then `Steps.render`, which also makes
  the team discussion record (a Word document) and the link-preview image (a JPEG
  rasterised from the PDF), outputs plain WeasyPrint has no counterpart of;
- plain WeasyPrint: `HTML(string=..., base_url=...).write_pdf()` on the very HTML that
  `Steps.lay_out` hands to WeasyPrint, with briefgen's print style sheet inlined in
  its head (as a plain WeasyPrint template carries it), so with the same fonts;
- plain WeasyPrint asked for a tagged PDF/UA-1 (as briefgen asks), which shows how
  much of the gap between the two is the tagging rather than briefgen.

The three alternate run by run, so that a change in the machine's load falls on
all of them alike and their ratio stays fair on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import weasyprint
from weasyprint.text import ffi

import briefgen
from briefgen.content.config import Project, load_project
from briefgen.content.load import Loaded, load_briefing
from briefgen.names import file_size
from briefgen.render.present import present
from briefgen.render.renderer import Renderer
from briefgen.steps import Steps, iso_timestamp, pinned_epoch


def print_html(project: Project, renderer: Renderer, loaded: Loaded, slug: str) -> str:
    """The HTML that `Steps.lay_out` gives WeasyPrint, its style sheet inlined."""
    view = present(loaded.briefing, slug, project.config)
    html = renderer.render_print(view, pinned_date=iso_timestamp(pinned_epoch(view.published)))
    return html.replace("</head>", f"<style>{renderer.print_stylesheet}</style></head>", 1)


def seconds_of(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def alternate(renders: dict[str, Callable[[], object]], runs: int) -> dict[str, list[float]]:
    """Each render once untimed, then `runs` timed rounds of all of them in turn."""
    for render in renders.values():
        render()
    timings: dict[str, list[float]] = {name: [] for name in renders}
    for _ in range(runs):
        for name, render in renders.items():
            timings[name].append(seconds_of(render))
    return timings


def measure(folder: Path, slug: str, runs: int, save_html: Path | None) -> dict[str, object]:
    project = load_project(folder)
    pipeline = Steps.start(project)
    renderer = pipeline.renderer
    loaded = load_briefing(project.content / f"{slug}.yaml")
    view = pipeline.present(loaded, slug)
    html = print_html(project, renderer, loaded, slug)
    if save_html is not None:  # for plain WeasyPrint's cold run, in a process of its own
        save_html.write_text(html, encoding="utf-8")
    base_url = project.root.resolve().as_uri() + "/"
    record_size = file_size(len(pipeline.discussion_record(view)))

    def pdf_and_html() -> object:
        pages = pipeline.lay_out(loaded, view)
        assert pages.pdf is not None
        return renderer.render_web(view, file_size(len(pages.pdf)), record_size)

    timings = alternate(
        {
            "briefgen": pdf_and_html,
            "briefgen_all": lambda: pipeline.render(view, pipeline.lay_out(loaded, view)),
            "plain": lambda: weasyprint.HTML(string=html, base_url=base_url).write_pdf(),
            "plain_tagged": lambda: weasyprint.HTML(string=html, base_url=base_url).write_pdf(
                pdf_variant="pdf/ua-1", pdf_tags=True
            ),
        },
        runs,
    )
    return {
        "timings": timings,
        "harfbuzz_subset": ffi.harfbuzz_subset is not None,
        "weasyprint": weasyprint.__version__,
        "briefgen": briefgen.__version__,
        "briefgen_folder": str(Path(briefgen.__file__).parent),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, required=True, help="the project folder")
    parser.add_argument("--slug", required=True, help="the briefing: content/SLUG.yaml")
    parser.add_argument("--runs", type=int, required=True, help="timed runs of each render")
    parser.add_argument("--save-html", type=Path, help="write the plain WeasyPrint HTML here")
    arguments = parser.parse_args()
    measured = measure(arguments.project, arguments.slug, arguments.runs, arguments.save_html)
    json.dump(measured, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
