"""WARC input end to end: a crawl file the test writes → articles, rejects and raw records."""

from __future__ import annotations

import hashlib
from io import BytesIO

import duckdb
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from flows.ingest import ingest
from warehouse.raw import raw_payload

pytestmark = pytest.mark.usefixtures("prefect_harness")

SENTENCE = (
    "科大讯飞和广东省韶关市政府签订战略合作协议，双方致力推动人工智能在智慧教育等领域全面落地。"
)


def page(title: str) -> str:
    body = "".join(f"<p>{SENTENCE}第{i}段。</p>" for i in range(4))
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"


def write_warc(path, responses: list[tuple[str, str, bytes, str]]) -> None:
    """Write response records (url, status line, payload, content type) plus one request record."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, status, payload, ctype in responses:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=BytesIO(payload), http_headers=headers
                )
            )
        request = StatusAndHeaders(
            "GET / HTTP/1.1", [("Host", "news.example.cn")], is_http_request=True
        )
        writer.write_record(
            writer.create_warc_record("http://news.example.cn/", "request", http_headers=request)
        )


def test_warc_records_become_articles_and_rejects(tmp_path):
    crawl = tmp_path / "crawl.warc.gz"
    utf8, gbk = page("韶关签约").encode(), page("韶关签约GBK").encode("gbk")
    write_warc(
        crawl,
        [
            ("http://news.example.cn/a.html", "200 OK", utf8, "text/html; charset=utf-8"),
            ("http://news.example.cn/b.html", "200 OK", gbk, "text/html; charset=GBK"),
            ("http://news.example.cn/gone.html", "404 Not Found", b"<p>not here</p>", "text/html"),
        ],
    )
    db = tmp_path / "w.duckdb"
    summary = ingest(sources=[str(crawl)], db_path=str(db))
    assert (summary.n_seen, summary.n_new, summary.n_rejected) == (3, 2, 1)
    with duckdb.connect(str(db), read_only=True) as con:
        articles = dict(con.execute("SELECT url, text FROM core.articles").fetchall())
        assert set(articles) == {"http://news.example.cn/a.html", "http://news.example.cn/b.html"}
        assert all(SENTENCE in text for text in articles.values())
        assert con.execute("SELECT source_uri, reason FROM ops.rejects").fetchall() == [
            ("http://news.example.cn/gone.html", "http_error")
        ]
        raw = con.execute("SELECT source_uri, encoding FROM raw.documents ORDER BY 1").fetchall()
        assert raw == [
            ("http://news.example.cn/a.html", "utf-8"),
            ("http://news.example.cn/b.html", "gb18030"),
        ]
    for body in (utf8, gbk):  # each record's payload, byte for byte
        assert raw_payload(str(db), hashlib.sha256(body).hexdigest()).content == body
