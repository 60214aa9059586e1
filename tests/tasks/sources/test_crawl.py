"""Crawl: URL sources expanded into page URLs against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from schemas import RejectReason, Stage
from tasks.sources.crawl import CrawlSettings, discover_urls
from tasks.web.client import Validators
from tests.httpserver import Route, Server
from tests.tasks.web.support import fast

XML = {"Content-Type": "application/xml"}
RSS = {"Content-Type": "application/rss+xml"}
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
PAGE = (
    '<html><head><meta charset="utf-8"><title>市教育局召开人工智能教育推进会_教育频道</title></head>'
    "<body><div class='nav'>首页 | 教育 | 科技</div><article><h1>市教育局召开人工智能教育推进会</h1>"
    "<p>会议要求各中小学在本学期开齐人工智能课程，建设一批智慧课堂示范校。</p></article></body></html>"
)


def settings(**crawl: int) -> CrawlSettings:
    """Loopback allowed, a tiny per-host delay, quick retries."""
    fetch = fast(per_host_delay=0.005, max_attempts=2, backoff_max=0.02)
    return CrawlSettings(fetch=fetch, **crawl)


def urlset(server: Server, *paths: str) -> bytes:
    locs = "".join(
        f"<url><loc>{server.base}{p}</loc><lastmod>2024-03-28</lastmod></url>" for p in paths
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="{SITEMAP_NS}">{locs}</urlset>'.encode()


def sitemap_index(server: Server, *paths: str) -> bytes:
    locs = "".join(f"<sitemap><loc>{server.base}{p}</loc></sitemap>" for p in paths)
    return f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="{SITEMAP_NS}">{locs}</sitemapindex>'.encode()


def rss(server: Server, *paths: str) -> bytes:
    items = "".join(
        f"<item><title>第{i}条</title><link>{server.base}{p}</link><pubDate>Thu, 28 Mar 2024 09:00:00 +0800</pubDate></item>"
        for i, p in enumerate(paths)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>教育频道</title>'
        f"<link>{server.base}/edu/</link>{items}</channel></rss>"
    ).encode()


def test_sitemap_index_expands_breadth_first_into_page_urls_without_fetching_pages(
    server: Server,
) -> None:
    server.route(
        "/sitemap.xml",
        Route(headers=XML, body=sitemap_index(server, "/sm-news.xml", "/sm-policy.xml")),
    )
    server.route(
        "/sm-news.xml", Route(headers=XML, body=urlset(server, "/news/1.html", "/news/2.html"))
    )
    server.route("/sm-policy.xml", Route(headers=XML, body=urlset(server, "/policy/1.html")))

    found = discover_urls([f"{server.base}/sitemap.xml"], settings(), {})

    assert found.page_urls == [
        f"{server.base}/news/1.html",
        f"{server.base}/news/2.html",
        f"{server.base}/policy/1.html",
    ]
    assert [r.url for r in found.fetched] == [
        f"{server.base}/sitemap.xml",
        f"{server.base}/sm-news.xml",
        f"{server.base}/sm-policy.xml",
    ]
    assert all(r.reject is None and r.raw is not None for r in found.fetched)
    assert found.pages == []
    # Listings only: the pages are left to the fetch batches.
    assert not [p for p in server.paths() if p.startswith(("/news/", "/policy/"))]
    # robots.txt is asked for once for the host, and its request is kept for the fetch log.
    assert len(server.hits("/robots.txt")) == 1
    assert [(a.url, a.status) for a in found.robots] == [(f"{server.base}/robots.txt", 404)]


def test_rss_feed_items_become_page_urls(server: Server) -> None:
    feed = server.route(
        "/edu/rss.xml", Route(headers=RSS, body=rss(server, "/edu/a.html", "/edu/b.html"))
    )

    found = discover_urls([feed], settings(), {})

    assert found.page_urls == [f"{server.base}/edu/a.html", f"{server.base}/edu/b.html"]
    assert found.fetched[0].raw is not None and found.pages == []


def test_a_url_given_twice_or_spelled_two_ways_is_fetched_once(server: Server) -> None:
    feed = server.route(
        "/edu/rss.xml", Route(headers=RSS, body=rss(server, "/edu/a.html", "/edu/b.html"))
    )
    sitemap = server.route(
        "/sitemap.xml", Route(headers=XML, body=urlset(server, "/edu/b.html", "/edu/a.html#top"))
    )

    found = discover_urls([feed, sitemap, feed, f"{feed}#latest"], settings(), {})

    assert len(server.hits("/edu/rss.xml")) == 1
    assert len(server.hits("/sitemap.xml")) == 1
    assert [r.url for r in found.fetched] == [feed, sitemap]
    # The sitemap names the feed's pages again (one with a fragment): each page is listed once.
    assert found.page_urls == [f"{server.base}/edu/a.html", f"{server.base}/edu/b.html"]


def test_max_listing_depth_stops_nested_sitemap_indexes(server: Server) -> None:
    server.route("/idx-0.xml", Route(headers=XML, body=sitemap_index(server, "/idx-1.xml")))
    server.route("/idx-1.xml", Route(headers=XML, body=sitemap_index(server, "/idx-2.xml")))
    server.route("/idx-2.xml", Route(headers=XML, body=sitemap_index(server, "/leaf.xml")))
    server.route("/leaf.xml", Route(headers=XML, body=urlset(server, "/news/deep.html")))
    seed = f"{server.base}/idx-0.xml"

    shallow = discover_urls([seed], settings(max_listing_depth=1), {})

    assert [r.url.removeprefix(server.base) for r in shallow.fetched] == [
        "/idx-0.xml",
        "/idx-1.xml",
    ]
    assert shallow.page_urls == []
    assert not server.hits("/idx-2.xml") and not server.hits("/leaf.xml")

    deep = discover_urls([seed], settings(max_listing_depth=3), {})

    assert [r.url.removeprefix(server.base) for r in deep.fetched] == [
        "/idx-0.xml",
        "/idx-1.xml",
        "/idx-2.xml",
        "/leaf.xml",
    ]
    assert deep.page_urls == [f"{server.base}/news/deep.html"]


def test_max_pages_caps_the_page_urls_taken_from_listings(server: Server) -> None:
    sitemap = server.route(
        "/sitemap.xml",
        Route(headers=XML, body=urlset(server, *(f"/news/{i}.html" for i in range(6)))),
    )
    feed = server.route("/rss.xml", Route(headers=RSS, body=rss(server, "/edu/x.html")))

    found = discover_urls([sitemap, feed], settings(max_pages=4), {})

    assert found.page_urls == [f"{server.base}/news/{i}.html" for i in range(4)]
    assert len(found.fetched) == 2  # the feed is still read; its page is over the cap


def test_a_given_page_is_returned_as_a_page_not_a_listing(server: Server) -> None:
    url = server.route(
        "/news/2024/0328/123.html",
        Route(headers={"Content-Type": "text/html; charset=utf-8"}, body=PAGE.encode()),
    )

    found = discover_urls([url], settings(), {})

    assert found.page_urls == []
    assert len(found.pages) == 1
    page = found.pages[0]
    assert page.source_uri == url
    assert page.content == PAGE.encode()
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert found.fetched[0].raw == page


def test_relative_locs_resolve_against_the_url_a_redirect_ended_at(server: Server) -> None:
    old = server.route("/old-sitemap.xml", Route(301, headers={"Location": "/maps/sitemap.xml"}))
    server.route(
        "/maps/sitemap.xml",
        Route(
            headers=XML,
            body=f'<urlset xmlns="{SITEMAP_NS}"><url><loc>edu/a.html</loc></url></urlset>'.encode(),
        ),
    )

    found = discover_urls([old], settings(), {})

    assert found.fetched[0].final_url == f"{server.base}/maps/sitemap.xml"
    assert found.page_urls == [f"{server.base}/maps/edu/a.html"]


def test_failed_listings_are_recorded_with_their_reject_and_the_rest_goes_on(
    server: Server,
) -> None:
    server.route(
        "/sitemap.xml", Route(headers=XML, body=sitemap_index(server, "/sm-gone.xml", "/sm-ok.xml"))
    )
    server.route("/sm-gone.xml", Route(404))
    server.route("/sm-ok.xml", Route(headers=XML, body=urlset(server, "/news/ok.html")))
    broken = server.route("/rss.xml", Route(500))

    found = discover_urls([f"{server.base}/sitemap.xml", broken], settings(), {})

    by_url = {r.url.removeprefix(server.base): r for r in found.fetched}
    assert set(by_url) == {"/sitemap.xml", "/rss.xml", "/sm-gone.xml", "/sm-ok.xml"}
    gone = by_url["/sm-gone.xml"]
    assert gone.raw is None and gone.reject is not None
    assert (gone.reject.stage, gone.reject.reason) == (Stage.FETCH, RejectReason.HTTP_ERROR)
    assert gone.reject.detail == "HTTP 404 Not Found"
    assert gone.reject.source_uri == f"{server.base}/sm-gone.xml"
    assert [a.status for a in gone.attempts] == [404]  # a 404 is not retried
    failed = by_url["/rss.xml"]
    assert failed.reject is not None and failed.reject.reason is RejectReason.HTTP_ERROR
    assert failed.reject.detail == "HTTP 500 Internal Server Error (after 2 attempts)"
    assert [a.status for a in failed.attempts] == [500, 500]
    assert found.page_urls == [f"{server.base}/news/ok.html"]


def test_a_known_page_is_asked_with_its_validators_and_answers_304(server: Server) -> None:
    url = server.route(
        "/news/known.html",
        Route(
            headers={"Content-Type": "text/html; charset=utf-8", "ETag": '"v7"'}, body=PAGE.encode()
        ),
    )

    found = discover_urls([url], settings(), {url: Validators(etag='"v7"')})

    [hit] = server.hits("/news/known.html")
    assert hit.headers["if-none-match"] == '"v7"'
    [result] = found.fetched
    assert result.not_modified and result.raw is None and result.reject is None
    assert [a.status for a in result.attempts] == [304]
    assert found.pages == [] and found.page_urls == []


def test_listings_are_polled_by_their_schedule_and_asked_with_their_validators(
    server: Server,
) -> None:
    from dataclasses import replace
    from datetime import timedelta

    from tests.tasks.web.support import START

    etag = {"ETag": '"feed-1"'} | RSS
    feed = server.route("/rss.xml", Route(headers=etag, body=rss(server, "/news/1.html")))
    index = server.route("/sitemap.xml", Route(headers=XML, body=sitemap_index(server, "/sm.xml")))
    server.route("/sm.xml", Route(headers=XML, body=urlset(server, "/news/1.html")))

    first = discover_urls([feed, index], settings(), {}, {}, START)
    states = {s.url: s for s in first.states}
    assert {u.rsplit("/", 1)[1]: s.kind for u, s in states.items()} == {
        "rss.xml": "listing",
        "sitemap.xml": "listing",
        "sm.xml": "listing",
    }
    assert states[f"{server.base}/sm.xml"].listed_in == index
    assert states[feed].etag == '"feed-1"' and states[feed].last_new_at == START
    # /news/1.html is new to the warehouse: news from the sitemap too, though the feed came first
    assert states[f"{server.base}/sm.xml"].last_new_at == START
    assert first.listed[f"{server.base}/news/1.html"].listing == feed

    hits = len(server.paths())
    soon = discover_urls([feed, index], settings(), {}, states, START + timedelta(minutes=5))
    assert server.paths()[hits:] == []  # nothing is due yet
    assert soon.considered == {feed, index, f"{server.base}/sm.xml"}  # the index's child too
    assert soon.page_urls == [] and soon.states == []

    forced = discover_urls([feed], replace(settings(), force=True), {}, states, START)
    [hit] = server.hits("/rss.xml")[1:]
    assert hit.headers["if-none-match"] == '"feed-1"'  # asked conditionally: 304
    [polled] = forced.states
    assert polled.next_check_at == START + 2 * (states[feed].next_check_at - START)  # type: ignore[operator]
    assert forced.page_urls == []
