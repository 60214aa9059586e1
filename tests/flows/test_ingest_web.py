"""Web ingest end to end: a site on 127.0.0.1 (pages in three charsets, sitemaps, a feed,
robots.txt, faults) → DuckDB, then a second run answered by conditional GET."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from edunews.cli import app
from flows.ingest import ingest
from tasks.web.client import FetchSettings
from tests.httpserver import Route, Server

pytestmark = pytest.mark.usefixtures("prefect_harness")

FAST = FetchSettings(
    per_host_delay=0.0, backoff_base=0.01, backoff_max=0.05, read_timeout=2.0, connect_timeout=2.0
)
ZH_SIMPLIFIED = (
    "科大讯飞和广东省韶关市政府签订战略合作协议，双方致力推动人工智能在智慧教育等领域全面落地。"
)
ZH_TRADITIONAL = (
    "蚌埠市全國智慧教育示範區建設推進會在江淮智慧教育研究院成功舉辦，活動旨在總結建設成果。"
)


def page(title: str, sentence: str, charset: str | None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{sentence}第{i}段。</p>" for i in range(5))
    return f"<html><head>{meta}<title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"


def build_site(server: Server) -> dict[str, str]:
    """Serve pages (UTF-8, GBK, Big5, declared or not), listings, robots.txt and faults."""
    pages = {
        "/news/utf8.html": (
            page("韶关签约", ZH_SIMPLIFIED, "utf-8"),
            "utf-8",
            "text/html; charset=utf-8",
        ),
        "/news/gbk-header.html": (
            page("韶关签约GBK", ZH_SIMPLIFIED, None),
            "gbk",
            "text/html; charset=GBK",
        ),
        "/news/gbk-undeclared.html": (
            page("韶关签约无声明", ZH_SIMPLIFIED, None),
            "gbk",
            "text/html",
        ),
        "/news/big5-meta.html": (page("蚌埠推進會", ZH_TRADITIONAL, "big5"), "big5", "text/html"),
        "/news/big5-undeclared.html": (
            page("蚌埠推進會無聲明", ZH_TRADITIONAL, None),
            "big5",
            "text/html",
        ),
    }
    for path, (html, codec, ctype) in pages.items():
        server.route(
            path,
            Route(headers={"Content-Type": ctype, "ETag": f'"{path}-v1"'}, body=html.encode(codec)),
        )
    server.route(
        "/news/flaky.html",
        Route(500),
        Route(
            headers={"Content-Type": "text/html", "ETag": '"flaky"'},
            body=page("恢复", ZH_SIMPLIFIED, "utf-8").encode(),
        ),
    )
    server.route(
        "/news/busy.html",
        Route(429, headers={"Retry-After": "1"}),
        Route(
            headers={"Content-Type": "text/html", "ETag": '"busy"'},
            body=page("稍后", ZH_SIMPLIFIED, "utf-8").encode(),
        ),
    )
    server.route(
        "/news/private/secret.html", Route(body=page("内部", ZH_SIMPLIFIED, "utf-8").encode())
    )
    server.route(
        "/robots.txt",
        Route(
            headers={"Content-Type": "text/plain"},
            body=b"User-agent: *\nDisallow: /news/private/\n",
        ),
    )
    urls = [
        *pages,
        "/news/flaky.html",
        "/news/busy.html",
        "/news/private/secret.html",
        "/news/missing.html",
    ]
    sitemap = "".join(f"<url><loc>{server.base}{p}</loc></url>" for p in urls[:5] + urls[6:])
    server.route(
        "/sitemap-a.xml",
        Route(
            headers={"Content-Type": "application/xml"},
            body=f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{sitemap}</urlset>'.encode(),
        ),
    )
    server.route(
        "/sitemap-b.txt.gz",
        Route(
            headers={"Content-Type": "application/x-gzip"},
            body=gzip.compress(
                f"{server.base}/news/flaky.html\n{server.base}/news/utf8.html?\n".encode()
            ),
        ),
    )
    index = "".join(
        f"<sitemap><loc>{server.base}{p}</loc></sitemap>"
        for p in ("/sitemap-a.xml", "/sitemap-b.txt.gz")
    )
    server.route(
        "/sitemap.xml",
        Route(
            headers={"Content-Type": "application/xml"},
            body=f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{index}</sitemapindex>'.encode(),
        ),
    )
    items = "".join(
        f"<item><title>t</title><link>{server.base}{p}</link></item>"
        for p in ("/news/utf8.html", "/news/busy.html")
    )
    server.route(
        "/feed.xml",
        Route(
            headers={"Content-Type": "application/rss+xml"},
            body=f'<?xml version="1.0"?><rss version="2.0"><channel><title>教育</title>{items}</channel></rss>'.encode(),
        ),
    )
    return {path: html for path, (html, _, _) in pages.items()}


def query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_site_is_ingested_once_in_every_charset_then_answered_by_304(server: Server, tmp_path):
    build_site(server)
    db = tmp_path / "w.duckdb"
    sources = [f"{server.base}/sitemap.xml", f"{server.base}/feed.xml"]
    first = ingest(sources=sources, db_path=str(db), allow_private=True, fetch=FAST)

    articles = dict(
        query(db, "SELECT regexp_extract(source_uri, '/news/.*$'), text FROM core.articles")
    )
    assert set(articles) == {
        "/news/utf8.html",
        "/news/gbk-header.html",
        "/news/gbk-undeclared.html",
        "/news/big5-meta.html",
        "/news/big5-undeclared.html",
        "/news/flaky.html",
        "/news/busy.html",
    }  # every good page exactly once, though the feed and both sitemaps list some of them
    for path, text in articles.items():
        expected = ZH_TRADITIONAL if "big5" in path else ZH_SIMPLIFIED
        assert expected in text, path
    encodings = dict(
        query(db, "SELECT regexp_extract(source_uri, '/news/.*$'), encoding FROM core.articles")
    )
    assert (
        encodings["/news/gbk-undeclared.html"] == "gb18030"
        and encodings["/news/big5-undeclared.html"] == "big5hkscs"
    )
    assert "/news/private/secret.html" not in server.paths()  # robots.txt obeyed
    rejects = dict(
        query(db, "SELECT regexp_extract(source_uri, '/news/.*$'), reason FROM ops.rejects")
    )
    assert rejects == {
        "/news/private/secret.html": "robots_disallowed",
        "/news/missing.html": "http_error",
    }
    assert (first.n_new, first.n_rejected, first.n_seen) == (7, 2, 9)
    statuses = query(
        db,
        "SELECT status, count(*) FROM ops.fetch_log WHERE url LIKE '%flaky%' GROUP BY 1 ORDER BY 1",
    )
    assert statuses == [(200, 1), (500, 1)]  # the transient fault was retried and recovered
    listings = {
        r[0].rsplit("/", 1)[1]
        for r in query(
            db, "SELECT source_uri FROM raw.documents WHERE source_uri NOT LIKE '%/news/%'"
        )
    }
    assert listings == {
        "sitemap.xml",
        "sitemap-a.xml",
        "sitemap-b.txt.gz",
        "feed.xml",
    }  # raw bytes kept

    hits_before = len(server.paths())
    second = ingest(sources=sources, db_path=str(db), allow_private=True, fetch=FAST)
    assert server.paths()[hits_before:] == []  # listings not due, no page new or due
    assert (second.n_new, second.n_requests, second.n_rejected) == (0, 0, 0)

    hits_before = len(server.paths())
    later = datetime.now(UTC) + timedelta(hours=2)  # listings due again, pages' first recheck
    third = ingest(sources=sources, db_path=str(db), allow_private=True, fetch=FAST, now=later)
    assert (third.n_new, third.n_updated, third.n_not_modified) == (0, 0, 7)
    page_hits = [p for p in server.paths()[hits_before:] if p.startswith("/news/")]
    assert sorted(page_hits) == sorted(articles)  # one conditional GET each; 404 not retried
    not_modified = query(
        db, f"SELECT count(*) FROM ops.fetch_log WHERE run_id = '{third.run_id}' AND status = 304"
    )[0][0]
    assert not_modified == third.n_responses_304 == 7
    assert third.n_recheck_requests == 7 and third.n_new_page_requests == 0
    assert query(db, "SELECT count(*) FROM core.articles")[0][0] == 7


def test_loopback_is_refused_without_allow_private(server: Server, tmp_path):
    url = server.route("/news/a.html", Route(body=page("韶关", ZH_SIMPLIFIED, "utf-8").encode()))
    result = CliRunner().invoke(app, ["ingest", url, "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2
    assert "loopback" in result.output and "--allow-private" in result.output
    assert server.paths() == []  # not even robots.txt
    assert not (tmp_path / "w.duckdb").exists()


def test_url_list_file_is_a_source(server: Server, tmp_path):
    url = server.route("/news/a.html", Route(body=page("韶关", ZH_SIMPLIFIED, "utf-8").encode()))
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# today's pages\n{url}\n\n{url}#again\n", encoding="utf-8")
    summary = ingest(
        sources=[str(listing)], db_path=str(tmp_path / "w.duckdb"), allow_private=True, fetch=FAST
    )
    assert (summary.n_new, summary.n_rejected) == (1, 0)
    assert query(tmp_path / "w.duckdb", "SELECT url FROM core.articles") == [(url,)]


def test_refresh_updates_changed_pages_and_keeps_versions(server: Server, tmp_path):
    from flows.refresh import refresh

    one = server.route(
        "/news/one.html",
        Route(
            headers={"Content-Type": "text/html", "ETag": '"1"'},
            body=page("一", ZH_SIMPLIFIED, "utf-8").encode(),
        ),
    )
    two = server.route(
        "/news/two.html",
        Route(
            headers={"Content-Type": "text/html", "ETag": '"2"'},
            body=page("二", ZH_SIMPLIFIED, "utf-8").encode(),
        ),
    )
    db = tmp_path / "w.duckdb"
    ingest(sources=[one, two], db_path=str(db), allow_private=True, fetch=FAST)
    server.route(
        "/news/two.html",
        Route(
            headers={"Content-Type": "text/html", "ETag": '"2b"'},
            body=page(
                "二", "新版本的正文内容，介绍智慧课堂建设的最新进展和成果。", "utf-8"
            ).encode(),
        ),
    )
    later = datetime.now(UTC) + timedelta(hours=2)  # both pages' first recheck is due
    summary = refresh(db_path=str(db), allow_private=True, fetch=FAST, now=later)
    assert (summary.flow, summary.n_new, summary.n_updated, summary.n_not_modified) == (
        "refresh",
        0,
        1,
        1,
    )
    assert query(db, "SELECT version FROM core.articles WHERE source_uri LIKE '%two.html'") == [
        (2,)
    ]
    assert query(db, "SELECT count(*) FROM core.article_versions")[0][0] == 1
    assert query(db, "SELECT flow FROM ops.runs ORDER BY run_id") == [("ingest",), ("refresh",)]


def test_failed_url_is_retried_from_rejects(server: Server, tmp_path):
    url = server.route("/news/down.html", Route(503))
    db = tmp_path / "w.duckdb"
    first = ingest(sources=[url], db_path=str(db), allow_private=True, fetch=FAST)
    assert first.n_rejected == 1
    assert query(db, "SELECT reason FROM ops.rejects") == [("http_error",)]
    server.route(
        "/news/down.html",
        Route(
            headers={"Content-Type": "text/html"},
            body=page("恢复", ZH_SIMPLIFIED, "utf-8").encode(),
        ),
    )
    result = CliRunner().invoke(app, ["rejects", "--retry", "--allow-private", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert query(db, "SELECT url FROM core.articles") == [(url,)]
