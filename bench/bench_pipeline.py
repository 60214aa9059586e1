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
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import trafilatura

from flows.ingest import ingest, new_run_id, plan_batches
from schemas import RunSummary
from tasks.load import RunInfo, load_run
from tasks.process import ProcessSettings, process_batch
from tasks.read import discover_sources
from tasks.report import collect_rejects, count_reasons

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
    """One original corpus page: where it came from, its language group and its exact bytes."""

    name: str
    group: str
    content: bytes


@dataclass(frozen=True)
class Run:
    """One timed run of one variant over the whole corpus."""

    variant: str
    repetition: int
    seconds: float
    articles: int  # baseline: pages for which extract() returned text
    rejects: int  # baseline: pages for which extract() returned None
    seconds_process: float | None = None
    seconds_load: float | None = None
    n_new: int | None = None
    n_duplicate: int | None = None
    reject_reasons: dict[str, int] | None = None


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
        pages += [Page(str(f.relative_to(corpora)), "zh", f.read_bytes()) for f in files]
    if corpus in ("en", "all"):
        files = sorted(corpora.glob(EN_GLOB))
        _require(files, f"no {EN_GLOB} under {corpora}")
        pages += [
            Page(str(f.relative_to(corpora)), "en", gzip.decompress(f.read_bytes())) for f in files
        ]
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


def machine_info() -> dict[str, object]:
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


def run_baseline(files: list[Path], repetition: int) -> Run:
    """Time a bare single-process loop of the plain default trafilatura.extract on the raw bytes."""
    texts = 0
    started = time.perf_counter()
    for file in files:
        if trafilatura.extract(file.read_bytes()) is not None:
            texts += 1
    return Run("baseline", repetition, time.perf_counter() - started, texts, len(files) - texts)


def run_pipeline(corpus: Path, scratch: Path, repetition: int) -> Run:
    """Time the ingest flow (decode, extract, validate, load; 2 workers) into a fresh DuckDB."""
    db = fresh_db(scratch)
    started = time.perf_counter()
    summary = ingest(sources=[str(corpus)], db_path=str(db), workers=WORKERS, batch_size=BATCH_SIZE)
    return _summary_run("pipeline", repetition, time.perf_counter() - started, summary)


def run_no_prefect(corpus: Path, scratch: Path, repetition: int) -> Run:
    """Time the flow's work without Prefect: the same batches in a spawn pool, then load_run."""
    db = fresh_db(scratch)
    started, started_at, run_id = time.perf_counter(), datetime.now(UTC), new_run_id()
    batches = plan_batches(discover_sources([str(corpus)]), BATCH_SIZE, WORKERS)
    spool = [str(db.parent / "spool" / run_id)] * len(batches)
    settings = [ProcessSettings()] * len(batches)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=context) as pool:
        results = list(pool.map(process_batch, range(len(batches)), batches, spool, settings))
    reasons = count_reasons(collect_rejects(results))
    processed = time.perf_counter() - started
    info = RunInfo(run_id, "ingest", started_at, [str(corpus)], processed, reject_reasons=reasons)
    summary = load_run(str(db), results, info)
    return _summary_run("no_prefect", repetition, time.perf_counter() - started, summary)


def _summary_run(variant: str, repetition: int, seconds: float, summary: RunSummary) -> Run:
    """Turn a RunSummary into a Run: articles extracted (new + duplicate + ...) and rejects."""
    articles = summary.n_new + summary.n_updated + summary.n_unchanged + summary.n_duplicate
    return Run(
        variant=variant,
        repetition=repetition,
        seconds=seconds,
        articles=articles,
        rejects=summary.n_rejected,
        seconds_process=summary.seconds_process,
        seconds_load=summary.seconds_load,
        n_new=summary.n_new,
        n_duplicate=summary.n_duplicate,
        reject_reasons=summary.reject_reasons,
    )


def warm_up(pages: list[Page], scratch: Path) -> float:
    """Start Prefect's temporary server (tiny ingest) and warm trafilatura; return the seconds."""
    folder = scratch / "warmup"
    folder.mkdir()
    files = build_corpus(pages, min(WARMUP_PAGES, len(pages)), folder)
    started = time.perf_counter()
    db = fresh_db(scratch)
    ingest(sources=[str(folder)], db_path=str(db), workers=WORKERS, batch_size=BATCH_SIZE)
    run_baseline(files, repetition=-1)
    return time.perf_counter() - started


def run_all(files: list[Path], corpus: Path, scratch: Path, args: argparse.Namespace) -> list[Run]:
    """Run every variant back to back, reversing the order on odd repetitions."""
    runners: dict[str, Callable[[int], Run]] = {
        "baseline": lambda rep: run_baseline(files, rep),
        "pipeline": lambda rep: run_pipeline(corpus, scratch, rep),
    }
    if args.no_prefect:
        runners["no_prefect"] = lambda rep: run_no_prefect(corpus, scratch, rep)
    runs = []
    for rep in range(args.repeat):
        order = list(runners) if rep % 2 == 0 else list(reversed(runners))
        for name in order:
            run = runners[name](rep)
            print(f"  [{rep + 1}/{args.repeat}] {name:<10} {run.seconds:8.2f} s", flush=True)
            runs.append(run)
    return runs


def summarise(runs: list[Run], n_pages: int) -> dict[str, dict[str, Any]]:
    """Return per variant: the median seconds and pages/s, and the last run's counts."""
    medians: dict[str, dict[str, Any]] = {}
    for variant in dict.fromkeys(r.variant for r in runs):
        mine = [r for r in runs if r.variant == variant]
        seconds = statistics.median(r.seconds for r in mine)
        last = mine[-1]
        medians[variant] = {
            "seconds": round(seconds, 3),
            "pages_per_s": round(n_pages / seconds, 2),
            "articles": last.articles,
            "rejects": last.rejects,
            "seconds_process": _median_or_none([r.seconds_process for r in mine]),
            "seconds_load": _median_or_none([r.seconds_load for r in mine]),
            "n_new": last.n_new,
            "n_duplicate": last.n_duplicate,
            "reject_reasons": last.reject_reasons,
        }
    return medians


def _median_or_none(values: list[float | None]) -> float | None:
    """Return the rounded median of values, or None when they are missing."""
    present = [v for v in values if v is not None]
    return round(statistics.median(present), 3) if present else None


def ratios(medians: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Return each variant's speed relative to the baseline (its pages/s over the baseline's)."""
    baseline = medians["baseline"]["seconds"]
    return {
        name: round(baseline / m["seconds"], 3) for name, m in medians.items() if name != "baseline"
    }


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
        line = f"  {name:<10} {m['seconds']:8.2f} s  {m['pages_per_s']:7.1f} pages/s"
        if name == "baseline":
            line += (
                f"  (1 process; extract() returned text for {m['articles']}, "
                f"None for {m['rejects']})"
            )
        else:
            line += (
                f"  ({WORKERS} workers; process {m['seconds_process']:.2f} s "
                f"+ load {m['seconds_load']:.2f} s; "
                f"articles {m['articles']} ({m['n_new']} new, {m['n_duplicate']} duplicate), "
                f"rejects {m['rejects']} {m['reject_reasons']})"
            )
        print(line)
    for name, ratio in result["ratios"].items():
        verdict = "meets" if ratio >= TARGET_RATIO else "below"
        print(f"ratio {name}/baseline: {ratio:.2f}x ({verdict} the {TARGET_RATIO}x target)")


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
    result = {
        "machine": machine_info(),
        "corpus": info,
        "settings": {"workers": WORKERS, "batch_size": BATCH_SIZE, "repeat": args.repeat},
        "warmup_seconds": round(warmup, 2),
        "runs": [asdict(r) for r in runs],
        "medians": medians,
        "ratios": ratios(medians),
        "target_ratio": TARGET_RATIO,
    }
    print_report(result)
    if args.json:
        text = json.dumps(result, indent=2, ensure_ascii=False)
        args.json.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
