"""Load stage: merge a run's load packages into the warehouse, each in one short transaction
whose last row (ops.loads) marks it committed."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from duckdb import DuckDBPyConnection
from prefect import task
from prefect.cache_policies import NO_CACHE

from schemas import RunSummary
from schemas.run import PackageSummary
from tasks.load.packages import Package
from tasks.load.run_info import RunInfo
from tasks.load.runs import finish_run, run_logger, run_summary, write_run_row
from tasks.load.spool import TABLES
from tasks.load.stories import assign_stories
from warehouse.db import execute_script, open_warehouse, read_sql, resolve_db_path
from warehouse.raw import keep_payloads, remove_unreferenced_payloads

# Seconds between read copies during a run: each copies the whole warehouse file (1.9 s at
# 100,000 articles, README), and a run over a large unchanged directory commits a package every
# second or two. Readers see a package's commit at most this late; the run's end always publishes.
PUBLISH_EVERY = 30.0


def load_package(db_path: str | None, package: Package, run: RunInfo) -> PackageSummary | None:
    """Merge one load package into the warehouse in one transaction, its ops.loads row last.

    The run's ops.runs row is brought up to date in the same transaction. If anything fails,
    nothing of the package is written; a package already committed is not merged again.

    Args:
        db_path: Warehouse path (None: $EDUNEWS_DB or the default).
        package: The sealed package (its spool files).
        run: The run it belongs to.

    Returns:
        What the package added (its ops.loads row), or None when it was committed before.

    Raises:
        DatabaseLockedError: another process kept the warehouse locked past run.lock_timeout.
    """
    files = {table: package.table_files(table) for table in TABLES}
    folder = resolve_db_path(db_path).parent
    started = time.perf_counter()
    with open_warehouse(
        db_path, lock_timeout=run.lock_timeout, publish_min_age=PUBLISH_EVERY
    ) as con:
        if _committed(con, run.run_id, package.number):
            return None
        remove_unreferenced_payloads(con, folder)  # a failed load's file: never committed
        con.execute("BEGIN TRANSACTION")
        try:
            load = _merge(con, folder, files, package, run)
            load = load.model_copy(update={"seconds": time.perf_counter() - started})
            con.execute(read_sql("insert_load"), {"load": load.model_dump()})
            write_run_row(con, run_summary(con, run, "running", db_path), run)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        # The package's time includes COMMIT and the checkpoint that writes the WAL to the file.
        con.execute("CHECKPOINT")
        seconds = time.perf_counter() - started
        con.execute(
            "UPDATE ops.loads SET seconds = ? WHERE run_id = ? AND package_no = ?",
            [seconds, run.run_id, package.number],
        )
    run_logger().info(
        "package %d of run %s: %d inputs, %d new, %d updated, %d rejected in %.2f s",
        package.number, run.run_id, load.n_seen, load.n_new, load.n_updated, load.n_rejected,
        seconds,
    )  # fmt: skip
    return load.model_copy(update={"seconds": seconds})


def _merge(
    con: DuckDBPyConnection,
    folder: Path,
    files: dict[str, list[str]],
    package: Package,
    run: RunInfo,
) -> PackageSummary:
    """The package's statements, inside its transaction; return its counts."""
    spool = con.execute(
        read_sql("count_spool"), {k: files[k] for k in ("articles", "rejects", "not_modified")}
    ).fetchone()
    assert spool is not None
    n_article_inputs, n_rejected, n_not_modified = (int(c) for c in spool)
    con.execute(read_sql("stage_articles"), {"files": files["articles"]})
    counts = con.execute(read_sql("count_changes")).fetchone()
    assert counts is not None
    n_new, n_updated, n_unchanged = (int(c) for c in counts)
    keep_payloads(con, folder, f"{run.run_id}/{package.number:05d}", files["payloads"])
    requests = _merge_crawl_state(con, files, run)
    for statement, table in (
        ("archive_changed_articles", None),
        ("merge_articles", None),
        ("insert_article_sources", "articles"),
        ("insert_documents", "documents"),
        ("insert_rejects", "rejects"),
        ("insert_fetch_log", "fetch_log"),
    ):
        params: dict[str, object] = {"run_id": run.run_id}
        params |= {"files": files[table]} if table else {}
        con.execute(read_sql(statement), params)
    n_enriched = _merge_enrichments(con, files, run.run_id)
    n_stories = assign_stories(con, files["signatures"], run.run_id)
    return PackageSummary(
        run_id=run.run_id,
        package_no=package.number,
        committed_at=datetime.now(UTC),
        n_seen=n_article_inputs + n_rejected + n_not_modified + package.unspooled_inputs,
        n_new=n_new,
        n_updated=n_updated,
        n_unchanged=n_unchanged + n_not_modified,
        n_not_modified=n_not_modified,
        n_duplicate=n_article_inputs - (n_new + n_updated + n_unchanged),
        n_rejected=n_rejected,
        n_enriched=n_enriched,
        n_stories=n_stories,
        seconds=0.0,
        **requests,
    )


def _committed(con: DuckDBPyConnection, run_id: str, package_no: int) -> bool:
    row = con.execute(
        "SELECT count(*) FROM ops.loads WHERE run_id = ? AND package_no = ?", [run_id, package_no]
    ).fetchone()
    return bool(row and row[0])


def load_run(db_path: str | None, spool_dir: str, run: RunInfo) -> RunSummary:
    """Merge a whole spool folder as the run's one package and finish the run (tests, benches)."""
    files = tuple(sorted(str(p) for p in Path(spool_dir).glob("*.parquet")))
    load_package(db_path, Package(0, files, 0), run)
    return finish_run(db_path, run, "completed")


def _merge_crawl_state(
    con: DuckDBPyConnection, files: dict[str, list[str]], run: RunInfo
) -> dict[str, int]:
    """Record the freshness of the package's new articles (before they are merged), store the
    crawl states, and return the package's request counts."""
    committed_at = datetime.now(UTC) + run.time_shift
    params = {"run_id": run.run_id, "files": files["url_state"], "committed_at": committed_at}
    con.execute(read_sql("insert_freshness"), params)
    con.execute(read_sql("merge_url_state"), {"files": files["url_state"]})
    cursor = con.execute(read_sql("count_requests"), {"files": files["fetch_log"]})
    row = cursor.fetchone()
    assert row is not None
    return {d[0]: int(v) for d, v in zip(cursor.description, row, strict=True)}


def _merge_enrichments(con: DuckDBPyConnection, files: dict[str, list[str]], run_id: str) -> int:
    """Replace the enrich.* rows of every article whose enrichment is new or out of date."""
    con.execute(read_sql("stage_enrichments"), {"files": files["enrich_articles"]})
    execute_script(con, "merge_enrichments", files | {"run_id": run_id})
    con.execute(read_sql("insert_entities"))
    row = con.execute("SELECT count(*) FROM stage_enrichments").fetchone()
    return int(row[0]) if row else 0


@task(name="load-package", cache_policy=NO_CACHE)
def load_package_task(db_path: str | None, package: Package, run: RunInfo) -> PackageSummary | None:
    """Merge one load package of the run (one transaction, its ops.loads row last)."""
    return load_package(db_path, package, run)
