"""Page metadata read straight from HTML markup: title, site, author, canonical URL, date, tags.

Reading these few fields from the parsed tree costs about 1 ms a page; Trafilatura's own
metadata pass costs about 11 ms (bench/profile_process.py) and its date comes from htmldate,
which can turn a copyright year into ``YYYY-01-01``. The date comes from the markup
(tasks/extract/dates.py), else from the date line under the title (tasks/extract/headerdates.py),
else, when no title element is found, from a timed date at the top of the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from tasks.extract.dates import FoundDate, date_at_page_top, page_text, published_in_markup
from tasks.extract.headerdates import date_after_title_text, date_under_title

_TITLE_SEPARATOR = re.compile(r"\s*(?:\s[-|–—_]\s|_|\|)\s*")
_KEYWORD_SEPARATOR = re.compile(r"[,，;；、]")


@dataclass(frozen=True)
class PageMeta:
    """Metadata a page declares about itself."""

    title: str | None
    sitename: str | None
    author: str | None
    url: str | None
    published: FoundDate | None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def read_page_meta(tree: HtmlElement) -> PageMeta:
    """Read a page's title, site name, author, canonical URL, date and tags from its markup.

    Args:
        tree: The parsed page (not modified).

    Returns:
        The metadata found; fields the page does not declare are None or empty.

    Raises:
        InvalidDateError: the page's date markup names an impossible date.
    """
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (
            (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        )
        content = (meta.get("content") or "").strip()
        if key and content:
            metas.setdefault(key, content)
    raw_title = _text(tree.find(".//title"))
    sitename = metas.get("og:site_name") or metas.get("application-name")
    headings = [(h, _text(h)) for h in tree.iter("h1", "h2", "h3")]
    title = _title(metas, headings, raw_title, sitename)
    return PageMeta(
        title=title,
        sitename=sitename or _title_suffix(raw_title),
        author=metas.get("author") or metas.get("article:author") or metas.get("byline"),
        url=_canonical(tree, metas),
        published=_published(tree, metas, title, _title_element(headings, title)),
        categories=[s for s in [metas.get("article:section")] if s],
        tags=_keywords(metas.get("keywords") or metas.get("news_keywords")),
    )


def _text(element: HtmlElement | None) -> str | None:
    if element is None:
        return None
    text = " ".join(element.text_content().split())
    return text or None


def _published(
    tree: HtmlElement, metas: dict[str, str], title: str | None, heading: HtmlElement | None
) -> FoundDate | None:
    """Return the markup's date, else the header line's by the title, else the page top's."""
    if (found := published_in_markup(tree, metas)) is not None:
        return found
    if heading is not None and (found := date_under_title(heading)) is not None:
        return found.found_in("header_line")
    text = page_text(tree)
    # No heading element holds the title (a <div class="title">): read the page's text.
    if heading is None and title and (found := date_after_title_text(text, title)) is not None:
        return found.found_in("header_line")
    return date_at_page_top(text, labelled_only=heading is not None)


def _title_element(
    headings: list[tuple[HtmlElement, str | None]], title: str | None
) -> HtmlElement | None:
    """Return the first heading holding the title (or held by it), else the only <h1>."""
    for element, text in headings:
        if title and text and len(text) >= 4 and (text in title or title in text):
            return element
    h1s = [(element, text) for element, text in headings if element.tag == "h1"]
    if len(h1s) == 1 and h1s[0][1] and len(h1s[0][1]) >= 4:
        return h1s[0][0]
    return None


def _title(
    metas: dict[str, str],
    headings: list[tuple[HtmlElement, str | None]],
    raw_title: str | None,
    site: str | None,
) -> str | None:
    """og:title, else the only <h1>, else <title> without its site suffix."""
    if title := metas.get("og:title"):
        return title
    h1s = [text for element, text in headings if element.tag == "h1"]
    if len(h1s) == 1 and (heading := h1s[0]):
        return heading
    if raw_title is None:
        return None
    parts = _TITLE_SEPARATOR.split(raw_title)
    if len(parts) > 1 and (site is None or site in parts[-1] or len(parts[-1]) < len(parts[0])):
        return parts[0]
    return raw_title


def _title_suffix(raw_title: str | None) -> str | None:
    """The site name Chinese portals append to <title>: ``… - 南方网``."""
    if raw_title is None:
        return None
    parts = _TITLE_SEPARATOR.split(raw_title)
    return parts[-1] if len(parts) > 1 and len(parts[-1]) <= 20 else None


def _canonical(tree: HtmlElement, metas: dict[str, str]) -> str | None:
    """Return the page's own URL from rel=canonical or og:url; a site's home page is not one."""
    candidates = [
        (link.get("href") or "").strip()
        for link in tree.iter("link")
        if (link.get("rel") or "").lower() == "canonical"
    ]
    candidates.append(metas.get("og:url", "").strip())
    return next((url for url in candidates if _is_article_url(url)), None)


def _is_article_url(url: str) -> bool:
    # Some portals put their home page in every page's canonical link (magic-html-zh: two
    # china.com.cn articles): taken as the article's URL it would merge different articles.
    return url.startswith(("http://", "https://")) and urlsplit(url).path.strip("/") != ""


def _keywords(value: str | None) -> list[str]:
    if not value:
        return []
    return [k.strip() for k in _KEYWORD_SEPARATOR.split(value) if k.strip()][:20]
