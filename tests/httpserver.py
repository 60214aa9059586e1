"""A real HTTP server on 127.0.0.1 for tests: programmable routes and a request log."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Route:
    """One programmed answer: status, headers, body, and how to misbehave."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html"})
    body: bytes = b""
    delay: float = 0.0  # seconds before the status line
    drop_after: int | None = None  # send this many body bytes, then close the connection
    no_length: bool = False  # no Content-Length: the body ends when the connection closes
    trickle: float = 0.0  # send the body a byte at a time, this many seconds apart


@dataclass
class Hit:
    """One request the server received."""

    path: str
    headers: dict[str, str]
    start: float
    end: float = 0.0


class Server:
    """A threaded HTTP server with programmable routes and a request log."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Route]] = {}
        self.log: list[Hit] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                hit = Hit(
                    self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()
                )
                with owner._lock:
                    owner.log.append(hit)
                    queue = owner.routes.get(self.path.split("?")[0])
                    route = (queue.pop(0) if len(queue) > 1 else queue[0]) if queue else Route(404)
                try:
                    self._answer(route)
                finally:
                    hit.end = time.monotonic()

            def _answer(self, route: Route) -> None:
                time.sleep(route.delay)
                etag = route.headers.get("ETag")
                if route.status == 200 and etag and self.headers.get("If-None-Match") == etag:
                    # Conditional GET, as a real server answers it.
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.no_length:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                elif "Content-Length" not in route.headers:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                if route.drop_after is not None:
                    self.wfile.write(route.body[: route.drop_after])
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                if route.trickle:
                    self._trickle(route)
                    return
                self.wfile.write(route.body)

            def _trickle(self, route: Route) -> None:
                try:
                    for i in range(len(route.body)):
                        self.wfile.write(route.body[i : i + 1])
                        self.wfile.flush()
                        time.sleep(route.trickle)
                except OSError:  # the client gave up, as it should
                    self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Quiet(ThreadingHTTPServer):
            daemon_threads = True
            block_on_close = False

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # clients that time out leave broken pipes behind; expected here

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()

    def route(self, path: str, *answers: Route) -> str:
        """Answer ``path`` with these routes in turn (the last one repeats); return its URL."""
        self.routes[path] = list(answers)
        return self.base + path

    def paths(self) -> list[str]:
        with self._lock:
            return [hit.path for hit in self.log]

    def hits(self, path: str) -> list[Hit]:
        with self._lock:
            return [hit for hit in self.log if hit.path == path]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.close()
