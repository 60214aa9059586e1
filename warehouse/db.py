"""The warehouse adapter: open DuckDB with lock handling, apply migrations, read SQL files."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

from warehouse.publish import publish_read_copy, read_copy_path

DEFAULT_DB = "data/edunews.duckdb"
# The warehouse is attached under this name, whatever the file is called: DuckDB names a file's
# catalog after its stem, and analytics.duckdb (or core, raw, ops, enrich) would be ambiguous.
CATALOG = "edunews"
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<exe>.*?) \(PID (?P<pid>\d+)\)")


class DatabaseLockedError(RuntimeError):
    """Another process holds the DuckDB file; says which one and what to do."""


class WarehouseFileError(ValueError):
    """The --db path is not a DuckDB file that can be opened (a directory, another kind of file)."""


def resolve_db_path(db_path: str | None) -> Path:
    """Return the database path: the argument, else $EDUNEWS_DB, else data/edunews.duckdb."""
    return Path(db_path or os.environ.get("EDUNEWS_DB") or DEFAULT_DB).expanduser().resolve()


def default_report_path(db_path: str | None) -> Path:
    """Return where `edunews report` writes by default: report.html beside the warehouse."""
    return resolve_db_path(db_path).with_name("report.html")


def read_sql(name: str) -> str:
    """Return the text of ``warehouse/sql/<name>.sql``."""
    return resources.files("warehouse").joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")


def execute_script(con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, object]) -> None:
    """Run each statement of ``warehouse/sql/<name>.sql`` in order, with the parameters it names.

    Args:
        con: The open warehouse.
        name: The SQL file's name, without ``.sql``.
        params: Values of every ``$name`` the statements use (others are ignored).
    """
    for statement in duckdb.extract_statements(read_sql(name)):
        con.execute(statement, {key: params[key] for key in statement.named_parameters})


def _lock_message(
    path: Path, error: duckdb.Error, waited: float, *, read_only: bool, copy: bool
) -> str:
    holder = _LOCK_HOLDER.search(str(error))
    who = f"process {holder['pid']} ({holder['exe']})" if holder else "another process"
    if copy:
        return (
            f"the read copy {path} is held by {who}, which opened it for writing; waited "
            f"{waited:.0f}s. Open the copy read-only (`duckdb -readonly {path.name}`, "
            "`duckdb.connect(…, read_only=True)`) and run the command again."
        )
    if read_only:
        return (
            f"the warehouse {path} is locked by {who}; waited {waited:.0f}s. "
            "DuckDB allows no readers while a run writes, and no run has published a read "
            "copy of this warehouse yet: wait for that run to finish (or close that session) "
            "and run the command again; from then on readers open the copy."
        )
    return (
        f"the warehouse {path} is locked by {who}; waited {waited:.0f}s. "
        "DuckDB allows one writer and no readers while it writes: close that session "
        "(an open DuckDB shell or notebook, or another ingest) and run the command again. "
        "Nothing was written by this run."
    )


def is_lock_error(error: BaseException) -> bool:
    """Say whether a DuckDB error means another process holds the file lock."""
    return "lock" in str(error).lower() and "conflicting" in str(error).lower()


def connect(
    path: Path, *, read_only: bool = False, lock_timeout: float = 60.0
) -> duckdb.DuckDBPyConnection:
    """Open the database, waiting up to lock_timeout seconds while another process holds it.

    A reader opens the warehouse's read copy (warehouse/publish.py) when there is one: the
    state of the last commit, readable while a run writes the file itself.

    Args:
        path: The DuckDB file.
        read_only: Open for reading only (analysts; never blocks a writer when there is a copy).
        lock_timeout: Seconds to keep retrying while the file is locked.

    Raises:
        DatabaseLockedError: still locked after lock_timeout seconds.
        FileNotFoundError: read_only and the file does not exist yet.
        WarehouseFileError: the path is a directory or a file that is not a DuckDB database.
    """
    if read_only and not path.exists():
        raise FileNotFoundError(f"no warehouse at {path} yet: run `edunews ingest` first")
    copy = read_only and read_copy_path(path).is_file()
    if copy:
        path = read_copy_path(path)
    if path.is_dir():
        raise WarehouseFileError(f"{path} is a directory: give --db a DuckDB file's path")
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    delay = 0.2
    while True:
        try:
            return _attach(path, read_only)
        except duckdb.IOException as error:
            waited = time.monotonic() - started
            if not is_lock_error(error):
                raise WarehouseFileError(f"cannot open the warehouse {path}: {error}") from None
            if waited >= lock_timeout:
                message = _lock_message(path, error, waited, read_only=read_only, copy=copy)
                raise DatabaseLockedError(message) from error
            time.sleep(min(delay, max(lock_timeout - waited, 0.05)))
            delay = min(delay * 2, 5.0)


def path_literal(path: Path) -> str:
    """A file path as a quoted SQL string, for statements that take no parameter (ATTACH, COPY)."""
    return "'" + str(path).replace("'", "''") + "'"


def _attach(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open the file under the fixed catalog name and make it the default database."""
    con = duckdb.connect(":memory:")
    literal = path_literal(path)
    try:
        con.execute(f"ATTACH {literal} AS {CATALOG}{' (READ_ONLY)' if read_only else ''}")
        con.execute(f"USE {CATALOG}")
    except BaseException:
        con.close()
        raise
    return con


@contextmanager
def open_warehouse(
    db_path: str | None,
    *,
    read_only: bool = False,
    lock_timeout: float = 60.0,
    publish_min_age: float = 0.0,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open (and for writers, migrate) the warehouse; close it on exit.

    A writer publishes the read copy (warehouse/publish.py) when there is none yet, so that
    readers leave the file alone from the first run on, and again when it leaves without an
    error if the file changed since the last copy: readers see every writer session's commits
    (each load package, the run's start and end rows) as soon as it closes; a session that
    gives `publish_min_age` leaves a copy younger than that many seconds as it is.
    """
    path = resolve_db_path(db_path)
    con = connect(path, read_only=read_only, lock_timeout=lock_timeout)
    try:
        if not read_only:
            migrate(con, path.parent)
            if not read_copy_path(path).exists():
                publish_read_copy(con, path)
        yield con
        if not read_only:
            publish_read_copy(con, path, publish_min_age)
    finally:
        con.close()


def migrations() -> list[tuple[int, str, str]]:
    """Return the numbered migrations as (version, name, sql), in order."""
    folder = resources.files("warehouse").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        match = re.match(r"^(\d+)_(\w+)\.sql$", entry.name)
        if match:
            found.append((int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(con: duckdb.DuckDBPyConnection, folder: Path) -> list[int]:
    """Apply the migrations not yet recorded in ops.schema_migrations; return those applied.

    Then the data steps that move what a migration's SQL cannot (each does nothing once done);
    `folder` is the warehouse's, where the raw payload files go.
    """
    from warehouse.raw import move_inline_payloads  # it imports this module

    con.execute("CREATE SCHEMA IF NOT EXISTS ops")
    con.execute(
        "CREATE TABLE IF NOT EXISTS ops.schema_migrations "
        "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
    )
    done = {row[0] for row in con.execute("SELECT version FROM ops.schema_migrations").fetchall()}
    applied = []
    for version, name, sql in migrations():
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO ops.schema_migrations BY NAME "
                "SELECT ? AS version, ? AS name, now() AS applied_at",
                [version, name],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(version)
    move_inline_payloads(con, folder)  # 009
    return applied
