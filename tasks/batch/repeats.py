"""The articles a worker process has already signed and enriched for a run's spool.

An article's signature and enrichment depend only on its id and its content (content_hash
covers the URL, title, date and text), and the load keeps one row of each per article and
content. An input that repeats such an article in the same run (a page listed under two
addresses with one canonical URL, a page captured again in a WARC, a page whose sidebar
changed between two fetches) needs neither again: the rows of the first are in the spool.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# A worker forgets everything past this many articles (about 20 MB): correct, only slower.
MAX_REMEMBERED = 200_000


@dataclass
class WrittenArticles:
    """The articles whose rows this process wrote to one spool folder, with the batch that has
    them (a batch run again is never told that its own rows exist)."""

    spool: str | None = None
    batches: dict[tuple[str, str], int] = field(default_factory=dict)

    def written_before(self, spool: str, batch_no: int, article_id: str, content_hash: str) -> bool:
        """Whether another batch of this spool already holds this article with this content."""
        if spool != self.spool:
            return False
        written_by = self.batches.get((article_id, content_hash))
        return written_by is not None and written_by != batch_no

    def add(self, spool: str, batch_no: int, pairs: Iterable[tuple[str, str]]) -> None:
        """Remember a written batch's (article_id, content_hash) pairs; call it once the batch's
        files are whole."""
        if spool != self.spool or len(self.batches) > MAX_REMEMBERED:
            self.spool, self.batches = spool, {}  # a new run, or too many: start afresh
        self.batches.update(dict.fromkeys(pairs, batch_no))


# One per worker process: the batches of a run that one worker takes share it.
WRITTEN = WrittenArticles()
