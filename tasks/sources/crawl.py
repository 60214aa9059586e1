"""Crawl: expand URL sources (sitemaps, feeds, URL lists) into page URLs, breadth first."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from schemas import RawDocument
from tasks.sources.listing import normalize_url, read_listing
from tasks.web.client import (
    FetchAttempt,
    Fetcher,
    FetchResult,
    FetchSettings,
    Validators,
)


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
