"""Read WARC archives: each HTTP 2xx response record becomes one input, exactly as archived.

A .warc or .warc.gz file holds many inputs. Only ``response`` records are inputs; request,
metadata, warcinfo and revisit records are skipped. The payload is what warcio's
``content_stream()`` gives: de-chunked and decompressed per the record's HTTP headers, every
other byte untouched (the charset is left to the decode stage, which reads the headers). Bad
input never raises: a record that cannot become a document is a Reject, and a truncated or
corrupt archive yields the records read before the break, then one Reject saying where it broke.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader
from warcio.limitreader import LimitReader

from schemas import RawDocument, Reject, RejectReason, Stage
from tasks.sources.files import ReadSettings

_CHUNK = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_WARC_MAGIC = re.compile(rb"WARC/1\.[01]\r?\n")
_SNIFF_BYTES = 64 * 1024  # compressed bytes read to find the magic inside a gzip member
_IDENTITY = frozenset({"", "identity"})


@dataclass(frozen=True)
class _Record:
    """Where a record sits in its archive, for reject details."""

    number: int  # 1-based, counting every record (warcinfo and requests too)
    offset: int  # byte offset in the file (of the gzip member, for .warc.gz)

    def __str__(self) -> str:
        return f"WARC record {self.number} at offset {self.offset}"


def is_warc(path: Path) -> bool:
    """Tell whether a file is a WARC archive by its content, plain or gzip-compressed.

    Args:
        path: The file to look at.

    Returns:
        True when the file (or its first gzip member) starts with a WARC/1.0 or WARC/1.1
        version line; False otherwise, including when the file cannot be read or is no regular
        file (a FIFO is never opened).
    """
    if not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    if head.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error:
            return False
    return _WARC_MAGIC.match(head) is not None


def read_warc(path: Path, settings: ReadSettings) -> Iterator[RawDocument | Reject]:
    """Read every HTTP 2xx response record of a WARC archive as a document.

    Args:
        path: A .warc or .warc.gz file (see ``is_warc``).
        settings: Size limits, applied to each record's payload.

    Yields:
        A RawDocument per 2xx response with a payload (source_uri is the WARC-Target-URI);
        after an oversized one (head sample kept) or a blank one, its Reject too. Rejects for
        non-2xx responses and undecodable payloads; a final Reject (source_uri is the archive
        path) if the archive is truncated, corrupt or cannot be opened.
    """
    warc_uri = str(path)
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        yield Reject.at(Stage.READ, RejectReason.NOT_FOUND, "the WARC file disappeared", warc_uri)
        return
    except OSError as exc:
        detail = f"cannot open the WARC file: {exc.strerror or exc}"
        yield Reject.at(Stage.READ, RejectReason.UNREADABLE, detail, warc_uri)
        return
    with handle:
        records = ArchiveIterator(handle)
        number, last, member = 0, 0, None
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except Exception as exc:  # warcio raises bare Exception/AssertionError too
                where = _Record(number + 1, _offset(records))
                yield _broken(warc_uri, f"{where}: {_short(exc)}")
                return
            number += 1
            last = _offset(records)  # warcio sets it as it parses a record
            where = _Record(number, last)
            member = getattr(records.reader, "decompressor", None)  # this record's gzip member
            length = str(record.rec_headers.get_header("Content-Length") or "")
            if not length.isdigit():  # mandatory; warcio yields a header block cut short as is
                yield _broken(warc_uri, f"{where}: no valid Content-Length (headers cut short?)")
                return
            if record.rec_type != "response" or record.http_headers is None:
                if not _drained(record):
                    yield _broken(warc_uri, _truncated_detail(where, record))
                    return
                continue
            try:
                outcome = list(_read_response(record, where, warc_uri, settings))
            except Exception as exc:  # a payload warcio cannot read: the archive is damaged
                yield _broken(warc_uri, f"{where}: payload unreadable: {_short(exc)}")
                return
            if not _drained(record):
                yield _broken(warc_uri, _truncated_detail(where, record))
                return
            yield from outcome
        # warcio ends quietly when a record's header block breaks off (EOFError), so check
        # that the last record read ended where the file does.
        end, size = _offset(records), handle.seek(0, 2)
        if end < size:
            where = _Record(number + 1, end)
            yield _broken(warc_uri, f"{where}: file ends inside the record's headers")
        elif member is not None and not getattr(member, "eof", True):
            where = _Record(number, last)
            yield _broken(warc_uri, f"the gzip member of {where} is cut short")
        elif number == 0:
            yield _broken(warc_uri, "no WARC records found")


def _read_response(
    record: Any, where: _Record, warc_uri: str, settings: ReadSettings
) -> Iterator[RawDocument | Reject]:
    """Turn one response record into a document (and its reject) or a reject."""
    http = record.http_headers
    uri = str(record.rec_headers.get_header("WARC-Target-URI") or "")
    if not uri:
        detail = f"{where} is a response without WARC-Target-URI"
        yield Reject.at(Stage.READ, RejectReason.UNREADABLE, detail, warc_uri)
        return
    status = str(http.get_statuscode())
    if not (status.isdigit() and 200 <= int(status) < 300):
        said = f"HTTP {http.statusline}".strip()
        location = http.get_header("Location")
        if location:
            said += f" to {location}"
        yield Reject.at(Stage.READ, RejectReason.HTTP_ERROR, f"{said} ({where} of {warc_uri})", uri)
        return
    encoding = str(http.get_header("Content-Encoding") or "").strip().lower()
    if encoding not in _IDENTITY and encoding not in BufferedReader.get_supported_decompressors():
        detail = f"payload is Content-Encoding {encoding}, which cannot be decompressed ({where})"
        yield Reject.at(Stage.READ, RejectReason.BAD_CONTENT_ENCODING, detail, uri)
        return

    stream = record.content_stream()
    digest = hashlib.sha256()
    kept: list[bytes] = []
    kept_len = size = 0
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if kept_len <= settings.max_bytes:
            kept.append(chunk)
            kept_len += len(chunk)
    if _decompression_unfinished(stream):
        detail = f"payload ends inside its {encoding} stream after {size} bytes ({where})"
        yield Reject.at(Stage.READ, RejectReason.BAD_CONTENT_ENCODING, detail, uri)
        return
    if size == 0:
        yield Reject.at(Stage.READ, RejectReason.EMPTY, f"HTTP {status} with an empty payload", uri)
        return
    content = b"".join(kept)
    complete = size <= settings.max_bytes
    if not complete:
        content = content[: settings.head_bytes]
    raw = RawDocument(
        source_uri=uri,
        sha256=digest.hexdigest(),
        size=size,
        content=content,
        is_complete=complete,
        headers=_headers(record, warc_uri),
        fetched_at=_warc_date(record),
    )
    yield raw
    if not complete:
        detail = (
            f"{uri} payload is {size / 1_048_576:.1f} MiB ({size} bytes), "
            f"over the {settings.max_bytes / 1_048_576:.0f} MiB limit; "
            f"its first {settings.head_bytes // 1024} KiB are kept in raw.documents ({where})"
        )
        yield Reject.at(Stage.READ, RejectReason.TOO_LARGE, detail, uri, raw.sha256)
    elif not content.strip():
        detail = f"HTTP {status} payload is blank ({size} bytes)"
        yield Reject.at(Stage.READ, RejectReason.EMPTY, detail, uri, raw.sha256)


def _headers(record: Any, warc_uri: str) -> dict[str, str]:
    """Return the HTTP headers (lower-case keys, repeats joined by ', ') and the WARC ones."""
    headers: dict[str, str] = {}
    for name, value in record.http_headers.headers:
        key = str(name).lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else str(value)
    for name in ("WARC-Record-ID", "WARC-Date"):
        value = record.rec_headers.get_header(name)
        if value:
            headers[name.lower()] = str(value)
    headers["x-warc-file"] = warc_uri
    return headers


def _warc_date(record: Any) -> datetime:
    """Return the record's WARC-Date in UTC (now, when it is missing or invalid)."""
    value = str(record.rec_headers.get_header("WARC-Date") or "")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return datetime.now(UTC)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _decompression_unfinished(stream: Any) -> bool:
    """Tell whether a Content-Encoding stream stopped before its end.

    warcio does not raise when a compressed payload breaks off: it logs to stderr and ends the
    stream early, so the decompressor's own end-of-stream flag is checked here.
    """
    decompressor = getattr(stream, "decompressor", None)
    return decompressor is not None and not getattr(decompressor, "eof", True)


def _drained(record: Any) -> bool:
    """Read the rest of a record; tell whether it had all the bytes its Content-Length says."""
    raw = record.raw_stream
    while raw.read(_CHUNK):
        pass
    return not (isinstance(raw, LimitReader) and raw.limit > 0)


def _truncated_detail(where: _Record, record: Any) -> str:
    raw = record.raw_stream
    declared = raw.tell() + raw.limit
    return f"{where}: file ends after {raw.tell()} of its {declared} bytes"


def _offset(records: Any) -> int:
    return int(records.offset)  # the start of the record being parsed (after `next`)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _broken(warc_uri: str, detail: str) -> Reject:
    return Reject.at(
        Stage.READ, RejectReason.UNREADABLE, f"WARC archive broken: {detail}", warc_uri
    )
