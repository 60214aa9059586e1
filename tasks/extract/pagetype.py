"""Page types: tell an article page from a list, channel, forum index or navigation page.

Measured on the page's links (read before Trafilatura prunes the tree) and on the main text
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
_PROSE_MIN_LINE = 15
_SENTENCE_MARK = re.compile(r"[。！？；，,.!?;]")
_MIN_LABEL_CHARS = 4  # shorter labels (页, 更多, 1, 2) also occur inside article sentences
# Around a list item's label: bullets, [置顶]-style tags, dates, times, reply/read counts.
_LIST_DECORATION = re.compile(
    r"^(?:[·•\-*>》]|\[[^\]]{1,6}\]|【[^】]{1,6}】)+"
    r"|(?:[(（\[]?\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[)）\]]?|[(（\[]?\d{1,2}[-/]\d{1,2}[)）\]]?"
    r"|\d{1,2}:\d{2}|[(（\[]\d+[)）\]]|\d+/\d+)+$"
)
_INVISIBLE = ("script", "style", "noscript", "template")
_WHITE_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class LinkProfile:
    """The links of a page: how many, how many characters, and their labels."""

    n_links: int
    link_chars: int
    labels: frozenset[str]


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

    def is_suspicious(self) -> bool:
        """Say whether the text may be a list or a menu rather than an article's body."""
        return self.prose_chars < MIN_PROSE_CHARS or self.share_in_links > MAX_TEXT_SHARE_IN_LINKS


def profile_links(tree: HtmlElement) -> LinkProfile:
    """Read the links of a parsed page (white space left out of the labels)."""
    labels = [_WHITE_SPACE.sub("", link.text_content()) for link in tree.iter("a")]
    return LinkProfile(
        len(labels),
        sum(map(len, labels)),
        frozenset(label for label in labels if len(label) >= _MIN_LABEL_CHARS),
    )


def visible_chars(tree: HtmlElement) -> int:
    """Count a page's visible characters, white space left out (removes its scripts and styles)."""
    etree.strip_elements(tree, *_INVISIBLE, with_tail=False)
    body = tree.find(".//body")
    return len(_WHITE_SPACE.sub("", "".join((body if body is not None else tree).itertext())))


def measure_text(text: str, links: LinkProfile) -> MainText:
    """Split an extracted main text into prose, link labels and the rest."""
    lines = ["".join(line.split()) for line in text.splitlines()]
    labels = {line for line in lines if _is_label(line, links.labels)}
    return MainText(
        chars=sum(map(len, lines)),
        prose_chars=sum(len(line) for line in lines if line not in labels and _is_prose(line)),
        label_chars=sum(len(line) for line in lines if line in labels),
    )


def not_article_reason(text: MainText, links: LinkProfile, page_chars: int) -> str | None:
    """Say why a page is a list of links rather than an article, or None for an article.

    Args:
        text: The measured main text.
        links: The page's links.
        page_chars: The page's visible characters.

    Returns:
        A detail for the reject, e.g. ``84% of text is in 212 links and …``, or None.
    """
    if text.prose_chars >= MIN_PROSE_CHARS:
        return None
    if text.share_in_links > MAX_TEXT_SHARE_IN_LINKS:
        return (
            f"{text.share_in_links:.0%} of the main text is link labels "
            f"({links.n_links} links on the page)"
        )
    page_share = links.link_chars / page_chars if page_chars else 0.0
    if page_share > MAX_PAGE_SHARE_IN_LINKS and text.chars < MIN_TEXT_CHARS_ON_LINK_PAGES:
        return (
            f"{page_share:.0%} of text is in {links.n_links} links "
            f"and the main text has {text.chars} characters"
        )
    return None


def _is_prose(line: str) -> bool:
    return len(line) >= _PROSE_MIN_LINE and _SENTENCE_MARK.search(line) is not None


def _is_label(line: str, labels: frozenset[str]) -> bool:
    # A list item's line is its label, often with a date, a count or a bullet beside it.
    return len(line) >= _MIN_LABEL_CHARS and (
        line in labels or _LIST_DECORATION.sub("", line) in labels
    )
