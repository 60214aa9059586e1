"""The sign-stored-articles task; the work is in tasks/batch/signing.py."""

from __future__ import annotations

from collections.abc import Sequence

from prefect import task
from prefect.cache_policies import NO_CACHE

from warehouse.queries import UnsignedArticle


@task(name="sign-stored-articles", cache_policy=NO_CACHE)
def sign_stored_task(articles: Sequence[UnsignedArticle], spool_dir: str) -> int:
    """Sign stored articles that lack a current signature, into the run's spool."""
    from tasks.batch.signing import sign_stored  # rarely needed: not at every run's start

    return sign_stored(articles, spool_dir)
