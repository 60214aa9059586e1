"""Crawl state: what the warehouse knows of every URL it crawls (ops.url_state), and the
freshness of each new article (ops.freshness)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

UrlKind = Literal["page", "listing"]
# ok: answered (2xx or 304); retrying: failed transiently, tried again later; given_up: failed
# transiently too often; failed: failed terminally (404, 410, robots.txt, a refused type).
UrlStatus = Literal["ok", "retrying", "given_up", "failed"]


class UrlState(BaseModel):
    """A crawled URL's state: when to look at it next and what to send when we do."""

    model_config = ConfigDict(frozen=True)

    url: str
    kind: UrlKind
    status: UrlStatus = "ok"
    listed_in: str | None = Field(default=None, description="The listing that named it last.")
    first_seen_at: datetime | None = Field(default=None, description="First seen in a listing.")
    last_seen_at: datetime | None = Field(default=None, description="Last seen in a listing.")
    listed_modified_at: datetime | None = Field(
        default=None, description="lastmod / pubDate / updated the listing gave when last seen."
    )
    fetched_modified_at: datetime | None = Field(
        default=None, description="The listing's date for it when it was last fetched."
    )
    etag: str | None = None
    last_modified: str | None = None
    last_fetched_at: datetime | None = Field(
        default=None, description="Last answered (2xx or 304)."
    )
    checks: int = Field(
        default=0, ge=0, description="Rechecks since the last fetch a listing asked for."
    )
    next_check_at: datetime | None = Field(default=None, description="None: never again by itself.")
    failures: int = Field(default=0, ge=0, description="Consecutive failed tries.")
    last_error: str | None = None
    last_new_at: datetime | None = Field(
        default=None, description="Listings: last brought a new item."
    )
    poll_seconds: float | None = Field(
        default=None, description="Listings: the current poll interval."
    )


class FreshnessRow(BaseModel):
    """A new article's freshness: from its first appearance to its commit in the warehouse."""

    model_config = ConfigDict(frozen=True)

    article_id: str
    url: str
    source: str = Field(description="The host it came from.")
    appeared_at: datetime = Field(
        description="Earliest of: first seen in a listing, its lastmod/pubDate, its publication."
    )
    committed_at: datetime
    seconds: float
