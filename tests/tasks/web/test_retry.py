"""The retry policy: decisions in isolation (no clock, no network), then retries of a real
server on 127.0.0.1 with a virtual clock, so that backoff and Retry-After cost no time."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest

from schemas import RejectReason
from tasks.web.get import Problem, Response
from tasks.web.retry import Retry, RetryPolicy, parse_retry_after
from tests.httpserver import Route, Server
from tests.tasks.web.support import START, FakeClock, fast, fetch, highest

POLICY = RetryPolicy(
    max_attempts=4, backoff_base=0.5, backoff_max=3.0, max_retry_after=60.0, uniform=highest
)


def answer(status: int | None, problem: Problem | None = None, **headers: str) -> Response:
    return Response("http://news.example/a", START, status, headers=headers, problem=problem)


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_429_and_5xx_are_retried(status: int) -> None:
    assert POLICY.after(answer(status, "status"), 1, START) == Retry(0.5)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 451])
def test_other_4xx_are_final(status: int) -> None:
    assert POLICY.after(answer(status, "status"), 1, START) is None


@pytest.mark.parametrize(
    ("problem", "retried"),
    [
        ("connect_timeout", True),
        ("read_timeout", True),
        ("deadline", True),
        ("connection", True),
        ("dropped", True),
        ("short_body", True),
        ("tls", False),
        ("decoding", False),
        ("bad_url", False),
        ("request", False),
        ("too_large", False),
        ("bad_type", False),
        ("no_location", False),
    ],
)
def test_only_transient_problems_are_retried(problem: Problem, retried: bool) -> None:
    assert (POLICY.after(answer(None, problem), 1, START) is not None) is retried


def test_success_and_not_modified_are_final() -> None:
    assert POLICY.after(answer(200), 1, START) is None
    assert POLICY.after(answer(304), 1, START) is None


def test_backoff_doubles_up_to_its_cap_with_full_jitter() -> None:
    asked: list[tuple[float, float]] = []

    def uniform(low: float, high: float) -> float:
        asked.append((low, high))
        return high / 2

    policy = RetryPolicy(max_attempts=10, backoff_base=0.5, backoff_max=3.0, uniform=uniform)
    waits = [policy.after(answer(503, "status"), tries, START) for tries in range(1, 6)]
    assert asked == [(0, 0.5), (0, 1.0), (0, 2.0), (0, 3.0), (0, 3.0)]
    assert [w.backoff for w in waits if w] == [0.25, 0.5, 1.0, 1.5, 1.5]


def test_attempts_are_capped() -> None:
    assert POLICY.after(answer(503, "status"), 3, START) is not None
    assert POLICY.after(answer(503, "status"), 4, START) is None
    once = RetryPolicy(max_attempts=1)
    assert once.after(answer(None, "connection"), 1, START) is None


def test_retry_after_holds_the_host_and_is_capped() -> None:
    assert POLICY.after(answer(429, "status", **{"retry-after": "7"}), 1, START) == Retry(0.5, 7.0)
    capped = POLICY.after(answer(503, "status", **{"retry-after": "3600"}), 1, START)
    assert capped == Retry(0.5, 60.0)
    # Retry-After on an answer that is not retried changes nothing.
    assert POLICY.after(answer(404, "status", **{"retry-after": "5"}), 1, START) is None


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 5 ", 5.0),
        ("Thu, 28 Mar 2024 08:00:30 GMT", 30.0),  # START + 30 s
        ("Thu, 28 Mar 2024 07:00:00 GMT", 0.0),  # in the past
        ("soon", None),
        ("-5", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_is_read_as_seconds_or_an_http_date(
    value: str | None, seconds: float | None
) -> None:
    assert parse_retry_after(value, START) == seconds


def test_retry_after_date_is_read_against_the_given_time() -> None:
    later = START + timedelta(seconds=20)
    assert parse_retry_after("Thu, 28 Mar 2024 08:00:30 GMT", later) == 10.0


def test_run_sleeps_the_backoff_and_holds_the_host() -> None:
    script = [
        answer(503, "status", **{"retry-after": "2"}),
        answer(None, "connection"),
        answer(200),
    ]
    sent: list[Response] = []
    held: list[float] = []
    clock = FakeClock()

    def send() -> Response:
        sent.append(script[len(sent)])
        return sent[-1]

    tried = POLICY.run(send, clock, held.append)
    assert tried.tries == 3 and tried.response.status == 200 and len(sent) == 3
    assert clock.sleeps == [0.5, 1.0] and held == [2.0]


# --- retries against a real server -------------------------------------------------------------


def test_500_then_200_recovers_on_the_second_attempt(server: Server) -> None:
    url = server.route("/flaky", Route(500), Route(body=b"<p>ok</p>"))
    clock = FakeClock()
    result = fetch(url, fast(), clock=clock)
    assert result.reject is None and result.raw is not None
    assert [(a.attempt, a.status) for a in result.attempts] == [(1, 500), (2, 200)]
    assert result.attempts[0].error == "HTTP 500 Internal Server Error"
    assert clock.sleeps == [0.01]  # backoff_base, the whole cap with this jitter


def test_429_with_retry_after_waits_then_succeeds(server: Server) -> None:
    url = server.route("/busy", Route(429, headers={"Retry-After": "1"}), Route(body=b"<p>ok</p>"))
    clock = FakeClock()
    result = fetch(url, fast(), clock=clock)
    assert result.raw is not None and [a.status for a in result.attempts] == [429, 200]
    # The backoff, then the rest of the host's hold: the retry starts 1 s after the first try.
    assert clock.sleeps == pytest.approx([0.01, 0.99]) and clock.monotonic() == pytest.approx(1.0)


def test_retry_after_is_capped(server: Server) -> None:
    url = server.route("/slow-down", Route(503, headers={"Retry-After": "3600"}), Route(body=b"ok"))
    clock = FakeClock()
    result = fetch(url, fast(max_retry_after=0.2), clock=clock)
    assert result.raw is not None and sum(clock.sleeps) == pytest.approx(0.2)


def test_404_is_not_retried(server: Server) -> None:
    url = server.route("/gone", Route(404))
    clock = FakeClock()
    result = fetch(url, fast(), clock=clock)
    assert result.raw is None and result.reject is not None
    assert result.reject.reason == RejectReason.HTTP_ERROR
    assert result.reject.detail == "HTTP 404 Not Found"
    assert len(result.attempts) == 1 and server.paths().count("/gone") == 1
    assert clock.sleeps == []


def test_persistent_503_is_rejected_after_all_attempts(server: Server) -> None:
    url = server.route("/down", Route(503))
    clock = FakeClock()
    result = fetch(url, fast(max_attempts=3), clock=clock)
    assert result.reject is not None and result.reject.reason == RejectReason.HTTP_ERROR
    assert result.reject.detail == "HTTP 503 Service Unavailable (after 3 attempts)"
    assert [a.attempt for a in result.attempts] == [1, 2, 3]
    assert clock.sleeps == [0.01, 0.02]


def test_read_timeout_is_retried_then_rejected(server: Server) -> None:
    url = server.route("/slow", Route(delay=1.0, body=b"late"))
    result = fetch(url, fast(read_timeout=0.3, max_attempts=2))
    assert result.reject is not None and result.reject.reason == RejectReason.TIMEOUT
    assert "read timed out" in result.reject.detail and "after 2 attempts" in result.reject.detail
    assert [a.status for a in result.attempts] == [None, None]
    assert all(a.error for a in result.attempts) and len(server.hits("/slow")) == 2


def test_slow_body_is_retried_then_rejected(server: Server) -> None:
    url = server.route("/drip", Route(body=b"d" * 400_000, no_length=True))
    result = fetch(url, fast(total_timeout=1.0, max_attempts=2), clock=FakeClock(tick=0.6))
    assert result.reject is not None and result.reject.reason == RejectReason.TIMEOUT
    assert result.reject.detail == "body not complete after 1 s (after 2 attempts)"
    assert len(server.hits("/drip")) == 2


def test_connection_dropped_mid_body_is_retried_then_rejected(server: Server) -> None:
    body = b"x" * 1000
    url = server.route(
        "/cut",
        Route(
            headers={"Content-Type": "text/html", "Content-Length": "1000"},
            body=body,
            drop_after=100,
        ),
    )
    result = fetch(url, fast(max_attempts=3))
    assert result.reject is not None and result.reject.reason == RejectReason.CONNECTION_ERROR
    assert "after 3 attempts" in result.reject.detail
    assert len(result.attempts) == 3 and len(server.hits("/cut")) == 3
    assert all(a.status == 200 and a.error for a in result.attempts)


def test_dropped_body_then_complete_recovers(server: Server) -> None:
    body = b"<p>" + b"y" * 997
    cut = Route(
        headers={"Content-Type": "text/html", "Content-Length": "1000"}, body=body, drop_after=100
    )
    url = server.route("/cut-once", cut, Route(body=body))
    result = fetch(url, fast())
    assert result.raw is not None and result.raw.content == body and len(result.attempts) == 2


def test_streamed_oversized_body_is_not_retried(server: Server) -> None:
    url = server.route("/big-stream", Route(body=b"a" * 300_000, no_length=True))
    result = fetch(url, fast(max_bytes=100_000))
    assert result.reject is not None and result.reject.reason == RejectReason.TOO_LARGE
    assert result.raw is None and result.attempts[0].bytes <= 100_000
    assert len(result.attempts) == 1


def test_unreachable_host_is_a_connection_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    clock = FakeClock()
    result = fetch(
        f"http://127.0.0.1:{port}/x", fast(max_attempts=2, obey_robots=False), clock=clock
    )
    assert result.reject is not None and result.reject.reason == RejectReason.CONNECTION_ERROR
    assert "Connection refused" in result.reject.detail
    assert len(result.attempts) == 2 and all(a.status is None for a in result.attempts)
    assert clock.sleeps == [0.01]
