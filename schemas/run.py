"""Run bookkeeping: what a batch produced and what a whole run did."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class BatchResult(BaseModel):
    """Counts and spool files written by one processed batch."""

    batch_no: int
    n_inputs: int
    n_articles: int
    n_rejects: int
    spool_files: dict[str, str] = Field(description="Table name -> Parquet file written for it.")
    seconds: float


# The warehouse path is where the row is; reject reasons are counted from ops.rejects.
NOT_IN_RUNS_TABLE = frozenset({"db_path", "reject_reasons"})


class RunSummary(BaseModel):
    """What one run did; runs_row() makes it the run's ops.runs row."""

    run_id: str
    flow: str
    started_at: datetime
    finished_at: datetime
    status: str
    db_path: str
    n_seen: int
    n_new: int
    n_updated: int
    n_unchanged: int
    n_not_modified: int = Field(0, description="Pages answered 304: unchanged, not re-extracted.")
    n_enriched: int = Field(0, description="Articles whose enrichment was (re)computed and stored.")
    n_duplicate: int = Field(0, description="Inputs repeating another input's article.")
    n_rejected: int
    seconds_process: float
    seconds_load: float
    seconds_index: float | None = Field(
        default=None,
        description="Seconds to rebuild the search index; None when it was up to date.",
    )
    n_requests: int = Field(
        default=0, description="HTTP requests made (retries, redirects, robots.txt)."
    )
    n_listing_requests: int = Field(default=0, description="Requests for sitemaps and feeds.")
    n_new_page_requests: int = Field(
        default=0, description="Requests for pages never fetched before."
    )
    n_recheck_requests: int = Field(
        default=0, description="Requests for known pages (rechecks, changes)."
    )
    n_responses_304: int = Field(
        default=0, description="Answers 304 Not Modified (pages and listings)."
    )
    freshness_p50_seconds: float | None = Field(
        default=None,
        description="Median seconds from a new article's first appearance to its commit.",
    )
    freshness_p95_seconds: float | None = Field(
        default=None, description="The same, 95th percentile."
    )
    n_packages: int = Field(0, description="Load packages committed (each one transaction).")
    reject_reasons: dict[str, int] = Field(default_factory=dict)

    def runs_row(
        self, sources: list[str], prefect_flow_run_id: str | None, error: str | None = None
    ) -> dict[str, object]:
        """Return the run's ops.runs row, for completed and failed runs alike.

        Args:
            sources: What the run read (files, folders, URLs).
            prefect_flow_run_id: The Prefect flow run it ran in, if any.
            error: Why it failed (None when it completed).

        Returns:
            Column name -> value: every field but those kept elsewhere (NOT_IN_RUNS_TABLE).
        """
        row = self.model_dump(exclude=set(NOT_IN_RUNS_TABLE))
        return row | {
            "sources": sources,
            "prefect_flow_run_id": prefect_flow_run_id,
            "error": error,
        }


class PackageSummary(BaseModel):
    """What one committed load package added: its ops.loads row, the package's commit marker."""

    run_id: str
    package_no: int
    committed_at: datetime
    n_seen: int
    n_new: int
    n_updated: int
    n_unchanged: int
    n_not_modified: int
    n_duplicate: int
    n_rejected: int
    n_enriched: int
    n_stories: int = Field(description="Articles that joined or changed a story.")
    n_requests: int
    n_listing_requests: int
    n_new_page_requests: int
    n_recheck_requests: int
    n_responses_304: int
    seconds: float = Field(description="The merge: transaction, commit and checkpoint.")
