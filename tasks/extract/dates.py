"""Publication dates: parsed from date strings, found in page headers, read from HTML markup.

Dates are never guessed: a month-day without a year, or a year alone, gives no date, and the
markup's date never comes from a copyright year. Times without a zone are Beijing time. Dates
mentioned in an article's text (events, 3月28日) are enrichment's: tasks/enrich/nlp/dates.py.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone

from lxml import etree
from lxml.html import HtmlElement

from schemas.article import PublishedSource
from schemas.dates import CHINA_TZ, DatePrecision

# A full year-month-day, with a time of day and a zone when given.
DATETIME = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})(?![\d])\s*日?"
    r"(?:[ T]*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})"
    r"(?:\s*[:：分]\s*(?P<S>\d{1,2})(?:\.\d+)?)?\s*秒?)?"
    r"(?:\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}:?\d{2}))?"
)
# <meta> names and properties of a publication date, most trusted first.
_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "og:release_date",
    "publishdate",
    "publish_date",
    "pubdate",
    "ptime",
    "datepublished",
    "dc.date.issued",
    "dc.date",
    "date",
)
_NO_TEXT = frozenset({"script", "style", "noscript", "template"})
# A label that says the date after it is the publication date.
_PUBLISHED_LABEL = re.compile(r"(?:(?:发布|发表)(?:时间|日期)|(?:发布|发表)于)\s*[:：]?\s*")


class InvalidDateError(ValueError):
    """A date string has a date's shape but names no real calendar moment."""


@dataclass(frozen=True)
class FoundDate:
    """A publication date with how much of it the source actually gave, and where it was found."""

    value: datetime
    precision: DatePrecision
    source: PublishedSource | None = None  # set by the page reader that found it

    def found_in(self, source: PublishedSource) -> FoundDate:
        """Return this date marked as found in source."""
        return replace(self, source=source)


def _tz(token: str | None) -> timezone:
    if token is None:
        return CHINA_TZ
    if token in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if token[0] == "-" else 1
    digits = token[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def build_date(match: re.Match[str]) -> FoundDate:
    """Build the date a DATETIME match names; raise InvalidDateError when it is impossible."""
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
    match = DATETIME.fullmatch(value.strip())
    return build_date(match) if match else None


def find_datetime(text: str, require_time: bool = False) -> FoundDate | None:
    """Return the first full year-month-day date (with time if given) found inside text.

    Args:
        text: Free text to search.
        require_time: Skip dates without a time of day (for noisy page headers).

    Returns:
        The first date found with its precision, or None.

    Raises:
        InvalidDateError: the first date-shaped span is impossible.
    """
    for match in DATETIME.finditer(text):
        if not require_time or match.group("M") is not None:
            return build_date(match)
    return None


def published_in_markup(tree: HtmlElement, metas: dict[str, str]) -> FoundDate | None:
    """Return the publication date a page declares in markup: meta tags, JSON-LD, ``<time>``.

    Args:
        tree: The parsed page.
        metas: The page's ``<meta>`` contents by lower-cased name, property or itemprop.

    Returns:
        The first date found in that order, marked meta, jsonld or time_element; or None.

    Raises:
        InvalidDateError: the date markup names an impossible date.
    """
    for key in _DATE_KEYS:
        if (content := metas.get(key)) and (found := _parse_any(content)) is not None:
            return found.found_in("meta")
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        if (found := _date_in_json_ld(str(script))) is not None:
            return found.found_in("jsonld")
    for time in tree.iter("time"):
        if next(time.iterancestors("li"), None) is not None:
            continue  # an item of a list: another article's date in a sidebar
        if (found := _parse_any(time.get("datetime") or time.text_content())) is not None:
            return found.found_in("time_element")
    return None


def date_at_page_top(text: str, *, labelled_only: bool) -> FoundDate | None:
    """Return a date from the page's first 2000 characters of text (scripts and styles skipped).

    Chinese portals print "发布日期：…" under a short article, or "2022-03-29 16:14:34 来源：…"
    above it. The first date labelled ``发布时间``/``发布日期``/``发表于``/``发布于`` is taken;
    else, unless labelled_only (a title was found, and no date line under it), the first date
    with a time of day: a bare date there is too often a sidebar item's.

    Args:
        text: The page's first characters of text (page_text).
        labelled_only: Take only a labelled date.

    Returns:
        The date, marked page_top, or None.

    Raises:
        InvalidDateError: the date taken is impossible.
    """
    for label in _PUBLISHED_LABEL.finditer(text):
        if (match := DATETIME.match(text, label.end())) is not None:
            return build_date(match).found_in("page_top")
    found = None if labelled_only else find_datetime(text, require_time=True)
    return found.found_in("page_top") if found is not None else None


def page_text(tree: HtmlElement, limit: int = 2000) -> str:
    """Return a page's text (no scripts), whitespace collapsed, to the text node past limit."""
    body = tree.find("body")
    root = body if body is not None else tree
    parts: list[str] = []
    size = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            visible = isinstance(element.tag, str) and element.tag not in _NO_TEXT
            piece = element.text if visible else None
        else:
            piece = element.tail if element is not root else None
        if piece and (piece := " ".join(piece.split())):
            parts.append(piece)
            size += len(piece) + 1
            if size >= limit:
                break
    return " ".join(parts)  # not cut inside a node: a date there would be cut short


def _parse_any(value: str) -> FoundDate | None:
    value = value.strip()
    return parse_datetime(value) or find_datetime(value[:40])


def _date_in_json_ld(script: str) -> FoundDate | None:
    match = re.search(r'"datePublished"\s*:\s*"([^"]+)"', script)
    if match is None:
        return None
    try:
        value = json.loads(f'"{match.group(1)}"')
    except json.JSONDecodeError:
        return None
    return _parse_any(value) if isinstance(value, str) else None
