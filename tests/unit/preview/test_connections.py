"""The preview's budget of connections, unit by unit: the pool's places (a wait for one,
then 503 at once while it stays full), the share event streams may take, and the deadline
for a request's whole head however slowly its bytes come. (test_server drives them
through a running preview.)"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from briefgen.preview.connections import BoundedHttpServer, ConnectionPool, HeadDeadline


def test_places_are_taken_and_freed() -> None:
    pool = ConnectionPool(limit=2, patience=0)
    assert pool.admit()
    assert pool.admit()
    assert pool.open == 2
    assert not pool.admit(), "full"
    assert pool.full
    pool.release()
    assert not pool.full
    assert pool.admit()


def test_once_the_pool_has_been_full_that_long_the_next_is_refused_at_once() -> None:
    patience = 0.5
    pool = ConnectionPool(limit=1, patience=patience)
    assert pool.admit()
    started = time.monotonic()
    assert not pool.admit()
    assert time.monotonic() - started >= patience, "the first waited its patience"
    started = time.monotonic()
    assert not pool.admit()
    # Not a speed: the difference between waiting the patience and not waiting at all.
    assert time.monotonic() - started < patience, "the next does not wait"


def test_a_connection_waiting_gets_the_place_freed() -> None:
    pool = ConnectionPool(limit=1, patience=5)
    assert pool.admit()
    threading.Timer(0.05, pool.release).start()
    assert pool.admit(), "admitted once freed, before its patience ran out"


def test_streams_take_only_their_share() -> None:
    pool = ConnectionPool(limit=4, streams_limit=2)
    assert pool.start_stream()
    assert pool.start_stream()
    assert not pool.start_stream()
    pool.end_stream()
    assert pool.start_stream()
    assert pool.streams == 2


@pytest.fixture
def pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    ours, theirs = socket.socketpair()
    yield ours, theirs
    ours.close()
    theirs.close()


def test_bytes_that_arrive_are_read(pair: tuple[socket.socket, socket.socket]) -> None:
    ours, theirs = pair
    reader = HeadDeadline(ours, idle=1)
    theirs.sendall(b"GET / HTTP/1.1\r\n")
    buffer = bytearray(64)
    assert reader.readinto(buffer) == 16
    assert bytes(buffer[:16]) == b"GET / HTTP/1.1\r\n"
    assert reader.readable()


def test_a_head_past_its_deadline_is_ended(pair: tuple[socket.socket, socket.socket]) -> None:
    ours, theirs = pair
    idle = 10
    reader = HeadDeadline(ours, idle=idle)
    reader.deadline = time.monotonic() + 0.1
    theirs.sendall(b"G")  # a byte now and then keeps no head alive
    assert reader.readinto(bytearray(1)) == 1
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        reader.readinto(bytearray(1))
    assert time.monotonic() - started < idle, "ended at the head's deadline, not its idle time"
    reader.deadline = time.monotonic() - 1
    theirs.sendall(b"E")
    with pytest.raises(TimeoutError, match="did not arrive in time"):
        reader.readinto(bytearray(1))


def test_without_a_deadline_a_wait_lasts_the_idle_time(
    pair: tuple[socket.socket, socket.socket],
) -> None:
    ours, _ = pair
    reader = HeadDeadline(ours, idle=0.05)
    with pytest.raises(TimeoutError):
        reader.readinto(bytearray(1))


class Hello(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[BoundedHttpServer]:
    made = BoundedHttpServer(("127.0.0.1", 0), Hello)
    made.daemon_threads = True
    made.pool = ConnectionPool(limit=1, patience=0.05)
    thread = threading.Thread(target=made.serve_forever, daemon=True)
    thread.start()
    yield made
    made.shutdown()
    made.server_close()


def ask(server: BoundedHttpServer) -> bytes:
    with socket.create_connection(server.server_address[:2], timeout=5) as client:  # type: ignore[arg-type]
        client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := client.recv(4096):
            answer += chunk
        return answer


def test_the_server_answers_then_frees_the_place(server: BoundedHttpServer) -> None:
    assert ask(server).startswith(b"HTTP/1.0 200")
    deadline = time.monotonic() + 2
    while server.pool.open and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.pool.open == 0
    assert ask(server).startswith(b"HTTP/1.0 200")


def test_past_its_places_the_server_answers_503(server: BoundedHttpServer) -> None:
    holding = socket.create_connection(server.server_address[:2], timeout=5)  # type: ignore[arg-type]
    try:
        deadline = time.monotonic() + 2
        while not server.pool.open and time.monotonic() < deadline:
            time.sleep(0.01)
        answer = ask(server)
        assert answer.startswith(b"HTTP/1.1 503 Service Unavailable\r\n")
        assert b"Retry-After: 1\r\n" in answer
        assert answer.endswith(b"too many connections open: try again in a moment.\n")
    finally:
        holding.close()
