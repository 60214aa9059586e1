"""The process pool that runs CPU-bound batches on every core.

Prefect-free: a spawned worker imports this module (its initializer) and the batch functions it
is sent (tasks/batch/processing.py, enriching.py), never Prefect, so it starts in about half the
time. Each worker warms its stages up before its first batch (tasks/batch/warmup.py).

A command can start the pool early (`early_pool`), before it imports the flow: the workers then
import the stages and load their data on the other core while the flow process starts Prefect,
and the flow's `extraction_pool` takes them over.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass

PARENT_CHECK_SECONDS = 1.0  # how often a pool worker checks that its parent is alive


@dataclass
class _Early:
    """A pool a command started before its flow, until the flow takes it."""

    pool: ProcessPoolExecutor | None = None
    workers: int = 0


_early = _Early()


@contextmanager
def early_pool(workers: int) -> Iterator[None]:
    """Start `workers` warm pool workers now, for the flow run inside the block to take over.

    The workers the flow did not take (it ran in one process, or failed first) are stopped
    when the block ends. With `workers` 0 it starts none.
    """
    if workers >= 1:
        _early.pool, _early.workers = _start_pool(workers), workers
    try:
        yield
    finally:
        if _early.pool is not None:
            _stop_workers(_early.pool)
        _early.pool = None


@contextmanager
def extraction_pool(workers: int, n_batches: int) -> Iterator[Executor | None]:
    """Yield a process pool for CPU-bound batches, or None when one process is enough.

    Workers leave Ctrl-C to the flow, which stops them when it is interrupted or fails, and
    they exit by themselves when the flow's process dies (kill -9, OOM kill).
    """
    pool = _take_early(min(workers, n_batches))
    if pool is None:
        if workers <= 1 or n_batches <= 1:
            yield None
            return
        pool = _start_pool(workers)
    try:
        yield pool
    except BaseException:
        _stop_workers(pool)
        raise
    # The workers exit while the run loads its last package; the process waits for this
    # (non-daemon) thread before it ends.
    threading.Thread(target=pool.shutdown, name="extraction-pool-shutdown").start()


def _take_early(needed: int) -> ProcessPoolExecutor | None:
    """The early pool, when there is one with at least `needed` workers (else it is stopped)."""
    pool, _early.pool = _early.pool, None
    if pool is not None and _early.workers < needed:
        _stop_workers(pool)
        return None
    return pool


def _start_pool(workers: int) -> ProcessPoolExecutor:
    """Start a pool of `workers` spawned processes, each warming up as it starts."""
    # spawn, not fork: the flow process runs Prefect's threads, and forking them is unsafe.
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )
    # Start the workers now with SIGINT blocked: they inherit the mask and ignore a Ctrl-C that
    # arrives while they still import (their initializer discards it); this thread unblocks it.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        for _ in range(workers):
            pool.submit(int)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    return pool


def _start_worker(parent_pid: int) -> None:
    """Set up a pool worker: no Ctrl-C of its own, no life after its parent, stages warm."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    from tasks.batch.warmup import warm_up  # the stages: imported in the worker only

    # A stage that fails here fails again on a real input, where the run records why.
    with suppress(Exception):
        warm_up()


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
