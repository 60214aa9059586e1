"""The refresh flow: re-fetch known article pages with conditional GET; store what changed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from prefect import flow

from flows.ingest import run_ingest
from schemas import RunSummary
from tasks.web.client import FetchSettings
from warehouse.queries import due_page_urls


@flow(name="refresh")
def refresh(
    db_path: str | None = None,
    workers: int = 2,
    lock_timeout: float = 60.0,
    allow_private: bool = False,
    fetch: FetchSettings | None = None,
    show_progress: bool = False,
    now: datetime | None = None,
) -> RunSummary:
    """Re-fetch the known pages whose recheck (or retry) the crawl policy says is due, with
    conditional GET; 304s count as unchanged.

    A changed page updates its article (the previous version is kept in
    core.article_versions); a page that now fails is a reject of this run and is retried by
    later runs while it has tries left (config/crawl.toml).

    Args:
        db_path: DuckDB file (default: $EDUNEWS_DB or data/edunews.duckdb).
        workers: Processes for extraction.
        lock_timeout: Seconds to wait for a warehouse locked by another process.
        allow_private: Allow fetching loopback and private-network addresses.
        fetch: HTTP settings (timeouts, retries, per-host delay).
        show_progress: Draw a progress bar on the terminal.
        now: The run's time for the crawl schedule (default: the clock; tests set it).
    """
    http = fetch or FetchSettings()
    run_now = now or datetime.now(UTC)
    return run_ingest(
        "refresh",
        due_page_urls(db_path, run_now),
        db_path,
        batch_size=200,
        workers=workers,
        lock_timeout=lock_timeout,
        fetch=replace(http, allow_private=http.allow_private or allow_private),
        show_progress=show_progress,
        now=run_now,
    )
