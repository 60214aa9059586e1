"""Export the analysts' tables as files: every core, enrich and analytics table and view."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from warehouse.db import path_literal, read_sql
from warehouse.queries import read_only

EXPORTED_SCHEMAS = ["core", "enrich", "analytics"]


@dataclass(frozen=True)
class ExportedTable:
    """One table or view written to a file."""

    name: str  # schema.table
    path: Path
    rows: int


def export_parquet(db_path: str | None, out_dir: Path) -> list[ExportedTable]:
    """Write each core, enrich and analytics table and view as ``<out_dir>/schema.table.parquet``.

    Files of the same name are replaced; others in the folder are left alone.

    Args:
        db_path: The warehouse (None: $EDUNEWS_DB or the default).
        out_dir: The folder to write into (created if missing).

    Returns:
        The tables written, in schema and name order, with their row counts.

    Raises:
        FileNotFoundError: there is no warehouse yet.
        DatabaseLockedError: another process holds it.
        NotADirectoryError: out_dir exists and is not a folder.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(f"{out_dir} exists and is not a folder: give --out a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with read_only(db_path) as con:
        names = con.execute(read_sql("exported_tables"), {"schemas": EXPORTED_SCHEMAS}).fetchall()
        for schema, table in names:
            name = f"{schema}.{table}"
            path = out_dir / f"{name}.parquet"
            relation = f'"{schema}"."{table}"'
            literal = path_literal(path)
            copy = f"COPY (SELECT * FROM {relation}) TO {literal} (FORMAT parquet)"
            row = con.execute(copy).fetchone()  # COPY answers the number of rows written
            written.append(ExportedTable(name, path, int(row[0]) if row else 0))
    return written
