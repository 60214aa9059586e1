"""The process-batch task: one Prefect task run per batch, run in the flow's pool when it has one.

The work is in tasks/batch/processing.py, which pool workers import without Prefect (through
tasks/batch/work.py, so that the flow process does not import it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import Executor

from prefect import task
from prefect.cache_policies import NO_CACHE

from schemas import BatchResult, RawDocument, SourceRef
from tasks.batch.work import ProcessSettings, run_process_batch


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
        return run_process_batch(batch_no, refs, spool_dir, settings, stored)
    return executor.submit(run_process_batch, batch_no, refs, spool_dir, settings, stored).result()
