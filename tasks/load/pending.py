"""Spools left behind: loads kept for the next run, and the spools of killed runs.

When the warehouse stays locked past `--lock-timeout` at the end of a run, the run's spool (all
its processed batches) is kept with a marker file naming the warehouse and the run. The next run
on that warehouse merges it first, so the work is not done again. A run killed outright (kill -9,
OOM) leaves a spool its owner file shows to be orphaned; the next run removes it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter

from tasks.load.merge import RunInfo

MARKER = "pending-load.json"
OWNER = "owner.json"
FAILED_MARKER = "pending-load.failed.json"
_RUN_INFO = TypeAdapter(RunInfo)


@dataclass(frozen=True)
class PendingLoad:
    """A kept spool: its folder and the run it belongs to."""

    spool_dir: Path
    run: RunInfo


def keep_for_next_run(spool_dir: str, db_path: Path, run: RunInfo) -> None:
    """Mark a run's spool as a load the next run on db_path merges."""
    marker = {"db_path": str(db_path), "run": _RUN_INFO.dump_python(run, mode="json")}
    Path(spool_dir, MARKER).write_text(json.dumps(marker, ensure_ascii=False), encoding="utf-8")


def pending_loads(spool_root: Path, db_path: Path) -> list[PendingLoad]:
    """The kept spools of runs on db_path, oldest run first."""
    found = []
    for marker in sorted(spool_root.glob(f"*/{MARKER}")):
        kept = json.loads(marker.read_text(encoding="utf-8"))
        if kept["db_path"] == str(db_path):
            found.append(PendingLoad(marker.parent, _RUN_INFO.validate_python(kept["run"])))
    return sorted(found, key=lambda pending: pending.run.started_at)


def set_aside(pending: PendingLoad) -> None:
    """Keep a spool that failed to merge for inspection, and stop offering it to later runs."""
    (pending.spool_dir / MARKER).rename(pending.spool_dir / FAILED_MARKER)


def claim(spool_dir: str) -> None:
    """Write the spool's owner file: this process on this host."""
    Path(spool_dir).mkdir(parents=True, exist_ok=True)
    owner = {"host": socket.gethostname(), "pid": os.getpid()}
    Path(spool_dir, OWNER).write_text(json.dumps(owner), encoding="utf-8")


def remove_orphans(spool_root: Path) -> list[Path]:
    """Remove the spools of runs whose process died on this host; return them.

    Kept loads and spools of live processes, or of other hosts (a shared folder), stay.
    """
    removed = []
    for owner_file in sorted(spool_root.glob(f"*/{OWNER}")):
        folder = owner_file.parent
        if (folder / MARKER).exists() or (folder / FAILED_MARKER).exists():
            continue
        owner = json.loads(owner_file.read_text(encoding="utf-8"))
        if owner["host"] == socket.gethostname() and not _alive(int(owner["pid"])):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True
