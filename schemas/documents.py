"""Documents before extraction: where an input comes from, its bytes, and its decoded text."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EncodingSource = Literal["bom", "http", "meta", "utf-8", "detected", "fallback"]


class SourceRef(BaseModel):
    """One input to ingest: a local file (URLs, sitemaps and feeds come later)."""

    model_config = ConfigDict(frozen=True)

    uri: str = Field(description="Absolute file path (or URL) the input came from.")
    kind: Literal["file"] = "file"
    fs_path: bytes | None = Field(
        default=None,
        description="The path's bytes when they are not valid UTF-8; uri then shows them escaped.",
    )

    @property
    def local_path(self) -> Path:
        """The file to open: the path's own bytes where the uri had to escape them."""
        return Path(os.fsdecode(self.fs_path)) if self.fs_path is not None else Path(self.uri)


class RawDocument(BaseModel):
    """The bytes of one input exactly as received, with how and when they were received."""

    model_config = ConfigDict(frozen=True)

    source_uri: str
    sha256: str = Field(min_length=64, max_length=64)
    size: int = Field(ge=0, description="Size of the whole input in bytes.")
    content: bytes = Field(description="The bytes kept; only a head sample for oversized inputs.")
    is_complete: bool = Field(True, description="False when content is a head sample only.")
    headers: dict[str, str] = Field(default_factory=dict)
    fetched_at: datetime


class TextRepair(BaseModel):
    """One repair made to decoded text (misaligned-GBK mojibake), offsets into the decoded text."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    garbled: str
    repaired: str
    gain: float = Field(description="Score gain per garbled char (nats).")
    confidence: Literal["high", "low"] = Field(description="low: bytes were probably lost.")


class DecodedDocument(BaseModel):
    """Text decoded from a RawDocument, with the encoding used and how it was chosen."""

    model_config = ConfigDict(frozen=True)

    source_uri: str
    raw_sha256: str
    text: str
    encoding: str = Field(description="Python codec name actually used, e.g. 'utf-8', 'gb18030'.")
    encoding_source: EncodingSource
    declared_encoding: str | None = None
    replaced_chars: int = Field(
        0, ge=0, description="Undecodable byte sequences, each replaced by one U+FFFD."
    )
    repairs: list[TextRepair] = Field(default_factory=list, description="Mojibake repairs made.")
