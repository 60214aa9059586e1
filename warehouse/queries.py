"""Typed reads of the warehouse for the flows: what is already known before a run starts.

Every reader opens the file read-only and answers "nothing known" when there is no warehouse
yet, when the tables it reads predate their migration, or (best-effort readers) when another
process holds the file: the run then simply does all the work.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from warehouse.db import DatabaseLockedError, connect, read_sql, resolve_db_path


@contextmanager
def read_only_or_none(
    db_path: str | None, lock_timeout: float = 2.0
) -> Iterator[duckdb.DuckDBPyConnection | None]:
    """Yield a read-only connection, or None when there is no warehouse or it is locked."""
    try:
        con = connect(resolve_db_path(db_path), read_only=True, lock_timeout=lock_timeout)
    except (FileNotFoundError, DatabaseLockedError):
        yield None
        return
    try:
        yield con
    finally:
        con.close()


def stored_page_headers(db_path: str | None) -> dict[str, dict[str, str] | None]:
    """Return each known web article page with the HTTP headers of its current version."""
    with read_only_or_none(db_path) as con:
        if con is None:
            return {}
        try:
            rows = con.execute(read_sql("known_validators")).fetchall()
        except duckdb.CatalogException:  # a warehouse from before any fetch
            return {}
    found: dict[str, dict[str, str] | None] = {}
    for source_uri, headers in rows:
        parsed = json.loads(headers) if isinstance(headers, str) else headers
        found[str(source_uri)] = parsed if isinstance(parsed, dict) else None
    return found


def current_extractions(
    db_path: str | None, extractor_version: str, enricher_version: str
) -> dict[str, str]:
    """Return source → bytes hash of every input whose stored article and enrichment are current."""
    with read_only_or_none(db_path) as con:
        if con is None:
            return {}
        try:
            rows = con.execute(
                read_sql("known_extractions"),
                {"extractor_version": extractor_version, "enricher_version": enricher_version},
            ).fetchall()
        except duckdb.CatalogException:  # a warehouse from before enrichment existed
            return {}
    return {str(uri): str(sha) for uri, sha in rows}


def read_urls(
    db_path: str | None, query: str, params: dict[str, object] | None = None
) -> list[str]:
    """Return the URLs a warehouse query names (``known_page_urls``, ``failed_fetches``).

    Raises:
        FileNotFoundError: there is no warehouse yet.
        DatabaseLockedError: another process holds it.
    """
    con = connect(resolve_db_path(db_path), read_only=True, lock_timeout=10.0)
    try:
        return [str(row[0]) for row in con.execute(read_sql(query), params or {}).fetchall()]
    finally:
        con.close()
