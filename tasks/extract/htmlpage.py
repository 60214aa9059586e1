"""HTML pages and HTML post bodies: Trafilatura for the text, htmlmeta.py for the metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Document
from trafilatura.utils import load_html

from tasks.extract.chrome import strip_chrome
from tasks.extract.dates import FoundDate
from tasks.extract.htmlmeta import read_page_meta
from tasks.extract.pagetype import (
    link_farm_reason,
    measure_text,
    not_article_reason,
    profile_page,
    reads_as_article,
)

# Eastmoney stock widgets (seed 002/003): K-line images, not article text.
_STOCK_WIDGET = re.compile(r"<!--\s*EM_StockImg_Start\s*-->.*?<!--\s*EM_StockImg_End\s*-->", re.S)
_LOOKS_HTML = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|script|style|link|p|div|article|br|table|span)\b",
    re.I,
)
# A document starts with one of these (after a BOM, an XML prolog or comments): pages saved from
# a browser's rendered DOM begin at <head>, often with kilobytes of <script>/<style> before any
# other tag (magic-html-zh: 42 of 43 pages).
_DOCUMENT_START = re.compile(
    r"\A\ufeff?\s*(?:<\?xml[^>]*>\s*)?"
    r"(?:<!--\[if\b|(?:<!--.*?-->\s*)*"  # a conditional comment is IE's markup
    r"<(?:!doctype\s+html|html|head|body|meta|title|script|style|link|base|noscript)\b)",
    re.I | re.S,
)
# An HTML element's tag (opening or closing) in text: a text that is mostly these is markup, one
# that mentions `<p>` in a sentence is not.
_TAG = re.compile(
    r"</?(?:html|head|body|meta|title|script|style|link|div|p|span|a|img|br|hr|ul|ol|li|table|"
    r"tbody|tr|td|th|section|article|header|footer|nav|aside|main|form|input|button|iframe|svg|"
    r"path|h[1-6]|b|i|em|strong|font|center|noscript|figure|figcaption|label|select|option)"
    r"(?:\s[^<>]{0,2000})?/?>",
    re.I,
)
_OPENS_WITH_TAG = re.compile(r"\A[\ufeff\s]*<")
MARKUP_MIN_TAGS = 10  # fewer tags than this is text that shows some markup
MARKUP_MIN_SHARE = 0.2  # tags cover at least this share of the non-blank characters


@dataclass(frozen=True)
class MarkupMeasure:
    """How much of a text is HTML tags."""

    tags: int
    share: float  # of the non-blank characters from the first tag on, inside tags

    @property
    def is_markup(self) -> bool:
        """The text is HTML source, not prose that mentions a tag or two."""
        return self.tags >= MARKUP_MIN_TAGS and self.share >= MARKUP_MIN_SHARE

    def describe(self) -> str:
        """Say it for a reject's detail."""
        return f"{self.tags} HTML tags, {100 * self.share:.0f} % of its characters"


def measure_markup(text: str) -> MarkupMeasure:
    """Count the HTML tags in text and the share they cover of its non-blank characters from the
    first tag on (what comes before may be kilobytes of inline state)."""
    tags = _TAG.findall(text)
    if not tags:
        return MarkupMeasure(0, 0.0)
    text = text[text.index(tags[0]) :]
    visible = len(text) - sum(text.count(blank) for blank in " \t\r\n")
    return MarkupMeasure(len(tags), sum(len(t) for t in tags) / visible if visible else 0.0)


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
    return _DOCUMENT_START.match(head) is not None or len(_LOOKS_HTML.findall(head)) >= 2


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

    The page is parsed once: metadata is read from the tree first, then Trafilatura extracts the
    main text from the same tree (without its fallback extractors: bench/profile_process.py).

    Args:
        html: The decoded page.
        url: The page's URL if it was fetched (helps Trafilatura and relative links).

    Returns:
        The extracted fields; body is empty when Trafilatura finds no main text.

    Raises:
        InvalidDateError: the page's publication date markup names an impossible date.
        NotAnArticleError: the page is a list of links (channel, forum index, navigation).
    """
    page = strip_widgets(_from_first_tag(html))
    tree = load_html(page)
    if tree is None:
        return HtmlArticle(None, None, None, None, url, "")
    if (reason := link_farm_reason(tree)) is not None:
        raise NotAnArticleError(reason)
    meta = read_page_meta(tree)
    body = _main_text(tree, url, fast=True)
    if not reads_as_article(body) and (again := load_html(page)) is not None:
        profile = profile_page(again)  # Trafilatura prunes the tree it works on: a fresh one
        if measure_text(body, profile).is_suspicious(profile):
            # A list page, or the fast path took a menu for the text or missed most of it: the
            # full extraction, with Trafilatura's fallback extractors, decides on these pages.
            body = _main_text(again, url, fast=False) or body
            if (reason := not_article_reason(measure_text(body, profile), profile)) is not None:
                raise NotAnArticleError(reason)
    return HtmlArticle(
        title=meta.title,
        published=meta.published,
        outlet=meta.sitename,
        author=meta.author,
        url=meta.url or url,
        body=strip_chrome(body, meta.title),
        categories=meta.categories,
        tags=meta.tags,
    )


def _from_first_tag(html: str) -> str:
    """Drop text before a DOM fragment's first tag (inline state copied with the rendered DOM):
    lxml cannot parse a page that opens with text."""
    if _OPENS_WITH_TAG.match(html) or (first := _TAG.search(html)) is None:
        return html
    return html[first.start() :]


def _main_text(tree: HtmlElement, url: str | None, *, fast: bool) -> str:
    """Return Trafilatura's main text of a parsed page (it prunes the tree it is given)."""
    document = _as_document(
        trafilatura.bare_extraction(
            tree, url=url, fast=fast, include_comments=False, include_tables=True
        )
    )
    return (document.text or "") if document is not None else ""


class NotAnArticleError(ValueError):
    """The page is a list, channel, forum index or navigation page, not an article."""


def _as_document(result: Document | dict[str, object] | None) -> Document | None:
    """Narrow bare_extraction's result: a Document unless as_dict was asked for."""
    return result if isinstance(result, Document) else None
