"""Loads left for the next run: a run that could not take the warehouse keeps its spool.

When the warehouse stays locked past `--lock-timeout` at the end of a run, the run's spool (all
its processed batches) is kept with a marker file naming the warehouse and the run. The next run
on that warehouse merges it first, so the work is not done again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter

from tasks.load.merge import RunInfo

MARKER = "pending-load.json"
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
