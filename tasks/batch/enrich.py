"""The enrich-batch task (the enrich flow); the work is in tasks/batch/enriching.py."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor

from prefect import task
from prefect.cache_policies import NO_CACHE

from schemas import BatchResult
from schemas.enrichment import EnrichInput
from tasks.batch.enriching import enrich_batch


@task(name="enrich-batch", cache_policy=NO_CACHE)
def enrich_batch_task(
    batch_no: int, items: Sequence[EnrichInput], spool_dir: str, executor: Executor | None = None
) -> BatchResult:
    """Enrich one batch, in the given process pool when there is one."""
    if executor is None:
        return enrich_batch(batch_no, items, spool_dir)
    return executor.submit(enrich_batch, batch_no, items, spool_dir).result()
