"""The process-batch task: one Prefect task run per batch, run in the flow's pool when it has one.

The work is in tasks/batch/processing.py, which pool workers import without Prefect.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import Executor

from prefect import task
from prefect.cache_policies import NO_CACHE

from schemas import BatchResult, RawDocument, SourceRef
from tasks.batch.processing import ProcessSettings, process_batch


@task(name="process-batch", cache_policy=NO_CACHE)
def process_batch_task(
    batch_no: int,
    refs: Sequence[SourceRef | RawDocument],
    spool_dir: str,
    settings: ProcessSettings,
    executor: Executor | None = None,
    stored: Mapping[str, str] | None = None,
) -> BatchResult:
    """Process one batch, in the given process pool when there is one."""
    if executor is None:
        return process_batch(batch_no, refs, spool_dir, settings, stored)
    return executor.submit(process_batch, batch_no, refs, spool_dir, settings, stored).result()
