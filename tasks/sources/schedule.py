"""The crawl schedule: what a fetch outcome does to a URL's state, and what is due when.

Pure functions of a state, an outcome and the run's time (``now``), under a CrawlPolicy:
pages are rechecked at growing intervals after a fetch, retried after transient failures
until their tries run out, and fetched again when a listing dates them later than the fetch;
listings are polled sooner after they brought new items and later when they did not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from schemas import RejectReason
from schemas.crawl import UrlState
from tasks.sources.policy import CrawlPolicy
from tasks.web.client import FetchResult, Validators

OutcomeKind = Literal["fetched", "not_modified", "transient", "terminal"]
# Failures a later run may cure; an HTTP error is one when its status is 429 or 5xx.
TRANSIENT_REASONS = frozenset({RejectReason.TIMEOUT, RejectReason.CONNECTION_ERROR})


@dataclass(frozen=True)
class Outcome:
    """What fetching a URL came to, as far as its schedule is concerned."""

    kind: OutcomeKind
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Sighting:
    """A page URL as a listing names it: which listing, and the date it gives the page."""

    listing: str
    modified: datetime | None


def outcome_of(result: FetchResult) -> Outcome:
    """Classify a fetch: answered (2xx, 304), failed transiently, or failed for good."""
    if result.not_modified:
        return Outcome("not_modified")
    if result.reject is None and result.raw is not None:
        headers = result.raw.headers or {}
        return Outcome("fetched", headers.get("etag"), headers.get("last-modified"))
    assert result.reject is not None
    status = result.attempts[-1].status if result.attempts else None
    transient = result.reject.reason in TRANSIENT_REASONS or (
        result.reject.reason is RejectReason.HTTP_ERROR
        and status is not None
        and (status == 429 or status >= 500)
    )
    return Outcome("transient" if transient else "terminal", error=result.reject.detail)


def validators_of(state: UrlState | None) -> Validators | None:
    """Return the validators a state keeps for a conditional GET, if any."""
    if state is None or not (state.etag or state.last_modified):
        return None
    return Validators(state.etag, state.last_modified)


def crawl_validators(
    stored: dict[str, Validators], known: dict[str, UrlState]
) -> dict[str, Validators]:
    """Return the validators to send for known pages: the stored article's response headers,
    else those the page's crawl state keeps (a page that is no article has no stored headers);
    empty ones for a fetched page that had none."""
    kept = {
        url: validators_of(state) or Validators()
        for url, state in known.items()
        if state.kind == "page" and state.last_fetched_at is not None
    }
    return kept | stored


def is_due(state: UrlState | None, now: datetime) -> bool:
    """Say whether a URL should be fetched now by its own schedule (a new URL always is)."""
    return state is None or (state.next_check_at is not None and state.next_check_at <= now)


def is_changed(state: UrlState, modified: datetime | None) -> bool:
    """Say whether a listing's date for a known page is newer than what was fetched or seen."""
    baseline = state.fetched_modified_at or state.listed_modified_at or state.last_fetched_at
    return modified is not None and baseline is not None and modified > baseline


def seen(state: UrlState | None, url: str, sighting: Sighting, now: datetime) -> UrlState:
    """Record that a listing named a page now."""
    base = state or UrlState(url=url, kind="page", first_seen_at=now)
    return base.model_copy(
        update={
            "listed_in": sighting.listing,
            "first_seen_at": base.first_seen_at or now,
            "last_seen_at": now,
            "listed_modified_at": sighting.modified or base.listed_modified_at,
        }
    )


def page_fetched(
    state: UrlState | None,
    url: str,
    outcome: Outcome,
    now: datetime,
    policy: CrawlPolicy,
    *,
    changed: bool = False,
) -> UrlState:
    """Return a page's state after a fetch.

    Answered: the next recheck is the policy's next interval (the first one again after a
    fetch a listing asked for, or the first fetch), skipping those shorter than the page's age
    by its listing date. Failed transiently: tried again after the
    next retry wait, given up when the tries run out. Failed terminally: never again.
    """
    base = state or UrlState(url=url, kind="page")
    if outcome.kind in ("fetched", "not_modified"):
        checks = 0 if changed or base.last_fetched_at is None else base.checks + 1
        checks, next_check = _next_recheck(checks, now, base.listed_modified_at, policy)
        return base.model_copy(
            update={
                "status": "ok",
                "checks": checks,
                "next_check_at": next_check,
                "last_fetched_at": now,
                "fetched_modified_at": base.listed_modified_at,
                "failures": 0,
                "last_error": None,
            }
            | _kept_validators(base, outcome)
        )
    failures = base.failures + 1
    retry = outcome.kind == "transient" and failures < policy.max_tries
    status = "retrying" if retry else ("given_up" if outcome.kind == "transient" else "failed")
    return base.model_copy(
        update={
            "status": status,
            "failures": failures,
            "next_check_at": now + policy.retry_after[failures - 1] if retry else None,
            "last_error": outcome.error,
        }
    )


def _kept_validators(base: UrlState, outcome: Outcome) -> dict[str, str | None]:
    """The validators to send next time: a fetched response's own, else (304) the stored ones."""
    if outcome.kind == "fetched":
        return {"etag": outcome.etag, "last_modified": outcome.last_modified}
    return {"etag": base.etag, "last_modified": base.last_modified}


def _next_recheck(
    checks: int, now: datetime, dated: datetime | None, policy: CrawlPolicy
) -> tuple[int, datetime | None]:
    """Return the recheck to wait for and when it is due: intervals shorter than the page's
    age (by its listing date) are skipped, so an old page found late is not rechecked as often
    as a fresh one (an article a year old, never again)."""
    age = now - dated if dated is not None and dated < now else timedelta(0)
    after = policy.recheck_after
    while checks < len(after) and after[checks] <= age:
        checks += 1
    return checks, (now + after[checks] if checks < len(after) else None)


def listing_polled(
    state: UrlState | None,
    url: str,
    outcome: Outcome,
    n_new: int,
    now: datetime,
    policy: CrawlPolicy,
    listed_in: str | None = None,
) -> UrlState:
    """Return a listing's state after a poll: the next poll sooner if it brought new items."""
    base = state or UrlState(url=url, kind="listing", listed_in=listed_in)
    if outcome.kind in ("fetched", "not_modified"):
        if state is None or state.poll_seconds is None:
            interval = policy.poll_first
        else:
            factor = policy.sooner if n_new else policy.later
            interval = timedelta(seconds=state.poll_seconds * factor)
        interval = min(max(interval, policy.poll_min), policy.poll_max)
        return base.model_copy(
            update={
                "kind": "listing",
                "status": "ok",
                "last_fetched_at": now,
                "last_new_at": now if n_new else base.last_new_at,
                "poll_seconds": interval.total_seconds(),
                "next_check_at": now + interval,
                "failures": 0,
                "last_error": None,
            }
            | _kept_validators(base, outcome)
        )
    failures = base.failures + 1
    wait = min(policy.listing_retry_after * 2 ** (failures - 1), policy.poll_max)
    return base.model_copy(
        update={
            "kind": "listing",
            "status": "retrying" if outcome.kind == "transient" else "failed",
            "failures": failures,
            "next_check_at": now + wait,
            "last_error": outcome.error,
        }
    )


@dataclass(frozen=True)
class CrawlPlan:
    """The pages a run fetches, and the state of every page it considered."""

    new: list[str]  # never fetched: not in ops.url_state
    changed: list[str]  # a listing dates them after their last fetch
    due: list[str]  # their recheck or retry is due
    states: dict[str, UrlState]  # every listed or due page, this run's sighting recorded

    @property
    def urls(self) -> list[str]:
        """Every page URL to fetch, new ones first."""
        return [*self.new, *self.changed, *self.due]

    def unfetched(self) -> list[UrlState]:
        """The states of the listed pages this run leaves alone (their sighting is news)."""
        fetched = set(self.urls)
        return [state for url, state in self.states.items() if url not in fetched]


def plan_pages(
    listed: dict[str, Sighting],
    known: dict[str, UrlState],
    listings: set[str],
    now: datetime,
) -> CrawlPlan:
    """Decide which listed pages to fetch: the new, the changed and the due.

    Args:
        listed: Page URL -> how a listing of this run named it.
        known: The warehouse's url states.
        listings: The listings this run considered (polled or not due): their known pages
            whose recheck is due are fetched too, listed this time or not.
        now: The run's time.
    """
    new: list[str] = []
    changed: list[str] = []
    due: list[str] = []
    states: dict[str, UrlState] = {}
    for url, sighting in listed.items():
        state = known.get(url)
        states[url] = seen(state, url, sighting, now)
        if state is None:
            new.append(url)
        elif is_changed(state, sighting.modified):
            changed.append(url)
        elif is_due(state, now):
            due.append(url)
    for url, state in known.items():
        if (
            state.kind == "page"
            and url not in listed
            and state.listed_in in listings
            and is_due(state, now)
        ):
            due.append(url)
            states[url] = state
    return CrawlPlan(new, changed, due, states)
