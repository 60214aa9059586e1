"""Batch planning (the task-run budget holds whatever the run's size) and stopping on Ctrl-C."""

from __future__ import annotations

import os
import signal
import threading
from datetime import UTC, datetime

import duckdb
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate

import flows.runs
from flows.ingest import FETCH_BATCH, ingest, plan_ingest
from flows.runs import (
    WRITER_LIMIT,
    PackagePolicy,
    RunLifecycle,
    run_lifecycle,
    watch_ctrl_c,
    writer_limit_exists,
    writer_slot,
)
from tasks.batch.planning import MAX_TASK_RUNS, MIN_BATCH, chunks, plan_batches
from tasks.load.packages import RunFolder
from tasks.load.run_info import RunInfo
from tests.conftest import SEEDS

FIXED_TASK_RUNS = 4  # discover sources, discover URLs, plan, load


def task_runs(local: list[list[str]], urls: list[list[str]]) -> int:
    return FIXED_TASK_RUNS + len(local) + 2 * len(urls)


@pytest.mark.parametrize(
    ("n_files", "n_urls"),
    [(0, 100_000), (50_000, 100_000), (1_000_000, 0), (3, 7), (0, 0), (120, 2_000_000)],
)
def test_an_ingest_stays_within_the_task_run_budget(n_files, n_urls):
    files = [f"/in/{i}.html" for i in range(n_files)]
    urls = [f"https://news.example.cn/{i}.html" for i in range(n_urls)]
    local, url_batches = plan_ingest(files, urls, batch_size=500, workers=2)
    assert task_runs(local, url_batches) <= MAX_TASK_RUNS
    assert [f for batch in local for f in batch] == files  # every input once, in order
    assert [u for batch in url_batches for u in batch] == urls


def test_small_runs_keep_small_batches_for_both_workers():
    files = [f"/in/{i}.html" for i in range(400)]
    urls = [f"https://news.example.cn/{i}.html" for i in range(120)]
    local, url_batches = plan_ingest(files, urls, batch_size=500, workers=2)
    assert [len(b) for b in url_batches] == [FETCH_BATCH, FETCH_BATCH, 120 - 2 * FETCH_BATCH]
    assert len(local) == 400 // max(MIN_BATCH, 400 // 8) and all(len(b) == 50 for b in local)


def test_plan_batches_gives_an_empty_run_one_empty_batch():
    assert plan_batches([], batch_size=500, workers=2) == [[]]


def test_chunks_grow_to_stay_within_the_limit():
    assert chunks(list(range(10)), 3, 100) == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    assert chunks(list(range(10)), 3, 2) == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    assert chunks([], 3, 2) == []


def test_a_ctrl_c_that_duckdb_turned_into_a_query_error_still_stops_the_run(tmp_path):
    info = RunInfo("r1", "ingest", datetime.now(UTC), ["/in"])
    run = RunLifecycle(None, info, RunFolder.create(tmp_path, info), PackagePolicy())
    previous = signal.getsignal(signal.SIGINT)
    watch_ctrl_c()
    try:
        with pytest.raises(RuntimeError, match="[Ii]nterrupted"):
            interrupted_query()
        with pytest.raises(KeyboardInterrupt):
            run.add_group([], 0)  # the next finished batch stops the run
    finally:
        signal.signal(signal.SIGINT, previous)
        flows.runs._ctrl_c.clear()


def interrupted_query() -> None:
    """Run a long DuckDB query and press Ctrl-C during it: DuckDB answers the SIGINT with its
    own error ("Query interrupted") and eats the KeyboardInterrupt."""
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        duckdb.connect().execute("SELECT count(*) FROM range(20000000000) t(i) WHERE i % 7 = 3")
    finally:
        timer.join()


@pytest.mark.usefixtures("prefect_harness")
def test_a_ctrl_c_during_a_package_merge_records_the_run_as_interrupted(tmp_path):
    db = tmp_path / "w.duckdb"
    previous = signal.getsignal(signal.SIGINT)
    watch_ctrl_c()
    try:
        with (
            pytest.raises(KeyboardInterrupt),
            run_lifecycle(str(db), "ingest", datetime.now(UTC), ["/in"], 5.0),
        ):
            interrupted_query()  # as in a package merge: the error reaches the lifecycle
    finally:
        signal.signal(signal.SIGINT, previous)
        flows.runs._ctrl_c.clear()
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT status, error FROM ops.runs").fetchall() == [
            ("interrupted", "interrupted (SIGINT)")
        ]


@pytest.mark.usefixtures("prefect_harness")
def test_runs_hold_the_writer_slot_only_when_the_server_has_the_limit(tmp_path) -> None:
    assert not writer_limit_exists()
    with get_client(sync_client=True) as client:
        client.create_global_concurrency_limit(
            GlobalConcurrencyLimitCreate(name=WRITER_LIMIT, limit=1)
        )
        try:
            assert writer_limit_exists()
            with writer_slot(True):
                limit = client.read_global_concurrency_limit_by_name(WRITER_LIMIT)
                assert limit.active_slots == 1
            summary = ingest(sources=[str(SEEDS)], db_path=str(tmp_path / "w.duckdb"))
            assert (summary.status, summary.n_new) == ("completed", 5)
        finally:
            client.delete_global_concurrency_limit_by_name(WRITER_LIMIT)
    assert not writer_limit_exists()
