"""The run report: a run's rejects read back from the warehouse, and the summary text."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from schemas import Reject, RejectReason, RunSummary, Stage
from schemas.enrichment import ENRICHER_VERSION
from tasks.load.merge import load_run
from tasks.load.report import render_summary, stored_rejects
from tasks.load.run_info import RunInfo
from tasks.load.spool import reject_row, write_spool
from tests.warehouse.test_db import hold_lock
from warehouse.publish import read_copy_path


def test_stored_rejects_are_the_runs_own_with_their_reasons(tmp_path: Path) -> None:
    timeout = Reject.at(Stage.FETCH, RejectReason.TIMEOUT, "读取超时", "https://news.example.cn/1")
    empty = Reject.at(Stage.READ, RejectReason.EMPTY, "文件为空", "/in/empty.txt", "0" * 64)
    db = str(tmp_path / "w.duckdb")
    write_spool(tmp_path / "s1", "fetch-00000", {"rejects": [reject_row(timeout)]})
    write_spool(tmp_path / "s1", "batch-00000", {"rejects": [reject_row(empty)]})
    write_spool(tmp_path / "s1", "batch-00001", {})
    started = datetime(2024, 4, 1, tzinfo=UTC)
    summary = load_run(db, str(tmp_path / "s1"), RunInfo("r1", "ingest", started, ["/in"]))
    write_spool(tmp_path / "s2", "batch-00000", {"rejects": [reject_row(empty)]})
    load_run(db, str(tmp_path / "s2"), RunInfo("r2", "ingest", started, ["/in"]))
    assert stored_rejects(db, "r1") == [
        {"source_uri": "/in/empty.txt", "stage": "read", "reason": "empty", "detail": "文件为空"},
        {"source_uri": "https://news.example.cn/1", "stage": "fetch", "reason": "timeout",
         "detail": "读取超时"},
    ]  # fmt: skip
    assert summary.reject_reasons == {"empty": 1, "timeout": 1}
    holder = hold_lock(tmp_path / "w.duckdb", 30)  # another writer holds the warehouse
    try:
        assert len(stored_rejects(db, "r1")) == 2  # read from the published read copy
        read_copy_path(tmp_path / "w.duckdb").unlink()  # without one: say where they are
        (row,) = stored_rejects(db, "r1")
    finally:
        holder.kill()
        holder.wait()
    assert row["reason"] == "not read" and "edunews rejects --run r1" in row["detail"]


def test_render_summary_shows_counts_reasons_and_rate() -> None:
    summary = RunSummary(
        run_id="r1", flow="ingest", started_at=datetime(2024, 4, 1, tzinfo=UTC),
        finished_at=datetime(2024, 4, 1, 0, 1, tzinfo=UTC), status="completed", db_path="/w.duckdb",
        n_seen=10, n_new=6, n_updated=1, n_unchanged=2, n_not_modified=2, n_enriched=7,
        n_duplicate=0, n_rejected=1, seconds_process=4.0, seconds_load=1.0,
        reject_reasons={"empty": 1},
    )  # fmt: skip
    text = render_summary(summary)
    assert "| 10 | 6 | 1 | 2 | 0 | 1 |" in text
    assert "- reject reasons: empty: 1" in text
    assert "(HTTP 304, or the stored bytes): 2" in text and f"{ENRICHER_VERSION}): 7" in text
    assert (
        "process 4.00 s (2.5 inputs/s), load 1.00 s, search index unchanged, total 5.00 s" in text
    )
    rebuilt = render_summary(summary.model_copy(update={"seconds_index": 0.5}))
    assert "load 1.00 s, search index rebuilt 0.50 s, total 5.50 s" in rebuilt
    assert "`/w.duckdb`" in text and "**completed**" in text
    assert "- report: `/report.html` (`edunews report`" in text  # beside the warehouse


def test_render_summary_shows_requests_and_freshness() -> None:
    summary = RunSummary(
        run_id="r1", flow="ingest", started_at=datetime(2024, 4, 1, tzinfo=UTC),
        finished_at=datetime(2024, 4, 1, 0, 1, tzinfo=UTC), status="completed", db_path="/w.duckdb",
        n_seen=21, n_new=20, n_updated=1, n_unchanged=0, n_rejected=0, seconds_process=4.0,
        seconds_load=1.0, n_requests=26, n_listing_requests=2, n_new_page_requests=20,
        n_recheck_requests=3, n_responses_304=3, freshness_p50_seconds=750.0,
        freshness_p95_seconds=5400.0,
    )  # fmt: skip
    text = render_summary(summary)
    assert "- requests: 26 (listings 2, new pages 20, rechecks 3; 3 answered 304)" in text
    assert "- freshness of new articles: p50 12.5 min, p95 1.5 h" in text
    quiet = render_summary(summary.model_copy(update={"freshness_p50_seconds": None}))
    assert "p50 -, p95 1.5 h" in quiet
