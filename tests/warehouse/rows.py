"""Small warehouses written by hand: real DuckDB files with exactly the rows a reader test needs."""

from __future__ import annotations

import atexit
import shutil
import socket
import tempfile
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import duckdb

from warehouse.db import migrate, migrations

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def build(path: Path, before: int | None = None) -> duckdb.DuckDBPyConnection:
    """Create a warehouse with every migration (or only those numbered below `before`)."""
    shutil.copyfile(_template(before), path)  # migrating takes seconds, a copy milliseconds
    return duckdb.connect(str(path))


@cache
def _template(before: int | None) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="edunews-test-warehouse-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "template.duckdb"
    with duckdb.connect(str(path)) as con:
        if before is None:
            migrate(con, folder)
        else:  # as an older release left it: the earlier migrations, applied and recorded
            con.execute(
                "CREATE SCHEMA ops; CREATE TABLE ops.schema_migrations "
                "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
            )
            for version, name, sql in migrations():
                if version < before:
                    con.execute(sql)
                    con.execute(
                        "INSERT INTO ops.schema_migrations VALUES (?, ?, now())", [version, name]
                    )
    return path


def _insert(con: duckdb.DuckDBPyConnection, table: str, row: dict[str, object]) -> None:
    names = ", ".join(f"${name} AS {name}" for name in row)
    con.execute(f"INSERT INTO {table} BY NAME SELECT {names}", row)


def article(
    con: duckdb.DuckDBPyConnection,
    article_id: str,
    source_uri: str,
    **fields: object,
) -> None:
    """Store an article (and the input it came from) with placeholder values for what is unset."""
    row: dict[str, object] = {
        "article_id": article_id, "source_uri": source_uri, "title": f"标题{article_id}",
        "text": f"正文{article_id}", "encoding": "utf-8", "input_format": "text",
        "raw_sha256": f"sha-{article_id}", "content_hash": f"hash-{article_id}",
        "extractor_version": "extract-v1", "version": 1, "first_run_id": "run-1",
        "run_id": "run-1", "created_at": NOW, "updated_at": NOW,
    }  # fmt: skip
    row.update(fields)
    _insert(con, "core.articles", row)
    _insert(
        con,
        "core.article_sources",
        {"source_uri": source_uri, "article_id": article_id,
         "raw_sha256": row["raw_sha256"], "run_id": "run-1"},
    )  # fmt: skip


def document(
    con: duckdb.DuckDBPyConnection, source_uri: str, sha256: str, headers: str | None
) -> None:
    """Store a payload as received, with its HTTP headers as JSON text."""
    _insert(
        con,
        "raw.documents",
        {"source_uri": source_uri, "sha256": sha256, "size": 3,
         "is_complete": True, "headers": headers, "fetched_at": NOW, "run_id": "run-1"},
    )  # fmt: skip


def enriched(
    con: duckdb.DuckDBPyConnection, article_id: str, content_hash: str, enricher_version: str
) -> None:
    """Record that an article's content was enriched by a version of the rules."""
    _insert(
        con,
        "enrich.articles",
        {"article_id": article_id, "content_hash": content_hash,
         "enricher_version": enricher_version, "tokens": "", "run_id": "run-1",
         "enriched_at": NOW},
    )  # fmt: skip


def run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    status: str,
    started_at: datetime,
    pid: int | None = None,
    **n: int,
) -> None:
    """Store a run row (of a process of this host when pid is given); counts not given are 0."""
    counts = ("n_seen", "n_new", "n_updated", "n_unchanged", "n_duplicate", "n_rejected")
    row: dict[str, object] = {
        "run_id": run_id, "flow": "ingest", "status": status, "started_at": started_at,
        "finished_at": started_at + timedelta(seconds=2.5),
        "seconds_process": 1.0, "seconds_load": 1.0, "n_packages": n.pop("n_packages", 0),
        "host": socket.gethostname() if pid else None, "pid": pid,
    }  # fmt: skip
    row.update({name: n.get(name, 0) for name in counts})
    _insert(con, "ops.runs", row)


def reject(
    con: duckdb.DuckDBPyConnection, run_id: str, source_uri: str, stage: str, reason: str
) -> None:
    """Store a reject of a run."""
    _insert(
        con,
        "ops.rejects",
        {"run_id": run_id, "source_uri": source_uri, "stage": stage, "reason": reason,
         "detail": f"{reason} at {source_uri}", "created_at": NOW},
    )  # fmt: skip


def event(
    con: duckdb.DuckDBPyConnection,
    article_id: str,
    event_id: str,
    event_type: str,
    parties: list[str],
    event_date: str | None,
    **fields: object,
) -> None:
    """Store an event of an article with its parties in order (fields: province, adcode …)."""
    _insert(
        con,
        "enrich.events",
        {"article_id": article_id, "event_id": event_id, "event_type": event_type,
         "trigger": "签约", "event_date": event_date, "evidence": "……", "sentence_index": 0,
         "confidence": 0.9, **fields},
    )  # fmt: skip
    for position, name in enumerate(parties):
        _insert(
            con,
            "enrich.event_parties",
            {"article_id": article_id, "event_id": event_id, "position": position,
             "entity_id": f"org:{name}", "name": name, "kind": "organisation"},
        )  # fmt: skip


def person(
    con: duckdb.DuckDBPyConnection,
    article_id: str,
    name: str,
    title: str | None,
    affiliation: str | None,
) -> None:
    """Store a person named in an article."""
    _insert(
        con,
        "enrich.people",
        {"article_id": article_id, "entity_id": f"person:{name}", "name": name,
         "title": title, "affiliation": affiliation},
    )  # fmt: skip


def place(
    con: duckdb.DuckDBPyConnection,
    article_id: str,
    province: str | None,
    city: str | None,
    district: str | None,
    is_primary: bool,
    adcode: str | None = None,
) -> None:
    """Store a place of an article."""
    _insert(
        con,
        "enrich.places",
        {"article_id": article_id, "province": province, "city": city, "district": district,
         "adcode": adcode, "surface": district or city or province or "", "mentions": 1,
         "is_primary": is_primary},
    )  # fmt: skip


def mention(con: duckdb.DuckDBPyConnection, article_id: str, name: str, kind: str) -> None:
    """Store one mention of an organisation in an article (its id as event() gives parties)."""
    _insert(
        con,
        "enrich.mentions",
        {"article_id": article_id, "entity_id": f"org:{name}", "name": name, "kind": kind,
         "surface": name, "start_offset": 0, "end_offset": len(name)},
    )  # fmt: skip


def term(con: duckdb.DuckDBPyConnection, article_id: str, term: str, tf: int) -> None:
    """Store a term of an article with its frequency (analytics.keywords ranks them)."""
    _insert(con, "enrich.terms", {"article_id": article_id, "term": term, "tf": tf})
