"""Plain-text articles, including text copied from a web page with its chrome.

Seed 004 shows the chrome this removes: a breadcrumb (``当前位置: 首页 » …``), a line with
location, outlet and time (``IP属地 中国·北京 南方都市报 时间:2025-12-29 16:13:47``), credit
lines (``采写:…``, ``图片由…提供``), a disclaimer (``免责声明…``) and trailing widgets
(``全站最新``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tasks.extract.bylines import find_source_credit, looks_like_outlet, parse_byline
from tasks.extract.dates import FoundDate, find_datetime
from tasks.extract.headerdates import date_in_header_line

_BREADCRUMB = re.compile(
    r"^(?:当前位置|您的位置|你的位置|您现在的位置|所在位置)\s*[:：]|首页\s*[»>›/]"
)
_META_KEYS = re.compile(r"(?:IP属地|发布时间|发布日期|时间|日期|来源|作者|编辑)\s*[:：]?")
_META_TIME = re.compile(r"(?:发布时间|发布日期|时间|日期)\s*[:：]")
_CREDIT = re.compile(
    r"^(?:采写|记者|文|撰文|作者|通讯员|编辑|责任编辑|责编|编审|审核|审校|校对|统筹|策划|摄影|摄像|图|图片|视频|制图|来源)"
    r"\s*[:：|丨/]"
)
_PHOTO_CREDIT = re.compile(r"^(?:图片|图|照片|视频)(?:由|来自|来源).{1,30}(?:提供|供图)?[。.]?$")
_DISCLAIMER = re.compile(
    r"^(?:免责声明|版权声明|声明)\s*[:：]|本网信息来自于互联网|转载请注明|版权所有"
)
_WIDGET = re.compile(
    r"^(?:全站最新|最新资讯|相关阅读|相关新闻|相关推荐|推荐阅读|延伸阅读|热门推荐|热门文章|猜你喜欢|热点推荐|精彩推荐|分享到|扫一扫)\s*[:：]?$"
)
_SENTENCE_END = re.compile(r"[。！？!?；;…]$")
_MAX_TITLE = 64


@dataclass(frozen=True)
class TextArticle:
    """Fields read from a plain-text article."""

    title: str | None
    published: FoundDate | None
    outlet: str | None
    author: str | None
    body: str


def _is_meta_line(line: str) -> bool:
    return line.startswith("IP属地") or (
        len(line) <= 120 and bool(_META_TIME.search(line)) and find_datetime(line) is not None
    )


def _outlet_in_meta(line: str) -> str | None:
    """Return the outlet token of a meta line (the token that reads like an outlet name)."""
    line = re.sub(r"IP属地\s*\S+", " ", line)
    line = re.sub(r"(?:发布时间|发布日期|时间|日期)\s*[:：]\s*[\d\-/:：年月日 ]+", " ", line)
    if (credit := re.search(r"来源\s*[:：]\s*(\S+)", line)) is not None:
        return credit.group(1)
    tokens = [t for t in _META_KEYS.sub(" ", line).split() if t]
    outlets = [t for t in tokens if looks_like_outlet(t)]
    return outlets[0] if outlets else None


def _is_chrome(line: str) -> bool:
    return bool(
        _BREADCRUMB.search(line)
        or _DISCLAIMER.search(line)
        or _PHOTO_CREDIT.match(line)
        or (len(line) <= 80 and _CREDIT.match(line))
    )


def parse_text_article(text: str) -> TextArticle:
    """Split a plain-text article into title, date, outlet, author and a chrome-free body.

    Args:
        text: Decoded text, one paragraph per line.

    Returns:
        The fields found; any of them may be None except the body (possibly empty).

    Raises:
        InvalidDateError: the page's meta line carries an impossible date.
    """
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    # Cut trailing widgets: from the first widget heading in the last third of the page.
    for i, line in enumerate(lines):
        if _WIDGET.match(line) and i >= len(lines) * 2 // 3:
            lines = lines[:i]
            break

    title: str | None = None
    published: FoundDate | None = None
    outlet: str | None = None
    author: str | None = None
    body: list[str] = []
    head = True  # still in the page header (before the first body paragraph)
    for index, line in enumerate(lines):
        if head and _is_meta_line(line):
            found = find_datetime(line)
            published = published or (found.found_in("text_line") if found else None)
            outlet = outlet or _outlet_in_meta(line)
            continue
        if head and (title is not None or index < 3) and (found := date_in_header_line(line)):
            # A date line under the title: "2023-06-14 10:20 阅读1234次", a bare timestamp.
            published = published or found.found_in("text_line")
            outlet = outlet or _outlet_in_meta(line)
            continue
        if _is_chrome(line):
            author = author or parse_byline(line)
            outlet = outlet or (
                find_source_credit(f"（{line}）") if line.startswith("来源") else None
            )
            continue
        if head and title is None and _looks_like_title(line, lines[index + 1 :]):
            title = line
            continue
        head = False
        body.append(line)
    if body and (credit := find_source_credit(body[-1])) is not None and len(body[-1]) <= 40:
        outlet = outlet or credit
        body.pop()
    return TextArticle(title, published, outlet, author, "\n".join(body))


def _looks_like_title(line: str, rest: list[str]) -> bool:
    """A title is a short first line without sentence-ending punctuation, followed by more text."""
    if len(line) > _MAX_TITLE or _SENTENCE_END.search(line) or not rest:
        return False
    following = rest[0]
    return (
        _is_meta_line(following)
        or len(following) > len(line)
        or date_in_header_line(following) is not None
    )
