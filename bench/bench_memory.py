"""Memory benchmark: peak RSS per process of the whole `edunews ingest DIR` at two corpus sizes.

For each size (default 2,000 and 16,000 pages, built by bench_corpus.py as for bench_pipeline.py) it
runs `edunews ingest DIR --db FRESH` as a new process against a Prefect server the bench starts
(own PREFECT_HOME, free port; stopped at the end), samples every process of the run every 0.5 s
from /proc, and prints peak RSS of the flow process, of each pool worker and of the tree, by
phase; the warehouse and raw store on disk against the input bytes; and the wall time. With
`--kill-at F` it also kills the run's process group at that fraction of the inputs, runs the same
command again, and compares the warehouse with the clean run's. See bench/README.md. Usage:

    .venv/bin/python bench/bench_memory.py [--sizes 2000 16000] [--kill-at 0.6] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
from bench_corpus import DEFAULT_CORPORA, Page, build_corpus, load_pages, machine_info
from proctree import INTERVAL, Watched, watch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.prefectserver import prefect_server  # noqa: E402

EDUNEWS = Path(sys.executable).parent / "edunews"
GB = 1e9
MB = 1e6
LOG = "ingest.log"  # the run's output, beside its warehouse
WARMUP_PAGES = 3
TARGET_PEAK_RATIO = 1.2  # issue 11: peak at the largest size within 1.2x of the smallest
TARGET_RERUN_RATIO = 0.5  # issue 11: the re-run after a kill in at most half a clean run's time
# What must be equal in a re-run's warehouse and a clean run's: (table, key expression).
COMPARED = (
    ("core.articles", "article_id"),
    ("core.article_sources", "source_uri || ' ' || article_id || ' ' || raw_sha256"),
    ("ops.rejects", "source_uri || ' ' || stage || ' ' || reason"),
    ("raw.documents", "source_uri || ' ' || sha256"),
    ("enrich.articles", "article_id || ' ' || content_hash"),
)


class SpoolWatch:
    """A run's progress and phase, judged from the files under its warehouse's folder.

    Inputs done: the rows of every complete `batch-*.documents.parquet` (one row per input read)
    seen so far anywhere under `spool/`, counted once, so files a loader merges and removes
    early stay counted. Phases: `start` (no run spool folder yet: imports, server, discovery),
    `process` (inputs still to spool), `load` (all spooled, spool still there), `end` (spool
    removed: report, exit); `+wal` while a DuckDB WAL file exists beside the warehouse (the run
    has written to it and not checkpointed yet: a load, its commit or its checkpoint).
    """

    def __init__(self, db: Path, n_inputs: int) -> None:
        self.folder = db.parent
        self.n_inputs = n_inputs
        self.rows: dict[Path, int] = {}

    def inputs(self) -> int:
        """Inputs spooled so far (complete batch files only)."""
        for path in (self.folder / "spool").rglob("batch-*.documents.parquet"):
            if path not in self.rows:
                try:
                    self.rows[path] = pq.read_metadata(path).num_rows
                except Exception:  # still being written (no footer yet) or just removed
                    continue
        return sum(self.rows.values())

    def phase(self) -> str:
        """The run's phase now (see the class docstring)."""
        spool = self.folder / "spool"
        if self.inputs() < self.n_inputs:
            started = spool.is_dir() and any(p.is_dir() for p in spool.iterdir())
            phase = "process" if started or self.rows else "start"
        else:
            phase = "load" if any(spool.rglob("*.parquet")) else "end"
        return phase + ("+wal" if any(self.folder.glob("*.wal")) else "")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--sizes", type=int, nargs="+", default=[2000, 16000], help="pages (default 2000 16000)")
    add("--corpus", choices=("zh", "en", "all"), default="all", help="which pages (default all)")
    add("--corpora", type=Path, default=DEFAULT_CORPORA, help="the shared corpora folder")
    add("--kill-at", type=float, help="also kill -9 a run at this fraction of inputs, re-run it")
    add("--json", type=Path, help="also write the results as JSON to this path")
    args = parser.parse_args(argv)
    if min(args.sizes) < 1:
        parser.error("--sizes must be at least 1")
    if args.kill_at is not None and not 0 < args.kill_at < 1:
        parser.error("--kill-at must be a fraction between 0 and 1, such as 0.6")
    return args


def ingest(
    corpus: Path, db: Path, env: dict[str, str], kill_at: float | None = None
) -> tuple[Watched, int]:
    """Run `edunews ingest CORPUS --db DB` and sample it; kill it at a fraction of the inputs.

    Returns the watched run and the inputs it had spooled when it ended or was killed.
    """
    n_inputs = sum(1 for _ in corpus.iterdir())
    spool = SpoolWatch(db, n_inputs)
    args = [str(EDUNEWS), "ingest", str(corpus), "--db", str(db)]
    log = db.parent / LOG

    def due() -> bool:
        return kill_at is not None and spool.inputs() >= kill_at * n_inputs

    watched = watch(args, env, log, spool.phase, due)
    if watched.returncode != 0 and not watched.killed:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"bench: edunews ingest exited with {watched.returncode}:\n{tail}")
    return watched, spool.inputs()


def fresh_db(scratch: Path, name: str) -> Path:
    """A new, empty warehouse path in its own folder."""
    folder = scratch / name
    folder.mkdir()
    return folder / "bench.duckdb"


def by_phase(watched: Watched) -> dict[str, dict[str, float]]:
    """Per phase, in order: seconds spent in it, peak RSS of the flow process, of the tree (GB)."""
    phases: dict[str, dict[str, float]] = {}
    for sample in watched.samples:
        p = phases.setdefault(sample.phase, {"seconds": 0.0, "main_gb": 0.0, "tree_gb": 0.0})
        p["seconds"] += INTERVAL
        p["main_gb"] = max(p["main_gb"], round(sample.main / GB, 3))
        p["tree_gb"] = max(p["tree_gb"], round(sample.tree / GB, 3))
    return phases


def disk_usage(db: Path) -> dict[str, int]:
    """Bytes on disk beside the run: the DuckDB file (+ WAL), the raw store, any spool left."""
    folder = db.parent
    sizes = {"duckdb": 0, "raw": 0, "spool": 0}
    for path in folder.rglob("*"):
        if path.is_file() and path.name != LOG:
            top = path.relative_to(folder).parts[0]
            part = "duckdb" if top.startswith(db.name) else top
            sizes[part] = sizes.get(part, 0) + path.stat().st_size
    return sizes


def figures(watched: Watched, db: Path, input_bytes: int) -> dict[str, Any]:
    """What one clean run shows: wall time, peaks by process and phase, disk against input."""
    disk = disk_usage(db)
    stored = sum(v for k, v in disk.items() if k != "spool")
    return {
        "seconds_wall": round(watched.seconds, 2),
        "peak_main_gb": round(watched.peak("main") / GB, 3),
        "peak_workers_gb": [round(w / GB, 3) for w in watched.worker_peaks()],
        "peak_others_gb": round(watched.peak("other") / GB, 3),
        "peak_tree_gb": round(watched.tree_peak() / GB, 3),
        "phases": by_phase(watched),
        "disk_bytes": disk,
        "input_bytes": input_bytes,
        "stored_over_input": round(stored / input_bytes, 3),
    }


def fingerprint(db: Path) -> dict[str, dict[str, Any]]:
    """Per compared table: rows, distinct keys and an md5 of the sorted keys."""
    found = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for table, key in COMPARED:
            row = con.execute(
                f"SELECT count(*), count(DISTINCT {key}), "
                f"md5(coalesce(string_agg({key}, chr(10) ORDER BY {key}), '')) FROM {table}"
            ).fetchone()
            assert row is not None
            found[table] = {"rows": row[0], "distinct": row[1], "md5": row[2]}
        found["ops.runs"] = dict(
            con.execute("SELECT status, count(*) FROM ops.runs GROUP BY status").fetchall()
        )
    return found


def kill_and_rerun(
    corpus: Path, scratch: Path, env: dict[str, str], fraction: float, clean: Path
) -> dict[str, Any]:
    """Kill a run at fraction of its inputs, run the same command again, compare warehouses."""
    db = fresh_db(scratch, f"killed-{corpus.name}")
    killed, spooled = ingest(corpus, db, env, kill_at=fraction)
    if not killed.killed:
        raise SystemExit(f"bench: the run ended before {fraction:.0%} of its inputs were spooled")
    left = sorted(p.name for p in (db.parent / "spool").glob("*"))
    rerun, _ = ingest(corpus, db, env)
    ours, theirs = fingerprint(db), fingerprint(clean)
    tables = [t for t, _ in COMPARED]
    return {
        "killed_after_seconds": round(killed.seconds, 2),
        "killed_after_inputs": spooled,
        "warehouse_after_kill": db.exists(),
        "spool_left_after_kill": left,
        "rerun_seconds": round(rerun.seconds, 2),
        "rerun_peak_main_gb": round(rerun.peak("main") / GB, 3),
        "spool_left_after_rerun": sorted(p.name for p in (db.parent / "spool").glob("*")),
        "equal": all(ours[t] == theirs[t] for t in tables),
        "duplicates": {t: ours[t]["rows"] - ours[t]["distinct"] for t in tables},
        "rerun_warehouse": ours,
        "clean_warehouse": theirs,
    }


def measure(
    pages: list[Page], size: int, scratch: Path, env: dict[str, str], kill_at: float | None
) -> dict[str, Any]:
    """Build a corpus of size pages, ingest it cleanly, optionally kill-and-rerun; clean up."""
    corpus = scratch / f"corpus-{size}"
    corpus.mkdir()
    files = build_corpus(pages, size, corpus)
    input_bytes = sum(f.stat().st_size for f in files)
    print(f"{size} pages ({input_bytes / MB:.0f} MB): clean run ...", flush=True)
    db = fresh_db(scratch, f"clean-{size}")
    watched, _ = ingest(corpus, db, env)
    result = {"pages": size, **figures(watched, db, input_bytes)}
    result["samples"] = [asdict(s) for s in watched.samples]
    print_size(result)
    if kill_at is not None:
        print(f"  kill -9 at {kill_at:.0%}, then the same command again ...", flush=True)
        result["kill"] = kill_and_rerun(corpus, scratch, env, kill_at, db)
        print_kill(result["kill"], result["seconds_wall"])
    for folder in (corpus, db.parent, *scratch.glob(f"killed-{corpus.name}")):
        shutil.rmtree(folder)
    return result


def print_size(r: dict[str, Any]) -> None:
    """Print one size's figures for a human."""
    workers = " / ".join(f"{w:.2f}" for w in r["peak_workers_gb"]) or "none"
    print(f"  wall {r['seconds_wall']:.1f} s")
    print(
        f"  peak RSS GB: main {r['peak_main_gb']:.2f}, each worker {workers}, "
        f"others {r['peak_others_gb']:.2f}, tree {r['peak_tree_gb']:.2f}"
    )
    for name, p in r["phases"].items():
        print(
            f"    {name:<15} {p['seconds']:6.1f} s  main ≤ {p['main_gb']:.2f} GB, "
            f"tree ≤ {p['tree_gb']:.2f} GB"
        )
    disk = ", ".join(f"{k} {v / MB:.1f} MB" for k, v in r["disk_bytes"].items())
    print(f"  disk: {disk}; stored/input {r['stored_over_input']:.3f}x", flush=True)


def print_kill(k: dict[str, Any], clean_seconds: float) -> None:
    """Print the kill-and-rerun figures for a human."""
    ratio = k["rerun_seconds"] / clean_seconds
    verdict = "meets" if ratio <= TARGET_RERUN_RATIO else "misses"
    print(
        f"  killed after {k['killed_after_inputs']} spooled inputs ({k['killed_after_seconds']:.1f}"
        f" s); spool left: {k['spool_left_after_kill'] or 'none'}"
    )
    print(
        f"  re-run {k['rerun_seconds']:.1f} s = {ratio:.2f}x the clean run "
        f"({verdict} the ≤ {TARGET_RERUN_RATIO}x target); spool left after: "
        f"{k['spool_left_after_rerun'] or 'none'}"
    )
    print(
        f"  warehouse equal to the clean run's: {'yes' if k['equal'] else 'NO'}; duplicates "
        f"{k['duplicates']}; runs {k['rerun_warehouse']['ops.runs']}",
        flush=True,
    )
    if not k["equal"]:
        for table, ours in k["rerun_warehouse"].items():
            if ours != k["clean_warehouse"][table]:
                print(f"    {table}: re-run {ours} vs clean {k['clean_warehouse'][table]}")


def peak_ratios(results: list[dict[str, Any]]) -> dict[str, float]:
    """Peaks at the largest size over those at the smallest: flow process and whole tree."""
    small, large = results[0], results[-1]
    return {
        key: round(large[key] / small[key], 2)
        for key in ("peak_main_gb", "peak_tree_gb")
        if small[key]
    }


def main(argv: list[str] | None = None) -> None:
    """Start a Prefect server, measure every size, print and optionally save the figures."""
    args = parse_args(argv)
    if not args.corpora.is_dir():
        sys.exit(f"bench: corpora folder {args.corpora} not found; pass --corpora PATH")
    pages = load_pages(args.corpora.resolve(), args.corpus)
    results = []
    with tempfile.TemporaryDirectory(prefix="edunews-membench-") as tmp:
        scratch = Path(tmp)
        home = scratch / "prefect"
        home.mkdir()
        with prefect_server(home) as (server_env, _api):
            env = {k: v for k, v in server_env.items() if k != "EDUNEWS_DB"}
            env["PREFECT_LOGGING_LEVEL"] = "WARNING"
            os.chdir(scratch)  # nothing the runs write lands in the repository
            warmup = scratch / "warmup"
            warmup.mkdir()
            build_corpus(pages, WARMUP_PAGES, warmup)
            ingest(warmup, fresh_db(scratch, "warmup-db"), env)  # page cache, server's first run
            for size in sorted(args.sizes):
                results.append(measure(pages, size, scratch, env, args.kill_at))
    ratios = peak_ratios(results) if len(results) > 1 else {}
    if ratios:
        sizes = f"{results[-1]['pages']}/{results[0]['pages']}"
        print(
            f"peak ratio {sizes}: main {ratios.get('peak_main_gb', 0):.2f}x, tree "
            f"{ratios.get('peak_tree_gb', 0):.2f}x (target ≤ {TARGET_PEAK_RATIO}x)"
        )
    if args.json:
        result = {"machine": machine_info(), "sizes": results, "peak_ratios": ratios}
        args.json.write_text(json.dumps(result, indent=1, default=str) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
