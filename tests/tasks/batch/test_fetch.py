"""Fetch batches against a real HTTP server on 127.0.0.1: pages returned, the rest spooled."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pyarrow.parquet as pq

from tasks.batch.fetch import PageSchedule, fetch_pages, spool_fetches
from tasks.load.spool import TABLES
from tasks.sources.crawl import CrawlSettings, discover_urls
from tasks.web.client import Validators
from tests.httpserver import Route, Server
from tests.tasks.web.support import START, fast

HTML = {"Content-Type": "text/html; charset=utf-8"}
PAGE_A = (
    '<html><head><meta charset="utf-8"><title>市教育局部署人工智能教育试点_教育频道</title></head><body>'
    "<div class='nav'>首页 | 教育 | 科技</div><article><h1>市教育局部署人工智能教育试点</h1>"
    "<p>市教育局日前印发通知，确定二十所中小学为人工智能教育试点学校，试点为期两年。</p></article></body></html>"
)
PAGE_B = (
    '<html><head><meta charset="utf-8"><title>职业院校建设智能制造实训基地_教育频道</title></head><body>'
    "<article><h1>职业院校建设智能制造实训基地</h1>"
    "<p>市职业技术学院与本地企业合作建设智能制造实训基地，年内可容纳八百名学生实训。</p></article></body></html>"
)


def crawl_settings() -> CrawlSettings:
    """Loopback allowed, a tiny per-host delay, three quick tries."""
    return CrawlSettings(fetch=fast(per_host_delay=0.005, max_attempts=3, backoff_max=0.02))


def rows(spool: Path, stem: str, table: str) -> list[dict[str, object]]:
    return pq.read_table(spool / f"{stem}.{table}.parquet").to_pylist()


def serve_batch(server: Server) -> dict[str, str]:
    """A page, a page behind one 503, a 404, a known page, an empty page, a host that stays down."""
    return {
        "page": server.route("/news/a.html", Route(headers=HTML, body=PAGE_A.encode())),
        "flaky": server.route(
            "/news/b.html", Route(503), Route(headers=HTML, body=PAGE_B.encode())
        ),
        "gone": server.route("/news/gone.html", Route(404)),
        "known": server.route(
            "/news/known.html", Route(headers={**HTML, "ETag": '"k1"'}, body=PAGE_A.encode())
        ),
        "empty": server.route("/news/empty.html", Route(headers=HTML, body=b"  \n")),
        "down": server.route("/news/down.html", Route(503)),
    }


def test_fetch_pages_returns_the_pages_and_spools_every_attempt_reject_and_304(
    server: Server, tmp_path: Path
) -> None:
    urls = serve_batch(server)
    spool = tmp_path / "spool"
    validators = {
        urls["known"]: Validators(etag='"k1"'),
        "http://127.0.0.1:1/elsewhere": Validators(etag='"x"'),
    }

    pages = fetch_pages(
        7, list(urls.values()), str(spool), crawl_settings(), validators, PageSchedule(START)
    )

    assert [p.source_uri for p in pages] == [urls["page"], urls["flaky"]]
    assert pages[0].content == PAGE_A.encode() and pages[1].content == PAGE_B.encode()
    assert {f.name for f in spool.iterdir()} == {f"fetch-00007.{t}.parquet" for t in TABLES} | {
        "fetch-00007.done"
    }

    log = rows(spool, "fetch-00007", "fetch_log")
    robots = [r for r in log if r["kind"] == "robots"]
    assert [(r["url"], r["status"]) for r in robots] == [(f"{server.base}/robots.txt", 404)]
    log = [r for r in log if r["kind"] != "robots"]
    kinds = {r["requested_url"]: r["kind"] for r in log}
    assert kinds.pop(urls["known"]) == "recheck" and set(kinds.values()) == {"page"}
    seen = [(r["requested_url"], r["attempt"], r["status"]) for r in log]
    assert sorted(seen, key=str) == sorted(
        [
            (urls["page"], 1, 200),
            (urls["flaky"], 1, 503),
            (urls["flaky"], 2, 200),
            (urls["gone"], 1, 404),
            (urls["known"], 1, 304),
            (urls["empty"], 1, 200),
            (urls["down"], 1, 503),
            (urls["down"], 2, 503),
            (urls["down"], 3, 503),
        ],
        key=str,
    )
    assert all(r["url"] == r["requested_url"] for r in log)
    flaky_ok = next(r for r in log if r["requested_url"] == urls["flaky"] and r["status"] == 200)
    assert flaky_ok["bytes"] == len(PAGE_B.encode()) and flaky_ok["error"] is None
    assert (
        next(r for r in log if r["requested_url"] == urls["gone"])["error"] == "HTTP 404 Not Found"
    )
    # The known page was asked conditionally, and only it.
    assert server.hits("/news/known.html")[0].headers["if-none-match"] == '"k1"'
    assert "if-none-match" not in server.hits("/news/a.html")[0].headers

    rejects = {r["source_uri"]: r for r in rows(spool, "fetch-00007", "rejects")}
    assert {u: (r["stage"], r["reason"]) for u, r in rejects.items()} == {
        urls["gone"]: ("fetch", "http_error"),
        urls["empty"]: ("fetch", "empty"),
        urls["down"]: ("fetch", "http_error"),
    }
    assert rejects[urls["down"]]["detail"] == "HTTP 503 Service Unavailable (after 3 attempts)"
    assert rows(spool, "fetch-00007", "not_modified") == [{"source_uri": urls["known"]}]
    # Pages go on to the process stage, which writes their documents; the empty body is kept here.
    documents = rows(spool, "fetch-00007", "documents")
    assert [d["source_uri"] for d in documents] == [urls["empty"]]
    payloads = rows(spool, "fetch-00007", "payloads")
    assert [(p["sha256"], p["content"]) for p in payloads] == [(documents[0]["sha256"], b"  \n")]
    assert rows(spool, "fetch-00007", "articles") == []
    # Every page's crawl state: answered, retried by a later run (503), or failed for good.
    states = {
        r["url"]: (r["status"], r["next_check_at"]) for r in rows(spool, "fetch-00007", "url_state")
    }
    hour, day = timedelta(hours=1), timedelta(days=1)
    assert states == {
        urls["page"]: ("ok", START + hour),
        urls["flaky"]: ("ok", START + hour),
        urls["known"]: ("ok", START + hour),
        urls["gone"]: ("failed", None),
        urls["empty"]: ("failed", None),
        urls["down"]: ("retrying", START + day),
    }


def test_spool_fetches_logs_robots_requests_and_keeps_listings_but_not_pages(
    server: Server, tmp_path: Path
) -> None:
    sitemap_body = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{server.base}/news/b.html</loc></url></urlset>"
    ).encode()
    sitemap = server.route(
        "/sitemap.xml", Route(headers={"Content-Type": "application/xml"}, body=sitemap_body)
    )
    page = server.route("/news/a.html", Route(headers=HTML, body=PAGE_A.encode()))
    server.route(
        "/robots.txt",
        Route(headers={"Content-Type": "text/plain"}, body=b"User-agent: *\nDisallow: /admin/\n"),
    )
    found = discover_urls([sitemap, page], crawl_settings(), {})

    spool_fetches(str(tmp_path), "discover", found.fetched, found.robots, found.pages)

    log = rows(tmp_path, "discover", "fetch_log")
    assert [(r["kind"], r["url"], r["status"]) for r in log if r["kind"] == "robots"] == [
        ("robots", f"{server.base}/robots.txt", 200)
    ]
    assert sorted((r["requested_url"], r["status"]) for r in log if r["kind"] == "page") == sorted(
        [(sitemap, 200), (page, 200)]
    )
    documents = rows(tmp_path, "discover", "documents")
    assert [d["source_uri"] for d in documents] == [sitemap]
    assert [p["content"] for p in rows(tmp_path, "discover", "payloads")] == [sitemap_body]
    assert documents[0]["encoding"] is None  # listings are not decoded
    assert rows(tmp_path, "discover", "rejects") == []
    assert rows(tmp_path, "discover", "not_modified") == []


def test_every_request_of_a_fetch_batch_is_a_fetch_log_row(server: Server, tmp_path: Path) -> None:
    url = server.route("/news/a.html", Route(body=PAGE_A.encode()))

    fetch_pages(1, [url], str(tmp_path), crawl_settings(), {}, PageSchedule(START))

    log = rows(tmp_path, "fetch-00001", "fetch_log")
    assert sorted(r["url"].removeprefix(server.base) for r in log) == sorted(server.paths())
    assert sorted(r["kind"] for r in log) == ["page", "robots"]
