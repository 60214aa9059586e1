"""The crawl schedule under an injected clock: rechecks, retries, listing polls, plans."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from schemas import Reject, RejectReason, Stage
from schemas.crawl import UrlState
from tasks.sources.policy import CrawlPolicy
from tasks.sources.schedule import (
    Outcome,
    Sighting,
    is_due,
    listing_polled,
    outcome_of,
    page_fetched,
    plan_pages,
    seen,
)
from tasks.web.client import FetchAttempt, FetchResult
from tests.tasks.web.support import START, FakeClock

POLICY = CrawlPolicy()
URL = "https://edu.example.cn/news/1.html"
FEED = "https://edu.example.cn/feed.xml"
FETCHED = Outcome("fetched", etag='"v1"', last_modified="Thu, 28 Mar 2024 08:00:00 GMT")
UNCHANGED = Outcome("not_modified")
HOUR = timedelta(hours=1)


def run_when_due(clock: FakeClock, state: UrlState) -> datetime:
    """Advance the clock to the state's next check (as the next scheduled run would)."""
    assert state.next_check_at is not None
    clock.sleep((state.next_check_at - clock.now()).total_seconds())
    assert is_due(state, clock.now())
    return clock.now()


def test_a_page_is_rechecked_at_the_policys_growing_intervals_then_never() -> None:
    clock = FakeClock()
    state = page_fetched(None, URL, FETCHED, clock.now(), POLICY)
    assert (state.status, state.checks, state.etag) == ("ok", 0, '"v1"')
    gaps = []
    while state.next_check_at is not None:
        gaps.append(state.next_check_at - clock.now())
        clock.sleep(60)  # a run a minute before the check is due leaves it alone
        assert not is_due(state, clock.now() - timedelta(minutes=2))
        state = page_fetched(state, URL, UNCHANGED, run_when_due(clock, state), POLICY)
    assert gaps == [HOUR, 6 * HOUR, 24 * HOUR, 72 * HOUR]
    assert state.checks == 4 and state.etag == '"v1"'  # a 304 keeps the validators
    assert not is_due(state, clock.now() + timedelta(days=365))


@pytest.mark.parametrize(
    ("age", "gaps"),
    [
        (timedelta(minutes=10), [HOUR, 6 * HOUR, 24 * HOUR, 72 * HOUR]),
        (2 * HOUR, [6 * HOUR, 24 * HOUR, 72 * HOUR]),
        (timedelta(days=2), [72 * HOUR]),
        (timedelta(days=400), []),
    ],
)
def test_intervals_shorter_than_the_pages_listed_age_are_skipped(
    age: timedelta, gaps: list[timedelta]
) -> None:
    clock = FakeClock()
    listed = seen(None, URL, Sighting(FEED, clock.now() - age), clock.now())
    state = page_fetched(listed, URL, FETCHED, clock.now(), POLICY)
    found = []
    while state.next_check_at is not None:
        found.append(state.next_check_at - clock.now())
        state = page_fetched(state, URL, UNCHANGED, run_when_due(clock, state), POLICY)
    assert found == gaps


def test_a_fetch_a_listing_asked_for_starts_the_intervals_again() -> None:
    clock = FakeClock()
    state = page_fetched(None, URL, FETCHED, clock.now(), POLICY)
    for _ in range(4):
        state = page_fetched(state, URL, UNCHANGED, run_when_due(clock, state), POLICY)
    assert state.next_check_at is None
    clock.sleep(30 * 86400)
    state = page_fetched(state, URL, FETCHED, clock.now(), POLICY, changed=True)
    assert state.checks == 0 and state.next_check_at == clock.now() + HOUR


def test_a_transient_failure_is_tried_three_times_within_five_days_then_given_up() -> None:
    clock = FakeClock()
    failed = Outcome("transient", error="HTTP 503 Service Unavailable (after 4 attempts)")
    state = page_fetched(None, URL, failed, clock.now(), POLICY)
    assert (state.status, state.failures, state.next_check_at) == (
        "retrying",
        1,
        START + timedelta(days=1),
    )
    state = page_fetched(state, URL, failed, run_when_due(clock, state), POLICY)
    assert (state.status, state.next_check_at) == ("retrying", START + timedelta(days=5))
    state = page_fetched(state, URL, failed, run_when_due(clock, state), POLICY)
    assert (state.status, state.failures, state.next_check_at) == ("given_up", 3, None)
    assert state.last_error == failed.error and state.last_fetched_at is None


def test_a_recovered_page_is_scheduled_as_a_fetched_one() -> None:
    clock = FakeClock()
    state = page_fetched(None, URL, Outcome("transient", error="timeout"), clock.now(), POLICY)
    state = page_fetched(state, URL, FETCHED, run_when_due(clock, state), POLICY)
    assert (state.status, state.failures, state.last_error) == ("ok", 0, None)
    assert state.checks == 0 and state.next_check_at == clock.now() + HOUR


def test_a_terminal_failure_is_never_retried() -> None:
    state = page_fetched(None, URL, Outcome("terminal", error="HTTP 404"), START, POLICY)
    assert (state.status, state.next_check_at) == ("failed", None)


def _result(reason: RejectReason, status: int | None) -> FetchResult:
    attempt = FetchAttempt(URL, 1, status, 0, 0.1, None, START)
    reject = Reject.at(Stage.FETCH, reason, "detail", URL)
    return FetchResult(URL, URL, None, False, reject, [attempt])


@pytest.mark.parametrize(
    ("reason", "status", "kind"),
    [
        (RejectReason.HTTP_ERROR, 503, "transient"),
        (RejectReason.HTTP_ERROR, 429, "transient"),
        (RejectReason.TIMEOUT, None, "transient"),
        (RejectReason.CONNECTION_ERROR, None, "transient"),
        (RejectReason.HTTP_ERROR, 404, "terminal"),
        (RejectReason.HTTP_ERROR, 410, "terminal"),
        (RejectReason.ROBOTS_DISALLOWED, None, "terminal"),
        (RejectReason.BAD_CONTENT_TYPE, 200, "terminal"),
    ],
)
def test_failures_are_transient_or_terminal(reason: RejectReason, status: int | None, kind: str):
    assert outcome_of(_result(reason, status)).kind == kind


def test_listings_are_polled_sooner_after_new_items_later_without_within_bounds() -> None:
    clock = FakeClock()
    state = listing_polled(None, FEED, FETCHED, 20, clock.now(), POLICY)
    intervals = [state.next_check_at - clock.now()]  # type: ignore[operator]
    for n_new in (3, 1, 5, 0, 0, 0, 0, 0, 0, 0):
        outcome = FETCHED if n_new else UNCHANGED
        state = listing_polled(state, FEED, outcome, n_new, run_when_due(clock, state), POLICY)
        intervals.append(state.next_check_at - clock.now())  # type: ignore[operator]
    minutes = [int(i.total_seconds() // 60) for i in intervals]
    assert minutes == [60, 30, 15, 15, 30, 60, 120, 240, 480, 960, 1440]
    assert state.last_new_at == START + timedelta(minutes=60 + 30 + 15)


def test_a_failing_listing_backs_off_and_keeps_its_validators() -> None:
    state = listing_polled(None, FEED, FETCHED, 2, START, POLICY)
    failed = Outcome("transient", error="timeout")
    state = listing_polled(state, FEED, failed, 0, START + HOUR, POLICY)
    state = listing_polled(state, FEED, failed, 0, START + 2 * HOUR, POLICY)
    assert (state.status, state.failures, state.etag) == ("retrying", 2, '"v1"')
    assert state.next_check_at == START + 4 * HOUR  # 1 h, then 2 h


def test_a_plan_fetches_the_new_the_changed_and_the_due_only() -> None:
    now = START + timedelta(days=2)
    old = START - timedelta(days=30)

    def fetched(url: str, at: datetime, modified: datetime | None) -> UrlState:
        sighted = seen(None, url, Sighting(FEED, modified), at)
        return page_fetched(sighted, url, FETCHED, at, POLICY)

    done = {"checks": 4, "next_check_at": None}  # its rechecks are over
    known = {
        "/kept": fetched("/kept", START - timedelta(days=10), old).model_copy(update=done),
        "/bumped": fetched("/bumped", START - timedelta(days=10), old).model_copy(update=done),
        "/due": fetched("/due", now - 2 * HOUR, None),
        "/due-unlisted": fetched("/due-unlisted", now - 2 * HOUR, None),
        "/other-site": seen(None, "/other-site", Sighting("/elsewhere.xml", None), old),
    }
    listed = {
        "/kept": Sighting(FEED, old),
        "/bumped": Sighting(FEED, old + HOUR),
        "/due": Sighting(FEED, None),
        "/new": Sighting(FEED, now - HOUR),
    }
    plan = plan_pages(listed, known, {FEED}, now)
    assert (plan.new, plan.changed, plan.due) == (["/new"], ["/bumped"], ["/due", "/due-unlisted"])
    [kept] = plan.unfetched()
    assert kept.url == "/kept" and kept.last_seen_at == now and kept.first_seen_at < now
    assert plan.states["/new"].first_seen_at == now
    assert plan.states["/new"].listed_modified_at == now - HOUR
