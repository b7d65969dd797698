"""`briefgen serve` as the comms team runs it: a real server process, edited files, a browser.

Waits poll with a generous deadline (the machine is shared and noisy); no fixed sleep is
an assertion.
"""

from __future__ import annotations

import http.client
import io
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import IO, Any, TypeVar

import pypdf
import pytest
from playwright.sync_api import Browser

from briefgen.errors import Mistake
from briefgen.outcomes import Outcome
from briefgen.preview.connections import MAX_CONNECTIONS, MAX_EVENT_STREAMS, ConnectionPool
from briefgen.preview.pages import EVENTS_PATH, HOST_PAGE, PdfState, preview_bar
from briefgen.preview.server import (
    BACKLOG,
    Changed,
    Listening,
    Previewed,
    PreviewServer,
    ServeEvent,
    Site,
    Status,
    free_port_after,
    is_own_host,
    request_parts,
)
from briefgen.publish.incremental import Fingerprint, Inputs
from briefgen.render.renderer import builtin_theme
from tests.support.processes import running
from tests.support.project import SEED, SEED_SLUG, Runner, copy_example
from tests.support.text import normalise, parse_html, pdf_text

DEADLINE = 90.0  # seconds: a safety net for a loaded machine, not a speed requirement
TITLE = "Children under two with repeated contacts and referrals"
NEW_TITLE = "Babies under two referred again and again"
PAGE = f"/{SEED_SLUG}/"
PDF = f"/{SEED_SLUG}/{SEED_SLUG}.pdf"
T = TypeVar("T")


@dataclass(frozen=True)
class Fetched:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        """The visible words of an HTML response, scripts and styles left out."""
        return normalise(" ".join(parse_html(self.body.decode()).text))


@dataclass
class Server:
    """A `briefgen serve` process and what it printed so far."""

    process: subprocess.Popen[str]
    project: Path
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)
    port: int = 0

    @property
    def content(self) -> Path:
        return self.project / "content" / SEED.name

    def get(self, path: str, method: str = "GET") -> Fetched:
        return fetch(self.port, path, method)

    def wait_for(self, condition: Callable[[], T | None], what: str) -> T:
        """Poll until `condition` gives a result; fail if the server dies or time runs out."""
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            result = condition()
            if result:
                return result
            if self.process.poll() is not None:
                pytest.fail(f"the server stopped while waiting for {what}:\n{''.join(self.err)}")
            time.sleep(0.2)
        pytest.fail(f"timed out waiting for {what}:\n{''.join(self.out)}\n{''.join(self.err)}")

    def wait_for_text(self, path: str, *phrases: str) -> Fetched:
        def served() -> Fetched | None:
            fetched = self.get(path)
            return fetched if all(phrase in fetched.text for phrase in phrases) else None

        return self.wait_for(served, f"{phrases} at {path}")

    def interrupt(self) -> int:
        """Ctrl-C, as in a terminal."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=DEADLINE)


def fetch(port: int, path: str, method: str = "GET") -> Fetched:
    # http.client, not urllib: a proxy from the environment must not see the request.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return Fetched(response.status, headers, response.read())
    finally:
        connection.close()


def wait_until(condition: Callable[[], T | None], what: str) -> T:
    """Poll until `condition` gives a result, or fail after the deadline."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


@dataclass
class InProcess:
    """A PreviewServer in a thread of this process, and every event it reported."""

    preview: PreviewServer
    events: list[ServeEvent]

    @property
    def port(self) -> int:
        return int(self.preview.http.server_port)

    def wait_for_text(self, path: str, *phrases: str) -> Fetched:
        def served() -> Fetched | None:
            fetched = fetch(self.port, path)
            return fetched if all(phrase in fetched.text for phrase in phrases) else None

        return wait_until(served, f"{phrases} at {path}")


@contextmanager
def previewing(
    project: Path, hook: Callable[[ServeEvent], None] | None = None, **options: Any
) -> Iterator[InProcess]:
    """`briefgen serve` in a thread, so that a test can see its events as they happen:
    `hook` is called with each, in the thread that reports it; `options` go to the
    PreviewServer (its timeout, its pool of connections)."""
    events: list[ServeEvent] = []
    listening = threading.Event()

    def notify(event: ServeEvent) -> None:
        events.append(event)
        if hook is not None:
            hook(event)
        if isinstance(event, Listening):
            listening.set()

    preview = PreviewServer(project.resolve(), 0, notify, **options)
    runner = threading.Thread(target=preview.run)
    runner.start()
    try:
        assert listening.wait(DEADLINE), f"the preview did not start: {events}"
        yield InProcess(preview, events)
    finally:
        if listening.is_set():
            preview.stop()
        runner.join(DEADLINE)
        assert not runner.is_alive(), "the preview stopped"


def _drain(stream: IO[str], lines: list[str]) -> None:
    for line in stream:
        lines.append(line)


@contextmanager
def serving(project: Path) -> Iterator[Server]:
    """`briefgen serve --port 0` (a free port, printed) in its own process."""
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "serve", "--port", "0", "--project", str(project)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    server = Server(process, project)
    assert process.stdout
    assert process.stderr
    readers = [
        threading.Thread(target=_drain, args=(process.stdout, server.out), daemon=True),
        threading.Thread(target=_drain, args=(process.stderr, server.err), daemon=True),
    ]
    for reader in readers:
        reader.start()
    try:
        server.port = server.wait_for(lambda: _port_in(server.out), "the server to listen")
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=DEADLINE)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for reader in readers:
            reader.join(timeout=DEADLINE)
        process.stdout.close()
        process.stderr.close()


def _port_in(lines: list[str]) -> int | None:
    for line in list(lines):
        match = re.search(r"Serving the preview at http://127\.0\.0\.1:(\d+)/", line)
        if match:
            return int(match.group(1))
    return None


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def line_of(path: Path, text: str) -> int:
    lines = path.read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


@pytest.fixture
def server(project_folder: Path) -> Iterator[Server]:
    """A server of its own, on a fresh copy of the example project: edit it freely."""
    with serving(project_folder) as running:
        yield running


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the tests that only read: never edit its project."""
    project = copy_example(tmp_path_factory.mktemp("shared") / "project")
    with serving(project) as running:
        yield running


# Rebuilding what changed


@pytest.mark.slow
def test_an_edit_is_served_again_and_only_its_briefing_is_rebuilt(project_folder: Path) -> None:
    other = project_folder / "content" / "second-briefing.yaml"
    shutil.copy(SEED, other)
    with serving(project_folder) as server:
        assert TITLE in server.get(PAGE).text
        printed = len(server.out)

        replace_in(server.content, f"title: {TITLE}", f"title: {NEW_TITLE}")

        server.wait_for_text(PAGE, NEW_TITLE)
        server.wait_for_text(f"/{SEED_SLUG}/{HOST_PAGE}", NEW_TITLE)
        server.wait_for_text("/", NEW_TITLE)
        pdf = pypdf.PdfReader(io.BytesIO(server.get(PDF).body))
        assert NEW_TITLE in normalise(" ".join(page.extract_text() for page in pdf.pages))
        assert TITLE in server.get("/second-briefing/").text, "the other briefing is unchanged"
        rebuilt = "".join(server.out[printed:])
        assert f"Changed: content/{SEED.name}; rebuilding" in rebuilt
        assert f"content/{SEED.name} (2 pages)" in rebuilt
        assert "second-briefing.yaml" not in rebuilt, "only the edited briefing is rebuilt"


@pytest.mark.slow
def test_a_broken_edit_shows_the_mistake_and_a_fix_shows_the_briefing(server: Server) -> None:
    line = line_of(server.content, "key_message:")
    replace_in(server.content, "key_message:", "key_mesage:")

    shown = server.wait_for_text(PAGE, f"content/{SEED.name}:{line}")
    assert "did you mean `key_message`?" in shown.text
    assert "Fix:" in shown.text
    assert TITLE not in shown.text
    pdf_link = f'<a href="{PDF}">Last good PDF (from before these mistakes)</a>'
    assert pdf_link in shown.body.decode(), "the PDF it links to is not passed off as the latest"
    assert "the PDF link gives the last good PDF" in shown.text
    assert server.get(PDF).status == 200
    assert server.process.poll() is None, "the server keeps running"
    index = server.get("/").text
    assert "Briefings with mistakes to fix" in index
    assert f"content/{SEED.name}" in index

    replace_in(server.content, "key_mesage:", "key_message:")

    fixed = server.wait_for_text(PAGE, TITLE, "The PDF fits its page budget")
    assert f'<a href="{PDF}">PDF</a>' in fixed.body.decode()
    assert "Briefings with mistakes to fix" not in server.get("/").text
    assert server.process.poll() is None


@pytest.mark.slow
def test_a_save_is_seen_through_file_events_not_by_polling(project_folder: Path) -> None:
    """The edit keeps the file's size, time and inode: only a file event can reveal it."""
    source = project_folder / "content" / SEED.name
    same_size = TITLE.replace("under two", "under one")
    assert len(same_size) == len(TITLE)
    with previewing(project_folder) as running:
        before = source.stat()
        replace_in(source, f"title: {TITLE}", f"title: {same_size}")
        os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
        after = source.stat()
        assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
            before.st_size,
            before.st_mtime_ns,
            before.st_ino,
        )

        running.wait_for_text(PAGE, same_size)
    assert Changed((Path("content") / SEED.name,)) in running.events


@pytest.mark.slow
def test_the_web_page_is_shown_before_the_pdf_is_laid_out(project_folder: Path) -> None:
    pdf = project_folder / "output" / SEED_SLUG / f"{SEED_SLUG}.pdf"
    ports: list[int] = []
    seen: list[tuple[Fetched, bytes]] = []  # the page and the PDF as the web page is shown

    def look(event: ServeEvent) -> None:
        # Called before the PDF's layout is queued: nothing can lay it out meanwhile.
        if isinstance(event, Previewed):
            seen.append((fetch(ports[0], PAGE), pdf.read_bytes()))

    with previewing(project_folder, look) as running:
        ports.append(running.port)
        old_pdf = pdf.read_bytes()
        save_by_renaming(project_folder / "content" / SEED.name, TITLE, NEW_TITLE)

        done = running.wait_for_text(PAGE, NEW_TITLE, "The PDF fits its page budget: 2 pages.")
    assert len(seen) == 1
    page, pdf_then = seen[0]
    assert NEW_TITLE in page.text, "the new words are on the web page"
    assert "Laying out the PDF" in page.text
    assert "Previous PDF (the new one is being laid out)" in page.text
    assert "Discussion record for teams (Word document, " in page.text, "as the build linked it"
    assert pdf_then == old_pdf, "while the PDF was still the old one"
    assert "Laying out the PDF" not in done.text
    assert NEW_TITLE in pdf_text(pdf), "then the PDF follows"
    kinds = [type(event) for event in running.events]
    assert kinds[kinds.index(Changed) :] == [Changed, Previewed, Outcome]


def save_by_renaming(path: Path, old: str, new: str) -> None:
    """Save as many editors do, in one step: write a copy, then rename it over the file."""
    copy = path.with_name(f".{path.name}.saving")
    copy.write_text(path.read_text().replace(old, new))
    copy.replace(path)


def test_the_preview_bar_says_where_the_pdf_stands() -> None:
    link = f'href="/{SEED_SLUG}/{SEED_SLUG}.pdf"'

    def bar(pdf: PdfState) -> str:
        return preview_bar(SEED_SLUG, PAGE, pdf)

    fits = bar(PdfState(exists=True, pages=2, notes=("the last page is only 30% full",)))
    assert f"{link}>PDF</a>" in fits
    assert "The PDF fits its page budget: 2 pages. The last page is only 30% full." in fits
    pending = bar(PdfState(exists=True, laying_out=True, pages=2))
    assert f"{link}>Previous PDF (the new one is being laid out)</a>" in pending
    assert "Laying out the PDF" in pending
    broken = bar(PdfState(exists=True, broken=True, pages=2))
    assert f"{link}>Last good PDF (from before these mistakes)</a>" in broken
    assert "the PDF link gives the last good PDF, from before them" in broken
    never_built = bar(PdfState(exists=False, broken=True))
    assert link not in never_built, "no link to a PDF that does not exist"
    assert "PDF (none yet: fix the mistakes first)" in never_built
    assert link not in bar(PdfState(exists=False, laying_out=True))


@pytest.mark.slow
def test_a_briefing_that_breaks_the_build_does_not_stop_the_watching(server: Server) -> None:
    """A finding nested 500 deep made WeasyPrint raise RecursionError, which ended the watcher."""
    finding = "Immediate safeguarding concerns are referred quickly"
    deep = '"' + "*" * 500 + "a" + "*" * 500 + '"'
    replace_in(server.content, finding, deep)
    shown = server.wait_for_text(PAGE, "mistakes to fix")
    assert TITLE not in shown.text
    assert server.process.poll() is None, "the server keeps running"

    replace_in(server.content, deep, finding)
    replace_in(server.content, f"title: {TITLE}", f"title: {NEW_TITLE}")
    server.wait_for_text(PAGE, NEW_TITLE)
    assert "Traceback" not in "".join(server.err)


@pytest.mark.slow
def test_settings_and_the_project_templates_are_watched(server: Server) -> None:
    override = server.project / "templates" / "blocks" / "key_message.html.j2"
    override.parent.mkdir(parents=True)
    override.write_text('<p class="bg-key-message">Our own words: {{ block.data.html }}</p>\n')
    server.wait_for_text(PAGE, "Our own words: Remember safeguarding")

    settings = server.project / "briefgen.yaml"
    line = line_of(settings, "primary:")
    replace_in(settings, '"#00558C"', "dark blue")
    shown = server.wait_for_text("/", f"briefgen.yaml:{line}")
    assert "is not a colour" in shown.text
    assert "is not a colour" in server.get(PAGE).text

    replace_in(settings, "dark blue", '"#00558C"')
    server.wait_for_text("/", TITLE)
    server.wait_for_text(PAGE, "Our own words")


def test_the_watched_inputs_are_the_hashed_inputs(project_folder: Path) -> None:
    override = project_folder / "templates" / "css" / "web.css"
    override.parent.mkdir(parents=True)
    override.write_text("/* the project's own */\n")
    snippet = project_folder / "content" / "snippets" / "about-this-series.yaml"
    snippet.parent.mkdir()
    snippet.write_text("note: Part of a series.\n")
    inputs = Inputs(project_folder, "assets/logo.svg")
    files = inputs.files()
    for expected in (
        project_folder / "briefgen.yaml",
        project_folder / "content" / SEED.name,
        snippet,
        override,
        project_folder / "assets" / "logo.svg",
        project_folder / "assets" / "home-visit.svg",  # an image a briefing may show
        builtin_theme() / "css" / "briefing.css",
        builtin_theme() / "fonts" / "BriefgenSans-Regular.ttf",
        builtin_theme() / "blocks" / "findings.html.j2",
        builtin_theme() / "layouts" / "audit-summary.yaml",
    ):
        assert expected in files, expected
    assert all(inputs.covers(path) for path in files), "every input is watched"
    assert inputs.covers(project_folder / "content" / "not-written-yet.yml")
    assert inputs.covers(project_folder / "content" / "snippets" / "not-written-yet.yaml")
    assert inputs.covers(project_folder / "templates" / "blocks" / "key_message.html.j2")
    assert inputs.covers(project_folder / "assets" / "photos" / "not-added-yet.jpg")
    assert inputs.covers(project_folder / "logos" / "a-briefings-own-logo.png")
    ignored_files = ("content/notes.txt", "notes.txt", "assets/notes.txt")
    for ignored in ("output/index.html", "output/a/preview.png", *ignored_files):
        assert not inputs.covers(project_folder / ignored), ignored
    # What is watched is what the build hashes: a change to each shared input rebuilds.
    for shared in (project_folder / "briefgen.yaml", project_folder / "assets" / "logo.svg"):
        before = Fingerprint(project_folder, "assets/logo.svg", {}).shared
        shared.write_bytes(shared.read_bytes() + b"\n")
        assert Fingerprint(project_folder, "assets/logo.svg", {}).shared != before, shared
    before = Fingerprint(project_folder, "assets/logo.svg", {}).shared
    override.write_text("/* changed */\n")
    assert Fingerprint(project_folder, "assets/logo.svg", {}).shared != before


# What is served, and how


@pytest.mark.slow
def test_the_server_listens_on_loopback_only(shared: Server) -> None:
    listening = {
        row[1].split(":")[0]
        for row in _socket_rows(Path("/proc/net/tcp"))
        if row[1].endswith(f":{shared.port:04X}") and row[3] == "0A"
    }
    assert listening == {"0100007F"}, "bound to 127.0.0.1, not 0.0.0.0"
    assert not [
        row
        for row in _socket_rows(Path("/proc/net/tcp6"))
        if row[1].endswith(f":{shared.port:04X}") and row[3] == "0A"
    ]
    address = _non_loopback_address()
    if address is not None:
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection((address, shared.port), timeout=10).close()


def _socket_rows(table: Path) -> list[list[str]]:
    if not table.exists():
        return []
    return [line.split() for line in table.read_text().splitlines()[1:]]


def _non_loopback_address() -> str | None:
    """This machine's address on its default route, if it has one (no packet is sent)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("198.51.100.1", 9))
        address = str(probe.getsockname()[0])
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") else address


def test_the_reload_script_is_served_and_never_written(shared: Server) -> None:
    for path in ("/", PAGE, f"/{SEED_SLUG}/index.html", f"/{SEED_SLUG}/{HOST_PAGE}", "/nope"):
        body = shared.get(path).body.decode()
        assert '<script id="briefgen-reload">' in body, path
        assert "new EventSource(" in body, path
    fragment = shared.get(f"/{SEED_SLUG}/fragment.html").body.decode()
    assert '<script id="briefgen-reload">' in fragment
    written = list((shared.project / "output").rglob("*.html"))
    # The page and three fragments; the index, its filter pages and its fragment.
    assert len([file for file in written if file.parent.name == SEED_SLUG]) == 4
    assert {"index.html", "index-fragment.html"} <= {file.name for file in written}
    for file in written:
        text = file.read_text().lower()
        assert "<script" not in text, file
        assert "eventsource" not in text, file
        assert "briefgen-preview" not in text, file


def test_the_event_stream_sends_the_current_generation(shared: Server) -> None:
    served = re.search(r'var served = "([^"]+)"', shared.get(PAGE).body.decode())
    assert served
    connection = http.client.HTTPConnection("127.0.0.1", shared.port, timeout=30)
    try:
        connection.request("GET", "/__briefgen__/events")
        response = connection.getresponse()
        assert response.getheader("Content-Type") == "text/event-stream"
        lines = [response.readline() for _ in range(3)]
    finally:
        connection.close()
    assert f"data: {served.group(1)}\n".encode() in lines


@pytest.mark.parametrize(
    "path",
    [
        "/../briefgen.yaml",
        "/%2e%2e/briefgen.yaml",
        "/%2E%2E/briefgen.yaml",
        "/..%2fbriefgen.yaml",
        "/%2e%2e%2fbriefgen.yaml",
        f"/{SEED_SLUG}/../../briefgen.yaml",
        f"/{SEED_SLUG}/..%2f..%2fbriefgen.yaml",
        f"/{SEED_SLUG}/%2e%2e%2f%2e%2e%2fbriefgen.yaml",
        "/%252e%252e/briefgen.yaml",
        "/..%5cbriefgen.yaml",
        "/%2e%2e/content/" + SEED.name,
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/.briefgen.lock",
        "../briefgen.yaml",
        "/%ff%fe",
    ],
)
def test_nothing_outside_output_is_served(shared: Server, path: str) -> None:
    fetched = shared.get(path)
    assert fetched.status == 404, path
    assert b"partnership:" not in fetched.body
    assert b"root:" not in fetched.body
    assert "Page not found" in fetched.text


def test_a_link_out_of_output_is_not_followed(shared: Server) -> None:
    link = shared.project / "output" / "settings.yaml"
    link.symlink_to(shared.project / "briefgen.yaml")
    try:
        assert shared.get("/settings.yaml").status == 404
    finally:
        link.unlink()


def test_a_symlinked_folder_index_is_not_followed(shared: Server) -> None:
    """`/evil/` must refuse what `/evil/index.html` refuses: the index is a link out."""
    folder = shared.project / "output" / "evil"
    folder.mkdir()
    (folder / "index.html").symlink_to(shared.project / "briefgen.yaml")
    try:
        for path in ("/evil/", "/evil/index.html", "/evil"):
            fetched = shared.get(path)
            assert fetched.status in (301, 404), path
            assert b"partnership:" not in fetched.body, path
    finally:
        shutil.rmtree(folder)


def test_a_symlinked_landing_page_is_not_followed(shared: Server) -> None:
    index = shared.project / "output" / "index.html"
    kept = index.with_name("kept-index.html")
    index.rename(kept)
    index.symlink_to(shared.project / "briefgen.yaml")
    try:
        for path in ("/", "/index.html"):
            fetched = shared.get(path)
            assert fetched.status == 404, path
            assert b"partnership:" not in fetched.body, path
    finally:
        index.unlink()
        kept.rename(index)


# Answering only its own name


def raw_request(port: int, request: bytes) -> tuple[str, dict[str, str], bytes]:
    """The status line, headers and body of one request sent byte for byte."""
    deadline = time.monotonic() + 30  # an event stream answered by mistake never ends
    received = b""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(request)
        while (left := deadline - time.monotonic()) > 0:
            connection.settimeout(left)
            try:
                chunk = connection.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = {
        name.strip().lower(): value.strip()
        for name, _, value in (line.partition(":") for line in lines)
    }
    return status, headers, body


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "127.0.0.1.evil.example:{port}",
        "localhost.evil.example:{port}",
        "localhost.:{port}",
        "127.0.0.1:{other}",
        "127.0.0.1",
        "localhost",
        "",
        None,
        "127.0.0.1:{port}\r\nHost: evil.example",
    ],
)
@pytest.mark.parametrize("path", ["/", PAGE, PDF, "/__briefgen__/events", "/nope"])
def test_a_request_for_another_name_is_refused_without_content(
    shared: Server, host: str | None, path: str
) -> None:
    named = None if host is None else host.format(port=shared.port, other=shared.port + 1)
    header = "" if named is None else f"Host: {named}\r\n"
    for method in ("GET", "HEAD"):
        status, headers, body = raw_request(
            shared.port, f"{method} {path} HTTP/1.1\r\n{header}\r\n".encode()
        )
        assert status.split()[1] == "421", (host, path, status)
        assert headers["content-length"] == "0"
        assert body == b""


@pytest.mark.parametrize(
    "host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}", "LocalHost:{port}"]
)
def test_the_previews_own_names_are_answered(shared: Server, host: str) -> None:
    request = f"GET {PAGE} HTTP/1.1\r\nHost: {host.format(port=shared.port)}\r\n\r\n"
    status, _, body = raw_request(shared.port, request.encode())
    assert status.split()[1] == "200", status
    assert TITLE.encode() in body


@pytest.mark.parametrize(
    ("host", "port", "own"),
    [
        ("127.0.0.1:8000", 8000, True),
        ("LOCALHOST:8000", 8000, True),
        ("[::1]:8000", 8000, True),
        ("localhost", 8000, False),
        ("localhost", 80, True),
        ("localhost:80", 80, True),
        ("localhost:8001", 8000, False),
        ("127.0.0.2:8000", 8000, False),
        ("0.0.0.0:8000", 8000, False),
        ("127.1:8000", 8000, False),
        ("localhost.:8000", 8000, False),
        ("user@localhost:8000", 8000, False),
        (None, 8000, False),
    ],
)
def test_own_host_names_are_loopback_names_with_the_port(
    host: str | None, port: int, *, own: bool
) -> None:
    """Without a port, a browser means port 80: accepted only when the preview listens there."""
    assert is_own_host(host, port) is own


@pytest.mark.slow
def test_a_browsers_burst_of_requests_is_answered(shared: Server) -> None:
    """200 requests at once all get their page; the listen backlog holds a burst."""
    backlog = subprocess.run(
        ["ss", "-ltnH", f"sport = :{shared.port}"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert int(backlog[2]) == BACKLOG >= 128, "the listen backlog (Send-Q of a listener)"
    statuses: list[int] = []
    start = threading.Barrier(200)

    def fetch() -> None:
        start.wait()
        statuses.append(shared.get("/").status)

    threads = [threading.Thread(target=fetch) for _ in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DEADLINE)
    assert statuses == [200] * 200


@pytest.mark.slow
def test_idle_half_sent_requests_are_closed_after_the_timeout(empty_project: Path) -> None:
    """250 connections that never finish their request hold no thread past the timeout."""
    events: list[object] = []
    preview = PreviewServer(empty_project, 0, events.append, connection_timeout=1.0)
    running = threading.Thread(target=preview.run)
    running.start()
    connections: list[socket.socket] = []
    try:
        deadline = time.monotonic() + DEADLINE
        while not any(isinstance(event, Listening) for event in events):
            assert running.is_alive(), "the preview stopped before it listened"
            assert time.monotonic() < deadline, "the preview did not start"
            time.sleep(0.1)
        threads_before = threading.active_count()
        for _ in range(250):
            connection = socket.create_connection(("127.0.0.1", preview.http.server_port))
            connection.settimeout(DEADLINE)
            connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1")
            connections.append(connection)
        for connection in connections:
            assert connection.recv(1024) == b"", "closed by the server, with no answer"
        while threading.active_count() > threads_before:
            assert time.monotonic() < deadline, "the request threads ended"
            time.sleep(0.1)
    finally:
        for connection in connections:
            connection.close()
        if running.is_alive():
            preview.http.shutdown()
        running.join(timeout=DEADLINE)


@pytest.mark.slow
def test_a_request_head_sent_a_byte_at_a_time_is_closed_at_its_deadline(
    empty_project: Path,
) -> None:
    """Slow loris: a byte every quarter of a second never leaves the connection idle for
    the timeout (1 s), so only a deadline for the whole head can close it."""
    with (
        previewing(empty_project, connection_timeout=1.0) as preview,
        socket.create_connection(("127.0.0.1", preview.port)) as connection,
    ):
        connection.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{preview.port}\r\n".encode())
        deadline = time.monotonic() + 30  # thirty times the timeout: never, without a deadline
        while time.monotonic() < deadline:
            readable, _, _ = select.select([connection], [], [], 0.25)
            try:
                if readable and connection.recv(1024) == b"":
                    return  # closed by the server, with no answer
                connection.sendall(b"X")
            except (ConnectionResetError, BrokenPipeError):
                return
        pytest.fail("a head sent a byte at a time kept its connection open")


def open_connection(port: int, head: bytes) -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", port), timeout=DEADLINE)
    connection.sendall(head)
    return connection


def status_of(connection: socket.socket) -> str:
    """The status code a connection was answered with ("" if it was closed unanswered)."""
    try:
        return connection.recv(64).decode("latin-1").partition(" ")[2][:3]
    except ConnectionResetError:
        return ""


def answered(fetched: Fetched) -> Fetched | None:
    return fetched if fetched.status == 200 else None


@contextmanager
def counting_threads() -> Iterator[list[int]]:
    """The largest number of this process's threads seen while the block runs (sampled every
    5 ms by a thread of its own, which is not counted)."""
    most = [threading.active_count()]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.005):
            most[0] = max(most[0], threading.active_count() - 1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        yield most
    finally:
        done.set()
        sampler.join()


@pytest.mark.slow
def test_a_thousand_event_streams_and_slow_heads_hold_a_bounded_number_of_threads(
    empty_project: Path,
) -> None:
    """1,000 event streams made 1,005 threads: now 500 streams and 500 connections that
    never finish their head hold at most MAX_CONNECTIONS threads; streams past their share
    are answered 503, and a page is still answered while the streams stay open."""
    pool = ConnectionPool(patience=0.2)
    connections: list[socket.socket] = []
    with previewing(empty_project, connection_timeout=1.0, connections=pool) as preview:
        port = preview.port
        events = f"GET {EVENTS_PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
        slow = f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Slow: ".encode()
        try:
            threads_before = threading.active_count()
            with counting_threads() as most:
                streams = [open_connection(port, events) for _ in range(500)]
                connections += streams
                connections += [open_connection(port, slow) for _ in range(500)]
                answers = [status_of(stream) for stream in streams]
                page = wait_until(lambda: answered(fetch(port, "/")), "a page answered")
            assert most[0] <= threads_before + MAX_CONNECTIONS
            assert answers.count("200") == MAX_EVENT_STREAMS
            assert answers.count("503") == 500 - MAX_EVENT_STREAMS
            assert "Learning briefings" in page.text
        finally:
            for connection in connections:
                connection.close()


@pytest.mark.slow
def test_past_the_pool_a_connection_is_answered_503_and_a_stream_past_its_share_too(
    empty_project: Path,
) -> None:
    """A pool of 4 places, 2 for streams: two streams and two unfinished heads fill it."""
    pool = ConnectionPool(limit=4, streams_limit=2, patience=0.2)
    with previewing(empty_project, connection_timeout=2.0, connections=pool) as preview:
        port = preview.port
        events = f"GET {EVENTS_PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
        streams = [open_connection(port, events) for _ in range(3)]
        try:
            assert sorted(status_of(stream) for stream in streams) == ["200", "200", "503"]
            heads = [open_connection(port, b"GET / HTTP/1.1\r\n") for _ in range(2)]
            streams += heads
            refused = fetch(port, "/")
            assert refused.status == 503
            assert refused.headers["retry-after"] == "1"
            assert b"too many connections" in refused.body
            assert wait_until(lambda: fetch(port, "/").status == 200, "a place once heads time out")
        finally:
            for stream in streams:
                stream.close()


@pytest.mark.parametrize(
    ("raw", "parts"),
    [
        ("/", []),
        (f"/{SEED_SLUG}/index.html?x=1#top", [SEED_SLUG, "index.html"]),
        ("/a%20b/", ["a b"]),
        ("/%2e%2e/x", None),
        ("/a/..%2F..%2Fx", None),
        ("/a%00.pdf", None),
        ("/a%5c..%5cx", None),
        ("/%c3%28", None),
        ("relative/path", None),
        ("/.hidden", None),
    ],
)
def test_request_parts_refuse_what_could_leave_output(raw: str, parts: list[str] | None) -> None:
    assert request_parts(raw) == parts


def test_every_language_s_index_is_served_with_the_briefings_that_failed(tmp_path: Path) -> None:
    """The Welsh index (index.cy.html) is a library page as index.html is: served, with the
    briefings whose latest save has mistakes listed above it; a file of another name at the
    top of output/ is not taken for one."""
    output = tmp_path / "output"
    output.mkdir()
    for name in ("index.html", "index.cy.html", "indexes.html"):
        (output / name).write_text(f"<html><body><h1>{name}</h1></body></html>")
    failed = Outcome(Path("content/a.cy.yaml"), "a-cy", error=Mistake("wrong", "fix it"))
    site = Site(output.resolve(), Status("1", failures=(failed,)))
    for path, name in (("/", "index.html"), ("/index.cy.html", "index.cy.html")):
        shown = site.respond(path)
        assert shown.status == HTTPStatus.OK
        assert f"<h1>{name}</h1>" in shown.body.decode()
        assert "Briefings with mistakes to fix" in shown.body.decode()
    other = site.respond("/indexes.html")
    assert other.status == HTTPStatus.OK
    assert "Briefings with mistakes to fix" not in other.body.decode()


def test_content_types_redirects_and_not_found(shared: Server) -> None:
    for path in ("/", "/index.html", PAGE, f"/{SEED_SLUG}/{HOST_PAGE}"):
        assert shared.get(path).headers["content-type"] == "text/html; charset=utf-8", path
    pdf = shared.get(PDF)
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body.startswith(b"%PDF-")
    head = shared.get(PDF, method="HEAD")
    assert head.body == b""
    assert int(head.headers["content-length"]) == len(pdf.body)
    assert f'<a href="{PAGE}" aria-current="page">Web page</a>' in shared.get(PAGE).body.decode()
    moved = shared.get(f"/{SEED_SLUG}")
    assert moved.status == 301
    assert moved.headers["location"] == PAGE
    missing = shared.get("/no-such-briefing/")
    assert missing.status == 404
    assert missing.headers["content-type"] == "text/html; charset=utf-8"
    assert '<a href="/">' in missing.body.decode()


def test_the_fragment_is_shown_inside_a_sample_host_page(shared: Server) -> None:
    fetched = shared.get(f"/{SEED_SLUG}/{HOST_PAGE}")
    body = fetched.body.decode()
    fragment = (shared.project / "output" / SEED_SLUG / "fragment.html").read_text()
    assert fragment in body, "the fragment exactly as the web team will paste it"
    headings = [tag for tag, _ in parse_html(body).tags if re.fullmatch(r"h[1-6]", tag)]
    assert headings[:2] == ["h1", "h2"], "the host's h1, then the fragment's h2 title"
    assert body.count("<script") == 1, "only the preview's reload script"
    assert TITLE in fetched.text
    links = [attributes.get("href") for tag, attributes in parse_html(body).tags if tag == "a"]
    # The fragment links to the PDF where the website publishes it (fragment.pdf_base_url);
    # the preview serves the PDF beside the page.
    published = f"https://www.westsussexscp.org.uk/briefings/{SEED_SLUG}/{SEED_SLUG}.pdf"
    assert published in links
    assert shared.get(f"/{SEED_SLUG}/{SEED_SLUG}.pdf").status == 200


# The command line


def test_a_port_in_use_is_a_clear_error(project_folder: Path, briefgen_main: Runner) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = briefgen_main("serve", "--port", str(port), "--project", project_folder)
    assert result.code == 1
    assert f"port {port} is already in use" in result.err
    assert "Traceback" not in result.err
    assert not (project_folder / "output").exists(), "refused before building"
    suggested = re.search(r"briefgen serve --port (\d+)", result.err)
    assert suggested, result.err
    with socket.socket() as free:
        free.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        free.bind(("127.0.0.1", int(suggested.group(1))))  # raises if it is not free


def test_the_port_suggested_is_free_even_when_the_next_one_is_not() -> None:
    with socket.socket() as taken, socket.socket() as next_taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        try:
            next_taken.bind(("127.0.0.1", port + 1))
            next_taken.listen()
        except OSError:
            pytest.skip(f"port {port + 1} is in use by something else already")
        suggested = free_port_after(port)
        assert suggested is not None
        assert suggested > port + 1
        with socket.socket() as free:
            free.bind(("127.0.0.1", suggested))


@pytest.mark.slow
def test_ctrl_c_stops_the_server_cleanly(empty_project: Path) -> None:
    with serving(empty_project) as server:
        assert "0 briefings" in server.get("/").text
        assert server.interrupt() == 0
    assert "Stopped." in "".join(server.out)
    assert "Traceback" not in "".join(server.err)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port), timeout=10).close()


@pytest.mark.slow
def test_ctrl_c_during_the_first_build_stops_cleanly(project_folder: Path) -> None:
    command = [sys.executable, "-m", "briefgen", "serve", "--port", "0", "--project"]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    with running([*command, project_folder], **pipes) as process:
        lock = project_folder / "output" / ".briefgen.lock"  # taken as the build starts
        deadline = time.monotonic() + DEADLINE
        while not lock.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=DEADLINE)
    assert process.returncode == 0, err
    assert "Stopped." in out
    assert "Traceback" not in err


def test_serve_help_has_examples(briefgen_main: Runner) -> None:
    result = briefgen_main("serve", "--help")
    assert result.code == 0
    assert "Examples:" in result.out
    assert "briefgen serve --port 8001" in result.out
    assert re.search(r"^\s+serve\s", briefgen_main("--help").out, flags=re.MULTILINE)


# In a real browser


@pytest.mark.browser
@pytest.mark.slow
def test_the_open_page_shows_each_save_by_itself(browser: Browser, server: Server) -> None:
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.port}{PAGE}", wait_until="load")
        assert TITLE in page.inner_text("h1")
        page.evaluate("window.scrollTo(0, 400); window.sameDocument = true")
        assert page.evaluate("window.scrollY") == 400

        replace_in(server.content, f"title: {TITLE}", f"title: {NEW_TITLE}")
        page.wait_for_function(
            "title => document.querySelector('h1')?.innerText.includes(title)",
            arg=NEW_TITLE,
            timeout=DEADLINE * 1000,
        )
        page.wait_for_function(
            "() => document.body.innerText.includes('The PDF fits its page budget')",
            timeout=DEADLINE * 1000,
        )
        # The body was swapped in place: no reload, and the reader keeps their place.
        assert page.evaluate("window.sameDocument === true")
        assert page.evaluate("window.scrollY") == 400
        assert page.title().startswith(NEW_TITLE)

        replace_in(server.content, "key_message:", "key_mesage:")
        page.wait_for_function(
            "() => document.body.innerText.includes('did you mean `key_message`?')",
            timeout=DEADLINE * 1000,
        )
        replace_in(server.content, "key_mesage:", "key_message:")
        page.wait_for_function(
            "title => document.querySelector('h1')?.innerText.includes(title)",
            arg=NEW_TITLE,
            timeout=DEADLINE * 1000,
        )
    finally:
        page.close()
