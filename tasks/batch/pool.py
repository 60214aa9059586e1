"""The process pool that runs CPU-bound batches on every core.

Prefect-free: a spawned worker imports this module (its initializer) and the batch functions it
is sent (tasks/batch/processing.py, enriching.py), never Prefect, so it starts in about half the
time.
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


@contextmanager
def extraction_pool(workers: int, n_batches: int) -> Iterator[Executor | None]:
    """Yield a process pool for CPU-bound batches, or None when one process is enough.

    Workers leave Ctrl-C to the flow, which stops them when it is interrupted or fails, and
    they exit by themselves when the flow's process dies (kill -9, OOM kill).
    """
    if workers <= 1 or n_batches <= 1:
        yield None
        return
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
    try:
        yield pool
    except BaseException:
        _stop_workers(pool)
        raise
    pool.shutdown(wait=True)


def _start_worker(parent_pid: int) -> None:
    """Set up a pool worker: no Ctrl-C of its own, and no life after its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()


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
