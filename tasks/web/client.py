"""Fetch stage: download pages politely and safely, keeping every byte and every attempt.

One ``Fetcher`` per run or batch owns the HTTP sessions (one per thread: requests' Session is
not documented as thread-safe, psf/requests#2766), the robots.txt cache and the per-host
limiter. Redirects are followed by hand so that every hop is checked again (scheme, address,
robots.txt). Only connection errors, timeouts, 429 and 5xx are retried; every other failure is
terminal and becomes a Reject, never an exception. Bodies are streamed and counted after
decompression, so a gzip bomb stops at ``max_bytes``. The HTTP charset is not applied here:
the headers travel in ``RawDocument.headers`` and the decode stage reads them.
"""

from __future__ import annotations

import email.utils
import hashlib
import http
import random
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import cast
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from schemas import RawDocument, Reject, RejectReason, Stage
from tasks.web.urlguard import HostLimiter, Refusal, RobotsRules, check_url, parse_robots

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 §2.5: parse at least 500 KiB
_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
_ACCEPT_LANGUAGE = "zh-CN,zh;q=0.9,en;q=0.5"


@dataclass(frozen=True)
class FetchSettings:
    """Settings for the fetch stage."""

    user_agent: str = "edunews/0.1 (news research ETL; +https://example.invalid/edunews)"
    connect_timeout: float = 5.0
    read_timeout: float = 20.0  # longest silence between two reads of one response
    total_timeout: float = 120.0  # longest one attempt may take (a server dripping bytes)
    max_attempts: int = 4  # 1 try + 3 retries, per URL of a redirect chain
    backoff_base: float = 0.5  # retry n waits uniform(0, min(backoff_max, base * 2**(n-1)))
    backoff_max: float = 30.0
    max_retry_after: float = 60.0  # Retry-After (seconds or HTTP-date) is honoured up to this
    max_redirects: int = 5
    max_bytes: int = 20 * 1024 * 1024  # after decompression (gzip bombs)
    allowed_types: tuple[str, ...] = (
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "text/xml",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/x-gzip",
        "application/gzip",
    )
    per_host_delay: float = 1.0  # min seconds between request starts to one host
    per_host_concurrency: int = 2
    max_crawl_delay: float = 60.0  # a robots.txt Crawl-delay above per_host_delay, capped
    obey_robots: bool = True
    allow_private: bool = False  # loopback/private/link-local/reserved refused unless True

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.per_host_concurrency < 1 or self.max_redirects < 0:
            raise ValueError(
                "max_attempts and per_host_concurrency must be >= 1, max_redirects >= 0"
            )

    @property
    def robots_agent(self) -> str:
        """The product token robots.txt groups are matched against, e.g. ``'edunews'``."""
        return self.user_agent.split("/", 1)[0].split()[0] if self.user_agent.strip() else "*"


@dataclass(frozen=True)
class Validators:
    """Validators from a previous fetch, sent back for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


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


@dataclass
class _Exchange:
    """What one request (or the last of its retries) came to."""

    status: int | None = None
    phrase: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    location: str | None = None
    failure: RejectReason | None = None
    detail: str | None = None
    transient: bool = False
    retry_after: float | None = None
    received: int = 0  # body bytes read, after decompression
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    tries: int = 1


@dataclass(frozen=True)
class _BodyPolicy:
    """How a 2xx body is read: its limit, and whether overflow truncates or rejects."""

    limit: int
    truncate: bool = False
    check_type: bool = True


@dataclass(frozen=True)
class _Outcome:
    """The end of a redirect chain: the last URL and its exchange, or why we stopped."""

    url: str
    exchange: _Exchange | None
    refusal: Refusal | None = None


class Fetcher:
    """Fetch URLs over HTTP(S) for one run: sessions, robots.txt cache and per-host limits."""

    def __init__(self, settings: FetchSettings) -> None:
        """Prepare a fetcher; sessions are opened lazily, one per thread.

        Args:
            settings: Timeouts, retries, limits and politeness rules.
        """
        self._settings = settings
        self._limiter = HostLimiter(settings.per_host_delay, settings.per_host_concurrency)
        self._random = random.Random()
        self._local = threading.local()
        self._lock = threading.Lock()
        self._sessions: list[requests.Session] = []
        self._robots: dict[str, RobotsRules] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._robots_log: list[FetchAttempt] = []
        self._closed = False

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
        with self._lock:
            self._closed = True
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()

    def robots_attempts(self) -> list[FetchAttempt]:
        """Return the requests made for robots.txt files so far (for ops.fetch_log).

        Returns:
            A copy of the log, in the order the requests finished.
        """
        with self._lock:
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
        if self._closed:
            raise RuntimeError("the fetcher is closed")
        log: list[FetchAttempt] = []
        headers: dict[str, str] = {}
        if validators is not None and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators is not None and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        page = _BodyPolicy(self._settings.max_bytes)
        outcome = self._follow(url, headers, page, log, self._settings.obey_robots)
        exchange = outcome.exchange
        final_url = outcome.url if exchange is not None else None
        if outcome.refusal is not None:
            final_url = log[-1].url if log else None
            return _result(url, final_url, log, refusal=outcome.refusal)
        assert exchange is not None
        if exchange.failure is not None:
            detail = exchange.detail or exchange.failure.value
            if exchange.tries > 1:
                detail += f" (after {exchange.tries} attempts)"
            return _result(url, final_url, log, refusal=Refusal(exchange.failure, detail))
        if exchange.status == 304:
            if headers:
                return FetchResult(url, final_url, None, True, None, log)
            refusal = Refusal(RejectReason.HTTP_ERROR, "HTTP 304 Not Modified to a plain GET")
            return _result(url, final_url, log, refusal=refusal)
        body = exchange.body or b""
        raw = RawDocument(
            source_uri=url,
            sha256=hashlib.sha256(body).hexdigest(),
            size=len(body),
            content=body,
            is_complete=True,
            headers=exchange.headers,
            fetched_at=exchange.fetched_at,
        )
        reject = None
        if not body.strip():
            status = f"HTTP {exchange.status} {exchange.phrase}"
            detail = f"{status} with an empty body ({len(body)} bytes)"
            reject = Reject.at(
                Stage.FETCH,
                RejectReason.EMPTY,
                detail,
                url,
                raw.sha256,
            )
        return FetchResult(url, final_url, raw, False, reject, log)

    def _follow(
        self,
        url: str,
        headers: dict[str, str],
        policy: _BodyPolicy,
        log: list[FetchAttempt],
        obey_robots: bool,
    ) -> _Outcome:
        """Request a URL and the redirects it leads to, checking every hop before requesting it."""
        chain = [url]
        current = url
        while True:
            refusal = check_url(current, self._settings.allow_private)
            if refusal is None and obey_robots:
                refusal = self._robots_for(current).refusal(current, self._settings.robots_agent)
            if refusal is not None:
                if len(chain) > 1:
                    detail = f"{refusal.detail} (redirected from {chain[-2]})"
                    refusal = Refusal(refusal.reason, detail)
                return _Outcome(current, None, refusal)
            exchange = self._request(current, headers, policy, log)
            if exchange.location is None:
                return _Outcome(current, exchange)
            target = urljoin(current, exchange.location.strip()).split("#", 1)[0]
            shown = " -> ".join([*chain, target])
            # A URL may come back once (sites that set a cookie and redirect to themselves).
            if chain.count(target) >= 2:
                detail = f"redirect loop: {shown}"
                return _Outcome(current, exchange, Refusal(RejectReason.TOO_MANY_REDIRECTS, detail))
            if len(chain) > self._settings.max_redirects:
                detail = f"more than {self._settings.max_redirects} redirects: {shown}"
                return _Outcome(current, exchange, Refusal(RejectReason.TOO_MANY_REDIRECTS, detail))
            chain.append(target)
            current = target

    def _request(
        self, url: str, headers: dict[str, str], policy: _BodyPolicy, log: list[FetchAttempt]
    ) -> _Exchange:
        """Send one request, retrying transient failures with backoff and Retry-After."""
        settings = self._settings
        host = _host_key(url)
        for tries in range(1, settings.max_attempts + 1):
            with self._limiter.slot(host):
                started = time.monotonic()
                exchange = self._exchange(url, headers, policy, started)
                elapsed = time.monotonic() - started
            log.append(
                FetchAttempt(
                    url=url,
                    attempt=len(log) + 1,
                    status=exchange.status,
                    bytes=exchange.received,
                    elapsed=round(elapsed, 6),
                    error=exchange.detail if exchange.failure is not None else None,
                    fetched_at=exchange.fetched_at,
                )
            )
            exchange.tries = tries
            if not exchange.transient or tries == settings.max_attempts:
                return exchange
            if exchange.retry_after is not None:
                self._limiter.defer(host, min(exchange.retry_after, settings.max_retry_after))
            cap = min(settings.backoff_max, settings.backoff_base * 2 ** (tries - 1))
            time.sleep(self._random.uniform(0, cap))
        raise AssertionError("unreachable")  # pragma: no cover

    def _exchange(
        self, url: str, headers: dict[str, str], policy: _BodyPolicy, started: float
    ) -> _Exchange:
        """Send one GET and read what the answer calls for."""
        settings = self._settings
        exchange = _Exchange()
        try:
            response = self._session().get(
                url,
                headers=headers,
                stream=True,
                allow_redirects=False,
                timeout=(settings.connect_timeout, settings.read_timeout),
            )
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            return _failed(exchange, exc, settings)
        with response:
            status = response.status_code
            exchange.status = status
            exchange.phrase = response.reason or _phrase(status)
            exchange.headers = {key.lower(): value for key, value in response.headers.items()}
            said = f"HTTP {status} {exchange.phrase}"
            if status in _REDIRECTS:
                exchange.location = exchange.headers.get("location")
                if exchange.location is None:
                    exchange.failure = RejectReason.HTTP_ERROR
                    exchange.detail = f"{said} without a Location header"
                return exchange
            if status == 304:
                return exchange
            if not 200 <= status < 300:
                exchange.failure, exchange.detail = RejectReason.HTTP_ERROR, said
                exchange.transient = status == 429 or status >= 500
                exchange.retry_after = _parse_retry_after(exchange.headers.get("retry-after"))
                return exchange
            refusal = _check_head(exchange.headers, policy, settings)
            if refusal is not None:
                exchange.failure, exchange.detail = refusal.reason, refusal.detail
                return exchange
            try:
                _read_body(response, exchange, policy, started, settings)
            except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
                return _failed(exchange, exc, settings)
        return exchange

    def _session(self) -> requests.Session:
        """Return this thread's session, opening it on first use."""
        session = cast("requests.Session | None", getattr(self._local, "session", None))
        if session is None:
            session = requests.Session()
            session.headers.update(
                {
                    "User-Agent": self._settings.user_agent,
                    "Accept": _ACCEPT,
                    "Accept-Language": _ACCEPT_LANGUAGE,
                }
            )
            with self._lock:
                if self._closed:
                    session.close()
                    raise RuntimeError("the fetcher is closed")
                self._sessions.append(session)
            self._local.session = session
        return session

    def _robots_for(self, url: str) -> RobotsRules:
        """Return the robots.txt rules for the URL's origin, fetching them once per run."""
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            robots = self._robots.get(origin)
            if robots is None:
                robots = self._load_robots(origin, parts.netloc.lower())
                self._robots[origin] = robots
        return robots

    def _load_robots(self, origin: str, netloc: str) -> RobotsRules:
        """Fetch and parse one origin's robots.txt (RFC 9309 §2.3.1: 4xx allows, 5xx forbids)."""
        log: list[FetchAttempt] = []
        policy = _BodyPolicy(_ROBOTS_MAX_BYTES, truncate=True, check_type=False)
        outcome = self._follow(f"{origin}/robots.txt", {}, policy, log, obey_robots=False)
        with self._lock:
            self._robots_log.extend(log)
        exchange = outcome.exchange
        if outcome.refusal is not None:  # redirects gone wrong: "unavailable", unless no DNS
            if outcome.refusal.reason == RejectReason.CONNECTION_ERROR:
                return RobotsRules(
                    netloc, None, outcome.refusal.detail, RejectReason.CONNECTION_ERROR
                )
            return RobotsRules(netloc)
        assert exchange is not None
        if exchange.failure is not None:
            if exchange.transient or exchange.status is None or exchange.status >= 500:
                tries = f" after {exchange.tries} attempts" if exchange.tries > 1 else ""
                reason = RejectReason.ROBOTS_DISALLOWED if exchange.status else exchange.failure
                return RobotsRules(netloc, None, f"{exchange.detail}{tries}", reason)
            return RobotsRules(netloc)  # 4xx: no robots.txt, everything allowed
        if exchange.status is None or not 200 <= exchange.status < 300:
            return RobotsRules(netloc)
        rules = parse_robots(netloc, f"{origin}/robots.txt", exchange.body or b"")
        delay = rules.crawl_delay(self._settings.robots_agent)
        if delay is not None and delay > self._settings.per_host_delay:
            self._limiter.set_delay(_host_key(origin), min(delay, self._settings.max_crawl_delay))
        return rules


def fetch_many(
    urls: list[str],
    settings: FetchSettings,
    validators: dict[str, Validators] | None = None,
    max_workers: int = 8,
) -> list[FetchResult]:
    """Fetch concurrently across hosts while keeping per-host delay and concurrency caps.

    Each host gets at most ``per_host_concurrency`` workers that take its URLs in turn, so a
    host with many URLs does not tie up every worker while other hosts wait.

    Args:
        urls: The URLs, any number of hosts; duplicates are fetched again.
        settings: Fetch settings (one Fetcher is made for the call and closed after).
        validators: Validators of previous fetches, keyed by URL.
        max_workers: Threads in total.

    Returns:
        One FetchResult per URL, in input order.
    """
    validators = validators or {}
    queues: dict[str, deque[int]] = {}
    for index, url in enumerate(urls):
        queues.setdefault(_host_key(url), deque()).append(index)
    results: list[FetchResult | None] = [None] * len(urls)
    with Fetcher(settings) as fetcher:

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
    return [result for result in results if result is not None]


def known_validators(headers_by_url: dict[str, dict[str, str] | None]) -> dict[str, Validators]:
    """Return the validators to send for known pages (empty ones when their headers had none)."""
    return {
        url: (validators_from_headers(headers) if headers else None) or Validators()
        for url, headers in headers_by_url.items()
    }


def validators_from_headers(headers: dict[str, str]) -> Validators | None:
    """Take the ETag and Last-Modified of a stored response for the next conditional GET.

    Args:
        headers: ``RawDocument.headers`` (lower-case keys) of a previous fetch.

    Returns:
        The validators, or None when the response had neither.
    """
    etag, modified = headers.get("etag"), headers.get("last-modified")
    return Validators(etag, modified) if etag or modified else None


def _check_head(
    headers: dict[str, str], policy: _BodyPolicy, settings: FetchSettings
) -> Refusal | None:
    """Refuse a 2xx answer by its headers: a type we do not fetch, or a declared size too big."""
    media = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if policy.check_type and media and media not in settings.allowed_types:
        return Refusal(
            RejectReason.BAD_CONTENT_TYPE,
            f"Content-Type {media} is not a type we fetch (FetchSettings.allowed_types)",
        )
    length = _content_length(headers)
    if not policy.truncate and length is not None and length > policy.limit:
        return Refusal(
            RejectReason.TOO_LARGE,
            f"Content-Length {_size(length)} is over the {_size(policy.limit)} limit; "
            "not downloaded",
        )
    return None


def _read_body(
    response: requests.Response,
    exchange: _Exchange,
    policy: _BodyPolicy,
    started: float,
    settings: FetchSettings,
) -> None:
    """Stream the body into the exchange, stopping at the size limit or the attempt deadline."""
    chunks: list[bytes] = []
    for chunk in response.iter_content(_CHUNK):  # decompressed: the limit is on the real size
        if exchange.received + len(chunk) > policy.limit:
            if policy.truncate:
                chunks.append(chunk[: policy.limit - exchange.received])
                exchange.received = policy.limit
                break
            encoding = exchange.headers.get("content-encoding")
            how = f" after {encoding} decompression" if encoding else ""
            exchange.failure = RejectReason.TOO_LARGE
            exchange.detail = f"body is over the {_size(policy.limit)} limit{how}; download stopped"
            return
        chunks.append(chunk)
        exchange.received += len(chunk)
        if time.monotonic() - started > settings.total_timeout:
            exchange.failure, exchange.transient = RejectReason.TIMEOUT, True
            exchange.detail = f"body not complete after {settings.total_timeout:g} s"
            return
    exchange.body = b"".join(chunks)
    expected = _content_length(exchange.headers)
    on_wire = response.raw.tell() if response.raw is not None else None
    if not policy.truncate and expected is not None and on_wire is not None and on_wire < expected:
        exchange.failure, exchange.transient = RejectReason.CONNECTION_ERROR, True
        exchange.detail = f"connection closed after {on_wire} of {expected} bytes"


def _failed(exchange: _Exchange, exc: BaseException, settings: FetchSettings) -> _Exchange:
    """Record an exception as the exchange's failure, saying whether a retry can help."""
    exchange.transient = True
    wrapped = [exc, *exc.args]
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        exchange.failure = RejectReason.TIMEOUT
        exchange.detail = f"connect timed out after {settings.connect_timeout:g} s"
    elif isinstance(exc, requests.exceptions.ReadTimeout) or any(
        isinstance(item, urllib3.exceptions.ReadTimeoutError) for item in wrapped
    ):
        exchange.failure = RejectReason.TIMEOUT
        exchange.detail = f"read timed out (no data for {settings.read_timeout:g} s)"
    elif isinstance(exc, requests.exceptions.SSLError):
        exchange.failure, exchange.transient = RejectReason.TLS_ERROR, False
        exchange.detail = f"TLS error: {_short(exc)}"
    elif isinstance(exc, requests.exceptions.ChunkedEncodingError):
        exchange.failure = RejectReason.CONNECTION_ERROR
        exchange.detail = f"connection dropped mid-body: {_short(exc)}"
    elif isinstance(exc, requests.exceptions.ContentDecodingError):
        exchange.failure, exchange.transient = RejectReason.BAD_CONTENT_ENCODING, False
        encoding = exchange.headers.get("content-encoding", "?")
        exchange.detail = f"body cannot be decompressed as {encoding}: {_short(exc)}"
    elif isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.InvalidSchema):
        exchange.failure, exchange.transient = RejectReason.BAD_URL, False
        exchange.detail = f"invalid URL: {_short(exc)}"
    elif isinstance(exc, requests.ConnectionError | urllib3.exceptions.HTTPError | OSError):
        exchange.failure = RejectReason.CONNECTION_ERROR
        exchange.detail = f"connection failed: {_short(exc)}"
    else:
        exchange.failure, exchange.transient = RejectReason.CONNECTION_ERROR, False
        exchange.detail = f"request failed: {_short(exc)}"
    return exchange


def _result(
    url: str, final_url: str | None, log: list[FetchAttempt], *, refusal: Refusal
) -> FetchResult:
    return FetchResult(
        url,
        final_url,
        None,
        False,
        Reject.at(Stage.FETCH, refusal.reason, refusal.detail, url),
        log,
    )


def _host_key(url: str) -> str:
    """Return the host name politeness limits are kept per (ports share a host's limits)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _parse_retry_after(value: str | None) -> float | None:
    """Read Retry-After as seconds, from delta-seconds or an HTTP-date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _content_length(headers: dict[str, str]) -> int | None:
    value = headers.get("content-length", "").strip()
    return int(value) if value.isdigit() else None


def _phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1048576:.1f} MiB"
    return f"{n / 1024:.1f} KiB" if n >= 1024 else f"{n} bytes"


def _short(exc: BaseException, limit: int = 300) -> str:
    """Say what went wrong in one line, from the innermost urllib3 error requests wraps."""
    while True:
        if isinstance(exc, urllib3.exceptions.MaxRetryError) and exc.reason is not None:
            exc = exc.reason
        elif exc.args and isinstance(exc.args[0], BaseException):
            exc = exc.args[0]
        else:
            break
    text = str(exc.args[0]) if exc.args and isinstance(exc.args[0], str) else str(exc)
    text = text or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
