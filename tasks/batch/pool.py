"""The process pool that runs CPU-bound batches on every core.

Prefect-free: a spawned worker imports this module (its initializer) and the batch functions it
is sent (tasks/batch/processing.py, enriching.py), never Prefect, so it starts in about half the
time. A command can start the pool early (`early_pool`): its first worker then imports the
stages and loads their data while the command imports Prefect and starts the flow run.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager

PARENT_CHECK_SECONDS = 1.0  # how often a pool worker checks that its parent is alive
_early: list[ProcessPoolExecutor] = []  # a pool started by early_pool, until a flow takes it


@contextmanager
def early_pool(workers: int, enrich: bool) -> Iterator[None]:
    """Start the extraction pool now with one worker, for the flow run in this block to take.

    The worker imports the stages and loads their dictionaries (enrichment's too when `enrich`)
    on the other core while this process imports Prefect and starts the run; `extraction_pool`
    then uses it even for a single batch, and adds workers when there are more batches. The
    pool is stopped at the end of the block if no flow took it.
    """
    if workers <= 1:
        yield
        return
    pool = _new_pool(workers, warm=True, enrich=enrich)
    _start_workers(pool, 1)
    _early.append(pool)
    try:
        yield
    except BaseException:
        if _early:
            _stop_workers(_early.pop())
        raise
    if _early:
        _early.pop().shutdown(wait=True)


@contextmanager
def extraction_pool(workers: int, n_batches: int) -> Iterator[Executor | None]:
    """Yield a process pool for CPU-bound batches, or None when one process is enough.

    Workers leave Ctrl-C to the flow, which stops them when it is interrupted or fails, and
    they exit by themselves when the flow's process dies (kill -9, OOM kill).
    """
    if _early and workers > 1:
        pool = _early.pop()  # its worker is ready or nearly: worth it for one batch too
    elif workers <= 1 or n_batches <= 1:
        yield None
        return
    else:
        pool = _new_pool(workers, warm=False, enrich=False)
    if n_batches > 1:
        _start_workers(pool, workers)
    try:
        yield pool
    except BaseException:
        _stop_workers(pool)
        raise
    pool.shutdown(wait=True)


def _new_pool(workers: int, warm: bool, enrich: bool) -> ProcessPoolExecutor:
    # spawn, not fork: the flow process runs Prefect's threads, and forking them is unsafe.
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(os.getpid(), warm, enrich),
    )


def _start_workers(pool: ProcessPoolExecutor, count: int) -> None:
    """Start up to `count` workers now (the pool adds one per task submitted while all are busy).

    SIGINT is blocked meanwhile: workers inherit the mask and ignore a Ctrl-C that arrives while
    they still import (their initializer discards it); this thread unblocks it.
    """
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        for _ in range(count):
            pool.submit(int)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _start_worker(parent_pid: int, warm: bool, enrich: bool) -> None:
    """Set up a pool worker: no Ctrl-C of its own, no life after its parent, and when `warm`
    the stages imported and their data loaded (enrichment's with `enrich`) before any batch."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    if warm:
        from tasks.batch.processing import load_stage_data

        load_stage_data(enrich)


def _exit_with_parent(parent_pid: int) -> None:
    """Exit the worker as soon as its parent is gone (it is then adopted by another process)."""
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: cancel what has not started and terminate the running workers."""
    # Python 3.11 has no public way to stop running workers (3.14 adds terminate_workers).
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)
