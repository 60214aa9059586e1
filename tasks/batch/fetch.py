"""Fetch batches: expand URL sources and fetch pages, spooling every request and reject.

Fetching is I/O-bound and runs in threads across hosts (tasks/web/politeness.py keeps per-host
politeness); the pages it returns go on to the CPU-bound process batches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from schemas import RawDocument
from schemas.crawl import UrlState
from schemas.fetch import FetchKind, FetchLogRow, NotModifiedRow
from tasks.load.spool import document_row, reject_row, write_spool
from tasks.sources.crawl import CrawlSettings, Discovery, discover_urls
from tasks.sources.schedule import outcome_of, page_fetched
from tasks.web.client import FetchAttempt, FetchResult, Validators, fetch_many
from tasks.web.robots import RobotsRules


@dataclass(frozen=True)
class PageSchedule:
    """What a fetch batch needs to update the crawl state of its pages."""

    now: datetime
    states: dict[str, UrlState] = field(default_factory=dict)  # known or listed pages
    changed: frozenset[str] = frozenset()  # fetched because a listing dated them later
    robots: dict[str, RobotsRules] = field(default_factory=dict)  # read by the run already

    def of(self, urls: list[str]) -> PageSchedule:
        """The part of the schedule a batch of these URLs needs."""
        return PageSchedule(
            self.now,
            {u: self.states[u] for u in urls if u in self.states},
            self.changed.intersection(urls),
            self.robots,
        )


@dataclass(frozen=True)
class WebWork:
    """What a run fetches from the web besides its listings."""

    pages: list[RawDocument]  # given URLs that turned out to be pages (fetched while expanding)
    page_urls: list[str]  # pages to fetch: known ones given, and the listed new, changed, due
    validators: dict[str, Validators]  # of known pages, for conditional GET
    schedule: PageSchedule  # the pages' crawl states, to update after their fetch


def fetch_stem(batch_no: int) -> str:
    """The spool stem of fetch batch `batch_no`; the process batch of its pages has the same
    number (``batch-NNNNN``), which a dead run's leftovers rely on (tasks/load/packages.py)."""
    return f"fetch-{batch_no:05d}"


def fetch_log_rows(
    results: list[FetchResult],
    robots: list[FetchAttempt],
    kinds: dict[str, FetchKind] | None = None,
) -> list[dict[str, object]]:
    """Return one ops.fetch_log row per HTTP request made (kind: page unless told)."""
    kinds = kinds or {}
    rows = [
        _log_row(result.url, attempt, kinds.get(result.url, "page"))
        for result in results
        for attempt in result.attempts
    ]
    rows.extend(_log_row(attempt.url, attempt, "robots") for attempt in robots)
    return rows


def _log_row(requested: str, attempt: FetchAttempt, kind: FetchKind) -> dict[str, object]:
    return FetchLogRow(
        requested_url=requested,
        url=attempt.url,
        kind=kind,
        attempt=attempt.attempt,
        status=attempt.status,
        bytes=attempt.bytes,
        elapsed=attempt.elapsed,
        error=attempt.error,
        fetched_at=attempt.fetched_at,
    ).model_dump()


def spool_fetches(
    spool_dir: str,
    stem: str,
    results: list[FetchResult],
    robots: list[FetchAttempt],
    pages: list[RawDocument],
    kinds: dict[str, FetchKind] | None = None,
    states: list[UrlState] | None = None,
) -> None:
    """Write a fetch batch's log, rejects, 304s, non-page documents and url states to the spool.

    Pages handed on to the process stage are left out: that stage writes their rows.
    """
    page_hashes = {raw.sha256 for raw in pages}
    rows: dict[str, list[dict[str, object]]] = {
        "fetch_log": fetch_log_rows(results, robots, kinds),
        "url_state": [state.model_dump() for state in states or []],
        "rejects": [reject_row(r.reject) for r in results if r.reject is not None],
        "documents": [
            document_row(r.raw, None)
            for r in results
            if r.raw is not None and r.raw.sha256 not in page_hashes
        ],
        "not_modified": [  # unchanged articles: a listing's 304 is none
            NotModifiedRow(source_uri=r.url).model_dump()
            for r in results
            if r.not_modified and (kinds or {}).get(r.url) != "listing"
        ],
    }
    write_spool(Path(spool_dir), stem, rows)


def fetch_pages(
    batch_no: int,
    urls: list[str],
    spool_dir: str,
    settings: CrawlSettings,
    validators: dict[str, Validators],
    schedule: PageSchedule,
) -> list[RawDocument]:
    """Fetch a batch of page URLs; spool what is not a page and every page's new crawl state;
    return the pages to process."""
    known = {u: validators[u] for u in urls if u in validators}
    batch = fetch_many(urls, settings.fetch, known, robots=schedule.robots)
    pages = [r.raw for r in batch.results if r.raw is not None and r.reject is None]
    states = [
        page_fetched(
            schedule.states.get(r.url),
            r.url,
            outcome_of(r),
            schedule.now,
            settings.policy,
            changed=r.url in schedule.changed,
        )
        for r in batch.results
    ]
    kinds: dict[str, FetchKind] = {
        u: "recheck" for u in urls if u in validators or _was_fetched(schedule.states.get(u))
    }
    spool_fetches(
        spool_dir, fetch_stem(batch_no), batch.results, batch.robots, pages, kinds, states
    )
    return pages


def _was_fetched(state: UrlState | None) -> bool:
    return state is not None and state.last_fetched_at is not None


@task(name="discover-urls", cache_policy=NO_CACHE, retries=0)
def discover_urls_task(
    seeds: list[str],
    spool_dir: str,
    settings: CrawlSettings,
    validators: dict[str, Validators],
    known: dict[str, UrlState],
    now: datetime,
) -> Discovery:
    """Expand the URL sources into page URLs, spooling the listings fetched and their states."""
    discovery = discover_urls(seeds, settings, validators, known, now)
    kinds: dict[str, FetchKind] = dict.fromkeys(discovery.listing_urls, "listing")
    spool_fetches(
        spool_dir,
        "discover",
        discovery.fetched,
        discovery.robots,
        discovery.pages,
        kinds,
        discovery.states,
    )
    return discovery


@task(name="plan-crawl", cache_policy=NO_CACHE)
def spool_plan_task(spool_dir: str, unfetched: list[UrlState]) -> None:
    """Spool the states of listed pages the run does not fetch (their sighting is recorded)."""
    write_spool(Path(spool_dir), "plan", {"url_state": [s.model_dump() for s in unfetched]})


@task(name="fetch-pages", cache_policy=NO_CACHE)
def fetch_pages_task(
    batch_no: int,
    urls: list[str],
    spool_dir: str,
    settings: CrawlSettings,
    validators: dict[str, Validators],
    schedule: PageSchedule,
) -> list[RawDocument]:
    """Fetch one batch of pages (threads across hosts, polite per host)."""
    return fetch_pages(batch_no, urls, spool_dir, settings, validators, schedule)
