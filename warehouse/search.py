"""Full-text search: DuckDB's fts extension (from its pinned wheel, never downloaded), the BM25
index over enrich.articles.tokens, and the ranked search that reads it.

The extension builds the index (create_search_index.sql) after each load; the `analytics.search`
macro (create_search_macro.sql) ranks from the index tables in plain SQL, so searching needs no
extension loaded. The words of a query must already be segmented as the index's tokens are
(tasks/enrich/nlp/segment.py).
"""

from __future__ import annotations

import time
from datetime import date

import duckdb

from warehouse.db import read_sql
from warehouse.queries import QueryFailedError, read_only
from warehouse.reports import Listing

EXTENSION_PACKAGE = "duckdb-extension-fts==1.5.5"


class SearchUnavailableError(RuntimeError):
    """Search cannot run: the fts extension is not installed, or the index is not built yet."""


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Install DuckDB's fts extension from its installed wheel and load it, offline.

    DuckDB would otherwise download a missing extension; autoinstall and autoload are turned
    off first, so that nothing is ever fetched.

    Raises:
        SearchUnavailableError: the wheel is not installed or its extension does not load.
    """
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    try:
        from duckdb_extensions import import_extension

        import_extension("fts", con=con)
        con.execute("LOAD fts")
    except (ImportError, duckdb.Error) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SearchUnavailableError(
            f"full-text search needs DuckDB's fts extension ({EXTENSION_PACKAGE} and "
            f"duckdb-extensions, installed by `make install`): {first_line}"
        ) from None


def has_search_index(con: duckdb.DuckDBPyConnection) -> bool:
    """Say whether the warehouse holds the search index and its macro."""
    row = con.execute(read_sql("has_search_index")).fetchone()
    return bool(row and row[0])


def refresh_search_index(con: duckdb.DuckDBPyConnection, *, changed: bool) -> float | None:
    """Rebuild the index when the enrichments changed or it does not exist yet.

    Args:
        con: The warehouse, open for writing, outside a transaction.
        changed: Whether the load just committed changed any enrich.articles row.

    Returns:
        The seconds the rebuild took (loading the extension included), or None when the index
        was up to date.

    Raises:
        SearchUnavailableError: the fts extension cannot be loaded.
    """
    if not changed and has_search_index(con):
        return None
    started = time.perf_counter()
    load_fts(con)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(read_sql("create_search_index"))
        con.execute(read_sql("create_search_macro"))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("CHECKPOINT")
    return time.perf_counter() - started


def search(
    db_path: str | None,
    words: list[str],
    *,
    limit: int = 20,
    since: date | None = None,
    outlets: list[str] | None = None,
) -> Listing:
    """Return the articles that match any of the words, best BM25 score first.

    Args:
        db_path: The warehouse (None: $EDUNEWS_DB or the default).
        words: The query's words, segmented as the index's tokens are.
        limit: At most this many articles.
        since: Only articles published on or after this day (Beijing time).
        outlets: Only articles of these outlets.

    Returns:
        Columns article_id, title, outlet, published_at, score, snippet.

    Raises:
        FileNotFoundError: there is no warehouse yet.
        DatabaseLockedError: another process holds it.
        SearchUnavailableError: no index built yet, or (for an index built before the macro
            ranked in plain SQL) no fts extension.
        QueryFailedError: the warehouse refused the read.
    """
    params: dict[str, object] = {
        "query": " ".join(words),
        "since": since,
        "outlets": outlets or None,
        "limit": limit,
    }
    with read_only(db_path) as con:
        try:
            return _ranked(con, params)
        except duckdb.CatalogException as exc:
            if not has_search_index(con):  # asked only now: listing functions takes ~30 ms
                load_fts(con)  # without the extension no load can build the index: say so
                raise SearchUnavailableError(_NO_INDEX) from None
            if "stem" not in str(exc):
                raise QueryFailedError(str(exc)) from exc
        # A macro built before 2026-12 calls the extension's match_bm25; the next load replaces it.
        load_fts(con)
        return _ranked(con, params)


_NO_INDEX = (
    "the warehouse has no search index yet: it is built by every load, so run "
    "`edunews ingest` or `edunews enrich` once"
)


def _ranked(con: duckdb.DuckDBPyConnection, params: dict[str, object]) -> Listing:
    """Run the search macro; a missing index or macro surfaces as duckdb.CatalogException."""
    try:
        cursor = con.execute(read_sql("search_articles"), params)
        columns = [d[0] for d in cursor.description or []]
        return Listing(columns, cursor.fetchall())
    except duckdb.CatalogException:
        raise
    except duckdb.Error as exc:
        raise QueryFailedError(str(exc)) from exc
