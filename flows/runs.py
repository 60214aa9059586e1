"""What every flow run shares: its id, its batches, its worker pool, and its lifecycle.

`run_lifecycle` owns a run from start to end: it first merges what runs that died left complete,
writes the run's ops.runs row, and gives the flow a `RunLifecycle`. The flow hands it each
finished batch group; every few thousand inputs or few minutes the groups are sealed into a
load package and merged in a transaction of its own, so a run commits as it goes. At the end
the run is recorded as completed, failed or interrupted, and its spool folder is removed, unless
the warehouse stayed locked: then the next run merges what is left.
"""

from __future__ import annotations

import secrets
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType

from prefect.client.orchestration import get_client
from prefect.concurrency.sync import concurrency
from prefect.exceptions import ObjectNotFound
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run

from schemas import BatchResult, RunSummary
from schemas.story import SIGNER_VERSION
from tasks.batch.sign import sign_stored_task
from tasks.load.merge import load_package_task
from tasks.load.packages import Package, RunFolder, leftover_runs
from tasks.load.run_info import RunInfo
from tasks.load.runs import finish_run, record_failed_run, run_logger, start_run
from warehouse.db import DatabaseLockedError, WarehouseFileError, resolve_db_path
from warehouse.queries import unsigned_articles

_ctrl_c = threading.Event()  # set by a Ctrl-C of the process (see watch_ctrl_c)
WRITER_LIMIT = "edunews-warehouse-writer"  # global concurrency limit around the DuckDB writer
BATCHES_IN_FLIGHT_PER_WORKER = 3


def new_run_id() -> str:
    """Return a sortable, unique run id such as ``20261121T231600Z-3fa9c1``."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def window_of(workers: int) -> int:
    """Batches a run keeps in flight: enough to keep the workers busy while a package merges,
    few enough that the flow holds no more than a handful of batches' inputs."""
    return BATCHES_IN_FLIGHT_PER_WORKER * max(workers, 1) + 1


@dataclass(frozen=True)
class PackagePolicy:
    """When a run seals its finished batch groups into a load package and commits it."""

    inputs: int = 1000  # inputs in the finished groups ...
    seconds: float = 120.0  # ... or time since the last package, whichever comes first


@dataclass(frozen=True)
class Submitted:
    """A batch in flight: its future, the inputs it was given, and the stems of spool files
    written before it (its fetch batch) that belong to the same group."""

    future: PrefectFuture[BatchResult]
    size: int
    stems: list[str] = field(default_factory=list)


class RunLifecycle:
    """A run in progress: its spool folder, its finished groups and its load packages."""

    def __init__(
        self,
        db_path: str | None,
        info: RunInfo,
        folder: RunFolder,
        policy: PackagePolicy,
        writer_limit: bool = False,
    ) -> None:
        self.db_path = db_path
        self.info = info
        self.folder = folder
        self.spool = str(folder.path)
        self.policy = policy
        self.writer_limit = writer_limit  # the Prefect server has WRITER_LIMIT (writer_slot)
        self.ending = False  # set once the work is done and the last package is committed
        self._unsealed_inputs = 0
        self._last_commit = time.monotonic()

    def add_group(self, files: list[str], n_inputs: int, unspooled_inputs: int = 0) -> None:
        """Record a finished batch group; commit a package once the policy says so."""
        if _ctrl_c.is_set():  # a Ctrl-C that a DuckDB query turned into its own error
            raise KeyboardInterrupt
        self.folder.add_group(files, n_inputs, unspooled_inputs)
        self._unsealed_inputs += n_inputs
        waited = time.monotonic() - self._last_commit
        if self._unsealed_inputs >= self.policy.inputs or waited >= self.policy.seconds:
            self.commit()

    def add_stems(self, *stems: str) -> None:
        """Record spool files a run's own step wrote (discovery, its crawl plan) as a group."""
        files = [f for stem in stems for f in self.folder.stem_files(stem)]
        if files:
            self.add_group(files, 0)

    def commit(self) -> None:
        """Seal the finished groups into a package and merge every package not committed.

        While another process holds the warehouse, packages wait for the next commit; at the
        end of the run the lock error is raised.
        """
        self.folder.seal()
        self._unsealed_inputs, self._last_commit = 0, time.monotonic()
        for package in self.folder.packages():
            try:
                _merge_package(self.db_path, package, self.info, self.writer_limit)
            except DatabaseLockedError as exc:
                if self.ending:
                    raise
                run_logger().warning(
                    "package %d waits for the next commit: %s", package.number, exc
                )
                return
            self.folder.drop(package)

    def drain(
        self,
        submissions: Iterable[Submitted],
        window: int,
        on_done: Callable[[int], None] | None = None,
        unspooled: bool = False,
    ) -> None:
        """Submit batches lazily, at most `window` in flight, and record each finished one (in
        order) as a group, then call `on_done` with its size. `unspooled`: the batches' inputs
        leave no spool rows to count (stored articles enriched again)."""
        in_flight: deque[Submitted] = deque()

        def finish_oldest() -> None:
            done = in_flight.popleft()
            result = done.future.result()
            files = list(result.spool_files.values())
            files += [f for stem in done.stems for f in self.folder.stem_files(stem)]
            self.add_group(files, result.n_inputs, result.n_inputs if unspooled else 0)
            if on_done is not None:
                on_done(done.size)

        for submitted in submissions:
            in_flight.append(submitted)
            if len(in_flight) >= window:
                finish_oldest()
        while in_flight:
            finish_oldest()

    def finish(self, seconds_process: float) -> RunSummary:
        """Sign stored articles that lack a story signature, commit the last package and
        record the run as completed (its totals, and the search index rebuilt)."""
        self.info = replace(self.info, seconds_process=seconds_process)
        self.folder.mark_ended(self.info)
        self.ending = True
        unsigned = unsigned_articles(self.db_path, SIGNER_VERSION, self.info.lock_timeout)
        if unsigned:
            sign_stored_task(unsigned, self.spool)
            self.add_stems("stored-signatures")
        self.commit()
        with writer_slot(self.writer_limit):
            return finish_run(self.db_path, self.info, "completed")


def _note_ctrl_c(signum: int, frame: FrameType | None) -> None:
    """SIGINT: remember it, then raise KeyboardInterrupt as Python does."""
    _ctrl_c.set()
    signal.default_int_handler(signum, frame)


def watch_ctrl_c() -> None:
    """Remember every Ctrl-C of this process, so that a run stops even when DuckDB turned the
    KeyboardInterrupt into a query error ("Query interrupted") during a package merge."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _note_ctrl_c)


def spool_root(db_path: str | None) -> Path:
    """The folder that holds the runs' spools, next to the warehouse."""
    return resolve_db_path(db_path).parent / "spool"


def writer_limit_exists() -> bool:
    """Whether the Prefect server has the warehouse writer's limit (`make deploy` creates it)."""
    try:
        with get_client(sync_client=True) as client:
            client.read_global_concurrency_limit_by_name(WRITER_LIMIT)
    except ObjectNotFound:
        return False
    return True


@contextmanager
def writer_slot(writer_limit: bool) -> Iterator[None]:
    """Hold the warehouse writer's slot: one writer across flows and deployments.

    Without the limit nothing is entered: Prefect's `concurrency` would only log that it is
    missing, and entering it after a task run costs about 2 s (prefect 3.x; README "Speed").
    """
    if not writer_limit:
        yield
        return
    with concurrency(WRITER_LIMIT, occupy=1):
        yield


def _merge_package(db_path: str | None, package: Package, run: RunInfo, writer_limit: bool) -> None:
    with writer_slot(writer_limit):
        load_package_task.with_options(task_run_name=f"load-package-{package.number:05d}")(
            db_path, package, run
        )


def recover_leftovers(db_path: str | None, lock_timeout: float, writer_limit: bool) -> None:
    """Finish the runs whose process died (or that ended with the warehouse locked): merge
    their complete packages, finished groups and done batches, record them, and remove their
    spools.

    A run that had finished its work is recorded completed, any other crashed. A leftover
    still locked out stays for a later run; one that fails otherwise is set aside.
    """
    for folder in leftover_runs(spool_root(db_path), resolve_db_path(db_path)):
        ended = folder.ended()
        run = ended or folder.run()
        run = replace(run, lock_timeout=min(run.lock_timeout, lock_timeout))
        try:
            folder.adopt_done_batches()
            folder.seal()
            for package in folder.packages():
                _merge_package(db_path, package, run, writer_limit)
                folder.drop(package)
            with writer_slot(writer_limit):
                finish_run(db_path, run, "completed" if ended else "crashed")
        except DatabaseLockedError:
            return
        except Exception as exc:
            if _ctrl_c.is_set():  # a Ctrl-C, not a bad spool: keep it for the next run
                raise KeyboardInterrupt from exc
            run_logger().exception("the leftover spool of run %s failed to merge", run.run_id)
            folder.set_aside()
            continue
        run_logger().info("run %s: what it left was merged", run.run_id)
        folder.remove()


@contextmanager
def run_lifecycle(
    db_path: str | None,
    flow_name: str,
    started_at: datetime,
    sources: list[str],
    lock_timeout: float,
    time_shift: timedelta = timedelta(0),
    policy: PackagePolicy | None = None,
) -> Iterator[RunLifecycle]:
    """Yield a new run after finishing what dead runs left; record it as failed if it raises,
    as interrupted on Ctrl-C (SIGINT), and remove its spool when it ends.

    A locked or unusable warehouse at the start is not recorded: the run row could not be
    written anyway. When the warehouse stays locked at the end, the spool is kept for the next
    run.
    """
    _ctrl_c.clear()
    writer_limit = writer_limit_exists()
    recover_leftovers(db_path, lock_timeout, writer_limit)
    info = RunInfo(
        new_run_id(),
        flow_name,
        started_at,
        sources,
        prefect_flow_run_id=_prefect_run_id(),
        lock_timeout=lock_timeout,
        time_shift=time_shift,
        db_path=str(resolve_db_path(db_path)),
    )
    folder = RunFolder.create(spool_root(db_path), info)
    run = RunLifecycle(db_path, info, folder, policy or PackagePolicy(), writer_limit)
    kept = False
    try:
        start_run(db_path, info)
        yield run
    except DatabaseLockedError as exc:
        if not run.ending:
            raise
        folder.keep()
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
        if _ctrl_c.is_set():  # DuckDB turned the Ctrl-C into "Query interrupted" mid-merge
            with suppress(Exception):
                record_failed_run(db_path, run.info, "interrupted (SIGINT)", status="interrupted")
            raise KeyboardInterrupt from exc
        # Best effort: the original error matters more than the bookkeeping.
        with suppress(Exception):
            record_failed_run(db_path, run.info, f"{type(exc).__name__}: {exc}")
        raise
    finally:
        if not kept:
            folder.remove()


def _prefect_run_id() -> str | None:
    run_id = flow_run.get_id()
    return str(run_id) if run_id else None
