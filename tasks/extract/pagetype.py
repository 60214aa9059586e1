"""Page types: tell an article page from a list, channel, forum index or navigation page.

Measured on the page's text and links (read before Trafilatura prunes the tree) and on the main text
extracted: a list page's "main text" is its own link labels, an article's is prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

# Rules as data. A page with this much prose in its main text (lines with sentence punctuation
# that are not link labels) is an article, whatever its links: a short report above a long
# "相关新闻" list still is one.
MIN_PROSE_CHARS = 60
# Main text whose lines are mostly the page's own link labels is a list: a channel page, a
# forum index, a tag page, search results.
MAX_TEXT_SHARE_IN_LINKS = 0.5
# A page whose visible text is almost all link labels, with a main text too short for an article.
MAX_PAGE_SHARE_IN_LINKS = 0.8
MIN_TEXT_CHARS_ON_LINK_PAGES = 300
# A page with this many links and no paragraph outside them is refused before extraction (an
# archive index, a sitemap page): Trafilatura takes minutes on 200,000 links. Article pages in
# shared/corpora have at most 1,983 links.
LINK_FARM_LINKS = 5000
# A main text this short, with this many times as much text outside links elsewhere on the page,
# is extracted again with the fallback extractors (3 % of the real pages in shared/corpora).
SHORT_TEXT_CHARS = 500
SHORT_TEXT_RATIO = 2.5
_PROSE_MIN_LINE = 15
# Paragraphs end with a full stop; headlines, menu items and thread titles do not.
_PARAGRAPH_END = re.compile(r"[。.][”\"』」）)]?$")
_SENTENCE_MARK = re.compile(r"[。！？；，,.!?;]")
_MIN_LABEL_CHARS = 4  # shorter labels (页, 更多, 1, 2) also occur inside article sentences
# Around a list item's label: bullets, [置顶]-style tags, dates, times, reply/read counts.
_LIST_DECORATION = re.compile(
    r"^(?:[·•\-*>》]|\[[^\]]{1,6}\]|【[^】]{1,6}】)+"
    r"|(?:[(（\[]?\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[)）\]]?|[(（\[]?\d{1,2}[-/]\d{1,2}[)）\]]?"
    r"|\d{1,2}:\d{2}|[(（\[]\d+[)）\]]|\d+/\d+)+$"
)
_INVISIBLE = ("script", "style", "noscript", "template")
_TEXT_OUTSIDE_LINKS = (
    "//text()[not(ancestor::a or ancestor::script or ancestor::style or ancestor::noscript)]"
)
_WHITE_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class PageProfile:
    """A page's visible characters and its links: how many, how many characters, their labels."""

    text_chars: int
    n_links: int
    link_chars: int
    labels: frozenset[str]

    @property
    def share_in_links(self) -> float:
        """The share of the page's visible characters that are link labels."""
        return self.link_chars / self.text_chars if self.text_chars else 0.0


@dataclass(frozen=True)
class MainText:
    """How an extracted main text splits into prose, link labels and the rest."""

    chars: int
    prose_chars: int
    label_chars: int

    @property
    def share_in_links(self) -> float:
        """The share of the main text's characters that are link labels."""
        return self.label_chars / self.chars if self.chars else 0.0

    def is_suspicious(self, page: PageProfile) -> bool:
        """Say whether the fast path may have missed the article: a list, a menu, or too short.

        Short means under SHORT_TEXT_CHARS with SHORT_TEXT_RATIO times as much text outside links
        elsewhere on the page (two magic-html-zh pages lost three quarters of their text).
        """
        outside_links = page.text_chars - page.link_chars
        return (
            self.prose_chars < MIN_PROSE_CHARS
            or self.share_in_links > MAX_TEXT_SHARE_IN_LINKS
            or (self.chars < SHORT_TEXT_CHARS and outside_links > SHORT_TEXT_RATIO * self.chars)
        )


def reads_as_article(text: str) -> bool:
    """Say, without looking at the page, whether a main text is plainly an article's body.

    True when SHORT_TEXT_CHARS or more of it are paragraphs ending with a full stop: such text
    is neither a list of links nor too short, so the page needs no profile (the common case).
    """
    lines = ("".join(line.split()) for line in text.splitlines())
    paragraphs = sum(len(line) for line in lines if _PARAGRAPH_END.search(line) and _is_prose(line))
    return paragraphs >= SHORT_TEXT_CHARS


def profile_page(tree: HtmlElement) -> PageProfile:
    """Count a parsed page's visible characters and read its links (white space left out)."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    text = etree.tostring(root, method="text", encoding="unicode")
    hidden = "".join(element.text or "" for element in root.iter(*_INVISIBLE))
    labels = [_WHITE_SPACE.sub("", link.text_content()) for link in root.iter("a")]
    return PageProfile(
        _chars(text) - _chars(hidden),
        len(labels),
        sum(map(len, labels)),
        frozenset(label for label in labels if len(label) >= _MIN_LABEL_CHARS),
    )


def link_farm_reason(tree: HtmlElement) -> str | None:
    """Say why a parsed page is a link farm to refuse before extraction, or None.

    A page qualifies with LINK_FARM_LINKS links or more and less than MIN_PROSE_CHARS of
    paragraphs outside them; counting its links first keeps this cheap for every other page.
    """
    n_links = int(tree.xpath("count(//a)"))
    if n_links < LINK_FARM_LINKS:
        return None
    outside = ("".join(str(node).split()) for node in tree.xpath(_TEXT_OUTSIDE_LINKS))
    prose = sum(len(line) for line in outside if _PARAGRAPH_END.search(line) and _is_prose(line))
    if prose >= MIN_PROSE_CHARS:
        return None
    return f"{n_links} links and no paragraph outside them (refused before extraction)"


def measure_text(text: str, page: PageProfile) -> MainText:
    """Split an extracted main text into prose, link labels and the rest."""
    lines = ["".join(line.split()) for line in text.splitlines()]
    labels = {line for line in lines if _is_label(line, page.labels)}
    return MainText(
        chars=sum(map(len, lines)),
        prose_chars=sum(len(line) for line in lines if line not in labels and _is_prose(line)),
        label_chars=sum(len(line) for line in lines if line in labels),
    )


def not_article_reason(text: MainText, page: PageProfile) -> str | None:
    """Say why a page is a list of links rather than an article, or None for an article.

    Args:
        text: The measured main text.
        page: The page's profile.

    Returns:
        A detail for the reject, e.g. ``84% of text is in 212 links and …``, or None.
    """
    if text.prose_chars >= MIN_PROSE_CHARS:
        return None
    if text.share_in_links > MAX_TEXT_SHARE_IN_LINKS:
        return (
            f"{text.share_in_links:.0%} of the main text is link labels "
            f"({page.n_links} links on the page)"
        )
    if page.share_in_links > MAX_PAGE_SHARE_IN_LINKS and text.chars < MIN_TEXT_CHARS_ON_LINK_PAGES:
        return (
            f"{page.share_in_links:.0%} of text is in {page.n_links} links "
            f"and the main text has {text.chars} characters"
        )
    return None


def _chars(text: str) -> int:
    return sum(map(len, text.split()))


def _is_prose(line: str) -> bool:
    return len(line) >= _PROSE_MIN_LINE and _SENTENCE_MARK.search(line) is not None


def _is_label(line: str, labels: frozenset[str]) -> bool:
    # A list item's line is its label, often with a date, a count or a bullet beside it.
    return len(line) >= _MIN_LABEL_CHARS and (
        line in labels or _LIST_DECORATION.sub("", line) in labels
    )
