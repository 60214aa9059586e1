"""Shared by the HTTP client's tests: a virtual clock and settings for a server on 127.0.0.1."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from tasks.web.client import Fetcher, FetchResult, FetchSettings, Validators
from tasks.web.retry import RetryPolicy

START = datetime(2024, 3, 28, 8, 0, tzinfo=UTC)


class FakeClock:
    """Virtual time: ``sleep`` returns at once, advancing the clock and recording the wait.

    With ``tick``, every ``monotonic()`` call also moves time on by that much (a slow world).
    """

    def __init__(self, tick: float = 0.0) -> None:
        self._lock = threading.Lock()
        self._time = 0.0
        self._tick = tick
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        with self._lock:
            value = self._time
            self._time += self._tick
            return value

    def now(self) -> datetime:
        with self._lock:
            return START + timedelta(seconds=self._time)

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self._time += seconds


def fast(**overrides: object) -> FetchSettings:
    """Settings for tests: loopback allowed, tiny waits."""
    values: dict[str, object] = {
        "allow_private": True,
        "backoff_base": 0.01,
        "backoff_max": 0.05,
        "per_host_delay": 0.0,
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
    }
    values.update(overrides)
    return FetchSettings(**values)  # type: ignore[arg-type]


def highest(low: float, high: float) -> float:
    """A jitter that always waits the whole backoff cap."""
    return high


def fetch(
    url: str,
    settings: FetchSettings,
    validators: Validators | None = None,
    clock: FakeClock | None = None,
) -> FetchResult:
    """Fetch one URL with a fetcher of its own (on a virtual clock, if given)."""
    retry = RetryPolicy.from_settings(settings, uniform=highest)
    with Fetcher(settings, clock or FakeClock(), retry) as fetcher:
        return fetcher.fetch(url, validators)
