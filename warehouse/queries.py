"""Typed reads of the warehouse for the flows: what is already known before a run starts.

Every reader opens the file read-only. Best-effort readers answer "nothing known" when there is
no warehouse yet, when the tables they read predate their migration, or when another process
holds the file: the run then simply does all the work. Readers whose answer a run cannot do
without wait for a lock and raise when it stays held.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import duckdb

from warehouse.db import DatabaseLockedError, connect, read_sql, resolve_db_path

if TYPE_CHECKING:  # imported when needed: pydantic's models are 0.35 s of `edunews query`'s start
    from schemas.crawl import UrlState


class QueryFailedError(RuntimeError):
    """The warehouse refused a read: bad SQL, a write in a read-only session, a missing table."""


@contextmanager
def read_only(
    db_path: str | None, lock_timeout: float = 10.0
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-only connection to the warehouse; close it on exit.

    Raises:
        FileNotFoundError: there is no warehouse yet.
        DatabaseLockedError: another process still holds it after lock_timeout seconds.
    """
    con = connect(resolve_db_path(db_path), read_only=True, lock_timeout=lock_timeout)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def read_only_or_none(
    db_path: str | None, lock_timeout: float = 2.0, *, raise_if_locked: bool = False
) -> Iterator[duckdb.DuckDBPyConnection | None]:
    """Yield a read-only connection, or None when there is no warehouse or it is locked.

    Args:
        db_path: The warehouse (None: $EDUNEWS_DB or the default).
        lock_timeout: Seconds to wait while another process holds the file.
        raise_if_locked: Raise DatabaseLockedError instead of yielding None for a held file.
    """
    try:
        con = connect(resolve_db_path(db_path), read_only=True, lock_timeout=lock_timeout)
    except FileNotFoundError:
        yield None
        return
    except DatabaseLockedError:
        if raise_if_locked:
            raise
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


def url_states(db_path: str | None) -> dict[str, UrlState]:
    """Return the crawl state of every URL the warehouse has fetched or seen listed."""
    from schemas.crawl import UrlState

    with read_only_or_none(db_path) as con:
        if con is None:
            return {}
        try:
            cursor = con.execute(read_sql("url_states"))
        except duckdb.CatalogException:  # a warehouse from before migration 008
            return {}
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall()
    return {str(row[0]): UrlState(**dict(zip(columns, row, strict=True))) for row in rows}


def current_extractions(
    db_path: str | None, extractor_version: str, enricher_version: str | None
) -> dict[str, str]:
    """Return source → bytes hash of every input whose stored article and enrichment are current.

    enricher_version None (a run that does not enrich) asks for a current extraction only.
    """
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


@dataclass(frozen=True)
class PendingArticle:
    """A stored article to enrich; text_simplified is None for rows stored before migration 004."""

    article_id: str
    content_hash: str
    title: str | None
    text: str
    text_simplified: str | None
    published_at: datetime | None


def pending_enrichment(
    db_path: str | None, enricher_version: str, lock_timeout: float
) -> list[PendingArticle]:
    """Return the stored articles whose enrichment is missing, older than the version, or stale.

    Args:
        db_path: The warehouse (None: $EDUNEWS_DB or the default); missing: nothing is pending.
        enricher_version: The version the enrichment must have been made by.
        lock_timeout: Seconds to wait while another process holds the file.

    Raises:
        DatabaseLockedError: the file is still held after lock_timeout seconds.
    """
    params = {"enricher_version": enricher_version}
    with read_only_or_none(db_path, lock_timeout, raise_if_locked=True) as con:
        if con is None:
            return []
        try:
            rows = con.execute(read_sql("pending_enrichment"), params).fetchall()
        except duckdb.CatalogException:  # before migration 004: nothing is enriched yet
            try:
                rows = con.execute(read_sql("pending_enrichment_before_004")).fetchall()
            except duckdb.CatalogException:  # an empty file: no articles at all
                return []
    return [PendingArticle(*row) for row in rows]


def due_page_urls(db_path: str | None, now: datetime, lock_timeout: float = 10.0) -> list[str]:
    """Return the known pages whose recheck or retry is due (what a refresh fetches).

    A warehouse from before migration 008 has no schedule yet: every web article page is due.

    Raises:
        FileNotFoundError: there is no warehouse yet.
        DatabaseLockedError: another process holds it.
    """
    with read_only(db_path, lock_timeout) as con:
        try:
            rows = con.execute(read_sql("due_page_urls"), {"now": now}).fetchall()
        except duckdb.CatalogException:
            rows = con.execute(read_sql("known_page_urls")).fetchall()
    return [str(uri) for (uri,) in rows]


def failed_fetches(
    db_path: str | None, run_id: str | None, lock_timeout: float = 10.0
) -> list[str]:
    """Return the URLs whose fetch failed in a run (None: the latest completed run).

    Raises:
        FileNotFoundError: there is no warehouse yet.
        DatabaseLockedError: another process holds it.
    """
    with read_only(db_path, lock_timeout) as con:
        rows = con.execute(read_sql("failed_fetches"), {"run_id": run_id}).fetchall()
    return [str(uri) for (uri,) in rows]


@dataclass(frozen=True)
class UnsignedArticle:
    """A stored article to sign; text_simplified is None for rows stored before migration 004."""

    article_id: str
    content_hash: str
    text: str
    text_simplified: str | None


def unsigned_articles(
    db_path: str | None, signer_version: str, lock_timeout: float
) -> list[UnsignedArticle]:
    """Return the stored articles without a current story signature (all, before migration 007).

    Args:
        db_path: The warehouse (None: $EDUNEWS_DB or the default); missing: none is unsigned.
        signer_version: The version the signature must have been made by.
        lock_timeout: Seconds to wait while another process holds the file.

    Raises:
        DatabaseLockedError: the file is still held after lock_timeout seconds.
    """
    with read_only_or_none(db_path, lock_timeout, raise_if_locked=True) as con:
        if con is None:
            return []
        try:
            cursor = con.execute(read_sql("unsigned_articles"), {"signer_version": signer_version})
        except duckdb.CatalogException:  # before migration 007: nothing is signed yet
            try:
                cursor = con.execute(read_sql("unsigned_articles_before_007"))
            except duckdb.CatalogException:  # an empty file: no articles at all
                return []
        names = [column[0] for column in cursor.description or ()]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return [
        UnsignedArticle(
            article_id=row["article_id"],
            content_hash=row["content_hash"],
            text=row["text"],
            text_simplified=row.get("text_simplified"),
        )
        for row in rows
    ]
