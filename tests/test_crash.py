"""kill -9 during a run, then the same command again: real processes, a real DuckDB file.

The run commits in load packages; the killed run shows as crashed, the next run merges what it
left complete, does only the rest, and the warehouse ends as one clean run would leave it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import duckdb

from tests.test_signals import EDUNEWS, wait_until_gone, write_pages

PAGES = 200
PACKAGE = 25  # inputs per load package: eight packages
TIMEOUT = 300.0


def command(tmp_path: Path) -> list[str]:
    return [
        EDUNEWS, "ingest", str(tmp_path / "in"), "--db", str(tmp_path / "w.duckdb"),
        "--batch-size", "25", "--package-size", str(PACKAGE),
    ]  # fmt: skip


def environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    return env | {
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }


def payload_files(tmp_path: Path) -> list[Path]:
    """The raw payload files kept so far: a package's (``<package>-<batch>.parquet``) appear
    during its merge, before its commit."""
    return sorted((tmp_path / "raw").glob("*/*.parquet"))


def packages_kept(tmp_path: Path) -> list[int]:
    """The numbers of the packages that kept payload files so far."""
    return sorted({int(path.name.split("-")[0]) for path in payload_files(tmp_path)})


def kill_when(tmp_path: Path, packages_seen: int, poll: float) -> subprocess.Popen[str]:
    """Start the run in a session of its own; kill -9 the session as soon as the payload files
    of `packages_seen` packages appear (the last is then being merged)."""
    write_pages(tmp_path / "in", PAGES)
    run = subprocess.Popen(
        command(tmp_path),
        env=environment(tmp_path),
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + TIMEOUT
    while len(packages_kept(tmp_path)) < packages_seen:
        assert run.poll() is None, run.communicate()
        assert time.monotonic() < deadline, "the run made no packages in time"
        time.sleep(poll)
    os.killpg(run.pid, signal.SIGKILL)
    run.communicate(timeout=30)
    assert wait_until_gone(run.pid, 10) == []  # no worker or server outlives it
    return run


def query(tmp_path: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def rerun_and_check(tmp_path: Path) -> tuple[object, ...]:
    """`edunews runs` shows the crash; the same command again completes; the warehouse holds
    every page once. Returns the crashed run's row (status, n_new, n_packages)."""
    shown = subprocess.run(
        [EDUNEWS, "runs", "--db", str(tmp_path / "w.duckdb")],
        env=environment(tmp_path), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert shown.returncode == 0 and "crashed" in shown.stdout, shown.stdout + shown.stderr
    again = subprocess.run(
        command(tmp_path), env=environment(tmp_path), capture_output=True, text=True,
        timeout=TIMEOUT, start_new_session=True,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert query(tmp_path, "SELECT count(*), count(DISTINCT article_id) FROM core.articles") == [
        (PAGES, PAGES)
    ]
    assert query(tmp_path, "SELECT count(*), count(DISTINCT source_uri) FROM core.article_sources")[
        0
    ] == (PAGES, PAGES)
    assert query(
        tmp_path, "SELECT count(*), count(DISTINCT (sha256, source_uri)) FROM raw.documents"
    ) == [(PAGES, PAGES)]
    assert query(tmp_path, "SELECT count(*) FROM ops.rejects") == [(0,)]
    crashed, last = query(
        tmp_path, "SELECT status, n_new, n_packages FROM ops.runs ORDER BY started_at"
    )
    assert last[0] == "completed" and int(str(crashed[1])) + int(str(last[1])) == PAGES
    referenced = {
        Path(str(f)).name
        for (f,) in query(tmp_path, "SELECT DISTINCT payload_file FROM raw.documents")
    }
    assert len(payload_files(tmp_path)) == len(referenced)  # no file of an uncommitted package
    assert list((tmp_path / "spool").iterdir()) == []
    return crashed


def test_kill_9_while_processing_loses_only_the_unfinished_work(tmp_path: Path) -> None:
    kill_when(tmp_path, packages_seen=3, poll=0.2)
    crashed = rerun_and_check(tmp_path)
    assert (
        crashed[0] == "crashed"
        and int(str(crashed[2])) >= 2
        and int(str(crashed[1])) >= 2 * PACKAGE
    )


def test_kill_9_during_a_package_merge_leaves_it_unmerged_then_merged(tmp_path: Path) -> None:
    kill_when(tmp_path, packages_seen=2, poll=0.002)
    first, second = packages_kept(tmp_path)[:2]
    loads = query(tmp_path, "SELECT package_no FROM ops.loads")
    # the second package's payload files were kept in its transaction, which never committed
    assert (first,) in loads and (second,) not in loads
    crashed = rerun_and_check(tmp_path)
    assert crashed[0] == "crashed" and int(str(crashed[2])) >= 2
