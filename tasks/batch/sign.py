"""Sign stored articles that have no current story signature (a warehouse from before stories,
or a new signer version), so that the load can group them into stories."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

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


@task(name="sign-stored-articles", cache_policy=NO_CACHE)
def sign_stored_task(articles: Sequence[UnsignedArticle], spool_dir: str) -> int:
    """Sign stored articles that lack a current signature, into the run's spool."""
    return sign_stored(articles, spool_dir)
