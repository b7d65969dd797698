"""A small client of the Language Server Protocol, to ask yaml-language-server what an
editor would underline: JSON-RPC messages framed by Content-Length, over the server's
standard input and output."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from tests.support.project import REPOSITORY

SERVER = REPOSITORY / "tests" / "npm" / "node_modules" / ".bin" / "yaml-language-server"
ANSWER_WITHIN_SECONDS = 60  # a bound on waiting for the server, not a measure of its speed


@dataclass(frozen=True)
class Diagnostic:
    """One underline: its 1-based line (as `briefgen check` counts) and its message."""

    line: int
    column: int
    message: str


class LanguageServer:
    """A running language server, spoken to as an editor speaks to it."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self.inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.next_id = 0
        self.settings: dict[str, Any] = {}
        assert process.stdout is not None
        threading.Thread(target=self._read_all, args=(process.stdout,), daemon=True).start()

    def _read_all(self, stream: IO[bytes]) -> None:
        """Put each message the server writes into the inbox; None when it has stopped."""
        while True:
            headers: dict[str, str] = {}
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            if not line:
                self.inbox.put(None)
                return
            body = stream.read(int(headers["content-length"]))
            self.inbox.put(json.loads(body))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        reply = self.wait_for(lambda message: message.get("id") == self.next_id)
        return reply.get("result")

    def wait_for(self, wanted: Any) -> dict[str, Any]:
        """The next message `wanted` accepts; the server's own requests are answered."""
        while True:
            message = self.inbox.get(timeout=ANSWER_WITHIN_SECONDS)
            if message is None:
                raise RuntimeError("yaml-language-server stopped")
            if "method" in message and "id" in message:  # a request to the editor
                self.send({"id": message["id"], "result": self._answer(message)})
                continue
            if wanted(message):
                return message

    def _answer(self, request: dict[str, Any]) -> Any:
        """The editor's settings when the server asks for them (it asks, on every change)."""
        if request["method"] != "workspace/configuration":
            return None
        return [self.settings.get(item.get("section", "")) for item in request["params"]["items"]]

    def hover(self, document: Path, line: int, column: int) -> str:
        """The text shown when the pointer rests at a 1-based `line` and `column`."""
        reply = self.request(
            "textDocument/hover",
            {
                "textDocument": {"uri": document.resolve().as_uri()},
                "position": {"line": line - 1, "character": column - 1},
            },
        )
        return str(reply["contents"]["value"]) if reply else ""

    def completions(self, document: Path, line: int, column: int) -> list[dict[str, Any]]:
        """What the editor offers to type at a 1-based `line` and `column` of an open
        document: each item's label, documentation and the text it inserts."""
        reply = self.request(
            "textDocument/completion",
            {
                "textDocument": {"uri": document.resolve().as_uri()},
                "position": {"line": line - 1, "character": column - 1},
            },
        )
        items = reply.get("items", []) if isinstance(reply, dict) else (reply or [])
        return list(items)

    def diagnostics(self, document: Path) -> list[Diagnostic]:
        """Open `document` as an editor would, and return what the server underlines."""
        uri = document.resolve().as_uri()
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": "yaml",
                    "version": 1,
                    "text": document.read_text(encoding="utf-8"),
                }
            },
        )
        published = self.wait_for(
            lambda message: (
                message.get("method") == "textDocument/publishDiagnostics"
                and message["params"]["uri"] == uri
            )
        )
        return [
            Diagnostic(
                item["range"]["start"]["line"] + 1,
                item["range"]["start"]["character"] + 1,
                item["message"],
            )
            for item in published["params"]["diagnostics"]
        ]


@contextmanager
def yaml_language_server(schema: Path, documents: str) -> Iterator[LanguageServer]:
    """yaml-language-server, started, with `schema` applied to files matching `documents`."""
    process = subprocess.Popen(
        [str(SERVER), "--stdio"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    server = LanguageServer(process)
    try:
        server.request(
            "initialize",
            {
                "processId": None,
                "rootUri": None,
                "capabilities": {"workspace": {"configuration": True}},
                "workspaceFolders": None,
            },
        )
        server.notify("initialized", {})
        server.settings = {
            "yaml": {
                "validate": True,
                "hover": True,
                "completion": True,
                "schemas": {schema.resolve().as_uri(): documents},
            }
        }
        server.notify("workspace/didChangeConfiguration", {"settings": server.settings})
        yield server
    finally:
        if process.stdin is not None:
            process.stdin.close()
        process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()
