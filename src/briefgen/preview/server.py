"""`briefgen serve`: a local preview that rebuilds what changed and reloads the browser.

A ThreadingHTTPServer answers on loopback. One thread waits for the operating system's
file events on the inputs (through watchfiles, never by polling) and, after each save,
renders the changed briefings' web pages in memory and reloads the open pages at once;
a second thread then lays out their PDFs (the slow part) and reloads the pages again
with the page budget's result. Every HTML page served carries a small EventSource script
that reloads the page after each of these steps. The script, the preview's bar and the
pages rendered in memory exist in the responses only: the files in output/ stay exactly
as `briefgen build` writes them. The module never prints; it reports through a callback
that `cli` prints.
"""

from __future__ import annotations

import errno
import functools
import io
import mimetypes
import secrets
import socket
import socketserver
import sys
import threading
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, unquote

import watchfiles

from briefgen.content.config import Project, ProjectConfig, load_project
from briefgen.crashes import CRASH_LOG_NAME, CrashLog, crash_of
from briefgen.engine.process import EngineProcess
from briefgen.errors import BriefgenError, Mistake
from briefgen.gate import PUBLISHED, read_bytes
from briefgen.names import INDEX_NAME, LIBRARY_INDEX, file_size, pdf_name, record_name
from briefgen.outcomes import Outcome
from briefgen.paths import CONFIG_NAME, OUTPUT_FOLDER, content_sources, shown_path, slug_of_file
from briefgen.pipeline import Draft, Pipeline, build
from briefgen.preview.connections import BoundedHttpServer, ConnectionPool, HeadDeadline
from briefgen.preview.pages import (
    EVENTS_PATH,
    HOST_PAGE,
    PdfState,
    decorate,
    error_page,
    failures_panel,
    host_page,
    not_found_page,
    preview_bar,
    reload_script,
)
from briefgen.publish.incremental import Inputs
from briefgen.render.renderer import Renderer
from briefgen.render.style import check_contrast
from briefgen.steps import Steps

T = TypeVar("T")

LOOPBACK = "127.0.0.1"  # never all interfaces: drafts about children stay on this machine
# An editor may save in several writes: a change is handled once the inputs have held still
# this long (milliseconds), or after the longest wait if they never do.
SETTLE_MS = 50
LONGEST_WAIT_MS = 1600
# How long the PDF's layout waits for an open page to fetch the new web page first (if no
# page is open, the layout starts after this).
PAGE_FIRST_SECONDS = 0.25
# The names a browser on this machine gives the preview. Any other Host header is a page
# elsewhere reaching in through a name that resolves here (DNS rebinding): it is refused.
OWN_NAMES = ("127.0.0.1", "localhost", "[::1]")
# Seconds a connection may sit idle, and a request's head may take to arrive, however slowly
# its bytes come (briefgen.preview.connections), before the connection is closed.
CONNECTION_TIMEOUT = 10.0
BACKLOG = 512  # connections waiting to be accepted: bursts of a browser, or of several
KEEPALIVE_SECONDS = 15.0  # a comment on idle event streams, to notice closed tabs
PORTS_TRIED = 20  # how far past a busy port to look for a free one to suggest
HTML_TYPE = "text/html; charset=utf-8"
CONTENT_TYPES = {".html": HTML_TYPE, ".pdf": "application/pdf", ".woff2": "font/woff2"}
PAGES = ("", "index.html", "fragment.html", HOST_PAGE)  # what a briefing's error replaces


@dataclass(frozen=True)
class Listening:
    """The first build is done and the preview answers at `url`."""

    url: str


@dataclass(frozen=True)
class Changed:
    """These inputs changed (relative to the project); a rebuild follows."""

    files: tuple[Path, ...]


@dataclass(frozen=True)
class Previewed:
    """The web pages of these briefings are shown from their latest save; their PDFs
    are laid out next. Nothing to print: the outcome of the PDF follows."""

    files: tuple[Path, ...]


@dataclass(frozen=True)
class ProjectFailed:
    """Nothing could be built: briefgen.yaml, the theme or the output folder is wrong."""

    error: BriefgenError


ServeEvent = Listening | Changed | Previewed | Outcome | ProjectFailed
Notify = Callable[[ServeEvent], None]


class _Stopped(Exception):
    """Raised between two briefings of a rebuild, so that Ctrl-C need not wait for all."""


# Building


@dataclass(frozen=True)
class Status:
    """What the pages need to know about the latest build; replaced whole, never changed."""

    generation: str  # changes after every rebuild: an open page reloads when it differs
    failures: tuple[Outcome, ...] = ()  # briefings whose latest save or build failed
    project_error: BriefgenError | None = None
    config: ProjectConfig | None = None  # the latest valid settings, for the sample host page
    drafts: Mapping[str, Draft] = field(default_factory=dict)  # slug to its web outputs
    laid_out: Mapping[str, Outcome] = field(default_factory=dict)  # slug to its last good PDF

    def failure_of(self, slug: str) -> Outcome | None:
        return next((outcome for outcome in self.failures if outcome.slug == slug), None)

    def pdf_state(self, slug: str, *, exists: bool) -> PdfState:
        """Where the briefing's PDF stands, for the preview's bar."""
        done = self.laid_out.get(slug)
        warnings = done.warnings if done else []
        return PdfState(
            exists=exists,
            broken=self.failure_of(slug) is not None,
            laying_out=slug in self.drafts,
            pages=done.pages if done else None,
            notes=tuple(problem.message for problem in warnings if problem.check == "page-budget"),
        )


@dataclass(frozen=True)
class _Work:
    """PDFs to lay out: of these briefings, or of every briefing (and the index)."""

    project: Project
    sources: tuple[Path, ...] = ()
    everything: bool = False

    def merged(self, newer: _Work) -> _Work:
        """One layout for two saves that came while an earlier layout ran."""
        sources = tuple(dict.fromkeys((*self.sources, *newer.sources)))
        return _Work(newer.project, sources, self.everything or newer.everything)


@dataclass
class _Builder:
    """Renders the web pages of each save at once, then lays out their PDFs, and remembers
    which briefings failed. The two steps run in two threads; `lock` guards the state."""

    root: Path
    notify: Notify
    stopping: threading.Event
    project: Project | None = None
    project_error: BriefgenError | None = None  # the settings or the theme cannot be used
    build_error: BriefgenError | None = None  # the latest build stopped (the output folder)
    renderer: Renderer | None = None  # the web pages' renderer, until the theme changes
    failures: dict[str, Outcome] = field(default_factory=dict)  # by slug
    drafts: dict[str, Draft] = field(default_factory=dict)
    laid_out: dict[str, Outcome] = field(default_factory=dict)
    saves: dict[str, int] = field(default_factory=dict)  # slug to saves previewed so far
    engine_process: EngineProcess | None = None  # started by the first layout
    lock: threading.Lock = field(default_factory=threading.Lock)

    def inputs(self) -> Inputs:
        config = self.project.config if self.project else None
        logo = config.partnership.logo if config else None
        logos = [other.logo.file for other in config.partnerships if other.logo] if config else []
        return Inputs(self.root, logo.file if logo else None, logos)

    def preview(self, changed: Collection[Path]) -> _Work | None:
        """The web pages of what changed, in memory; then the PDFs to lay out (None: none).

        Only the briefings that changed, unless anything they share changed too.
        """
        inputs = self.inputs()
        sources = [path for path in changed if inputs.is_briefing(path) and path.is_file()]
        failed = self.project_error or self.build_error
        if self.project is None or failed or len(sources) != len(changed):
            return self.preview_everything()
        for source in sources:
            self.draft(self.project, source)
        return _Work(self.project, tuple(sources))

    def preview_everything(self) -> _Work | None:
        try:
            project = self.load()
            self.renderer = Renderer(project)
            check_contrast(self.renderer.palette)
            sources = content_sources(project.root)
        except BriefgenError as error:
            with self.lock:
                self.project_error = error
            self.notify(ProjectFailed(error))
            return None
        with self.lock:
            self.project, self.project_error = project, None
        for source in sources:
            self.draft(project, source)
        return _Work(project, tuple(sources), everything=True)

    def draft(self, project: Project, source: Path) -> None:
        """One briefing's web page and fragment, or its mistakes, shown before its PDF
        (`Pipeline.draft`), with the sizes of its last PDF and record."""
        if self.renderer is None:
            self.renderer = Renderer(project)
        slug = slug_of_file(source)
        pipeline = Pipeline(Steps(project, self.renderer))
        made = pipeline.draft(source, self.pdf_size(project, slug), self.record_size(project, slug))
        with self.lock:
            self.saves[slug] = self.saves.get(slug, 0) + 1
            self.drafts.pop(slug, None)
            self.failures.pop(slug, None)
            if made.outcome.error is not None:
                self.failures[slug] = made.outcome
            else:
                self.drafts[slug] = made

    @staticmethod
    def pdf_size(project: Project, slug: str) -> str:
        """The size the page gives its PDF until the new one is laid out: the last one's."""
        pdf = project.output / slug / pdf_name(slug)
        return file_size(pdf.stat().st_size) if pdf.is_file() else "being laid out"

    @staticmethod
    def record_size(project: Project, slug: str) -> str | None:
        """The discussion record's size as the last build wrote it; none before the first."""
        record = project.output / slug / record_name(slug)
        return file_size(record.stat().st_size) if record.is_file() else None

    def lay_out(self, work: _Work) -> None:
        """Build (PDFs, pages and index into output/), then show what became of each."""
        with self.lock:
            saves = dict(self.saves)
        sources = () if work.everything else work.sources
        try:
            report = build(work.project, sources, progress=self.progress, engine=self.engine())
        except BriefgenError as error:
            with self.lock:
                self.build_error = error
            self.notify(ProjectFailed(error))
            return
        with self.lock:
            self.build_error = None
            if work.everything:
                self.forget_all_but({outcome.slug for outcome in report.outcomes})
            for outcome in report.outcomes:
                if self.saves.get(outcome.slug, 0) == saves.get(outcome.slug, 0):
                    self.show(outcome)  # else a newer save is still to be laid out

    def engine(self) -> EngineProcess:
        """The PDF engine, in a process of its own, where a layout is held to the budget of
        untrusted work (briefgen.untrusted) without limiting the preview's own process."""
        if self.engine_process is None:
            self.engine_process = EngineProcess.start()
        return self.engine_process

    def show(self, outcome: Outcome) -> None:
        self.drafts.pop(outcome.slug, None)
        self.failures.pop(outcome.slug, None)
        self.laid_out.pop(outcome.slug, None)
        if outcome.ok:
            self.laid_out[outcome.slug] = outcome
        else:
            self.failures[outcome.slug] = outcome

    def forget_all_but(self, slugs: Collection[str]) -> None:
        """Briefings removed from content/ are no longer shown as failed or pending."""
        for known in (self.failures, self.drafts, self.laid_out):
            for slug in [slug for slug in known if slug not in slugs]:
                del known[slug]

    def build_first(self) -> None:
        """The build before the preview answers: everything, PDFs included."""
        try:
            project = self.load()
        except BriefgenError as error:
            self.project_error = error
            self.notify(ProjectFailed(error))
            return
        self.project = project
        self.lay_out(_Work(project, everything=True))

    def attempt(self, action: Callable[[], T]) -> T | None:
        """Run a build; a failure briefgen did not foresee must not end the preview."""
        try:
            return action()
        except _Stopped:
            raise
        except Exception as error:  # shown in the pages; the next save retries
            self.crashed(error)
            return None

    def crashed(self, error: Exception) -> None:
        """Show a build's unexpected failure in the pages, its traceback kept in the log; the
        next save rebuilds everything."""
        crash = crash_of(error, Path(CONFIG_NAME))
        output = self.project.output / CRASH_LOG_NAME if self.project else None
        CrashLog(output, lambda path: shown_path(path, self.root)).keep(crash)
        self.project_error = crash  # an internal error, whose fix names the log
        self.notify(ProjectFailed(self.project_error))

    def load(self) -> Project:
        # load_project would look in the folders above for another briefgen.yaml.
        if not (self.root / CONFIG_NAME).is_file():
            raise Mistake(f"{CONFIG_NAME} is missing from {self.root}", f"put {CONFIG_NAME} back")
        return load_project(self.root)

    def progress(self, outcome: Outcome) -> None:
        self.notify(outcome)
        if self.stopping.is_set():
            raise _Stopped

    def status(self, generation: str) -> Status:
        with self.lock:
            return Status(
                generation,
                tuple(self.failures[slug] for slug in sorted(self.failures)),
                self.project_error or self.build_error,
                self.project.config if self.project else None,
                dict(self.drafts),
                dict(self.laid_out),
            )


# Answering requests


@dataclass(frozen=True)
class Response:
    status: HTTPStatus
    body: bytes
    content_type: str = HTML_TYPE
    location: str | None = None


def request_parts(raw_path: str) -> list[str] | None:
    """The path's segments, decoded once; None for anything that could leave output/.

    Segments are checked after decoding, so `%2e%2e` and `..%2f` are refused like `..`;
    hidden names (the build's lock and temporary files) are refused too.
    """
    path = raw_path.split("?", 1)[0].split("#", 1)[0]
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    if not decoded.startswith("/") or "\\" in decoded or "\x00" in decoded:
        return None
    parts = [part for part in decoded.split("/") if part]
    if any(part.startswith(".") for part in parts):
        return None
    return parts


def file_inside(folder: Path, parts: list[str]) -> Path | None:
    """The file the segments name, if it really is inside `folder` (symbolic links resolved).

    A folder's `index.html` is resolved and checked too: it may be a link out of `folder`.
    """
    candidate = folder.joinpath(*parts).resolve()
    if candidate.is_dir():
        candidate = (candidate / "index.html").resolve()
    if not candidate.is_relative_to(folder):
        return None
    return candidate if candidate.is_file() else None


@dataclass
class Site:
    """Maps a request path to a response: output/ files, decorated for the preview."""

    output: Path
    status: Status
    # Set when a page of a briefing previewed has been answered since the last publish:
    # its PDF's layout, which competes for the processor, may start.
    page_served: threading.Event = field(default_factory=threading.Event)

    def respond(self, raw_path: str) -> Response:
        status = self.status  # one consistent view, even if a rebuild finishes meanwhile
        parts = request_parts(raw_path)
        if parts is None:
            return not_found(status)
        if status.project_error is not None and _is_page(parts):
            return page_response(error_page(status.project_error, None), status, raw_path)
        if not parts or (len(parts) == 1 and LIBRARY_INDEX.match(parts[0])):
            return self.index(status, raw_path, parts[0] if parts else INDEX_NAME)
        slug = parts[0]
        failure = status.failure_of(slug)
        if len(parts) == 1 and self.is_folder(raw_path, slug, status):
            return Response(HTTPStatus.MOVED_PERMANENTLY, b"", location=f"/{quote(slug)}/")
        if failure is not None and failure.error is not None and _is_page(parts):
            page = error_page(failure.error, failure.source)
            return page_response(page, status, raw_path, slug, pdf=self.pdf_state(slug, status))
        if parts[1:] == [HOST_PAGE]:
            return self.host_page(slug, status, raw_path)
        draft = status.drafts.get(slug)
        if draft is not None and parts[1:] in ([], ["index.html"], ["fragment.html"]):
            return self.draft(draft, parts, status, raw_path)
        return self.file(parts, status, raw_path)

    def is_folder(self, raw_path: str, slug: str, status: Status) -> bool:
        """A briefing's address without its final slash: its relative links need the slash."""
        if raw_path.split("?", 1)[0].endswith("/"):
            return False
        known = status.failure_of(slug) is not None or slug in status.drafts
        return known or (self.output / slug).is_dir()

    def pdf_state(self, slug: str, status: Status) -> PdfState:
        return status.pdf_state(slug, exists=(self.output / slug / pdf_name(slug)).is_file())

    def draft(self, draft: Draft, parts: list[str], status: Status, raw_path: str) -> Response:
        """A briefing's web outputs from its latest save, while its PDF is laid out."""
        self.page_served.set()
        slug = parts[0]
        if parts[1:] == ["fragment.html"]:
            body = draft.fragment + reload_script(status.generation)
            return Response(HTTPStatus.OK, body.encode())
        return page_response(draft.page, status, raw_path, slug, pdf=self.pdf_state(slug, status))

    def index(self, status: Status, raw_path: str, name: str = INDEX_NAME) -> Response:
        """The library's index (in the project's language, or another's: `index.cy.html`),
        with the briefings whose latest save failed listed above it."""
        page = self.published(file_inside(self.output, [name]))
        if page is None:
            return not_found(status)
        text = page.decode("utf-8", errors="replace")
        return page_response(text, status, raw_path, extra=failures_panel(status.failures))

    def published(self, path: Path | None) -> bytes | None:
        """A file of output/ (found by `file_inside`) as the build wrote it, read through
        the gate; None if there is none, or it is no longer a regular file of output/."""
        if path is None:
            return None
        try:
            return read_bytes(path, PUBLISHED, [self.output])
        except BriefgenError:
            return None

    def host_page(self, slug: str, status: Status, raw_path: str) -> Response:
        draft = status.drafts.get(slug)
        if draft is not None:
            text = draft.fragment
        elif (
            fragment := self.published(file_inside(self.output, [slug, "fragment.html"]))
        ) is not None:
            text = fragment.decode("utf-8", errors="replace")
        else:
            return not_found(status)
        if status.config is None:
            return not_found(status)
        page = host_page(text, status.config)
        return page_response(page, status, raw_path, slug, pdf=self.pdf_state(slug, status))

    def file(self, parts: list[str], status: Status, raw_path: str) -> Response:
        path = file_inside(self.output, parts)
        data = self.published(path)
        if path is None or data is None:
            return not_found(status)
        if path.suffix != ".html":
            return Response(HTTPStatus.OK, data, content_type_of(path))
        page = data.decode("utf-8", errors="replace")
        if path.name == "fragment.html":
            return Response(HTTPStatus.OK, (page + reload_script(status.generation)).encode())
        if path.parent == self.output:
            return page_response(page, status, raw_path)
        slug = parts[0]
        return page_response(page, status, raw_path, slug, pdf=self.pdf_state(slug, status))


def _is_page(parts: list[str]) -> bool:
    """The index and a briefing's pages: where an error is shown instead."""
    return len(parts) <= 1 or (len(parts) == 2 and parts[1] in PAGES)


def content_type_of(path: Path) -> str:
    return (
        CONTENT_TYPES.get(path.suffix)
        or mimetypes.guess_type(path.name)[0]
        or "application/octet-stream"
    )


def not_found(status: Status) -> Response:
    return page_response(not_found_page(), status, "", status_code=HTTPStatus.NOT_FOUND)


def page_response(
    page: str,
    status: Status,
    raw_path: str,
    slug: str | None = None,
    *,
    pdf: PdfState | None = None,
    extra: str = "",
    status_code: HTTPStatus = HTTPStatus.OK,
) -> Response:
    """An HTML page with the preview's bar (and `extra`) on top and the reload script."""
    top = preview_bar(slug, raw_path, pdf) + extra
    decorated = decorate(page, top, reload_script(status.generation))
    return Response(status_code, decorated.encode())


# Serving


def is_own_host(host: str | None, port: int) -> bool:
    """Whether a request's Host header names this preview: a loopback name and its port.

    Without a port, a browser means port 80: accepted only when the preview listens there.
    Names are compared case-insensitively; `localhost.` and other spellings are refused.
    """
    if host is None:
        return False
    given = host.strip().lower()
    return given in {f"{name}:{port}" for name in OWN_NAMES} or (port == 80 and given in OWN_NAMES)


class _Handler(BaseHTTPRequestHandler):
    """One request: the event stream, or whatever the site answers."""

    def __init__(self, server: PreviewServer, *arguments: Any) -> None:
        self.preview = server
        super().__init__(*arguments)

    def setup(self) -> None:
        """An idle connection, or a request's head that has not arrived whole within the
        timeout (a byte every few seconds included), is closed, freeing its thread."""
        self.request.settimeout(self.preview.connection_timeout)
        super().setup()
        self.rfile.close()
        self.head = HeadDeadline(self.connection, self.preview.connection_timeout)
        self.rfile = io.BufferedReader(self.head)

    def handle_one_request(self) -> None:
        """One request, whose head must arrive within the timeout of the connection being
        ready for it."""
        self.head.deadline = time.monotonic() + self.preview.connection_timeout
        super().handle_one_request()

    def parse_request(self) -> bool:
        """Read the request line and headers, then refuse a request for another name.

        The refusal (421 Misdirected Request) has no body: nothing of a draft is sent.
        """
        if not super().parse_request():
            return False
        self.head.deadline = None  # the head is in: the answer is written at its own pace
        self.connection.settimeout(self.preview.connection_timeout)
        hosts = self.headers.get_all("Host") or []
        if len(hosts) == 1 and is_own_host(hosts[0], self.preview.http.server_port):
            return True
        self.close_connection = True
        self.send_response(HTTPStatus.MISDIRECTED_REQUEST)
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()
        return False

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] == EVENTS_PATH:
            self.stream_events()
        else:
            self.send(self.preview.site.respond(self.path), with_body=True)

    def do_HEAD(self) -> None:
        self.send(self.preview.site.respond(self.path), with_body=False)

    def send(self, response: Response, *, with_body: bool) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if response.location:
            self.send_header("Location", response.location)
        self.end_headers()
        if with_body:
            self.wfile.write(response.body)

    def stream_events(self) -> None:
        """Server-Sent Events: the generation now, then again after every rebuild; or 503
        when streams fill their share of the connections."""
        if not self.preview.connections.start_stream():
            self.close_connection = True
            self.send(Response(HTTPStatus.SERVICE_UNAVAILABLE, b"", "text/plain"), with_body=True)
            return
        try:
            self.send_events()
        finally:
            self.preview.connections.end_stream()

    def send_events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(b"retry: 1000\n\n")
        seen: str | None = None
        while (generation := self.preview.next_generation(seen)) is not None:
            message = ": waiting\n\n" if generation == seen else f"data: {generation}\n\n"
            self.wfile.write(message.encode())
            self.wfile.flush()
            seen = generation

    def log_message(self, format: str, *arguments: Any) -> None:
        """Silent: only `cli` prints, and a request log would bury the build messages."""


class _HttpServer(BoundedHttpServer):
    daemon_threads = True  # an open event stream must not keep the process alive
    request_queue_size = BACKLOG

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host name up (socket.getfqdn), which can hang
        # without a name server; the preview's name is its address.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = LOOPBACK, int(self.server_address[1])

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # the browser closed the tab, reloaded or stopped reading: nothing went wrong
        super().handle_error(request, client_address)


class PreviewServer:
    """Builds the project, serves output/ on loopback, and rebuilds what changes."""

    def __init__(
        self,
        root: Path,
        port: int,
        notify: Notify,
        *,
        connection_timeout: float = CONNECTION_TIMEOUT,
        connections: ConnectionPool | None = None,
    ) -> None:
        self.root = root
        self.notify = notify
        self.connection_timeout = connection_timeout
        self.connections = connections or ConnectionPool()
        self.stopping = threading.Event()
        self.changed = threading.Condition()
        self.token = secrets.token_hex(4)  # a restarted server reloads the pages it left
        self.builds = 0
        self.builder = _Builder(root, notify, self.stopping)
        self.pending: _Work | None = None  # PDFs still to lay out
        self.work = threading.Condition()
        self.site = Site((root / OUTPUT_FOLDER).resolve(), Status(self.generation()))
        self.http = bind(port, functools.partial(_Handler, self), self.connections)

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.http.server_port}/"

    def run(self) -> None:
        """Build, then serve and watch until Ctrl-C (KeyboardInterrupt), then close."""
        try:
            # The file events are gathered from before the first build, so that an edit saved
            # during it is seen; they are handled once it is done.
            watching = threading.Event()
            watcher = threading.Thread(target=self.watch, args=(watching,), name="briefgen-watch")
            layouter = threading.Thread(target=self.lay_out_pending, name="briefgen-lay-out")
            watcher.start()
            try:
                self.builder.attempt(self.builder.build_first)
                self.publish()
                self.notify(Listening(self.url))
                watching.set()
                layouter.start()
                self.http.serve_forever(poll_interval=0.2)
            finally:
                self.end_streams()
                watching.set()
                watcher.join()
                if layouter.is_alive():
                    layouter.join()
        finally:
            self.http.server_close()
            if self.builder.engine_process is not None:
                self.builder.engine_process.close()

    def stop(self) -> None:
        """Ends `run` from another thread, as Ctrl-C does."""
        self.http.shutdown()

    def end_streams(self) -> None:
        with self.changed:
            self.stopping.set()
            self.changed.notify_all()
        with self.work:
            self.work.notify_all()

    def watch(self, watching: threading.Event) -> None:
        """On every save: the web pages at once, then the PDFs in the other thread."""
        for changes in watchfiles.watch(
            *self.builder.inputs().folders(),
            watch_filter=self.is_input,
            debounce=LONGEST_WAIT_MS,
            step=SETTLE_MS,
            stop_event=self.stopping,
            yield_on_timeout=False,
            raise_interrupt=False,
        ):
            watching.wait()
            if self.stopping.is_set():
                return
            changed = sorted({Path(path) for _, path in changes})
            self.notify(Changed(tuple(shown_path(path, self.root) for path in changed)))
            work = self.builder.attempt(functools.partial(self.builder.preview, changed))
            self.publish()
            if work is not None:
                self.notify(Previewed(tuple(shown_path(path, self.root) for path in work.sources)))
                self.queue(work)

    def is_input(self, _change: watchfiles.Change, path: str) -> bool:
        """Whether a changed file is one that builds read (the same set they hash)."""
        return self.builder.inputs().covers(Path(path))

    def queue(self, work: _Work) -> None:
        with self.work:
            self.pending = work if self.pending is None else self.pending.merged(work)
            self.work.notify_all()

    def lay_out_pending(self) -> None:
        """Lays out the PDFs of the saves previewed, one layout at a time."""
        while True:
            with self.work:
                self.work.wait_for(lambda: self.pending is not None or self.stopping.is_set())
                if self.stopping.is_set():
                    return
                work, self.pending = self.pending, None
            assert work is not None
            # The web page first: the open pages fetch it before the PDF takes the processor.
            self.site.page_served.wait(PAGE_FIRST_SECONDS)
            try:
                self.builder.attempt(functools.partial(self.builder.lay_out, work))
            except _Stopped:
                return
            self.publish()

    def generation(self) -> str:
        return f"{self.token}.{self.builds}"

    def publish(self) -> None:
        """Make the latest state visible, and tell the open pages to reload."""
        with self.changed:
            self.builds += 1
            self.site.page_served.clear()
            self.site.status = self.builder.status(self.generation())
            self.changed.notify_all()

    def next_generation(self, seen: str | None) -> str | None:
        """The generation once it differs from `seen` (or after a keep-alive wait); None: stop."""
        with self.changed:
            self.changed.wait_for(
                lambda: self.stopping.is_set() or self.site.status.generation != seen,
                timeout=KEEPALIVE_SECONDS,
            )
            return None if self.stopping.is_set() else self.site.status.generation


def bind(
    port: int, handler: Callable[..., BaseHTTPRequestHandler], connections: ConnectionPool
) -> _HttpServer:
    """Listen on loopback only, answering at most `connections` at once; a port in use or
    reserved is the user's to change."""
    try:
        server = _HttpServer((LOOPBACK, port), handler)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise Mistake(f"port {port} is already in use", busy_port_fix(port)) from None
        if error.errno == errno.EACCES:
            raise Mistake(
                f"port {port} is reserved for the system",
                "choose a port from 1024 up, such as 8000",
            ) from None
        raise
    server.pool = connections
    return server


def busy_port_fix(port: int) -> str:
    """The fix for a busy port: another port, checked free just now, or any free one."""
    free = free_port_after(port)
    if free is None:
        return "stop the program that uses it, or let briefgen choose: briefgen serve --port 0"
    return f"stop the program that uses it, or use a free one: briefgen serve --port {free}"


def free_port_after(port: int) -> int | None:
    """The first of the next few ports that can be listened on now, as the server would."""
    for candidate in range(port + 1, min(port + 1 + PORTS_TRIED, 65536)):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as HTTPServer does
            try:
                probe.bind((LOOPBACK, candidate))
            except OSError:
                continue
            return candidate
    return None


__all__ = [
    "Changed",
    "Listening",
    "PreviewServer",
    "Previewed",
    "ProjectFailed",
    "ServeEvent",
    "Site",
    "Status",
    "free_port_after",
    "request_parts",
]
