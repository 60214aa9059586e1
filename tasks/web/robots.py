"""robots.txt (RFC 9309): rules per origin, parsed by protego, fetched once per run.

protego matches as RFC 9309 says, where Python's ``urllib.robotparser`` does not: the longest
matching rule wins (Allow or Disallow, not the first listed), ``*`` and ``$`` work inside paths,
and Crawl-delay may be fractional. What the fetch of robots.txt came to decides the rest: a 4xx
means no rules (everything allowed), a 5xx or no answer means everything is disallowed for the
run, and only the first 512 KiB are read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from schemas import RejectReason
from tasks.web.get import BodyLimit
from tasks.web.redirects import Chain
from tasks.web.retry import RetryPolicy
from tasks.web.urlguard import Refusal

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 §2.5: parse at least 500 KiB
ROBOTS_LIMIT = BodyLimit(ROBOTS_MAX_BYTES, truncate=True, check_type=False)


@dataclass(frozen=True)
class RobotsRules:
    """The robots.txt rules of one origin, or why every path counts as disallowed."""

    netloc: str  # host[:port], as shown in reject details
    parser: Protego | None = None  # None: no rules, all allowed
    unreachable: str | None = None  # set: RFC 9309 "unreachable", all disallowed this run
    # The reason pages get while robots.txt is unreachable: robots_disallowed after a 5xx, the
    # network failure itself (connection_error, timeout) when the host never answered.
    unreachable_reason: RejectReason = RejectReason.ROBOTS_DISALLOWED

    def refusal(self, url: str, agent: str) -> Refusal | None:
        """Say why robots.txt forbids the URL, or None when it allows it.

        Args:
            url: The URL about to be requested.
            agent: Our product token, e.g. ``'edunews'``.

        Returns:
            None when allowed; a Refusal with reason robots_disallowed (or the network failure
            that left robots.txt unreachable) otherwise.
        """
        if self.unreachable is not None:
            return Refusal(
                self.unreachable_reason,
                f"robots.txt of {self.netloc} could not be fetched ({self.unreachable}); "
                "RFC 9309 says to treat every path as disallowed, so nothing on this host is "
                "fetched in this run",
            )
        if self.parser is None or self.parser.can_fetch(url, agent):
            return None
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return Refusal(
            RejectReason.ROBOTS_DISALLOWED,
            f"robots.txt of {self.netloc} disallows {path} for {agent}",
        )

    def crawl_delay(self, agent: str) -> float | None:
        """Return the Crawl-delay robots.txt asks of the agent, in seconds, if any."""
        return self.parser.crawl_delay(agent) if self.parser is not None else None


def parse_robots(netloc: str, body: bytes) -> RobotsRules:
    """Parse a robots.txt body (UTF-8, as RFC 9309 says; bad bytes are replaced).

    Args:
        netloc: host[:port] the rules are for.
        body: The file's bytes.

    Returns:
        The rules.
    """
    return RobotsRules(netloc, Protego.parse(body.decode("utf-8", "replace").lstrip("\ufeff")))


def rules_from_fetch(netloc: str, chain: Chain, policy: RetryPolicy) -> RobotsRules:
    """Read the rules from what fetching robots.txt came to (RFC 9309 §2.3.1).

    Args:
        netloc: host[:port] of the origin.
        chain: The fetch of ``/robots.txt``, redirects followed.
        policy: Says which failures were transient (those make the file unreachable).

    Returns:
        The parsed rules after a 2xx; no rules after a 4xx or a broken redirect; unreachable
        (all disallowed) after a 5xx, a transient failure or a host that does not resolve.
    """
    if chain.refusal is not None:  # redirects gone wrong: "unavailable", unless no DNS
        if chain.refusal.reason == RejectReason.CONNECTION_ERROR:
            return RobotsRules(netloc, None, chain.refusal.detail, RejectReason.CONNECTION_ERROR)
        return RobotsRules(netloc)
    assert chain.last is not None
    response, tries = chain.last.response, chain.last.tries
    if response.failure is not None:
        if policy.is_transient(response) or response.status is None or response.status >= 500:
            after = f" after {tries} attempts" if tries > 1 else ""
            reason = RejectReason.ROBOTS_DISALLOWED if response.status else response.failure
            return RobotsRules(netloc, None, f"{response.detail}{after}", reason)
        return RobotsRules(netloc)  # 4xx: no robots.txt, everything allowed
    if response.status is None or not 200 <= response.status < 300:
        return RobotsRules(netloc)
    return parse_robots(netloc, response.body or b"")


class RobotsCache:
    """robots.txt rules per origin, each loaded once however many threads ask (thread-safe)."""

    def __init__(
        self, load: Callable[[str], RobotsRules], known: Mapping[str, RobotsRules] | None = None
    ) -> None:
        """Start with the rules already read this run (origin -> rules), if any.

        Args:
            load: Fetches and reads one origin's rules, given ``scheme://host[:port]``.
            known: Rules another fetcher of the run read; they are not asked for again.
        """
        self._load = load
        self._lock = threading.Lock()
        self._rules: dict[str, RobotsRules] = dict(known or {})
        self._origin_locks: dict[str, threading.Lock] = {}

    def loaded(self) -> dict[str, RobotsRules]:
        """Return the rules read so far, by origin (to hand to the run's next fetcher)."""
        with self._lock:
            return dict(self._rules)

    def rules_for(self, url: str) -> RobotsRules:
        """Return the rules for the URL's origin, loading them on first use."""
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._lock:
            lock = self._origin_locks.setdefault(origin, threading.Lock())
        with lock:
            rules = self._rules.get(origin)
            if rules is None:
                rules = self._load(origin)
                self._rules[origin] = rules
        return rules
