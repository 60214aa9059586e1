"""A run's ops.runs row: written as the run starts, with every committed package, and at the
end; the end also rebuilds the search index."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from duckdb import DuckDBPyConnection
from prefect import get_run_logger
from prefect.exceptions import MissingContextError

from schemas import RunSummary
from tasks.load.run_info import RunInfo
from warehouse.db import open_warehouse, read_sql, resolve_db_path
from warehouse.search import SearchUnavailableError, refresh_search_index

FAILED_ROW_LOCK_TIMEOUT = 5.0  # seconds a failed run waits to record itself (best effort)


def start_run(db_path: str | None, run: RunInfo) -> None:
    """Write the run's row with status running: from now on the run is visible, and a run
    whose process dies shows as crashed."""
    with open_warehouse(db_path, lock_timeout=run.lock_timeout) as con:
        write_run_row(con, run_summary(con, run, "running", db_path), run)


def finish_run(
    db_path: str | None,
    run: RunInfo,
    status: str,
    error: str | None = None,
    lock_timeout: float | None = None,
) -> RunSummary:
    """Write the run's final row (totals over its committed packages), then rebuild the search
    index if the run changed enrichments.

    Args:
        db_path: Warehouse path.
        run: The run (its seconds_process as measured).
        status: completed, failed, interrupted or crashed.
        error: Why it failed.
        lock_timeout: Seconds to wait for the warehouse (default: the run's).
    """
    timeout = run.lock_timeout if lock_timeout is None else lock_timeout
    with open_warehouse(db_path, lock_timeout=timeout) as con:
        summary = run_summary(con, run, status, db_path)
        write_run_row(con, summary, run, error)
        seconds_index = _refresh_search_index(con, changed=summary.n_enriched > 0)
        if seconds_index is not None:
            summary = summary.model_copy(update={"seconds_index": seconds_index})
            write_run_row(con, summary, run, error)
    return summary


def record_failed_run(
    db_path: str | None, run: RunInfo, error: str, status: str = "failed"
) -> RunSummary:
    """Record a run that stopped (failed, or interrupted) with what its packages committed."""
    return finish_run(db_path, run, status, error[:2000], FAILED_ROW_LOCK_TIMEOUT)


def run_summary(
    con: DuckDBPyConnection, run: RunInfo, status: str, db_path: str | None
) -> RunSummary:
    """The run as its committed packages add up, with the given status."""
    cursor = con.execute(read_sql("run_totals"), {"run_id": run.run_id})
    row = cursor.fetchone()
    assert row is not None
    totals = {d[0]: v for d, v in zip(cursor.description, row, strict=True)}
    reasons = con.execute(read_sql("run_reject_reasons"), {"run_id": run.run_id}).fetchall()
    return RunSummary(
        run_id=run.run_id,
        flow=run.flow,
        started_at=run.started_at,
        finished_at=datetime.now(UTC),
        status=status,
        db_path=str(resolve_db_path(db_path)),
        seconds_process=run.seconds_process,
        reject_reasons={str(reason): int(n) for reason, n in reasons},
        **totals,
    )


def write_run_row(
    con: DuckDBPyConnection, summary: RunSummary, run: RunInfo, error: str | None = None
) -> None:
    """Insert or replace the run's ops.runs row."""
    row = summary.runs_row(run.sources, run.prefect_flow_run_id, error)
    con.execute(read_sql("upsert_run"), {"run": row | {"host": run.host, "pid": run.pid}})


def run_logger() -> logging.Logger | logging.LoggerAdapter[logging.Logger]:
    """The Prefect run's logger inside a flow or task, else this module's."""
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger(__name__)


def _refresh_search_index(con: DuckDBPyConnection, *, changed: bool) -> float | None:
    """Rebuild the full-text index after the run (the run stays loaded if it fails)."""
    try:
        seconds = refresh_search_index(con, changed=changed)
    except SearchUnavailableError as exc:
        run_logger().warning("search index not rebuilt: %s", exc)
        return None
    if seconds is not None:
        run_logger().info("search index rebuilt in %.2f s", seconds)
    return seconds
