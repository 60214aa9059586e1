"""Purity and completeness of stories on an invented corpus of reposts (bench/story_corpus.py).

The corpus goes through the real path: each copy is an Article, signed as a worker signs it,
spooled, and loaded by `load_run` into a fresh warehouse, in --runs runs (copies in random order,
so later runs bring copies of stories loaded earlier); then core.articles.story_id is compared
with the true stories. A second warehouse loaded in one run must hold the same stories.

`--sweep` also prints, per shingle size, the exact Jaccard similarity of copies of one story and of
different stories, and purity/completeness at several thresholds (the measurement behind
SHINGLE_CHARS and THRESHOLD).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from story_corpus import Copy, build_corpus  # noqa: E402

from schemas import Article, InputFormat  # noqa: E402
from tasks.load.merge import load_run  # noqa: E402
from tasks.load.run_info import RunInfo
from tasks.load.spool import article_row, signature_row, write_spool  # noqa: E402
from tasks.load.stories import components, links, purity_completeness  # noqa: E402
from tasks.stories.signature import band_keys, minhash, normalise, shingle_hashes, sign  # noqa: E402
from warehouse.db import open_warehouse  # noqa: E402


def as_article(copy: Copy) -> Article:
    """The copy as an extracted article."""
    return Article(
        article_id=copy.article_id,
        source_uri=f"/corpus/{copy.article_id}.txt",
        title=copy.title,
        published_at=copy.published_at,
        published_precision="minute",
        outlet=copy.outlet,
        author=None,
        text=copy.body,
        text_simplified=copy.body,
        script="simplified",
        encoding="utf-8",
        input_format=InputFormat.TEXT,
        raw_sha256=hashlib.sha256(copy.article_id.encode()).hexdigest(),
    )


def load(db: Path, copies: Sequence[Copy], runs: int, spool: Path) -> float:
    """Load the copies in `runs` runs (signed as workers sign them); return the seconds loading."""
    seconds = 0.0
    size = -(-len(copies) // runs)
    for number in range(runs):
        part = [as_article(c) for c in copies[number * size : (number + 1) * size]]
        rows: dict[str, list[dict[str, object]]] = {
            "articles": [article_row(a) for a in part],
            "signatures": [
                signature_row(sign(a.article_id, a.content_hash, a.text_simplified)) for a in part
            ],
        }
        folder = spool / f"run-{db.stem}-{number}"
        write_spool(folder, "batch-00000", rows)
        info = RunInfo(f"{db.stem}-{number}", "ingest", datetime.now(UTC), ["/corpus"], 0.0)
        started = time.perf_counter()
        load_run(str(db), str(folder), info)
        seconds += time.perf_counter() - started
    return seconds


def stored_stories(db: Path) -> dict[str, str]:
    """Article id -> story id, as stored."""
    with open_warehouse(str(db)) as con:
        rows = con.execute("SELECT article_id, story_id FROM core.articles").fetchall()
    return {str(a): str(s) for a, s in rows}


def sweep(copies: Sequence[Copy]) -> None:
    """Per shingle size: exact Jaccard of copies and of different stories; purity/completeness."""
    truth = {c.article_id: c.story for c in copies}
    by_story: dict[int, list[str]] = {}
    for c in copies:
        by_story.setdefault(c.story, []).append(c.article_id)
    rng = random.Random(1)
    ids = list(truth)
    for k in (3, 4, 5, 6):
        hashes = {c.article_id: shingle_hashes(normalise(c.body), k) for c in copies}
        sets = {a: set(h.tolist()) for a, h in hashes.items()}

        def jaccard(a: str, b: str, sets: dict[str, set[int]] = sets) -> float:
            return len(sets[a] & sets[b]) / len(sets[a] | sets[b])

        same = sorted(
            jaccard(a, b) for g in by_story.values() for a, b in itertools.combinations(g, 2)
        )
        other: list[float] = []
        while len(other) < 20000:
            a, b = rng.sample(ids, 2)
            if truth[a] != truth[b]:
                other.append(jaccard(a, b))
        other.sort()

        def q(v: list[float], p: float) -> float:
            return v[int(p * (len(v) - 1))]

        print(
            f"k={k}: copies min {same[0]:.2f} p1 {q(same, 0.01):.2f} median {q(same, 0.5):.2f}"
            f" | different stories median {q(other, 0.5):.2f} p99.9 {q(other, 0.999):.2f}"
            f" max {other[-1]:.2f}"
        )
        values = {a: minhash(h) for a, h in hashes.items()}
        keys = {a: band_keys(v) for a, v in values.items()}
        minhashes = {a: [int(x) for x in v] for a, v in values.items()}
        for threshold in (0.4, 0.5, 0.6):
            groups = components(truth, links(minhashes, keys, threshold))
            purity, completeness = purity_completeness(groups, truth)
            print(f"    threshold {threshold}: purity {purity:.4f} completeness {completeness:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000, help="stories to invent")
    parser.add_argument("--runs", type=int, default=4, help="runs the copies are loaded in")
    parser.add_argument("--sweep", action="store_true", help="also compare shingle sizes")
    args = parser.parse_args()
    copies = build_corpus(args.stories)
    random.Random(3).shuffle(copies)  # later runs bring copies of stories loaded earlier
    truth = {c.article_id: c.story for c in copies}
    n_reposted = len({c.story for c in copies if c.article_id[7:9] != "00"})  # a second copy
    print(f"{len(copies)} articles, {args.stories} stories ({n_reposted} reposted by 3-5 outlets)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        seconds = load(folder / "runs.duckdb", copies, args.runs, folder / "spool")
        by_runs = stored_stories(folder / "runs.duckdb")
        load(folder / "once.duckdb", copies, 1, folder / "spool")
        same = by_runs == stored_stories(folder / "once.duckdb")
    purity, completeness = purity_completeness(by_runs, truth)
    print(f"loaded in {args.runs} runs: {seconds:.2f} s")
    print(f"purity {purity:.4f}  completeness {completeness:.4f}  (done when both >= 0.95)")
    print(f"stories: {len(set(by_runs.values()))} found, {len(set(truth.values()))} true")
    print(f"one run and {args.runs} runs give the same stories: {same}")
    if args.sweep:
        sweep(copies)


if __name__ == "__main__":
    main()
