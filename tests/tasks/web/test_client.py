"""The Fetcher put together, against a real HTTP server on 127.0.0.1 (no network, no mocks):
pages, conditional GET, the address guard, many URLs. Retries, redirects, robots.txt and the
single GET have their own test modules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from schemas import DecodedDocument, RejectReason, Stage
from tasks.decode.charset import decode_document
from tasks.decode.settings import DecodeSettings
from tasks.web.client import (
    Fetcher,
    FetchSettings,
    Validators,
    fetch_many,
    validators_from_headers,
)
from tests.httpserver import Route, Server
from tests.tasks.web.support import FakeClock, fast, fetch

PAGE_ZH = (
    "<html><head><title>智慧课堂走进乡村学校</title></head><body><article>"
    "<p>3月28日，某市教育局与科大讯飞签署人工智能教育战略合作协议，推进智慧课堂建设。</p>"
    "</article></body></html>"
)


# --- pages -------------------------------------------------------------------------------------


def test_utf8_page_is_fetched_with_its_headers(server: Server) -> None:
    body = PAGE_ZH.encode("utf-8")
    url = server.route(
        "/utf8",
        Route(headers={"Content-Type": "text/html; charset=utf-8", "X-Seen": "1"}, body=body),
    )
    with Fetcher(fast()) as fetcher:  # the system clock
        result = fetcher.fetch(url)
    assert result.reject is None and result.raw is not None and not result.not_modified
    raw = result.raw
    assert raw.content == body and raw.size == len(body) and raw.is_complete
    assert raw.source_uri == url and result.final_url == url
    assert (
        raw.headers["content-type"] == "text/html; charset=utf-8" and raw.headers["x-seen"] == "1"
    )
    assert all(key == key.lower() for key in raw.headers)
    assert abs(datetime.now(UTC) - raw.fetched_at) < timedelta(minutes=5)
    assert len(raw.sha256) == 64
    assert [(a.status, a.attempt, a.bytes, a.error) for a in result.attempts] == [
        (200, 1, len(body), None)
    ]
    assert result.attempts[0].fetched_at == raw.fetched_at and result.attempts[0].elapsed > 0
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
    assert result.reject.detail == "HTTP 200 OK with an empty body (3 bytes)"


def test_declared_oversized_body_is_not_downloaded(server: Server) -> None:
    url = server.route("/big", Route(body=b"a" * 5000))
    result = fetch(url, fast(max_bytes=1000))
    assert result.reject is not None and result.reject.reason == RejectReason.TOO_LARGE
    assert "Content-Length" in result.reject.detail and result.attempts[0].bytes == 0


def test_wrong_content_type_is_rejected_once(server: Server) -> None:
    url = server.route(
        "/logo.png", Route(headers={"Content-Type": "image/png"}, body=b"\x89PNG\r\n\x1a\n")
    )
    result = fetch(url, fast())
    assert result.reject is not None and result.reject.reason == RejectReason.BAD_CONTENT_TYPE
    assert result.reject.stage == Stage.FETCH and result.reject.source_uri == url
    assert "image/png" in result.reject.detail and len(result.attempts) == 1


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
    for validators in (None, Validators()):  # empty validators send no conditional header
        result = fetch(url, fast(), validators)
        assert not result.not_modified and result.reject is not None
        assert result.reject.detail == "HTTP 304 Not Modified to a plain GET"


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
    clock = FakeClock()
    settings = fast(per_host_concurrency=1, per_host_delay=0.2)
    result = fetch_many(urls, settings, max_workers=6, clock=clock).results
    assert [r.url for r in result] == urls and all(r.raw is not None for r in result)
    assert [r.raw.content for r in result if r.raw] == [f"<p>{i}</p>".encode() for i in range(6)]
    hits = sorted(server.log, key=lambda hit: hit.start)
    assert len(hits) == 7  # robots.txt + 6 pages
    for before, after in zip(hits, hits[1:], strict=False):
        assert after.start >= before.end - 0.005, "requests overlapped"
    # Every page waited its turn: 0.2 s after the start before it (robots.txt first).
    assert clock.sleeps == pytest.approx([0.2] * 6)


def test_fetch_many_returns_results_in_input_order_with_validators(server: Server) -> None:
    ok = server.route("/ok", Route(body=b"<p>ok</p>"))
    missing = f"{server.base}/missing"
    cached = server.route("/cached", Route(304))
    batch = fetch_many(
        [missing, ok, cached], fast(), {cached: Validators(etag='"x"')}, clock=FakeClock()
    )
    result = batch.results
    assert [r.url for r in result] == [missing, ok, cached]
    assert result[0].reject is not None and result[1].raw is not None and result[2].not_modified


def test_settings_reject_nonsense() -> None:
    for bad in ({"max_attempts": 0}, {"per_host_concurrency": 0}, {"max_redirects": -1}):
        with pytest.raises(ValueError):
            FetchSettings(**bad)  # type: ignore[arg-type]


def test_robots_agent_is_the_product_token() -> None:
    assert FetchSettings().robots_agent == "edunews"
    assert FetchSettings(user_agent="Mozilla/5.0 (compatible)").robots_agent == "Mozilla"
    assert FetchSettings(user_agent="  ").robots_agent == "*"
