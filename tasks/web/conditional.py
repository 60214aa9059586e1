"""Conditional GET: the validators of a stored response, sent back as If-None-Match and
If-Modified-Since so that an unchanged page costs a 304 and no body."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Validators:
    """Validators from a previous fetch, sent back for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None

    def request_headers(self) -> dict[str, str]:
        """Return the conditional request headers these validators call for (may be empty)."""
        headers: dict[str, str] = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


def validators_from_headers(headers: dict[str, str]) -> Validators | None:
    """Take the ETag and Last-Modified of a stored response for the next conditional GET.

    Args:
        headers: ``RawDocument.headers`` (lower-case keys) of a previous fetch.

    Returns:
        The validators, or None when the response had neither.
    """
    etag, modified = headers.get("etag"), headers.get("last-modified")
    return Validators(etag, modified) if etag or modified else None


def known_validators(headers_by_url: dict[str, dict[str, str] | None]) -> dict[str, Validators]:
    """Return the validators to send for known pages (empty ones when their headers had none)."""
    return {
        url: (validators_from_headers(headers) if headers else None) or Validators()
        for url, headers in headers_by_url.items()
    }
