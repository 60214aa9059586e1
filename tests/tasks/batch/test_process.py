"""Process batches: files on disk (HTML in two charsets, empty, binary, WARC) → spool files."""

from __future__ import annotations

import hashlib
import io
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from schemas import Article, RawDocument, Reject, RejectReason, SourceRef, Stage
from tasks.batch.processing import process_batch, process_source
from tasks.batch.work import ProcessSettings
from tasks.load.enrichment_rows import ENRICH_TABLES
from tasks.load.spool import TABLES

PORTAL_HTML = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>岭南市教育局与本地人工智能企业签署智慧教育合作协议_教育频道_岭南新闻网</title>
<meta name="keywords" content="智慧教育,人工智能,教育局">
<meta name="description" content="岭南市教育局与岭南智学科技有限公司签署智慧教育战略合作协议。">
</head>
<body>
<div class="top-bar"><a href="/">岭南新闻网首页</a> | <a href="/login">登录</a> | <a href="/app">客户端下载</a></div>
<div class="nav"><ul>
<li><a href="/">首页</a></li><li><a href="/news/">时政</a></li><li><a href="/edu/">教育</a></li>
<li><a href="/tech/">科技</a></li><li><a href="/finance/">财经</a></li><li><a href="/video/">视频</a></li>
</ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/edu/">教育频道</a> &gt; 正文</div>
<div class="main">
<h1>岭南市教育局与本地人工智能企业签署智慧教育合作协议</h1>
<div class="info">2024-03-28 10:15 来源：岭南日报 编辑：周文清</div>
<div class="article-content">
<p>3月27日，岭南市教育局与岭南智学科技有限公司在市民中心签署智慧教育战略合作协议。双方将在课堂教学、教师培训和学业评价等方面开展合作。</p>
<p>根据协议，企业将为全市一百二十所中小学提供人工智能教学平台，并与教育局共建人工智能教育实验室，首批试点学校将于今年秋季学期投入使用。</p>
<p>市教育局负责人表示，此次合作是推进教育数字化转型的重要举措，全市将逐步实现智慧课堂全覆盖，让每一名学生都能接触到人工智能课程。</p>
<p>岭南智学科技有限公司董事长介绍，公司将组建专门团队驻点服务，定期收集教师反馈，持续改进教学平台的功能。</p>
</div>
<div class="editor">责任编辑：周文清</div>
<div class="related"><h3>相关阅读</h3><ul>
<li><a href="/edu/1.html">全市中小学开学准备工作就绪</a></li>
<li><a href="/edu/2.html">高考报名人数再创新高</a></li>
</ul></div>
</div>
<div class="footer">
<p><a href="/about">关于我们</a> | <a href="/contact">联系我们</a> | <a href="/ads">广告服务</a></p>
<p>版权所有 © 2024 岭南新闻网 粤ICP备00000000号</p>
</div>
</body>
</html>
"""

GBK_HTML = """<html>
<head>
<meta charset=gbk>
<title>县实验小学启用人工智能阅读教室_教育动态</title>
</head>
<body>
<div id="header"><a href="/">首页</a> <a href="/jy/">教育动态</a> <a href="/gg/">通知公告</a> <a href="/zc/">政策法规</a></div>
<div id="position">您现在的位置：首页 &gt;&gt; 教育动态</div>
<div id="content">
<h1>县实验小学启用人工智能阅读教室</h1>
<p class="source">发布时间：2023-11-06 来源：县教育局 作者：黄晓燕</p>
<p>近日，县实验小学人工智能阅读教室正式启用。教室配备了智能书架和朗读评测设备，学生借阅图书后可以在平板上完成阅读测评。</p>
<p>学校校长介绍，阅读教室每周向各年级开放，教师可以根据系统生成的阅读报告调整课外阅读计划，帮助学生养成良好的阅读习惯。</p>
<p>下一步，县教育局将总结试点经验，计划在全县十所乡镇中心小学推广这一模式。</p>
</div>
<div id="footer">主办单位：县教育局 地址：人民路88号 电话：0000-1234567</div>
</body>
</html>
"""

WARC_HTML = """<html><head><meta charset="utf-8"><title>高校开设人工智能通识课</title></head>
<body><div class="nav">首页 | 高教 | 招生</div><article><h1>高校开设人工智能通识课</h1>
<p>本学期起，省内多所高校面向全体本科生开设人工智能通识课程，课程内容涵盖机器学习基础和伦理规范。</p>
<p>选课系统显示，首批课程名额在开放当天即被选满，学校正在协调增加教学班。</p>
</article></body></html>"""

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
    + bytes(range(256))
)


def write_warc(path: Path) -> Path:
    """A WARC holding a 200 response with a page and a 404 response."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for uri, status, body in (
            ("http://edu.example.cn/gaojiao/ai-course.html", "200 OK", WARC_HTML.encode()),
            (
                "http://edu.example.cn/gaojiao/removed.html",
                "404 Not Found",
                b"<html><body>404</body></html>",
            ),
        ):
            http = StatusAndHeaders(
                status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2024-04-02T03:00:00Z"},
            )
            writer.write_record(record)
    return path


def inputs(folder: Path) -> dict[str, Path]:
    """Write one file of every kind the batch must handle."""
    folder.mkdir()
    files = {
        "portal": folder / "lingnan-ai-agreement.html",
        "gbk": folder / "xian-school-reading.html",
        "empty": folder / "empty.html",
        "binary": folder / "logo.png",
    }
    files["portal"].write_text(PORTAL_HTML, encoding="utf-8")
    files["gbk"].write_bytes(GBK_HTML.encode("gbk"))
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(PNG)
    files["warc"] = write_warc(folder / "crawl.warc.gz")
    return files


def refs(files: dict[str, Path]) -> list[SourceRef]:
    return [SourceRef(uri=str(path)) for path in files.values()]


def table(result_files: dict[str, str], name: str) -> list[dict[str, object]]:
    return pq.read_table(result_files[name]).to_pylist()


def test_a_batch_of_mixed_inputs_gives_one_article_per_good_input_and_typed_rejects(
    tmp_path: Path,
) -> None:
    files = inputs(tmp_path / "in")
    spool = tmp_path / "spool"

    result = process_batch(3, refs(files), str(spool), ProcessSettings())

    assert (result.batch_no, result.n_inputs, result.n_articles, result.n_rejects) == (3, 6, 3, 3)
    assert set(result.spool_files) == set(TABLES)
    assert all(
        Path(f).parent == spool and Path(f).name.startswith("batch-00003.")
        for f in result.spool_files.values()
    )

    articles = {row["source_uri"]: row for row in table(result.spool_files, "articles")}
    warc_page = "http://edu.example.cn/gaojiao/ai-course.html"
    assert set(articles) == {str(files["portal"]), str(files["gbk"]), warc_page}

    portal = articles[str(files["portal"])]
    assert portal["title"] == "岭南市教育局与本地人工智能企业签署智慧教育合作协议"
    assert portal["encoding"] == "utf-8" and portal["input_format"] == "html"
    assert "一百二十所中小学" in str(portal["text"])
    for chrome in ("客户端下载", "当前位置", "版权所有", "粤ICP备", "相关阅读"):
        assert chrome not in str(portal["text"]), chrome
    # The "2024-03-28 10:15 来源：…" line above the article, read as Beijing time.
    assert portal["published_at"] == datetime(2024, 3, 28, 2, 15, tzinfo=UTC)
    assert portal["raw_sha256"] == hashlib.sha256(PORTAL_HTML.encode()).hexdigest()

    gbk = articles[str(files["gbk"])]
    assert gbk["title"] == "县实验小学启用人工智能阅读教室"
    assert gbk["encoding"] == "gb18030"  # GBK declared, widened to its superset
    assert "智能书架和朗读评测设备" in str(gbk["text"])
    assert "\ufffd" not in str(gbk["text"])

    warc = articles[warc_page]
    assert warc["url"] == warc_page and warc["title"] == "高校开设人工智能通识课"

    rejects = {row["source_uri"]: row for row in table(result.spool_files, "rejects")}
    assert {uri: (r["stage"], r["reason"]) for uri, r in rejects.items()} == {
        str(files["empty"]): ("read", "empty"),
        str(files["binary"]): ("decode", "binary"),
        "http://edu.example.cn/gaojiao/removed.html": ("read", "http_error"),
    }
    assert "PNG image" in str(rejects[str(files["binary"])]["detail"])
    assert "404" in str(rejects["http://edu.example.cn/gaojiao/removed.html"]["detail"])

    # Every input whose bytes were read keeps them; the 404 record has no document.
    documents = {row["source_uri"]: row for row in table(result.spool_files, "documents")}
    assert set(documents) == {str(files[k]) for k in ("portal", "gbk", "empty", "binary")} | {
        warc_page
    }
    payloads = {row["sha256"]: row["content"] for row in table(result.spool_files, "payloads")}
    assert payloads.keys() == {d["sha256"] for d in documents.values()}
    assert payloads[documents[str(files["gbk"])]["sha256"]] == GBK_HTML.encode("gbk")
    assert documents[str(files["gbk"])]["declared_encoding"] is not None
    assert documents[str(files["binary"])]["encoding"] is None  # rejected before decoding
    assert table(result.spool_files, "not_modified") == []

    # Enriched as extracted: one enrich_articles row per article, keyed by its id.
    enriched = table(result.spool_files, "enrich_articles")
    assert sorted(r["article_id"] for r in enriched) == sorted(
        str(a["article_id"]) for a in articles.values()
    )


def test_stored_bytes_are_counted_not_modified_and_not_extracted_again(tmp_path: Path) -> None:
    files = inputs(tmp_path / "in")
    portal, binary = str(files["portal"]), str(files["binary"])
    stored = {
        portal: hashlib.sha256(PORTAL_HTML.encode()).hexdigest(),
        # The binary file "already stored": had it been decoded it would be a reject.
        binary: hashlib.sha256(PNG).hexdigest(),
        str(files["gbk"]): "0" * 64,  # changed bytes: extracted again
    }
    sources = [SourceRef(uri=portal), SourceRef(uri=binary), SourceRef(uri=str(files["gbk"]))]

    result = process_batch(1, sources, str(tmp_path / "spool"), ProcessSettings(), stored)

    assert (result.n_inputs, result.n_articles, result.n_rejects) == (3, 1, 0)
    assert table(result.spool_files, "not_modified") == [
        {"source_uri": portal},
        {"source_uri": binary},
    ]
    assert [r["source_uri"] for r in table(result.spool_files, "articles")] == [str(files["gbk"])]
    assert [r["source_uri"] for r in table(result.spool_files, "documents")] == [str(files["gbk"])]
    assert table(result.spool_files, "rejects") == []


def test_without_enrich_the_enrich_tables_stay_empty(tmp_path: Path) -> None:
    files = inputs(tmp_path / "in")
    settings = replace(ProcessSettings(), enrich=False)

    result = process_batch(
        2, [SourceRef(uri=str(files["portal"]))], str(tmp_path / "spool"), settings
    )

    assert result.n_articles == 1
    for name in ENRICH_TABLES:
        assert table(result.spool_files, name) == [], name


def test_process_source_takes_a_fetched_page_to_an_article_with_its_url(tmp_path: Path) -> None:
    body = PORTAL_HTML.encode()
    url = "https://news.example.cn/edu/2024/0328/c1001.html"
    raw = RawDocument(
        source_uri=url,
        sha256=hashlib.sha256(body).hexdigest(),
        size=len(body),
        content=body,
        headers={"content-type": "text/html; charset=utf-8"},
        fetched_at=datetime(2024, 3, 28, 4, 0, tzinfo=UTC),
    )

    document, outcome = process_source(raw, ProcessSettings())

    assert isinstance(outcome, Article)
    assert outcome.url == url and outcome.source_uri == url
    assert document is not None
    assert (document["source_uri"], document["encoding"], document["encoding_source"]) == (
        url,
        "utf-8",
        "http",
    )


def test_process_source_rejects_what_cannot_be_read_or_decoded(tmp_path: Path) -> None:
    missing = SourceRef(uri=str(tmp_path / "gone.html"))
    document, outcome = process_source(missing, ProcessSettings())
    assert document is None
    assert isinstance(outcome, Reject)
    assert (outcome.stage, outcome.reason) == (Stage.READ, RejectReason.NOT_FOUND)

    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    document, outcome = process_source(SourceRef(uri=str(logo)), ProcessSettings())
    assert isinstance(outcome, Reject)
    assert (outcome.stage, outcome.reason) == (Stage.DECODE, RejectReason.BINARY)
    assert outcome.raw_sha256 == hashlib.sha256(PNG).hexdigest()
    assert document is not None and document["content"] == PNG and document["encoding"] is None


def test_a_forum_index_is_rejected_not_article_and_its_bytes_are_kept(tmp_path: Path) -> None:
    from tests.tasks.extract.test_pagetype import forum_index

    page = tmp_path / "forum.html"
    page.write_bytes(forum_index().encode("gbk"))
    document, outcome = process_source(SourceRef(uri=str(page)), ProcessSettings())
    assert isinstance(outcome, Reject)
    assert (outcome.stage, outcome.reason) == (Stage.EXTRACT, RejectReason.NOT_ARTICLE)
    assert document is not None and document["content"] == page.read_bytes()
    assert document["encoding"] == "gb18030"


def portal_copy(folder: Path, name: str, hits: int) -> Path:
    """The portal's article as served at one more address: the same canonical URL and body,
    another reading count and another related-reading list in the page's chrome."""
    page = (
        PORTAL_HTML.replace(
            "</title>",
            "</title>\n<link rel='canonical' href='https://news.lingnan.example.cn/edu/0328.html'>",
        )
        .replace(
            '<li><a href="/edu/2.html">高考报名人数再创新高</a></li>',
            f'<li><a href="/edu/{hits}.html">第{hits}期：校园安全教育周启动</a></li>',
        )
        .replace(
            '<div class="editor">', f'<div class="hits">阅读 {hits} 次</div><div class="editor">'
        )
    )
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(page, encoding="utf-8")
    return path


def test_a_repeated_article_is_signed_and_enriched_once_per_run(tmp_path: Path) -> None:
    first, again = (
        portal_copy(tmp_path / "in", f"{n}.html", hits) for n, hits in ((1, 37), (2, 912))
    )
    assert first.read_bytes() != again.read_bytes()
    spool = str(tmp_path / "spool")

    one = process_batch(1, [SourceRef(uri=str(first))], spool, ProcessSettings())
    two = process_batch(2, [SourceRef(uri=str(again))], spool, ProcessSettings())

    articles = table(one.spool_files, "articles") + table(two.spool_files, "articles")
    assert len({(a["article_id"], a["content_hash"]) for a in articles}) == 1  # the same article
    assert [len(table(one.spool_files, t)) for t in ("signatures", "enrich_articles")] == [1, 1]
    assert table(one.spool_files, "enrich_events")  # the signing, found once
    # the second batch keeps its input's document and article rows, and nothing twice
    assert len(table(two.spool_files, "documents")) == 1
    assert [len(table(two.spool_files, t)) for t in ("signatures", *ENRICH_TABLES)] == [0] * (
        1 + len(ENRICH_TABLES)
    )
    # a batch run again keeps its own rows; another run (another spool) does the work again
    redone = process_batch(1, [SourceRef(uri=str(first))], spool, ProcessSettings())
    assert len(table(redone.spool_files, "enrich_articles")) == 1
    elsewhere = process_batch(
        2, [SourceRef(uri=str(again))], str(tmp_path / "next"), ProcessSettings()
    )
    assert len(table(elsewhere.spool_files, "enrich_articles")) == 1


def test_copies_in_one_batch_are_signed_and_enriched_once(tmp_path: Path) -> None:
    copies = [portal_copy(tmp_path / "in", f"{n}.html", n * 7) for n in range(3)]

    result = process_batch(
        1, [SourceRef(uri=str(c)) for c in copies], str(tmp_path / "spool"), ProcessSettings()
    )

    assert result.n_articles == 3
    assert [len(table(result.spool_files, t)) for t in ("signatures", "enrich_articles")] == [1, 1]
