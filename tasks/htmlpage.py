"""HTML pages and HTML post bodies: Trafilatura for the text, our own rules for the date.

Trafilatura's date comes from htmldate, which can turn a copyright year into ``YYYY-01-01`` and a
``/2022/03/`` URL into ``2022-03-01``; we never guess dates, so we read them from markup ourselves.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import lxml.html
import trafilatura
from lxml.etree import ParserError
from trafilatura.settings import Document

from tasks.metadata import FoundDate, find_datetime, parse_datetime

# Eastmoney stock widgets (seed 002/003): K-line images, not article text.
_STOCK_WIDGET = re.compile(r"<!--\s*EM_StockImg_Start\s*-->.*?<!--\s*EM_StockImg_End\s*-->", re.S)
_DATE_META = (
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
_LOOKS_HTML = re.compile(r"<(?:!doctype\s+html|html|head|body|p|div|article|br|table|span)\b", re.I)


@dataclass(frozen=True)
class HtmlArticle:
    """Fields read from an HTML page."""

    title: str | None
    published: FoundDate | None
    outlet: str | None
    author: str | None
    url: str | None
    body: str
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def looks_like_html(text: str) -> bool:
    """Say whether decoded text is an HTML document or fragment rather than plain text."""
    head = text[:5000]
    return len(_LOOKS_HTML.findall(head)) >= 2 or head.lstrip().lower().startswith(
        ("<!doctype", "<html")
    )


def strip_widgets(html: str) -> str:
    """Remove stock-quote widgets that sit inside article bodies."""
    return _STOCK_WIDGET.sub("", html)


def extract_body_text(html: str) -> str:
    """Return the main text of an HTML fragment (a post body), one paragraph per line."""
    wrapped = f"<html><body><article>{strip_widgets(html)}</article></body></html>"
    document = _as_document(
        trafilatura.bare_extraction(
            wrapped, favor_recall=True, include_comments=False, include_tables=True
        )
    )
    return (document.text or "") if document is not None else ""


def extract_html_page(html: str, url: str | None = None) -> HtmlArticle:
    """Extract text and metadata from a whole HTML page.

    Args:
        html: The decoded page.
        url: The page's URL if it was fetched (helps Trafilatura and relative links).

    Returns:
        The extracted fields; body is empty when Trafilatura finds no main text.

    Raises:
        InvalidDateError: the page's publication date markup names an impossible date.
    """
    html = strip_widgets(html)
    document = _as_document(
        trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    )
    published = find_published(html)
    if document is None:
        return HtmlArticle(None, published, None, None, url, "")
    return HtmlArticle(
        title=document.title,
        published=published,
        outlet=document.sitename,
        author=document.author,
        url=document.url or url,
        body=document.text or "",
        categories=[c for c in (document.categories or []) if c],
        tags=[t for t in (document.tags or []) if t],
    )


def _as_document(result: Document | dict[str, object] | None) -> Document | None:
    """Narrow bare_extraction's result: a Document unless as_dict was asked for."""
    return result if isinstance(result, Document) else None


def find_published(html: str) -> FoundDate | None:
    """Return the publication date given by meta tags, JSON-LD, ``<time>`` or the page header text.

    Raises:
        InvalidDateError: the first date found is impossible.
    """
    try:
        tree = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return find_datetime(html[:3000])
    metas = {
        (m.get("property") or m.get("name") or m.get("itemprop") or "").lower(): m.get("content")
        for m in tree.iter("meta")
    }
    for key in _DATE_META:
        if (content := metas.get(key)) and (found := _parse_any(content)) is not None:
            return found
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        if (found := _date_in_json_ld(script)) is not None:
            return found
    for time in tree.iter("time"):
        if (found := _parse_any(time.get("datetime") or time.text_content())) is not None:
            return found
    # Chinese portals print "2022-03-29 16:14:34 来源：…" above the article.
    body = tree.find("body")
    header_text = " ".join((body if body is not None else tree).text_content().split())[:2000]
    return find_datetime(header_text, require_time=True)


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
    return _parse_any(value)
