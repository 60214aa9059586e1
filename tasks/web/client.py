"""The HTTP client's front door: fetch pages politely and safely, keeping every attempt.

One ``Fetcher`` per run or batch puts the parts together: ``get`` (one GET, a frozen Response),
``retry`` (the RetryPolicy: what is retried, how long to wait), ``redirects`` (followed by
hand, every hop checked again by ``urlguard`` and robots.txt), ``robots`` (rules per origin)
and ``politeness`` (per-host spacing and concurrency). Every failure becomes a Reject, never an
exception. Callers import from here.
"""

from __future__ import annotations

import hashlib
import threading
from collections import deque
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType

from schemas import RawDocument, Reject, RejectReason, Stage
from tasks.web.clock import Clock, SystemClock
from tasks.web.conditional import Validators, known_validators, validators_from_headers
from tasks.web.get import BodyLimit, Response, get
from tasks.web.politeness import HostLimiter, host_key
from tasks.web.redirects import Chain, follow
from tasks.web.retry import RetryPolicy, Tried
from tasks.web.robots import ROBOTS_LIMIT, RobotsCache, RobotsRules, rules_from_fetch
from tasks.web.sessions import Sessions
from tasks.web.settings import FetchSettings
from tasks.web.urlguard import Refusal

__all__ = [
    "FetchAttempt",
    "FetchResult",
    "FetchSettings",
    "Fetcher",
    "Validators",
    "fetch_many",
    "known_validators",
    "validators_from_headers",
]


@dataclass(frozen=True)
class FetchAttempt:
    """One HTTP request made while fetching a URL; one row of ops.fetch_log."""

    url: str  # the URL requested (a redirect hop or robots.txt, not always the page's URL)
    attempt: int  # 1-based, counting every request of one fetch (retries and redirect hops)
    status: int | None  # None when no response arrived
    bytes: int  # body bytes received, after decompression
    elapsed: float  # seconds from sending the request to the end of the body
    error: str | None
    fetched_at: datetime


@dataclass(frozen=True)
class FetchResult:
    """The outcome of fetching one URL."""

    url: str  # as requested
    final_url: str | None  # the URL that answered last, after redirects; None if none answered
    raw: RawDocument | None  # the body and headers of a 2xx answer
    not_modified: bool  # 304 to our conditional GET
    reject: Reject | None  # a terminal failure (stage fetch)
    attempts: list[FetchAttempt] = field(default_factory=list)


class Fetcher:
    """Fetch URLs over HTTP(S) for one run, putting the client's parts together."""

    def __init__(
        self,
        settings: FetchSettings,
        clock: Clock | None = None,
        retry: RetryPolicy | None = None,
        robots: Mapping[str, RobotsRules] | None = None,
    ) -> None:
        """Prepare a fetcher; sessions are opened lazily, one per thread.

        Args:
            settings: Timeouts, retries, limits and politeness rules.
            clock: Times requests and waits (the system clock unless given).
            retry: The retry policy (the one ``settings`` describe unless given).
            robots: robots.txt rules another fetcher of the run read (origin -> rules): not
                asked for again, their Crawl-delay kept.
        """
        self._settings = settings
        self._clock = clock or SystemClock()
        self._retry = retry or RetryPolicy.from_settings(settings)
        self._limiter = HostLimiter(
            settings.per_host_delay, settings.per_host_concurrency, self._clock
        )
        self._sessions = Sessions(settings.user_agent)
        self._robots = RobotsCache(self._load_robots, robots)
        self._robots_log: list[FetchAttempt] = []
        self._robots_log_lock = threading.Lock()
        for origin, rules in (robots or {}).items():
            self._keep_crawl_delay(origin, rules)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close every session (and its pooled connections) this fetcher opened."""
        self._sessions.close()

    def robots_attempts(self) -> list[FetchAttempt]:
        """Return the requests made for robots.txt files so far (for ops.fetch_log).

        Returns:
            A copy of the log, in the order the requests finished.
        """
        with self._robots_log_lock:
            return list(self._robots_log)

    def fetch(self, url: str, validators: Validators | None = None) -> FetchResult:
        """Fetch one URL, following redirects, retrying transient failures.

        Args:
            url: An absolute http(s) URL.
            validators: ETag / Last-Modified of a previous fetch, for a conditional GET.

        Returns:
            The result: a RawDocument for a 2xx answer, ``not_modified`` for a 304 to our
            conditional GET, or a Reject (stage fetch) for a terminal failure; with every
            attempt made. Network and HTTP failures never raise.

        Raises:
            RuntimeError: The fetcher was closed.
        """
        if self._sessions.closed:
            raise RuntimeError("the fetcher is closed")
        log: list[FetchAttempt] = []
        headers = validators.request_headers() if validators is not None else {}
        permit = self._robots_permit if self._settings.obey_robots else None
        chain = self._follow(url, headers, BodyLimit(self._settings.max_bytes), log, permit)
        return _result(url, chain, log, conditional=bool(headers))

    def _follow(
        self,
        url: str,
        headers: Mapping[str, str],
        limit: BodyLimit,
        log: list[FetchAttempt],
        permit: Callable[[str], Refusal | None] | None,
    ) -> Chain:
        """Request a URL and its redirects, logging every request."""
        return follow(
            url,
            lambda hop: self._request(hop, headers, limit, log),
            allow_private=self._settings.allow_private,
            max_redirects=self._settings.max_redirects,
            permit=permit,
        )

    def _request(
        self, url: str, headers: Mapping[str, str], limit: BodyLimit, log: list[FetchAttempt]
    ) -> Tried:
        """Request one URL in the host's turn, as often as the retry policy says."""
        host = host_key(url)

        def send() -> Response:
            with self._limiter.slot(host):
                session = self._sessions.current()
                response = get(session, url, headers, limit, self._settings, self._clock)
            log.append(_attempt(response, len(log) + 1))
            return response

        return self._retry.run(send, self._clock, lambda wait: self._limiter.defer(host, wait))

    def _robots_permit(self, url: str) -> Refusal | None:
        """Say why robots.txt forbids the URL, or None when it allows it."""
        return self._robots.rules_for(url).refusal(url, self._settings.robots_agent)

    def _load_robots(self, origin: str) -> RobotsRules:
        """Fetch and read one origin's robots.txt, and widen the host's spacing to its delay."""
        log: list[FetchAttempt] = []
        chain = self._follow(f"{origin}/robots.txt", {}, ROBOTS_LIMIT, log, permit=None)
        with self._robots_log_lock:
            self._robots_log.extend(log)
        rules = rules_from_fetch(origin.split("://", 1)[1], chain, self._retry)
        self._keep_crawl_delay(origin, rules)
        return rules

    def _keep_crawl_delay(self, origin: str, rules: RobotsRules) -> None:
        """Widen the host's spacing to its robots.txt Crawl-delay (capped)."""
        delay = rules.crawl_delay(self._settings.robots_agent)
        if delay is not None and delay > self._settings.per_host_delay:
            self._limiter.set_delay(host_key(origin), min(delay, self._settings.max_crawl_delay))

    def robots_rules(self) -> dict[str, RobotsRules]:
        """Return the robots.txt rules read so far (origin -> rules), for the run's next fetcher."""
        return self._robots.loaded()


@dataclass(frozen=True)
class FetchBatch:
    """What fetching a batch of URLs did: a result per URL and every robots.txt request."""

    results: list[FetchResult]
    robots: list[FetchAttempt]


def fetch_many(
    urls: list[str],
    settings: FetchSettings,
    validators: dict[str, Validators] | None = None,
    max_workers: int = 8,
    clock: Clock | None = None,
    robots: Mapping[str, RobotsRules] | None = None,
) -> FetchBatch:
    """Fetch concurrently across hosts while keeping per-host delay and concurrency caps.

    Each host gets at most ``per_host_concurrency`` workers that take its URLs in turn, so a
    host with many URLs does not tie up every worker while other hosts wait.

    Args:
        urls: The URLs, any number of hosts; duplicates are fetched again.
        settings: Fetch settings (one Fetcher is made for the call and closed after).
        validators: Validators of previous fetches, keyed by URL.
        max_workers: Threads in total.
        clock: Times requests and waits (the system clock unless given).
        robots: robots.txt rules the run read already (origin -> rules).

    Returns:
        One FetchResult per URL, in input order, and the robots.txt requests made on the way.
    """
    validators = validators or {}
    queues: dict[str, deque[int]] = {}
    for index, url in enumerate(urls):
        queues.setdefault(host_key(url), deque()).append(index)
    results: list[FetchResult | None] = [None] * len(urls)
    with Fetcher(settings, clock, robots=robots) as fetcher:

        def lane(queue: deque[int]) -> None:
            while True:
                try:
                    index = queue.popleft()
                except IndexError:
                    return
                url = urls[index]
                results[index] = fetcher.fetch(url, validators.get(url))

        # Lanes interleaved by host: every host's first lane before any host's second one.
        lanes = [
            queue
            for lane_no in range(settings.per_host_concurrency)
            for queue in queues.values()
            if len(queue) > lane_no
        ]
        with ThreadPoolExecutor(max_workers=max(1, max_workers)) as pool:
            for future in [pool.submit(lane, queue) for queue in lanes]:
                future.result()
        asked = fetcher.robots_attempts()
    return FetchBatch([result for result in results if result is not None], asked)


def _attempt(response: Response, number: int) -> FetchAttempt:
    """Return the fetch_log row of one request."""
    return FetchAttempt(
        url=response.url,
        attempt=number,
        status=response.status,
        bytes=response.received,
        elapsed=round(response.elapsed, 6),
        error=response.detail if response.failure is not None else None,
        fetched_at=response.fetched_at,
    )


def _result(url: str, chain: Chain, log: list[FetchAttempt], *, conditional: bool) -> FetchResult:
    """Turn the end of a redirect chain into the fetch's result."""
    if chain.refusal is not None:
        return _rejected(url, log[-1].url if log else None, log, chain.refusal)
    assert chain.last is not None
    response, tries = chain.last.response, chain.last.tries
    final_url = chain.url
    if response.failure is not None:
        detail = response.detail or response.failure.value
        if tries > 1:
            detail += f" (after {tries} attempts)"
        return _rejected(url, final_url, log, Refusal(response.failure, detail))
    if response.status == 304:
        if conditional:
            return FetchResult(url, final_url, None, True, None, log)
        refusal = Refusal(RejectReason.HTTP_ERROR, "HTTP 304 Not Modified to a plain GET")
        return _rejected(url, final_url, log, refusal)
    body = response.body or b""
    raw = RawDocument(
        source_uri=url,
        sha256=hashlib.sha256(body).hexdigest(),
        size=len(body),
        content=body,
        is_complete=True,
        headers=response.headers,
        fetched_at=response.fetched_at,
    )
    reject = None
    if not body.strip():
        status = f"HTTP {response.status} {response.phrase}"
        detail = f"{status} with an empty body ({len(body)} bytes)"
        reject = Reject.at(Stage.FETCH, RejectReason.EMPTY, detail, url, raw.sha256)
    return FetchResult(url, final_url, raw, False, reject, log)


def _rejected(
    url: str, final_url: str | None, log: list[FetchAttempt], refusal: Refusal
) -> FetchResult:
    return FetchResult(
        url,
        final_url,
        None,
        False,
        Reject.at(Stage.FETCH, refusal.reason, refusal.detail, url),
        log,
    )
