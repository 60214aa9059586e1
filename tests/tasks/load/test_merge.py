"""load_run on a real DuckDB file: new, unchanged, updated and duplicate articles, failed runs."""

from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from schemas import Article
from schemas.fetch import FetchLogRow, NotModifiedRow
from tasks.load.enrichment_rows import ENRICH_TABLES, enrichment_rows
from tasks.load.merge import load_package, load_run
from tasks.load.packages import Package
from tasks.load.run_info import RunInfo
from tasks.load.runs import finish_run, record_failed_run
from tasks.load.spool import article_row, document_row, reject_row, write_spool
from tests.tasks.load.samples import article, enrichment, raw_document, reject, repaired_article
from warehouse.db import read_sql
from warehouse.raw import raw_payload
from warehouse.search import search

Rows = dict[str, list[dict[str, object]]]


def info(run_id: str, **fields: object) -> RunInfo:
    started = datetime(2024, 4, 1, 9, 0, tzinfo=UTC)
    return RunInfo(run_id, "ingest", started, ["/in"], 1.5, **fields)  # type: ignore[arg-type]


def spool(tmp_path: Path, name: str, *batches: Rows) -> str:
    folder = tmp_path / name
    for number, rows in enumerate(batches):
        write_spool(folder, f"batch-{number:05d}", rows)
    return str(folder)


def articles_spool(tmp_path: Path, name: str, *articles: Article, enrich: bool = True) -> str:
    rows: Rows = {"articles": [article_row(a) for a in articles]}
    for item in articles if enrich else ():
        for table, table_rows in enrichment_rows(enrichment(item)).items():
            rows.setdefault(table, []).extend(table_rows)
    return spool(tmp_path, name, rows)


def select(db: Path, sql: str) -> list[dict[str, Any]]:
    with duckdb.connect(str(db), read_only=True) as con:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_new_articles_documents_rejects_and_enrichments_are_written(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    first, second = article(), repaired_article()
    rows: Rows = {
        "articles": [article_row(first), article_row(second)],
        "documents": [document_row(raw_document(), None)],
        "rejects": [reject_row(reject())],
    } | enrichment_rows(enrichment(first))
    summary = load_run(str(db), spool(tmp_path, "s1", rows), info("r1"))
    assert (summary.n_seen, summary.n_new, summary.n_updated, summary.n_unchanged) == (3, 2, 0, 0)
    assert summary.reject_reasons == {"empty": 1} and summary.n_packages == 1
    assert (summary.n_rejected, summary.n_duplicate, summary.n_enriched) == (1, 0, 1)
    assert summary.status == "completed" and summary.db_path == str(db.resolve())

    stored = {r["article_id"]: r for r in select(db, "SELECT * FROM core.articles")}
    assert stored.keys() == {first.article_id, second.article_id}
    for item in (first, second):
        row = stored[item.article_id]
        assert (row["version"], row["first_run_id"], row["run_id"]) == (1, "r1", "r1")
        assert row["created_at"] == row["updated_at"]
        assert (row["text"], row["title"], row["content_hash"]) == (
            item.text, item.title, item.content_hash,
        )  # fmt: skip
        assert row["published_at"] == item.published_at and row["tags"] == item.tags
    repairs = json.loads(str(stored[second.article_id]["mojibake_repairs"]))
    assert repairs == [r.model_dump(mode="json") for r in second.mojibake_repairs]
    assert stored[first.article_id]["mojibake_repairs"] is None

    (document,) = select(db, "SELECT * FROM raw.documents")
    assert document["payload_file"] == "raw/r1/00000-batch-00000.parquet"
    assert document["run_id"] == "r1"
    kept = pq.read_table(tmp_path / "raw" / "r1" / "00000-batch-00000.parquet").to_pylist()
    assert kept == [{"sha256": document["sha256"], "content": raw_document().content}]
    assert json.loads(str(document["headers"])) == raw_document().headers
    (stored_reject,) = select(db, "SELECT run_id, reason, detail FROM ops.rejects")
    assert stored_reject == {"run_id": "r1", "reason": "empty", "detail": "文件为空"}
    sources = select(db, "SELECT source_uri, article_id, run_id FROM core.article_sources")
    assert sorted(s["source_uri"] for s in sources) == ["/in/a.txt", "/in/repaired.txt"]

    (enriched,) = select(db, "SELECT * FROM enrich.articles")
    assert (enriched["article_id"], enriched["run_id"]) == (first.article_id, "r1")
    for table, written in enrichment_rows(enrichment(first)).items():
        if table != "enrich_articles":
            target = table.replace("enrich_", "enrich.", 1)
            assert len(select(db, f"SELECT * FROM {target}")) == len(written), table
    entities = select(db, "SELECT name FROM enrich.entities ORDER BY name")
    assert [e["name"] for e in entities] == ["星河智能", "湖光市第二中学"]


def test_the_run_row_is_the_summary_with_what_the_run_read(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    run = info("r1", prefect_flow_run_id="prefect-1")
    summary = load_run(str(db), articles_spool(tmp_path, "s1", article()), run)
    (row,) = select(db, "SELECT * FROM ops.runs")
    assert row == summary.runs_row(["/in"], "prefect-1") | {
        "seconds_load": pytest.approx(summary.seconds_load),
        "host": run.host,
        "pid": os.getpid(),
    }
    assert (row["status"], row["error"], row["sources"]) == ("completed", None, ["/in"])


def test_unchanged_articles_keep_the_run_that_wrote_them(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    items = (article(), repaired_article())
    load_run(str(db), articles_spool(tmp_path, "s1", *items), info("r1"))
    before = select(db, "SELECT * FROM core.articles ORDER BY article_id")
    again = load_run(str(db), articles_spool(tmp_path, "s2", *items), info("r2"))
    assert (again.n_new, again.n_updated, again.n_unchanged, again.n_enriched) == (0, 0, 2, 0)
    assert select(db, "SELECT * FROM core.articles ORDER BY article_id") == before
    assert select(db, "SELECT * FROM core.article_versions") == []
    assert [r["run_id"] for r in select(db, "SELECT run_id FROM enrich.articles")] == ["r1", "r1"]


def test_a_changed_article_is_archived_and_its_version_counts_up(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    old = article()
    load_run(str(db), articles_spool(tmp_path, "s1", old), info("r1"))
    (before,) = select(db, "SELECT * FROM core.articles")
    new = article(title="湖光二中与星河智能续签合作协议")
    summary = load_run(str(db), articles_spool(tmp_path, "s2", new), info("r2"))
    assert (summary.n_new, summary.n_updated, summary.n_unchanged, summary.n_enriched) == (
        0, 1, 0, 1,
    )  # fmt: skip

    (after,) = select(db, "SELECT * FROM core.articles")
    assert (after["title"], after["content_hash"]) == (new.title, new.content_hash)
    assert (after["version"], after["run_id"], after["first_run_id"]) == (2, "r2", "r1")
    assert after["created_at"] == before["created_at"]
    assert after["updated_at"] >= before["updated_at"]

    (archived,) = select(db, "SELECT * FROM core.article_versions")
    kept = archived.keys() & before.keys()
    assert kept == before.keys() - {"first_run_id", "created_at", "updated_at"}
    assert {k: archived[k] for k in kept} == {k: before[k] for k in kept}
    assert (archived["superseded_by_run"], archived["valid_from"]) == ("r2", before["updated_at"])

    (enriched,) = select(db, "SELECT content_hash, run_id FROM enrich.articles")
    assert enriched == {"content_hash": new.content_hash, "run_id": "r2"}
    mentions = select(db, "SELECT * FROM enrich.mentions")
    assert len(mentions) == len(enrichment(new).mentions)  # replaced, not added to


def test_copies_of_one_article_in_a_run_count_once(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    url = "https://news.example.cn/a/1.html"
    copies = (article("/in/b.txt", url=url), article("/in/a.txt", url=url))
    summary = load_run(str(db), articles_spool(tmp_path, "s1", *copies), info("r1"))
    assert (summary.n_seen, summary.n_new, summary.n_duplicate) == (2, 1, 1)
    (stored,) = select(db, "SELECT source_uri, url FROM core.articles")
    assert stored == {"source_uri": "/in/a.txt", "url": url}  # the first source by name
    sources = select(db, "SELECT source_uri, article_id FROM core.article_sources")
    assert sorted(s["source_uri"] for s in sources) == ["/in/a.txt", "/in/b.txt"]
    assert {s["article_id"] for s in sources} == {copies[0].article_id}
    assert len(select(db, "SELECT * FROM enrich.mentions")) == len(enrichment(copies[0]).mentions)


def test_pages_not_modified_count_as_unchanged_and_requests_are_logged(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    log = FetchLogRow(
        requested_url="https://news.example.cn/a/1.html", url="https://news.example.cn/a/1.html",
        kind="page", attempt=1, status=304, bytes=0, elapsed=0.05, error=None,
        fetched_at=datetime(2024, 4, 1, 9, 0, 1, tzinfo=UTC),
    ).model_dump()  # fmt: skip
    pages = [NotModifiedRow(source_uri=f"https://news.example.cn/a/{i}.html") for i in (1, 2)]
    rows: Rows = {"fetch_log": [log], "not_modified": [p.model_dump() for p in pages]}
    summary = load_run(str(db), spool(tmp_path, "s1", rows), info("r1"))
    assert (summary.n_seen, summary.n_unchanged, summary.n_not_modified) == (2, 2, 2)
    (stored,) = select(db, "SELECT * FROM ops.fetch_log")
    assert stored == log | {"run_id": "r1"}


def test_inputs_that_leave_no_spool_rows_are_counted_as_seen(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    files = tuple(str(p) for p in Path(spool(tmp_path, "s1", {})).glob("*.parquet"))
    load = load_package(str(db), Package(3, files, 7, unspooled_inputs=7), info("r1"))
    assert load is not None and (load.n_seen, load.n_new, load.package_no) == (7, 0, 3)
    summary = finish_run(str(db), info("r1"), "completed")
    assert (summary.n_seen, summary.n_new, summary.n_packages) == (7, 0, 1)


def test_a_failing_load_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    spool_dir = articles_spool(tmp_path, "s1", article())
    for path in Path(spool_dir).glob("*.documents.parquet"):
        path.write_bytes(b"not parquet")
    with pytest.raises(duckdb.Error):
        load_run(str(db), spool_dir, info("r1"))
    for table in ("core.articles", "core.article_sources", "enrich.articles", "ops.runs"):
        assert select(db, f"SELECT * FROM {table}") == [], table


def test_a_failed_run_leaves_one_row_with_its_error(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    record_failed_run(str(db), info("r1", prefect_flow_run_id="p"), "RuntimeError: " + "x" * 3000)
    (row,) = select(db, "SELECT * FROM ops.runs")
    assert (row["run_id"], row["status"], row["sources"], row["prefect_flow_run_id"]) == (
        "r1", "failed", ["/in"], "p",
    )  # fmt: skip
    assert str(row["error"]).startswith("RuntimeError: x") and len(str(row["error"])) == 2000
    counts = [v for k, v in row.items() if k.startswith("n_")]
    assert len(counts) == 14 and set(counts) == {0}
    assert (row["seconds_process"], row["seconds_load"]) == (1.5, 0.0)
    assert row["finished_at"] >= row["started_at"]


def test_the_enrich_merge_replaces_every_enrich_table() -> None:
    statements = duckdb.extract_statements(read_sql("merge_enrichments"))
    named = set().union(*(s.named_parameters for s in statements))
    assert named == (ENRICH_TABLES.keys() - {"enrich_articles"}) | {"run_id"}
    targets = {re.findall(r"(?:DELETE FROM|INSERT INTO) (\S+)", s.query)[0] for s in statements}
    assert targets == {t.replace("enrich_", "enrich.", 1) for t in ENRICH_TABLES}


def test_the_search_index_is_rebuilt_after_loads_that_change_enrichments(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    first = load_run(str(db), articles_spool(tmp_path, "s1", article()), info("r1"))
    assert first.seconds_index is not None and first.seconds_index > 0
    assert found_by_search(db, "星河") == [article().article_id]  # samples.enrichment's tokens
    unchanged = load_run(str(db), articles_spool(tmp_path, "s2", article()), info("r2"))
    assert unchanged.seconds_index is None  # nothing to re-index
    other = article("/in/b.txt")
    added = load_run(str(db), articles_spool(tmp_path, "s3", other), info("r3"))
    assert added.seconds_index is not None
    assert sorted(found_by_search(db, "星河")) == sorted([article().article_id, other.article_id])
    recorded = select(db, "SELECT run_id, seconds_index FROM ops.runs ORDER BY run_id")
    assert [(r["run_id"], r["seconds_index"] is None) for r in recorded] == [
        ("r1", False),
        ("r2", True),
        ("r3", False),
    ]


def found_by_search(db: Path, words: str) -> list[object]:
    return [row[0] for row in search(str(db), words.split()).rows]


def test_bytes_are_kept_once_and_failed_loads_leave_no_payload_file(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    same = raw_document()
    load_run(str(db), spool(tmp_path, "s1", {"documents": [document_row(same, None)]}), info("r1"))
    copy = same.model_copy(update={"source_uri": "/in/copy.html"})  # same bytes, other source
    (tmp_path / "raw" / "crashed").mkdir()
    (tmp_path / "raw" / "crashed" / "00003.parquet").write_bytes(b"PAR1")  # never committed
    (tmp_path / "raw" / "r1" / "00001.parquet").write_bytes(b"PAR1")  # a package never committed
    load_run(str(db), spool(tmp_path, "s2", {"documents": [document_row(copy, None)]}), info("r2"))
    stored = select(db, "SELECT source_uri, payload_file FROM raw.documents ORDER BY run_id")
    assert [d["payload_file"] for d in stored] == ["raw/r1/00000-batch-00000.parquet"] * 2
    kept = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "raw").rglob("*"))
    assert kept == ["raw/r1", "raw/r1/00000-batch-00000.parquet"]


def payload_pointers(db: Path) -> dict[str, str]:
    rows = select(db, "SELECT source_uri, payload_file FROM raw.documents")
    return {str(r["source_uri"]): str(r["payload_file"]) for r in rows}


def test_each_batch_payload_file_with_new_bytes_is_linked_not_rewritten(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    shared, other = raw_document("/in/a.html", "甲".encode()), raw_document("/in/b.html", b"B")
    again = shared.model_copy(update={"source_uri": "/in/a-copy.html"})
    spool_dir = spool(
        tmp_path, "s1",
        {"documents": [document_row(shared, None)]},
        {"documents": [document_row(again, None), document_row(other, None)]},
        {"documents": [document_row(again.model_copy(update={"source_uri": "/in/c.html"}), None)]},
    )  # fmt: skip
    spooled = Path(spool_dir) / "batch-00001.payloads.parquet"
    load_run(str(db), spool_dir, info("r1"))
    first, second = "raw/r1/00000-batch-00000.parquet", "raw/r1/00000-batch-00001.parquet"
    assert payload_pointers(db) == {
        "/in/a.html": first, "/in/a-copy.html": first, "/in/c.html": first, "/in/b.html": second,
    }  # fmt: skip
    # The second batch's file is kept as the worker wrote it, with the shared bytes a second
    # time; the third batch's holds nothing new and is not kept.
    assert sorted(p.name for p in (tmp_path / "raw" / "r1").iterdir()) == [
        "00000-batch-00000.parquet",
        "00000-batch-00001.parquet",
    ]
    assert os.path.samefile(spooled, tmp_path / second)  # a hard link, not a copy
    assert raw_payload(str(db), shared.sha256).content == "甲".encode()
    assert raw_payload(str(db), other.sha256).content == b"B"


def test_bytes_kept_by_an_earlier_run_keep_their_file(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    old, new = raw_document("/in/a.html", b"old"), raw_document("/in/b.html", b"new")
    load_run(str(db), spool(tmp_path, "s1", {"documents": [document_row(old, None)]}), info("r1"))
    moved = old.model_copy(update={"source_uri": "/in/moved.html"})
    rows: Rows = {"documents": [document_row(moved, None), document_row(new, None)]}
    load_run(str(db), spool(tmp_path, "s2", rows), info("r2"))
    assert payload_pointers(db) == {
        "/in/a.html": "raw/r1/00000-batch-00000.parquet",
        "/in/moved.html": "raw/r1/00000-batch-00000.parquet",
        "/in/b.html": "raw/r2/00000-batch-00000.parquet",
    }
    assert [raw_payload(str(db), d.sha256).content for d in (old, new)] == [b"old", b"new"]


def test_a_failed_merge_leaves_its_spool_whole_for_the_retry(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    document = raw_document("/in/a.html", "乙".encode())
    spool_dir = spool(tmp_path, "s1", {"documents": [document_row(document, None)]})
    package = Package(0, tuple(sorted(str(p) for p in Path(spool_dir).glob("*.parquet"))), 1)
    states = Path(spool_dir) / "batch-00000.url_state.parquet"
    whole = states.read_bytes()
    states.write_bytes(b"not parquet")  # read after the payload file is linked
    with pytest.raises(duckdb.Error):
        load_package(str(db), package, info("r1"))
    assert select(db, "SELECT * FROM raw.documents") == []
    assert (tmp_path / "raw" / "r1" / "00000-batch-00000.parquet").is_file()  # unreferenced
    assert (Path(spool_dir) / "batch-00000.payloads.parquet").is_file()
    states.write_bytes(whole)
    assert load_package(str(db), package, info("r1")) is not None
    finish_run(str(db), info("r1"), "completed")  # readers' copy: at the latest the run's end
    assert raw_payload(str(db), document.sha256).content == "乙".encode()


def test_a_payload_file_is_copied_where_it_cannot_be_linked(tmp_path: Path) -> None:
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("no second file system to spool on")
    db = tmp_path / "w.duckdb"
    document = raw_document("/in/a.html", "丙".encode())
    with tempfile.TemporaryDirectory(dir=shm) as other:
        spool_dir = spool(Path(other), "s1", {"documents": [document_row(document, None)]})
        load_run(str(db), spool_dir, info("r1"))
    assert raw_payload(str(db), document.sha256).content == "丙".encode()


def test_freshness_of_new_articles_is_from_their_first_appearance_to_the_commit(
    tmp_path: Path,
) -> None:
    from datetime import timedelta

    from schemas.crawl import UrlState

    db = tmp_path / "w.duckdb"
    site = "https://edu.example.cn/news"
    commit = datetime(2024, 4, 1, 12, 0, tzinfo=UTC)  # the run's clock at its load
    seen_first = commit - timedelta(minutes=30)
    listed = [
        # (path, first seen in a listing, its listing date, its publication time)
        ("a.html", seen_first, None, None),  # 30 min: seen first
        ("b.html", seen_first, commit - timedelta(hours=2), None),  # 2 h: its lastmod is earlier
        ("c.html", seen_first, None, commit - timedelta(hours=5)),  # 5 h: published earlier
        ("d.html", seen_first, commit + timedelta(hours=1), None),  # a future lastmod: seen first
    ]
    items = [
        article(f"{site}/{p}", url=f"{site}/{p}", text=f"正文{p}", published_at=published)
        for p, _, _, published in listed
    ]
    states = [
        UrlState(url=f"{site}/{p}", kind="page", first_seen_at=first, listed_modified_at=modified)
        for p, first, modified, _ in listed
    ]
    fetches = [
        FetchLogRow(
            requested_url=f"{site}/{p}", url=f"{site}/{p}", kind="page", attempt=1, status=200,
            bytes=9, elapsed=0.1, error=None, fetched_at=seen_first,
        ).model_dump()
        for p, *_ in listed
    ] + [
        FetchLogRow(
            requested_url=f"{site}/feed.xml", url=f"{site}/feed.xml", kind="listing", attempt=1,
            status=304, bytes=0, elapsed=0.1, error=None, fetched_at=seen_first,
        ).model_dump()
    ]  # fmt: skip
    rows: Rows = {
        "articles": [article_row(a) for a in items],
        "url_state": [s.model_dump() for s in states],
        "fetch_log": fetches,
    }
    shift = commit - datetime.now(UTC)  # the load's clock reads `commit` (plus its own seconds)
    summary = load_run(str(db), spool(tmp_path, "s1", rows), info("r1", time_shift=shift))

    found = {
        r["url"].rsplit("/", 1)[1]: r["seconds"]
        for r in select(db, "SELECT url, seconds FROM ops.freshness WHERE run_id = 'r1'")
    }
    expected = {"a.html": 1800, "b.html": 7200, "c.html": 18000, "d.html": 1800}
    assert found.keys() == expected.keys()
    assert all(expected[k] <= found[k] < expected[k] + 30 for k in expected), found
    assert summary.freshness_p50_seconds is not None and summary.freshness_p95_seconds is not None
    assert 4500 <= summary.freshness_p50_seconds < 4530  # between 1800 and 7200
    assert 16_380 <= summary.freshness_p95_seconds < 16_410  # 7200 + 0.85 * (18000 - 7200)
    assert (summary.n_requests, summary.n_listing_requests, summary.n_new_page_requests) == (
        5,
        1,
        4,
    )
    assert (summary.n_recheck_requests, summary.n_responses_304) == (0, 1)
    stored = select(db, "SELECT url, first_seen_at FROM ops.url_state ORDER BY url")
    assert [r["first_seen_at"] for r in stored] == [seen_first] * 4

    again = load_run(str(db), spool(tmp_path, "s2", rows), info("r2", time_shift=shift))
    assert again.freshness_p50_seconds is None  # nothing new: no freshness
