"""URL guard: schemes and address classes (no network)."""

from __future__ import annotations

import pytest

from schemas import RejectReason
from tasks.web.urlguard import check_address, check_url, classify_address


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
