"""The bench corpus: the public pages in ../shared/corpora, copied to N unique files.

Shared by bench_pipeline.py, bench_memory.py and profile_process.py; see bench/README.md.
"""

from __future__ import annotations

import gzip
import os
import platform
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# ../shared/corpora beside the repository, or beside its folder for a worktree (wt/NAME)
DEFAULT_CORPORA = (
    next(
        (p for p in (REPO.parent / "shared", REPO.parents[1] / "shared") if p.is_dir()),
        REPO.parent / "shared",
    )
    / "corpora"
)
ZH_DIR = "gne-test-pages"  # Chinese portal pages, *.html anywhere below
EN_GLOB = "article-extraction-benchmark/html/*.html.gz"  # mostly English news pages, gzipped


@dataclass(frozen=True)
class Page:
    """One original corpus page: its language group and its exact bytes."""

    group: str
    content: bytes


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
