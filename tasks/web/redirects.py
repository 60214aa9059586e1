"""Redirects, followed by hand so that every hop passes the URL guard (and robots.txt) again.

A chain stops after ``max_redirects`` hops or when a URL comes back a third time (a URL may
come back once: sites that set a cookie and redirect to themselves).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin

from schemas import RejectReason
from tasks.web.retry import Tried
from tasks.web.urlguard import Refusal, check_url


@dataclass(frozen=True)
class Chain:
    """The end of a redirect chain: the last URL and what it answered, or why we stopped."""

    url: str  # the last URL checked (requested unless refused)
    last: Tried | None  # None when the last URL was refused before any request
    refusal: Refusal | None = None


def follow(
    url: str,
    request: Callable[[str], Tried],
    *,
    allow_private: bool,
    max_redirects: int,
    permit: Callable[[str], Refusal | None] | None = None,
) -> Chain:
    """Request a URL and the redirects it leads to, checking every hop before requesting it.

    Args:
        url: The first URL.
        request: Requests one URL (with retries).
        allow_private: Passed to the URL guard for every hop.
        max_redirects: Most redirects followed.
        permit: A further check of every hop (robots.txt), if any.

    Returns:
        The chain's end: a response that is not a redirect, or a refusal (a hop refused by the
        guard or ``permit``, a loop, too many redirects).
    """
    chain = [url]
    current = url
    while True:
        refusal = check_url(current, allow_private)
        if refusal is None and permit is not None:
            refusal = permit(current)
        if refusal is not None:
            if len(chain) > 1:
                refusal = Refusal(refusal.reason, f"{refusal.detail} (redirected from {chain[-2]})")
            return Chain(current, None, refusal)
        tried = request(current)
        location = tried.response.location
        if location is None:
            return Chain(current, tried)
        target = urljoin(current, location.strip()).split("#", 1)[0]
        shown = " -> ".join([*chain, target])
        if chain.count(target) >= 2:
            detail = f"redirect loop: {shown}"
            return Chain(current, tried, Refusal(RejectReason.TOO_MANY_REDIRECTS, detail))
        if len(chain) > max_redirects:
            detail = f"more than {max_redirects} redirects: {shown}"
            return Chain(current, tried, Refusal(RejectReason.TOO_MANY_REDIRECTS, detail))
        chain.append(target)
        current = target
