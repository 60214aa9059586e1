"""The ingest flow: local files → validated articles in DuckDB, one committed run at a time."""

from __future__ import annotations

import math
import multiprocessing
import secrets
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from prefect import flow, task
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from rich.progress import Progress

from schemas import BatchResult, RunSummary, SourceRef
from tasks.load import RunInfo, load_run_task, record_failed_run
from tasks.process import ProcessSettings, process_batch_task
from tasks.read import discover_sources
from tasks.report import collect_rejects, count_reasons, publish_report_task
from warehouse.db import DatabaseLockedError, resolve_db_path

SEED_CORPUS = Path(__file__).resolve().parents[1] / "data" / "seeds"
MAX_BATCHES = (
    400  # keeps task runs per flow run in the hundreds (Prefect drops events past a few thousand)
)
MIN_BATCH = 25  # below this a batch is not worth a round trip to a worker


def new_run_id() -> str:
    """Return a sortable, unique run id such as ``20261121T231600Z-3fa9c1``."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def plan_batches(refs: list[SourceRef], batch_size: int, workers: int) -> list[list[SourceRef]]:
    """Split inputs into batches: at most MAX_BATCHES, enough to keep every worker busy."""
    if not refs:
        return [[]]
    size = min(batch_size, max(MIN_BATCH, math.ceil(len(refs) / (4 * max(workers, 1)))))
    size = max(size, math.ceil(len(refs) / MAX_BATCHES))
    return [refs[i : i + size] for i in range(0, len(refs), size)]


@contextmanager
def process_pool(workers: int, n_batches: int) -> Iterator[Executor | None]:
    """Yield a process pool for CPU-bound batches, or None when one process is enough."""
    if workers <= 1 or n_batches <= 1:
        yield None
        return
    # spawn, not fork: the flow process runs Prefect's threads, and forking them is unsafe.
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("spawn")
    ) as pool:
        yield pool


@task(name="discover-sources", cache_policy=NO_CACHE)
def discover_sources_task(sources: list[str]) -> list[SourceRef]:
    """List the files to ingest under the given paths."""
    return discover_sources(sources)


@flow(name="ingest")
def ingest(
    sources: list[str] | None = None,
    db_path: str | None = None,
    batch_size: int = 200,
    workers: int = 2,
    lock_timeout: float = 60.0,
    show_progress: bool = False,
) -> RunSummary:
    """Ingest files and directories (default: the embedded seed corpus) into the warehouse.

    Args:
        sources: Files or directories; directories are walked recursively.
        db_path: DuckDB file (default: $EDUNEWS_DB or data/edunews.duckdb).
        batch_size: Upper bound on inputs per batch task.
        workers: Processes for extraction (2 uses both cores of these machines).
        lock_timeout: Seconds to wait for a warehouse locked by another process.
        show_progress: Draw a progress bar on the terminal (the CLI sets it).
    """
    run_id, started_at, clock = new_run_id(), datetime.now(UTC), time.perf_counter()
    source_list = sources or [str(SEED_CORPUS)]
    refs = discover_sources_task(source_list)
    batches = plan_batches(refs, batch_size, workers)
    spool = resolve_db_path(db_path).parent / "spool" / run_id
    settings = ProcessSettings()
    info = RunInfo(run_id, "ingest", started_at, source_list, 0.0, _prefect_run_id(), lock_timeout)
    try:
        with process_pool(workers, len(batches)) as pool:
            results = _run_batches(batches, str(spool), settings, pool, show_progress)
        rejects = collect_rejects(results)
        info = RunInfo(
            run_id,
            "ingest",
            started_at,
            source_list,
            time.perf_counter() - clock,
            info.prefect_flow_run_id,
            lock_timeout,
            count_reasons(rejects),
        )
        summary = load_run_task(db_path, results, info)
    except DatabaseLockedError:
        raise
    except Exception as exc:
        _try_record_failure(db_path, info, exc)
        raise
    finally:
        shutil.rmtree(spool, ignore_errors=True)
    publish_report_task(summary, rejects)
    return summary


def _run_batches(
    batches: list[list[SourceRef]],
    spool: str,
    settings: ProcessSettings,
    pool: Executor | None,
    show: bool,
) -> list[BatchResult]:
    """Submit every batch, then gather results in order while reporting progress."""
    total = sum(len(b) for b in batches)
    progress_id = create_progress_artifact(
        progress=0.0, key="ingest-progress", description="inputs processed"
    )
    futures = [
        process_batch_task.with_options(
            task_run_name=f"process-batch-{i:04d}-of-{len(batches):04d}"
        ).submit(i, batch, spool, settings, pool)
        for i, batch in enumerate(batches)
    ]
    results: list[BatchResult] = []
    with Progress(disable=not show, transient=True) as bar:
        bar_task = bar.add_task("ingesting", total=total)
        for future in futures:
            result = future.result()
            results.append(result)
            bar.advance(bar_task, result.n_inputs)
            if isinstance(progress_id, UUID) and total:
                update_progress_artifact(
                    progress_id, 100.0 * sum(r.n_inputs for r in results) / total
                )
    return results


def _prefect_run_id() -> str | None:
    run_id = flow_run.get_id()
    return str(run_id) if run_id else None


def _try_record_failure(db_path: str | None, info: RunInfo, exc: Exception) -> None:
    # Best effort: the original error matters more than the bookkeeping.
    with suppress(Exception):
        record_failed_run(db_path, info, f"{type(exc).__name__}: {exc}")
