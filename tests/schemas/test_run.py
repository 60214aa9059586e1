"""RunSummary and its one mapping to the ops.runs row."""

from __future__ import annotations

from datetime import UTC, datetime

from schemas import RunSummary
from schemas.run import NOT_IN_RUNS_TABLE


def summary(**changes: object) -> RunSummary:
    fields: dict[str, object] = {
        "run_id": "r1", "flow": "ingest", "started_at": datetime(2024, 4, 1, tzinfo=UTC),
        "finished_at": datetime(2024, 4, 1, 0, 1, tzinfo=UTC), "status": "completed",
        "db_path": "/w.duckdb", "n_seen": 10, "n_new": 6, "n_updated": 1, "n_unchanged": 2,
        "n_duplicate": 0, "n_rejected": 1, "seconds_process": 4.0, "seconds_load": 1.0,
        "reject_reasons": {"empty": 1},
    }  # fmt: skip
    return RunSummary.model_validate(fields | changes)


def test_runs_row_is_the_summary_without_path_and_reasons_with_what_was_read() -> None:
    row = summary().runs_row(["/in", "https://news.example.cn/"], "prefect-1")
    assert row == {
        "run_id": "r1", "flow": "ingest", "started_at": datetime(2024, 4, 1, tzinfo=UTC),
        "finished_at": datetime(2024, 4, 1, 0, 1, tzinfo=UTC), "status": "completed",
        "n_seen": 10, "n_new": 6, "n_updated": 1, "n_unchanged": 2, "n_not_modified": 0,
        "n_enriched": 0, "n_duplicate": 0, "n_rejected": 1, "seconds_process": 4.0,
        "seconds_load": 1.0, "seconds_index": None, "n_requests": 0, "n_listing_requests": 0,
        "n_new_page_requests": 0, "n_recheck_requests": 0, "n_responses_304": 0,
        "freshness_p50_seconds": None, "freshness_p95_seconds": None, "n_packages": 0,
        "sources": ["/in", "https://news.example.cn/"],
        "prefect_flow_run_id": "prefect-1", "error": None,
    }  # fmt: skip
    assert not NOT_IN_RUNS_TABLE & row.keys()


def test_failed_run_row_carries_its_error() -> None:
    row = summary(status="failed").runs_row([], None, "RuntimeError: 锁定")
    assert (row["status"], row["error"], row["sources"], row["prefect_flow_run_id"]) == (
        "failed", "RuntimeError: 锁定", [], None,
    )  # fmt: skip
