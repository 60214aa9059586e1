"""The run spool: Parquet files that batches write and the loader merges in one transaction.

Workers (processes, or Dask workers later) never open the warehouse; they write here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import Article, DecodedDocument, RawDocument, Reject
from tasks.load.enrichment_rows import ENRICH_TABLES

TZ_TS = pa.timestamp("us", tz="UTC")

DOCUMENTS = pa.schema(
    [
        ("source_uri", pa.string()),
        ("sha256", pa.string()),
        ("size", pa.int64()),
        ("content", pa.binary()),
        ("is_complete", pa.bool_()),
        ("headers", pa.string()),
        ("fetched_at", TZ_TS),
        ("encoding", pa.string()),
        ("encoding_source", pa.string()),
        ("declared_encoding", pa.string()),
        ("replaced_chars", pa.int32()),
    ]
)
ARTICLES = pa.schema(
    [
        ("article_id", pa.string()),
        ("source_uri", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("published_at", TZ_TS),
        ("published_precision", pa.string()),
        ("outlet", pa.string()),
        ("author", pa.string()),
        ("text", pa.string()),
        ("encoding", pa.string()),
        ("input_format", pa.string()),
        ("categories", pa.list_(pa.string())),
        ("tags", pa.list_(pa.string())),
        ("raw_sha256", pa.string()),
        ("content_hash", pa.string()),
        ("extractor_version", pa.string()),
        ("mojibake_repairs", pa.string()),  # JSON list, NULL when nothing was repaired
        ("script", pa.string()),
        ("text_simplified", pa.string()),
        ("securities", pa.list_(pa.string())),
    ]
)
REJECTS = pa.schema(
    [
        ("source_uri", pa.string()),
        ("raw_sha256", pa.string()),
        ("stage", pa.string()),
        ("reason", pa.string()),
        ("detail", pa.string()),
    ]
)
FETCH_LOG = pa.schema(
    [
        ("requested_url", pa.string()),
        ("url", pa.string()),
        ("kind", pa.string()),
        ("attempt", pa.int32()),
        ("status", pa.int32()),
        ("bytes", pa.int64()),
        ("elapsed", pa.float64()),
        ("error", pa.string()),
        ("fetched_at", TZ_TS),
    ]
)
NOT_MODIFIED = pa.schema([("source_uri", pa.string())])
TABLES = {
    "documents": DOCUMENTS,
    "articles": ARTICLES,
    "rejects": REJECTS,
    "fetch_log": FETCH_LOG,
    "not_modified": NOT_MODIFIED,  # URLs answered 304 to a conditional GET: unchanged articles
    **ENRICH_TABLES,
}


def spool_glob(spool_dir: str | Path, table: str) -> str:
    """Return the glob matching every spool file of one table in a run's spool."""
    return str(Path(spool_dir) / f"*.{table}.parquet")


def document_row(raw: RawDocument, decoded: DecodedDocument | None) -> dict[str, object]:
    """Return the spool row for a raw document, with how it was decoded (if it was)."""
    return {
        "source_uri": raw.source_uri,
        "sha256": raw.sha256,
        "size": raw.size,
        "content": raw.content,
        "is_complete": raw.is_complete,
        "headers": json.dumps(raw.headers, ensure_ascii=False) if raw.headers else None,
        "fetched_at": raw.fetched_at,
        "encoding": decoded.encoding if decoded else None,
        "encoding_source": decoded.encoding_source if decoded else None,
        "declared_encoding": decoded.declared_encoding if decoded else None,
        "replaced_chars": decoded.replaced_chars if decoded else None,
    }


def article_row(article: Article) -> dict[str, object]:
    """Return the spool row for an article."""
    row = article.model_dump(mode="python")
    row["input_format"] = article.input_format.value
    repairs = [r.model_dump(mode="json") for r in article.mojibake_repairs]
    row["mojibake_repairs"] = json.dumps(repairs, ensure_ascii=False) if repairs else None
    return {name: row[name] for name in ARTICLES.names}


def reject_row(reject: Reject) -> dict[str, object]:
    """Return the spool row for a reject."""
    return {
        "source_uri": reject.source_uri,
        "raw_sha256": reject.raw_sha256,
        "stage": reject.stage.value,
        "reason": reject.reason.value,
        "detail": reject.detail,
    }


def write_spool(
    folder: Path, stem: str, rows: dict[str, list[dict[str, object]]]
) -> dict[str, str]:
    """Write one Parquet file per table for a batch; return table -> file path.

    Args:
        folder: The run's spool folder.
        stem: File name stem, unique per batch (e.g. ``batch-0003``).
        rows: Table name (a key of TABLES) -> rows; tables left out are written empty.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for table, schema in TABLES.items():
        path = folder / f"{stem}.{table}.parquet"
        pq.write_table(pa.Table.from_pylist(rows.get(table, []), schema=schema), path)
        written[table] = str(path)
    return written
