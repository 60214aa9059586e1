"""Listings of the warehouse for people: recent runs, a run's rejects, an analyst's own query."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from warehouse.db import read_sql
from warehouse.liveness import run_process_gone
from warehouse.queries import QueryFailedError, read_only


@dataclass(frozen=True)
class Listing:
    """Rows of a read with their column names, as the query named them."""

    columns: list[str]
    rows: list[tuple[object, ...]]


def recent_runs(db_path: str | None, limit: int) -> Listing:
    """Return the most recent runs with their counts, newest first; a run still marked running
    whose process is gone from this host is shown as crashed.

    Raises:
        FileNotFoundError: there is no warehouse yet.
        DatabaseLockedError: another process holds it.
        QueryFailedError: the warehouse refused the read.
    """
    listing = _listing(db_path, read_sql("recent_runs"), {"limit": limit})
    *columns, _, _ = listing.columns  # host, pid: only to tell a crashed run
    status = columns.index("status")
    rows = []
    for *row, host, pid in listing.rows:
        gone = run_process_gone(str(host), int(str(pid))) if pid is not None else False
        if row[status] == "running" and gone:
            row[status] = "crashed"  # its process is gone: the next run records it so
        rows.append(tuple(row))
    return Listing(columns, rows)


def run_rejects(db_path: str | None, run_id: str | None, limit: int) -> Listing:
    """Return the rejected inputs of a run (None: the latest completed run).

    Raises:
        FileNotFoundError: there is no warehouse yet.
        DatabaseLockedError: another process holds it.
        QueryFailedError: the warehouse refused the read.
    """
    return _listing(db_path, read_sql("run_rejects"), {"run_id": run_id, "limit": limit})


def listing_states(db_path: str | None) -> Listing:
    """Return each sitemap and feed with its polling state, next due first.

    Raises:
        FileNotFoundError: there is no warehouse yet.
        DatabaseLockedError: another process holds it.
        QueryFailedError: the warehouse refused the read (one from before migration 008).
    """
    return _listing(db_path, read_sql("listing_states"), [])


def run_query(db_path: str | None, sql: str) -> Listing:
    """Run an analyst's SQL, as given, on a read-only connection.

    Raises:
        FileNotFoundError: there is no warehouse yet.
        DatabaseLockedError: another process holds it.
        QueryFailedError: the SQL is wrong or tries to write.
    """
    return _listing(db_path, sql, [])  # no parameters: the text runs exactly as typed


def _listing(db_path: str | None, sql: str, params: dict[str, object] | list[object]) -> Listing:
    with read_only(db_path) as con:
        try:
            cursor = con.execute(sql, params)
            columns = [d[0] for d in cursor.description or []]
            return Listing(columns, cursor.fetchall())
        except duckdb.Error as exc:
            raise QueryFailedError(str(exc)) from exc
