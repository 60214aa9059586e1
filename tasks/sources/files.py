"""Read stage: find input files and read their bytes, keeping every byte that arrives."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from schemas import RawDocument, Reject, RejectReason, SourceRef, Stage
from tasks.sources.listing import is_web_url, parse_url_list

URL_LIST_MAX_BYTES = 5 * 1024 * 1024
SEED_CORPUS = Path(__file__).resolve().parents[2] / "data" / "seeds"  # what a bare ingest reads


@dataclass(frozen=True)
class ReadSettings:
    """Settings for the read stage."""

    max_bytes: int = 20 * 1024 * 1024  # larger inputs are rejected (too_large)
    head_bytes: int = 64 * 1024  # what an oversized input keeps in raw.documents


class SourceNotFoundError(FileNotFoundError):
    """A source path given by the user does not exist."""


def discover_sources(paths: list[str]) -> list[SourceRef]:
    """Expand files and directories (recursively) into a sorted, de-duplicated list of inputs.

    Hidden files and directories (names starting with '.') inside a directory are skipped. Names
    that are not valid UTF-8 keep their bytes (``SourceRef.fs_path``) and show them escaped.

    Args:
        paths: File or directory paths, as typed by the user.

    Returns:
        One SourceRef per file, with absolute paths.

    Raises:
        SourceNotFoundError: a path does not exist (a user error, reported before any work).
    """
    found: dict[str, SourceRef] = {}
    for given in paths:
        path = Path(given).expanduser()
        if not path.exists() and not path.is_symlink():
            raise SourceNotFoundError(f"no such file or directory: {given}")
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        ref = _source_ref(Path(root, name))
                        found.setdefault(ref.uri, ref)
        else:
            ref = _source_ref(path)
            found.setdefault(ref.uri, ref)
    return sorted(found.values(), key=lambda ref: ref.uri)


def _source_ref(path: Path) -> SourceRef:
    """The input at path, resolved where it can be (a symlink loop keeps its own name)."""
    try:
        path = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: read_source rejects it
        path = path.absolute()
    name = str(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(name)
        return SourceRef(uri=raw.decode("utf-8", "backslashreplace"), fs_path=raw)
    return SourceRef(uri=name)


def _kind(info: os.stat_result) -> str:
    """Say what kind of file system entry a stat result describes."""
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((name for test, name in kinds if test(info.st_mode)), "a special file")


def split_sources(sources: list[str]) -> tuple[list[str], list[str]]:
    """Separate web sources from local paths; a local URL-list file contributes its URLs.

    Args:
        sources: Paths and http(s) URLs as given by the user.

    Returns:
        ``(paths, urls)``; URL-list files (one URL a line, ``#`` comments) are read here.
    """
    paths: list[str] = []
    urls: list[str] = []
    for source in sources:
        if is_web_url(source):
            urls.append(source)
            continue
        path = Path(source).expanduser()
        listed = _url_list_in(path) if path.is_file() else None
        if listed is None:
            paths.append(source)
        else:
            urls.extend(listed)
    return paths, urls


def _url_list_in(path: Path) -> list[str] | None:
    if path.stat().st_size > URL_LIST_MAX_BYTES:
        return None
    try:
        return parse_url_list(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, OSError):
        return None


def read_source(ref: SourceRef, settings: ReadSettings) -> tuple[RawDocument | None, Reject | None]:
    """Read one file's bytes.

    Args:
        ref: The input to read.
        settings: Size limits.

    Returns:
        ``(raw, None)`` for a readable input; ``(raw, reject)`` for an empty or oversized one
        (raw then keeps what there is, a head sample when oversized); ``(None, reject)`` when the
        file cannot be read at all, or is no regular file (a FIFO, socket or device is never
        opened: reading one could wait forever).
    """
    path = ref.local_path
    fetched_at = datetime.now(UTC)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None, Reject.at(
                Stage.READ, RejectReason.NOT_A_FILE, f"not a regular file ({_kind(info)})", ref.uri
            )
        size = info.st_size
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            if size > settings.max_bytes:
                head = handle.read(settings.head_bytes)
                digest.update(head)
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
                content, complete = head, False
            else:
                content, complete = handle.read(), True
                digest.update(content)
    except FileNotFoundError:
        detail = "a broken symbolic link" if path.is_symlink() else "the file disappeared"
        return None, Reject.at(
            Stage.READ, RejectReason.NOT_FOUND, f"{detail} before it was read", ref.uri
        )
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, Reject.at(
                Stage.READ, RejectReason.NOT_A_FILE, "a symbolic link loop", ref.uri
            )
        return None, Reject.at(
            Stage.READ,
            RejectReason.UNREADABLE,
            f"cannot read the file: {exc.strerror or exc}",
            ref.uri,
        )
    raw = RawDocument(
        source_uri=ref.uri,
        sha256=digest.hexdigest(),
        size=size if not complete else len(content),
        content=content,
        is_complete=complete,
        fetched_at=fetched_at,
    )
    if not complete:
        detail = (
            f"input is {size / 1_048_576:.1f} MiB, "
            f"over the {settings.max_bytes / 1_048_576:.0f} MiB limit; "
            f"its first {settings.head_bytes // 1024} KiB are kept in raw.documents"
        )
        return raw, Reject.at(Stage.READ, RejectReason.TOO_LARGE, detail, ref.uri, raw.sha256)
    if not content.strip():
        return raw, Reject.at(
            Stage.READ,
            RejectReason.EMPTY,
            f"input is empty ({len(content)} bytes)",
            ref.uri,
            raw.sha256,
        )
    return raw, None
