"""The preview server's budget of connections: how many, for how long, and what is refused.

`briefgen serve` answers each connection in a thread of its own (http.server's
ThreadingHTTPServer). Unbounded, 1,000 event streams made 1,005 threads, and a client
that sent its request's head a byte every few seconds held its connection for ever: the
socket's timeout bounds each wait for bytes, not the head. Here:

- at most `limit` connections are open at once, event streams included, so at most that
  many threads answer them; a connection past the limit waits up to `patience` seconds
  for a place, those after it in the listen backlog (a browser's burst of requests is
  queued, not refused); once the server is full for that long, it and the next ones are
  answered 503 at once, in the accepting thread, until a place is free again;
- event streams (the pages' live reload) take at most `streams_limit` of those places, so that
  pages, PDFs and fonts always have room; a stream past them is answered 503;
- a request's head (its request line and headers) must arrive whole within the head
  deadline of the moment the connection is ready for it, however slowly its bytes come.

The module never prints.
"""

from __future__ import annotations

import contextlib
import io
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any

MAX_CONNECTIONS = 128  # open at once, a thread each: tens of tabs with their streams
MAX_EVENT_STREAMS = 96  # of those, live-reload streams: a quarter is kept for requests
# How long a connection past the limit waits for a place: as long as a head may take, so
# that a burst waits for the requests before it (once the wait is in vain, the next are
# answered 503 at once, until a place frees).
QUEUE_SECONDS = 10.0
_REFUSED = b"The preview has too many connections open: try again in a moment.\n"
REFUSAL = b"".join(
    [
        b"HTTP/1.1 503 Service Unavailable\r\n",
        b"Content-Type: text/plain; charset=utf-8\r\n",
        b"Content-Length: %d\r\n" % len(_REFUSED),
        b"Retry-After: 1\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        _REFUSED,
    ]
)


@dataclass
class ConnectionPool:
    """The places for connections, and how many of them event streams hold."""

    limit: int = MAX_CONNECTIONS
    streams_limit: int = MAX_EVENT_STREAMS
    patience: float = QUEUE_SECONDS
    open: int = 0
    streams: int = 0
    full: bool = False  # the last connection waited in vain: refuse at once until a place frees
    freed: threading.Condition = field(default_factory=threading.Condition)

    def admit(self) -> bool:
        """Take a place for a new connection, waiting for one a moment unless the pool has
        already been full that long; False: none (answer 503)."""
        with self.freed:
            if self.open >= self.limit and not self.full:
                self.freed.wait_for(lambda: self.open < self.limit, timeout=self.patience)
            self.full = self.open >= self.limit
            if self.full:
                return False
            self.open += 1
            return True

    def release(self) -> None:
        with self.freed:
            self.open -= 1
            self.full = False
            self.freed.notify()

    def start_stream(self) -> bool:
        """Let an open connection become an event stream; False: streams fill their share."""
        with self.freed:
            if self.streams >= self.streams_limit:
                return False
            self.streams += 1
            return True

    def end_stream(self) -> None:
        with self.freed:
            self.streams -= 1


class HeadDeadline(io.RawIOBase):
    """A connection's bytes, read against a deadline for a request's whole head.

    While `deadline` is set (from the moment the connection is ready for a request until
    its headers are read), each wait for bytes lasts at most until the deadline, and a
    read past it raises TimeoutError, which http.server answers by closing the
    connection. Otherwise each wait lasts at most `idle` seconds, as the socket's timeout.
    """

    def __init__(self, connection: socket.socket, idle: float) -> None:
        super().__init__()
        self.connection = connection
        self.idle = idle
        self.deadline: float | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        wait = self.idle
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the request's head did not arrive in time")
            wait = min(wait, left)
        self.connection.settimeout(wait)
        return self.connection.recv_into(buffer)


class BoundedHttpServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer whose connections, and so threads, are counted in `pool`."""

    pool: ConnectionPool

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.pool.admit():
            refuse(request)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)  # a thread of its own
        except BaseException:
            self.pool.release()  # no thread was started to release it
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.pool.release()


def refuse(connection: socket.socket) -> None:
    """Answer 503 in the accepting thread, without waiting on the client: what it has sent
    so far is read and dropped, the answer fits the socket's buffer, and the connection is
    closed after it."""
    with contextlib.suppress(OSError):  # the client is gone already: nothing to answer
        connection.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            connection.recv(65536)
        connection.send(REFUSAL)
        connection.shutdown(socket.SHUT_WR)


__all__ = [
    "MAX_CONNECTIONS",
    "MAX_EVENT_STREAMS",
    "BoundedHttpServer",
    "ConnectionPool",
    "HeadDeadline",
]
