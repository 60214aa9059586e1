"""The report flow: write the HTML report of the warehouse (the daily `report` deployment)."""

from __future__ import annotations

from datetime import date

from prefect import flow
from prefect.artifacts import create_markdown_artifact

from tasks.report.build import build_report_task


@flow(name="report")
def report(db_path: str | None = None, out: str | None = None, since: date | None = None) -> str:
    """Write the report (one self-contained HTML file) and name it in a markdown artifact.

    Args:
        db_path: DuckDB file (default: $EDUNEWS_DB or data/edunews.duckdb).
        out: The HTML file (default: report.html beside the warehouse).
        since: Only articles published on or after this day (Beijing time).

    Returns:
        The report's path.
    """
    built = build_report_task(db_path, out, since)
    create_markdown_artifact(
        markdown=f"# edunews report\n\n`{built.path}`: {built.articles} articles, "
        f"{built.deals} deals, {built.size:,} bytes, built in {built.seconds:.1f} s",
        key="report",
        description="where the edunews HTML report was written",
    )
    return str(built.path)
