"""The Article: one extracted, validated news article as stored in core.articles."""

from __future__ import annotations

import hashlib
from datetime import datetime
from enum import StrEnum
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator

from schemas.dates import DatePrecision
from schemas.documents import TextRepair

# Bump when extraction rules change what an article's fields hold.
# v2: misaligned-GBK repair; v3: script, Simplified, securities; v4: dates a reader sees (the
# date line under the title, the URL's day) and published_source.
EXTRACTOR_VERSION = "extract-v4"

Script = Literal["simplified", "traditional", "mixed", "unknown"]

# Where a publication date was found, most trusted first (tasks/extract/):
#   meta          an HTML <meta> tag (article:published_time, pubdate, …)
#   jsonld        a JSON-LD datePublished
#   time_element  an HTML <time> element
#   front_matter  a Jekyll post's front-matter date
#   header_line   a date line in an HTML page's header block, next to the title or byline
#   text_line     a date line in a plain-text page's header, under the title
#   page_top      a timed date in an HTML page's first 2000 characters (no title element found)
#   url           the day in the article URL's path (/2023-02/06/, /20230614/)
PublishedSource = Literal[
    "meta",
    "jsonld",
    "time_element",
    "front_matter",
    "header_line",
    "text_line",
    "page_top",
    "url",
]


class InputFormat(StrEnum):
    """How the input was recognised, which decides how it is extracted."""

    HTML = "html"
    JEKYLL = "jekyll"
    TEXT = "text"


def make_article_id(url: str | None, source_uri: str) -> str:
    """Return a deterministic article id: from the article's own URL when known, else its source.

    Args:
        url: The article's canonical URL, if the input names one.
        source_uri: Where the input was read from.

    Returns:
        20 hex characters of a SHA-256 over the identifying key.
    """
    key = f"url:{url}" if url else f"source:{source_uri}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


class Article(BaseModel):
    """A validated article; the row shape of core.articles (minus run bookkeeping)."""

    model_config = ConfigDict(frozen=True)

    article_id: str = Field(min_length=20, max_length=20)
    source_uri: str = Field(min_length=1)
    url: str | None = None
    title: str | None = Field(None, max_length=500)
    published_at: datetime | None = None
    published_precision: DatePrecision | None = None
    published_source: PublishedSource | None = None  # where published_at was found
    outlet: str | None = Field(None, max_length=100)
    author: str | None = Field(None, max_length=200)
    text: str = Field(min_length=1)
    encoding: str
    input_format: InputFormat
    categories: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    raw_sha256: str = Field(min_length=64, max_length=64)
    mojibake_repairs: list[TextRepair] = Field(default_factory=list)
    script: Script = "unknown"
    text_simplified: str = ""  # OpenCC t2s of text, same length (offsets carry over)
    securities: list[str] = Field(default_factory=list)  # tickers from quote widgets: 002230.SZ
    extractor_version: str = EXTRACTOR_VERSION

    @field_validator("title", "outlet", "author")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = " ".join(value.split())
        return value or None

    @field_validator("text")
    @classmethod
    def _text_has_content(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("article text is blank")
        return value

    @field_validator("url")
    @classmethod
    def _url_is_web(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"not an http(s) URL: {value!r}")
        return value

    @field_validator("published_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.utcoffset() is None:
            raise ValueError("published_at must carry a timezone")
        return value

    @computed_field  # type: ignore[prop-decorator]
    @property
    def content_hash(self) -> str:
        """Hash of the fields an update can change; equal hashes mean an unchanged article."""
        parts = [
            self.url or "",
            self.title or "",
            self.published_at.isoformat() if self.published_at else "",
            self.outlet or "",
            self.author or "",
            self.text,
            "\x1f".join(self.categories),
            "\x1f".join(self.tags),
            "\x1f".join(self.securities),
        ]
        return hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()
