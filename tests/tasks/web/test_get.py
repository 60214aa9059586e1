"""One GET against a real HTTP server on 127.0.0.1: status, headers, body limits and failures."""

from __future__ import annotations

import dataclasses
import gzip
import socket
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest
import requests

from schemas import RejectReason
from tasks.web.clock import SystemClock
from tasks.web.get import BodyLimit, Response, get
from tasks.web.settings import FetchSettings
from tests.httpserver import Route, Server
from tests.tasks.web.support import START, FakeClock, fast

PAGE = "<html><body><p>智慧课堂走进乡村学校</p></body></html>".encode()


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


def one_get(
    session: requests.Session,
    url: str,
    settings: FetchSettings | None = None,
    limit: BodyLimit | None = None,
    clock: FakeClock | None = None,
) -> Response:
    settings = settings or fast()
    return get(
        session, url, {}, limit or BodyLimit(settings.max_bytes), settings, clock or FakeClock()
    )


def test_page_comes_back_frozen_with_lower_case_headers(
    server: Server, session: requests.Session
) -> None:
    url = server.route("/p", Route(headers={"Content-Type": "text/html", "X-Seen": "1"}, body=PAGE))
    response = one_get(session, url)
    assert (response.status, response.phrase, response.body) == (200, "OK", PAGE)
    assert response.url == url and response.received == len(PAGE)
    assert response.headers["x-seen"] == "1" and response.fetched_at == START
    assert response.problem is None and response.failure is None and response.location is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        response.status = 500  # type: ignore[misc]


def test_elapsed_and_fetched_at_come_from_the_clock(
    server: Server, session: requests.Session
) -> None:
    url = server.route("/timed", Route(404))
    response = one_get(session, url, clock=FakeClock(tick=0.25))
    assert response.elapsed == 0.25  # read before sending and after the answer, no body read
    assert response.fetched_at > START


def test_request_headers_are_sent(server: Server, session: requests.Session) -> None:
    url = server.route("/cond", Route(304))
    settings = fast()
    response = get(session, url, {"If-None-Match": '"v1"'}, BodyLimit(100), settings, FakeClock())
    assert response.status == 304 and response.problem is None and response.body is None
    assert server.hits("/cond")[0].headers["if-none-match"] == '"v1"'


def test_redirect_is_returned_not_followed(server: Server, session: requests.Session) -> None:
    url = server.route("/moved", Route(301, headers={"Location": "/there"}))
    response = one_get(session, url)
    assert response.status == 301 and response.location == "/there" and response.problem is None
    assert server.paths() == ["/moved"]


def test_redirect_without_location_is_an_http_error(
    server: Server, session: requests.Session
) -> None:
    url = server.route("/nowhere", Route(302, headers={}))
    response = one_get(session, url)
    assert response.problem == "no_location" and response.failure == RejectReason.HTTP_ERROR
    assert response.detail == "HTTP 302 Found without a Location header"


def test_error_status_is_a_problem_with_its_phrase(
    server: Server, session: requests.Session
) -> None:
    url = server.route("/gone", Route(404))
    response = one_get(session, url)
    assert response.problem == "status" and response.detail == "HTTP 404 Not Found"
    assert response.failure == RejectReason.HTTP_ERROR and response.body is None


# --- size and type -----------------------------------------------------------------------------


def test_declared_oversized_body_is_not_downloaded(
    server: Server, session: requests.Session
) -> None:
    url = server.route("/big", Route(body=b"a" * 5000))
    response = one_get(session, url, limit=BodyLimit(1000))
    assert response.failure == RejectReason.TOO_LARGE and response.received == 0
    assert response.detail == "Content-Length 4.9 KiB is over the 1000 bytes limit; not downloaded"


def test_streamed_oversized_body_is_stopped(server: Server, session: requests.Session) -> None:
    url = server.route("/big-stream", Route(body=b"a" * 300_000, no_length=True))
    response = one_get(session, url, limit=BodyLimit(100_000))
    assert response.failure == RejectReason.TOO_LARGE and response.body is None
    assert response.received <= 100_000 and "download stopped" in (response.detail or "")


def test_truncating_limit_keeps_the_first_bytes(server: Server, session: requests.Session) -> None:
    url = server.route("/long", Route(body=b"0123456789" * 100))
    response = one_get(session, url, limit=BodyLimit(25, truncate=True))
    assert response.problem is None and response.body == b"0123456789012345678901234"
    assert response.received == 25


def test_gzip_bomb_is_stopped_at_the_limit(server: Server, session: requests.Session) -> None:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip container
    zeros = bytes(1 << 20)
    bomb = b"".join(packer.compress(zeros) for _ in range(50)) + packer.flush()
    assert len(bomb) < 200_000  # ~50 KiB on the wire, 50 MiB once inflated
    url = server.route(
        "/bomb", Route(headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}, body=bomb)
    )
    tracemalloc.start()
    try:
        response = one_get(session, url, limit=BodyLimit(1 << 20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.failure == RejectReason.TOO_LARGE
    assert "after gzip decompression" in (response.detail or "")
    assert response.received <= 1 << 20 and peak < 8 * (1 << 20), peak


def test_gzip_page_is_decompressed(server: Server, session: requests.Session) -> None:
    url = server.route(
        "/gz",
        Route(
            headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
            body=gzip.compress(PAGE),
        ),
    )
    assert one_get(session, url).body == PAGE


def test_undecompressable_body_is_a_content_encoding_error(
    server: Server, session: requests.Session
) -> None:
    url = server.route(
        "/bad-gz",
        Route(headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}, body=b"not gz"),
    )
    response = one_get(session, url)
    assert response.problem == "decoding" and response.status == 200
    assert response.failure == RejectReason.BAD_CONTENT_ENCODING
    assert (response.detail or "").startswith("body cannot be decompressed as gzip: ")


def test_wrong_content_type_is_refused(server: Server, session: requests.Session) -> None:
    url = server.route(
        "/logo.png", Route(headers={"Content-Type": "image/png"}, body=b"\x89PNG\r\n\x1a\n")
    )
    response = one_get(session, url)
    assert response.failure == RejectReason.BAD_CONTENT_TYPE and response.body is None
    assert "image/png" in (response.detail or "")
    assert one_get(session, url, limit=BodyLimit(100, check_type=False)).problem is None


def test_missing_content_type_is_allowed(server: Server, session: requests.Session) -> None:
    url = server.route("/untyped", Route(headers={}, body=b"<p>ok</p>"))
    assert one_get(session, url).body == b"<p>ok</p>"


# --- failures ----------------------------------------------------------------------------------


def test_connection_dropped_mid_body(server: Server, session: requests.Session) -> None:
    url = server.route(
        "/cut",
        Route(
            headers={"Content-Type": "text/html", "Content-Length": "1000"},
            body=b"x" * 1000,
            drop_after=100,
        ),
    )
    response = one_get(session, url)
    assert response.status == 200 and response.problem in ("dropped", "short_body")
    assert response.failure == RejectReason.CONNECTION_ERROR and response.body is None


def test_body_slower_than_total_timeout_is_stopped(
    server: Server, session: requests.Session
) -> None:
    url = server.route("/drip", Route(body=b"d" * 400_000, no_length=True))
    # Every reading of the clock moves it 0.6 s on: the deadline passes within a few chunks.
    response = one_get(session, url, fast(total_timeout=1.0), clock=FakeClock(tick=0.6))
    assert response.problem == "deadline" and response.failure == RejectReason.TIMEOUT
    assert response.detail == "body not complete after 1 s"
    assert 0 < response.received < 400_000


def test_a_trickling_server_is_cut_off_at_the_deadline_on_the_real_clock(
    server: Server, session: requests.Session
) -> None:
    # a byte every 50 ms never trips the 5 s read timeout; it would take 100 s to finish
    url = server.route("/trickle", Route(body=b"t" * 2000, trickle=0.05))
    settings = fast(total_timeout=1.0, read_timeout=5.0)
    response = get(session, url, {}, BodyLimit(100_000), settings, SystemClock())
    assert response.problem == "deadline" and response.failure == RejectReason.TIMEOUT
    assert 1.0 <= response.elapsed < 3.0
    assert 0 < response.received < 2000


def test_read_timeout_waits_the_read_timeout_on_the_real_clock(
    server: Server, session: requests.Session
) -> None:
    url = server.route("/slow", Route(delay=1.0, body=b"late"))
    response = one_get(session, url, fast(read_timeout=0.3))
    assert response.problem == "read_timeout" and response.status is None
    assert response.detail == "read timed out (no data for 0.3 s)"
    real = get(session, url, {}, BodyLimit(100), fast(read_timeout=0.3), SystemClock())
    assert real.problem == "read_timeout" and real.elapsed >= 0.25


def test_refused_connection_is_a_connection_problem(session: requests.Session) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    response = one_get(session, f"http://127.0.0.1:{port}/x")
    assert response.problem == "connection" and response.status is None
    assert "Connection refused" in (response.detail or "")
