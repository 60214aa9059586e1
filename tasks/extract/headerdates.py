"""Dates a reader sees: the date line next to an article's title, and a date in its URL path.

A header line is short and the date is what it says: ``发布时间：2023-06-14 10:20``,
``2023-06-14 阅读1234次``, ``来源：新华网 2023年6月14日``, ``XXX.COM 2023年06月14日15:37``, a bare
timestamp under a blog title, a newspaper page header's ``2023年06月14日 星期三 第05版``. A date
inside a sentence (``2024年3月28日，…``, ``截至2024年3月28日``), a headline with its date (a sidebar
list) or a copyright line is not one. Month-days without a year stay unknown (dates.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from schemas.dates import CHINA_TZ
from tasks.extract.dates import DATETIME, FoundDate, build_date

# Labels a date follows in a header line; the text before a date may end with one of them.
_LABEL_BEFORE = re.compile(
    r"(?:发布|发表|更新|上传|录入|出版|刊发)?(?:时间|日期)\s*[:：]?\s*$"
    r"|(?:发布|发表|更新|上传)于\s*[:：]?\s*$"
    r"|[:：|丨/·•]\s*$"
)
# Fields a header line carries around its date: the source, the author, the read count.
_FIELD = re.compile(
    r"(?:来源|稿源|出处|作者|编辑|责任编辑|责编|记者|通讯员|供稿|发布者|发布人|阅读|浏览|点击|访问"
    r"|字号|分享|打印|收藏|评论|关注|举报)"
)
# A newspaper page header's date is followed by a weekday or a page: "2023年06月14日 星期三 第05版".
_ISSUE = re.compile(r"^(?:星期|周[一二三四五六日天]|第\s*\d)")
# What may follow a header date: a field, where it was posted from, an issue's weekday or page,
# a separator.
_AFTER = re.compile(
    r"^(?:$|"
    + _FIELD.pattern
    + r"|发布|来自|IP属地|"
    + _ISSUE.pattern[1:]
    + r"|[|丨/·•【\[(（]|[A-Za-z])"
)
# A date inside a sentence or a range is narrative, never a header date.
_NARRATIVE_AFTER = re.compile(r"^\s*(?:[，,。；;、至到起前后以在]|-\s*\d)")
# A date introduced by these is another article's: "最新推荐文章于 2024-05-07 22:12 发布".
_OTHER_ARTICLE = re.compile(r"推荐|相关|热门|热点|最新|上一篇|下一篇")
_SENTENCE = re.compile(r"[，,。！？；]")
# How a site or outlet name ends: XXX.COM, 新华网, 江城日报, 新华社, 电视台, 公众号, 客户端.
_OUTLET = re.compile(r"(?:[A-Za-z]{2,}|网|报|社|台|号|新闻|客户端|媒体|频道|在线)$")
_COPYRIGHT = re.compile(r"©|copyright|版权所有|all rights reserved", re.I)
_MAX_LINE = 120  # a header line is short; a paragraph of the main text is not one
_MAX_NAME = 16  # a site or outlet name before a date (longer: a headline before its date)

# Header-block walk: elements whose text is never a header line, and how far to read.
_SKIPPED_TAGS = frozenset(
    {"script", "style", "ul", "ol", "nav", "aside", "form", "select", "textarea", "a", "iframe"}
)
_HEADER_BUDGET = 400  # characters read after the title (a header block is a few short lines)
_MAX_DEPTH = 3  # how many ancestors of the title the walk climbs
_TITLE_WINDOW = 200  # characters of running text read after a title found in no heading
_GLUED_SITE = re.compile(r"[-_|–—]")
_MIN_TITLE_HEAD = 8  # a shorter head of a <title> is too common a string to find the title by

_URL_DATE = (
    re.compile(r"/((?:19|20)\d{2})-(\d{2})/(\d{2})/"),  # /2023-02/06/
    re.compile(r"/t?((?:19|20)\d{2})(\d{2})(\d{2})(?:/|_|\d)"),  # /20230614/, /t20230614_…
    re.compile(r"/((?:19|20)\d{2})/(\d{2})/(\d{2})/"),  # /2023/06/14/
    re.compile(r"/((?:19|20)\d{2})-(\d{2})-(\d{2})/"),  # /2023-06-14/
)


def date_in_header_line(line: str, *, lone_name: bool = False) -> FoundDate | None:
    """Return the date a header line shows, or None when the line is not a date line.

    Args:
        line: One line of a page's header block (whitespace already collapsed).
        lone_name: Also take a name and a time with nothing after (``华夏人文 2020-03-09 18:14``);
            only for the line right under the title.

    Returns:
        The line's date (precision second, minute or day), or None.

    Raises:
        InvalidDateError: the line's date is impossible (2023-02-30).
    """
    if len(line) > _MAX_LINE or _COPYRIGHT.search(line):
        return None
    match = DATETIME.search(line)
    if match is None:
        return None
    before, after = line[: match.start()].strip(), line[match.end() :].strip()
    if _NARRATIVE_AFTER.match(line[match.end() :]):
        return None
    timed = match.group("M") is not None
    if not (_AFTER.match(after) or _are_names(after, 1 if timed else 2)):
        return None
    return build_date(match) if _before_is_header(before, after, timed, lone_name) else None


def _before_is_header(before: str, after: str, timed: bool, lone_name: bool) -> bool:
    """Say whether nothing, a label, header fields or a site name precede a header date."""
    if _OTHER_ARTICLE.search(before):
        return False
    if not before or _LABEL_BEFORE.search(before):
        return True
    if _SENTENCE.search(before[-12:]):
        return False
    if _FIELD.search(before):
        return True
    # A name and a date is a site's header line when a time or an issue's page follows, and
    # a header field follows or the name is an outlet's; else a headline in a list.
    return (
        _is_name(before)
        and (timed or _ISSUE.match(after) is not None)
        and (bool(after) or lone_name or _OUTLET.search(before) is not None)
    )


def _are_names(text: str, fewest: int) -> bool:
    """Say whether text is a few short words: outlet, channel, counts (``富达传媒 1665``)."""
    words = text.split()
    return fewest <= len(words) <= 4 and all(_is_name(word) and len(word) <= 8 for word in words)


def _is_name(text: str) -> bool:
    """Say whether text reads like a site or outlet name: ``新华网``, ``XXX.COM``."""
    return 0 < len(text) <= _MAX_NAME and not _SENTENCE.search(text)


def header_lines(title: HtmlElement) -> Iterator[str]:
    """Yield the text lines that follow a page's title element, up to a small budget.

    The walk reads the title's following siblings, then its parent's, up to a few ancestors;
    a long element is read child by child, so the main text ends the walk quickly. Lists,
    links, forms and scripts are skipped: a sidebar's dated headlines are never header lines.

    Args:
        title: The element holding the article's title (an ``<h1>`` or the like).

    Yields:
        Lines of text, whitespace collapsed, in document order.
    """
    budget = _HEADER_BUDGET
    element: HtmlElement | None = title
    for _ in range(_MAX_DEPTH + 1):
        if element is None:
            return
        for line in _tail_and_siblings(element):
            yield line
            budget -= len(line)
            if budget <= 0:
                return
        element = element.getparent()


def _tail_and_siblings(element: HtmlElement) -> Iterator[str]:
    if tail := " ".join((element.tail or "").split()):
        yield tail
    for sibling in element.itersiblings():
        yield from _lines_of(sibling, depth=0)


def _lines_of(element: HtmlElement, depth: int) -> Iterator[str]:
    """Yield an element's text as one line if short, else its parts (children read in turn)."""
    if not isinstance(element.tag, str) or element.tag in _SKIPPED_TAGS:
        tail = " ".join((element.tail or "").split())
        if tail:
            yield tail
        return
    text = " ".join(element.text_content().split())
    if len(text) <= _MAX_LINE or depth >= _MAX_DEPTH:
        if text:
            yield text[: _MAX_LINE + 1]
    else:
        if own := " ".join((element.text or "").split()):
            yield own
        for child in element:
            yield from _lines_of(child, depth + 1)
    if tail := " ".join((element.tail or "").split()):
        yield tail


def date_under_title(title: HtmlElement) -> FoundDate | None:
    """Return the first date line under a title element, else the line right above it.

    The line right under the title may also be a name and a time alone (a blog's or an
    account's ``华夏人文 2020-03-09 18:14:21``), unless the next line has that shape too: a
    list of headlines with their times.

    Args:
        title: The element holding the article's title.

    Returns:
        The date, or None when no header line within the budget shows one.

    Raises:
        InvalidDateError: the header's date line names an impossible date.
    """
    lines = list(header_lines(title))
    for line in lines:
        if (found := date_in_header_line(line)) is not None:
            return found
    if (found := _lone_name_line(lines)) is not None:
        return found
    above = next(title.itersiblings(preceding=True), None)
    if isinstance(above, HtmlElement) and above.tag not in _SKIPPED_TAGS:
        # A date line right above the title ("2025-12-29 16:13 来源：…" before the <h1>).
        return date_in_header_line(" ".join(above.text_content().split()))
    return None


def date_after_title_text(text: str, title: str) -> FoundDate | None:
    """Return the header date that follows the title in a page's running text.

    For pages whose title sits in no heading element: the text right after the title is
    searched, a date counting only when a label precedes it or a header field follows it.

    Args:
        text: The page's first characters of text (dates.page_text).
        title: The article's title.

    Returns:
        The date, or None when the title is not in the text or no header date follows it.

    Raises:
        InvalidDateError: the header's date is impossible.
    """
    begin = text.find(title)
    if begin < 0:
        # A <title> with the site's name glued on ("标题-EDN 电子技术设计"): the head shows.
        head = _GLUED_SITE.split(title, maxsplit=1)[0].strip()
        if len(head) < _MIN_TITLE_HEAD or (begin := text.find(head)) < 0:
            return None
        title = head
    begin += len(title)
    for match in DATETIME.finditer(text, begin):
        if match.start() > begin + _TITLE_WINDOW:
            break
        before, after = text[begin : match.start()], text[match.end() : match.end() + 20]
        if _COPYRIGHT.search(before[-30:]) or _NARRATIVE_AFTER.match(after):
            continue
        if _LABEL_BEFORE.search(before) or _AFTER.match(after.strip()):
            return build_date(match)
    return None


def _lone_name_line(lines: list[str]) -> FoundDate | None:
    """Return a name-and-time first line's date, unless the second line has that shape too."""
    first = date_in_header_line(lines[0], lone_name=True) if lines else None
    if first is None or (len(lines) > 1 and date_in_header_line(lines[1], lone_name=True)):
        return None
    return first


def date_in_url(url: str | None, now: datetime | None = None) -> FoundDate | None:
    """Return the day an article's URL path gives (``/2023-02/06/``, ``/20230614/``).

    Args:
        url: The article's URL.
        now: The current time (a date after it is not a publication date); defaults to now.

    Returns:
        The day (precision ``day``, Beijing time, marked url), or None when the path names no
        real, past calendar day.
    """
    if not url:
        return None
    path = urlsplit(url).path
    latest = now or datetime.now(CHINA_TZ)
    for pattern in _URL_DATE:
        for match in pattern.finditer(path):
            year, month, day = (int(part) for part in match.groups())
            try:
                value = datetime(year, month, day, tzinfo=CHINA_TZ)
            except ValueError:
                continue  # /20231399/ is an id, not a date
            if value <= latest:
                return FoundDate(value, "day", "url")
    return None
