"""Load stage: merge a run's spool into the warehouse in one short transaction, run row last."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from duckdb import DuckDBPyConnection
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import MissingContextError

from schemas import RunSummary
from tasks.load.spool import TABLES, spool_glob
from tasks.load.stories import assign_stories
from warehouse.db import execute_script, open_warehouse, read_sql, resolve_db_path
from warehouse.raw import remove_unreferenced_payloads, write_payloads
from warehouse.search import SearchUnavailableError, refresh_search_index


@dataclass(frozen=True)
class RunInfo:
    """What the loader needs to know about the run it commits."""

    run_id: str
    flow: str
    started_at: datetime
    sources: list[str]
    seconds_process: float
    prefect_flow_run_id: str | None = None
    lock_timeout: float = 60.0
    reject_reasons: dict[str, int] = field(default_factory=dict)
    n_inputs: int | None = None  # inputs that are not in the spool's tables (enrich runs)
    time_shift: timedelta = timedelta(0)  # the run's clock minus the real one (a set `now`)


def load_run(db_path: str | None, spool_dir: str, run: RunInfo) -> RunSummary:
    """Merge a run's spool into the warehouse and record the run.

    All of it happens in one transaction: if anything fails, nothing of the run is written.

    Args:
        db_path: Warehouse path (None: $EDUNEWS_DB or the default).
        spool_dir: The run's spool folder (every batch's Parquet files).
        run: The run being committed.

    Returns:
        The run's summary, as written to ops.runs.

    Raises:
        DatabaseLockedError: another process kept the warehouse locked past run.lock_timeout.
    """
    files = {table: spool_glob(spool_dir, table) for table in TABLES}
    folder = resolve_db_path(db_path).parent
    started = time.perf_counter()
    with open_warehouse(db_path, lock_timeout=run.lock_timeout) as con:
        remove_unreferenced_payloads(con, folder)  # a failed load's file: never committed
        con.execute("BEGIN TRANSACTION")
        try:
            spool = con.execute(
                read_sql("count_spool"),
                {k: files[k] for k in ("articles", "rejects", "not_modified")},
            ).fetchone()
            assert spool is not None
            n_article_inputs, n_rejected, n_not_modified = (int(c) for c in spool)
            con.execute(read_sql("stage_articles"), {"files": files["articles"]})
            counts = con.execute(read_sql("count_changes")).fetchone()
            assert counts is not None
            n_new, n_updated, n_unchanged = (int(c) for c in counts)
            payload_file = write_payloads(con, folder, run.run_id, files["documents"])
            crawl = _merge_crawl_state(con, files, run)
            for statement, table in (
                ("archive_changed_articles", None),
                ("merge_articles", None),
                ("insert_article_sources", "articles"),
                ("insert_documents", "documents"),
                ("insert_rejects", "rejects"),
                ("insert_fetch_log", "fetch_log"),
            ):
                params: dict[str, object] = {"run_id": run.run_id}
                params |= {"files": files[table]} if table else {}
                if statement == "insert_documents":
                    params["payload_file"] = payload_file
                con.execute(read_sql(statement), params)
            n_enriched = _merge_enrichments(con, files, run.run_id)
            n_stories = assign_stories(con, files["signatures"], run.run_id)
            summary = RunSummary(
                run_id=run.run_id,
                flow=run.flow,
                started_at=run.started_at,
                finished_at=datetime.now(UTC),
                status="completed",
                db_path=str(resolve_db_path(db_path)),
                n_seen=(
                    run.n_inputs
                    if run.n_inputs is not None
                    else n_article_inputs + n_rejected + n_not_modified
                ),
                n_new=n_new,
                n_updated=n_updated,
                n_unchanged=n_unchanged + n_not_modified,
                n_not_modified=n_not_modified,
                n_duplicate=n_article_inputs - (n_new + n_updated + n_unchanged),
                n_rejected=n_rejected,
                n_enriched=n_enriched,
                seconds_process=run.seconds_process,
                seconds_load=time.perf_counter() - started,
                reject_reasons=run.reject_reasons,
            ).model_copy(update=crawl)
            _insert_run(con, summary, run)
            con.execute("COMMIT")
            _logger().info("stories: %d articles joined or changed a story", n_stories)
        except BaseException:
            con.execute("ROLLBACK")
            raise
        # The load's time includes COMMIT and the checkpoint that writes the WAL to the file.
        con.execute("CHECKPOINT")
        seconds_load = time.perf_counter() - started
        summary = summary.model_copy(
            update={
                "seconds_load": seconds_load,
                "seconds_index": _refresh_search_index(con, changed=n_enriched > 0),
            }
        )
        con.execute(
            read_sql("set_run_load_time"),
            {
                "seconds_load": summary.seconds_load,
                "seconds_index": summary.seconds_index,
                "run_id": run.run_id,
            },
        )
    return summary


def _refresh_search_index(con: DuckDBPyConnection, *, changed: bool) -> float | None:
    """Rebuild the full-text index after a committed load (the run stays loaded if it fails)."""
    try:
        seconds = refresh_search_index(con, changed=changed)
    except SearchUnavailableError as exc:
        _logger().warning("search index not rebuilt: %s", exc)
        return None
    if seconds is not None:
        _logger().info("search index rebuilt in %.2f s", seconds)
    return seconds


def _logger() -> logging.Logger | logging.LoggerAdapter[logging.Logger]:
    """The Prefect run's logger inside a flow or task, else this module's."""
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger(__name__)


def _merge_crawl_state(
    con: DuckDBPyConnection, files: dict[str, str], run: RunInfo
) -> dict[str, object]:
    """Record the freshness of the run's new articles (before they are merged), store the
    crawl states, and return the run's request counts and freshness percentiles."""
    committed_at = datetime.now(UTC) + run.time_shift
    params = {"run_id": run.run_id, "files": files["url_state"], "committed_at": committed_at}
    con.execute(read_sql("insert_freshness"), params)
    con.execute(read_sql("merge_url_state"), {"files": files["url_state"]})
    row = con.execute(
        read_sql("count_requests"), {"files": files["fetch_log"], "run_id": run.run_id}
    ).fetchone()
    assert row is not None
    names = (
        "n_requests",
        "n_listing_requests",
        "n_new_page_requests",
        "n_recheck_requests",
        "n_responses_304",
    )
    counts: dict[str, object] = {n: int(v) for n, v in zip(names, row, strict=False)}
    return counts | {"freshness_p50_seconds": row[5], "freshness_p95_seconds": row[6]}


def _merge_enrichments(con: DuckDBPyConnection, files: dict[str, str], run_id: str) -> int:
    """Replace the enrich.* rows of every article whose enrichment is new or out of date."""
    con.execute(read_sql("stage_enrichments"), {"files": files["enrich_articles"]})
    execute_script(con, "merge_enrichments", files | {"run_id": run_id})
    con.execute(read_sql("insert_entities"))
    row = con.execute("SELECT count(*) FROM stage_enrichments").fetchone()
    return int(row[0]) if row else 0


def record_failed_run(
    db_path: str | None, run: RunInfo, error: str, status: str = "failed"
) -> None:
    """Write the row of a run that loaded nothing (failed, or interrupted) to ops.runs."""
    now = datetime.now(UTC)
    summary = RunSummary(
        run_id=run.run_id,
        flow=run.flow,
        started_at=run.started_at,
        finished_at=now,
        status=status,
        db_path=str(resolve_db_path(db_path)),
        n_seen=0,
        n_new=0,
        n_updated=0,
        n_unchanged=0,
        n_not_modified=0,
        n_duplicate=0,
        n_rejected=0,
        n_enriched=0,
        seconds_process=run.seconds_process,
        seconds_load=0.0,
    )
    with open_warehouse(db_path, lock_timeout=min(run.lock_timeout, 5.0)) as con:
        _insert_run(con, summary, run, error[:2000])


def _insert_run(
    con: DuckDBPyConnection, summary: RunSummary, run: RunInfo, error: str | None = None
) -> None:
    row = summary.runs_row(run.sources, run.prefect_flow_run_id, error)
    con.execute(read_sql("insert_run"), {"run": row})


@task(name="load-run", cache_policy=NO_CACHE)
def load_run_task(db_path: str | None, spool_dir: str, run: RunInfo) -> RunSummary:
    """Merge the run's spool into the warehouse (one transaction, run row last)."""
    return load_run(db_path, spool_dir, run)
