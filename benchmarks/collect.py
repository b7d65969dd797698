"""How long `briefgen collect` takes on a folder of returned records (issue 22).

Usage: python benchmarks/collect.py [--records 500] [--runs 3]

A temporary copy of the example project; its seed briefing's discussion record, filled in
as a team would (every field, a different team each, one in ten with a name the
personal-data guard holds back), saved --records times into a folder of returns, ten
subfolders of them. Each run is a new process, `python -m briefgen collect FOLDER`, timed
whole (start-up, every file read through the gate, opened, read by its tags and guarded,
the impact report (its page in full, its PDF a digest) and the tables written); the medians
of wall-clock and processor time (the machine is shared: processor time is what briefgen
spent) and the peak memory are printed. The target: under 10 s for 500 records.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from measure import time_process

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
TARGET = 10.0  # seconds, for 500 records
SEED = "under-twos-repeat-referrals-2020"


def make_returns(project: Path, folder: Path, records: int) -> None:
    """The folder of returns: the seed's record filled in `records` times."""
    sys.path[:0] = [str(REPOSITORY / "src"), str(REPOSITORY)]
    from tests.support.records import FILLED, fill, record_of  # noqa: PLC0415

    blank = record_of(project, SEED)
    for number in range(records):
        values = {**FILLED, "team": f"Team {number}", "date_sent": f"{number % 28 + 1} March 2026"}
        if number % 10 == 0:
            values["answer.2"] = f"We discussed this with Mrs Hill{number}."
        target = folder / f"agency {number % 10}" / f"record {number}.docx"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(fill(blank, values))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefgen-collect-") as temporary:
        project = Path(temporary) / "project"
        project.mkdir()
        shutil.copy(REPOSITORY / "briefgen.yaml", project)
        shutil.copytree(REPOSITORY / "assets", project / "assets")
        shutil.copytree(REPOSITORY / "content", project / "content")
        returns = Path(temporary) / "returns"
        print(f"making {arguments.records} records…", file=sys.stderr)
        make_returns(project, returns, arguments.records)
        environment = {**os.environ, "PYTHONPATH": str(REPOSITORY / "src")}
        command = [sys.executable, "-m", "briefgen", "collect", str(returns)]
        finished, processor = [], []
        for _ in range(arguments.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            finished.append(time_process(command, project, environment, ok=(0, 1)))
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            spent = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            processor.append(spent)
    seconds = statistics.median(run.seconds for run in finished)
    memory = max(run.peak_kib for run in finished) // 1024
    load = os.getloadavg()[0]
    verdict = "PASS" if seconds < TARGET * arguments.records / 500 else "MISS"
    print(
        f"collect, {arguments.records} records: {seconds:.2f} s wall, "
        f"{statistics.median(processor):.2f} s processor (medians of {arguments.runs}; load "
        f"average {load:.1f}), {memory} MiB; target < {TARGET * arguments.records / 500:.1f} s"
        f"  {verdict}"
    )


if __name__ == "__main__":
    main()
