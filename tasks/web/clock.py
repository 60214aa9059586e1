"""The clock the HTTP client waits and measures with, injectable so tests need not sleep."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Monotonic time for waits and timings, wall time for dates, and a way to wait."""

    def monotonic(self) -> float:
        """Return seconds on a clock that never goes back (only differences mean anything)."""
        ...

    def now(self) -> datetime:
        """Return the current time, time-zone aware."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait this many seconds."""
        ...


class SystemClock:
    """The real clock: ``time.monotonic``, ``datetime.now(UTC)`` and ``time.sleep``."""

    def monotonic(self) -> float:
        """Return ``time.monotonic()``."""
        return time.monotonic()

    def now(self) -> datetime:
        """Return the current UTC time."""
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        """Sleep for real."""
        time.sleep(seconds)
