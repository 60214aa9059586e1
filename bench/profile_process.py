"""Profile where the process stage spends its time per page, next to a bare trafilatura.extract.

Builds the same kind of corpus as bench_pipeline.py (default 300 pages), then in this one process:
times the plain ``trafilatura.extract(bytes)`` loop and ``process_batch`` over the same files, and
runs ``process_batch`` under cProfile to split its time by stage (read, decode, Trafilatura,
metadata/htmldate, our date finder, validation, Parquet spool).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura
from bench_corpus import DEFAULT_CORPORA, build_corpus, load_pages

from schemas import SourceRef
from tasks.batch.processing import process_batch
from tasks.batch.work import ProcessSettings

# label -> (end of the defining file's path, function name). Times are cumulative: nested rows
# are part of the row above them.
STAGES: dict[str, tuple[str, str]] = {
    "read (read_source)": ("tasks/sources/files.py", "read_source"),
    "decode (decode_document)": ("tasks/decode/charset.py", "decode_document"),
    "extract + validate (extract_article)": ("tasks/extract/article.py", "extract_article"),
    "  lxml parse (trafilatura load_html)": ("trafilatura/utils.py", "load_html"),
    "  our metadata and date (read_page_meta)": ("tasks/extract/htmlmeta.py", "read_page_meta"),
    "  widget strip (strip_widgets)": ("tasks/extract/htmlpage.py", "strip_widgets"),
    "  chrome strip (strip_chrome)": ("tasks/extract/chrome.py", "strip_chrome"),
    "  markup guard (measure_markup)": ("tasks/extract/htmlpage.py", "measure_markup"),
    "  bare_extraction (extract runs it too)": ("trafilatura/core.py", "bare_extraction"),
    "    metadata (trafilatura extract_metadata)": ("trafilatura/metadata.py", "extract_metadata"),
    "      htmldate (find_date)": ("htmldate/core.py", "find_date"),
    "    fallbacks (compare_extraction)": ("trafilatura/external.py", "compare_extraction"),
    "spool rows (document_row + article_row + reject_row)": ("tasks/load/spool.py", "_row"),
    "Parquet spool (write_spool)": ("tasks/load/spool.py", "write_spool"),
}


def parse_args() -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300, help="pages to profile (default 300)")
    parser.add_argument("--corpus", choices=("zh", "en", "all"), default="all", help="which pages")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="the corpora folder")
    parser.add_argument("--top", type=int, default=30, help="functions listed by cumulative time")
    return parser.parse_args()


def time_baseline(files: list[Path]) -> float:
    """Return the seconds of the plain trafilatura.extract loop over files."""
    started = time.perf_counter()
    for file in files:
        trafilatura.extract(file.read_bytes())
    return time.perf_counter() - started


def time_process(refs: list[SourceRef], spool: Path) -> float:
    """Return the seconds of one in-process process_batch over refs."""
    started = time.perf_counter()
    process_batch(0, refs, str(spool), ProcessSettings())
    return time.perf_counter() - started


def profile(function: Callable[..., object], *args: object) -> pstats.Stats:
    """Run function(*args) under cProfile and return its statistics."""
    profiler = cProfile.Profile()
    profiler.runcall(function, *args)
    return pstats.Stats(profiler)


def stage_seconds(stats: pstats.Stats, path_end: str, name: str) -> float:
    """Return the cumulative seconds of the functions defined in path_end named (or ending) name."""
    return sum(
        row[3]
        for (filename, _, function), row in stats.stats.items()  # type: ignore[attr-defined]
        if filename.endswith(path_end) and function.endswith(name)
    )


def main() -> None:
    """Build the corpus, time both loops, profile process_batch and print the breakdown."""
    args = parse_args()
    if not args.corpora.is_dir():
        sys.exit(f"profile: corpora folder {args.corpora} not found; pass --corpora PATH")
    pages = load_pages(args.corpora.resolve(), args.corpus)
    with tempfile.TemporaryDirectory(prefix="edunews-profile-") as tmp:
        folder = Path(tmp, "corpus")
        folder.mkdir()
        files = build_corpus(pages, args.pages, folder)
        refs = [SourceRef(uri=str(f.resolve())) for f in files]
        time_baseline(files[:3])  # warm up: imports and lazy initialisation
        time_process(refs[:3], Path(tmp, "warm"))
        baseline = time_baseline(files)
        process = time_process(refs, Path(tmp, "timed"))
        base_stats = profile(time_baseline, files)
        stats = profile(process_batch, 1, refs, str(Path(tmp, "profiled")), ProcessSettings())
    n = len(files)
    print(f"{n} pages, one process, no profiler:")
    print(f"  baseline trafilatura.extract(bytes) {1000 * baseline / n:7.1f} ms/page")
    print(f"  process_batch                       {1000 * process / n:7.1f} ms/page")
    print(f"  work ratio process/baseline         {process / baseline:7.2f}x")
    both = {"baseline": base_stats, "process_batch": stats}
    totals = {name: st.total_tt for name, st in both.items()}  # type: ignore[attr-defined]
    print("\nunder cProfile, ms/page (share of that column's total):")
    print(f"  {'':<52} {'baseline':>16} {'process_batch':>16}")
    print(f"  {'total':<52} " + " ".join(_cell(t, t, n) for t in totals.values()))
    for label, (path_end, name) in STAGES.items():
        seconds = {k: stage_seconds(st, path_end, name) for k, st in both.items()}
        if any(seconds.values()):  # a stage neither side ran (e.g. htmldate) is left out
            print(f"  {label:<52} " + " ".join(_cell(seconds[k], totals[k], n) for k in both))
    print(f"\nprocess_batch: top {args.top} functions by cumulative time:")
    stats.sort_stats("cumulative").print_stats(args.top)


def _cell(seconds: float, total: float, n: int) -> str:
    """Format seconds as ms/page and share of total, 16 characters wide."""
    return f"{1000 * seconds / n:7.1f} ({100 * seconds / total:4.1f}%)"


if __name__ == "__main__":
    main()
