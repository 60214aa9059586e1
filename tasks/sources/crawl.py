"""Crawl: expand URL sources (sitemaps, feeds, URL lists) into page URLs, breadth first.

Listings are polled on their own schedule (tasks/sources/schedule.py): a listing whose next
poll is not due is skipped (unless forced), and one polled is asked with its validators, so an
unchanged one answers 304. A skipped or unchanged sitemap index still leads to its known child
listings, each due or not by itself.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime

from schemas import RawDocument
from schemas.crawl import UrlState
from tasks.sources.listing import Listing, normalize_url, read_listing
from tasks.sources.policy import CrawlPolicy
from tasks.sources.schedule import (
    Sighting,
    is_due,
    listing_polled,
    outcome_of,
    page_fetched,
    validators_of,
)
from tasks.web.client import (
    FetchAttempt,
    Fetcher,
    FetchResult,
    FetchSettings,
    Validators,
)
from tasks.web.robots import RobotsRules


@dataclass(frozen=True)
class CrawlSettings:
    """Settings for expanding URL sources."""

    fetch: FetchSettings = field(default_factory=FetchSettings)
    max_listing_depth: int = 3  # sitemap index → sitemap → … at most this deep
    max_pages: int = 100_000  # page URLs taken from listings per run
    policy: CrawlPolicy = field(default_factory=CrawlPolicy)
    force: bool = False  # poll every listing, due or not


@dataclass(frozen=True)
class Discovery:
    """What expanding the URL sources found."""

    page_urls: list[str]  # pages named by listings, normalised and de-duplicated
    fetched: list[FetchResult]  # every fetch made while expanding (listings and given pages)
    pages: list[RawDocument]  # given URLs that turned out to be pages, ready to process
    robots: list[FetchAttempt] = field(default_factory=list)
    listed: dict[str, Sighting] = field(default_factory=dict)  # page URL -> how it was listed
    considered: set[str] = field(default_factory=set)  # listings polled or not due
    listing_urls: set[str] = field(default_factory=set)  # fetched URLs that were listings
    states: list[UrlState] = field(default_factory=list)  # listings polled, given pages fetched
    robots_rules: dict[str, RobotsRules] = field(default_factory=dict)  # read: not asked again


@dataclass
class _Walk:
    """The breadth-first walk's working state."""

    seen: set[str] = field(default_factory=set)
    queue: deque[tuple[str, int, str | None]] = field(default_factory=deque)
    page_urls: list[str] = field(default_factory=list)
    listed: dict[str, Sighting] = field(default_factory=dict)

    def push(self, url: str, depth: int, parent: str | None) -> None:
        if (normal := normalize_url(url)) not in self.seen:
            self.seen.add(normal)
            self.queue.append((url, depth, parent))


def discover_urls(
    seeds: list[str],
    settings: CrawlSettings,
    validators: dict[str, Validators],
    known: dict[str, UrlState] | None = None,
    now: datetime | None = None,
) -> Discovery:
    """Fetch the given URLs; expand listings among them, breadth first, into page URLs.

    Args:
        seeds: URLs given by the user (pages, sitemaps, sitemap indexes, feeds, URL lists).
        settings: Crawl settings (with the policy listings are polled by).
        validators: Validators of known article pages (a given page may answer 304).
        known: The warehouse's url states (listings' schedules and validators).
        now: The run's time (default: the clock).

    Returns:
        The page URLs listed and how, the fetches made, the given URLs that were pages, and
        the new states of the listings polled and the given pages fetched.
    """
    known = known or {}
    now = now or datetime.now(UTC)
    children: dict[str, list[str]] = {}
    for entry in known.values():
        if entry.kind == "listing" and entry.listed_in:
            children.setdefault(entry.listed_in, []).append(entry.url)
    walk = _Walk()
    for url in seeds:  # the same URL given twice (or spelled twice) is fetched once
        walk.push(url, 0, None)
    fetched: list[FetchResult] = []
    pages: list[RawDocument] = []
    considered: set[str] = set()
    listing_urls: set[str] = set()
    states: list[UrlState] = []
    with Fetcher(settings.fetch) as fetcher:
        while walk.queue:
            url, depth, parent = walk.queue.popleft()
            state = known.get(url)
            is_listing = state is not None and state.kind == "listing"
            if is_listing:
                considered.add(url)
                if not settings.force and not is_due(state, now):
                    _known_children(walk, children.get(url, []), depth, url, settings)
                    continue
            sent = validators.get(url) or (validators_of(state) if is_listing else None)
            result = fetcher.fetch(url, sent)
            fetched.append(result)
            outcome = outcome_of(result)
            if result.not_modified and is_listing:
                listing_urls.add(url)
                states.append(listing_polled(state, url, outcome, 0, now, settings.policy))
                _known_children(walk, children.get(url, []), depth, url, settings)
                continue
            if result.raw is None or result.reject is not None:
                if is_listing:
                    states.append(listing_polled(state, url, outcome, 0, now, settings.policy))
                elif parent is None:
                    states.append(page_fetched(known.get(url), url, outcome, now, settings.policy))
                continue
            listing = read_listing(result.raw, result.final_url or url)
            if listing is None:
                pages.append(result.raw)
                states.append(page_fetched(known.get(url), url, outcome, now, settings.policy))
                continue
            considered.add(url)
            listing_urls.add(url)
            n_new = _expand(walk, listing, url, depth, settings, known)
            states.append(listing_polled(state, url, outcome, n_new, now, settings.policy, parent))
        robots = fetcher.robots_attempts()
        rules = fetcher.robots_rules()
    return Discovery(
        walk.page_urls,
        fetched,
        pages,
        robots,
        walk.listed,
        considered,
        listing_urls,
        states,
        rules,
    )


def _known_children(
    walk: _Walk, urls: list[str], depth: int, parent: str, settings: CrawlSettings
) -> None:
    """Queue the known child listings of a sitemap index that was not read this time."""
    if depth < settings.max_listing_depth:
        for child in urls:
            walk.push(child, depth + 1, parent)


def _expand(
    walk: _Walk,
    listing: Listing,
    url: str,
    depth: int,
    settings: CrawlSettings,
    known: dict[str, UrlState],
) -> int:
    """Queue a listing's child listings, take its pages; return how many pages it names that
    the warehouse does not know (also when another listing of the run named them first)."""
    children = listing.listings if depth < settings.max_listing_depth else []
    for link in children:
        walk.push(link, depth + 1, url)
    n_new = len({link for link in listing.pages if link not in known})
    for link in listing.pages:
        normal = normalize_url(link)
        if normal in walk.seen:
            if link in walk.listed:  # listed again (feed and sitemap): keep the latest date
                _relist(walk, link, url, listing)
            continue
        if len(walk.page_urls) >= settings.max_pages:
            continue
        walk.seen.add(normal)
        walk.page_urls.append(link)
        walk.listed[link] = Sighting(url, listing.modified.get(link))
    return n_new


def _relist(walk: _Walk, link: str, url: str, listing: Listing) -> None:
    """Keep the later of two listings' dates for a page listed twice."""
    before = walk.listed[link].modified
    date = listing.modified.get(link)
    if date is not None and (before is None or date > before):
        walk.listed[link] = Sighting(url, date)
