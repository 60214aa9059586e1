"""Stories at load time: store the run's signatures and regroup the stories they touch.

Two articles are linked when they share an LSH band key and agree on at least THRESHOLD of their
MinHash values (an estimate of the Jaccard similarity of their bodies' shingles); a story is a
group of articles linked directly or through others, and its id is the article id of its
earliest copy (by publication time, then first seen, then id). Only the neighbourhood of the
signatures a load writes is regrouped: those articles, the stored articles they link to, and
every copy of the stories either belonged to. Stories elsewhere cannot change, so a warehouse
loaded run by run holds the same stories as one loaded at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence

import numpy as np
import pyarrow as pa
from duckdb import DuckDBPyConnection

from schemas.story import SIGNER_VERSION
from warehouse.db import execute_script, read_sql

# Estimated Jaccard similarity from which two bodies are copies of one story. Measured on
# bench/eval_stories.py's corpus (README "Stories"): copies under another header and footer,
# edited or cut, score 0.53 and more (1st percentile), different stories on one topic at most 0.32.
THRESHOLD = 0.5
# Candidate pairs compared at once: the copies of a widely syndicated story make pairs by the
# hundred thousand, and comparing them all at once held 2 x pairs x 128 values in memory.
PAIRS_PER_CHUNK = 20_000
_GROUPS = pa.schema([("article_id", pa.string()), ("grp", pa.string())])


def assign_stories(con: DuckDBPyConnection, files: list[str], run_id: str) -> int:
    """Store the spool's new signatures and set core.articles.story_id where stories changed.

    Runs inside the load's transaction, after the articles are merged.

    Args:
        con: The warehouse, in the load's transaction.
        files: The package's signature files (none: a spool from before 007).
        run_id: The run that writes the signatures.

    Returns:
        How many articles got a new story id (new articles count once).
    """
    changed = 0
    if files:
        con.execute(
            read_sql("stage_signatures"), {"files": files, "signer_version": SIGNER_VERSION}
        )
        execute_script(con, "merge_signatures", {"run_id": run_id})
        changed = _regroup(con)
    alone = con.execute(
        "UPDATE core.articles SET story_id = article_id WHERE story_id IS NULL"
    ).fetchone()
    return changed + (int(alone[0]) if alone else 0)


def _regroup(con: DuckDBPyConnection) -> int:
    """Regroup the stories the staged signatures touch; return how many articles changed story."""
    new = {str(a) for (a,) in con.execute("SELECT article_id FROM stage_signatures").fetchall()}
    if not new:
        return 0
    found = con.execute(read_sql("story_links"), {"threshold": THRESHOLD}).fetchall()
    pairs = [(str(a), str(b)) for a, b in found]
    linked = sorted({a for pair in pairs for a in pair} | new)
    members = _Members(con.execute(read_sql("story_members"), {"articles": linked}).fetchall())
    stored = members.story.keys() - new  # the links among stored copies are made again
    pairs += links(members.minhash, members.bands, focus=stored) if stored else []
    groups = components(members.story, pairs)
    con.register(
        "story_groups",
        pa.table({"article_id": list(groups), "grp": list(groups.values())}, schema=_GROUPS),
    )
    row = con.execute(read_sql("set_story_ids")).fetchone()
    con.unregister("story_groups")
    return int(row[0]) if row else 0


class _Members:
    """Articles to regroup: their story before the load, MinHash values and band keys."""

    def __init__(self, rows: Iterable[tuple[str, str | None, list[int], list[int]]]) -> None:
        self.story: dict[str, str | None] = {}
        self.minhash: dict[str, list[int]] = {}
        self.bands: dict[str, list[int]] = {}
        for article_id, story_id, minhash, bands in rows:
            self.story[article_id] = story_id
            if minhash:  # a body too short to compare has none: a story of its own
                self.minhash[article_id], self.bands[article_id] = minhash, bands


def links(
    minhashes: Mapping[str, Sequence[int]],
    bands: Mapping[str, Sequence[int]],
    threshold: float = THRESHOLD,
    focus: Collection[str] | None = None,
) -> list[tuple[str, str]]:
    """The pairs of articles that are copies of one story.

    Args:
        minhashes: Article id -> its MinHash values (all of one length).
        bands: Article id -> its LSH band keys; only articles sharing a key are compared.
        threshold: The least estimated Jaccard similarity of a linked pair.
        focus: Only pairs with at least one of these articles (default: all pairs).

    Returns:
        Linked pairs (a, b) with a < b, sorted.
    """
    buckets: dict[int, list[str]] = defaultdict(list)
    for article_id, keys in bands.items():
        for key in keys:
            buckets[key].append(article_id)
    if focus is None:
        candidates = {
            (a, b) if a < b else (b, a)
            for members in buckets.values()
            for i, a in enumerate(members)
            for b in members[i + 1 :]
        }
    else:
        candidates = {
            (a, b) if a < b else (b, a)
            for a in focus
            for key in bands.get(a, ())
            for b in buckets[key]
            if b != a
        }
    if not candidates:
        return []
    pairs = sorted(candidates)
    index = {article_id: i for i, article_id in enumerate(minhashes)}
    values = np.array(list(minhashes.values()), dtype=np.uint32)
    rows = np.array([(index[a], index[b]) for a, b in pairs], dtype=np.int64)
    agree = np.concatenate([
        (values[chunk[:, 0]] == values[chunk[:, 1]]).mean(axis=1)
        for chunk in np.array_split(rows, -(-len(rows) // PAIRS_PER_CHUNK))
    ])  # fmt: skip
    return [pair for pair, score in zip(pairs, agree, strict=True) if score >= threshold]


def components(articles: Iterable[str], pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Group articles joined by pairs (union-find): article id -> the smallest id of its group."""
    parent = {article: article for article in articles}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {article: root(article) for article in parent}


def purity_completeness(
    predicted: Mapping[str, object], truth: Mapping[str, object]
) -> tuple[float, float]:
    """Purity and completeness of predicted stories against true ones (over the same articles).

    Purity: the share of articles in their predicted story's most common true story.
    Completeness: the share of articles in their true story's most common predicted story.
    """

    def agreement(groups: Mapping[str, object], labels: Mapping[str, object]) -> float:
        counts: dict[object, dict[object, int]] = defaultdict(lambda: defaultdict(int))
        for article, group in groups.items():
            counts[group][labels[article]] += 1
        return sum(max(c.values()) for c in counts.values()) / max(len(groups), 1)

    return agreement(predicted, truth), agreement(truth, predicted)
