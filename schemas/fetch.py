"""Fetch rows: every HTTP request made (ops.fetch_log), and pages that did not change (HTTP 304)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# listing: a sitemap or feed; page: a page fetched for the first time (or given); recheck: a
# known page fetched again; robots: a robots.txt.
FetchKind = Literal["listing", "page", "recheck", "robots"]


class FetchLogRow(BaseModel):
    """One HTTP request made while fetching a URL; the ops.fetch_log row (minus run_id)."""

    model_config = ConfigDict(frozen=True)

    requested_url: str = Field(description="The URL the run asked for.")
    url: str = Field(description="The URL of this request: a redirect hop, robots.txt.")
    kind: FetchKind
    attempt: int = Field(ge=1, description="1-based over retries and redirect hops.")
    status: int | None = Field(description="None when no response arrived.")
    bytes: int = Field(ge=0, description="Body bytes after decompression.")
    elapsed: float = Field(ge=0, description="Seconds from request to the end of the body.")
    error: str | None
    fetched_at: datetime


class NotModifiedRow(BaseModel):
    """A page answered 304 to a conditional GET: its stored article is unchanged."""

    model_config = ConfigDict(frozen=True)

    source_uri: str
