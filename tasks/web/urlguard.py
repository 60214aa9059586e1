"""URL guard for the fetch stage: which URLs may be requested at all.

Safety: only http(s), and never an address inside our own network. A URL from a feed or a
redirect can point at ``127.0.0.1``, the cloud metadata service (``169.254.169.254``) or a box
on the office LAN (server-side request forgery). The guard resolves the host and refuses it
when any address it resolves to is not a public one, unless the user allows private addresses.
``redirects.follow`` calls it again on every redirect hop.

Limit: requests resolves the host again when it connects, so a DNS server that answers
differently the second time (DNS rebinding) is not caught; pinning the checked address into
the connection would close that gap.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from schemas import RejectReason

SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ALLOW_HINT = "pass --allow-private to allow it"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Refusal:
    """Why a URL may not be fetched: a reject reason and a sentence for a human."""

    reason: RejectReason
    detail: str


def split_web_url(url: str) -> SplitResult | Refusal:
    """Split an http(s) URL, or say why it is not one we fetch.

    Args:
        url: An absolute URL.

    Returns:
        The split URL (with a host and a valid port), or a Refusal with reason bad_url.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:  # bad IPv6 literal or port
        return Refusal(RejectReason.BAD_URL, f"malformed URL {url!r}: {exc}")
    if parts.scheme.lower() not in SCHEMES:
        scheme = f"{parts.scheme}://" if parts.scheme else "a URL without a scheme"
        return Refusal(
            RejectReason.BAD_URL, f"only http and https URLs are fetched, not {scheme} ({url})"
        )
    if not parts.hostname:
        return Refusal(RejectReason.BAD_URL, f"URL has no host: {url}")
    if port == 0:
        return Refusal(RejectReason.BAD_URL, f"URL has port 0: {url}")
    return parts


def classify_address(address: str) -> str | None:
    """Say what kind of non-public address this is, or None for a public one.

    IPv4-mapped (``::ffff:a.b.c.d``) and 6to4 IPv6 addresses are judged by the IPv4 address
    they carry.

    Args:
        address: An IPv4 or IPv6 address; an IPv6 zone (``%eth0``) is ignored.

    Returns:
        E.g. ``'loopback address'``, ``'private address'``; None when the address is public.

    Raises:
        ValueError: ``address`` is not an IP address.
    """
    ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is not None:
            ip = embedded
    checks = (  # most specific first: 127.0.0.1 is also "private" to the ipaddress module
        (ip.is_unspecified, "unspecified address"),
        (ip.is_loopback, "loopback address"),
        (ip.is_link_local, "link-local address"),
        (ip.is_multicast, "multicast address"),
        (ip.is_private, "private address"),
        (ip.is_reserved, "reserved address"),
        (not ip.is_global, "non-public address"),  # e.g. 100.64.0.0/10, carrier-grade NAT
    )
    return next((label for hit, label in checks if hit), None)


def check_address(address: str, allow_private: bool) -> Refusal | None:
    """Refuse a non-public IP address unless private addresses are allowed.

    Args:
        address: An IPv4 or IPv6 address.
        allow_private: The user's explicit permission to fetch from non-public addresses.

    Returns:
        None when the address may be fetched; a Refusal (reason blocked_address) naming the kind
        of address and how to allow it otherwise.
    """
    kind = None if allow_private else classify_address(address)
    if kind is None:
        return None
    return Refusal(
        RejectReason.BLOCKED_ADDRESS, f"refusing to fetch {address} ({kind}); {_ALLOW_HINT}"
    )


def check_url(url: str, allow_private: bool) -> Refusal | None:
    """Check a URL's scheme, then resolve its host and check every address it resolves to.

    Args:
        url: The URL about to be requested (the first one or a redirect target).
        allow_private: Skip the address check (the host is then not resolved here).

    Returns:
        None when the URL may be requested; otherwise a Refusal with reason bad_url (scheme,
        malformed URL, undecodable host name), blocked_address or connection_error (the host
        does not resolve).
    """
    parts = split_web_url(url)
    if isinstance(parts, Refusal):
        return parts
    if allow_private:
        return None
    host = parts.hostname or ""
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    else:
        return check_address(host, allow_private)
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        return Refusal(RejectReason.BAD_URL, f"host name {host!r} cannot be encoded: {exc}")
    port = parts.port or _DEFAULT_PORTS[parts.scheme.lower()]
    try:
        infos = socket.getaddrinfo(ascii_host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        return Refusal(RejectReason.CONNECTION_ERROR, f"cannot resolve host {host}: {exc}")
    for info in infos:
        address = str(info[4][0])
        kind = classify_address(address)
        if kind is not None:
            return Refusal(
                RejectReason.BLOCKED_ADDRESS,
                f"refusing to fetch {host}: it resolves to {address} ({kind}); {_ALLOW_HINT}",
            )
    return None
