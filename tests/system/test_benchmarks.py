"""The benchmark harness runs end to end and prints every figure.

Only that it works is tested, never how fast anything is: timings on a shared
machine are noise, and the targets are for people reading benchmarks/README.md.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.support.project import REPOSITORY

HARNESS = REPOSITORY / "benchmarks" / "run.py"
SECONDS = r"\d+\.\d+ (?:s|ms)"
MEMORY = r"\d+ MiB"
VERDICT = r"[≤≥] \d+\.\d+ ?(?:s|ms|×)\s+(?:PASS|MISS)"
MEMORY_VERDICT = r"≤ \d+ MiB\s+(?:PASS|MISS)"

# Each figure: its label and what must follow it on its line.
FIGURES = {
    "(a) cold build, one briefing": rf"({SECONDS}\s+){{3}}{MEMORY}\s+{VERDICT}",
    "(b) warm render, one briefing (PDF and HTML)": rf"({SECONDS}\s+){{3}}{MEMORY}\s+{VERDICT}",
    "    briefgen, every output (+ record, preview)": rf"({SECONDS}\s*){{3}}",
    "    plain WeasyPrint, same HTML (the floor)": rf"({SECONDS}\s*){{3}}",
    "(b) briefgen, every output / plain WeasyPrint": r"\d+\.\d+×$",
    "    plain WeasyPrint, same HTML, tagged PDF/UA-1": rf"({SECONDS}\s*){{3}}",
    "(c) no-op rebuild, one briefing": rf"({SECONDS}\s+){{3}}{MEMORY}\s+{VERDICT}",
    "(d) build of 8 briefings": rf"({SECONDS}\s+){{3}}{MEMORY}",
    "(d) build of 8 briefings, one core": rf"({SECONDS}\s+){{3}}{MEMORY}",
    "(e) check of one briefing": rf"({SECONDS}\s+){{3}}{MEMORY}",
    "(f) build of 16 briefings (one run)": rf"({SECONDS}\s+){{3}}{MEMORY}",
    '    bare python -c "import weasyprint"': rf"({SECONDS}\s+){{3}}{MEMORY}",
    "    the same, libraries from the linker's cache": rf"({SECONDS}\s+){{3}}{MEMORY}",
    "(a) cold build / import, libraries from the cache": r"\d+\.\d+×$",
    "(a) cold build / bare import": rf"\d+\.\d+×\s+{VERDICT}",
    "(b) briefgen warm render / plain WeasyPrint": rf"\d+\.\d+×\s+{VERDICT}",
    "(d) speed-up, one core / all cores": rf"\d+\.\d+×\s+{VERDICT}",
    "(f) peak RSS of a process, 16 briefings": rf"{MEMORY}\s+{MEMORY_VERDICT}",
    "(f) peak RSS, 16 briefings / 8 briefings": rf"\d+\.\d+×\s+{VERDICT}",
}


@pytest.fixture(scope="module")
def quick_run() -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(HARNESS), "--quick", "--runs", "1"],
        capture_output=True,
        text=True,
        timeout=900,  # a guard against a hang, not a threshold: the machine may be busy
        check=False,
    )


def line_starting(output: str, label: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith(label)]
    assert lines, f"no line starts with {label!r} in:\n{output}"
    return lines[0]


@pytest.mark.slow
def test_a_quick_run_succeeds_and_reports_progress(
    quick_run: subprocess.CompletedProcess[str],
) -> None:
    assert quick_run.returncode == 0, quick_run.stderr
    assert "round 1 of 1" in quick_run.stderr


@pytest.mark.slow
@pytest.mark.parametrize("label", FIGURES)
def test_every_figure_is_printed_with_its_target(
    quick_run: subprocess.CompletedProcess[str], label: str
) -> None:
    line = line_starting(quick_run.stdout, label)
    assert re.fullmatch(rf"{re.escape(label)}\s+{FIGURES[label]}", line), line


@pytest.mark.slow
def test_the_machine_and_the_engine_are_described(
    quick_run: subprocess.CompletedProcess[str],
) -> None:
    assert re.search(r"^machine: .+, \d+ cores \(\d+ usable\)", quick_run.stdout, re.MULTILINE)
    assert re.search(r"Python 3\.\d+\.\d+, WeasyPrint \d+", quick_run.stdout)
    assert re.search(
        r"^load average \(1, 5, 15 min\): [\d., ]+ at the start, [\d., ]+ at the end$",
        quick_run.stdout,
        re.MULTILINE,
    )
    assert re.search(
        r"^HarfBuzz subsetter \(weasyprint\.text\.ffi\.harfbuzz_subset\): (loaded|NOT loaded)",
        quick_run.stdout,
        re.MULTILINE,
    )


@pytest.mark.slow
def test_it_measures_this_checkout_not_the_installed_briefgen(
    quick_run: subprocess.CompletedProcess[str],
) -> None:
    assert f"from {REPOSITORY / 'src' / 'briefgen'}\n" in quick_run.stdout


@pytest.mark.slow
def test_the_notes_say_what_the_build_command_offers(
    quick_run: subprocess.CompletedProcess[str],
) -> None:
    checkout = {**os.environ, "PYTHONPATH": str(REPOSITORY / "src")}  # as the harness runs it
    help_text = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env=checkout,
    ).stdout
    notes = " ".join(quick_run.stdout.split("\nnotes\n", 1)[1].split())
    assert "--quick:" in notes
    assert ("no-op rebuild is a full build" in notes) == ("--force" not in help_text)
    assert ("lists no --jobs" in notes) == ("--jobs" not in help_text)


@pytest.mark.slow
@pytest.mark.browser
def test_the_preview_benchmark_prints_each_save_and_the_median() -> None:
    run = subprocess.run(
        [sys.executable, str(REPOSITORY / "benchmarks" / "preview.py"), "--saves", "2"],
        capture_output=True,
        text=True,
        timeout=600,  # a guard against a hang, not a threshold
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"briefgen serve from {REPOSITORY / 'src'}: 2 timed saves" in run.stdout
    for number in (1, 2):
        saved = line_starting(run.stdout, f"save {number}: ")
        assert re.fullmatch(rf"save {number}: {SECONDS}, page budget's result {SECONDS}", saved)
    words = line_starting(run.stdout, "save to new words on screen")
    assert re.fullmatch(rf"save to new words on screen\s+({SECONDS}\s+){{3}}\s*{VERDICT}", words)
    budget = line_starting(run.stdout, "save to the page budget's result on screen")
    assert re.search(rf"({SECONDS}\s*){{3}}$", budget)


@pytest.mark.slow
def test_the_filter_pages_benchmark_prints_each_size() -> None:
    run = subprocess.run(
        [sys.executable, str(REPOSITORY / "benchmarks" / "filter_pages.py"), "--pages", "9", "20"],
        capture_output=True,
        text=True,
        timeout=600,  # a guard against a hang, not a threshold
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"briefgen from {REPOSITORY / 'src'}" in run.stdout
    # a page a theme, the type's, the year's, and 7 more: the index, its three fragments (the
    # inline-styled and shadow-root ones since issue 20) and the library's other files
    for themes, files in ((9, 18), (20, 29)):
        sized = line_starting(run.stdout, f"{themes:>6}   8 a briefing")
        assert re.search(rf"{SECONDS}\s+{MEMORY}\s+{files}\s+\d+\.\d MB$", sized), sized
