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


class RunSummary(BaseModel):
    """What one ingest run did; mirrors the ops.runs row."""

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
    reject_reasons: dict[str, int] = Field(default_factory=dict)
