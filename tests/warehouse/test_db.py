import subprocess
import sys
import time

import pytest

from warehouse.db import (
    DatabaseLockedError,
    WarehouseFileError,
    connect,
    migrate,
    open_warehouse,
    resolve_db_path,
)
from warehouse.publish import read_copy_path

HOLD_DB = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def hold_lock(path, seconds):
    """Start a process that holds the DuckDB file open for `seconds`, as an analyst's shell would."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_DB, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_migrations_apply_once(tmp_path):
    db = tmp_path / "w.duckdb"
    with open_warehouse(str(db)) as con:
        tables = {
            r[0]
            for r in con.execute(
                "SELECT schema_name || '.' || table_name FROM duckdb_tables()"
            ).fetchall()
        }
        assert {
            "raw.documents",
            "core.articles",
            "ops.runs",
            "ops.rejects",
            "core.article_versions",
        } <= tables
        assert migrate(con, tmp_path) == []  # nothing left to apply
        assert con.execute("SELECT count(*) FROM ops.schema_migrations").fetchone()[0] >= 1


def test_db_path_resolution(tmp_path, monkeypatch):
    monkeypatch.setenv("EDUNEWS_DB", str(tmp_path / "env.duckdb"))
    assert resolve_db_path(None) == tmp_path / "env.duckdb"
    assert resolve_db_path(str(tmp_path / "arg.duckdb")) == tmp_path / "arg.duckdb"
    monkeypatch.delenv("EDUNEWS_DB")
    assert resolve_db_path(None).name == "edunews.duckdb"


def test_locked_database_fails_with_the_holder_and_advice(tmp_path):
    db = tmp_path / "w.duckdb"
    holder = hold_lock(db, 30)
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseLockedError) as info:
            connect(db, lock_timeout=1.0)
        assert time.monotonic() - started >= 1.0  # it waited before giving up
        message = str(info.value)
        assert f"PID {holder.pid}" in message or f"process {holder.pid}" in message
        assert "close that session" in message
    finally:
        holder.kill()
        holder.wait()


def test_connect_waits_for_a_lock_to_be_released(tmp_path):
    db = tmp_path / "w.duckdb"
    holder = hold_lock(db, 1.5)
    try:
        con = connect(db, lock_timeout=30.0)
        con.close()
    finally:
        holder.wait()


def test_read_only_on_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="run `edunews ingest` first"):
        connect(tmp_path / "none.duckdb", read_only=True)


def test_reader_under_a_writer_lock_is_told_to_wait_not_that_nothing_was_written(tmp_path):
    db = tmp_path / "w.duckdb"
    with open_warehouse(str(db)):
        pass
    read_copy_path(db).unlink()  # a warehouse from before read copies: readers open the file
    holder = hold_lock(db, 30)
    try:
        with pytest.raises(DatabaseLockedError) as info:
            connect(db, read_only=True, lock_timeout=0.5)
        message = str(info.value)
        assert "wait for that run to finish" in message
        assert "Nothing was written" not in message
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("name", ["analytics", "core", "raw", "ops", "enrich", "edunews", "memory"])
def test_a_file_named_like_a_schema_or_catalog_opens_and_migrates(tmp_path, name):
    db = tmp_path / f"{name}.duckdb"
    with open_warehouse(str(db)) as con:
        assert con.execute("SELECT count(*) FROM core.articles").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM analytics.partnerships").fetchone() == (0,)
    reader = connect(db, read_only=True)
    try:
        assert reader.execute("SELECT count(*) FROM ops.schema_migrations").fetchone()[0] >= 5
    finally:
        reader.close()


def test_a_directory_or_a_foreign_file_is_a_clear_error(tmp_path):
    (tmp_path / "folder.duckdb").mkdir()
    with pytest.raises(WarehouseFileError, match="is a directory"):
        connect(tmp_path / "folder.duckdb")
    notes = tmp_path / "notes.duckdb"
    notes.write_text("not a database", encoding="utf-8")
    with pytest.raises(WarehouseFileError, match="not a valid DuckDB database"):
        connect(notes, read_only=True)
    assert notes.read_text(encoding="utf-8") == "not a database"  # left as it was
