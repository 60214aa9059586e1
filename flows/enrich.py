"""The enrich flow: (re-)enrich stored articles with the current rules, no fetching."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from prefect import flow

from flows.runs import Submitted, run_lifecycle, window_of
from schemas import RunSummary
from schemas.enrichment import ENRICHER_VERSION, EnrichInput
from tasks.batch.enrich import enrich_batch_task
from tasks.batch.planning import plan_batches
from tasks.batch.pool import extraction_pool
from tasks.decode.script import to_simplified
from tasks.load.report import publish_report_task
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
    the stored text alone. The run commits in load packages, each one transaction under the
    warehouse-writer limit.

    Args:
        db_path: DuckDB file (default: $EDUNEWS_DB or data/edunews.duckdb).
        batch_size: Upper bound on articles per batch task.
        workers: Processes for enrichment.
        lock_timeout: Seconds to wait for a warehouse locked by another process.
        process_pool: Run batches in a local process pool (off under a Dask task runner).
    """
    started_at, clock = datetime.now(UTC), time.perf_counter()
    with run_lifecycle(db_path, "enrich", started_at, [], lock_timeout) as run:
        items = enrich_inputs(pending_enrichment(db_path, ENRICHER_VERSION, lock_timeout))
        batches = plan_batches(items, batch_size, workers)
        with extraction_pool(workers if process_pool else 1, len(batches)) as pool:
            submissions = (
                Submitted(
                    enrich_batch_task.with_options(
                        task_run_name=f"enrich-batch-{i:04d}-of-{len(batches):04d}"
                    ).submit(i, batch, run.spool, pool),
                    len(batch),
                )
                for i, batch in enumerate(batches)
            )
            run.drain(submissions, window_of(workers), unspooled=True)
        summary = run.finish(time.perf_counter() - clock)
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
