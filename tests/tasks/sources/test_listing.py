import gzip
import hashlib
from datetime import UTC, datetime

import pytest

from schemas import RawDocument
from tasks.sources.listing import (
    MAX_LISTING_BYTES,
    ListingKind,
    normalize_url,
    parse_url_list,
    read_listing,
    unpack,
)

BASE = "http://127.0.0.1:8000"


def raw(content: bytes) -> RawDocument:
    return RawDocument(
        source_uri=f"{BASE}/x",
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        content=content,
        fetched_at=datetime.now(UTC),
    )


def test_sitemap_and_index_are_told_apart_by_content():
    urlset = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/a.html</loc></url><url><loc>http://127.0.0.1:8000/b.html?x=1&amp;y=2</loc></url></urlset>'
    listing = read_listing(raw(urlset), f"{BASE}/news-map")
    assert listing is not None and listing.kind is ListingKind.SITEMAP
    assert listing.pages == [f"{BASE}/a.html", f"{BASE}/b.html?x=1&y=2"]
    index = b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/s1.xml</loc></sitemap></sitemapindex>'
    listing = read_listing(raw(gzip.compress(index)), BASE)
    assert listing is not None and listing.kind is ListingKind.SITEMAP_INDEX
    assert listing.listings == [f"{BASE}/s1.xml"] and listing.pages == []


@pytest.mark.parametrize(
    "feed",
    [
        '<?xml version="1.0"?><rss version="2.0"><channel><link>http://127.0.0.1:8000/</link><item><title>科大讯飞</title><link>http://127.0.0.1:8000/c.html</link></item></channel></rss>',
        '<feed xmlns="http://www.w3.org/2005/Atom"><link href="/"/><entry><title>科大讯飞</title><link rel="alternate" href="/c.html"/></entry></feed>',
    ],
)
def test_feeds_list_their_items_not_the_channel_link(feed):
    listing = read_listing(raw(feed.encode()), BASE)
    assert listing is not None and listing.kind is ListingKind.FEED
    assert listing.pages == [f"{BASE}/c.html"]


def test_pages_and_prose_are_not_listings():
    assert (
        read_listing(raw(b"<html><body><p>\xe7\xa7\x91\xe5\xa4\xa7</p></body></html>"), BASE)
        is None
    )
    assert (
        read_listing(raw("深圳市龙岗区平湖中学与科大讯飞签约。\nhttp://x.org/a\n".encode()), BASE)
        is None
    )


def test_url_list_text():
    assert parse_url_list("# today\nhttp://a.org/1\n\n  https://b.org/2  \n") == [
        "http://a.org/1",
        "https://b.org/2",
    ]
    assert parse_url_list("http://a.org/1\nnot a url\n") is None
    assert parse_url_list("# sources, one a line\n") == []  # a sources file not filled yet
    assert parse_url_list("\n  \n") is None  # blank text is an (empty) input, not a list
    assert parse_url_list("# 标题\n正文第一段。\n") is None  # a Markdown heading is no URL list


def test_normal_form_dedupes_spellings():
    assert normalize_url("HTTP://Example.COM/a?b=2&a=1#frag") == normalize_url(
        "http://example.com/a?a=1&b=2"
    )
    assert normalize_url("http://127.0.0.1:8000") == "http://127.0.0.1:8000/"


def test_gzip_expansion_is_bounded():
    bomb = gzip.compress(bytes(MAX_LISTING_BYTES + 1024), compresslevel=1)
    with pytest.raises(ValueError, match="expands past"):
        unpack(bomb)


def test_listings_date_their_pages_by_lastmod_pubdate_or_updated():
    urlset = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>/a.html</loc><lastmod>2024-03-28T09:15:00+08:00</lastmod></url>"
        "<url><loc>/b.html</loc><lastmod>2024-03-27</lastmod></url>"
        "<url><loc>/c.html</loc></url><url><loc>/d.html</loc><lastmod>昨天</lastmod></url>"
        "</urlset>"
    )
    listing = read_listing(raw(urlset.encode()), BASE)
    assert listing is not None
    assert listing.modified == {
        f"{BASE}/a.html": datetime(2024, 3, 28, 1, 15, tzinfo=UTC),
        f"{BASE}/b.html": datetime(2024, 3, 27, tzinfo=UTC),  # a bare day is UTC midnight
    }  # no lastmod, or one that is no date: no date
    rss = (
        '<rss version="2.0"><channel><item><link>http://127.0.0.1:8000/e.html</link>'
        "<pubDate>Thu, 28 Mar 2024 09:00:00 +0800</pubDate></item></channel></rss>"
    )
    atom = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="/f.html"/>'
        "<published>2024-03-01T00:00:00Z</published><updated>2024-03-29T10:00:00Z</updated>"
        "</entry></feed>"
    )
    feed = read_listing(raw(rss.encode()), BASE)
    assert feed is not None
    assert feed.modified == {f"{BASE}/e.html": datetime(2024, 3, 28, 1, 0, tzinfo=UTC)}
    entry = read_listing(raw(atom.encode()), BASE)
    assert entry is not None  # an update is newer than the publication: it is what counts
    assert entry.modified == {f"{BASE}/f.html": datetime(2024, 3, 29, 10, 0, tzinfo=UTC)}
