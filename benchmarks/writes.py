"""How long briefgen takes to replace a briefing's files.

Usage: python benchmarks/writes.py [--runs N]

Writes the seed briefing's six outputs (a PDF of about the size briefgen makes, its
discussion record and four web pages) over their previous versions with
`write_files_atomically` (briefgen.gate), N times. Each write is made durable (fsync), so
the figures depend on the disk more than on briefgen. It prints the median and the
slowest, in a temporary folder on the file system that holds the system's temporary
folder.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import tempfile
import time
from pathlib import Path

from briefgen.gate import write_files_atomically

SIZES = {  # bytes, about those of the seed briefing's outputs
    "briefing.pdf": 90_000,
    "briefing-discussion-record.docx": 22_000,
    "index.html": 60_000,
    "fragment.html": 50_000,
    "fragment-inline.html": 120_000,
    "fragment-shadow.html": 50_000,
}


def time_writes(folder: Path, runs: int) -> list[float]:
    files = {name: secrets.token_bytes(size) for name, size in SIZES.items()}
    write_files_atomically(folder, files)  # the previous outputs, and one warm-up
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        write_files_atomically(folder, files)
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as temporary:
        seconds = time_writes(Path(temporary) / "briefing", runs)
        print(
            f"median {statistics.median(seconds) * 1000:6.2f} ms"
            f"   slowest {max(seconds) * 1000:6.2f} ms   ({runs} writes of {len(SIZES)} files)"
        )


if __name__ == "__main__":
    main()
