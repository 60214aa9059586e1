"""Sign stored articles that have no current story signature (a warehouse from before stories,
or a new signer version), so that the load can group them into stories.

Prefect-free like the other batch functions; its task is in tasks/batch/sign.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tasks.decode.script import to_simplified
from tasks.load.spool import signature_row, write_spool
from tasks.stories.signature import sign
from warehouse.queries import UnsignedArticle


def sign_stored(articles: Sequence[UnsignedArticle], spool_dir: str) -> int:
    """Write the signatures of stored articles to the run's spool; return how many."""
    rows = [
        signature_row(
            # rows stored before migration 004 have no Simplified text: convert as workers do
            sign(a.article_id, a.content_hash, a.text_simplified or to_simplified(a.text))
        )
        for a in articles
    ]
    if rows:
        write_spool(Path(spool_dir), "stored-signatures", {"signatures": rows})
    return len(rows)
