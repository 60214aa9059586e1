"""Listings: URL-list files, sitemaps (XML, TXT, gzip, indexes) and RSS/Atom feeds.

Told apart by content, not by name. Trafilatura's sitemap and feed helpers (through courlan)
drop links whose host is an IP address or ``localhost`` ("couldn't extract domain"), which
rules out intranet sites and our 127.0.0.1 test sites, so the few XML shapes are read here
with lxml, and courlan normalises the URLs.
"""

from __future__ import annotations

import email.utils
import gzip
import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from urllib.parse import urljoin, urlsplit, urlunsplit

from courlan import normalize_url as courlan_normalize
from lxml import etree

from schemas import RawDocument

MAX_LISTING_BYTES = 50 * 1024 * 1024  # a decompressed sitemap may hold 50,000 URLs (sitemaps.org)
_URL_LINE = re.compile(r"^https?://\S+$")
_XML_PARSER = etree.XMLParser(
    recover=True, resolve_entities=False, no_network=True, huge_tree=False
)


class ListingKind(StrEnum):
    """What kind of URL listing a document is."""

    SITEMAP = "sitemap"
    SITEMAP_INDEX = "sitemap_index"
    FEED = "feed"
    URL_LIST = "url_list"


@dataclass(frozen=True)
class Listing:
    """The URLs a listing names: article pages, and further listings (sitemap indexes)."""

    kind: ListingKind
    pages: list[str] = field(default_factory=list)
    listings: list[str] = field(default_factory=list)
    # page URL -> its <lastmod> (sitemap) or pubDate / updated / published (feed), when given
    modified: dict[str, datetime] = field(default_factory=dict)


# Feed elements that date an item, most telling first (Atom's updated, RSS's pubDate, DC's date).
_ITEM_DATES = ("updated", "pubdate", "date", "published", "lastmod")


def parse_listing_date(text: str | None) -> datetime | None:
    """Return a listing's date (W3C/ISO 8601 or RFC 822) as an aware datetime, else None.

    A date without a zone is taken as UTC, as sitemaps.org reads a bare day.
    """
    value = (text or "").strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def is_web_url(value: str) -> bool:
    """Say whether a source argument is an http(s) URL rather than a path."""
    return value.lower().startswith(("http://", "https://"))


def normalize_url(url: str) -> str:
    """Return the URL's normal form (lower-case host, sorted query, no fragment)."""
    try:
        normal = courlan_normalize(url.strip())
    except ValueError:
        normal = url.strip()
    parts = urlsplit(normal)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def parse_url_list(text: str) -> list[str] | None:
    """Return the URLs of a URL-list text (one per line, ``#`` comments), else None.

    A list with comments but no URL yet (a sources file waiting to be filled) is an empty
    list; a text with no comment and no URL is not a URL list (an empty input is a reject).
    """
    urls = []
    commented = False
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if line.startswith("#"):
            commented = True
            continue
        if not line:
            continue
        if not _URL_LINE.match(line):
            return None
        urls.append(line)
    return urls if urls or commented else None


def unpack(content: bytes) -> bytes:
    """Return gzip-compressed content decompressed (bounded), anything else as it is."""
    if not content.startswith(b"\x1f\x8b"):
        return content
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    data = decompressor.decompress(content, MAX_LISTING_BYTES)
    if decompressor.unconsumed_tail:
        raise ValueError(f"gzip content expands past {MAX_LISTING_BYTES // 1_048_576} MiB")
    return data


def read_listing(raw: RawDocument, base_url: str) -> Listing | None:
    """Say whether a fetched document is a listing and return the URLs it names.

    Args:
        raw: The fetched document (gzip allowed).
        base_url: The URL it was fetched from, for relative links.

    Returns:
        The listing, or None when the document is a page (or anything else).
    """
    try:
        content = unpack(raw.content)
    except (ValueError, OSError, zlib.error, gzip.BadGzipFile):
        return None
    head = content[:2048].lstrip().lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        return _sitemap(content, base_url)
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return _feed(content, base_url)
    if not head.startswith(b"<"):
        urls = parse_url_list(content.decode("utf-8", errors="replace"))
        if urls is not None:
            return Listing(ListingKind.URL_LIST, pages=[urljoin(base_url, u) for u in urls])
    return None


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _sitemap(content: bytes, base_url: str) -> Listing | None:
    root = etree.fromstring(content, _XML_PARSER)
    if root is None:
        return None
    locs: list[str] = []
    modified: dict[str, datetime] = {}
    for el in root.iter():
        if _local(el.tag) != "loc" or not (el.text or "").strip():
            continue
        url = urljoin(base_url, (el.text or "").strip())
        locs.append(url)
        parent = el.getparent()
        siblings = [c for c in parent if _local(c.tag) == "lastmod"] if parent is not None else []
        if siblings and (date := parse_listing_date(siblings[0].text)) is not None:
            modified[url] = date
    if _local(root.tag) == "sitemapindex":
        return Listing(ListingKind.SITEMAP_INDEX, listings=locs)
    return Listing(ListingKind.SITEMAP, pages=locs, modified=modified)


def _feed(content: bytes, base_url: str) -> Listing | None:
    root = etree.fromstring(content, _XML_PARSER)
    if root is None:
        return None
    pages = []
    modified: dict[str, datetime] = {}
    for item in root.iter():
        name = _local(item.tag)
        if name == "item":  # RSS 2.0 and RSS 1.0 (RDF)
            link = next((c for c in item if _local(c.tag) == "link"), None)
            href = (link.text or "").strip() if link is not None else ""
            href = href or item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about", "")
        elif name == "entry":  # Atom: the alternate link
            links = [c for c in item if _local(c.tag) == "link"]
            alternate = [c for c in links if c.get("rel", "alternate") == "alternate"]
            href = (alternate or links or [None])[0].get("href", "") if (alternate or links) else ""
        else:
            continue
        if href:
            url = urljoin(base_url, href)
            pages.append(url)
            if (date := _item_date(item)) is not None:
                modified[url] = max(date, modified.get(url, date))
    return Listing(ListingKind.FEED, pages=pages, modified=modified)


def _item_date(item: etree._Element) -> datetime | None:
    """Return the date a feed item gives itself (the first of _ITEM_DATES it has)."""
    dates = {_local(child.tag): child.text for child in item}
    for name in _ITEM_DATES:
        if (date := parse_listing_date(dates.get(name))) is not None:
            return date
    return None
