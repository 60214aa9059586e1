"""Crawl stage: expand URL sources (sitemaps, feeds, URL lists) and fetch pages in batches.

Fetching is I/O-bound and runs in threads across hosts (tasks/fetch.py keeps per-host
politeness); the pages it returns go on to the CPU-bound process stage.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from prefect import task
from prefect.cache_policies import NO_CACHE

from schemas import RawDocument
from tasks.fetch import (
    FetchAttempt,
    Fetcher,
    FetchResult,
    FetchSettings,
    Validators,
    fetch_many,
    validators_from_headers,
)
from tasks.listing import normalize_url, read_listing
from tasks.spool import document_row, reject_row, write_spool
from warehouse.db import DatabaseLockedError, connect, read_sql, resolve_db_path


@dataclass(frozen=True)
class CrawlSettings:
    """Settings for expanding URL sources."""

    fetch: FetchSettings = field(default_factory=FetchSettings)
    max_listing_depth: int = 3  # sitemap index → sitemap → … at most this deep
    max_pages: int = 100_000  # page URLs taken from listings per run


@dataclass(frozen=True)
class Discovery:
    """What expanding the URL sources found."""

    page_urls: list[str]  # pages named by listings, normalised and de-duplicated
    fetched: list[FetchResult]  # every fetch made while expanding (listings and given pages)
    pages: list[RawDocument]  # given URLs that turned out to be pages, ready to process
    robots: list[FetchAttempt] = field(default_factory=list)


def discover_urls(
    seeds: list[str], settings: CrawlSettings, validators: dict[str, Validators]
) -> Discovery:
    """Fetch the given URLs; expand listings among them, breadth first, into page URLs.

    Args:
        seeds: URLs given by the user (pages, sitemaps, sitemap indexes, feeds, URL lists).
        settings: Crawl settings.
        validators: Validators of known article pages (a given page may answer 304).

    Returns:
        The page URLs to fetch, the fetches made, and the given URLs that were pages.
    """
    seen: set[str] = set()
    queue: deque[tuple[str, int]] = deque()
    for url in seeds:  # the same URL given twice (or spelled twice) is fetched once
        if (normal := normalize_url(url)) not in seen:
            seen.add(normal)
            queue.append((url, 0))
    page_urls: list[str] = []
    fetched: list[FetchResult] = []
    pages: list[RawDocument] = []
    with Fetcher(settings.fetch) as fetcher:
        while queue:
            url, depth = queue.popleft()
            result = fetcher.fetch(url, validators.get(url))
            fetched.append(result)
            if result.raw is None or result.reject is not None:
                continue
            listing = read_listing(result.raw, result.final_url or url)
            if listing is None:
                pages.append(result.raw)
                continue
            children = listing.listings if depth < settings.max_listing_depth else []
            for link in [*children, *listing.pages]:
                normal = normalize_url(link)
                if normal in seen or len(page_urls) >= settings.max_pages:
                    continue
                seen.add(normal)
                if link in children:
                    queue.append((link, depth + 1))
                else:
                    page_urls.append(link)
        robots = fetcher.robots_attempts()
    return Discovery(page_urls, fetched, pages, robots)


def fetch_log_rows(
    results: list[FetchResult], robots: list[FetchAttempt]
) -> list[dict[str, object]]:
    """Return one ops.fetch_log row per HTTP request made."""
    rows = [
        _log_row(result.url, attempt, "page") for result in results for attempt in result.attempts
    ]
    rows.extend(_log_row(attempt.url, attempt, "robots") for attempt in robots)
    return rows


def _log_row(requested: str, attempt: FetchAttempt, kind: str) -> dict[str, object]:
    return {
        "requested_url": requested,
        "url": attempt.url,
        "kind": kind,
        "attempt": attempt.attempt,
        "status": attempt.status,
        "bytes": attempt.bytes,
        "elapsed": attempt.elapsed,
        "error": attempt.error,
        "fetched_at": attempt.fetched_at,
    }


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
        "not_modified": [{"source_uri": r.url} for r in results if r.not_modified],
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
    results = fetch_many(urls, settings.fetch, {u: validators[u] for u in urls if u in validators})
    pages = [r.raw for r in results if r.raw is not None and r.reject is None]
    spool_fetches(spool_dir, f"fetch-{batch_no:05d}", results, [], pages)
    return pages


def known_validators(db_path: str | None) -> dict[str, Validators]:
    """Return the known article pages with their ETag/Last-Modified; {} if unavailable.

    Best effort: with no warehouse yet, or one locked by another process, pages are simply
    fetched in full.
    """
    try:
        con = connect(resolve_db_path(db_path), read_only=True, lock_timeout=2.0)
    except (FileNotFoundError, DatabaseLockedError):
        return {}
    try:
        rows = con.execute(read_sql("known_validators")).fetchall()
    except duckdb.CatalogException:  # a warehouse from before any fetch
        return {}
    finally:
        con.close()
    found = {}
    for source_uri, headers in rows:
        parsed = json.loads(headers) if isinstance(headers, str) else headers
        known = validators_from_headers(parsed) if isinstance(parsed, dict) else None
        found[str(source_uri)] = known or Validators()  # known page, nothing to send back
    return found


def read_urls(
    db_path: str | None, query: str, params: dict[str, object] | None = None
) -> list[str]:
    """Return the URLs a warehouse query names (``known_page_urls``, ``failed_fetches``).

    Raises:
        FileNotFoundError: there is no warehouse yet.
        DatabaseLockedError: another process holds it.
    """
    con = connect(resolve_db_path(db_path), read_only=True, lock_timeout=10.0)
    try:
        return [str(row[0]) for row in con.execute(read_sql(query), params or {}).fetchall()]
    finally:
        con.close()


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
