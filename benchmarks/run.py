"""briefgen's benchmarks, beside the floor of its engine (WeasyPrint).

Usage: python benchmarks/run.py [--runs N] [--quick]

It measures the checkout it sits in: its src/ goes first on PYTHONPATH for every
process it starts, whatever briefgen is installed. Whole-process figures run in
rounds, one run of each figure a round, so that a change in the machine's load
spreads over all of them instead of falling on one. It prints medians with min
and max, and PASS or MISS beside each target; it fails only when a command does.
See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from measure import Finished, HarnessError, Timings, time_process
from report import (
    COLUMN_WIDTH,
    LABEL_WIDTH,
    Target,
    format_memory,
    format_value,
    header,
    paired_ratio,
    ratio,
    ratio_line,
    timing_line,
)

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
SOURCE = REPOSITORY / "src"
SEED = "under-twos-repeat-referrals-2020"
PLAIN_HTML = "plain-weasyprint.html"  # written by warm.py into the seed project

# Targets of issue 7; a MISS is reported, never fatal.
WARM_RENDER = Target(0.120, "ms")
COLD_BUILD = Target(0.9, "s")
COLD_OVER_IMPORT = Target(1.6, "x")
NO_OP_REBUILD = Target(0.25, "s")
BATCH_SPEED_UP = Target(1.7, "x", at_least=True)
WARM_OVER_PLAIN = Target(1.05, "x")
# The bound briefgen states for memory (issue 7): no process of a build, the one that
# starts it or a worker, holds more than this at its peak, however many briefings.
PEAK_MEMORY = Target(128 * 1024, "KiB")
# No growth from briefing to briefing: five times the briefings, the same peak.
PEAK_GROWTH = Target(1.10, "x")


@dataclass(frozen=True)
class Plan:
    """How many runs of what: --quick only proves that the harness works."""

    runs: int  # whole-process runs of each figure
    warm_runs: int  # in-process renders, after a warm-up
    batch: int  # briefings in the batch build
    large: int  # briefings in the build that shows memory does not grow
    quick: bool


@dataclass(frozen=True)
class Flags:
    """What `briefgen build --help` offers: options other work may add."""

    force: bool
    jobs: bool


@dataclass
class Results:
    cold: Timings = field(default_factory=Timings)
    no_op: Timings = field(default_factory=Timings)
    bare_import: Timings = field(default_factory=Timings)
    linker_import: Timings = field(default_factory=Timings)
    plain_cold: Timings = field(default_factory=Timings)
    check: Timings = field(default_factory=Timings)
    batch: Timings = field(default_factory=Timings)
    batch_one_core: Timings = field(default_factory=Timings)
    large: Timings = field(default_factory=Timings)
    warm: dict[str, Timings] = field(default_factory=dict)
    harfbuzz_subset: bool = False
    weasyprint: str = ""
    briefgen: str = ""
    briefgen_folder: str = ""  # where the measured briefgen was imported from
    load_at_start: tuple[float, float, float] = (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Bench:
    """The two temporary projects, the environment of the children, the commands."""

    seed: Path  # the example project with the seed briefing only
    batch: Path  # the example project with `plan.batch` copies of the seed
    large: Path  # the example project with `plan.large` copies of the seed
    env: dict[str, str]
    flags: Flags

    def briefgen(self, *arguments: str) -> list[str]:
        return [sys.executable, "-m", "briefgen", *arguments]

    def force(self) -> list[str]:
        return ["--force"] if self.flags.force else []

    def cold_build(self) -> list[str]:
        return self.briefgen("build", f"content/{SEED}.yaml", *self.force())

    def rebuild(self) -> list[str]:
        return self.briefgen("build", f"content/{SEED}.yaml")

    def check(self) -> list[str]:
        return self.briefgen("check", f"content/{SEED}.yaml")

    def batch_build(self) -> list[str]:
        return self.briefgen("build", *self.force())

    def batch_build_one_core(self) -> list[str]:
        """Pinned to one core: `--jobs 1` alone still lets a serial build's PDF engine
        (a process of its own) run beside it on another core."""
        pinned = [taskset(), "-c", str(min(os.sched_getaffinity(0)))]
        if self.flags.jobs:
            return [*pinned, *self.batch_build(), "--jobs", "1"]
        return [*pinned, *self.batch_build()]

    def bare_import(self) -> list[str]:
        return [sys.executable, "-c", "import weasyprint"]

    def linker_import(self) -> list[str]:
        """The import as briefgen's engine makes it: WeasyPrint's libraries found from the
        linker's cache, with no gcc or ld run for the names it cannot find (libraries.py)."""
        script = (
            "from briefgen.engine.libraries import linker_lookups\n"
            "with linker_lookups(): import weasyprint"
        )
        return [sys.executable, "-c", script]

    def plain_cold(self) -> list[str]:
        """Plain WeasyPrint in a new process: briefgen's print HTML to a tagged PDF."""
        script = (
            "import sys, weasyprint; weasyprint.HTML(sys.argv[1]).write_pdf("
            "sys.argv[2], pdf_variant='pdf/ua-1', pdf_tags=True)"
        )
        return [sys.executable, "-c", script, PLAIN_HTML, "plain.pdf"]

    def run(self, command: Sequence[str], folder: Path) -> Finished:
        return time_process(command, folder, self.env)


def taskset() -> str:
    found = shutil.which("taskset")
    if found is None:
        raise HarnessError(
            "briefgen has no --jobs option and taskset is missing, so the one-core build "
            "cannot be measured: install util-linux (which has taskset)"
        )
    return found


def child_environment(bytecode: Path | None = None) -> dict[str, str]:
    """This process's environment, with the checkout's src/ first on the import path.

    With `bytecode`, Python keeps the modules it compiles in that folder (PYTHONPYCACHEPREFIX)
    and is allowed to (PYTHONDONTWRITEBYTECODE removed): an installed briefgen runs from
    bytecode compiled once, when pip installs it, as WeasyPrint does here, while a checkout
    run where PYTHONDONTWRITEBYTECODE is set (as on the machines these figures come from)
    compiles all of briefgen's source again in every process, a cost no user's build pays
    (about 0.15 s of a cold build). The warm-up run compiles it; the checkout is left
    untouched."""
    paths = [str(SOURCE), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    if bytecode is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    return env


def copy_example(target: Path, briefings: Sequence[str]) -> Path:
    """The repository's example project (configuration, logo) with these briefings."""
    target.mkdir(parents=True)
    shutil.copy(REPOSITORY / "briefgen.yaml", target / "briefgen.yaml")
    shutil.copytree(REPOSITORY / "assets", target / "assets")
    (target / "content").mkdir()
    for slug in briefings:
        shutil.copy(REPOSITORY / "content" / f"{SEED}.yaml", target / "content" / f"{slug}.yaml")
    return target


def batch_slugs(count: int) -> list[str]:
    return [f"{SEED}-copy-{number:03d}" for number in range(1, count + 1)]


def read_flags(folder: Path, env: dict[str, str]) -> Flags:
    command = [sys.executable, "-m", "briefgen", "build", "--help"]
    text = time_process(command, folder, env).stdout
    return Flags(force="--force" in text, jobs="--jobs" in text)


def remove_output(folder: Path) -> None:
    shutil.rmtree(folder / "output", ignore_errors=True)


def measure_warm(bench: Bench, plan: Plan, results: Results) -> None:
    """The in-process renders, in a child of their own (see warm.py)."""
    command = [
        sys.executable,
        str(HERE / "warm.py"),
        *("--project", str(bench.seed), "--slug", SEED, "--runs", str(plan.warm_runs)),
        *("--save-html", str(bench.seed / PLAIN_HTML)),
    ]
    finished = bench.run(command, bench.seed)
    measured = json.loads(finished.stdout)
    for name, seconds in measured["timings"].items():
        results.warm[name] = Timings(seconds)
    results.warm["briefgen"].peak_kib = finished.peak_kib
    results.harfbuzz_subset = measured["harfbuzz_subset"]
    results.weasyprint = measured["weasyprint"]
    results.briefgen = measured["briefgen"]
    results.briefgen_folder = measured["briefgen_folder"]


def run_round(bench: Bench, results: Results) -> None:
    """One run of every whole-process figure."""
    remove_output(bench.seed)
    results.cold.add(bench.run(bench.cold_build(), bench.seed))
    results.no_op.add(bench.run(bench.rebuild(), bench.seed))  # nothing changed since
    results.bare_import.add(bench.run(bench.bare_import(), bench.seed))
    results.linker_import.add(bench.run(bench.linker_import(), bench.seed))
    results.plain_cold.add(bench.run(bench.plain_cold(), bench.seed))
    results.check.add(bench.run(bench.check(), bench.seed))
    remove_output(bench.batch)
    results.batch.add(bench.run(bench.batch_build(), bench.batch))
    remove_output(bench.batch)
    results.batch_one_core.add(bench.run(bench.batch_build_one_core(), bench.batch))


def measure_all(bench: Bench, plan: Plan) -> Results:
    results = Results(load_at_start=os.getloadavg())
    progress("priming: one untimed build (byte-compiles, fills the file cache)")
    bench.run(bench.cold_build(), bench.seed)
    progress(f"in-process renders: 1 warm-up and {plan.warm_runs} timed runs of each")
    measure_warm(bench, plan, results)
    for number in range(1, plan.runs + 1):
        progress(f"whole-process figures: round {number} of {plan.runs}")
        run_round(bench, results)
    progress(f"memory: one build of {plan.large} briefings")
    results.large.add(bench.run(bench.batch_build(), bench.large))
    return results


def progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_lines(results: Results) -> list[str]:
    usable = len(os.sched_getaffinity(0))
    subsetter = "loaded" if results.harfbuzz_subset else "NOT loaded (fontTools fallback)"
    return [
        f"machine: {cpu_model()}, {os.cpu_count()} cores ({usable} usable), {platform.system()} "
        f"{platform.release()}",
        f"versions: Python {platform.python_version()}, WeasyPrint {results.weasyprint}, "
        f"briefgen {results.briefgen} from {results.briefgen_folder}",
        f"HarfBuzz subsetter (weasyprint.text.ffi.harfbuzz_subset): {subsetter}",
        f"load average (1, 5, 15 min): {load_average(results.load_at_start)} at the start, "
        f"{load_average(os.getloadavg())} at the end",
    ]


def load_average(load: tuple[float, float, float]) -> str:
    """Runnable processes, averaged: above the number of cores, the figures wait for a core."""
    return ", ".join(f"{value:.2f}" for value in load)


def figure_lines(plan: Plan, results: Results) -> list[str]:
    warm = results.warm
    batch = f"(d) build of {plan.batch} briefings"
    return [
        header(),
        timing_line("(a) cold build, one briefing", results.cold, "s", COLD_BUILD),
        timing_line(
            "(b) warm render, one briefing (PDF and HTML)", warm["briefgen"], "ms", WARM_RENDER
        ),
        timing_line("    briefgen, every output (+ record, preview)", warm["briefgen_all"], "ms"),
        timing_line("    plain WeasyPrint, same HTML (the floor)", warm["plain"], "ms"),
        timing_line("    plain WeasyPrint, same HTML, tagged PDF/UA-1", warm["plain_tagged"], "ms"),
        timing_line("(c) no-op rebuild, one briefing", results.no_op, "s", NO_OP_REBUILD),
        timing_line(batch, results.batch, "s"),
        timing_line(f"{batch}, one core", results.batch_one_core, "s"),
        timing_line("(e) check of one briefing", results.check, "s"),
        timing_line(f"(f) build of {plan.large} briefings (one run)", results.large, "s"),
        timing_line('    bare python -c "import weasyprint"', results.bare_import, "s"),
        timing_line("    the same, libraries from the linker's cache", results.linker_import, "s"),
        timing_line("    plain WeasyPrint cold: same HTML, new process", results.plain_cold, "s"),
    ]


def ratio_lines(plan: Plan, results: Results) -> list[str]:
    warm = results.warm
    return [
        "ratios of medians",
        ratio_line(
            "(a) cold build / bare import",
            ratio(results.cold, results.bare_import),
            COLD_OVER_IMPORT,
        ),
        info_ratio_line(
            "(a) …, paired: median of each round's ratio",
            paired_ratio(results.cold, results.bare_import),
        ),
        info_ratio_line(
            "(a) cold build / import, libraries from the cache",
            ratio(results.cold, results.linker_import),
        ),
        info_ratio_line(
            "(a) cold build / plain WeasyPrint cold",
            ratio(results.cold, results.plain_cold),
        ),
        ratio_line(
            "(b) briefgen warm render / plain WeasyPrint",
            ratio(warm["briefgen"], warm["plain"]),
            WARM_OVER_PLAIN,
        ),
        info_ratio_line(
            "(b) briefgen, every output / plain WeasyPrint",
            ratio(warm["briefgen_all"], warm["plain"]),
        ),
        ratio_line(
            "(d) speed-up, one core / all cores",
            ratio(results.batch_one_core, results.batch),
            BATCH_SPEED_UP,
        ),
        "memory",
        memory_line(f"(f) peak RSS of a process, {plan.large} briefings", results.large),
        ratio_line(
            f"(f) peak RSS, {plan.large} briefings / {plan.batch} briefings",
            (results.large.peak_kib or 0) / (results.batch.peak_kib or 1),
            PEAK_GROWTH,
        ),
    ]


def info_ratio_line(label: str, value: float) -> str:
    """A ratio without a target, for reading another against its floor."""
    return f"{label:<{LABEL_WIDTH}}{format_value(value, 'x'):>{COLUMN_WIDTH}}"


def memory_line(label: str, timings: Timings) -> str:
    """The largest peak of any one process of the build, against the stated bound."""
    peak = timings.peak_kib or 0
    cell = f"{format_memory(peak):>{COLUMN_WIDTH}}"
    return f"{label:<{LABEL_WIDTH}}{cell}{'':>{3 * COLUMN_WIDTH}}  {PEAK_MEMORY.verdict(peak)}"


def note_lines(bench: Bench, plan: Plan) -> list[str]:
    """What the reader must know to read the figures right."""
    notes = []
    if plan.quick:
        notes.append(
            f"--quick: {plan.runs} run(s) a figure, {plan.warm_runs} warm runs, "
            f"{plan.batch} briefings instead of 40 and {plan.large} instead of 200; the "
            "figures prove the harness works, they are not measurements"
        )
    if bench.flags.force:
        notes.append("(a) and (d) pass --force; (c) does not, so it may skip unchanged work")
    else:
        notes.append(
            "(c) `briefgen build --help` lists no --force: incremental builds have not "
            "landed, so this no-op rebuild is a full build"
        )
    if bench.flags.jobs:
        notes.append(
            "(d) one core: --jobs 1, pinned to one core with taskset; all cores: briefgen's default"
        )
    else:
        notes.append(
            "(d) `briefgen build --help` lists no --jobs: builds are serial, and the one-core "
            "run is pinned with taskset, so expect a speed-up near 1×"
        )
    if len(os.sched_getaffinity(0)) < 2:
        notes.append("(d) this process may use only one core: the speed-up cannot show")
    notes.append(
        "every process runs from compiled bytecode, as an installed briefgen and WeasyPrint "
        "do (kept in the benchmark's temporary folder; the warm-up compiles it), and from "
        "the templates Jinja compiled in the warm-up (briefgen.render.template_cache)"
    )
    notes.append(
        "peak RSS: ru_maxrss of each child process, the largest over the runs; the figure "
        "on (b) is that of the one process that made all three in-process renders. A build's "
        "figure is the largest of its own and its workers' (wait4 counts the child and the "
        "descendants it reaped): one process's peak, not their sum"
    )
    return [
        "notes",
        *(textwrap.fill(note, 100, initial_indent="- ", subsequent_indent="  ") for note in notes),
    ]


def report(bench: Bench, plan: Plan, results: Results) -> str:
    title = (
        f"briefgen benchmarks: {plan.runs} run(s) of each whole-process figure, "
        f"{plan.warm_runs} warm in-process runs after a warm-up"
    )
    sections = [
        [title, *machine_lines(results)],
        figure_lines(plan, results),
        ratio_lines(plan, results),
        note_lines(bench, plan),
    ]
    return "\n\n".join("\n".join(section) for section in sections)


def make_plan(arguments: argparse.Namespace) -> Plan:
    if arguments.quick:
        return Plan(
            runs=arguments.runs or 1,
            warm_runs=max(5, arguments.runs or 0),
            batch=8,
            large=16,
            quick=True,
        )
    runs = arguments.runs or 5
    return Plan(runs=runs, warm_runs=max(20, runs), batch=40, large=200, quick=False)


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/run.py", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--runs",
        type=positive,
        default=None,
        help="runs of each whole-process figure (default 5; 1 with --quick); "
        "the in-process renders run at least 20 times (5 with --quick)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="few runs and 8 briefings instead of 40: proves the harness works, in a minute",
    )
    return parser.parse_args(argv)


def positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    plan = make_plan(parse_arguments(argv))
    with tempfile.TemporaryDirectory(prefix="briefgen-bench-") as temporary:
        folder = Path(temporary)
        env = child_environment(bytecode=folder / "bytecode")
        seed = copy_example(folder / "seed", [SEED])
        batch = copy_example(folder / "batch", batch_slugs(plan.batch))
        large = copy_example(folder / "large", batch_slugs(plan.large))
        try:
            bench = Bench(seed, batch, large, env, read_flags(seed, env))
            results = measure_all(bench, plan)
        except HarnessError as error:
            print(f"benchmark failed: {error}", file=sys.stderr)
            return 1
    print(report(bench, plan, results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
