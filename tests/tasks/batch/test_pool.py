"""The extraction pool: spawned workers run batches without importing Prefect."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import psutil

from schemas import BatchResult
from tasks.batch.pool import early_pool, extraction_pool
from tasks.batch.processing import process_batch
from tasks.batch.work import ProcessSettings
from tasks.sources.files import discover_sources
from tests.conftest import SEEDS


def batch_and_prefect_loaded(
    batch_no: int, files: list[str], spool_dir: str
) -> tuple[BatchResult, bool]:
    """Run a process batch in the worker; return its result and whether Prefect got imported."""
    result = process_batch(batch_no, discover_sources(files), spool_dir, ProcessSettings())
    return result, "prefect" in sys.modules


def test_pool_workers_process_batches_without_importing_prefect(tmp_path: Path) -> None:
    files = sorted(str(path) for path in SEEDS.iterdir())[:2]
    with extraction_pool(workers=2, n_batches=2) as pool:
        assert pool is not None
        futures = [
            pool.submit(batch_and_prefect_loaded, i, [file], str(tmp_path))
            for i, file in enumerate(files)
        ]
        outcomes = [future.result() for future in futures]
    assert [result.n_articles for result, _ in outcomes] == [1, 1]
    assert [prefect_loaded for _, prefect_loaded in outcomes] == [False, False]


def test_one_batch_runs_in_the_flow_process() -> None:
    with extraction_pool(workers=2, n_batches=1) as pool:
        assert pool is None


def worker_state() -> tuple[int, bool, bool]:
    """In a worker: its pid, whether its stages are warm (jieba loaded) and Prefect imported."""
    from tasks.enrich.nlp.lexicon import jieba_tokenizer

    return os.getpid(), jieba_tokenizer.cache_info().currsize == 1, "prefect" in sys.modules


def workers_running() -> set[int]:
    """The pids of this process's pool workers still running (not multiprocessing's tracker)."""
    return {p.pid for p in psutil.Process().children(recursive=True) if _running_worker(p)}


def exits(pid: int) -> bool:
    """Whether a worker process exits within 30 s."""
    try:
        psutil.Process(pid).wait(timeout=30)
    except psutil.NoSuchProcess:
        pass
    except psutil.TimeoutExpired:
        return False
    return True


def test_an_early_pool_is_taken_by_the_flow_even_for_one_batch_and_its_workers_are_warm() -> None:
    with early_pool(1):
        with extraction_pool(workers=2, n_batches=1) as pool:
            assert pool is not None
            pid, warm, prefect_loaded = pool.submit(worker_state).result()
        assert pid != os.getpid() and warm and not prefect_loaded
        assert exits(pid)  # shut down with the flow's pool (in the background)


def test_an_early_pool_too_small_for_the_run_is_replaced_by_a_full_one() -> None:
    before = workers_running()
    with early_pool(1):
        early = workers_running() - before
        with extraction_pool(workers=2, n_batches=5) as pool:
            assert pool is not None
            assert pool.submit(worker_state).result()[0] not in early
            full = workers_running() - before
    assert len(early) == 1 and len(full) == 2 and early.isdisjoint(full)
    assert all(map(exits, full))


def test_an_early_pool_the_flow_never_took_is_stopped_when_the_command_ends() -> None:
    before = workers_running()
    with early_pool(2):
        started = workers_running() - before
    assert len(started) == 2  # they ran before any batch was submitted
    assert workers_running() & started == set()


def _running_worker(process: psutil.Process) -> bool:
    try:
        alive = process.status() != psutil.STATUS_ZOMBIE
        return alive and "spawn_main" in " ".join(process.cmdline())
    except psutil.NoSuchProcess:
        return False
