"""Rejects: typed rows for inputs that did not become articles, with a reason from a closed list."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Stage(StrEnum):
    """Pipeline stage at which an input was rejected."""

    READ = "read"
    DECODE = "decode"
    EXTRACT = "extract"
    VALIDATE = "validate"
    FETCH = "fetch"


class RejectReason(StrEnum):
    """Closed vocabulary of reject reasons; `detail` carries the specifics."""

    NOT_FOUND = "not_found"
    NOT_A_FILE = "not_a_file"
    UNREADABLE = "unreadable"
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    BINARY = "binary"
    UNDECODABLE = "undecodable"
    FRONT_MATTER_UNCLOSED = "front_matter_unclosed"
    FRONT_MATTER_INVALID = "front_matter_invalid"
    NO_CONTENT = "no_content"
    NOT_ARTICLE = "not_article"
    MARKUP = "markup"
    INVALID_DATE = "invalid_date"
    SCHEMA = "schema"
    HTTP_ERROR = "http_error"
    TIMEOUT = "timeout"
    CONNECTION_ERROR = "connection_error"
    TLS_ERROR = "tls_error"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    ROBOTS_DISALLOWED = "robots_disallowed"
    BLOCKED_ADDRESS = "blocked_address"
    BAD_CONTENT_TYPE = "bad_content_type"
    BAD_CONTENT_ENCODING = "bad_content_encoding"
    BAD_URL = "bad_url"


class Reject(BaseModel):
    """One input that ended as a reject instead of an article."""

    model_config = ConfigDict(frozen=True)

    source_uri: str
    raw_sha256: str | None = None
    stage: Stage
    reason: RejectReason
    detail: str

    @classmethod
    def at(
        cls,
        stage: Stage,
        reason: RejectReason,
        detail: str,
        ref: str,
        raw_sha256: str | None = None,
    ) -> Reject:
        """Build the reject of one input.

        Args:
            stage: Where the input failed.
            reason: The reason code.
            detail: The specifics, for a person to read.
            ref: The input's source URI (path or URL).
            raw_sha256: The hash of its bytes when they were read.
        """
        return cls(source_uri=ref, raw_sha256=raw_sha256, stage=stage, reason=reason, detail=detail)
