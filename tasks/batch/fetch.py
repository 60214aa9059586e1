"""Fetch batches: expand URL sources and fetch pages, spooling every request and reject.

Fetching is I/O-bound and runs in threads across hosts (tasks/web/politeness.py keeps per-host
politeness); the pages it returns go on to the CPU-bound process batches.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from prefect import task
from prefect.cache_policies import NO_CACHE

from schemas import RawDocument
from schemas.fetch import FetchLogRow, NotModifiedRow
from tasks.load.spool import document_row, reject_row, write_spool
from tasks.sources.crawl import CrawlSettings, Discovery, discover_urls
from tasks.web.client import FetchAttempt, FetchResult, Validators, fetch_many


def fetch_log_rows(
    results: list[FetchResult], robots: list[FetchAttempt]
) -> list[dict[str, object]]:
    """Return one ops.fetch_log row per HTTP request made."""
    rows = [
        _log_row(result.url, attempt, "page") for result in results for attempt in result.attempts
    ]
    rows.extend(_log_row(attempt.url, attempt, "robots") for attempt in robots)
    return rows


def _log_row(
    requested: str, attempt: FetchAttempt, kind: Literal["page", "robots"]
) -> dict[str, object]:
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
) -> None:
    """Write a fetch batch's log, rejects, 304s and non-page documents to the spool.

    Pages handed on to the process stage are left out: that stage writes their rows.
    """
    page_hashes = {raw.sha256 for raw in pages}
    rows: dict[str, list[dict[str, object]]] = {
        "fetch_log": fetch_log_rows(results, robots),
        "rejects": [reject_row(r.reject) for r in results if r.reject is not None],
        "documents": [
            document_row(r.raw, None)
            for r in results
            if r.raw is not None and r.raw.sha256 not in page_hashes
        ],
        "not_modified": [
            NotModifiedRow(source_uri=r.url).model_dump() for r in results if r.not_modified
        ],
    }
    write_spool(Path(spool_dir), stem, rows)


def fetch_pages(
    batch_no: int,
    urls: list[str],
    spool_dir: str,
    settings: CrawlSettings,
    validators: dict[str, Validators],
) -> list[RawDocument]:
    """Fetch a batch of page URLs; spool what is not a page; return the pages to process."""
    batch = fetch_many(urls, settings.fetch, {u: validators[u] for u in urls if u in validators})
    pages = [r.raw for r in batch.results if r.raw is not None and r.reject is None]
    spool_fetches(spool_dir, f"fetch-{batch_no:05d}", batch.results, batch.robots, pages)
    return pages


@task(name="discover-urls", cache_policy=NO_CACHE, retries=0)
def discover_urls_task(
    seeds: list[str], spool_dir: str, settings: CrawlSettings, validators: dict[str, Validators]
) -> Discovery:
    """Expand the URL sources into page URLs, spooling the listings fetched."""
    discovery = discover_urls(seeds, settings, validators)
    spool_fetches(spool_dir, "discover", discovery.fetched, discovery.robots, discovery.pages)
    return discovery


@task(name="fetch-pages", cache_policy=NO_CACHE)
def fetch_pages_task(
    batch_no: int,
    urls: list[str],
    spool_dir: str,
    settings: CrawlSettings,
    validators: dict[str, Validators],
) -> list[RawDocument]:
    """Fetch one batch of pages (threads across hosts, polite per host)."""
    return fetch_pages(batch_no, urls, spool_dir, settings, validators)
