"""The listings the CLI prints: recent runs, a run's rejects, an analyst's query."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest

from tests.warehouse import rows
from warehouse.queries import QueryFailedError
from warehouse.reports import Listing, recent_runs, run_query, run_rejects

RUN_COLUMNS = [
    "run_id", "status", "started_at", "seconds", "n_seen", "n_new", "n_updated", "n_unchanged",
    "n_duplicate", "n_rejected", "packages",
]  # fmt: skip


@pytest.fixture
def db(tmp_path) -> str:
    """Three runs (the newest failed) with rejects in the two completed ones."""
    path = tmp_path / "w.duckdb"
    with rows.build(path) as con:
        for i, status in enumerate(("completed", "completed", "failed")):
            rows.run(con, f"run-{i}", status, rows.NOW + timedelta(hours=i), n_seen=10 + i)
        rows.reject(con, "run-0", "/in/old.txt", "read", "empty")
        rows.reject(con, "run-1", "/in/b.txt", "extract", "no_text")
        rows.reject(con, "run-1", "/in/a.png", "read", "binary")
    return str(path)


def test_a_running_run_whose_process_is_gone_shows_as_crashed(tmp_path):
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    path = tmp_path / "w.duckdb"
    with rows.build(path) as con:
        rows.run(con, "dead", "running", rows.NOW, pid=int(gone.stdout), n_packages=3)
        rows.run(con, "alive", "running", rows.NOW + timedelta(hours=1), pid=os.getpid())
        rows.run(con, "elsewhere", "running", rows.NOW + timedelta(hours=2))  # no host known
    listing = recent_runs(str(path), limit=5)
    shown = [(r[0], r[1], r[-1]) for r in listing.rows]
    assert shown == [("elsewhere", "running", 0), ("alive", "running", 0), ("dead", "crashed", 3)]


def test_recent_runs_are_newest_first_with_their_seconds(db):
    listing = recent_runs(db, limit=2)
    assert listing.columns == RUN_COLUMNS
    assert [(r[0], r[1], r[3], r[4]) for r in listing.rows] == [
        ("run-2", "failed", 2.5, 12),
        ("run-1", "completed", 2.5, 11),
    ]
    assert listing.rows[0][2] == rows.NOW + timedelta(hours=2)


def test_run_rejects_default_to_the_latest_completed_run(db):
    latest = run_rejects(db, None, limit=100)
    assert latest == Listing(
        ["run_id", "source_uri", "stage", "reason", "detail"],
        [
            ("run-1", "/in/a.png", "read", "binary", "binary at /in/a.png"),
            ("run-1", "/in/b.txt", "extract", "no_text", "no_text at /in/b.txt"),
        ],
    )
    assert [r[1] for r in run_rejects(db, "run-0", limit=100).rows] == ["/in/old.txt"]
    assert len(run_rejects(db, None, limit=1).rows) == 1


def test_run_query_runs_the_text_as_given_and_refuses_writes(db):
    listing = run_query(db, "SELECT count(*) AS n, max(n_seen) AS most FROM ops.runs")
    assert listing == Listing(["n", "most"], [(3, 12)])
    with pytest.raises(QueryFailedError, match="read-only"):
        run_query(db, "DELETE FROM ops.runs")
    with pytest.raises(QueryFailedError, match="syntax error"):
        run_query(db, "SELEC 1")
    assert run_query(db, "SELECT count(*) FROM ops.runs").rows == [(3,)]  # nothing was deleted


def test_listings_of_a_missing_warehouse_say_to_ingest_first(tmp_path):
    missing = str(tmp_path / "none.duckdb")
    for read in (
        lambda: recent_runs(missing, 20),
        lambda: run_rejects(missing, None, 100),
        lambda: run_query(missing, "SELECT 1"),
    ):
        with pytest.raises(FileNotFoundError, match="run `edunews ingest` first"):
            read()
