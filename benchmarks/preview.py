"""How long `briefgen serve` takes from saving a briefing to its new words on screen.

Usage: python benchmarks/preview.py [--saves N]

A real `briefgen serve` process previews a temporary copy of the example project;
Debian's Chromium, driven by Playwright, shows the seed briefing's web page. Each save
rewrites the briefing's title with new words, as an editor saves it; the time runs from
just before the write to the first animation frame whose page shows the new title. Before
the next save the harness waits until the server has printed the briefing's outcome
(its PDF is laid out) and the page has settled, so that saves never overlap. One untimed
save comes first (lazy imports, caches). It prints each save's time and the median, and,
where the preview shows it, the time until the page shows the page budget's result of
the new PDF.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from measure import HarnessError, Timings
from playwright.sync_api import Page, sync_playwright
from report import Target, format_value, header, timing_line
from run import SEED, SOURCE, child_environment, copy_example, load_average, positive, progress

SAVE_TO_SCREEN = Target(0.30, "s")  # issue 13: the comms team edits while watching the page
CHROMIUM = "/usr/bin/chromium"  # Debian's, not Playwright's own download
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
TITLE = "Children under two with repeated contacts and referrals"
SAVE_WORDS = ("untimed", "first", "second", "third", "fourth", "fifth", "sixth", "seventh")
DEADLINE = 120.0  # seconds: a guard against a hang, not a figure
SETTLE = 1.0  # seconds after a build's outcome before the next save
NEW_WORDS = "title => document.querySelector('h1')?.innerText.includes(title)"
BUDGET_SHOWN = (
    "title => document.querySelector('h1')?.innerText.includes(title) && "
    "document.querySelector('.briefgen-status')?.innerText.includes('fits its page budget')"
)


class Server:
    """A `briefgen serve --port 0` process and the lines it printed so far."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefgen", "serve", "--port", "0", "--project", str(project)],
            env=child_environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert self.process.stdout is not None
        self.reader = threading.Thread(target=self.drain, args=(self.process.stdout,))
        self.reader.start()

    def drain(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.append(line)

    def wait_for(self, found: Callable[[], object], what: str) -> None:
        deadline = time.monotonic() + DEADLINE
        while not found():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise HarnessError(f"no {what}; the server printed:\n{''.join(self.lines)}")
            time.sleep(0.02)

    def url(self) -> str:
        self.wait_for(lambda: self.address(), "address")
        address = self.address()
        assert address is not None
        return address

    def address(self) -> str | None:
        for line in list(self.lines):
            match = re.search(r"Serving the preview at (http://127\.0\.0\.1:\d+/)", line)
            if match:
                return match.group(1)
        return None

    def outcomes(self) -> int:
        """How many times the seed briefing's outcome was printed (its PDF laid out)."""
        return sum(f"content/{SEED}.yaml (" in line for line in list(self.lines))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=DEADLINE)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.reader.join(timeout=DEADLINE)
        assert self.process.stdout is not None
        self.process.stdout.close()


@dataclass(frozen=True)
class Save:
    words: float  # seconds from the save to its new words on screen
    budget: float | None  # ... to the page budget's result on screen, where the preview shows it


def save_and_time(server: Server, page: Page, source: Path, words: str) -> Save:
    """Save a new title; the seconds until the page shows it, and until it shows the page
    budget's result of its PDF. Returns once the build is done."""
    title = f"{TITLE}, {words} save"
    text = re.sub(r"^title: .*$", f"title: {title}", source.read_text(), flags=re.MULTILINE)
    printed = server.outcomes()
    start = time.perf_counter()
    source.write_text(text)
    page.wait_for_function(NEW_WORDS, arg=title, polling="raf", timeout=DEADLINE * 1000)
    shown = time.perf_counter() - start
    budget = None
    if page.query_selector(".briefgen-status") is not None:
        page.wait_for_function(BUDGET_SHOWN, arg=title, polling="raf", timeout=DEADLINE * 1000)
        budget = time.perf_counter() - start
    server.wait_for(lambda: server.outcomes() > printed, "outcome of the rebuild")
    time.sleep(SETTLE)
    return Save(shown, budget)


def measure(saves: int) -> tuple[Timings, Timings]:
    """The timings of the new words on screen, and of the page budget's result."""
    timings, budgets = Timings(), Timings()
    with tempfile.TemporaryDirectory(prefix="briefgen-preview-") as temporary:
        project = copy_example(Path(temporary) / "project", [SEED])
        source = project / "content" / f"{SEED}.yaml"
        server = Server(project)
        try:
            url = server.url()
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                try:
                    page = browser.new_page()
                    page.goto(f"{url}{SEED}/", wait_until="load")
                    progress("one untimed save")
                    save_and_time(server, page, source, SAVE_WORDS[0])
                    for number in range(1, saves + 1):
                        words = SAVE_WORDS[number] if number < len(SAVE_WORDS) else str(number)
                        save = save_and_time(server, page, source, words)
                        budget = "" if save.budget is None else format_value(save.budget, "s")
                        print(
                            f"save {number}: {format_value(save.words, 's')}"
                            + (f", page budget's result {budget}" if budget else ""),
                            flush=True,
                        )
                        timings.seconds.append(save.words)
                        if save.budget is not None:
                            budgets.seconds.append(save.budget)
                finally:
                    browser.close()
        finally:
            server.stop()
    return timings, budgets


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/preview.py", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--saves", type=positive, default=5, help="timed saves (default 5)")
    arguments = parser.parse_args(argv)
    print(f"briefgen serve from {SOURCE}: {arguments.saves} timed saves after an untimed one")
    load_at_start = os.getloadavg()
    try:
        timings, budgets = measure(arguments.saves)
    except HarnessError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    print(
        f"load average (1, 5, 15 min): {load_average(load_at_start)} at the start, "
        f"{load_average(os.getloadavg())} at the end"
    )
    print(header())
    print(timing_line("save to new words on screen", timings, "s", SAVE_TO_SCREEN))
    if budgets.seconds:
        print(timing_line("save to the page budget's result on screen", budgets, "s"))
    else:
        print("(this preview shows no page budget's result)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
