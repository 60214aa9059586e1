"""The read copy: a snapshot of the warehouse that readers open while a run writes.

DuckDB lets one process open a file for writing and no other process open it meanwhile, not
even read-only (a reader takes the file lock too, and then blocks the writer). So the writer,
after a commit and while it still holds the file, checkpoints it, copies it to a temporary
name and renames the copy over ``<name>.read.duckdb`` beside it (atomic on POSIX). Read-only
commands and analysts open that copy; nothing ever writes it in place, so a reader that has
it open keeps the snapshot it opened until it reconnects.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import time
from pathlib import Path

from duckdb import DuckDBPyConnection

_log = logging.getLogger(__name__)


def read_copy_path(db_path: Path) -> Path:
    """Return the read copy's path, beside the warehouse: edunews.duckdb → edunews.read.duckdb."""
    return db_path.with_name(f"{db_path.stem}.read{db_path.suffix}")


def publish_read_copy(con: DuckDBPyConnection, db_path: Path, min_age: float = 0.0) -> float | None:
    """Checkpoint the warehouse and replace its read copy with the committed state.

    Call it outside a transaction, on the connection that writes ``db_path``; every writer
    session does when it closes (`warehouse.db.open_warehouse`). Nothing is copied when the
    copy already holds the file's last change, or when it is younger than ``min_age`` seconds
    (a run's packages: the run's next publish, at the latest its end, brings the change). A
    failed copy (a full disk) is logged, never raised: what was committed stays committed, and
    readers keep the previous copy.

    Returns:
        The seconds the copy took, or None when nothing was copied.
    """
    con.execute("CHECKPOINT")  # every committed change is in the file, none only in the WAL
    copy = read_copy_path(db_path)
    if copy.exists():
        copied = copy.stat().st_mtime_ns
        if db_path.stat().st_mtime_ns < copied:
            return None  # the file has not changed since the copy was written
        if min_age and time.time_ns() - copied < min_age * 1e9:
            return None
    started = time.perf_counter()
    partial = copy.with_name(f".{copy.name}.tmp")  # one writer at a time: one name, reused
    try:
        shutil.copyfile(db_path, partial)
        # A WAL beside the copy (left by someone who opened it for writing) would be replayed
        # into the new copy by the next reader: it belongs to the old one.
        copy.with_name(f"{copy.name}.wal").unlink(missing_ok=True)
        os.replace(partial, copy)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        _log.warning("read copy %s not updated: %s", copy, exc)
        return None
    return time.perf_counter() - started
