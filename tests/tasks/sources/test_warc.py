import gzip
import hashlib
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from schemas import RawDocument, Reject, RejectReason, Stage
from tasks.sources.files import ReadSettings
from tasks.sources.warc import is_warc, read_warc

UTF8_HTML = "<html><head><title>人工智能进课堂</title></head><body><p>教育部发布人工智能教育指南。</p></body></html>".encode()
GBK_HTML = "<html><head><title>智慧教育</title></head><body><p>科大讯飞推出AI学习机。</p></body></html>".encode(
    "gbk"
)
CHUNKED_HTML = "<html><body><p>分块传输、gzip 压缩的新闻正文。</p></body></html>".encode()
DATE = "2024-05-01T08:30:00Z"


def _response(
    writer: WARCWriter,
    uri: str,
    body: bytes,
    headers: list[tuple[str, str]],
    status: str = "200 OK",
    date: str = DATE,
):
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    return writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )


def _chunked_gzip(body: bytes) -> bytes:
    packed = gzip.compress(body)
    half = len(packed) // 2
    parts = (packed[:half], packed[half:])
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


def _write(path: Path, records, *, gz: bool) -> Path:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for make in records:
            writer.write_record(make(writer))
    return path


def _crawl(writer: WARCWriter) -> list:
    """The records of a small crawl: warcinfo, request, three pages, a 404."""
    request = StatusAndHeaders(
        "GET /a HTTP/1.1", [("Host", "news.example.cn")], is_http_request=True
    )
    return [
        writer.create_warcinfo_record("crawl.warc", {"software": "edunews-tests"}),
        writer.create_warc_record("http://news.example.cn/a", "request", http_headers=request),
        _response(
            writer,
            "http://news.example.cn/a",
            UTF8_HTML,
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Set-Cookie", "a=1"),
                ("Set-Cookie", "b=2"),
            ],
        ),
        _response(
            writer,
            "http://news.example.cn/b",
            GBK_HTML,
            [("Content-Type", "text/html; charset=GBK")],
        ),
        _response(
            writer,
            "http://news.example.cn/c",
            _chunked_gzip(CHUNKED_HTML),
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Encoding", "gzip"),
                ("Transfer-Encoding", "chunked"),
            ],
        ),
        _response(
            writer,
            "http://news.example.cn/missing",
            b"<html>not here</html>",
            [("Content-Type", "text/html")],
            status="404 Not Found",
        ),
    ]


def _write_crawl(path: Path, *, gz: bool) -> Path:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for record in _crawl(writer):
            writer.write_record(record)
    return path


def _split(outcome: list) -> tuple[list[RawDocument], list[Reject]]:
    docs = [o for o in outcome if isinstance(o, RawDocument)]
    rejects = [o for o in outcome if isinstance(o, Reject)]
    assert len(docs) + len(rejects) == len(outcome)
    return docs, rejects


def _offsets(path: Path) -> list[tuple[int, int]]:
    with path.open("rb") as handle:
        records = ArchiveIterator(handle)
        return [(records.get_record_offset(), records.get_record_length()) for _ in records]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_reads_each_2xx_response_and_skips_other_records(tmp_path, name):
    path = _write_crawl(tmp_path / name, gz=name.endswith(".gz"))
    docs, rejects = _split(list(read_warc(path, ReadSettings())))

    assert [d.source_uri for d in docs] == [
        "http://news.example.cn/a",
        "http://news.example.cn/b",
        "http://news.example.cn/c",
    ]
    assert [d.content for d in docs] == [UTF8_HTML, GBK_HTML, CHUNKED_HTML]
    for doc in docs:
        assert doc.is_complete and doc.size == len(doc.content)
        assert doc.sha256 == hashlib.sha256(doc.content).hexdigest()
        assert doc.fetched_at == datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
        assert doc.headers["warc-date"] == DATE
        assert doc.headers["warc-record-id"].startswith("<urn:uuid:")
        assert doc.headers["x-warc-file"] == str(path)
        assert all(key == key.lower() for key in doc.headers)
    assert docs[0].headers["content-type"] == "text/html; charset=utf-8"
    assert docs[0].headers["set-cookie"] == "a=1, b=2"
    assert docs[1].headers["content-type"] == "text/html; charset=GBK"
    assert len({d.headers["warc-record-id"] for d in docs}) == 3

    [reject] = rejects
    assert reject.source_uri == "http://news.example.cn/missing"
    assert reject.stage is Stage.READ and reject.reason is RejectReason.HTTP_ERROR
    assert "404 Not Found" in reject.detail and "WARC record 6" in reject.detail


def test_chunked_gzip_payload_comes_back_dechunked_and_decompressed(tmp_path):
    path = _write_crawl(tmp_path / "crawl.warc", gz=False)
    assert _chunked_gzip(CHUNKED_HTML) in path.read_bytes()  # stored on the wire form
    docs, _ = _split(list(read_warc(path, ReadSettings())))
    chunked = next(d for d in docs if d.source_uri.endswith("/c"))
    assert chunked.content == CHUNKED_HTML
    assert chunked.headers["content-encoding"] == "gzip"  # as archived, like the fetch stage


def test_oversized_payload_keeps_a_head_sample_and_is_rejected(tmp_path):
    big = b"<html><body>" + "教育".encode() * 1000 + b"</body></html>"
    path = _write(
        tmp_path / "big.warc.gz",
        [
            lambda w: _response(
                w, "http://news.example.cn/big", big, [("Content-Type", "text/html")]
            )
        ],
        gz=True,
    )
    raw, reject = list(read_warc(path, ReadSettings(max_bytes=1000, head_bytes=100)))
    assert isinstance(raw, RawDocument) and isinstance(reject, Reject)
    assert raw.content == big[:100] and not raw.is_complete
    assert raw.size == len(big) and raw.sha256 == hashlib.sha256(big).hexdigest()
    assert reject.reason is RejectReason.TOO_LARGE and reject.stage is Stage.READ
    assert reject.source_uri == raw.source_uri and reject.raw_sha256 == raw.sha256
    assert "http://news.example.cn/big" in reject.detail and f"{len(big)} bytes" in reject.detail


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_truncated_archive_yields_what_was_read_then_a_reject(tmp_path, name):
    records = [
        lambda w: _response(
            w, "http://news.example.cn/a", UTF8_HTML, [("Content-Type", "text/html")]
        ),
        lambda w: _response(
            w, "http://news.example.cn/b", GBK_HTML, [("Content-Type", "text/html")]
        ),
    ]
    path = _write(tmp_path / name, records, gz=name.endswith(".gz"))
    (_, _), (second, length) = _offsets(path)
    path.write_bytes(path.read_bytes()[: second + length // 2])

    doc, reject = list(read_warc(path, ReadSettings()))
    assert isinstance(doc, RawDocument) and doc.content == UTF8_HTML
    assert isinstance(reject, Reject)
    assert reject.reason is RejectReason.UNREADABLE and reject.stage is Stage.READ
    assert reject.source_uri == str(path)
    assert f"WARC record 2 at offset {second}" in reject.detail


@pytest.mark.parametrize("gz", [False, True])
def test_no_cut_point_raises_or_yields_a_partial_document(tmp_path, gz):
    path = _write_crawl(tmp_path / "crawl.warc", gz=gz)
    data = path.read_bytes()
    whole = {
        r.source_uri: r.content
        for r in read_warc(path, ReadSettings())
        if isinstance(r, RawDocument)
    }
    ends = {offset + length for offset, length in _offsets(path)}
    slack = 0 if gz else 4  # plain WARCs: the blank lines after a record are outside its length
    cut_path = tmp_path / "cut.warc"
    for cut in range(1, len(data), 3):
        cut_path.write_bytes(data[:cut])
        docs, rejects = _split(list(read_warc(cut_path, ReadSettings())))
        assert all(whole[d.source_uri] == d.content for d in docs), cut
        broken = [r for r in rejects if r.reason is RejectReason.UNREADABLE]
        # a cut exactly between records (plain WARCs: inside the blank lines) looks complete
        if not any(end <= cut <= end + slack for end in ends):
            assert len(broken) == 1 and broken[0].source_uri == str(cut_path), cut


def test_records_that_are_not_inputs_are_skipped(tmp_path):
    def revisit(w):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        return w.create_revisit_record(
            "http://news.example.cn/a",
            "sha1:AAAA",
            "http://news.example.cn/a",
            DATE,
            http_headers=http,
        )

    def metadata(w):
        body = b"via: http://news.example.cn/\r\n"
        return w.create_warc_record(
            "http://news.example.cn/a", "metadata", payload=io.BytesIO(body), length=len(body)
        )

    path = _write(tmp_path / "other.warc", [revisit, metadata], gz=False)
    assert list(read_warc(path, ReadSettings())) == []


def test_empty_and_undecodable_payloads_are_rejected(tmp_path):
    html = [("Content-Type", "text/html")]
    cut_gzip = gzip.compress(UTF8_HTML * 50)[:-40]
    records = [
        lambda w: _response(w, "http://x.cn/empty", b"", html),
        lambda w: _response(w, "http://x.cn/blank", b" \r\n ", html),
        lambda w: _response(
            w, "http://x.cn/zstd", b"\x28\xb5\x2f\xfd", [*html, ("Content-Encoding", "zstd")]
        ),
        lambda w: _response(w, "http://x.cn/cut", cut_gzip, [*html, ("Content-Encoding", "gzip")]),
        lambda w: _response(
            w, "http://x.cn/ok", UTF8_HTML, html, status="203 Non-Authoritative Information"
        ),
    ]
    path = _write(tmp_path / "odd.warc.gz", records, gz=True)
    outcome = list(read_warc(path, ReadSettings()))
    got = [(o.source_uri, type(o).__name__, getattr(o, "reason", None)) for o in outcome]
    assert got == [
        ("http://x.cn/empty", "Reject", RejectReason.EMPTY),
        ("http://x.cn/blank", "RawDocument", None),
        ("http://x.cn/blank", "Reject", RejectReason.EMPTY),
        ("http://x.cn/zstd", "Reject", RejectReason.BAD_CONTENT_ENCODING),
        ("http://x.cn/cut", "Reject", RejectReason.BAD_CONTENT_ENCODING),
        ("http://x.cn/ok", "RawDocument", None),
    ]
    assert outcome[1].content == b" \r\n " and outcome[2].raw_sha256 == outcome[1].sha256


def test_redirect_reject_names_the_target_and_dates_are_utc(tmp_path):
    records = [
        lambda w: _response(
            w,
            "http://x.cn/old",
            b"",
            [("Location", "http://x.cn/new")],
            status="301 Moved Permanently",
        ),
        lambda w: _response(
            w, "http://x.cn/new", UTF8_HTML, [], date="2024-05-01T16:30:00.123456+08:00"
        ),
    ]
    path = _write(tmp_path / "redirect.warc", records, gz=False)
    reject, doc = list(read_warc(path, ReadSettings()))
    assert isinstance(reject, Reject) and reject.reason is RejectReason.HTTP_ERROR
    assert "301 Moved Permanently to http://x.cn/new" in reject.detail
    assert isinstance(doc, RawDocument)
    assert doc.fetched_at == datetime(2024, 5, 1, 8, 30, 0, 123456, tzinfo=UTC)
    assert doc.fetched_at.tzinfo is UTC


def test_bad_input_is_a_reject_never_an_exception(tmp_path):
    garbage = tmp_path / "garbage.warc"
    garbage.write_bytes(b"WARC/1.0\r\nthis is not a header block\r\n\r\n\x00\x01 junk")
    missing = tmp_path / "missing.warc"
    html = tmp_path / "page.html"
    html.write_bytes(UTF8_HTML)
    for path, reason in [
        (garbage, RejectReason.UNREADABLE),
        (missing, RejectReason.NOT_FOUND),
        (html, RejectReason.UNREADABLE),
    ]:
        [reject] = list(read_warc(path, ReadSettings()))
        assert isinstance(reject, Reject) and reject.reason is reason, path
        assert reject.source_uri == str(path) and reject.stage is Stage.READ


def test_is_warc_looks_at_content_not_names(tmp_path):
    plain = _write_crawl(tmp_path / "crawl.warc", gz=False)
    packed = _write_crawl(tmp_path / "crawl.warc.gz", gz=True)
    renamed = tmp_path / "archive.bin"
    renamed.write_bytes(packed.read_bytes())
    v11 = tmp_path / "v11.warc"
    with v11.open("wb") as out:
        writer = WARCWriter(out, gzip=False, warc_version="1.1")
        writer.write_record(writer.create_warcinfo_record("v11.warc", {"software": "t"}))
    html = tmp_path / "page.warc"  # a misleading name
    html.write_bytes(UTF8_HTML)
    html_gz = tmp_path / "page.html.gz"
    html_gz.write_bytes(gzip.compress(UTF8_HTML))
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    broken_gz = tmp_path / "broken.warc.gz"
    broken_gz.write_bytes(b"\x1f\x8b\x08\x00garbage")

    assert v11.read_bytes().startswith(b"WARC/1.1\r\n")
    assert all(is_warc(p) for p in (plain, packed, renamed, v11))
    assert not any(
        is_warc(p) for p in (html, html_gz, empty, broken_gz, tmp_path / "nope", tmp_path)
    )
