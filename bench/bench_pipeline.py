"""Benchmark the ingest pipeline against a bare ``trafilatura.extract`` loop on the same files.

Builds a corpus of N unique pages from the public pages in ../shared/corpora (in a temp dir, never
in the repo), starts a Prefect server, then times: (a) a single-process loop of the plain default
``trafilatura.extract(bytes)``; (b) the trafilatura CLI (``--input-dir``, its defaults) and (c) the
whole ``edunews ingest DIR`` command, each as a new process; (d) the ``ingest`` flow in this
process into a fresh DuckDB with 2 workers, with and without enrichment; and with
``--no-prefect`` (e) the same batches without Prefect (spawn pool of 2 + ``load_run``).

Run with PREFECT_SERVER_ANALYTICS_ENABLED=false PREFECT_LOGGING_LEVEL=WARNING (``make bench`` sets
them) and see bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import trafilatura
from bench_corpus import (
    DEFAULT_CORPORA,
    Page,
    build_corpus,
    corpus_info,
    load_pages,
    machine_info,
)
from proctree import machine_cpu_seconds, tree_cpu_seconds
from trafilatura.settings import PARALLEL_CORES

from flows.ingest import ingest
from flows.runs import new_run_id
from schemas import RunSummary
from tasks.batch.planning import plan_batches
from tasks.batch.processing import process_batch
from tasks.batch.work import ProcessSettings
from tasks.load.merge import load_run
from tasks.load.run_info import RunInfo
from tasks.sources.files import discover_sources

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.prefectserver import prefect_server  # noqa: E402

BIN = Path(sys.executable).parent  # the project venv's commands
WORKERS = 2
BATCH_SIZE = 200
WARMUP_PAGES = 3
TARGET_RATIO = 1.5  # the flow against the bare loop
TARGET_CLI_RATIO = 0.9  # issue 11: the ingest command's speed against the trafilatura CLI's


@dataclass(frozen=True)
class Counts:
    """What one variant produced (the flow's fields stay None for the baseline)."""

    articles: int  # baseline: pages for which extract() returned text
    rejects: int  # baseline: pages for which extract() returned None
    seconds_process: float | None = None
    seconds_load: float | None = None
    n_new: int | None = None
    n_duplicate: int | None = None
    reject_reasons: dict[str, int] | None = None


@dataclass(frozen=True)
class Run:
    """One timed run of one variant over the whole corpus."""

    variant: str
    repetition: int
    seconds: float
    cpu_seconds: float  # this process, its pool workers and the Prefect server
    others_cpu_seconds: float | None  # every other process on the machine (None off Linux)
    counts: Counts


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--pages", type=int, default=4000, help="pages in the corpus (default 4000)")
    add("--corpus", choices=("zh", "en", "all"), default="all", help="which pages (default all)")
    add("--corpora", type=Path, default=DEFAULT_CORPORA, help="the shared corpora folder")
    add("--repeat", type=int, default=1, help="repetitions; medians are reported (default 1)")
    add("--no-prefect", action="store_true", help="also time the flow's work without Prefect")
    add("--json", type=Path, help="also write the results as JSON to this path")
    args = parser.parse_args(argv)
    if args.pages < 1 or args.repeat < 1:
        parser.error("--pages and --repeat must be at least 1")
    return args


def fresh_db(scratch: Path) -> Path:
    """Return the path of a new, empty DuckDB file in its own folder (the spool goes beside it)."""
    return Path(tempfile.mkdtemp(prefix="db-", dir=scratch)) / "bench.duckdb"


def run_baseline(files: list[Path]) -> Counts:
    """Run a bare single-process loop of the plain default trafilatura.extract on the raw bytes."""
    texts = sum(trafilatura.extract(file.read_bytes()) is not None for file in files)
    return Counts(texts, len(files) - texts)


def run_pipeline(corpus: Path, scratch: Path, enrich: bool = True) -> Counts:
    """Run the ingest flow (decode, extract, validate, enrich, load; 2 workers), fresh DuckDB."""
    db = fresh_db(scratch)
    summary = ingest(
        sources=[str(corpus)],
        db_path=str(db),
        workers=WORKERS,
        batch_size=BATCH_SIZE,
        enrich=enrich,
    )
    return _counts(summary)


def run_ingest_command(corpus: Path, scratch: Path) -> Counts:
    """Run the whole `edunews ingest DIR` command in a new process (enrichment on), fresh DuckDB."""
    db = fresh_db(scratch)
    _run_command([str(BIN / "edunews"), "ingest", str(corpus), "--db", str(db)])
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(
            "SELECT run_id, n_new, n_updated, n_unchanged, n_duplicate, n_rejected, "
            "seconds_process, seconds_load FROM ops.runs ORDER BY started_at DESC LIMIT 1"
        ).fetchone()
        assert row is not None
        reasons = con.execute(
            "SELECT reason, count(*) FROM ops.rejects WHERE run_id = ? GROUP BY reason", [row[0]]
        ).fetchall()
    _, new, updated, unchanged, duplicate, rejected, process, load = row
    return Counts(
        articles=new + updated + unchanged + duplicate,
        rejects=rejected,
        seconds_process=process,
        seconds_load=load,
        n_new=new,
        n_duplicate=duplicate,
        reject_reasons=dict(sorted(reasons)),
    )


def run_trafilatura_cli(corpus: Path, scratch: Path) -> Counts:
    """Run `trafilatura --input-dir DIR --output-dir OUT` in a new process with its defaults
    (PARALLEL_CORES processes, text output in files named by the text's hash, so copies of a
    page leave one file: the counts are distinct texts, and pages without one)."""
    out = fresh_db(scratch).parent / "out"
    _run_command([str(BIN / "trafilatura"), "--input-dir", str(corpus), "--output-dir", str(out)])
    texts = sum(1 for f in out.rglob("*") if f.is_file())
    return Counts(texts, sum(1 for _ in corpus.iterdir()) - texts)


def _run_command(args: list[str]) -> None:
    """Run a command to its end (environment: this process's, with the bench's Prefect server)."""
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr)[-3000:]
        sys.exit(f"bench: {Path(args[0]).name} exited with {done.returncode}:\n{tail}")


def run_no_prefect(corpus: Path, scratch: Path) -> Counts:
    """Run the flow's work without Prefect: the same batches in a spawn pool, then load_run."""
    db = fresh_db(scratch)
    started, started_at, run_id = time.perf_counter(), datetime.now(UTC), new_run_id()
    batches = plan_batches(discover_sources([str(corpus)]), BATCH_SIZE, WORKERS)
    spool = str(db.parent / "spool" / run_id)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=context) as pool:
        n = len(batches)
        list(pool.map(process_batch, range(n), batches, [spool] * n, [ProcessSettings()] * n))
    processed = time.perf_counter() - started
    info = RunInfo(run_id, "ingest", started_at, [str(corpus)], processed)
    return _counts(load_run(str(db), spool, info))


def _counts(summary: RunSummary) -> Counts:
    """Return what a run summary says was produced: articles (new, duplicate, ...) and rejects."""
    articles = summary.n_new + summary.n_updated + summary.n_unchanged + summary.n_duplicate
    return Counts(
        articles=articles,
        rejects=summary.n_rejected,
        seconds_process=summary.seconds_process,
        seconds_load=summary.seconds_load,
        n_new=summary.n_new,
        n_duplicate=summary.n_duplicate,
        reject_reasons=summary.reject_reasons,
    )


def timed(variant: str, repetition: int, runner: Callable[[], Counts]) -> Run:
    """Run one variant; measure its wall time, our CPU time and other processes' CPU time."""
    cpu_before, machine_before = tree_cpu_seconds(), machine_cpu_seconds()
    started = time.perf_counter()
    counts = runner()
    seconds = time.perf_counter() - started
    cpu = tree_cpu_seconds() - cpu_before
    machine_after = machine_cpu_seconds()
    others = None
    if machine_before is not None and machine_after is not None:
        others = max(0.0, machine_after - machine_before - cpu)
    return Run(variant, repetition, seconds, cpu, others, counts)


def warm_up(pages: list[Page], scratch: Path) -> float:
    """Warm the server, imports and caches: a tiny ingest in this process and as a command, and
    the extract loop; return the seconds."""
    folder = scratch / "warmup"
    folder.mkdir()
    files = build_corpus(pages, min(WARMUP_PAGES, len(pages)), folder)
    started = time.perf_counter()
    run_pipeline(folder, scratch)
    run_ingest_command(folder, scratch)
    run_baseline(files)
    return time.perf_counter() - started


def run_all(files: list[Path], corpus: Path, scratch: Path, args: argparse.Namespace) -> list[Run]:
    """Run every variant back to back, reversing the order on odd repetitions."""
    runners: dict[str, Callable[[], Counts]] = {
        "baseline": lambda: run_baseline(files),
        "trafilatura_cli": lambda: run_trafilatura_cli(corpus, scratch),
        "ingest_command": lambda: run_ingest_command(corpus, scratch),
        "pipeline": lambda: run_pipeline(corpus, scratch),
        "pipeline_no_enrich": lambda: run_pipeline(corpus, scratch, enrich=False),
    }
    if args.no_prefect:
        runners["no_prefect"] = lambda: run_no_prefect(corpus, scratch)
    runs = []
    for rep in range(args.repeat):
        order = list(runners) if rep % 2 == 0 else list(reversed(runners))
        for name in order:
            run = timed(name, rep, runners[name])
            print(f"  [{rep + 1}/{args.repeat}] {describe(run)}", flush=True)
            runs.append(run)
            for folder in scratch.glob("db-*"):  # each run's warehouse and spool, ~1 GB at 5000
                shutil.rmtree(folder)
    return runs


def describe(run: Run) -> str:
    """Return a one-line progress note for a finished run."""
    others = "n/a" if run.others_cpu_seconds is None else f"{run.others_cpu_seconds:.1f}"
    return (
        f"{run.variant:<18} {run.seconds:8.2f} s "
        f"(CPU s: ours {run.cpu_seconds:.1f}, other processes {others})"
    )


def summarise(runs: list[Run], n_pages: int) -> dict[str, dict[str, Any]]:
    """Return per variant: median wall and CPU seconds, pages/s, and the last run's counts."""
    medians: dict[str, dict[str, Any]] = {}
    for variant in dict.fromkeys(r.variant for r in runs):
        mine = [r for r in runs if r.variant == variant]
        seconds = statistics.median(r.seconds for r in mine)
        cpu = statistics.median(r.cpu_seconds for r in mine)
        medians[variant] = {
            "seconds": round(seconds, 3),
            "pages_per_s": round(n_pages / seconds, 2),
            "cpu_seconds": round(cpu, 2),
            "cpu_ms_per_page": round(1000 * cpu / n_pages, 2),
            "others_cpu_seconds": _median_or_none([r.others_cpu_seconds for r in mine]),
            **asdict(mine[-1].counts),
            "seconds_process": _median_or_none([r.counts.seconds_process for r in mine]),
            "seconds_load": _median_or_none([r.counts.seconds_load for r in mine]),
        }
    return medians


def _median_or_none(values: list[float | None]) -> float | None:
    """Return the rounded median of values, or None when they are missing."""
    present = [v for v in values if v is not None]
    return round(statistics.median(present), 2) if present else None


def compare(medians: dict[str, dict[str, Any]], cpus: int) -> dict[str, dict[str, float]]:
    """Return per variant: speed over the baseline's, CPU work per page over the baseline's, and
    the speed ratio that work allows at most on this machine's CPUs."""
    baseline = medians["baseline"]
    compared = {}
    for name, m in medians.items():
        if name != "baseline":
            work = m["cpu_seconds"] / baseline["cpu_seconds"]
            compared[name] = {
                "ratio": round(baseline["seconds"] / m["seconds"], 3),
                "cpu_work_ratio": round(work, 3),
                "ratio_ceiling": round(cpus / work, 3),
            }
    return compared


def noisy_runs(runs: list[Run], cpus: int) -> list[Run]:
    """Return the runs during which other processes used more than 5% of the machine's CPU."""
    return [
        r for r in runs if r.others_cpu_seconds and r.others_cpu_seconds > 0.05 * cpus * r.seconds
    ]


def print_report(result: dict[str, Any]) -> None:
    """Print the results for a human."""
    machine, corpus = result["machine"], result["corpus"]
    print()
    print(
        f"machine : {machine['cpu_count']} CPUs ({machine['cpus_usable']} usable), "
        f"{machine['cpu_model']}"
    )
    print(
        f"          python {machine['python']}, trafilatura {machine['trafilatura']}, "
        f"duckdb {machine['duckdb']}, prefect {machine['prefect']}, lxml {machine['lxml']}"
    )
    print(
        f"corpus  : {corpus['pages']} pages, {corpus['megabytes']} MB ({corpus['corpus']}: "
        f"originals {corpus['originals']}, pages {corpus['pages_per_group']}), every file unique"
    )
    print(
        f"warm-up : {result['warmup_seconds']:.1f} s ({WARMUP_PAGES}-page ingest in this process "
        "and as a command, extract; the bench's Prefect server already up), not counted"
    )
    print(f"median of {result['settings']['repeat']} repetition(s):")
    for name, m in result["medians"].items():
        print(
            f"  {name:<18} {m['seconds']:8.2f} s {m['pages_per_s']:7.1f} pages/s   "
            f"CPU {m['cpu_seconds']:7.1f} s = {m['cpu_ms_per_page']:5.1f} ms/page"
        )
        _print_counts(name, m, result["settings"]["trafilatura_cli_parallel"])
    cpus = machine["cpus_usable"] or machine["cpu_count"]
    for name, c in result["compared"].items():
        verdict = "meets" if c["ratio"] >= TARGET_RATIO else "below"
        target = f" ({verdict} the {TARGET_RATIO}x target)" if name != "trafilatura_cli" else ""
        print(f"ratio {name}/baseline: {c['ratio']:.2f}x{target}")
        print(
            f"{'':13}CPU work per page {c['cpu_work_ratio']:.2f}x the baseline's: "
            f"at most {c['ratio_ceiling']:.2f}x on {cpus} CPUs"
        )
    command, cli = result["medians"]["ingest_command"], result["medians"]["trafilatura_cli"]
    ratio = result["command_over_cli"]
    print(
        f"ratio ingest command/trafilatura CLI: {ratio:.2f}x the CLI's speed "
        f"({command['seconds']:.1f} s against {cli['seconds']:.1f} s; "
        f"{'meets' if ratio >= TARGET_CLI_RATIO else 'below'} the {TARGET_CLI_RATIO}x target)"
    )
    print(f"{'':13}CPU work {command['cpu_seconds'] / cli['cpu_seconds']:.2f}x the CLI's")
    for run in result["noisy_runs"]:
        print(
            f"warning: other processes used {run['others_cpu_seconds']:.1f} CPU s during "
            f"{run['variant']} (repetition {run['repetition'] + 1}); timings are not clean"
        )


def _print_counts(name: str, m: dict[str, Any], cli_processes: int) -> None:
    """Print what one variant produced, under its timing line."""
    if name == "baseline":
        print(f"{'':13}1 process; text for {m['articles']} pages, None for {m['rejects']}")
    elif name == "trafilatura_cli":
        print(
            f"{'':13}{cli_processes} processes; {m['articles']} distinct texts (it names each "
            "file by its text's hash: copies of one page overwrite one file)"
        )
    else:
        print(
            f"{'':13}{WORKERS} workers; the flow's own timings: "
            f"process {m['seconds_process']:.2f} s, load {m['seconds_load']:.2f} s"
        )
        print(
            f"{'':13}articles {m['articles']} ({m['n_new']} new, {m['n_duplicate']} duplicate)"
            f", rejects {m['rejects']} {m['reject_reasons']}"
        )


def main(argv: list[str] | None = None) -> None:
    """Build the corpus, warm up, time every variant, print and optionally save the results."""
    args = parse_args(argv)
    if not args.corpora.is_dir():
        sys.exit(f"bench: corpora folder {args.corpora} not found; pass --corpora PATH")
    pages = load_pages(args.corpora.resolve(), args.corpus)
    with tempfile.TemporaryDirectory(prefix="edunews-bench-") as tmp:
        scratch = Path(tmp)
        corpus = scratch / "corpus"
        corpus.mkdir()
        files = build_corpus(pages, args.pages, corpus)
        info = corpus_info(pages, files, args.corpus)
        print(f"built {len(files)} pages ({info['megabytes']} MB) in {corpus}", flush=True)
        home = scratch / "prefect"
        home.mkdir()
        with prefect_server(home) as (env, api):
            # this process's flows and the commands it starts all use the bench's server
            os.environ.update(PREFECT_API_URL=api, PREFECT_HOME=env["PREFECT_HOME"])
            warmup = warm_up(pages, scratch)
            print(f"warmed up in {warmup:.1f} s (not counted)", flush=True)
            runs = run_all(files, corpus, scratch, args)
    medians = summarise(runs, args.pages)
    machine = machine_info()
    cpus = machine["cpus_usable"] or machine["cpu_count"]
    result = {
        "machine": machine,
        "corpus": info,
        "settings": {
            "workers": WORKERS,
            "batch_size": BATCH_SIZE,
            "repeat": args.repeat,
            "trafilatura_cli_parallel": PARALLEL_CORES,
        },
        "warmup_seconds": round(warmup, 2),
        "runs": [asdict(r) for r in runs],
        "medians": medians,
        "compared": compare(medians, cpus),
        "command_over_cli": round(
            medians["trafilatura_cli"]["seconds"] / medians["ingest_command"]["seconds"], 3
        ),
        "target_ratio": TARGET_RATIO,
        "noisy_runs": [asdict(r) for r in noisy_runs(runs, cpus)],
    }
    print_report(result)
    if args.json:
        text = json.dumps(result, indent=2, ensure_ascii=False)
        args.json.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
