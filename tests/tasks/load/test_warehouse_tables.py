"""Schema drift: every warehouse table (after all migrations) holds its row model's columns.

The spool tables are derived from the models in schemas/ (tasks/load/spool.py); a warehouse
table has the same columns, of the same types, plus the bookkeeping only the warehouse keeps.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from schemas import RunSummary
from schemas.crawl import FreshnessRow
from schemas.enrichment import Mention
from schemas.run import NOT_IN_RUNS_TABLE, PackageSummary
from tasks.load.enrichment_rows import ENRICH_TABLES
from tasks.load.spool import TABLES
from warehouse.db import open_warehouse

# Warehouse table -> the spool table (so the row model) it is loaded from.
SPOOL_TABLE = {
    "raw.documents": "documents",
    "core.articles": "articles",
    "core.article_versions": "articles",
    "core.article_signatures": "signatures",
    "ops.rejects": "rejects",
    "ops.fetch_log": "fetch_log",
    "ops.url_state": "url_state",
} | {table.replace("enrich_", "enrich.", 1): table for table in ENRICH_TABLES}

# Columns only the warehouse has: which run wrote a row, when, and which version it is.
WAREHOUSE_ONLY = {
    "raw.documents": {"run_id", "payload_file"},
    "core.articles": {
        "version",
        "first_run_id",
        "run_id",
        "created_at",
        "updated_at",
        "story_id",
    },  # fmt: skip
    "core.article_signatures": {"run_id"},
    "core.article_versions": {
        "version",
        "run_id",
        "valid_from",
        "valid_to",
        "superseded_by_run",
        "story_id",
    },  # fmt: skip
    "ops.rejects": {"run_id", "created_at"},
    "ops.fetch_log": {"run_id"},
    "enrich.articles": {"run_id", "enriched_at"},
}
# ops.runs is RunSummary.runs_row(): the summary's fields but two, what the run read, and
# where its process ran; ops.loads is PackageSummary.
RUNS_ONLY = {"sources", "prefect_flow_run_id", "error", "host", "pid"}
# Tables filled from others' columns (a subset), and the migrations' own bookkeeping.
SUBSET_OF = {
    "core.article_sources": set(TABLES["articles"].names) | {"run_id"},
    "enrich.entities": set(Mention.model_fields),
    "ops.freshness": set(FreshnessRow.model_fields) | {"run_id"},
}
NOT_ROWS = {"ops.schema_migrations"}


@pytest.fixture(scope="module")
def columns(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """Table -> column -> type, of a fresh warehouse with every migration applied."""
    db = tmp_path_factory.mktemp("fresh") / "w.duckdb"
    with open_warehouse(str(db)) as con:
        found = con.execute(
            "SELECT schema_name || '.' || table_name, column_name, data_type FROM duckdb_columns() "
            "WHERE table_oid IN (SELECT table_oid FROM duckdb_tables())"
        ).fetchall()
    tables: dict[str, dict[str, str]] = {}
    for table, column, kind in found:
        tables.setdefault(table, {})[column] = kind
    return tables


def spool_types(table: str, tmp_path: Path) -> dict[str, str]:
    """Column -> the type DuckDB reads from an (empty) spool file of the table."""
    schema = TABLES[table]
    path = tmp_path / f"{table}.parquet"
    pq.write_table(schema.empty_table(), path)
    described = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
    return {name: kind for name, kind, *_ in described}


def test_every_table_is_accounted_for(columns: dict[str, dict[str, str]]) -> None:
    known = SPOOL_TABLE.keys() | {"ops.runs", "ops.loads"} | SUBSET_OF.keys() | NOT_ROWS
    assert set(columns) == known


@pytest.mark.parametrize("table", sorted(SPOOL_TABLE))
def test_table_columns_are_the_model_fields_plus_warehouse_bookkeeping(
    table: str, columns: dict[str, dict[str, str]]
) -> None:
    model_columns = set(TABLES[SPOOL_TABLE[table]].names)
    assert set(columns[table]) == model_columns | WAREHOUSE_ONLY.get(table, set())
    assert not model_columns & WAREHOUSE_ONLY.get(table, set())


@pytest.mark.parametrize("table", sorted(SPOOL_TABLE))
def test_spool_and_warehouse_types_agree(
    table: str, columns: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    for column, spool_type in spool_types(SPOOL_TABLE[table], tmp_path).items():
        stored = columns[table][column]
        # JSON is written to the spool as text and cast when inserted.
        assert stored == spool_type or (stored, spool_type) == ("JSON", "VARCHAR"), column


def test_runs_table_is_the_run_summary_row(columns: dict[str, dict[str, str]]) -> None:
    fields = set(RunSummary.model_fields) - NOT_IN_RUNS_TABLE
    assert set(RunSummary.model_fields) >= NOT_IN_RUNS_TABLE  # no stale names
    assert set(columns["ops.runs"]) == fields | RUNS_ONLY


def test_loads_table_is_the_package_summary(columns: dict[str, dict[str, str]]) -> None:
    assert set(columns["ops.loads"]) == set(PackageSummary.model_fields)


@pytest.mark.parametrize("table", sorted(SUBSET_OF))
def test_derived_tables_hold_only_known_columns(
    table: str, columns: dict[str, dict[str, str]]
) -> None:
    assert set(columns[table]) <= SUBSET_OF[table]
