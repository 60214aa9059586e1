"""The raw payload store: the exact bytes of every input, in zstd Parquet files beside the
warehouse (raw/<run_id>/<package>-<batch>.parquet), indexed by raw.documents (which file holds
which sha256).

The files are the batches' payloads spool files (sha256, content) as the workers wrote them: a
load package hard-links each one holding a payload not kept yet, before it inserts its
raw.documents rows, and reads nothing but their sha256 column. A payload in several batches of
a package may be kept in more than one file (raw.documents points at the first). `edunews raw`
reads the bytes back by hash or by article.
"""

from __future__ import annotations

import os
import re
import shutil
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.db import path_literal, read_sql, resolve_db_path
from warehouse.queries import read_only

PAYLOAD_DIR = "raw"  # under the warehouse's folder
MIN_KEY = 8  # hex characters: shorter prefixes would match too much to be meant
_HEX = re.compile(r"[0-9a-f]+")


class RawNotFoundError(LookupError):
    """No kept payload matches the key, or more than one does."""


@dataclass(frozen=True)
class RawPayload:
    """One kept payload: its hash, the first source it came from, and its bytes."""

    sha256: str
    source_uri: str
    content: bytes
    is_complete: bool  # False: only the head of an oversized input was kept
    size: int  # the whole input's size in bytes


def keep_payloads(
    con: duckdb.DuckDBPyConnection, folder: Path, prefix: str, files: list[str]
) -> None:
    """Put the payloads spool `files` that hold payloads not kept yet under the raw folder, as
    raw/<prefix>-<batch stem>.parquet (`prefix` may hold a folder: ``<run_id>/<package>``).

    Stages which file holds each new payload (temp table stage_payloads: sha256, payload_file
    relative to `folder`; the first file in name order) for insert_documents.
    """
    con.execute(read_sql("stage_payloads"), {"files": files})
    spooled = con.execute("SELECT DISTINCT spool_file FROM stage_payloads ORDER BY 1").fetchall()
    for (spool_file,) in spooled:
        stem = Path(spool_file).name.split(".")[0]
        relative = f"{PAYLOAD_DIR}/{prefix}-{stem}.parquet"
        _link(Path(spool_file), folder / relative)
        con.execute(
            "UPDATE stage_payloads SET payload_file = ? WHERE spool_file = ?",
            [relative, spool_file],
        )


def _link(spool_file: Path, path: Path) -> None:
    """Keep a spool file at path: a hard link (the spool keeps its own name until its package
    commits), or a copy where the two folders cannot share a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)  # left by a merge of the same package that failed
    try:
        os.link(spool_file, path)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(spool_file, path)


def remove_unreferenced_payloads(con: duckdb.DuckDBPyConnection, folder: Path) -> list[Path]:
    """Delete payload files no raw.documents row points at (left by loads that failed)."""
    kept = {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT payload_file FROM raw.documents WHERE payload_file IS NOT NULL"
        ).fetchall()
    }
    removed = []
    for path in sorted((folder / PAYLOAD_DIR).rglob("*.parquet")):
        if path.relative_to(folder).as_posix() not in kept:
            _remove(path)
            removed.append(path)
    return removed


def _remove(path: Path) -> None:
    """Delete a payload file, and its run's folder once empty."""
    path.unlink(missing_ok=True)
    with suppress(OSError):
        path.parent.rmdir()


def move_inline_payloads(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Migration 009's data step: move bytes kept inside raw.documents to a payload file.

    Runs after the migrations, in transactions of its own (DuckDB cannot update a table and
    drop its column in one), and does nothing once `content` is gone; a crash in between is
    finished by the next writer.
    """
    columns = {r[0] for r in con.execute("DESCRIBE raw.documents").fetchall()}
    if "content" not in columns:
        return
    relative = f"{PAYLOAD_DIR}/migrated-009.parquet"
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    literal = path_literal(path)
    con.execute("BEGIN TRANSACTION")
    try:
        copied = con.execute(
            "COPY (SELECT sha256, any_value(content) AS content FROM raw.documents "
            "WHERE content IS NOT NULL AND payload_file IS NULL GROUP BY sha256 ORDER BY sha256) "
            f"TO {literal} (FORMAT parquet, COMPRESSION zstd)"
        ).fetchone()
        if copied and copied[0]:
            con.execute(
                "UPDATE raw.documents SET payload_file = ? "
                "WHERE content IS NOT NULL AND payload_file IS NULL",
                [relative],
            )
        else:
            path.unlink(missing_ok=True)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("ALTER TABLE raw.documents DROP COLUMN content")


def raw_payload(db_path: str | None, key: str) -> RawPayload:
    """Return the kept bytes of a payload, by its sha256 or an article id (or a unique prefix).

    An article gives its current version's bytes.

    Raises:
        ValueError: the key is not hexadecimal or shorter than MIN_KEY characters.
        RawNotFoundError: nothing matches, the prefix matches several payloads, or the payload
            file is missing.
        FileNotFoundError, DatabaseLockedError: as for every warehouse read.
    """
    key = key.strip().lower()
    if len(key) < MIN_KEY or not _HEX.fullmatch(key):
        raise ValueError(
            f"{key!r} is not a sha256 or an article id: give at least {MIN_KEY} hex characters"
        )
    folder = resolve_db_path(db_path).parent
    with read_only(db_path) as con:
        rows = con.execute(read_sql("raw_payloads"), {"key": key}).fetchall()
        if not rows:
            raise RawNotFoundError(f"no kept payload or article matches {key!r}")
        if len(rows) > 1:
            raise RawNotFoundError(f"{key!r} matches several payloads: give more characters")
        sha256, source_uri, payload_file, is_complete, size = rows[0]
        content = _read_payload(con, folder, payload_file, sha256)
    return RawPayload(sha256, source_uri, content, bool(is_complete), int(size))


def _read_payload(
    con: duckdb.DuckDBPyConnection, folder: Path, payload_file: str | None, sha256: str
) -> bytes:
    if payload_file is None:  # an input that had no bytes to keep (an empty file)
        return b""
    path = folder / payload_file
    if not path.is_file():
        raise RawNotFoundError(f"the payload file {path} of {sha256} is missing")
    row = con.execute(
        "SELECT content FROM read_parquet(?) WHERE sha256 = ?", [str(path), sha256]
    ).fetchone()
    if row is None:
        raise RawNotFoundError(f"{path} does not hold the payload {sha256}")
    return bytes(row[0])
