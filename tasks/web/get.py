"""One GET: send a request, read what the answer calls for, return a frozen Response.

Redirects are not followed here (``allow_redirects=False``): a 3xx comes back with its
``location`` for ``redirects.follow`` to check. Bodies are streamed and counted after
decompression, so a gzip bomb stops at the limit; an attempt that takes longer than
``total_timeout`` stops too. Failures never raise: they come back as a ``problem`` (what went
wrong, for the retry policy) and a ``detail`` (a sentence for the reject). The HTTP charset is not
applied here: the headers travel in ``RawDocument.headers`` and the decode stage reads them.
"""

from __future__ import annotations

import http
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

import requests
import urllib3

from schemas import RejectReason
from tasks.web.clock import Clock
from tasks.web.settings import FetchSettings

REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_ERRORS = (requests.RequestException, urllib3.exceptions.HTTPError, OSError)

Problem = Literal[
    "status",  # a 4xx or 5xx answer
    "no_location",  # a redirect without a Location header
    "bad_type",
    "too_large",
    "connect_timeout",
    "read_timeout",
    "deadline",  # the body took longer than total_timeout
    "connection",  # refused, reset, DNS failure
    "dropped",  # the connection closed mid-body
    "short_body",  # fewer bytes than Content-Length said
    "tls",
    "decoding",  # the Content-Encoding does not decompress
    "bad_url",
    "request",  # any other error of requests
]

# The reject reason of each problem.
REASONS: dict[Problem, RejectReason] = {
    "status": RejectReason.HTTP_ERROR,
    "no_location": RejectReason.HTTP_ERROR,
    "bad_type": RejectReason.BAD_CONTENT_TYPE,
    "too_large": RejectReason.TOO_LARGE,
    "connect_timeout": RejectReason.TIMEOUT,
    "read_timeout": RejectReason.TIMEOUT,
    "deadline": RejectReason.TIMEOUT,
    "connection": RejectReason.CONNECTION_ERROR,
    "dropped": RejectReason.CONNECTION_ERROR,
    "short_body": RejectReason.CONNECTION_ERROR,
    "tls": RejectReason.TLS_ERROR,
    "decoding": RejectReason.BAD_CONTENT_ENCODING,
    "bad_url": RejectReason.BAD_URL,
    "request": RejectReason.CONNECTION_ERROR,
}


@dataclass(frozen=True)
class BodyLimit:
    """How a 2xx body is read: its limit, and whether overflow truncates or rejects."""

    max_bytes: int
    truncate: bool = False
    check_type: bool = True


@dataclass(frozen=True)
class Response:
    """What one GET came to: the answer's status, headers and body, or what went wrong."""

    url: str  # the URL requested (redirects are not followed)
    fetched_at: datetime  # when the request was sent
    status: int | None = None  # None when no answer arrived
    phrase: str = ""
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes | None = None  # set for a 2xx answer read in full (or truncated by its limit)
    location: str | None = None  # set for a redirect
    problem: Problem | None = None
    detail: str | None = None  # what went wrong, for a human
    received: int = 0  # body bytes read, after decompression
    elapsed: float = 0.0  # seconds from sending the request to the end of the body

    @property
    def failure(self) -> RejectReason | None:
        """Return the reject reason of the problem, or None when there is none."""
        return REASONS[self.problem] if self.problem is not None else None


def get(
    session: requests.Session,
    url: str,
    headers: Mapping[str, str],
    limit: BodyLimit,
    settings: FetchSettings,
    clock: Clock,
) -> Response:
    """Send one GET and read what the answer calls for.

    Args:
        session: The session to send it on.
        url: The URL, already checked by the URL guard.
        headers: Extra request headers (conditional GET).
        limit: The body's size limit and type check.
        settings: Timeouts and allowed content types.
        clock: Measures the elapsed time and the total_timeout deadline.

    Returns:
        The response; network and HTTP failures come back as its ``problem``, never raised.
    """
    started = clock.monotonic()
    sent = Response(url, clock.now())
    try:
        answer = session.get(
            url,
            headers=dict(headers),
            stream=True,
            allow_redirects=False,
            timeout=(settings.connect_timeout, settings.read_timeout),
        )
    except _ERRORS as exc:
        response = _failed(sent, exc, settings)
    else:
        with answer:
            response = _read(answer, sent, limit, settings, started, clock)
    return replace(response, elapsed=clock.monotonic() - started)


def _read(
    answer: requests.Response,
    sent: Response,
    limit: BodyLimit,
    settings: FetchSettings,
    started: float,
    clock: Clock,
) -> Response:
    """Read the status line and headers, then the body when the status calls for one."""
    status = answer.status_code
    head = replace(
        sent,
        status=status,
        phrase=answer.reason or _phrase(status),
        headers={key.lower(): value for key, value in answer.headers.items()},
    )
    said = f"HTTP {status} {head.phrase}"
    if status in REDIRECTS:
        location = head.headers.get("location")
        if location is None:
            return replace(head, problem="no_location", detail=f"{said} without a Location header")
        return replace(head, location=location)
    if status == 304:
        return head
    if not 200 <= status < 300:
        return replace(head, problem="status", detail=said)
    media = head.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if limit.check_type and media and media not in settings.allowed_types:
        detail = f"Content-Type {media} is not a type we fetch (FetchSettings.allowed_types)"
        return replace(head, problem="bad_type", detail=detail)
    length = _content_length(head.headers)
    if not limit.truncate and length is not None and length > limit.max_bytes:
        detail = (
            f"Content-Length {_size(length)} is over the {_size(limit.max_bytes)} limit; "
            "not downloaded"
        )
        return replace(head, problem="too_large", detail=detail)
    return _read_body(answer, head, limit, settings, started, clock)


def _read_body(
    answer: requests.Response,
    head: Response,
    limit: BodyLimit,
    settings: FetchSettings,
    started: float,
    clock: Clock,
) -> Response:
    """Stream the body, stopping at the size limit or the attempt deadline."""
    chunks: list[bytes] = []
    received = 0
    try:
        for chunk in _arriving(answer):
            if received + len(chunk) > limit.max_bytes:
                if limit.truncate:
                    chunks.append(chunk[: limit.max_bytes - received])
                    received = limit.max_bytes
                    break
                encoding = head.headers.get("content-encoding")
                how = f" after {encoding} decompression" if encoding else ""
                detail = f"body is over the {_size(limit.max_bytes)} limit{how}; download stopped"
                return replace(head, received=received, problem="too_large", detail=detail)
            chunks.append(chunk)
            received += len(chunk)
            if clock.monotonic() - started > settings.total_timeout:
                detail = f"body not complete after {settings.total_timeout:g} s"
                return replace(head, received=received, problem="deadline", detail=detail)
    except _ERRORS as exc:
        return _failed(replace(head, received=received), exc, settings)
    expected = _content_length(head.headers)
    on_wire = answer.raw.tell() if answer.raw is not None else None
    if not limit.truncate and expected is not None and on_wire is not None and on_wire < expected:
        detail = f"connection closed after {on_wire} of {expected} bytes"
        return replace(head, received=received, problem="short_body", detail=detail)
    return replace(head, received=received, body=b"".join(chunks))


def _arriving(answer: requests.Response) -> Iterator[bytes]:
    """Yield the body as it arrives, decompressed (the size limit is on the real size).

    Each read returns what one receive brought, so a server that trickles a byte a second is
    checked against the deadline after every byte, not after every 64 KiB.
    """
    while chunk := answer.raw.read1(_CHUNK, decode_content=True):
        yield chunk


def _failed(response: Response, exc: BaseException, settings: FetchSettings) -> Response:
    """Record an exception as the response's problem."""
    wrapped = [exc, *exc.args]
    problem: Problem
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        problem, detail = (
            "connect_timeout",
            f"connect timed out after {settings.connect_timeout:g} s",
        )
    elif isinstance(exc, requests.exceptions.ReadTimeout) or any(
        isinstance(item, urllib3.exceptions.ReadTimeoutError) for item in wrapped
    ):
        problem, detail = (
            "read_timeout",
            f"read timed out (no data for {settings.read_timeout:g} s)",
        )
    elif isinstance(exc, requests.exceptions.SSLError):
        problem, detail = "tls", f"TLS error: {_short(exc)}"
    elif isinstance(
        exc, requests.exceptions.ChunkedEncodingError | urllib3.exceptions.ProtocolError
    ):
        problem, detail = "dropped", f"connection dropped mid-body: {_short(exc)}"
    elif isinstance(exc, requests.exceptions.ContentDecodingError | urllib3.exceptions.DecodeError):
        encoding = response.headers.get("content-encoding", "?")
        problem = "decoding"
        detail = f"body cannot be decompressed as {encoding}: {_short(exc)}"
    elif isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.InvalidSchema):
        problem, detail = "bad_url", f"invalid URL: {_short(exc)}"
    elif isinstance(exc, requests.ConnectionError | urllib3.exceptions.HTTPError | OSError):
        problem, detail = "connection", f"connection failed: {_short(exc)}"
    else:
        problem, detail = "request", f"request failed: {_short(exc)}"
    return replace(response, problem=problem, detail=detail)


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
