"""The exact bytes kept of every input (raw.documents), found by their hash or by an article."""

from __future__ import annotations

import re
from dataclasses import dataclass

from warehouse.db import read_sql
from warehouse.queries import read_only

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


def raw_payload(db_path: str | None, key: str) -> RawPayload:
    """Return the kept bytes of a payload, by its sha256 or an article id (or a unique prefix).

    An article gives its current version's bytes.

    Raises:
        ValueError: the key is not hexadecimal or shorter than MIN_KEY characters.
        RawNotFoundError: nothing matches, or the prefix matches several payloads.
        FileNotFoundError, DatabaseLockedError: as for every warehouse read.
    """
    key = key.strip().lower()
    if len(key) < MIN_KEY or not _HEX.fullmatch(key):
        raise ValueError(
            f"{key!r} is not a sha256 or an article id: give at least {MIN_KEY} hex characters"
        )
    with read_only(db_path) as con:
        rows = con.execute(read_sql("raw_payloads"), {"key": key}).fetchall()
    if not rows:
        raise RawNotFoundError(f"no kept payload or article matches {key!r}")
    if len(rows) > 1:
        raise RawNotFoundError(f"{key!r} matches several payloads: give more characters")
    sha256, source_uri, content, is_complete, size = rows[0]
    return RawPayload(sha256, source_uri, bytes(content or b""), bool(is_complete), int(size))
