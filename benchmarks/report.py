"""The harness's report: one line a figure, with its target and PASS or MISS beside it.

A target is information for the reader, not a test: a MISS never changes the
exit code, because figures from a busy machine say little about the code.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from measure import Timings

LABEL_WIDTH = 52
COLUMN_WIDTH = 10


@dataclass(frozen=True)
class Target:
    """A limit a figure should stay under (a time) or reach (a speed-up)."""

    limit: float
    unit: str  # "s", "ms", "KiB" (shown in MiB) or "x"
    at_least: bool = False

    def met(self, value: float) -> bool:
        return value >= self.limit if self.at_least else value <= self.limit

    def describe(self) -> str:
        sign = "≥" if self.at_least else "≤"
        return f"{sign} {format_value(self.limit, self.unit)}"

    def verdict(self, value: float) -> str:
        return f"{self.describe():<12}{'PASS' if self.met(value) else 'MISS'}"


def format_value(value: float, unit: str) -> str:
    """Seconds as "1.234 s" or "56.7 ms"; a ratio as "1.23×"."""
    if unit == "ms":
        return f"{value * 1000:.1f} ms"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "KiB":
        return format_memory(round(value))
    return f"{value:.2f}×"


def format_memory(kib: int | None) -> str:
    return "" if kib is None else f"{kib / 1024:.0f} MiB"


def header() -> str:
    columns = ("median", "min", "max", "peak RSS")
    return (
        f"{'figure':<{LABEL_WIDTH}}"
        + "".join(f"{c:>{COLUMN_WIDTH}}" for c in columns)
        + ("  target")
    )


def timing_line(label: str, timings: Timings, unit: str, target: Target | None = None) -> str:
    """A figure's median, min and max, its peak memory, and its target if it has one."""
    values = (timings.median, timings.fastest, timings.slowest)
    cells = [format_value(value, unit) for value in values] + [format_memory(timings.peak_kib)]
    line = f"{label:<{LABEL_WIDTH}}" + "".join(f"{cell:>{COLUMN_WIDTH}}" for cell in cells)
    if target is not None:
        line += f"  {target.verdict(timings.median)}"
    return line.rstrip()


def ratio_line(label: str, ratio: float, target: Target) -> str:
    """A ratio of two medians, with its target."""
    cell = f"{format_value(ratio, 'x'):>{COLUMN_WIDTH}}"
    return f"{label:<{LABEL_WIDTH}}{cell}{'':>{3 * COLUMN_WIDTH}}  {target.verdict(ratio)}"


def ratio(numerator: Timings, denominator: Timings) -> float:
    return numerator.median / denominator.median


def paired_ratio(numerator: Timings, denominator: Timings) -> float:
    """The median of the ratios of runs taken together (the n-th of each, seconds apart):
    steadier than a ratio of medians where the machine's speed drifts between rounds."""
    return statistics.median(
        top / bottom for top, bottom in zip(numerator.seconds, denominator.seconds, strict=True)
    )
