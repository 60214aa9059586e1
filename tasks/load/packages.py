"""A run's spool folder on disk: finished batch groups, sealed load packages, and what a dead
run left behind.

Layout of ``spool/<run_id>/``:

- ``run.json``: the run (RunInfo: id, flow, sources, host and pid of its process);
- ``ended.json``: written when the run's work is done, before its last package is committed;
- ``kept.json``: written when the run gave up waiting for a locked warehouse at its end;
- ``<stem>.<table>.parquet``: the files each batch (fetch, process, enrich) writes; a
  ``<stem>.payloads.parquet`` may also be under the warehouse's raw folder (a hard link its
  package's merge made), so spool files are deleted, never written again;
- ``<stem>.done``: written by a batch after its files (tasks/load/spool.py);
- ``group-NNNNN.json``: written once the flow has a batch group's result; lists its files;
  ``next-group`` keeps the count;
- ``package-NNNNN.json``: a sealed load package, the groups it merges in one transaction; it
  is numbered after its first group, so numbers grow through the run.

A package's files are deleted once its ops.loads row committed. A folder whose process died
holds complete packages, finished groups and batches done that no group names yet, which the
next run merges (`leftover_runs`, `adopt_done_batches`), and unfinished work, which it removes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from tasks.load.run_info import RunInfo
from tasks.load.spool import DONE
from warehouse.liveness import run_process_gone

RUN_FILE = "run.json"
NEXT_GROUP = "next-group"
# Batches a dead run's leftovers may merge on their own: a process batch (with its fetch batch),
# an enrich batch, stored articles' signatures. Discovery and the crawl plan go last in a run
# (a listing's new state only once its pages are stored), so they never go alone.
ADOPTABLE = re.compile(r"(?:batch|enrich)-\d+|stored-signatures")
ENDED_FILE = "ended.json"  # the run's work was done (RunInfo with its processing time)
KEPT_FILE = "kept.json"  # the run gave up waiting for the warehouse: the next run merges it
SET_ASIDE = "run.failed.json"  # a leftover that failed to merge: kept for inspection
_RUN_INFO = TypeAdapter(RunInfo)


@dataclass(frozen=True)
class Package:
    """A sealed load package: the spool files merged together, and its inputs that leave no
    spool rows (stored articles enriched again)."""

    number: int
    files: tuple[str, ...]
    n_inputs: int
    unspooled_inputs: int = 0

    def table_files(self, table: str) -> list[str]:
        """The package's spool files of one table."""
        return [f for f in self.files if f.endswith(f".{table}.parquet")]


class RunFolder:
    """The spool folder of one run, and the groups and packages in it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def create(cls, root: Path, run: RunInfo) -> RunFolder:
        """Make the run's folder and write its run file."""
        folder = cls(root / run.run_id)
        folder.path.mkdir(parents=True, exist_ok=True)
        _write_json(folder.path / RUN_FILE, _RUN_INFO.dump_python(run, mode="json"))
        return folder

    def run(self) -> RunInfo:
        """The run this folder belongs to."""
        return _RUN_INFO.validate_python(_read_json(self.path / RUN_FILE))

    def mark_ended(self, run: RunInfo) -> None:
        """Record that the run's work is done (run: with its processing time)."""
        _write_json(self.path / ENDED_FILE, _RUN_INFO.dump_python(run, mode="json"))

    def ended(self) -> RunInfo | None:
        """The run as it was when its work was done, or None if it never got there."""
        if not (self.path / ENDED_FILE).exists():
            return None
        return _RUN_INFO.validate_python(_read_json(self.path / ENDED_FILE))

    def keep(self) -> None:
        """Leave the folder to the next run on the warehouse (whatever became of this process)."""
        _write_json(self.path / KEPT_FILE, {})

    def stem_files(self, stem: str) -> list[str]:
        """The spool files one batch wrote under `stem` (``fetch-00003``, ``discover``)."""
        return sorted(str(p) for p in self.path.glob(f"{stem}.*.parquet"))

    def add_group(self, files: list[str], n_inputs: int, unspooled_inputs: int = 0) -> None:
        """Record a finished batch group: its spool files and how many inputs it took."""
        number = self._next_group()
        group = {"files": files, "n_inputs": n_inputs, "unspooled_inputs": unspooled_inputs}
        _write_json(self.path / f"group-{number:05d}.json", group)
        _write_json(self.path / NEXT_GROUP, number + 1)

    def adopt_done_batches(self) -> None:
        """Record as groups the batches that finished but no group names (their run died before
        it had their results); a process batch takes its fetch batch along."""
        named = {Path(f).name.split(".")[0] for g in self._groups() for f in _read_json(g)["files"]}
        for done in sorted(self.path.glob(f"*{DONE}")):
            stem = done.name.removesuffix(DONE)
            if stem in named or not ADOPTABLE.fullmatch(stem):
                continue
            fetch = stem.replace("batch-", "fetch-", 1)
            stems = [stem] + ([fetch] if (self.path / f"{fetch}{DONE}").exists() else [])
            rows = _read_json(done)
            unspooled = int(rows["enrich_articles"]) if stem.startswith("enrich-") else 0
            self.add_group([f for s in stems for f in self.stem_files(s)], 0, unspooled)

    def seal(self) -> Package | None:
        """Seal every finished group not in a package yet into the next package (None: none)."""
        groups = self._unsealed_groups()
        if not groups:
            return None
        read = [_read_json(g) for g in groups]
        number = int(groups[0].stem.removeprefix("group-"))
        marker = {
            "groups": [g.name for g in groups],
            "files": [f for group in read for f in group["files"]],
            "n_inputs": sum(int(group["n_inputs"]) for group in read),
            "unspooled_inputs": sum(int(group["unspooled_inputs"]) for group in read),
        }
        _write_json(self.path / f"package-{number:05d}.json", marker)
        return self._package(self.path / f"package-{number:05d}.json")

    def packages(self) -> list[Package]:
        """The sealed packages whose files are still here (not merged, or not yet cleaned)."""
        return [self._package(p) for p in sorted(self.path.glob("package-*.json"))]

    def drop(self, package: Package) -> None:
        """Delete a committed package's files; its marker goes last."""
        marker = self.path / f"package-{package.number:05d}.json"
        for path in package.files:
            Path(path).unlink(missing_ok=True)
            (self.path / f"{Path(path).name.split('.')[0]}{DONE}").unlink(missing_ok=True)
        for group in _read_json(marker)["groups"]:
            (self.path / group).unlink(missing_ok=True)
        marker.unlink()

    def remove(self) -> None:
        """Delete the whole folder."""
        shutil.rmtree(self.path, ignore_errors=True)

    def set_aside(self) -> None:
        """Keep a leftover that failed to merge for inspection; later runs leave it alone."""
        (self.path / RUN_FILE).rename(self.path / SET_ASIDE)

    def _groups(self) -> list[Path]:
        return sorted(self.path.glob("group-*.json"))

    def _unsealed_groups(self) -> list[Path]:
        sealed = {g for p in self.path.glob("package-*.json") for g in _read_json(p)["groups"]}
        return [g for g in self._groups() if g.name not in sealed]

    def _next_group(self) -> int:
        """The next group's number: past every group written, even those already dropped."""
        counted = _read_json(self.path / NEXT_GROUP) if (self.path / NEXT_GROUP).exists() else 0
        present = [int(g.stem.removeprefix("group-")) + 1 for g in self._groups()]
        return max([int(counted), *present])

    def _package(self, marker: Path) -> Package:
        data = _read_json(marker)
        number = int(marker.stem.removeprefix("package-"))
        return Package(
            number, tuple(data["files"]), int(data["n_inputs"]), int(data["unspooled_inputs"])
        )


def leftover_runs(root: Path, db_path: Path) -> list[RunFolder]:
    """The spool folders on db_path of runs kept for the next run, or whose process is gone
    from this host, oldest first.

    Folders of live runs, of other hosts (a shared folder) and set aside ones stay.
    """
    found = []
    for run_file in root.glob(f"*/{RUN_FILE}"):
        folder = RunFolder(run_file.parent)
        run = folder.run()
        left = (folder.path / KEPT_FILE).exists() or run_process_gone(run.host, run.pid)
        if run.db_path == str(db_path) and left:
            found.append(folder)
    return sorted(found, key=lambda folder: folder.run().started_at)


def _write_json(path: Path, data: object) -> None:
    """Write a marker atomically: it is there whole, or not at all."""
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
