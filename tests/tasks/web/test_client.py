"""Fetch stage against a real HTTP server on 127.0.0.1 (no network, no mocks)."""

from __future__ import annotations

import gzip
import socket
import time
import tracemalloc
import zlib

import pytest

from schemas import DecodedDocument, RejectReason, Stage
from tasks.decode.charset import DecodeSettings, decode_document
from tasks.web.client import (
    Fetcher,
    FetchResult,
    FetchSettings,
    Validators,
    fetch_many,
    validators_from_headers,
)
from tests.httpserver import Route, Server

PAGE_ZH = (
    "<html><head><title>智慧课堂走进乡村学校</title></head><body><article>"
    "<p>3月28日，某市教育局与科大讯飞签署人工智能教育战略合作协议，推进智慧课堂建设。</p>"
    "</article></body></html>"
)


def fast(**overrides: object) -> FetchSettings:
    """Settings for tests: loopback allowed, tiny waits."""
    values: dict[str, object] = {
        "allow_private": True,
        "backoff_base": 0.01,
        "backoff_max": 0.05,
        "per_host_delay": 0.0,
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
    }
    values.update(overrides)
    return FetchSettings(**values)  # type: ignore[arg-type]


def fetch(url: str, settings: FetchSettings, validators: Validators | None = None) -> FetchResult:
    """Fetch one URL with a fetcher of its own."""
    with Fetcher(settings) as fetcher:
        return fetcher.fetch(url, validators)


# --- pages -------------------------------------------------------------------------------------


def test_utf8_page_is_fetched_with_its_headers(server: Server) -> None:
    body = PAGE_ZH.encode("utf-8")
    url = server.route(
        "/utf8",
        Route(headers={"Content-Type": "text/html; charset=utf-8", "X-Seen": "1"}, body=body),
    )
    result = fetch(url, fast())
    assert result.reject is None and result.raw is not None and not result.not_modified
    raw = result.raw
    assert raw.content == body and raw.size == len(body) and raw.is_complete
    assert raw.source_uri == url and result.final_url == url
    assert (
        raw.headers["content-type"] == "text/html; charset=utf-8" and raw.headers["x-seen"] == "1"
    )
    assert all(key == key.lower() for key in raw.headers)
    assert raw.fetched_at.utcoffset() is not None and len(raw.sha256) == 64
    assert [(a.status, a.attempt, a.bytes, a.error) for a in result.attempts] == [
        (200, 1, len(body), None)
    ]
    assert "edunews" in server.hits("/utf8")[0].headers["user-agent"]


def test_gbk_page_keeps_bytes_and_charset_for_decode(server: Server) -> None:
    body = PAGE_ZH.encode("gbk")
    url = server.route("/gbk", Route(headers={"Content-Type": "text/html; charset=GBK"}, body=body))
    result = fetch(url, fast())
    assert result.raw is not None and result.raw.content == body  # not decoded here
    assert result.raw.headers["content-type"] == "text/html; charset=GBK"
    decoded = decode_document(result.raw, DecodeSettings())
    assert isinstance(decoded, DecodedDocument), decoded
    assert "科大讯飞签署人工智能教育" in decoded.text and decoded.encoding_source == "http"
    assert decoded.encoding == "gb18030" and "\ufffd" not in decoded.text


def test_empty_body_is_kept_and_rejected(server: Server) -> None:
    url = server.route("/empty", Route(body=b"  \n"))
    result = fetch(url, fast())
    assert result.raw is not None and result.reject is not None
    assert (
        result.reject.reason == RejectReason.EMPTY and result.reject.raw_sha256 == result.raw.sha256
    )


# --- retries -----------------------------------------------------------------------------------


def test_500_then_200_recovers_on_the_second_attempt(server: Server) -> None:
    url = server.route("/flaky", Route(500), Route(body=PAGE_ZH.encode()))
    result = fetch(url, fast())
    assert result.reject is None and result.raw is not None
    assert [(a.attempt, a.status) for a in result.attempts] == [(1, 500), (2, 200)]
    assert result.attempts[0].error == "HTTP 500 Internal Server Error"


def test_429_with_retry_after_waits_then_succeeds(server: Server) -> None:
    url = server.route("/busy", Route(429, headers={"Retry-After": "1"}), Route(body=b"<p>ok</p>"))
    started = time.monotonic()
    result = fetch(url, fast())
    assert result.raw is not None and [a.status for a in result.attempts] == [429, 200]
    first, second = server.hits("/busy")
    assert second.start - first.start >= 0.95
    assert time.monotonic() - started < 3


def test_retry_after_is_capped(server: Server) -> None:
    url = server.route("/slow-down", Route(503, headers={"Retry-After": "3600"}), Route(body=b"ok"))
    started = time.monotonic()
    result = fetch(url, fast(max_retry_after=0.2))
    assert result.raw is not None and time.monotonic() - started < 2


def test_404_is_not_retried(server: Server) -> None:
    url = server.route("/gone", Route(404))
    result = fetch(url, fast())
    assert result.raw is None and result.reject is not None
    assert result.reject.stage == Stage.FETCH and result.reject.reason == RejectReason.HTTP_ERROR
    assert result.reject.detail == "HTTP 404 Not Found"
    assert len(result.attempts) == 1 and server.paths().count("/gone") == 1


def test_persistent_503_is_rejected_after_all_attempts(server: Server) -> None:
    url = server.route("/down", Route(503))
    result = fetch(url, fast(max_attempts=3))
    assert result.reject is not None and result.reject.reason == RejectReason.HTTP_ERROR
    assert result.reject.detail == "HTTP 503 Service Unavailable (after 3 attempts)"
    assert [a.attempt for a in result.attempts] == [1, 2, 3]


def test_read_timeout_is_retried_then_rejected(server: Server) -> None:
    url = server.route("/slow", Route(delay=1.0, body=b"late"))
    started = time.monotonic()
    result = fetch(url, fast(read_timeout=0.5, max_attempts=2))
    assert result.reject is not None and result.reject.reason == RejectReason.TIMEOUT
    assert "read timed out" in result.reject.detail and "after 2 attempts" in result.reject.detail
    assert [a.status for a in result.attempts] == [None, None]
    assert all(a.error and 0.45 < a.elapsed < 1.0 for a in result.attempts)
    assert len(server.hits("/slow")) == 2 and time.monotonic() - started < 2.5


def test_connection_dropped_mid_body_is_retried_then_rejected(server: Server) -> None:
    body = b"x" * 1000
    url = server.route(
        "/cut",
        Route(
            headers={"Content-Type": "text/html", "Content-Length": "1000"},
            body=body,
            drop_after=100,
        ),
    )
    result = fetch(url, fast(max_attempts=3))
    assert result.reject is not None and result.reject.reason == RejectReason.CONNECTION_ERROR
    assert "after 3 attempts" in result.reject.detail
    assert len(result.attempts) == 3 and len(server.hits("/cut")) == 3
    assert all(a.status == 200 and a.error for a in result.attempts)


def test_dropped_body_then_complete_recovers(server: Server) -> None:
    body = b"<p>" + b"y" * 997
    cut = Route(
        headers={"Content-Type": "text/html", "Content-Length": "1000"}, body=body, drop_after=100
    )
    url = server.route("/cut-once", cut, Route(body=body))
    result = fetch(url, fast())
    assert result.raw is not None and result.raw.content == body and len(result.attempts) == 2


# --- redirects ---------------------------------------------------------------------------------


def test_redirect_chain_is_followed(server: Server) -> None:
    start = server.route("/r1", Route(301, headers={"Location": "/r2"}))
    server.route("/r2", Route(302, headers={"Location": f"{server.base}/final"}))
    final = server.route("/final", Route(body=PAGE_ZH.encode()))
    result = fetch(start, fast())
    assert result.reject is None and result.raw is not None
    assert result.url == start and result.final_url == final and result.raw.source_uri == start
    assert [(a.url, a.status) for a in result.attempts] == [
        (start, 301),
        (f"{server.base}/r2", 302),
        (final, 200),
    ]
    assert [a.attempt for a in result.attempts] == [1, 2, 3]


def test_redirect_loop_is_rejected(server: Server) -> None:
    start = server.route("/loop-a", Route(302, headers={"Location": "/loop-b"}))
    server.route("/loop-b", Route(302, headers={"Location": "/loop-a"}))
    result = fetch(start, fast())
    assert result.reject is not None and result.reject.reason == RejectReason.TOO_MANY_REDIRECTS
    assert result.reject.detail.startswith("redirect loop: ")
    assert len(result.attempts) <= 5


def test_redirect_cap_is_enforced(server: Server) -> None:
    for n in range(5):
        server.route(f"/hop{n}", Route(302, headers={"Location": f"/hop{n + 1}"}))
    result = fetch(f"{server.base}/hop0", fast(max_redirects=2))
    assert result.reject is not None and result.reject.reason == RejectReason.TOO_MANY_REDIRECTS
    assert "more than 2 redirects" in result.reject.detail
    assert server.paths().count("/hop3") == 0 and len(result.attempts) == 3


def test_redirect_to_another_scheme_is_refused(server: Server) -> None:
    url = server.route("/to-ftp", Route(302, headers={"Location": "ftp://127.0.0.1/file.html"}))
    result = fetch(url, fast())
    assert result.reject is not None and result.reject.reason == RejectReason.BAD_URL
    assert "not ftp://" in result.reject.detail and "redirected from" in result.reject.detail
    assert result.final_url == url


# --- size and type -----------------------------------------------------------------------------


def test_declared_oversized_body_is_not_downloaded(server: Server) -> None:
    url = server.route("/big", Route(body=b"a" * 5000))
    result = fetch(url, fast(max_bytes=1000))
    assert result.reject is not None and result.reject.reason == RejectReason.TOO_LARGE
    assert "Content-Length" in result.reject.detail and result.attempts[0].bytes == 0


def test_streamed_oversized_body_is_stopped(server: Server) -> None:
    url = server.route("/big-stream", Route(body=b"a" * 300_000, no_length=True))
    result = fetch(url, fast(max_bytes=100_000))
    assert result.reject is not None and result.reject.reason == RejectReason.TOO_LARGE
    assert result.raw is None and result.attempts[0].bytes <= 100_000
    assert len(result.attempts) == 1  # not retried


def test_gzip_bomb_is_stopped_at_max_bytes(server: Server) -> None:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip container
    zeros = bytes(1 << 20)
    bomb = b"".join(packer.compress(zeros) for _ in range(50)) + packer.flush()
    assert len(bomb) < 200_000  # ~50 KiB on the wire, 50 MiB once inflated
    url = server.route(
        "/bomb", Route(headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}, body=bomb)
    )
    tracemalloc.start()
    try:
        started = time.monotonic()
        result = fetch(url, fast(max_bytes=1 << 20))
        elapsed = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.reject is not None and result.reject.reason == RejectReason.TOO_LARGE
    assert "after gzip decompression" in result.reject.detail
    assert result.attempts[0].bytes <= 1 << 20
    assert elapsed < 3 and peak < 8 * (1 << 20), (elapsed, peak)


def test_gzip_page_is_decompressed(server: Server) -> None:
    body = PAGE_ZH.encode("utf-8")
    url = server.route(
        "/gz",
        Route(
            headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
            body=gzip.compress(body),
        ),
    )
    result = fetch(url, fast())
    assert result.raw is not None and result.raw.content == body


def test_wrong_content_type_is_rejected(server: Server) -> None:
    url = server.route(
        "/logo.png", Route(headers={"Content-Type": "image/png"}, body=b"\x89PNG\r\n\x1a\n")
    )
    result = fetch(url, fast())
    assert result.reject is not None and result.reject.reason == RejectReason.BAD_CONTENT_TYPE
    assert "image/png" in result.reject.detail and len(result.attempts) == 1


def test_missing_content_type_is_allowed(server: Server) -> None:
    url = server.route("/untyped", Route(headers={}, body=b"<p>ok</p>"))
    result = fetch(url, fast())
    assert result.raw is not None and result.reject is None


# --- robots.txt --------------------------------------------------------------------------------


def test_robots_disallowed_path_is_never_requested(server: Server) -> None:
    server.route(
        "/robots.txt",
        Route(headers={"Content-Type": "text/plain"}, body=b"User-agent: *\nDisallow: /private/\n"),
    )
    blocked = server.route("/private/x", Route(body=b"secret"))
    allowed = server.route("/public", Route(body=b"<p>ok</p>"))
    with Fetcher(fast()) as fetcher:
        refused = fetcher.fetch(blocked)
        fine = fetcher.fetch(allowed)
        robots_log = fetcher.robots_attempts()
    assert refused.reject is not None and refused.reject.reason == RejectReason.ROBOTS_DISALLOWED
    assert (
        refused.reject.detail
        == f"robots.txt of 127.0.0.1:{server.port} disallows /private/x for edunews"
    )
    assert refused.attempts == [] and refused.final_url is None
    assert fine.raw is not None
    assert "/private/x" not in server.paths()
    assert server.paths().count("/robots.txt") == 1  # cached per host for the run
    assert [a.status for a in robots_log] == [200]


def test_robots_group_for_our_agent_applies(server: Server) -> None:
    server.route(
        "/robots.txt", Route(body=b"User-agent: edunews\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    )
    url = server.route("/page", Route(body=b"<p>ok</p>"))
    result = fetch(url, fast())
    assert result.reject is not None and result.reject.reason == RejectReason.ROBOTS_DISALLOWED
    assert "/page" not in server.paths()


def test_robots_server_error_disallows_the_whole_host(server: Server) -> None:
    server.route("/robots.txt", Route(503))
    url = server.route("/news/1", Route(body=b"<p>ok</p>"))
    result = fetch(url, fast(max_attempts=2))
    assert result.reject is not None and result.reject.reason == RejectReason.ROBOTS_DISALLOWED
    assert (
        "could not be fetched (HTTP 503 Service Unavailable after 2 attempts)"
        in result.reject.detail
    )
    assert "RFC 9309" in result.reject.detail
    assert "/news/1" not in server.paths()


def test_robots_not_found_allows_everything(server: Server) -> None:
    url = server.route("/news/2", Route(body=b"<p>ok</p>"))
    result = fetch(url, fast())
    assert result.raw is not None and server.paths() == ["/robots.txt", "/news/2"]


def test_robots_ignored_when_not_obeying(server: Server) -> None:
    server.route("/robots.txt", Route(body=b"User-agent: *\nDisallow: /\n"))
    url = server.route("/news/3", Route(body=b"<p>ok</p>"))
    result = fetch(url, fast(obey_robots=False))
    assert result.raw is not None and server.paths() == ["/news/3"]


def test_robots_crawl_delay_spaces_requests(server: Server) -> None:
    server.route("/robots.txt", Route(body=b"User-agent: *\nCrawl-delay: 1\n"))
    first = server.route("/a", Route(body=b"<p>a</p>"))
    second = server.route("/b", Route(body=b"<p>b</p>"))
    with Fetcher(fast(per_host_delay=0.0)) as fetcher:
        fetcher.fetch(first)
        fetcher.fetch(second)
    assert server.hits("/b")[0].start - server.hits("/a")[0].start >= 0.95


# --- conditional GET ---------------------------------------------------------------------------


def test_etag_answered_by_304_is_not_modified(server: Server) -> None:
    url = server.route(
        "/etag",
        Route(headers={"Content-Type": "text/html", "ETag": '"v1"'}, body=b"<p>v1</p>"),
        Route(304, headers={"ETag": '"v1"'}),
    )
    first = fetch(url, fast())
    assert first.raw is not None
    validators = validators_from_headers(first.raw.headers)
    assert validators == Validators(etag='"v1"')
    second = fetch(url, fast(), validators)
    assert second.not_modified and second.raw is None and second.reject is None
    assert [a.status for a in second.attempts] == [304]
    assert server.hits("/etag")[1].headers["if-none-match"] == '"v1"'


def test_last_modified_answered_by_304_is_not_modified(server: Server) -> None:
    stamp = "Thu, 28 Mar 2024 08:00:00 GMT"
    url = server.route("/lm", Route(304))
    result = fetch(url, fast(), Validators(last_modified=stamp))
    assert result.not_modified and result.raw is None and result.reject is None
    hit = server.hits("/lm")[0]
    assert hit.headers["if-modified-since"] == stamp and "if-none-match" not in hit.headers


def test_unsolicited_304_is_an_error(server: Server) -> None:
    url = server.route("/odd", Route(304))
    result = fetch(url, fast())
    assert not result.not_modified and result.reject is not None


# --- address guard in the fetcher --------------------------------------------------------------


def test_loopback_is_refused_without_allow_private(server: Server) -> None:
    url = server.route("/inside", Route(body=b"<p>intranet</p>"))
    result = fetch(url, fast(allow_private=False))
    assert result.reject is not None and result.reject.reason == RejectReason.BLOCKED_ADDRESS
    assert result.reject.detail == (
        "refusing to fetch 127.0.0.1 (loopback address); pass --allow-private to allow it"
    )
    assert result.attempts == [] and server.paths() == []  # not even robots.txt


def test_non_http_url_is_rejected(server: Server) -> None:
    result = fetch("file:///etc/passwd", fast())
    assert result.reject is not None and result.reject.reason == RejectReason.BAD_URL
    assert result.attempts == []


def test_unreachable_host_is_a_connection_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = fetch(f"http://127.0.0.1:{port}/x", fast(max_attempts=2, obey_robots=False))
    assert result.reject is not None and result.reject.reason == RejectReason.CONNECTION_ERROR
    assert "Connection refused" in result.reject.detail
    assert len(result.attempts) == 2 and all(a.status is None for a in result.attempts)


def test_dead_host_costs_one_robots_retry_cycle_per_run() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with Fetcher(fast(max_attempts=2)) as fetcher:
        first = fetcher.fetch(f"http://127.0.0.1:{port}/a")
        second = fetcher.fetch(f"http://127.0.0.1:{port}/b")
        robots_log = fetcher.robots_attempts()
    for result in (first, second):
        assert result.reject is not None and result.reject.reason == RejectReason.CONNECTION_ERROR
        assert result.reject.detail.startswith(
            f"robots.txt of 127.0.0.1:{port} could not be fetched"
        )
        assert result.attempts == []
    assert [a.url for a in robots_log] == [f"http://127.0.0.1:{port}/robots.txt"] * 2


def test_closed_fetcher_refuses_work(server: Server) -> None:
    fetcher = Fetcher(fast())
    fetcher.close()
    with pytest.raises(RuntimeError, match="closed"):
        fetcher.fetch(server.base + "/x")


# --- many URLs ---------------------------------------------------------------------------------


def test_fetch_many_keeps_per_host_spacing_and_concurrency(server: Server) -> None:
    urls = [
        server.route(f"/n{i}", Route(delay=0.05, body=f"<p>{i}</p>".encode())) for i in range(6)
    ]
    result = fetch_many(urls, fast(per_host_concurrency=1, per_host_delay=0.2), max_workers=6)
    assert [r.url for r in result] == urls and all(r.raw is not None for r in result)
    assert [r.raw.content for r in result if r.raw] == [f"<p>{i}</p>".encode() for i in range(6)]
    hits = sorted(server.log, key=lambda hit: hit.start)
    assert len(hits) == 7  # robots.txt + 6 pages
    for before, after in zip(hits, hits[1:], strict=False):
        assert after.start >= before.end - 0.005, "requests overlapped"
        assert after.start - before.start >= 0.19


def test_fetch_many_returns_results_in_input_order_with_validators(server: Server) -> None:
    ok = server.route("/ok", Route(body=b"<p>ok</p>"))
    missing = f"{server.base}/missing"
    cached = server.route("/cached", Route(304))
    result = fetch_many([missing, ok, cached], fast(), {cached: Validators(etag='"x"')})
    assert [r.url for r in result] == [missing, ok, cached]
    assert result[0].reject is not None and result[1].raw is not None and result[2].not_modified


def test_settings_reject_nonsense() -> None:
    with pytest.raises(ValueError):
        FetchSettings(max_attempts=0)
