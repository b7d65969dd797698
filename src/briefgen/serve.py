"""`briefgen serve`: a local preview that rebuilds what changed and reloads the browser.

Only the standard library: a ThreadingHTTPServer answers on loopback, one thread polls
the inputs' modification times and sizes and rebuilds, and every HTML page it serves
carries a small EventSource script that reloads the page after each rebuild. The script
is added to the response only: the files in output/ stay exactly as `briefgen build`
writes them. The module never prints; it reports through a callback that `cli` prints.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import mimetypes
import secrets
import socketserver
import sys
import threading
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from briefgen.build import build
from briefgen.config import Project, ProjectConfig, load_project
from briefgen.errors import BriefgenError, UsageError, shorten
from briefgen.outcomes import Outcome
from briefgen.paths import CONFIG_NAME, builtin_theme
from briefgen.serve_pages import (
    EVENTS_PATH,
    HOST_PAGE,
    decorate,
    error_page,
    failures_panel,
    host_page,
    not_found_page,
    preview_bar,
    reload_script,
)

LOOPBACK = "127.0.0.1"  # never all interfaces: drafts about children stay on this machine
# The names a browser on this machine gives the preview. Any other Host header is a page
# elsewhere reaching in through a name that resolves here (DNS rebinding): it is refused.
OWN_NAMES = ("127.0.0.1", "localhost", "[::1]")
CONNECTION_TIMEOUT = 10.0  # seconds a connection may sit idle before it is closed
BACKLOG = 512  # connections waiting to be accepted: bursts of a browser, or of several
POLL_INTERVAL = 0.3  # seconds between two looks at the inputs
SETTLE_LOOKS = 10  # an editor may save in several writes: wait until the inputs hold still
KEEPALIVE_SECONDS = 15.0  # a comment on idle event streams, to notice closed tabs
HTML_TYPE = "text/html; charset=utf-8"
CONTENT_TYPES = {".html": HTML_TYPE, ".pdf": "application/pdf", ".woff2": "font/woff2"}
PAGES = ("", "index.html", "fragment.html", HOST_PAGE)  # what a briefing's error replaces

Snapshot = dict[Path, tuple[int, int, int]]  # file to (mtime_ns, size, inode)


@dataclass(frozen=True)
class Listening:
    """The first build is done and the preview answers at `url`."""

    url: str


@dataclass(frozen=True)
class Changed:
    """These inputs changed (relative to the project); a rebuild follows."""

    files: tuple[Path, ...]


@dataclass(frozen=True)
class ProjectFailed:
    """Nothing could be built: briefgen.yaml, the theme or the output folder is wrong."""

    error: BriefgenError


ServeEvent = Listening | Changed | Outcome | ProjectFailed
Notify = Callable[[ServeEvent], None]


class _Stopped(Exception):
    """Raised between two briefings of a rebuild, so that Ctrl-C need not wait for all."""


# Watching the inputs


def input_files(root: Path, config: ProjectConfig | None) -> list[Path]:
    """Every file a build reads: settings, briefings, both theme folders and the logo."""
    files = [root / CONFIG_NAME, *content_files(root)]
    for folder in (root / "templates", builtin_theme()):
        if folder.is_dir():
            files.extend(path for path in sorted(folder.rglob("*")) if path.is_file())
    if config is not None and config.partnership.logo is not None:
        files.append(root / config.partnership.logo.file)
    return files


def content_files(root: Path) -> list[Path]:
    folder = root / "content"
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])


def is_content(root: Path, path: Path) -> bool:
    return path.parent == root / "content" and path.suffix in (".yaml", ".yml")


def take_snapshot(files: Iterable[Path]) -> Snapshot:
    """Modification time, size and inode: an editor that saves by renaming changes the inode."""
    snapshot: Snapshot = {}
    for path in files:
        try:
            status = path.stat()
        except OSError:
            continue  # missing (not created yet, or removed): its absence is the change
        snapshot[path] = (status.st_mtime_ns, status.st_size, status.st_ino)
    return snapshot


def changed_files(before: Snapshot, after: Snapshot) -> list[Path]:
    """Files added, removed or modified between two snapshots."""
    return sorted(
        path for path in before.keys() | after.keys() if before.get(path) != after.get(path)
    )


# Building


@dataclass(frozen=True)
class Status:
    """What the pages need to know about the latest build; replaced whole, never changed."""

    generation: str  # changes after every rebuild: an open page reloads when it differs
    failures: tuple[Outcome, ...] = ()  # briefings whose latest build failed
    project_error: BriefgenError | None = None
    config: ProjectConfig | None = None  # the latest valid settings, for the sample host page

    def failure_of(self, slug: str) -> Outcome | None:
        return next((outcome for outcome in self.failures if outcome.slug == slug), None)


@dataclass
class _Builder:
    """Runs the builds, one at a time, and remembers which briefings failed."""

    root: Path
    notify: Notify
    stopping: threading.Event
    project: Project | None = None
    project_error: BriefgenError | None = None
    failures: dict[Path, Outcome] = field(default_factory=dict)

    def rebuild(self, changed: Collection[Path]) -> None:
        """Only the briefings that changed, unless anything they share changed too."""
        sources = [path for path in changed if is_content(self.root, path) and path.is_file()]
        if self.project is None or self.project_error or len(sources) != len(changed):
            self.build_everything()
        else:
            self.build_briefings(self.project, sources)

    def build_everything(self) -> None:
        try:
            self.project = self.load()
            report = build(self.project, progress=self.progress)
        except BriefgenError as error:
            self.project_error = error
            self.notify(ProjectFailed(error))
            return
        self.project_error = None
        self.failures = {outcome.source: outcome for outcome in report.failed}

    def build_briefings(self, project: Project, sources: list[Path]) -> None:
        try:
            report = build(project, sources, progress=self.progress)
        except BriefgenError as error:
            self.project_error = error
            self.notify(ProjectFailed(error))
            return
        for outcome in report.outcomes:
            self.failures.pop(outcome.source, None)
            if not outcome.ok:
                self.failures[outcome.source] = outcome

    def attempt(self, action: Callable[[], None]) -> None:
        """Run a build; a failure briefgen did not foresee must not end the preview."""
        try:
            action()
        except _Stopped:
            raise
        except Exception as error:  # shown in the pages; the next save retries
            self.crashed(error)

    def crashed(self, error: Exception) -> None:
        """Show a build's unexpected failure in the pages; the next save rebuilds everything."""
        self.project_error = UsageError(
            f"briefgen failed while building, which is a bug in briefgen: "
            f"{type(error).__name__}: {shorten(str(error), 200)}",
            "save the file again to rebuild; if it fails again, report it with the briefing "
            "you changed",
        )
        self.notify(ProjectFailed(self.project_error))

    def load(self) -> Project:
        # load_project would look in the folders above for another briefgen.yaml.
        if not (self.root / CONFIG_NAME).is_file():
            raise UsageError(
                f"{CONFIG_NAME} is missing from {self.root}", f"put {CONFIG_NAME} back"
            )
        return load_project(self.root)

    def progress(self, outcome: Outcome) -> None:
        self.notify(outcome)
        if self.stopping.is_set():
            raise _Stopped

    def status(self, generation: str) -> Status:
        return Status(
            generation,
            tuple(self.failures[source] for source in sorted(self.failures)),
            self.project_error,
            self.project.config if self.project else None,
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

    def respond(self, raw_path: str) -> Response:
        status = self.status  # one consistent view, even if a rebuild finishes meanwhile
        parts = request_parts(raw_path)
        if parts is None:
            return not_found(status)
        if status.project_error is not None and _is_page(parts):
            return page_response(error_page(status.project_error, None), status, raw_path)
        if not parts or parts == ["index.html"]:
            return self.index(status, raw_path)
        slug = parts[0]
        failure = status.failure_of(slug)
        if len(parts) == 1 and self.is_folder(raw_path, slug, failure):
            return Response(HTTPStatus.MOVED_PERMANENTLY, b"", location=f"/{quote(slug)}/")
        if failure is not None and failure.error is not None and _is_page(parts):
            page = error_page(failure.error, failure.source)
            return page_response(page, status, raw_path, slug)
        if parts[1:] == [HOST_PAGE]:
            return self.host_page(slug, status, raw_path)
        return self.file(parts, status, raw_path)

    def is_folder(self, raw_path: str, slug: str, failure: Outcome | None) -> bool:
        """A briefing's address without its final slash: its relative links need the slash."""
        if raw_path.split("?", 1)[0].endswith("/"):
            return False
        return failure is not None or (self.output / slug).is_dir()

    def index(self, status: Status, raw_path: str) -> Response:
        index = file_inside(self.output, ["index.html"])
        if index is None:
            return not_found(status)
        page = index.read_text(encoding="utf-8")
        return page_response(page, status, raw_path, extra=failures_panel(status.failures))

    def host_page(self, slug: str, status: Status, raw_path: str) -> Response:
        fragment = file_inside(self.output, [slug, "fragment.html"])
        if fragment is None or status.config is None:
            return not_found(status)
        page = host_page(fragment.read_text(encoding="utf-8"), status.config)
        return page_response(page, status, raw_path, slug)

    def file(self, parts: list[str], status: Status, raw_path: str) -> Response:
        path = file_inside(self.output, parts)
        if path is None:
            return not_found(status)
        if path.suffix != ".html":
            return Response(HTTPStatus.OK, path.read_bytes(), content_type_of(path))
        page = path.read_text(encoding="utf-8")
        if path.name == "fragment.html":
            return Response(HTTPStatus.OK, (page + reload_script(status.generation)).encode())
        slug = parts[0] if path.parent != self.output else None
        return page_response(page, status, raw_path, slug)


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
    extra: str = "",
    status_code: HTTPStatus = HTTPStatus.OK,
) -> Response:
    """An HTML page with the preview's bar (and `extra`) on top and the reload script."""
    top = preview_bar(slug, raw_path) + extra
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
        """An idle or half-sent request is closed after the timeout, freeing its thread."""
        self.request.settimeout(self.preview.connection_timeout)
        super().setup()

    def parse_request(self) -> bool:
        """Read the request line and headers, then refuse a request for another name.

        The refusal (421 Misdirected Request) has no body: nothing of a draft is sent.
        """
        if not super().parse_request():
            return False
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
        """Server-Sent Events: the generation now, then again after every rebuild."""
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


class _HttpServer(ThreadingHTTPServer):
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
        interval: float = POLL_INTERVAL,
        connection_timeout: float = CONNECTION_TIMEOUT,
    ) -> None:
        self.root = root
        self.notify = notify
        self.interval = interval
        self.connection_timeout = connection_timeout
        self.stopping = threading.Event()
        self.changed = threading.Condition()
        self.token = secrets.token_hex(4)  # a restarted server reloads the pages it left
        self.builds = 0
        self.builder = _Builder(root, notify, self.stopping)
        self.site = Site((root / "output").resolve(), Status(self.generation()))
        self.http = bind(port, functools.partial(_Handler, self))

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.http.server_port}/"

    def run(self) -> None:
        """Build, then serve and watch until Ctrl-C (KeyboardInterrupt), then close."""
        try:
            # The settings name the logo, which is watched too: read them before the snapshot,
            # and take it before the build, so that an edit saved during the build is seen.
            with contextlib.suppress(BriefgenError):
                self.builder.project = self.builder.load()
            known = self.snapshot()
            self.builder.attempt(self.builder.build_everything)
            self.publish()
            self.notify(Listening(self.url))
            watcher = threading.Thread(target=self.watch, args=(known,), name="briefgen-watch")
            watcher.start()
            try:
                self.http.serve_forever(poll_interval=0.2)
            finally:
                self.end_streams()
                watcher.join()
        finally:
            self.http.server_close()

    def end_streams(self) -> None:
        with self.changed:
            self.stopping.set()
            self.changed.notify_all()

    def watch(self, known: Snapshot) -> None:
        while not self.stopping.wait(self.interval):
            current = self.snapshot()
            if current == known:
                continue
            current = self.settled(current)
            if self.stopping.is_set():
                return
            changed = changed_files(known, current)
            known = current
            self.notify(Changed(tuple(self.shown(path) for path in changed)))
            try:
                self.builder.attempt(functools.partial(self.builder.rebuild, changed))
            except _Stopped:
                return
            self.publish()

    def settled(self, current: Snapshot) -> Snapshot:
        for _ in range(SETTLE_LOOKS):
            if self.stopping.wait(self.interval):
                break
            again = self.snapshot()
            if again == current:
                break
            current = again
        return current

    def shown(self, path: Path) -> Path:
        """A path as the user knows it: relative to the project, or in full for the theme."""
        return path.relative_to(self.root) if path.is_relative_to(self.root) else path

    def snapshot(self) -> Snapshot:
        project = self.builder.project
        return take_snapshot(input_files(self.root, project.config if project else None))

    def generation(self) -> str:
        return f"{self.token}.{self.builds}"

    def publish(self) -> None:
        """Make the latest build visible, and tell the open pages to reload."""
        with self.changed:
            self.builds += 1
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


def bind(port: int, handler: Callable[..., BaseHTTPRequestHandler]) -> _HttpServer:
    """Listen on loopback only; a port in use or reserved is the user's to change."""
    try:
        return _HttpServer((LOOPBACK, port), handler)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise UsageError(
                f"port {port} is already in use",
                f"stop the program that uses it, or choose another: briefgen serve --port "
                f"{port + 1}",
            ) from None
        if error.errno == errno.EACCES:
            raise UsageError(
                f"port {port} is reserved for the system",
                "choose a port from 1024 up, such as 8000",
            ) from None
        raise


__all__ = [
    "Changed",
    "Listening",
    "PreviewServer",
    "ProjectFailed",
    "ServeEvent",
    "Site",
    "Status",
    "input_files",
    "request_parts",
]
