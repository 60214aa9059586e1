"""The ingest flow: files and web sources → validated articles in DuckDB, one committed run."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import replace
from datetime import UTC, datetime
from typing import TypeVar, cast
from uuid import UUID

from prefect import flow, task
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from rich.progress import Progress

from flows.runs import PackagePolicy, RunLifecycle, Submitted, run_lifecycle, window_of
from schemas import BatchResult, RawDocument, RunSummary, SourceRef
from schemas.article import EXTRACTOR_VERSION
from schemas.enrichment import ENRICHER_VERSION
from tasks.batch.fetch import (
    PageSchedule,
    WebWork,
    discover_urls_task,
    fetch_pages_task,
    fetch_stem,
    spool_plan_task,
)
from tasks.batch.planning import MAX_BATCHES, chunks, plan_batches
from tasks.batch.pool import extraction_pool
from tasks.batch.process import process_batch_task
from tasks.batch.work import ProcessSettings
from tasks.load.report import publish_report_task, stored_rejects
from tasks.sources.crawl import CrawlSettings
from tasks.sources.files import SEED_CORPUS, discover_sources, split_sources
from tasks.sources.policy import load_policy
from tasks.sources.schedule import crawl_validators, plan_pages
from tasks.web.client import FetchSettings, Validators, known_validators
from warehouse.queries import current_extractions, stored_page_headers, url_states

T = TypeVar("T")
FETCH_BATCH = (
    50  # page URLs per fetch task: I/O-bound, spread over hosts by tasks/web/politeness.py
)


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
    force: bool = False,
    now: datetime | None = None,
    package_size: int = PackagePolicy.inputs,
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
        force: Poll every listing, also those whose next poll is not due.
        now: The run's time for the crawl schedule (default: the clock; tests set it).
        package_size: Inputs per load package: the run commits each package as it goes.
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
        force=force,
        now=now,
        packages=PackagePolicy(inputs=package_size),
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
    force: bool = False,
    now: datetime | None = None,
    packages: PackagePolicy | None = None,
) -> RunSummary:
    """Run the ingest pipeline inside a flow: expand sources, fetch, process and load in
    packages, report."""
    started_at, clock = datetime.now(UTC), time.perf_counter()
    run_now = now or started_at
    paths, urls = split_sources(source_list)
    crawl = CrawlSettings(fetch=fetch, policy=load_policy(), force=force)
    process = settings or ProcessSettings()
    with run_lifecycle(
        db_path, flow_name, started_at, source_list, lock_timeout, run_now - started_at, packages
    ) as run:
        inputs: list[SourceRef | RawDocument] = list(discover_sources_task(paths))
        web = _plan_web(urls, run.spool, crawl, db_path, run_now)
        inputs.extend(web.pages)
        _run_batches(
            run,
            inputs,
            web.page_urls,
            crawl,
            web.validators,
            web.schedule,
            batch_size,
            workers,
            process_pool,
            show_progress,
            process,
            current_extractions(
                db_path, EXTRACTOR_VERSION, ENRICHER_VERSION if process.enrich else None
            ),
        )
        # The listings' new state goes last: a run that dies before its pages are stored
        # leaves the listings due, so that the next run finds those pages again.
        run.add_stems("discover", "plan")
        summary = run.finish(time.perf_counter() - clock)
    publish_report_task(summary, stored_rejects(db_path, summary.run_id))
    return summary


def _plan_web(
    urls: list[str], spool: str, crawl: CrawlSettings, db_path: str | None, now: datetime
) -> WebWork:
    """Expand the URL sources that are due and decide which pages to fetch."""
    if not urls:
        return WebWork([], [], {}, PageSchedule(now))
    known = url_states(db_path)
    validators = crawl_validators(known_validators(stored_page_headers(db_path)), known)
    # Known pages go straight to the (concurrent) page fetch with their validators; anything
    # else may be a listing and is expanded first.
    given = [u for u in urls if u in validators]
    others = [u for u in urls if u not in validators]
    states = {u: known[u] for u in given if u in known}
    if not others:
        return WebWork([], given, validators, PageSchedule(now, states))
    discovery = discover_urls_task(others, spool, crawl, validators, known, now)
    # Of the listed pages only the new, the changed and the due are fetched.
    plan = plan_pages(discovery.listed, known, discovery.considered, now)
    spool_plan_task(spool, plan.unfetched())
    schedule = PageSchedule(
        now, states | plan.states, frozenset(plan.changed), discovery.robots_rules
    )
    return WebWork(discovery.pages, given + plan.urls, validators, schedule)


def plan_ingest(
    inputs: Sequence[T], page_urls: list[str], batch_size: int, workers: int
) -> tuple[list[list[T]], list[list[str]]]:
    """Split a run's local inputs and page URLs into batches within the task-run budget.

    A URL batch costs two task runs (fetch, process); with local inputs as well it gets a
    quarter of the budget, else half of what the one local batch leaves.
    """
    url_batches = chunks(page_urls, FETCH_BATCH, (MAX_BATCHES - 1) // (4 if inputs else 2))
    local = plan_batches(inputs, batch_size, workers, MAX_BATCHES - 2 * len(url_batches))
    return local, url_batches


def _run_batches(
    run: RunLifecycle,
    inputs: list[SourceRef | RawDocument],
    page_urls: list[str],
    crawl: CrawlSettings,
    validators: dict[str, Validators],
    schedule: PageSchedule,
    batch_size: int,
    workers: int,
    use_pool: bool,
    show: bool,
    settings: ProcessSettings,
    stored: dict[str, str],
) -> None:
    """Fetch page batches (threads) and process every batch (process pool), a few in flight at
    a time, handing each finished one to the run's load packages; report progress."""
    local_batches, url_batches = plan_ingest(inputs, page_urls, batch_size, workers)
    n_batches = len(local_batches) + len(url_batches)
    total = len(inputs) + len(page_urls)
    progress_id = create_progress_artifact(
        progress=0.0, key="ingest-progress", description="inputs processed"
    )

    def submissions(pool: Executor | None) -> Iterator[Submitted]:
        for i, urls in enumerate(url_batches):
            fetched = fetch_pages_task.with_options(
                task_run_name=f"fetch-pages-{i:04d}-of-{len(url_batches):04d}"
            ).submit(i, urls, run.spool, crawl, validators, schedule.of(urls))
            known = {u: stored[u] for u in urls if u in stored}
            future = _process(i, n_batches, fetched, run.spool, settings, pool, known)
            yield Submitted(future, len(urls), [fetch_stem(i)])
        for number, batch in enumerate(local_batches, start=len(url_batches)):
            known = {
                r.uri: stored[r.uri] for r in batch if isinstance(r, SourceRef) and r.uri in stored
            }
            future = _process(number, n_batches, batch, run.spool, settings, pool, known)
            yield Submitted(future, len(batch))

    with (
        extraction_pool(workers if use_pool else 1, n_batches) as pool,
        Progress(disable=not show, transient=True) as bar,
    ):
        bar_task = bar.add_task("ingesting", total=total)
        done = 0

        def advance(size: int) -> None:
            nonlocal done
            done += size
            bar.advance(bar_task, size)
            if isinstance(progress_id, UUID) and total:
                update_progress_artifact(progress_id, 100.0 * done / total)

        run.drain(submissions(pool), window_of(workers), advance)


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
