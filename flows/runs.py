"""What every flow run shares: its id, its batches, its worker pool, and a guarded load.

`guarded_run` owns a run's spool folder: it merges what earlier runs could not load, records a
failed run in `ops.runs` (best effort), merges the spool under the one-writer limit, and removes
the spool when the run ends, unless the warehouse stayed locked: then the next run merges it.
"""

from __future__ import annotations

import math
import secrets
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from prefect import get_run_logger
from prefect.concurrency.sync import concurrency
from prefect.runtime import flow_run

from schemas import RunSummary
from schemas.story import SIGNER_VERSION
from tasks.batch.sign import sign_stored_task
from tasks.load.merge import RunInfo, load_run_task, record_failed_run
from tasks.load.pending import (
    claim,
    keep_for_next_run,
    pending_loads,
    remove_orphans,
    set_aside,
)
from warehouse.db import DatabaseLockedError, WarehouseFileError, resolve_db_path
from warehouse.queries import unsigned_articles

T = TypeVar("T")
# Task runs per flow run stay in the hundreds (Prefect drops events past a few thousand): the
# batches share what the run's fixed tasks (discover sources, discover URLs, plan, load) leave.
MAX_TASK_RUNS = 400
MAX_BATCHES = MAX_TASK_RUNS - 4
MIN_BATCH = 25  # below this a batch is not worth a round trip to a worker
WRITER_LIMIT = "edunews-warehouse-writer"  # global concurrency limit around the DuckDB writer


def new_run_id() -> str:
    """Return a sortable, unique run id such as ``20261121T231600Z-3fa9c1``."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def plan_batches(
    refs: Sequence[T], batch_size: int, workers: int, max_batches: int = MAX_BATCHES
) -> list[list[T]]:
    """Split inputs into batches: at most max_batches, enough to keep every worker busy."""
    if not refs:
        return [[]]  # one empty batch still writes the spool files the loader reads
    size = min(batch_size, max(MIN_BATCH, math.ceil(len(refs) / (4 * max(workers, 1)))))
    return chunks(refs, size, max_batches)


def chunks(items: Sequence[T], size: int, max_batches: int) -> list[list[T]]:
    """Split items in order into lists of size items, larger where needed to stay in max_batches."""
    size = max(size, math.ceil(len(items) / max(max_batches, 1)), 1)
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


class GuardedRun:
    """A run in progress: its spool folder and what the loader will be told about it."""

    def __init__(self, db_path: str | None, info: RunInfo) -> None:
        self.db_path = db_path
        self.info = info
        self.spool = str(spool_root(db_path) / info.run_id)
        self.loading = False  # set once processing is over and the merge begins

    def load(
        self,
        seconds_process: float,
        *,
        reject_reasons: dict[str, int] | None = None,
        n_inputs: int | None = None,
        time_shift: timedelta = timedelta(0),
    ) -> RunSummary:
        """Sign stored articles that lack a story signature, then merge the spool into the
        warehouse, holding the one warehouse-writer slot."""
        self.info = replace(
            self.info,
            seconds_process=seconds_process,
            reject_reasons=reject_reasons or {},
            n_inputs=n_inputs,
            time_shift=time_shift,
        )
        self.loading = True
        unsigned = unsigned_articles(self.db_path, SIGNER_VERSION, self.info.lock_timeout)
        if unsigned:
            sign_stored_task(unsigned, self.spool)
        return _load(self.db_path, self.spool, self.info)


def spool_root(db_path: str | None) -> Path:
    """The folder that holds the runs' spools, next to the warehouse."""
    return resolve_db_path(db_path).parent / "spool"


def _load(db_path: str | None, spool: str | Path, info: RunInfo) -> RunSummary:
    # One warehouse writer across flows and deployments (`make deploy` creates the limit;
    # without it Prefect logs a warning and skips the slot).
    with concurrency(WRITER_LIMIT, occupy=1):
        return load_run_task(db_path, str(spool), info)


def merge_pending_loads(db_path: str | None, lock_timeout: float) -> None:
    """Merge what earlier runs processed but could not load (tasks/load/pending.py); best effort.

    A load still locked out stays for a later run; one that fails otherwise is set aside.
    """
    for pending in pending_loads(spool_root(db_path), resolve_db_path(db_path)):
        info = replace(pending.run, lock_timeout=min(pending.run.lock_timeout, lock_timeout))
        try:
            _load(db_path, pending.spool_dir, info)
        except DatabaseLockedError:
            return
        except Exception:
            get_run_logger().exception("the kept load of run %s failed", info.run_id)
            set_aside(pending)
            continue
        shutil.rmtree(pending.spool_dir, ignore_errors=True)


@contextmanager
def guarded_run(
    db_path: str | None,
    flow_name: str,
    started_at: datetime,
    sources: list[str],
    lock_timeout: float,
) -> Iterator[GuardedRun]:
    """Yield a new run after merging what earlier runs could not load; record it as failed if it
    raises, as interrupted on Ctrl-C (SIGINT), and remove its spool when it ends.

    A locked or unusable warehouse is not recorded: the run row could not be written anyway.
    When the warehouse stays locked at the end, the processed spool is kept for the next run.
    """
    remove_orphans(spool_root(db_path))
    merge_pending_loads(db_path, lock_timeout)
    info = RunInfo(
        new_run_id(), flow_name, started_at, sources, 0.0, _prefect_run_id(), lock_timeout
    )
    run = GuardedRun(db_path, info)
    claim(run.spool)
    kept = False
    try:
        yield run
    except DatabaseLockedError as exc:
        if not run.loading:
            raise
        keep_for_next_run(run.spool, resolve_db_path(db_path), run.info)
        kept = True
        raise DatabaseLockedError(
            f"{exc} What the run processed is kept in {run.spool}: the next run merges it "
            "without doing the work again."
        ) from exc
    except WarehouseFileError:
        raise
    except KeyboardInterrupt:
        with suppress(Exception):
            record_failed_run(db_path, run.info, "interrupted (SIGINT)", status="interrupted")
        raise
    except Exception as exc:
        # Best effort: the original error matters more than the bookkeeping.
        with suppress(Exception):
            record_failed_run(db_path, run.info, f"{type(exc).__name__}: {exc}")
        raise
    finally:
        if not kept:
            shutil.rmtree(run.spool, ignore_errors=True)


def _prefect_run_id() -> str | None:
    run_id = flow_run.get_id()
    return str(run_id) if run_id else None
