"""Metadata helpers shared by the extractors: dates, outlets, bylines.

Dates are never guessed: a month-day without a year, or a year alone, gives no date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from schemas.article import DatePrecision

# Chinese news without an explicit zone is Beijing time.
CHINA_TZ = timezone(timedelta(hours=8), "+08:00")

_DATETIME = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})(?![\d])\s*日?"
    r"(?:[ T]*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})"
    r"(?:\s*[:：分]\s*(?P<S>\d{1,2})(?:\.\d+)?)?\s*秒?)?"
    r"(?:\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}:?\d{2}))?"
)
_OUTLET_SUFFIX = re.compile(
    r"(?:报|网|社|台|新闻|日报|晚报|晨报|周刊|杂志|在线|客户端|电视台|广播电台|新闻网|时报)$"
)
_SOURCE_CREDIT = re.compile(r"[（(]\s*(?:文章|稿件|新闻)?来源\s*[:：]\s*([^）)]{1,40}?)\s*[）)]")
_BYLINE = re.compile(r"^(?:采写|记者|文|撰文|作者|通讯员)\s*[:：|丨/]?\s*(?P<who>.+)$")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,6}$")


class InvalidDateError(ValueError):
    """A date string has a date's shape but names no real calendar moment."""


@dataclass(frozen=True)
class FoundDate:
    """A publication date with how much of it the source actually gave."""

    value: datetime
    precision: DatePrecision


def _tz(token: str | None) -> timezone:
    if token is None:
        return CHINA_TZ
    if token in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if token[0] == "-" else 1
    digits = token[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def _build(match: re.Match[str]) -> FoundDate:
    parts = match.groupdict()
    hour, minute, second = parts["H"], parts["M"], parts["S"]
    try:
        value = datetime(
            int(parts["y"]),
            int(parts["m"]),
            int(parts["d"]),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=_tz(parts["tz"]),
        )
    except ValueError as exc:
        raise InvalidDateError(
            f"{match.group(0).strip()!r} is not a real date/time: {exc}"
        ) from exc
    precision: DatePrecision = "second" if second else "minute" if minute else "day"
    return FoundDate(value, precision)


def parse_datetime(value: str) -> FoundDate | None:
    """Parse a whole date/time string; +08:00 when it names no zone.

    Args:
        value: e.g. ``2022-03-29 16:14:34 +0800``, ``2025年12月29日 16:13``, ``2022-01-01``.

    Returns:
        The date with its precision, or None when the string holds no full year-month-day.

    Raises:
        InvalidDateError: the string looks like a date but is impossible (``2022-02-30``).
    """
    match = _DATETIME.fullmatch(value.strip())
    return _build(match) if match else None


def find_datetime(text: str, require_time: bool = False) -> FoundDate | None:
    """Return the first full year-month-day date (with time if given) found inside text.

    Args:
        text: Free text to search.
        require_time: Skip dates without a time of day (for noisy page headers).

    Raises:
        InvalidDateError: the first date-shaped span is impossible.
    """
    for match in _DATETIME.finditer(text):
        if not require_time or match.group("M") is not None:
            return _build(match)
    return None


def find_source_credit(text: str) -> str | None:
    """Return the outlet named in a credit such as ``（文章来源：南方网）``."""
    match = _SOURCE_CREDIT.search(text)
    return match.group(1).strip() if match else None


def outlet_from_tag(tag: str) -> str | None:
    """Return the outlet a section tag names: ``南方网新闻`` → ``南方网``."""
    tag = tag.strip()
    if tag.endswith("新闻") and len(tag) > 2 and _OUTLET_SUFFIX.search(tag[:-2]):
        return tag[:-2]
    return None


def looks_like_outlet(token: str) -> bool:
    """Say whether a short token reads like a news outlet's name (南方都市报, 南方网)."""
    return 2 <= len(token) <= 20 and bool(_OUTLET_SUFFIX.search(token))


def parse_byline(line: str) -> str | None:
    """Return the author names in a credit line: ``采写:南都N视频记者 叶斯茗`` → ``叶斯茗``.

    Several names are joined with ``、``.
    """
    match = _BYLINE.match(line.strip())
    if not match:
        return None
    who = match.group("who")
    # Drop an outlet/role prefix such as "南都N视频记者" and keep the names after it.
    who = re.split(r"记者|通讯员|见习记者|实习生", who)[-1]
    names = [n for n in re.split(r"[\s,，、/]+", who) if _NAME.match(n)]
    return "、".join(names) or None
