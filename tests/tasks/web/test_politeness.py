"""Per-host politeness: spacing between request starts on a virtual clock, and the
concurrency cap with real threads held by events (nothing sleeps)."""

from __future__ import annotations

import threading

import pytest

from tasks.web.politeness import HostLimiter, host_key
from tests.tasks.web.support import FakeClock


def starts(limiter: HostLimiter, clock: FakeClock, host: str, times: int) -> list[float]:
    """Enter the host's slot ``times`` times in a row; return the clock at each entry."""
    seen = []
    for _ in range(times):
        with limiter.slot(host):
            seen.append(clock.monotonic())
    return seen


def test_host_limiter_spaces_starts() -> None:
    clock = FakeClock()
    limiter = HostLimiter(delay=0.1, concurrency=2, clock=clock)
    assert starts(limiter, clock, "a.example", 4) == pytest.approx([0.0, 0.1, 0.2, 0.3])
    assert starts(limiter, clock, "b.example", 1) == pytest.approx([0.3])  # hosts are apart


def test_host_limiter_does_not_wait_when_the_spacing_has_passed() -> None:
    clock = FakeClock()
    limiter = HostLimiter(delay=0.1, concurrency=1, clock=clock)
    starts(limiter, clock, "a.example", 1)
    clock.sleep(5.0)  # a long request
    starts(limiter, clock, "a.example", 1)
    assert clock.sleeps == [5.0]


def test_set_delay_widens_one_hosts_spacing() -> None:
    clock = FakeClock()
    limiter = HostLimiter(delay=0.1, concurrency=1, clock=clock)
    limiter.set_delay("slow.example", 0.5)
    assert starts(limiter, clock, "slow.example", 3) == pytest.approx([0.0, 0.5, 1.0])
    assert starts(limiter, clock, "fast.example", 2) == pytest.approx([1.0, 1.1])


def test_host_limiter_defer_postpones_the_next_start() -> None:
    clock = FakeClock()
    limiter = HostLimiter(delay=0.0, concurrency=1, clock=clock)
    limiter.defer("b.example", 0.2)
    assert starts(limiter, clock, "b.example", 1) == pytest.approx([0.2])
    assert starts(limiter, clock, "other.example", 1) == pytest.approx([0.2])  # not held up
    assert clock.sleeps == pytest.approx([0.2])


def test_defer_never_brings_a_start_forward() -> None:
    clock = FakeClock()
    limiter = HostLimiter(delay=1.0, concurrency=1, clock=clock)
    starts(limiter, clock, "c.example", 1)
    limiter.defer("c.example", 0.1)  # sooner than the spacing allows: the spacing holds
    assert starts(limiter, clock, "c.example", 1) == pytest.approx([1.0])


def test_host_limiter_caps_concurrency() -> None:
    limiter = HostLimiter(delay=0.0, concurrency=2, clock=FakeClock())
    changed = threading.Condition()
    inside = 0
    most = 0
    release = threading.Event()

    def work() -> None:
        nonlocal inside, most
        with limiter.slot("a.example"):
            with changed:
                inside += 1
                most = max(most, inside)
                changed.notify_all()
            release.wait(10)
            with changed:
                inside -= 1

    threads = [threading.Thread(target=work) for _ in range(5)]
    for thread in threads:
        thread.start()
    with changed:
        assert changed.wait_for(lambda: inside == 2, timeout=10)
        # Three more are waiting for a slot; none gets in while two are held.
        assert not changed.wait_for(lambda: inside > 2, timeout=0.1)
    release.set()
    for thread in threads:
        thread.join(10)
    assert most == 2 and inside == 0


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("http://News.Example:8080/a", "news.example"),  # ports share a host's limits
        ("https://news.example/b", "news.example"),
        ("http://[::1]:80/", "::1"),
        ("http://[::1/", ""),  # malformed
    ],
)
def test_host_key(url: str, key: str) -> None:
    assert host_key(url) == key
