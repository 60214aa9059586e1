"""Enrich batches: enrich stored articles and spool the enrich tables (the enrich flow).

Prefect-free, so that pool workers do not import Prefect (its task is in tasks/batch/enrich.py).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from schemas import BatchResult
from schemas.enrichment import EnrichInput
from tasks.enrich.article import enrich_article
from tasks.load.enrichment_rows import add_enrichment_rows
from tasks.load.spool import write_spool


def enrich_batch(batch_no: int, items: Sequence[EnrichInput], spool_dir: str) -> BatchResult:
    """Enrich a batch of stored articles and write its spool files (enrich tables only)."""
    started = time.perf_counter()
    rows: dict[str, list[dict[str, object]]] = {}
    for item in items:
        add_enrichment_rows(rows, enrich_article(item))
    files = write_spool(Path(spool_dir), f"enrich-{batch_no:05d}", rows)
    return BatchResult(
        batch_no=batch_no,
        n_inputs=len(items),
        n_articles=len(items),
        n_rejects=0,
        spool_files=files,
        seconds=time.perf_counter() - started,
    )
