"""Politeness per host: a cap on requests in flight and a minimum spacing between their starts.

Limits are kept per host name, so two ports of one host share them. A robots.txt Crawl-delay
widens a host's spacing; a Retry-After holds the host back.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from tasks.web.clock import Clock, SystemClock


def host_key(url: str) -> str:
    """Return the host name politeness limits are kept per (ports share a host's limits)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class HostLimiter:
    """Per-host concurrency cap and minimum spacing between request starts (thread-safe)."""

    def __init__(self, delay: float, concurrency: int, clock: Clock | None = None) -> None:
        """Start with no host seen.

        Args:
            delay: Default minimum seconds between two request starts to one host.
            concurrency: Most requests in flight to one host at a time.
            clock: Tells the time and waits (the system clock unless given).
        """
        self._delay = delay
        self._concurrency = concurrency
        self._clock = clock or SystemClock()
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold one of the host's slots, starting no sooner than its spacing allows."""
        with self._lock:
            semaphore = self._slots.setdefault(host, threading.BoundedSemaphore(self._concurrency))
        with semaphore:
            with self._lock:  # reserve a start time, then wait outside the lock
                now = self._clock.monotonic()
                start = max(now, self._next_start.get(host, now))
                self._next_start[host] = start + self._delays.get(host, self._delay)
            if start > now:
                self._clock.sleep(start - now)
            yield

    def set_delay(self, host: str, delay: float) -> None:
        """Space this host's request starts by ``delay`` seconds from now on."""
        with self._lock:
            self._delays[host] = delay

    def defer(self, host: str, seconds: float) -> None:
        """Start no request to the host for ``seconds`` (the server sent Retry-After)."""
        with self._lock:
            until = self._clock.monotonic() + seconds
            self._next_start[host] = max(self._next_start.get(host, until), until)
