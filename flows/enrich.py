"""The enrich flow: (re-)enrich stored articles with the current rules, no fetching."""

from __future__ import annotations

import shutil
import time
from datetime import UTC, datetime

from prefect import flow
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
from warehouse.db import DatabaseLockedError, resolve_db_path
from warehouse.queries import PendingArticle, pending_enrichment


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
        items = enrich_inputs(pending_enrichment(db_path, ENRICHER_VERSION, lock_timeout))
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


def enrich_inputs(pending: list[PendingArticle]) -> list[EnrichInput]:
    """Return what enrichment reads of each pending article, its text in Simplified script."""
    return [
        EnrichInput(
            article_id=row.article_id,
            content_hash=row.content_hash,
            title=row.title,
            # rows stored before migration 004 have no Simplified text yet
            text_simplified=row.text_simplified or to_simplified(row.text),
            published_at=row.published_at,
        )
        for row in pending
    ]
