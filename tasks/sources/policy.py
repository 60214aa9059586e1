"""The crawl policy as data: recheck, retry and poll intervals, read from config/crawl.toml."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

DEFAULT_POLICY = Path(__file__).resolve().parents[2] / "config" / "crawl.toml"
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class PolicyError(ValueError):
    """The policy file is missing, not TOML, or holds a value out of place."""


@dataclass(frozen=True)
class CrawlPolicy:
    """When pages are rechecked and retried, and how often listings are polled."""

    recheck_after: tuple[timedelta, ...] = tuple(timedelta(hours=h) for h in (1, 6, 24, 72))
    retry_after: tuple[timedelta, ...] = (timedelta(days=1), timedelta(days=4))
    poll_first: timedelta = timedelta(hours=1)
    poll_min: timedelta = timedelta(minutes=15)
    poll_max: timedelta = timedelta(hours=24)
    sooner: float = 0.5
    later: float = 2.0
    listing_retry_after: timedelta = timedelta(hours=1)

    @property
    def max_tries(self) -> int:
        """Tries of a transiently failing page before it is given up."""
        return len(self.retry_after) + 1


def parse_duration(value: object) -> timedelta:
    """Return the duration of a text such as ``90s``, ``15m``, ``6h`` or ``3d``.

    Raises:
        PolicyError: the value is not such a text.
    """
    match = _DURATION.match(value) if isinstance(value, str) else None
    if match is None:
        raise PolicyError(f"{value!r} is not a duration such as 90s, 15m, 6h or 3d")
    return timedelta(seconds=float(match[1]) * _UNITS[match[2]])


def load_policy(path: Path | None = None) -> CrawlPolicy:
    """Read the crawl policy from a TOML file: `path`, else $EDUNEWS_CRAWL_POLICY, else
    config/crawl.toml.

    Raises:
        PolicyError: the file cannot be read or a value is wrong (the message says which).
    """
    path = path or Path(os.environ.get("EDUNEWS_CRAWL_POLICY") or DEFAULT_POLICY)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PolicyError(f"cannot read the crawl policy {path}: {exc}") from None
    pages, listings = data.get("pages", {}), data.get("listings", {})
    try:
        policy = CrawlPolicy(
            recheck_after=tuple(parse_duration(v) for v in pages["recheck_after"]),
            retry_after=tuple(parse_duration(v) for v in pages["retry_after"]),
            poll_first=parse_duration(listings["poll_first"]),
            poll_min=parse_duration(listings["poll_min"]),
            poll_max=parse_duration(listings["poll_max"]),
            sooner=float(listings["sooner"]),
            later=float(listings["later"]),
            listing_retry_after=parse_duration(listings["retry_after"]),
        )
    except KeyError as exc:
        raise PolicyError(f"the crawl policy {path} lacks {exc.args[0]!r}") from None
    except (TypeError, ValueError) as exc:
        raise PolicyError(f"the crawl policy {path}: {exc}") from None
    if not policy.poll_min <= policy.poll_first <= policy.poll_max:
        raise PolicyError(f"the crawl policy {path}: need poll_min <= poll_first <= poll_max")
    return policy
