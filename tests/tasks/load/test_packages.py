"""A run's spool folder: finished groups sealed into packages, dropped once committed, and the
folders dead runs leave behind."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from tasks.load.packages import NEXT_GROUP, RUN_FILE, SET_ASIDE, RunFolder, leftover_runs
from tasks.load.run_info import RunInfo
from tasks.load.spool import write_spool
from warehouse.liveness import process_alive

DB = "/data/w.duckdb"


def run_info(run_id: str, hour: int = 9, pid: int | None = None, **fields: object) -> RunInfo:
    started = datetime(2026, 12, 2, hour, tzinfo=UTC)
    info = RunInfo(run_id, "ingest", started, ["/in"], db_path=DB, **fields)  # type: ignore[arg-type]
    return info if pid is None else RunInfo(**{**info.__dict__, "pid": pid})


def dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(done.stdout)


def batch(folder: RunFolder, stem: str) -> list[str]:
    return list(write_spool(folder.path, stem, {}).values())


def test_finished_groups_are_sealed_in_order_and_dropped_once_committed(tmp_path: Path) -> None:
    folder = RunFolder.create(tmp_path, run_info("r1"))
    first, second = batch(folder, "batch-00000"), batch(folder, "batch-00001")
    batch(folder, "batch-00002")  # still being written: no group names it
    folder.add_group(first, 200)
    folder.add_group(second, 150)
    package = folder.seal()
    assert package is not None and (package.number, package.n_inputs) == (0, 350)
    assert set(package.files) == set(first + second)
    assert package.table_files("articles") == [
        str(tmp_path / "r1" / f"batch-0000{i}.articles.parquet") for i in (0, 1)
    ]
    assert folder.seal() is None  # nothing new finished
    folder.add_group(batch(folder, "fetch-00003") + batch(folder, "batch-00003"), 50, 50)
    later = folder.seal()
    assert later is not None and (later.number, later.n_inputs, later.unspooled_inputs) == (
        2,
        50,
        50,
    )
    assert [p.number for p in folder.packages()] == [0, 2]
    folder.drop(package)
    assert [p.number for p in folder.packages()] == [2]
    assert not any(Path(f).exists() for f in package.files)
    assert all(Path(f).exists() for f in later.files)
    left = sorted(p.name for p in folder.path.iterdir() if not p.name.startswith("batch-00002."))
    assert left == sorted(
        [RUN_FILE, NEXT_GROUP, "group-00002.json", "package-00002.json"]
        + ["fetch-00003.done", "batch-00003.done"] + [Path(f).name for f in later.files]
    )  # fmt: skip


def test_batches_done_that_no_group_names_are_adopted_with_their_fetch_batch(
    tmp_path: Path,
) -> None:
    folder = RunFolder.create(tmp_path, run_info("r1"))
    folder.add_group(batch(folder, "fetch-00000") + batch(folder, "batch-00000"), 50)
    folder.seal()  # package 0
    fetched = batch(folder, "fetch-00001") + batch(folder, "batch-00001")  # done, not heard of
    enriched = list(
        write_spool(folder.path, "enrich-00002", {"enrich_articles": [{}] * 0}).values()
    )
    alone = batch(folder, "fetch-00003")  # its pages never processed: not merged
    batch(folder, "discover")  # the listings' state goes only with the run's end
    (folder.path / "batch-00004.articles.parquet").write_bytes(b"PAR1")  # still being written
    dead = RunFolder(folder.path)  # as the next run sees it
    dead.adopt_done_batches()
    package = dead.seal()
    assert package is not None and package.number == 1  # after every group written
    assert set(package.files) == set(fetched + enriched)
    assert not set(package.files) & set(alone)
    assert [p.number for p in dead.packages()] == [0, 1]


def test_a_run_reads_back_as_it_was_written_and_says_when_its_work_ended(tmp_path: Path) -> None:
    info = run_info("r1")
    folder = RunFolder.create(tmp_path, info)
    assert RunFolder(folder.path).run() == info and folder.ended() is None
    done = RunInfo(**{**info.__dict__, "seconds_process": 12.5})
    folder.mark_ended(done)
    assert RunFolder(folder.path).ended() == done


def test_leftovers_are_the_dead_runs_of_this_warehouse_on_this_host(tmp_path: Path) -> None:
    gone = dead_pid()
    RunFolder.create(tmp_path, run_info("late", hour=10, pid=gone))
    RunFolder.create(tmp_path, run_info("early", hour=8, pid=gone))
    RunFolder.create(tmp_path, run_info("alive", pid=1))
    RunFolder.create(tmp_path, run_info("elsewhere", pid=gone, host="another-machine"))
    other = RunFolder.create(tmp_path, run_info("other-db", pid=gone))
    (other.path / RUN_FILE).write_text(
        (other.path / RUN_FILE).read_text().replace(DB, "/data/other.duckdb"), encoding="utf-8"
    )
    aside = RunFolder.create(tmp_path, run_info("aside", pid=gone))
    aside.set_aside()
    RunFolder.create(tmp_path, run_info("kept", hour=9, pid=1)).keep()  # locked out at its end
    found = leftover_runs(tmp_path, Path(DB))
    assert [f.path.name for f in found] == ["early", "kept", "late"]
    assert (aside.path / SET_ASIDE).exists()
    assert leftover_runs(tmp_path / "no-spool-yet", Path(DB)) == []


def test_process_alive_tells_a_running_process_from_a_gone_one() -> None:
    assert process_alive(1) and not process_alive(dead_pid())
