"""The run spool: Parquet files that batches write and the loader merges, a package at a time.

Workers (processes, or Dask workers later) never open the warehouse; they write here. A batch's
payloads file (the bytes of its documents, zstd) is the raw store's file as it is: the loader
hard-links it under the warehouse's raw folder (warehouse/raw.py) and never reads the bytes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import Article, DecodedDocument, RawDocument, Reject
from schemas.crawl import UrlState
from schemas.fetch import FetchLogRow, NotModifiedRow
from schemas.story import ArticleSignature
from tasks.load.arrow_schema import model_columns
from tasks.load.enrichment_rows import ENRICH_TABLES

DONE = ".done"  # suffix of a batch's done marker
JSON_TEXT = pa.string()  # JSON written as text; the warehouse column is JSON (cast on insert)

# Each table's columns are its row models' fields; the overrides say what annotations cannot.
_DECODING = ("encoding", "encoding_source", "declared_encoding", "replaced_chars")
DOCUMENTS = pa.schema(
    model_columns(
        RawDocument, exclude=("content",), overrides={"size": pa.int64(), "headers": JSON_TEXT}
    )
    + model_columns(DecodedDocument, include=_DECODING)  # NULL when the bytes were not decoded
)
PAYLOADS = pa.schema(model_columns(RawDocument, include=("sha256", "content")))
# zstd level of payload files, pinned (DuckDB's default): on the bench pages 5.9x smaller than
# the input, for 0.5 ms of a worker's CPU a page (0.1 ms more than the snappy bytes it replaces);
# level 6 saves another 9 % for nearly three times the CPU.
PAYLOAD_ZSTD_LEVEL = 3
ARTICLES = pa.schema(model_columns(Article, overrides={"mojibake_repairs": JSON_TEXT}))
REJECTS = pa.schema(model_columns(Reject))
FETCH_LOG = pa.schema(model_columns(FetchLogRow, overrides={"bytes": pa.int64()}))
NOT_MODIFIED = pa.schema(model_columns(NotModifiedRow))
_VALUES = pa.list_(pa.int64())  # MinHash values (32-bit, unsigned) and signed 64-bit band keys
SIGNATURES = pa.schema(
    model_columns(ArticleSignature, overrides={"minhash": _VALUES, "bands": _VALUES})
)
URL_STATE = pa.schema(model_columns(UrlState))
TABLES = {
    "documents": DOCUMENTS,
    "payloads": PAYLOADS,  # the documents' bytes, each sha256 once (zstd): the raw store's file
    "articles": ARTICLES,
    "rejects": REJECTS,
    "fetch_log": FETCH_LOG,
    "not_modified": NOT_MODIFIED,  # URLs answered 304 to a conditional GET: unchanged articles
    "signatures": SIGNATURES,  # near-duplicate signatures of article bodies (stories)
    "url_state": URL_STATE,  # the new crawl state of every URL the run fetched or saw listed
    **ENRICH_TABLES,
}


def document_row(raw: RawDocument, decoded: DecodedDocument | None) -> dict[str, object]:
    """Return the spool row for a raw document, with how it was decoded (if it was); its bytes
    (``content``) go to the batch's payloads file."""
    row: dict[str, object] = dict(raw)  # the fields as they are: the bytes are not copied
    row["headers"] = json.dumps(raw.headers, ensure_ascii=False) if raw.headers else None
    row |= {name: getattr(decoded, name) if decoded else None for name in _DECODING}
    return row


def article_row(article: Article) -> dict[str, object]:
    """Return the spool row for an article."""
    row = article.model_dump(mode="python")
    row["input_format"] = article.input_format.value
    repairs = [r.model_dump(mode="json") for r in article.mojibake_repairs]
    row["mojibake_repairs"] = json.dumps(repairs, ensure_ascii=False) if repairs else None
    return {name: row[name] for name in ARTICLES.names}


def signature_row(signature: ArticleSignature) -> dict[str, object]:
    """Return the spool row for an article's signature."""
    return signature.model_dump()


def reject_row(reject: Reject) -> dict[str, object]:
    """Return the spool row for a reject."""
    return reject.model_dump(mode="json")


def write_spool(
    folder: Path, stem: str, rows: dict[str, list[dict[str, object]]]
) -> dict[str, str]:
    """Write one Parquet file per table for a batch; return table -> file path.

    Args:
        folder: The run's spool folder.
        stem: File name stem, unique per batch (e.g. ``batch-0003``).
        rows: Table name (a key of TABLES) -> rows; tables left out are written empty. The
            documents rows' bytes (``content``) are written to the payloads file, each sha256
            once, not to the documents file.

    The files are followed by ``<stem>.done`` (rows per table), written whole or not at all.
    """
    folder.mkdir(parents=True, exist_ok=True)
    rows = rows | {"payloads": _payload_rows(rows.get("documents", []))}
    written = {}
    for table, schema in TABLES.items():
        path = folder / f"{stem}.{table}.parquet"
        data = pa.Table.from_pylist(rows.get(table, []), schema=schema)
        if table == "payloads":
            _write_payloads(data, path)
        else:
            pq.write_table(data, path)
        written[table] = str(path)
    # Last, the batch's done marker: its files are whole (a run that dies can still merge them).
    counts = {table: len(rows.get(table, [])) for table in TABLES}
    partial = folder / f"{stem}{DONE}.partial"
    partial.write_text(json.dumps(counts), encoding="utf-8")
    os.replace(partial, folder / f"{stem}{DONE}")
    return written


def _payload_rows(documents: list[dict[str, object]]) -> list[dict[str, object]]:
    """The documents' bytes, each sha256 once."""
    unique = {row["sha256"]: row["content"] for row in documents}
    return [{"sha256": sha256, "content": content} for sha256, content in unique.items()]


def _write_payloads(data: pa.Table, path: Path) -> None:
    """Write a payloads file, zstd-compressed, as a new file (a rename): the raw store may hold
    a hard link to one written before under the same name, which must never change."""
    partial = path.with_name(f"{path.name}.partial")
    pq.write_table(
        data, partial, compression="zstd", compression_level=PAYLOAD_ZSTD_LEVEL,
        use_dictionary=False,  # every payload is unique: a dictionary only costs time
    )  # fmt: skip
    os.replace(partial, path)
