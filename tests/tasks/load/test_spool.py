"""Spool rows ↔ Parquet: what the batches write is what the loader reads back."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from schemas import Article, DecodedDocument, TextRepair
from schemas.crawl import UrlState
from schemas.fetch import FetchLogRow, NotModifiedRow
from tasks.load.enrichment_rows import ENRICH_TABLES, enrichment_rows
from tasks.load.spool import (
    ARTICLES,
    TABLES,
    article_row,
    document_row,
    reject_row,
    signature_row,
    write_spool,
)
from tasks.stories.signature import sign
from tests.tasks.load.samples import (
    TEXT,
    article,
    enrichment,
    raw_document,
    reject,
    repaired_article,
)


def read_back(files: dict[str, str], table: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pq.read_table(files[table]).to_pylist()
    return rows


def test_every_table_is_written_with_its_schema_even_when_empty(tmp_path: Path) -> None:
    files = write_spool(tmp_path / "spool", "batch-00001", {})
    assert files.keys() == TABLES.keys()
    for table, schema in TABLES.items():
        assert Path(files[table]).name == f"batch-00001.{table}.parquet"
        written = pq.read_table(files[table])
        assert written.num_rows == 0 and written.schema.equals(schema), table


def test_articles_round_trip_to_equal_articles(tmp_path: Path) -> None:
    articles = [article(url="https://news.example.cn/a/1.html"), repaired_article()]
    files = write_spool(tmp_path, "b", {"articles": [article_row(a) for a in articles]})
    rows = read_back(files, "articles")
    for original, row in zip(articles, rows, strict=True):
        assert row["content_hash"] == original.content_hash
        repairs = json.loads(row.pop("mojibake_repairs") or "[]")
        del row["content_hash"]
        assert Article.model_validate(row | {"mojibake_repairs": repairs}) == original


def test_article_row_holds_the_model_columns_with_text_kept_as_is() -> None:
    row = article_row(repaired_article())
    assert list(row) == ARTICLES.names
    assert row["text"] == TEXT and row["input_format"] == "text"
    assert row["url"] is None and row["published_at"] is None and row["author"] is None
    repairs = [TextRepair.model_validate(r) for r in json.loads(str(row["mojibake_repairs"]))]
    assert repairs == repaired_article().mojibake_repairs
    assert "中国" in str(row["mojibake_repairs"])  # JSON keeps Chinese readable (not \\u escapes)


def test_article_without_repairs_stores_null_not_an_empty_list() -> None:
    assert article_row(article())["mojibake_repairs"] is None


def test_documents_round_trip_with_and_without_decoding(tmp_path: Path) -> None:
    raw = raw_document()
    decoded = DecodedDocument(
        source_uri=raw.source_uri, raw_sha256=raw.sha256, text=TEXT, encoding="gb18030",
        encoding_source="meta", declared_encoding="gb2312", replaced_chars=1,
    )  # fmt: skip
    unread = raw_document("/in/b.bin", content=b"\x00\x01")
    files = write_spool(
        tmp_path, "b", {"documents": [document_row(raw, decoded), document_row(unread, None)]}
    )
    first, second = read_back(files, "documents")
    assert "content" not in first and first["size"] == len(TEXT.encode())
    assert json.loads(str(first["headers"])) == raw.headers
    assert first["fetched_at"] == raw.fetched_at
    assert (first["encoding"], first["encoding_source"], first["declared_encoding"]) == (
        "gb18030", "meta", "gb2312",
    )  # fmt: skip
    assert first["replaced_chars"] == 1
    assert second["size"] == 2
    assert [second[k] for k in ("encoding", "encoding_source", "declared_encoding")] == [None] * 3
    assert second["replaced_chars"] is None


def test_the_documents_bytes_go_to_the_payloads_file_once_and_compressed(tmp_path: Path) -> None:
    page, copy = raw_document("/in/a.html", TEXT.encode() * 50), raw_document("/in/b.bin", b"")
    again = page.model_copy(update={"source_uri": "/in/a-copy.html"})
    documents = [document_row(d, None) for d in (page, copy, again)]
    files = write_spool(tmp_path, "batch-00002", {"documents": documents})
    assert read_back(files, "payloads") == [
        {"sha256": page.sha256, "content": page.content},
        {"sha256": copy.sha256, "content": b""},
    ]
    column = pq.ParquetFile(files["payloads"]).metadata.row_group(0).column(1)
    assert column.compression == "ZSTD" and column.total_compressed_size < len(page.content) / 5
    done = json.loads((tmp_path / "batch-00002.done").read_text(encoding="utf-8"))
    assert (done["documents"], done["payloads"]) == (3, 2)
    assert not list(tmp_path.glob("*.partial"))


def test_document_without_headers_stores_null() -> None:
    raw = raw_document().model_copy(update={"headers": {}})
    assert document_row(raw, None)["headers"] is None


def test_rejects_round_trip_as_plain_strings(tmp_path: Path) -> None:
    files = write_spool(tmp_path, "b", {"rejects": [reject_row(reject())]})
    assert read_back(files, "rejects") == [
        {"source_uri": "/in/empty.txt", "raw_sha256": None, "stage": "read", "reason": "empty",
         "detail": "文件为空"}
    ]  # fmt: skip


def test_fetch_log_and_not_modified_round_trip(tmp_path: Path) -> None:
    log = [
        FetchLogRow(
            requested_url="https://news.example.cn/列表", url="https://news.example.cn/robots.txt",
            kind="robots", attempt=1, status=None, bytes=3_000_000_000, elapsed=0.25,
            error="timeout", fetched_at=datetime(2024, 3, 29, tzinfo=UTC),
        ).model_dump()
    ]  # fmt: skip
    pages = [NotModifiedRow(source_uri="https://news.example.cn/a/1.html").model_dump()]
    files = write_spool(tmp_path, "b", {"fetch_log": log, "not_modified": pages})
    assert read_back(files, "fetch_log") == log  # bytes past 2**31: the column is 64-bit
    assert read_back(files, "not_modified") == pages


def test_enrichment_rows_round_trip(tmp_path: Path) -> None:
    rows = enrichment_rows(enrichment(article()))
    assert rows.keys() == ENRICH_TABLES.keys()
    files = write_spool(tmp_path, "b", rows)
    for table, written in rows.items():
        assert written, table  # the sample has a row for every table
        assert read_back(files, table) == written, table


def test_enrichment_rows_name_offsets_and_event_keys_as_the_warehouse_does() -> None:
    item = article()
    rows = enrichment_rows(enrichment(item))
    assert rows["enrich_mentions"][0] == {
        "article_id": item.article_id, "entity_id": rows["enrich_mentions"][0]["entity_id"],
        "name": "湖光市第二中学", "kind": "school", "surface": "湖光市第二中学",
        "start_offset": 12, "end_offset": 19,
    }  # fmt: skip
    assert rows["enrich_metrics"][0]["start_offset"] == 5
    parties = rows["enrich_event_parties"]
    assert [(p["position"], p["name"]) for p in parties] == [(0, "湖光市第二中学"), (1, "星河智能")]
    assert rows["enrich_terms"] == [
        {"article_id": item.article_id, "term": "人工智能", "tf": 2},
        {"article_id": item.article_id, "term": "课堂", "tf": 1},
    ]
    assert rows["enrich_topics"] == [
        {"article_id": item.article_id, "topic": "ai_education", "hits": 3}
    ]


@pytest.mark.parametrize("table", sorted(TABLES))
def test_rows_of_every_table_have_exactly_its_columns(table: str) -> None:
    item = article()
    samples: dict[str, dict[str, object]] = {
        "documents": document_row(raw_document(), None),
        "articles": article_row(item),
        "rejects": reject_row(reject()),
        "fetch_log": FetchLogRow(
            requested_url="u", url="u", kind="page", attempt=1, status=200, bytes=1, elapsed=0.1,
            error=None, fetched_at=datetime(2024, 1, 1, tzinfo=UTC),
        ).model_dump(),
        "not_modified": NotModifiedRow(source_uri="u").model_dump(),
        "signatures": signature_row(sign(item.article_id, item.content_hash, item.text * 3)),
        "url_state": UrlState(url="u", kind="page").model_dump(),
    } | {t: rows[0] for t, rows in enrichment_rows(enrichment(item)).items()}  # fmt: skip
    document = samples["documents"]  # its bytes go to the payloads file (write_spool)
    samples["payloads"] = {"sha256": document["sha256"], "content": document.pop("content")}
    assert list(samples[table]) == TABLES[table].names
