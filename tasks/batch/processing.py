"""Process stage: read, decode, extract and validate a batch of inputs, writing the run spool.

CPU-bound; the flow runs batches in a process pool (or on Dask workers) so both cores work.
Prefect-free, so that pool workers do not import Prefect (its task is in tasks/batch/process.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from schemas import Article, BatchResult, RawDocument, Reject, SourceRef
from schemas.fetch import NotModifiedRow
from tasks.batch.repeats import WRITTEN
from tasks.batch.work import ProcessSettings
from tasks.decode.charset import decode_document
from tasks.decode.mojibake import repair_document
from tasks.enrich.article import enrich_article, enrich_input
from tasks.extract.article import extract_article
from tasks.load.enrichment_rows import add_enrichment_rows
from tasks.load.spool import (
    article_row,
    document_row,
    reject_row,
    signature_row,
    write_spool,
)
from tasks.sources.files import read_source
from tasks.sources.warc import is_warc, read_warc
from tasks.stories.signature import sign


@dataclass
class _BatchRows:
    documents: list[dict[str, object]] = field(default_factory=list)
    articles: list[dict[str, object]] = field(default_factory=list)
    rejects: list[dict[str, object]] = field(default_factory=list)
    not_modified: list[dict[str, object]] = field(default_factory=list)
    signatures: list[dict[str, object]] = field(default_factory=list)
    enrichments: dict[str, list[dict[str, object]]] = field(default_factory=dict)

    def tables(self) -> dict[str, list[dict[str, object]]]:
        return {
            "documents": self.documents, "articles": self.articles, "rejects": self.rejects,
            "not_modified": self.not_modified, "signatures": self.signatures,
            **self.enrichments,
        }  # fmt: skip


def process_source(
    source: SourceRef | RawDocument, settings: ProcessSettings, stored_sha256: str | None = None
) -> tuple[dict[str, object] | None, Article | Reject | None]:
    """Take one input through read (files), decode and extract.

    Args:
        source: A file to read, or a document already fetched.
        settings: Stage settings.
        stored_sha256: The bytes' hash when the warehouse already holds this input's current
            article; the same bytes again are not decoded or extracted.

    Returns:
        The raw-document spool row (None if nothing could be read or nothing changed) and the
        outcome: an Article, the Reject of the first stage that failed, or None for an input
        whose bytes and article are already stored.
    """
    raw: RawDocument | None
    if isinstance(source, RawDocument):
        raw, read_reject = source, None
    else:
        raw, read_reject = read_source(source, settings.read)
    if raw is None or read_reject is not None:
        assert read_reject is not None
        return (document_row(raw, None) if raw else None), read_reject
    if stored_sha256 is not None and raw.sha256 == stored_sha256:
        return None, None
    decoded = decode_document(raw, settings.decode)
    if isinstance(decoded, Reject):
        return document_row(raw, None), decoded
    # Repair misaligned GBK before extraction (and before any normalisation): shared notes §2.
    return document_row(raw, decoded), extract_article(repair_document(decoded), settings.extract)


def process_batch(
    batch_no: int,
    refs: Sequence[SourceRef | RawDocument],
    spool_dir: str,
    settings: ProcessSettings,
    stored: Mapping[str, str] | None = None,
) -> BatchResult:
    """Process a batch of inputs and write its spool files.

    Args:
        batch_no: The batch's number in the run (names its spool files).
        refs: The inputs: files to read or documents already fetched.
        spool_dir: The run's spool folder.
        settings: Stage settings.
        stored: Source → bytes hash of inputs whose current article is stored (unchanged
            bytes are counted as unchanged without being extracted again).

    Returns:
        Counts and the spool files written.

    An article this process already signed and enriched for the same spool (tasks/batch/
    repeats.py) gets its article row only: its other rows are there once already.
    """
    started = time.perf_counter()
    rows = _BatchRows()
    written: set[tuple[str, str]] = set()  # articles signed (and enriched) in this batch
    n_inputs = 0
    for source in _expand(refs, settings):
        n_inputs += 1
        if isinstance(source, tuple):  # a WARC record kept but rejected: (raw, reject)
            rows.documents.append(document_row(source[0], None))
            rows.rejects.append(reject_row(source[1]))
            continue
        if isinstance(source, Reject):
            rows.rejects.append(reject_row(source))
            continue
        uri = source.source_uri if isinstance(source, RawDocument) else source.uri
        document, outcome = process_source(source, settings, (stored or {}).get(uri))
        if document is not None:
            rows.documents.append(document)
        if outcome is None:
            rows.not_modified.append(NotModifiedRow(source_uri=uri).model_dump())
        elif isinstance(outcome, Article):
            rows.articles.append(article_row(outcome))
            pair = (outcome.article_id, outcome.content_hash)
            if pair not in written and not WRITTEN.written_before(spool_dir, batch_no, *pair):
                _sign_and_enrich(outcome, settings, rows)
                written.add(pair)
        else:
            rows.rejects.append(reject_row(outcome))
    files = write_spool(Path(spool_dir), f"batch-{batch_no:05d}", rows.tables())
    WRITTEN.add(spool_dir, batch_no, written)
    return BatchResult(
        batch_no=batch_no,
        n_inputs=n_inputs,
        n_articles=len(rows.articles),
        n_rejects=len(rows.rejects),
        spool_files=files,
        seconds=time.perf_counter() - started,
    )


def _sign_and_enrich(article: Article, settings: ProcessSettings, rows: _BatchRows) -> None:
    """Add an article's story signature and, when the run enriches, its enrichment rows."""
    body = article.text_simplified or article.text
    rows.signatures.append(signature_row(sign(article.article_id, article.content_hash, body)))
    if settings.enrich:
        add_enrichment_rows(rows.enrichments, enrich_article(enrich_input(article)))


def _expand(
    refs: Sequence[SourceRef | RawDocument], settings: ProcessSettings
) -> Iterator[SourceRef | RawDocument | Reject | tuple[RawDocument, Reject]]:
    """Yield the batch's inputs, a WARC file expanded into its response records (streamed)."""
    for ref in refs:
        if not (isinstance(ref, SourceRef) and is_warc(ref.local_path)):
            yield ref
            continue
        pending: RawDocument | None = None
        for item in read_warc(ref.local_path, settings.read):
            if (
                isinstance(item, Reject)
                and pending is not None
                and item.raw_sha256 == pending.sha256
            ):
                yield pending, item  # a record read but rejected (empty, too large)
                pending = None
                continue
            if pending is not None:
                yield pending
                pending = None
            if isinstance(item, RawDocument):
                pending = item
            else:
                yield item
        if pending is not None:
            yield pending
