"""Report stage: the run summary and rejects as Prefect artifacts (and plain text for the CLI)."""

from __future__ import annotations

from prefect import task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from schemas import RunSummary
from schemas.enrichment import ENRICHER_VERSION
from warehouse.db import DatabaseLockedError, default_report_path
from warehouse.reports import run_rejects

MAX_REJECT_ROWS = 500  # the UI table stays readable; ops.rejects has them all


def stored_rejects(db_path: str | None, run_id: str) -> list[dict[str, str]]:
    """Return the first MAX_REJECT_ROWS rejects of a run (source, stage, reason, detail); one
    row saying where to find them when another process holds the warehouse."""
    try:
        listing = run_rejects(db_path, run_id, MAX_REJECT_ROWS)
    except DatabaseLockedError:
        detail = f"the warehouse was busy: `edunews rejects --run {run_id}` lists them"
        return [{"source_uri": "", "stage": "", "reason": "not read", "detail": detail}]
    return [
        {
            name: str(value)
            for name, value in zip(listing.columns, row, strict=True)
            if name != "run_id"
        }
        for row in listing.rows
    ]


def render_summary(summary: RunSummary) -> str:
    """Return the run summary as Markdown."""
    total = summary.seconds_process + summary.seconds_load + (summary.seconds_index or 0.0)
    index = (
        "unchanged" if summary.seconds_index is None else f"rebuilt {summary.seconds_index:.2f} s"
    )
    rate = summary.n_seen / summary.seconds_process if summary.seconds_process else 0.0
    reasons = ", ".join(f"{k}: {v}" for k, v in summary.reject_reasons.items()) or "none"
    return "\n".join(
        [
            f"# edunews {summary.flow} run `{summary.run_id}`",
            "",
            "| inputs seen | new | updated | unchanged | duplicate | rejected |",
            "|---:|---:|---:|---:|---:|---:|",
            f"| {summary.n_seen} | {summary.n_new} | {summary.n_updated} | {summary.n_unchanged} "
            f"| {summary.n_duplicate} | {summary.n_rejected} |",
            "",
            f"- status: **{summary.status}**",
            f"- unchanged inputs not re-extracted (HTTP 304, or the stored bytes): "
            f"{summary.n_not_modified}",
            f"- enriched (entities, events, metrics; {ENRICHER_VERSION}): {summary.n_enriched}",
            f"- reject reasons: {reasons}",
            f"- requests: {summary.n_requests} (listings {summary.n_listing_requests}, "
            f"new pages {summary.n_new_page_requests}, rechecks {summary.n_recheck_requests}; "
            f"{summary.n_responses_304} answered 304)",
            f"- freshness of new articles: p50 {_duration(summary.freshness_p50_seconds)}, "
            f"p95 {_duration(summary.freshness_p95_seconds)}",
            f"- timings: process {summary.seconds_process:.2f} s ({rate:.1f} inputs/s), "
            f"load {summary.seconds_load:.2f} s, search index {index}, total {total:.2f} s",
            f"- warehouse: `{summary.db_path}`",
            f"- report: `{default_report_path(summary.db_path)}` (`edunews report`; "
            "the `report` deployment writes it daily)",
        ]
    )


def _duration(seconds: float | None) -> str:
    """Say a duration the way a person reads it: 42 s, 12.5 min, 3.2 h, 4.0 d."""
    if seconds is None:
        return "-"
    for unit, size in (("d", 86400.0), ("h", 3600.0), ("min", 60.0)):
        if seconds >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.0f} s"


@task(name="publish-report", cache_policy=NO_CACHE)
def publish_report_task(summary: RunSummary, rejects: list[dict[str, str]]) -> None:
    """Publish the run summary (markdown) and its rejects (table) as artifacts."""
    create_markdown_artifact(
        markdown=render_summary(summary),
        key="ingest-summary",
        description="edunews ingest run summary",
    )
    table = rejects[:MAX_REJECT_ROWS] or [
        {"source_uri": "", "stage": "", "reason": "no rejects", "detail": ""}
    ]
    create_table_artifact(
        table=table, key="ingest-rejects", description=f"rejects of run {summary.run_id}"
    )
