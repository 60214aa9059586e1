"""The enrich flow: (re-)enrich stored articles with the current rules, no fetching."""

from __future__ import annotations

import shutil
import time
from datetime import UTC, datetime

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.concurrency.sync import concurrency

from flows.ingest import (
    WRITER_LIMIT,
    extraction_pool,
    new_run_id,
    plan_batches,
    prefect_run_id,
    try_record_failure,
)
from schemas import RunSummary
from schemas.enrichment import ENRICHER_VERSION, EnrichInput
from tasks.batch.enrich import enrich_batch_task
from tasks.decode.script import to_simplified
from tasks.load.merge import RunInfo, load_run_task
from tasks.load.report import publish_report_task
from warehouse.db import DatabaseLockedError, open_warehouse, read_sql, resolve_db_path


@task(name="pending-articles", cache_policy=NO_CACHE)
def pending_articles_task(db_path: str | None, lock_timeout: float) -> list[EnrichInput]:
    """Stored articles whose enrichment is missing or older than ENRICHER_VERSION or their text."""
    with open_warehouse(db_path, lock_timeout=lock_timeout) as con:
        rows = con.execute(
            read_sql("pending_enrichment"), {"enricher_version": ENRICHER_VERSION}
        ).fetchall()
    return [
        EnrichInput(
            article_id=article_id,
            content_hash=content_hash,
            title=title,
            text_simplified=simplified or to_simplified(text),  # rows stored before migration 004
            published_at=published_at,
        )
        for article_id, content_hash, title, text, simplified, published_at in rows
    ]


@flow(name="enrich")
def enrich(
    db_path: str | None = None,
    batch_size: int = 200,
    workers: int = 2,
    lock_timeout: float = 60.0,
    process_pool: bool = True,
) -> RunSummary:
    """Enrich every stored article not yet enriched by the current rules (ENRICHER_VERSION).

    Re-running changes nothing; after a version bump every article is enriched again, from
    the stored text alone. The merge is one transaction under the warehouse-writer limit.

    Args:
        db_path: DuckDB file (default: $EDUNEWS_DB or data/edunews.duckdb).
        batch_size: Upper bound on articles per batch task.
        workers: Processes for enrichment.
        lock_timeout: Seconds to wait for a warehouse locked by another process.
        process_pool: Run batches in a local process pool (off under a Dask task runner).
    """
    run_id, started_at, clock = new_run_id(), datetime.now(UTC), time.perf_counter()
    spool = str(resolve_db_path(db_path).parent / "spool" / run_id)
    info = RunInfo(run_id, "enrich", started_at, [], 0.0, prefect_run_id(), lock_timeout)
    try:
        items = pending_articles_task(db_path, lock_timeout)
        batches = plan_batches(items, batch_size, workers)
        with extraction_pool(workers if process_pool else 1, len(batches)) as pool:
            futures = [
                enrich_batch_task.with_options(
                    task_run_name=f"enrich-batch-{i:04d}-of-{len(batches):04d}"
                ).submit(i, batch, spool, pool)
                for i, batch in enumerate(batches)
            ]
            for future in futures:
                future.result()
        info = RunInfo(
            run_id, "enrich", started_at, [], time.perf_counter() - clock,
            info.prefect_flow_run_id, lock_timeout, n_inputs=len(items),
        )  # fmt: skip
        with concurrency(WRITER_LIMIT, occupy=1):
            summary = load_run_task(db_path, spool, info)
    except DatabaseLockedError:
        raise
    except Exception as exc:
        try_record_failure(db_path, info, exc)
        raise
    finally:
        shutil.rmtree(spool, ignore_errors=True)
    publish_report_task(summary, [])
    return summary
