"""URL guard: schemes, address classes, robots.txt rules and the per-host limiter (no network)."""

from __future__ import annotations

import threading
import time

import pytest

from schemas import RejectReason
from tasks.web.urlguard import (
    HostLimiter,
    RobotsRules,
    check_address,
    check_url,
    classify_address,
    parse_robots,
)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback address"),
        ("10.1.2.3", "private address"),
        ("169.254.1.1", "link-local address"),
        ("169.254.169.254", "link-local address"),  # cloud metadata service
        ("::1", "loopback address"),
        ("192.168.0.1", "private address"),
        ("172.16.5.4", "private address"),
        ("0.0.0.0", "unspecified address"),
        ("::", "unspecified address"),
        ("224.0.0.1", "multicast address"),
        ("240.0.0.1", "private address"),
        ("100.64.0.1", "non-public address"),  # carrier-grade NAT
        ("fe80::1%eth0", "link-local address"),
        ("fc00::1", "private address"),
        ("::ffff:127.0.0.1", "loopback address"),  # IPv4-mapped
        ("2002:7f00:1::", "loopback address"),  # 6to4 around 127.0.0.1
    ],
)
def test_non_public_addresses_are_refused(address: str, kind: str) -> None:
    assert classify_address(address) == kind
    refusal = check_address(address, allow_private=False)
    assert refusal is not None and refusal.reason == RejectReason.BLOCKED_ADDRESS
    assert (
        refusal.detail == f"refusing to fetch {address} ({kind}); pass --allow-private to allow it"
    )
    assert check_address(address, allow_private=True) is None


@pytest.mark.parametrize("address", ["8.8.8.8", "114.114.114.114", "2001:4860:4860::8888"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert classify_address(address) is None
    assert check_address(address, allow_private=False) is None


def test_literal_public_ip_url_passes_without_connecting() -> None:
    assert check_url("https://8.8.8.8/news/1.html", allow_private=False) is None


def test_literal_loopback_url_is_refused_with_the_cli_hint() -> None:
    refusal = check_url("http://127.0.0.1:8080/a", allow_private=False)
    assert refusal is not None and refusal.detail == (
        "refusing to fetch 127.0.0.1 (loopback address); pass --allow-private to allow it"
    )
    assert check_url("http://[::1]:8080/a", allow_private=False) is not None


def test_host_name_resolving_to_loopback_is_refused() -> None:
    refusal = check_url("http://localhost:8080/", allow_private=False)  # /etc/hosts, no DNS
    assert refusal is not None and refusal.reason == RejectReason.BLOCKED_ADDRESS
    assert refusal.detail.startswith("refusing to fetch localhost: it resolves to ")
    assert check_url("http://localhost:8080/", allow_private=True) is None


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("ftp://example.com/a.html", "not ftp://"),
        ("file:///etc/passwd", "not file://"),
        ("javascript:alert(1)", "not javascript://"),
        ("example.com/news", "a URL without a scheme"),
        ("http:///path-only", "no host"),
        ("http://[::1/", "malformed URL"),
        ("http://example.com:99999/", "malformed URL"),
    ],
)
def test_bad_urls_are_refused(url: str, fragment: str) -> None:
    refusal = check_url(url, allow_private=True)
    assert refusal is not None and refusal.reason == RejectReason.BAD_URL
    assert fragment in refusal.detail


def test_robots_rules_match_our_agent_and_paths() -> None:
    body = (
        "\ufeffUser-agent: edunews\nDisallow: /private/\nCrawl-delay: 3\n\n"
        "User-agent: *\nDisallow: /\n"
    ).encode()
    rules = parse_robots("news.example:8080", "http://news.example:8080/robots.txt", body)
    assert rules.refusal("http://news.example:8080/news/1.html", "edunews") is None
    refusal = rules.refusal("http://news.example:8080/private/x?id=1", "edunews")
    assert refusal is not None and refusal.reason == RejectReason.ROBOTS_DISALLOWED
    assert refusal.detail == "robots.txt of news.example:8080 disallows /private/x?id=1 for edunews"
    assert rules.refusal("http://news.example:8080/news/1.html", "otherbot") is not None
    assert rules.crawl_delay("edunews") == 3.0


def test_missing_and_unreachable_robots() -> None:
    assert RobotsRules("a.example").refusal("http://a.example/x", "edunews") is None
    down = RobotsRules("a.example", unreachable="HTTP 503 Service Unavailable")
    refusal = down.refusal("http://a.example/x", "edunews")
    assert refusal is not None and "could not be fetched (HTTP 503" in refusal.detail


def test_host_limiter_spaces_starts_and_caps_concurrency() -> None:
    limiter = HostLimiter(delay=0.1, concurrency=2)
    starts: list[float] = []
    inside = 0
    most = 0
    lock = threading.Lock()

    def work() -> None:
        nonlocal inside, most
        with limiter.slot("a.example"):
            with lock:
                starts.append(time.monotonic())
                inside += 1
                most = max(most, inside)
            time.sleep(0.15)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=work) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    starts.sort()
    assert most == 2
    assert all(b - a >= 0.095 for a, b in zip(starts, starts[1:], strict=False))


def test_host_limiter_defer_postpones_the_next_start() -> None:
    limiter = HostLimiter(delay=0.0, concurrency=1)
    limiter.defer("b.example", 0.2)
    started = time.monotonic()
    with limiter.slot("b.example"):
        pass
    assert time.monotonic() - started >= 0.19
    with limiter.slot("other.example"):  # other hosts are not held up
        pass
