"""What stories cost: signing an article, and the story step of a load on a 5,000-article warehouse.

Articles come from bench/story_corpus.py (invented, seeded). Timings:
- sign: `tasks.stories.signature.sign` per article (the worker's extra work), on the corpus bodies
  and on bodies four times as long;
- load: `load_run` of the whole corpus in one run into a fresh warehouse, with the signature files
  in the spool and without them (the story step is then skipped): the difference is its cost;
- a later run of 100 articles (half of them copies of stored stories) on that warehouse, with and
  without signatures;
- backfill, as after migration 007: a warehouse loaded without signatures, then what the next
  run does (read the unsigned articles, sign them, load).
Medians of --repeat rounds.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_stories import as_article  # noqa: E402
from story_corpus import build_corpus  # noqa: E402

from schemas import Article  # noqa: E402
from schemas.story import SIGNER_VERSION  # noqa: E402
from tasks.batch.signing import sign_stored  # noqa: E402
from tasks.load.merge import load_run  # noqa: E402
from tasks.load.run_info import RunInfo  # noqa: E402
from tasks.load.spool import article_row, signature_row, write_spool  # noqa: E402
from tasks.stories.signature import sign  # noqa: E402
from warehouse.db import open_warehouse  # noqa: E402
from warehouse.queries import unsigned_articles  # noqa: E402


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    """Median wall time of `work` over `repeat` calls."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def write_run(folder: Path, articles: Sequence[Article], signed: bool) -> str:
    """A run's spool of the articles, with or without their signatures."""
    rows: dict[str, list[dict[str, object]]] = {"articles": [article_row(a) for a in articles]}
    if signed:
        rows["signatures"] = [
            signature_row(sign(a.article_id, a.content_hash, a.text_simplified)) for a in articles
        ]
    write_spool(folder, "batch-00000", rows)
    if not signed:
        for path in folder.glob("*.signatures.parquet"):
            path.unlink()  # as a spool from before stories: the story step is skipped
    return str(folder)


def timed_load(db: Path, spool: str, name: str) -> float:
    """Seconds of one load_run."""
    started = time.perf_counter()
    load_run(str(db), spool, RunInfo(name, "ingest", datetime.now(UTC), ["/bench"], 0.0))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=2000, help="stories (about 2.5 copies each)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    corpus = build_corpus(args.stories + 100, seed=5)
    later_stories = {c.story for c in corpus[-400:]}
    base = [as_article(c) for c in corpus if c.story not in later_stories]
    # The later run: 50 copies of stored stories (new outlets) and 50 new articles.
    extra = [as_article(c) for c in build_corpus(60, seed=6)][:50]
    copies = [
        a.model_copy(update={"article_id": f"z{i:019d}", "source_uri": f"/later/{i}.txt"})
        for i, a in enumerate(base[:: max(1, len(base) // 50)][:50])
    ]
    later = copies + extra
    bodies = [a.text_simplified for a in base]
    mean_chars = statistics.mean(len(b) for b in bodies)
    print(f"{len(base)} articles in the warehouse (mean body {mean_chars:.0f} characters)")

    sample = bodies[:1000]
    per = median_seconds(lambda: [sign("a" * 20, "h", b) for b in sample], args.repeat)
    print(f"sign: {per / len(sample) * 1000:.2f} ms per article")
    long = ["".join(bodies[i : i + 4]) for i in range(0, 4000, 4)]
    per = median_seconds(lambda: [sign("a" * 20, "h", b) for b in long], args.repeat)
    print(f"sign, bodies of {statistics.mean(map(len, long)):.0f} characters: "
          f"{per / len(long) * 1000:.2f} ms per article")  # fmt: skip

    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for round_no in range(args.repeat):
            for signed in (True, False):
                tag = "with stories" if signed else "without"
                db = folder / f"w-{round_no}-{signed}.duckdb"
                spool = write_run(folder / f"s-{round_no}-{signed}", base, signed)
                results.setdefault(f"load {len(base)} new, {tag}", []).append(
                    timed_load(db, spool, "r1")
                )
                later_spool = write_run(folder / f"l-{round_no}-{signed}", later, signed)
                results.setdefault(f"later run of {len(later)}, {tag}", []).append(
                    timed_load(db, later_spool, "r2")
                )
            # Backfill: a warehouse without signatures, then the next run's signing and load.
            db = folder / f"b-{round_no}.duckdb"
            shutil.copyfile(folder / f"w-{round_no}-False.duckdb", db)
            with open_warehouse(str(db)) as con:
                con.execute("DELETE FROM core.article_signatures")
            started = time.perf_counter()
            unsigned = unsigned_articles(str(db), SIGNER_VERSION, 10.0)
            read = time.perf_counter() - started
            spool_dir = folder / f"bs-{round_no}"
            sign_stored(unsigned, str(spool_dir))
            signed_at = time.perf_counter() - started
            results.setdefault("backfill: read unsigned", []).append(read)
            results.setdefault("backfill: sign", []).append(signed_at - read)
            results.setdefault("backfill: load", []).append(timed_load(db, str(spool_dir), "r3"))
            with open_warehouse(str(db)) as con:
                row = con.execute("SELECT count(DISTINCT story_id) FROM core.articles").fetchone()
            assert row is not None
            n_stories = int(row[0])
    for name, values in results.items():
        print(f"{name}: {statistics.median(values):.3f} s")
    print(f"stories after the backfill: {n_stories} (of {len(base)} articles)")


if __name__ == "__main__":
    main()
