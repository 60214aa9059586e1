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

# Copies that are not a run's last wait at least this long after the previous one: at 100,000
# articles (a 649 MiB file) the checkpoint before a copy took 7-14 s and the copy 1.4-2.6 s on
# a busy 2-core machine (bench/bench_readers.py, README "Reading while a run writes").
MIN_INTERVAL_SECONDS = 30.0

_log = logging.getLogger(__name__)


def read_copy_path(db_path: Path) -> Path:
    """Return the read copy's path, beside the warehouse: edunews.duckdb → edunews.read.duckdb."""
    return db_path.with_name(f"{db_path.stem}.read{db_path.suffix}")


def publish_read_copy(
    con: DuckDBPyConnection, db_path: Path, *, final: bool = False
) -> float | None:
    """Checkpoint the warehouse and replace its read copy with the committed state.

    Call it outside a transaction, on the connection that writes ``db_path``. Unless ``final``,
    nothing is done (not even the checkpoint) while the copy is younger than
    MIN_INTERVAL_SECONDS; nothing is copied when the copy already holds the file's last change.
    A failed copy (a full disk) is logged, never raised: what was committed stays committed,
    and readers keep the previous copy.

    Args:
        con: The open write connection, its default database the warehouse.
        db_path: The warehouse file.
        final: The run's last publish: copy whatever the interval.

    Returns:
        The seconds the copy took, or None when nothing was copied.
    """
    copy = read_copy_path(db_path)
    try:
        published: int | None = copy.stat().st_mtime_ns
    except FileNotFoundError:
        published = None
    recent = published is not None and time.time_ns() - published < MIN_INTERVAL_SECONDS * 1e9
    if recent and not final:
        return None
    con.execute("CHECKPOINT")  # every committed change is in the file, none only in the WAL
    if published is not None and db_path.stat().st_mtime_ns < published:
        return None  # the file has not changed since the copy was written
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
