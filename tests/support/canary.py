"""What the security tests watch with: an audit hook that records every file this process
opens, a file outside the project that nothing may read, and a loopback web server that
counts the requests it gets."""

from __future__ import annotations

import http.server
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

OPENED: list[str] = []


def _audit(event: str, arguments: tuple[Any, ...]) -> None:
    if event == "open" and arguments and isinstance(arguments[0], str | bytes | Path):
        OPENED.append(str(arguments[0]))


sys.addaudithook(_audit)


class Counter(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []  # noqa: RUF012 (shared on purpose: the server's log)

    def do_GET(self) -> None:
        Counter.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """Run a web server on loopback with `handler`; yields its address, then stops it."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def make_canary(folder: Path) -> Path:
    """A file outside the project that nothing may read (the audit hook above records
    every file this process opens)."""
    path = folder / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text("secret")
    return path
