"""Benchmark the ingest pipeline against a bare ``trafilatura.extract`` loop on the same files.

Builds a corpus of N unique pages from the public pages in ../shared/corpora (in a temp dir, never
in the repo), then times in one process: (a) a single-process loop of the plain default
``trafilatura.extract(bytes)``; (b) the ``ingest`` flow into a fresh DuckDB with 2 workers; and
with ``--no-prefect`` (c) the same batches without Prefect (spawn pool of 2 + ``load_run``).

Run with PREFECT_SERVER_ANALYTICS_ENABLED=false PREFECT_LOGGING_LEVEL=WARNING (``make bench`` sets
them) and see bench/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import trafilatura

from flows.ingest import ingest
from flows.runs import new_run_id, plan_batches
from schemas import RunSummary
from tasks.batch.processing import ProcessSettings, process_batch
from tasks.load.merge import RunInfo, load_run
from tasks.load.report import collect_rejects, count_reasons
from tasks.sources.files import discover_sources

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
ZH_DIR = "gne-test-pages"  # Chinese portal pages, *.html anywhere below
EN_GLOB = "article-extraction-benchmark/html/*.html.gz"  # mostly English news pages, gzipped
WORKERS = 2
BATCH_SIZE = 200
WARMUP_PAGES = 3
TARGET_RATIO = 1.5


@dataclass(frozen=True)
class Page:
    """One original corpus page: its language group and its exact bytes."""

    group: str
    content: bytes


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
    add("--pages", type=int, default=5000, help="pages in the corpus (default 5000)")
    add("--corpus", choices=("zh", "en", "all"), default="all", help="which pages (default all)")
    add("--corpora", type=Path, default=DEFAULT_CORPORA, help="the shared corpora folder")
    add("--repeat", type=int, default=1, help="repetitions; medians are reported (default 1)")
    add("--no-prefect", action="store_true", help="also time the flow's work without Prefect")
    add("--json", type=Path, help="also write the results as JSON to this path")
    args = parser.parse_args(argv)
    if args.pages < 1 or args.repeat < 1:
        parser.error("--pages and --repeat must be at least 1")
    return args


def load_pages(corpora: Path, corpus: str) -> list[Page]:
    """Read the original pages (zh then en, each sorted by path), exiting clearly if missing."""
    zh_root = corpora / ZH_DIR
    pages: list[Page] = []
    if corpus in ("zh", "all"):
        files = sorted(zh_root.rglob("*.html"))
        _require(files, f"no *.html under {zh_root}")
        pages += [Page("zh", f.read_bytes()) for f in files]
    if corpus in ("en", "all"):
        files = sorted(corpora.glob(EN_GLOB))
        _require(files, f"no {EN_GLOB} under {corpora}")
        pages += [Page("en", gzip.decompress(f.read_bytes())) for f in files]
    return pages


def _require(found: list[Path], problem: str) -> None:
    """Exit with a clear message when a corpus folder is missing or empty."""
    if not found:
        sys.exit(f"bench: {problem}; pass --corpora PATH (the shared corpora folder)")


def build_corpus(pages: list[Page], n_pages: int, folder: Path) -> list[Path]:
    """Write n_pages files round-robin from pages; a trailing comment makes every file unique."""
    files = []
    for i in range(n_pages):
        path = folder / f"page-{i:06d}.html"
        marker = f"\n<!-- bench copy {i} -->\n".encode("ascii")
        path.write_bytes(pages[i % len(pages)].content + marker)
        files.append(path)
    return files


def corpus_info(pages: list[Page], files: list[Path], corpus: str) -> dict[str, object]:
    """Describe the built corpus: originals per group, copies, total size."""
    groups = [pages[i % len(pages)].group for i in range(len(files))]
    return {
        "corpus": corpus,
        "originals": {g: sum(p.group == g for p in pages) for g in ("zh", "en")},
        "pages": len(files),
        "pages_per_group": {g: groups.count(g) for g in ("zh", "en")},
        "megabytes": round(sum(f.stat().st_size for f in files) / 1e6, 1),
    }


def machine_info() -> dict[str, Any]:
    """Return the CPU, Python and library versions the numbers were measured with."""
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": _cpu_model(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        **{name: version(name) for name in ("trafilatura", "duckdb", "prefect", "lxml", "pyarrow")},
    }


def _cpu_model() -> str:
    """Return the CPU model name from /proc/cpuinfo, or platform.processor() elsewhere."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


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
    reasons = count_reasons(collect_rejects(spool))
    processed = time.perf_counter() - started
    info = RunInfo(run_id, "ingest", started_at, [str(corpus)], processed, reject_reasons=reasons)
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


def tree_cpu_seconds() -> float:
    """Return CPU seconds used by this process, its reaped children and its live descendants."""
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + reaped.ru_utime + reaped.ru_stime + _live_descendants_cpu()


def _live_descendants_cpu() -> float:
    """Return the CPU seconds of this process's live descendants, from /proc (0 off Linux)."""
    children: dict[int, list[int]] = defaultdict(list)
    cpu: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        pid = int(stat.parent.name)
        children[int(fields[1])].append(pid)
        cpu[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    total, stack = 0.0, [os.getpid()]
    while stack:
        for child in children[stack.pop()]:
            total += cpu[child]
            stack.append(child)
    return total


def machine_cpu_seconds() -> float | None:
    """Return the busy CPU seconds of the whole machine since boot (None without /proc/stat)."""
    stat = Path("/proc/stat")
    if not stat.exists():
        return None
    user, nice, system, _idle, _iowait, irq, softirq = stat.read_text().split()[1:8]
    busy = sum(int(v) for v in (user, nice, system, irq, softirq))
    return busy / os.sysconf("SC_CLK_TCK")


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
    """Start Prefect's temporary server (tiny ingest) and warm trafilatura; return the seconds."""
    folder = scratch / "warmup"
    folder.mkdir()
    files = build_corpus(pages, min(WARMUP_PAGES, len(pages)), folder)
    started = time.perf_counter()
    run_pipeline(folder, scratch)
    run_baseline(files)
    return time.perf_counter() - started


def run_all(files: list[Path], corpus: Path, scratch: Path, args: argparse.Namespace) -> list[Run]:
    """Run every variant back to back, reversing the order on odd repetitions."""
    runners: dict[str, Callable[[], Counts]] = {
        "baseline": lambda: run_baseline(files),
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
        f"{run.variant:<10} {run.seconds:8.2f} s "
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
        f"warm-up : {result['warmup_seconds']:.1f} s (Prefect temporary server start, "
        f"{WARMUP_PAGES}-page ingest and extract), not counted"
    )
    print(f"median of {result['settings']['repeat']} repetition(s):")
    for name, m in result["medians"].items():
        print(
            f"  {name:<10} {m['seconds']:8.2f} s {m['pages_per_s']:7.1f} pages/s   "
            f"CPU {m['cpu_seconds']:7.1f} s = {m['cpu_ms_per_page']:5.1f} ms/page"
        )
        if name == "baseline":
            print(f"{'':13}1 process; text for {m['articles']} pages, None for {m['rejects']}")
        else:
            print(
                f"{'':13}{WORKERS} workers; the flow's own timings: "
                f"process {m['seconds_process']:.2f} s, load {m['seconds_load']:.2f} s"
            )
            print(
                f"{'':13}articles {m['articles']} ({m['n_new']} new, {m['n_duplicate']} duplicate)"
                f", rejects {m['rejects']} {m['reject_reasons']}"
            )
    cpus = machine["cpus_usable"] or machine["cpu_count"]
    for name, c in result["compared"].items():
        verdict = "meets" if c["ratio"] >= TARGET_RATIO else "below"
        print(f"ratio {name}/baseline: {c['ratio']:.2f}x ({verdict} the {TARGET_RATIO}x target)")
        print(
            f"{'':13}CPU work per page {c['cpu_work_ratio']:.2f}x the baseline's: "
            f"at most {c['ratio_ceiling']:.2f}x on {cpus} CPUs"
        )
    for run in result["noisy_runs"]:
        print(
            f"warning: other processes used {run['others_cpu_seconds']:.1f} CPU s during "
            f"{run['variant']} (repetition {run['repetition'] + 1}); timings are not clean"
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
        warmup = warm_up(pages, scratch)
        print(f"warmed up in {warmup:.1f} s (not counted)", flush=True)
        runs = run_all(files, corpus, scratch, args)
    medians = summarise(runs, args.pages)
    machine = machine_info()
    cpus = machine["cpus_usable"] or machine["cpu_count"]
    result = {
        "machine": machine,
        "corpus": info,
        "settings": {"workers": WORKERS, "batch_size": BATCH_SIZE, "repeat": args.repeat},
        "warmup_seconds": round(warmup, 2),
        "runs": [asdict(r) for r in runs],
        "medians": medians,
        "compared": compare(medians, cpus),
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
