"""The ingest flow: files and web sources → validated articles in DuckDB, one committed run."""

from __future__ import annotations

import math
import multiprocessing
import secrets
import shutil
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar, cast
from uuid import UUID

from prefect import flow, task
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.cache_policies import NO_CACHE
from prefect.concurrency.sync import concurrency
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from rich.progress import Progress

from schemas import BatchResult, RawDocument, RunSummary, SourceRef
from schemas.article import EXTRACTOR_VERSION
from schemas.enrichment import ENRICHER_VERSION
from tasks.batch.fetch import discover_urls_task, fetch_pages_task
from tasks.batch.process import ProcessSettings, process_batch_task
from tasks.load.merge import RunInfo, load_run_task, record_failed_run
from tasks.load.report import collect_rejects, count_reasons, publish_report_task
from tasks.sources.crawl import CrawlSettings
from tasks.sources.files import discover_sources, split_sources
from tasks.web.client import FetchSettings, Validators, known_validators
from warehouse.db import DatabaseLockedError, resolve_db_path
from warehouse.queries import current_extractions, stored_page_headers

T = TypeVar("T")
SEED_CORPUS = Path(__file__).resolve().parents[1] / "data" / "seeds"
MAX_BATCHES = (
    400  # keeps task runs per flow run in the hundreds (Prefect drops events past a few thousand)
)
MIN_BATCH = 25  # below this a batch is not worth a round trip to a worker
WRITER_LIMIT = "edunews-warehouse-writer"  # global concurrency limit around the DuckDB writer
FETCH_BATCH = 50  # page URLs per fetch task: I/O-bound, spread over hosts by tasks/fetch.py


def new_run_id() -> str:
    """Return a sortable, unique run id such as ``20261121T231600Z-3fa9c1``."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def plan_batches(refs: Sequence[T], batch_size: int, workers: int) -> list[list[T]]:
    """Split inputs into batches: at most MAX_BATCHES, enough to keep every worker busy."""
    if not refs:
        return [[]]  # one empty batch still writes the spool files the loader reads
    size = min(batch_size, max(MIN_BATCH, math.ceil(len(refs) / (4 * max(workers, 1)))))
    size = max(size, math.ceil(len(refs) / MAX_BATCHES))
    return [list(refs[i : i + size]) for i in range(0, len(refs), size)]


@contextmanager
def extraction_pool(workers: int, n_batches: int) -> Iterator[Executor | None]:
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
    allow_private: bool = False,
    fetch: FetchSettings | None = None,
    process_pool: bool = True,
    show_progress: bool = False,
    enrich: bool = True,
) -> RunSummary:
    """Ingest files, directories and URLs (default: the embedded seed corpus) into the warehouse.

    Args:
        sources: Files, directories (walked recursively), URL-list files, and http(s) URLs of
            pages, sitemaps, sitemap indexes or feeds.
        db_path: DuckDB file (default: $EDUNEWS_DB or data/edunews.duckdb).
        batch_size: Upper bound on inputs per batch task.
        workers: Processes for extraction (2 uses both cores of these machines).
        lock_timeout: Seconds to wait for a warehouse locked by another process.
        allow_private: Allow fetching loopback and private-network addresses.
        fetch: HTTP settings (timeouts, retries, per-host delay; defaults are polite).
        process_pool: Run process batches in a local process pool; off when the flow's task
            runner already spreads tasks over processes (Dask).
        show_progress: Draw a progress bar on the terminal (the CLI sets it).
        enrich: Enrich each new or changed article in the same batches (off: `edunews enrich`
            does it later from the stored text).
    """
    return run_ingest(
        "ingest",
        sources or [str(SEED_CORPUS)],
        db_path,
        batch_size=batch_size,
        workers=workers,
        lock_timeout=lock_timeout,
        fetch=replace(
            http := fetch or FetchSettings(), allow_private=http.allow_private or allow_private
        ),
        show_progress=show_progress,
        process_pool=process_pool,
        settings=ProcessSettings(enrich=enrich),
    )


def run_ingest(
    flow_name: str,
    source_list: list[str],
    db_path: str | None,
    *,
    batch_size: int,
    workers: int,
    lock_timeout: float,
    fetch: FetchSettings,
    show_progress: bool,
    process_pool: bool = True,
    settings: ProcessSettings | None = None,
) -> RunSummary:
    """Run the ingest pipeline inside a flow: expand sources, fetch, process, load, report."""
    run_id, started_at, clock = new_run_id(), datetime.now(UTC), time.perf_counter()
    paths, urls = split_sources(source_list)
    spool = str(resolve_db_path(db_path).parent / "spool" / run_id)
    crawl = CrawlSettings(fetch=fetch)
    info = RunInfo(run_id, flow_name, started_at, source_list, 0.0, prefect_run_id(), lock_timeout)
    try:
        inputs: list[SourceRef | RawDocument] = list(discover_sources_task(paths))
        page_urls: list[str] = []
        validators: dict[str, Validators] = {}
        if urls:
            validators = known_validators(stored_page_headers(db_path))
            # Known article pages go straight to the (concurrent) page fetch with their
            # validators; anything else may be a listing and is expanded first.
            page_urls = [u for u in urls if u in validators]
            others = [u for u in urls if u not in validators]
            if others:
                discovery = discover_urls_task(others, spool, crawl, validators)
                inputs.extend(discovery.pages)
                page_urls.extend(discovery.page_urls)
        _run_batches(
            inputs,
            page_urls,
            spool,
            crawl,
            validators,
            batch_size,
            workers,
            process_pool,
            show_progress,
            settings or ProcessSettings(),
            current_extractions(db_path, EXTRACTOR_VERSION, ENRICHER_VERSION),
        )
        rejects = collect_rejects(spool)
        info = RunInfo(
            run_id,
            flow_name,
            started_at,
            source_list,
            time.perf_counter() - clock,
            info.prefect_flow_run_id,
            lock_timeout,
            count_reasons(rejects),
        )
        # One warehouse writer across flows and deployments (`make deploy` creates the limit;
        # without it Prefect logs a warning and skips the slot).
        with concurrency(WRITER_LIMIT, occupy=1):
            summary = load_run_task(db_path, spool, info)
    except DatabaseLockedError:
        raise
    except Exception as exc:
        try_record_failure(db_path, info, exc)
        raise
    finally:
        shutil.rmtree(spool, ignore_errors=True)
    publish_report_task(summary, rejects)
    return summary


def _run_batches(
    inputs: list[SourceRef | RawDocument],
    page_urls: list[str],
    spool: str,
    crawl: CrawlSettings,
    validators: dict[str, Validators],
    batch_size: int,
    workers: int,
    use_pool: bool,
    show: bool,
    settings: ProcessSettings,
    stored: dict[str, str],
) -> None:
    """Fetch page batches (threads) and process every batch (process pool), reporting progress."""
    local_batches = plan_batches(inputs, batch_size, workers)
    url_batches = [page_urls[i : i + FETCH_BATCH] for i in range(0, len(page_urls), FETCH_BATCH)]
    n_batches = len(local_batches) + len(url_batches)
    total = len(inputs) + len(page_urls)
    progress_id = create_progress_artifact(
        progress=0.0, key="ingest-progress", description="inputs processed"
    )
    with extraction_pool(workers if use_pool else 1, n_batches) as pool:
        futures: list[tuple[int, PrefectFuture[BatchResult]]] = []
        for i, urls in enumerate(url_batches):
            fetched = fetch_pages_task.with_options(
                task_run_name=f"fetch-pages-{i:04d}-of-{len(url_batches):04d}"
            ).submit(i, urls, spool, crawl, validators)
            known = {u: stored[u] for u in urls if u in stored}
            futures.append(
                (
                    len(urls),
                    _process(len(futures), n_batches, fetched, spool, settings, pool, known),
                )
            )
        for batch in local_batches:
            known = {
                r.uri: stored[r.uri] for r in batch if isinstance(r, SourceRef) and r.uri in stored
            }
            futures.append(
                (len(batch), _process(len(futures), n_batches, batch, spool, settings, pool, known))
            )
        done = 0
        with Progress(disable=not show, transient=True) as bar:
            bar_task = bar.add_task("ingesting", total=total)
            for size, future in futures:
                future.result()
                done += size
                bar.advance(bar_task, size)
                if isinstance(progress_id, UUID) and total:
                    update_progress_artifact(progress_id, 100.0 * done / total)


def _process(
    number: int,
    of: int,
    batch: Sequence[SourceRef | RawDocument] | PrefectFuture[list[RawDocument]],
    spool: str,
    settings: ProcessSettings,
    pool: Executor | None,
    stored: dict[str, str],
) -> PrefectFuture[BatchResult]:
    """Submit one process batch; `batch` may be the future of a fetch batch."""
    # Prefect resolves a future argument to its result before the task runs.
    refs = cast(Sequence[SourceRef | RawDocument], batch)
    return process_batch_task.with_options(
        task_run_name=f"process-batch-{number:04d}-of-{of:04d}"
    ).submit(number, refs, spool, settings, pool, stored)


def prefect_run_id() -> str | None:
    run_id = flow_run.get_id()
    return str(run_id) if run_id else None


def try_record_failure(db_path: str | None, info: RunInfo, exc: Exception) -> None:
    # Best effort: the original error matters more than the bookkeeping.
    with suppress(Exception):
        record_failed_run(db_path, info, f"{type(exc).__name__}: {exc}")
