"""Spools left behind: kept loads are found per warehouse; orphans of dead runs are removed."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from tasks.load.merge import RunInfo
from tasks.load.pending import (
    FAILED_MARKER,
    MARKER,
    OWNER,
    claim,
    keep_for_next_run,
    pending_loads,
    remove_orphans,
    set_aside,
)


def info(run_id: str, hour: int) -> RunInfo:
    started = datetime(2026, 12, 2, hour, tzinfo=UTC)
    return RunInfo(run_id, "ingest", started, ["/in"], 12.5, None, 5.0, {"empty": 1}, None)


def test_kept_loads_are_found_for_their_warehouse_oldest_first(tmp_path):
    root = tmp_path / "spool"
    for run_id, hour, db in [("b", 9, "w.duckdb"), ("a", 8, "w.duckdb"), ("c", 7, "other.duckdb")]:
        claim(str(root / run_id))
        keep_for_next_run(str(root / run_id), tmp_path / db, info(run_id, hour))
    found = pending_loads(root, tmp_path / "w.duckdb")
    assert [(p.spool_dir.name, p.run) for p in found] == [("a", info("a", 8)), ("b", info("b", 9))]
    set_aside(found[0])
    assert (root / "a" / FAILED_MARKER).exists() and not (root / "a" / MARKER).exists()
    assert [p.spool_dir.name for p in pending_loads(root, tmp_path / "w.duckdb")] == ["b"]


def test_only_spools_of_dead_processes_on_this_host_are_removed(tmp_path):
    root = tmp_path / "spool"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(dead.stdout)
    owners = {
        "killed": {"host": socket.gethostname(), "pid": dead_pid},
        "running": {"host": socket.gethostname(), "pid": 1},
        "elsewhere": {"host": "another-machine", "pid": dead_pid},
        "kept": {"host": socket.gethostname(), "pid": dead_pid},
    }
    for name, owner in owners.items():
        (root / name).mkdir(parents=True)
        (root / name / OWNER).write_text(json.dumps(owner), encoding="utf-8")
        (root / name / "batch-00000.articles.parquet").write_bytes(b"PAR1")
    keep_for_next_run(str(root / "kept"), tmp_path / "w.duckdb", info("kept", 8))
    assert remove_orphans(root) == [root / "killed"]
    assert sorted(p.name for p in root.iterdir()) == ["elsewhere", "kept", "running"]
    assert remove_orphans(tmp_path / "no-spool-yet") == []


def test_claim_names_this_process(tmp_path):
    claim(str(tmp_path / "run"))
    owner = json.loads(Path(tmp_path / "run" / OWNER).read_text(encoding="utf-8"))
    assert owner == {"host": socket.gethostname(), "pid": os.getpid()}
