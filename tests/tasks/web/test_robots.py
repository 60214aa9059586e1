"""robots.txt: rules as RFC 9309 reads them (protego), what a failed fetch of the file means,
and the fetcher obeying them against a real server on 127.0.0.1 (virtual clock for delays)."""

from __future__ import annotations

import socket

import pytest

from schemas import RejectReason
from tasks.web.client import Fetcher
from tasks.web.get import Problem, Response
from tasks.web.redirects import Chain
from tasks.web.retry import RetryPolicy, Tried
from tasks.web.robots import (
    ROBOTS_MAX_BYTES,
    RobotsCache,
    RobotsRules,
    parse_robots,
    rules_from_fetch,
)
from tasks.web.urlguard import Refusal
from tests.httpserver import Route, Server
from tests.tasks.web.support import START, FakeClock, fast, fetch

HOST = "news.example:8080"
SITE = f"http://{HOST}"


def allowed(body: str, path: str, agent: str = "edunews") -> bool:
    return parse_robots(HOST, body.encode()).refusal(SITE + path, agent) is None


def test_robots_rules_match_our_agent_and_paths() -> None:
    body = (
        "\ufeffUser-agent: edunews\nDisallow: /private/\nCrawl-delay: 3\n\n"
        "User-agent: *\nDisallow: /\n"
    ).encode()
    rules = parse_robots(HOST, body)
    assert rules.refusal(f"{SITE}/news/1.html", "edunews") is None
    refusal = rules.refusal(f"{SITE}/private/x?id=1", "edunews")
    assert refusal is not None and refusal.reason == RejectReason.ROBOTS_DISALLOWED
    assert refusal.detail == f"robots.txt of {HOST} disallows /private/x?id=1 for edunews"
    assert rules.refusal(f"{SITE}/news/1.html", "otherbot") is not None
    assert rules.crawl_delay("edunews") == 3.0 and rules.crawl_delay("otherbot") is None


# The three things urllib.robotparser got wrong: it took the first rule that matched, read
# paths as plain prefixes, and kept only whole-second Crawl-delays.


@pytest.mark.parametrize(
    ("body", "path", "expected"),
    [
        # The longer Allow wins over the shorter Disallow listed first (stdlib: disallowed).
        ("User-agent: *\nDisallow: /news/\nAllow: /news/public/\n", "/news/public/1.html", True),
        ("User-agent: *\nDisallow: /news/\nAllow: /news/public/\n", "/news/2.html", False),
        # The longer Disallow wins over the shorter Allow listed first (stdlib: allowed).
        ("User-agent: *\nAllow: /\nDisallow: /private\n", "/private/x", False),
        ("User-agent: *\nAllow: /\nDisallow: /private\n", "/news/x", True),
    ],
)
def test_longest_match_wins_whatever_the_order(body: str, path: str, expected: bool) -> None:
    assert allowed(body, path) is expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/files/report.pdf", False),
        ("/files/report.pdf?download=1", True),  # "$" anchors at the end of the URL
        ("/files/report.pdf.html", True),
        ("/news/12/print", False),  # "*" inside a path (stdlib: no match, allowed)
        ("/news/12/print-friendly", False),
        ("/news/12/", True),
    ],
)
def test_wildcards_and_end_anchors(path: str, expected: bool) -> None:
    body = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /news/*/print\n"
    assert allowed(body, path) is expected


def test_fractional_crawl_delay_is_kept() -> None:
    rules = parse_robots(HOST, b"User-agent: *\nCrawl-delay: 0.5\n")  # stdlib: None
    assert rules.crawl_delay("edunews") == 0.5


def test_missing_and_unreachable_robots() -> None:
    assert RobotsRules("a.example").refusal("http://a.example/x", "edunews") is None
    assert RobotsRules("a.example").crawl_delay("edunews") is None
    down = RobotsRules("a.example", unreachable="HTTP 503 Service Unavailable")
    refusal = down.refusal("http://a.example/x", "edunews")
    assert refusal is not None and refusal.reason == RejectReason.ROBOTS_DISALLOWED
    assert "could not be fetched (HTTP 503" in refusal.detail


# --- what fetching robots.txt came to (RFC 9309 §2.3.1) ----------------------------------------


def fetched(status: int | None, problem: Problem | None = None, tries: int = 1) -> Chain:
    detail = "no answer" if status is None else f"HTTP {status}"
    response = Response(f"{SITE}/robots.txt", START, status, problem=problem, detail=detail)
    return Chain(f"{SITE}/robots.txt", Tried(response, tries))


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_robots_4xx_allows_everything(status: int) -> None:
    rules = rules_from_fetch(HOST, fetched(status, "status"), RetryPolicy())
    assert rules.unreachable is None and rules.refusal(f"{SITE}/x", "edunews") is None


@pytest.mark.parametrize("status", [429, 500, 503])
def test_robots_429_and_5xx_disallow_everything(status: int) -> None:
    rules = rules_from_fetch(HOST, fetched(status, "status", tries=4), RetryPolicy())
    assert rules.unreachable == f"HTTP {status} after 4 attempts"
    assert rules.unreachable_reason == RejectReason.ROBOTS_DISALLOWED


def test_robots_without_an_answer_disallow_with_the_network_failure() -> None:
    rules = rules_from_fetch(HOST, fetched(None, "read_timeout"), RetryPolicy())
    assert rules.unreachable == "no answer" and rules.unreachable_reason == RejectReason.TIMEOUT


def test_robots_host_that_does_not_resolve_disallows_everything() -> None:
    refusal = Refusal(RejectReason.CONNECTION_ERROR, "cannot resolve host news.example")
    rules = rules_from_fetch(HOST, Chain(f"{SITE}/robots.txt", None, refusal), RetryPolicy())
    assert rules.unreachable == refusal.detail
    assert rules.unreachable_reason == RejectReason.CONNECTION_ERROR


def test_robots_behind_a_broken_redirect_allow_everything() -> None:
    loop = Refusal(RejectReason.TOO_MANY_REDIRECTS, "redirect loop: …")
    rules = rules_from_fetch(HOST, Chain(f"{SITE}/robots.txt", None, loop), RetryPolicy())
    assert rules == RobotsRules(HOST)


def test_robots_cache_loads_each_origin_once() -> None:
    loaded: list[str] = []

    def load(origin: str) -> RobotsRules:
        loaded.append(origin)
        return RobotsRules(origin)

    cache = RobotsCache(load)
    first = cache.rules_for("http://A.example/x")
    assert cache.rules_for("http://a.example/y?z=1") is first
    cache.rules_for("https://a.example/x")
    cache.rules_for("http://a.example:8080/x")
    assert loaded == ["http://a.example", "https://a.example", "http://a.example:8080"]


def test_robots_cache_starts_with_rules_read_before_and_hands_them_on() -> None:
    loaded: list[str] = []

    def load(origin: str) -> RobotsRules:
        loaded.append(origin)
        return RobotsRules(origin)

    known = {"http://a.example": RobotsRules("a.example")}
    cache = RobotsCache(load, known)
    assert cache.rules_for("http://a.example/x") is known["http://a.example"]
    cache.rules_for("http://b.example/x")
    assert loaded == ["http://b.example"]
    assert cache.loaded().keys() == {"http://a.example", "http://b.example"}


# --- the fetcher obeys them --------------------------------------------------------------------


def test_robots_disallowed_path_is_never_requested(server: Server) -> None:
    server.route(
        "/robots.txt",
        Route(headers={"Content-Type": "text/plain"}, body=b"User-agent: *\nDisallow: /private/\n"),
    )
    blocked = server.route("/private/x", Route(body=b"secret"))
    allowed_url = server.route("/public", Route(body=b"<p>ok</p>"))
    with Fetcher(fast(), FakeClock()) as fetcher:
        refused = fetcher.fetch(blocked)
        fine = fetcher.fetch(allowed_url)
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


def test_robots_of_any_type_are_read_up_to_the_size_cap(server: Server) -> None:
    filler = b"# " + b"x" * ROBOTS_MAX_BYTES + b"\n"
    body = b"User-agent: *\nDisallow: /early/\n" + filler + b"Disallow: /late/\n"
    server.route("/robots.txt", Route(headers={"Content-Type": "image/png"}, body=body))
    early = server.route("/early/1", Route(body=b"<p>1</p>"))
    late = server.route("/late/1", Route(body=b"<p>2</p>"))
    with Fetcher(fast(), FakeClock()) as fetcher:
        refused, fine = fetcher.fetch(early), fetcher.fetch(late)
        robots_log = fetcher.robots_attempts()
    assert refused.reject is not None and refused.reject.reason == RejectReason.ROBOTS_DISALLOWED
    assert fine.raw is not None  # the rule past the first 512 KiB is not read
    assert [(a.status, a.bytes, a.error) for a in robots_log] == [(200, ROBOTS_MAX_BYTES, None)]


@pytest.mark.parametrize(
    ("crawl_delay", "per_host_delay", "spacing"),
    [
        ("1", 0.0, 1.0),
        ("0.5", 0.0, 0.5),  # fractional
        ("0.5", 0.8, 0.8),  # below our own spacing: ours holds
        ("600", 0.0, 60.0),  # capped at max_crawl_delay
    ],
)
def test_robots_crawl_delay_spaces_requests(
    server: Server, crawl_delay: str, per_host_delay: float, spacing: float
) -> None:
    server.route("/robots.txt", Route(body=f"User-agent: *\nCrawl-delay: {crawl_delay}\n".encode()))
    first = server.route("/a", Route(body=b"<p>a</p>"))
    second = server.route("/b", Route(body=b"<p>b</p>"))
    clock = FakeClock()
    with Fetcher(fast(per_host_delay=per_host_delay), clock) as fetcher:
        fetcher.fetch(first)
        before = clock.monotonic()
        fetcher.fetch(second)
    assert clock.monotonic() - before == pytest.approx(spacing)
    assert [hit.path for hit in server.log] == ["/robots.txt", "/a", "/b"]


def test_dead_host_costs_one_robots_retry_cycle_per_run() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with Fetcher(fast(max_attempts=2), FakeClock()) as fetcher:
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


def test_a_fetcher_of_the_same_run_reuses_robots_rules_and_their_crawl_delay(
    server: Server,
) -> None:
    server.route(
        "/robots.txt",
        Route(
            headers={"Content-Type": "text/plain"},
            body=b"User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n",
        ),
    )
    page = server.route("/news/1.html", Route(body=b"<p>ok</p>"))
    blocked = server.route("/private/x", Route(body=b"secret"))
    with Fetcher(fast(), FakeClock()) as first:
        first.fetch(page)
        rules = first.robots_rules()
    clock = FakeClock()
    with Fetcher(fast(), clock, robots=rules) as second:
        refused = second.fetch(blocked)
        second.fetch(page)
        second.fetch(page)
        assert second.robots_attempts() == []
    assert server.paths().count("/robots.txt") == 1  # asked by the first fetcher only
    assert refused.reject is not None and refused.reject.reason == RejectReason.ROBOTS_DISALLOWED
    assert 2.0 in clock.sleeps  # the second fetcher keeps the host's Crawl-delay
