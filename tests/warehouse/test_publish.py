"""The read copy: written by the writer after a commit, opened by readers, never written in place."""

from __future__ import annotations

import logging

import duckdb
import pytest

from tasks.load.merge import PUBLISH_EVERY
from tests.warehouse.test_db import hold_lock
from warehouse.db import DatabaseLockedError, connect, open_warehouse
from warehouse.publish import publish_read_copy, read_copy_path


def probe_count(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT count(*) FROM ops.probe").fetchone()
    assert row is not None
    return int(row[0])


def readers_count(db) -> int:
    """ops.probe's rows as a new reader sees them (in the read copy when there is one)."""
    reader = connect(db, read_only=True)
    try:
        return probe_count(reader)
    finally:
        reader.close()


def opened_file(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = 'edunews'"
    ).fetchone()
    assert row is not None
    return str(row[0])


def warehouse_with_probe(tmp_path, rows: int = 3):
    db = tmp_path / "w.duckdb"
    with open_warehouse(str(db)) as con:
        con.execute("CREATE TABLE ops.probe AS SELECT range AS n FROM range(?)", [rows])
    return db


def test_a_writer_leaves_a_copy_that_readers_open(tmp_path):
    db = warehouse_with_probe(tmp_path)
    assert read_copy_path(db) == tmp_path / "w.read.duckdb"
    reader = connect(db, read_only=True)
    try:
        assert opened_file(reader) == str(read_copy_path(db))
        assert probe_count(reader) == 3
    finally:
        reader.close()


def test_readers_answer_while_another_process_holds_the_file(tmp_path):
    db = warehouse_with_probe(tmp_path)
    holder = hold_lock(db, 30)  # a writer (or anyone) holding the warehouse itself
    try:
        reader = connect(db, read_only=True, lock_timeout=0.5)
        assert probe_count(reader) == 3
        reader.close()
    finally:
        holder.kill()
        holder.wait()


def test_publish_copies_only_a_changed_file(tmp_path):
    db = warehouse_with_probe(tmp_path)
    con = connect(db)
    try:
        assert publish_read_copy(con, db) is None  # nothing changed since the writer left
        con.execute("INSERT INTO ops.probe VALUES (10)")  # committed, in the WAL
        assert publish_read_copy(con, db) is not None
        assert publish_read_copy(con, db) is None
    finally:
        con.close()
    assert readers_count(db) == 4


def test_an_open_reader_keeps_its_snapshot_and_a_new_one_sees_the_next(tmp_path):
    db = warehouse_with_probe(tmp_path)
    before = duckdb.connect(str(read_copy_path(db)), read_only=True)
    try:
        with open_warehouse(str(db)) as con:
            con.execute("INSERT INTO ops.probe SELECT range FROM range(5)")
        assert before.execute("SELECT count(*) FROM ops.probe").fetchone() == (3,)
        assert readers_count(db) == 8
    finally:
        before.close()


def test_a_copy_opened_for_writing_is_named_and_the_next_copy_frees_readers(tmp_path):
    db = warehouse_with_probe(tmp_path)
    holder = hold_lock(read_copy_path(db), 30)  # an analyst's `duckdb data/…read.duckdb`
    try:
        with pytest.raises(DatabaseLockedError, match="read-only"):
            connect(db, read_only=True, lock_timeout=0.5)
        with open_warehouse(str(db)) as con:  # the writer is not held up by it
            con.execute("INSERT INTO ops.probe VALUES (10)")
        reader = connect(db, read_only=True, lock_timeout=0.5)  # the new copy is another file
        assert probe_count(reader) == 4
        reader.close()
    finally:
        holder.kill()
        holder.wait()


def test_a_wal_beside_the_old_copy_is_not_replayed_into_the_new_one(tmp_path):
    db = warehouse_with_probe(tmp_path)
    wal = read_copy_path(db).with_name("w.read.duckdb.wal")
    wal.write_bytes(b"left by a session that wrote to the old copy")
    with open_warehouse(str(db)) as con:
        con.execute("INSERT INTO ops.probe VALUES (10)")
    assert not wal.exists()
    assert readers_count(db) == 4


def test_a_copy_that_cannot_be_written_is_a_warning_and_the_commit_stays(tmp_path, caplog):
    db = warehouse_with_probe(tmp_path)
    (tmp_path / ".w.read.duckdb.tmp").mkdir()  # the temporary name cannot be a file
    with (
        caplog.at_level(logging.WARNING, logger="warehouse.publish"),
        open_warehouse(str(db)) as con,
    ):
        con.execute("INSERT INTO ops.probe VALUES (10)")
    assert "read copy" in caplog.text and "not updated" in caplog.text
    assert readers_count(db) == 3  # readers keep the previous copy
    with open_warehouse(str(db)) as con:
        assert probe_count(con) == 4  # the commit is in the warehouse


def test_a_copy_younger_than_the_min_age_waits_for_the_next_publish(tmp_path):
    db = warehouse_with_probe(tmp_path)
    con = connect(db)
    try:
        con.execute("INSERT INTO ops.probe VALUES (10)")
        assert publish_read_copy(con, db, min_age=3600) is None  # the copy was just written
        assert readers_count(db) == 3  # readers keep the previous commit meanwhile
        assert publish_read_copy(con, db) is not None  # the run's end: no minimum age
    finally:
        con.close()
    assert readers_count(db) == 4


def test_a_package_leaves_a_young_copy_and_the_next_plain_session_publishes(tmp_path):
    """A package within PUBLISH_EVERY seconds of the last copy leaves it; the run's end copies."""
    db = warehouse_with_probe(tmp_path)
    copied = read_copy_path(db).stat().st_mtime_ns
    with open_warehouse(str(db), publish_min_age=PUBLISH_EVERY) as con:
        con.execute("INSERT INTO ops.probe VALUES (10)")
    assert read_copy_path(db).stat().st_mtime_ns == copied
    with open_warehouse(str(db)) as con:
        pass
    assert read_copy_path(db).stat().st_mtime_ns > copied
