"""The pipeline's warehouse readers, each on a real DuckDB file in tmp_path."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from tests.warehouse import rows
from tests.warehouse.test_db import hold_lock
from warehouse.db import DatabaseLockedError
from warehouse.queries import (
    PendingArticle,
    current_extractions,
    due_page_urls,
    failed_fetches,
    pending_enrichment,
    read_only_or_none,
    stored_page_headers,
)

WEB = "https://news.example.cn"


def test_a_missing_warehouse_is_nothing_known_or_a_clear_error(tmp_path):
    missing = str(tmp_path / "none.duckdb")
    assert stored_page_headers(missing) == {}
    assert current_extractions(missing, "extract-v1", "enrich-v1") == {}
    assert pending_enrichment(missing, "enrich-v1", lock_timeout=1.0) == []
    with pytest.raises(FileNotFoundError, match="run `edunews ingest` first"):
        due_page_urls(missing, rows.NOW)
    with pytest.raises(FileNotFoundError, match="run `edunews ingest` first"):
        failed_fetches(missing, None)
    assert not (tmp_path / "none.duckdb").exists()  # reading never creates the file


def test_a_warehouse_from_before_the_tables_is_nothing_known(tmp_path):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()  # a DuckDB file no migration has touched
    assert stored_page_headers(str(empty)) == {}
    assert current_extractions(str(empty), "extract-v1", "enrich-v1") == {}
    assert pending_enrichment(str(empty), "enrich-v1", lock_timeout=1.0) == []

    before_enrichment = tmp_path / "v3.duckdb"
    with rows.build(before_enrichment, before=4) as con:
        rows.article(con, "a2", "/in/2.txt")
        rows.article(con, "a1", "/in/1.txt", title=None, text="舊文")
    assert current_extractions(str(before_enrichment), "extract-v1", "enrich-v1") == {}
    # nothing is enriched before migration 004: every stored article is pending, unconverted
    assert pending_enrichment(str(before_enrichment), "enrich-v1", lock_timeout=1.0) == [
        PendingArticle("a1", "hash-a1", None, "舊文", None, None),
        PendingArticle("a2", "hash-a2", "标题a2", "正文a2", None, None),
    ]


def test_a_locked_warehouse_is_nothing_known_for_best_effort_readers_only(tmp_path):
    db = tmp_path / "w.duckdb"
    with rows.build(db) as con:
        rows.article(con, "a1", f"{WEB}/1.html")
        rows.document(con, f"{WEB}/1.html", "sha-a1", '{"etag": "\\"v1\\""}')
    holder = hold_lock(db, 60)
    try:
        assert stored_page_headers(str(db)) == {}
        assert current_extractions(str(db), "extract-v1", "enrich-v1") == {}
        with pytest.raises(DatabaseLockedError, match="locked by process"):
            pending_enrichment(str(db), "enrich-v1", lock_timeout=0.2)
        with pytest.raises(DatabaseLockedError, match="locked by process"):
            due_page_urls(str(db), rows.NOW, lock_timeout=0.2)
        with pytest.raises(DatabaseLockedError, match="locked by process"):
            failed_fetches(str(db), None, lock_timeout=0.2)
    finally:
        holder.kill()
        holder.wait()
    assert stored_page_headers(str(db)) == {f"{WEB}/1.html": {"etag": '"v1"'}}  # once released


def test_read_only_or_none_yields_a_connection_that_cannot_write(tmp_path):
    db = tmp_path / "w.duckdb"
    rows.build(db).close()
    with read_only_or_none(str(db)) as con:
        assert con is not None
        with pytest.raises(duckdb.InvalidInputException, match="read-only"):
            con.execute("DELETE FROM core.articles")
    with read_only_or_none(str(tmp_path / "none.duckdb")) as con:
        assert con is None


def test_stored_page_headers_are_those_of_each_web_article_current_version(tmp_path):
    db = tmp_path / "w.duckdb"
    with rows.build(db) as con:
        rows.article(con, "a1", f"{WEB}/1.html", raw_sha256="new")
        rows.document(con, f"{WEB}/1.html", "old", json.dumps({"etag": '"v1"'}))
        rows.document(con, f"{WEB}/1.html", "new", json.dumps({"etag": '"v2"'}))
        rows.article(con, "a2", f"{WEB}/2.html")
        rows.document(con, f"{WEB}/2.html", "sha-a2", None)  # fetched without headers
        rows.article(con, "a3", "/in/3.txt")
        rows.document(con, "/in/3.txt", "sha-a3", json.dumps({"etag": "file"}))
        rows.document(con, f"{WEB}/listing.xml", "x", json.dumps({"etag": "listing"}))
    assert stored_page_headers(str(db)) == {
        f"{WEB}/1.html": {"etag": '"v2"'},
        f"{WEB}/2.html": None,
    }


def test_current_extractions_need_both_versions_and_enrichment_of_the_stored_content(tmp_path):
    db = tmp_path / "w.duckdb"
    with rows.build(db) as con:
        rows.article(con, "current", "/in/current.txt")
        rows.enriched(con, "current", "hash-current", "enrich-v1")
        rows.article(con, "old-extractor", "/in/old.txt", extractor_version="extract-v0")
        rows.enriched(con, "old-extractor", "hash-old-extractor", "enrich-v1")
        rows.article(con, "old-enricher", "/in/old-enricher.txt")
        rows.enriched(con, "old-enricher", "hash-old-enricher", "enrich-v0")
        rows.article(con, "stale", "/in/stale.txt")
        rows.enriched(con, "stale", "hash-before-the-text-changed", "enrich-v1")
        rows.article(con, "unenriched", "/in/unenriched.txt")
    assert current_extractions(str(db), "extract-v1", "enrich-v1") == {
        "/in/current.txt": "sha-current"
    }


def test_pending_enrichment_lists_missing_older_and_stale_enrichment_in_id_order(tmp_path):
    db = tmp_path / "w.duckdb"
    published = datetime(2022, 3, 29, 8, 14, tzinfo=UTC)
    with rows.build(db) as con:
        rows.article(con, "d-current", "/in/1.txt")
        rows.enriched(con, "d-current", "hash-d-current", "enrich-v1")
        rows.article(con, "c-older", "/in/2.txt", text_simplified="简体")
        rows.enriched(con, "c-older", "hash-c-older", "enrich-v0")
        rows.article(con, "b-stale", "/in/3.txt", published_at=published)
        rows.enriched(con, "b-stale", "hash-of-the-old-text", "enrich-v1")
        rows.article(con, "a-missing", "/in/4.txt", text_simplified="新闻")
    pending = pending_enrichment(str(db), "enrich-v1", lock_timeout=1.0)
    assert pending == [
        PendingArticle(
            "a-missing", "hash-a-missing", "标题a-missing", "正文a-missing", "新闻", None
        ),
        PendingArticle("b-stale", "hash-b-stale", "标题b-stale", "正文b-stale", None, published),
        PendingArticle("c-older", "hash-c-older", "标题c-older", "正文c-older", "简体", None),
    ]


def test_due_page_urls_are_the_pages_whose_recheck_or_retry_is_due(tmp_path):
    db = tmp_path / "w.duckdb"
    hour = timedelta(hours=1)
    with rows.build(db) as con:
        for url, kind, due in (
            (f"{WEB}/b.html", "page", rows.NOW - hour),
            (f"{WEB}/a.html", "page", rows.NOW),
            (f"{WEB}/later.html", "page", rows.NOW + hour),
            (f"{WEB}/never.html", "page", None),
            (f"{WEB}/feed.xml", "listing", rows.NOW - hour),
        ):
            con.execute(
                "INSERT INTO ops.url_state (url, kind, status, checks, failures, next_check_at) "
                "VALUES (?, ?, 'ok', 0, 0, ?)",
                [url, kind, due],
            )
    assert due_page_urls(str(db), rows.NOW) == [f"{WEB}/a.html", f"{WEB}/b.html"]


def test_before_migration_008_every_web_article_page_is_due(tmp_path):
    db = tmp_path / "w.duckdb"
    with rows.build(db, before=8) as con:
        rows.article(con, "a2", f"{WEB}/b.html")
        rows.article(con, "a1", f"{WEB}/a.html")
        rows.article(con, "a3", "/in/c.txt")
    assert due_page_urls(str(db), rows.NOW) == [f"{WEB}/a.html", f"{WEB}/b.html"]


def test_failed_fetches_are_of_the_given_or_latest_completed_run(tmp_path):
    db = tmp_path / "w.duckdb"
    with rows.build(db) as con:
        rows.run(con, "run-1", "completed", rows.NOW)
        rows.run(con, "run-2", "completed", rows.NOW)
        rows.run(con, "run-3", "failed", rows.NOW)
        rows.reject(con, "run-1", f"{WEB}/old.html", "fetch", "http_error")
        for url in (f"{WEB}/b.html", f"{WEB}/a.html", f"{WEB}/a.html"):
            rows.reject(con, "run-2", url, "fetch", "http_error")
        rows.reject(con, "run-2", "/in/empty.txt", "read", "empty")
        rows.reject(con, "run-3", f"{WEB}/never.html", "fetch", "http_error")
    assert failed_fetches(str(db), None) == [f"{WEB}/a.html", f"{WEB}/b.html"]
    assert failed_fetches(str(db), "run-1") == [f"{WEB}/old.html"]
    assert failed_fetches(str(db), "no-such-run") == []


def test_pages_stored_before_migration_008_become_known_pages_with_their_validators(tmp_path):
    from warehouse.db import open_warehouse
    from warehouse.queries import url_states

    db = tmp_path / "w.duckdb"
    with rows.build(db, before=8) as con:
        rows.article(con, "a1", f"{WEB}/1.html")
        rows.document(con, f"{WEB}/1.html", "sha-a1", '{"etag": "\\"v1\\"", "last-modified": "x"}')
        rows.article(con, "a2", "/in/2.txt")
        rows.document(con, "/in/2.txt", "sha-a2", None)
    with open_warehouse(str(db)):  # a writer migrates: 008 and later
        pass
    [(url, state)] = url_states(str(db)).items()
    assert url == f"{WEB}/1.html"
    assert (state.kind, state.status, state.etag, state.last_modified) == (
        "page",
        "ok",
        '"v1"',
        "x",
    )
    assert state.last_fetched_at == rows.NOW and state.next_check_at is None  # known, not due
