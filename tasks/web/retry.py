"""The retry policy: whether a failed GET is tried again, and how long to wait first.

Only transient failures are retried: connection errors, timeouts, bodies cut short, 429 and
5xx. Every other failure (other 4xx, a type or size we refuse, TLS, a bad URL) is final. Retry
n waits uniform(0, min(backoff_max, backoff_base * 2**(n-1))) ("full jitter"); a Retry-After on
a retried status also holds the whole host back that long, capped at ``max_retry_after``.
"""

from __future__ import annotations

import email.utils
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tasks.web.clock import Clock
from tasks.web.get import Problem, Response
from tasks.web.settings import FetchSettings

# Failures a second try can cure; a status is retried when it is 429 or 5xx.
RETRIED_PROBLEMS: frozenset[Problem] = frozenset(
    {"connect_timeout", "read_timeout", "deadline", "connection", "dropped", "short_body"}
)


@dataclass(frozen=True)
class Retry:
    """A decision to try again: the backoff to sleep, and how long the host is held back."""

    backoff: float
    hold_host: float | None = None  # the server's Retry-After, capped; None when it sent none


@dataclass(frozen=True)
class Tried:
    """The last response to a URL after retries, and how many requests it took."""

    response: Response
    tries: int


@dataclass(frozen=True)
class RetryPolicy:
    """Decide in one place which outcomes are retried and how long to wait before each retry."""

    max_attempts: int = 4
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    max_retry_after: float = 60.0
    retried_problems: frozenset[Problem] = RETRIED_PROBLEMS
    # uniform(low, high): the jitter's random source; tests pass a fixed one.
    uniform: Callable[[float, float], float] = field(
        default=random.uniform, repr=False, compare=False
    )

    @classmethod
    def from_settings(
        cls,
        settings: FetchSettings,
        uniform: Callable[[float, float], float] = random.uniform,
    ) -> RetryPolicy:
        """Build the policy the fetch settings describe.

        Args:
            settings: Attempts, backoff and Retry-After cap.
            uniform: The random source of the jitter.

        Returns:
            The policy.
        """
        return cls(
            max_attempts=settings.max_attempts,
            backoff_base=settings.backoff_base,
            backoff_max=settings.backoff_max,
            max_retry_after=settings.max_retry_after,
            uniform=uniform,
        )

    def is_transient(self, response: Response) -> bool:
        """Say whether the response's failure is one a later try may not repeat."""
        if response.problem == "status":
            return response.status is not None and (
                response.status == 429 or response.status >= 500
            )
        return response.problem in self.retried_problems

    def after(self, response: Response, tries: int, now: datetime) -> Retry | None:
        """Decide whether to try again after the ``tries``-th request, and how long to wait.

        Args:
            response: What the last request came to.
            tries: Requests made so far for this URL, 1-based.
            now: The current time, to read a Retry-After given as an HTTP-date.

        Returns:
            None when the response is final; otherwise the waits before the next try.
        """
        if tries >= self.max_attempts or not self.is_transient(response):
            return None
        hold = None
        if response.problem == "status":
            asked = parse_retry_after(response.headers.get("retry-after"), now)
            hold = min(asked, self.max_retry_after) if asked is not None else None
        cap = min(self.backoff_max, self.backoff_base * 2 ** (tries - 1))
        return Retry(self.uniform(0, cap), hold)

    def run(
        self, send: Callable[[], Response], clock: Clock, hold_host: Callable[[float], None]
    ) -> Tried:
        """Send a request until its outcome is final, waiting as decided between tries.

        Args:
            send: Makes one request (and logs it).
            clock: Sleeps the backoff and tells the time.
            hold_host: Holds the host back this many seconds (Retry-After).

        Returns:
            The last response and the number of requests made.
        """
        tries = 1
        while True:
            response = send()
            retry = self.after(response, tries, clock.now())
            if retry is None:
                return Tried(response, tries)
            if retry.hold_host is not None:
                hold_host(retry.hold_host)
            clock.sleep(retry.backoff)
            tries += 1


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Read Retry-After as seconds, from delta-seconds or an HTTP-date (RFC 9110 §10.2.3).

    Args:
        value: The header's value, if any.
        now: The current time, for an HTTP-date.

    Returns:
        Seconds to wait (0 for a date in the past), or None when absent or unreadable.
    """
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
    return max(0.0, (when - now).total_seconds())
