"""Site chrome that survives Trafilatura on Chinese portal pages, and the one pass that strips it.

Trafilatura keeps rows of a table layout and the boxes around the article when they sit in the
same container: a navigation row (``| 首页 - 新闻 - 教育 |``, ``首页 > 教育 > 正文``), a meta line
(``发布时间：… | 字体放大 | 字体缩小``), share bars (``分享到：微信 微博 QQ空间``), ``相关新闻`` /
``推荐阅读`` blocks, ``责任编辑：…``, comment widgets, platform disclaimers and copyright footers.
The rules are the tables below. A line is dropped only when it is chrome-shaped: short and
matching a rule anywhere, or matching an edge rule in the run of chrome at the body's start or
end. A real paragraph (over _SHORT characters, or a sentence over _SENTENCE) never matches the
short rules, and a row of an article's own table (cells between bare pipes) is no menu.
"""

from __future__ import annotations

import re

_SHORT = 60  # a chrome line anywhere in the body is at most this long (characters)
_SENTENCE = 40  # a line ending a sentence and longer than this is text, not chrome, mid-body
_LINK_ITEM = 48  # a line after a 相关新闻 heading is a link when at most this long
_BLOCK_ITEMS = 40  # a related-links block ends after this many lines
# Table cells, list bullets and markdown escapes Trafilatura writes around a line's text.
_DECORATION = re.compile(r"^[\s|\-–—•·*#>]+|[\s|]+$")
_SEPARATOR_ONLY = re.compile(r"^[\s|\-–—:：•·*_=~>]*$")
_SENTENCE_END = re.compile(r"[。！？!?；;…”」』]$")
_LIST_ITEM = re.compile(r"^\s*(?:[-•·*]|\d{1,2}[、.．])\s*\S")
_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
# Between menu labels: an escaped pipe (a bare one separates table cells), arrows, or a spaced
# dash, slash or dot.
_NAV_SEPARATOR = re.compile(r"\s*(?:\\\||｜|>>?|»|›|→)\s*|\s+[-－/·]\s+")
_META_FIELD = re.compile(r"(?:来源于?|发布时间|发布日期|时间|日期|作者|编辑)[:：]")
_CJK = re.compile(r"[\u4e00-\u9fff]")

# Chrome wherever it stands, when the line is short (_SHORT): patterns by kind.
SHORT_RULES: dict[str, tuple[str, ...]] = {
    "breadcrumb": (
        r"^(?:当前位置|您的位置|你的位置|您现在的位置|现在位置|所在位置|位置)\s*[:：]",
        r"首页\s*(?:\\?\||>>?|»|›|→|-|－|/)\s*\S",
    ),
    "site_links": (
        r"(?:设为首页|加入收藏|添加收藏|关于我们|联系我们|网站地图|网站导航).*"
        r"(?:设为首页|加入收藏|添加收藏|关于我们|联系我们|网站地图|网站导航|意见反馈)",
    ),
    "editor": (r"(?:^|\s)[【\[（(]?\s*(?:责任编辑|责编|值班编辑)\s*[:：]",),
    "copyright": (
        r"copyright\s*(?:©|\(c\)|\d)|©\s*\d{4}|版权所有|all rights reserved",
        r"icp(?:备|证)|公网安备|违法和不良信息举报|举报(?:邮箱|电话)\s*[:：]",
    ),
    "print_close": (
        r"[【\[]\s*(?:打印|关闭|打印本页|打印此页|关闭窗口|收藏|字号|大\s*中\s*小)\s*[】\]]",
        r"字体\s*[:：]?\s*(?:放大|缩小|大\s*中\s*小)",
    ),
    "share": (
        r"^(?:分享到|分享至|分享)\s*[:：]|^(?:点击|请使用).{0,20}分享|分享让更多人看到",
        r"^(?:微信|手机)?扫一扫|扫描二维码",
        r"^(?:微信|微博|QQ空间|QQ好友|朋友圈|新浪微博|腾讯微博|豆瓣)"
        r"(?:\s*(?:微信|微博|QQ空间|QQ好友|朋友圈|新浪微博|腾讯微博|豆瓣))*$",
    ),
    "widget": (
        r"^(?:评论|关注|收藏|点赞|举报|举报/反馈|打印|关闭|返回顶部|回到顶部|纠错|已收藏!?|知道了)\s*\d*$",
        r"^(?:最热|最新|热门|全部|我要|发表|查看|网友)评论\s*\d*$",
        r"^进入【.{1,20}】讨论$",
    ),
    "reprint": (
        r"未经(?:书面)?授权.{0,6}(?:请勿|不得|禁止|严禁)(?:转载|使用)",
        r"转载(?:时)?(?:务)?请注明",
    ),
}
# Chrome only in the run of chrome lines at the end of the body, whatever their length.
TAIL_RULES: dict[str, tuple[str, ...]] = {
    "disclaimer": (
        r"^[“\"]?(?:特别声明|免责声明|版权声明|声明)\s*[:：]",
        r"^notice: the content above|^网友评论仅供其表达个人看法",
        r"仅提供信息(?:存储|发布)(?:空间)?(?:服务|平台)",
    ),
    "reprint": SHORT_RULES["reprint"],
    "copyright": SHORT_RULES["copyright"],
}
# Chrome only in the run of chrome lines at the start of the body: share prompts, and the meta
# line under the title (a date with a source, editor or font field, or a bare timestamp).
HEAD_RULES: dict[str, tuple[str, ...]] = {
    "meta_line": (r"^(?:发布时间|发布日期|时间|日期|来源|作者|编辑)\s*[:：].{0,50}$",),
    "timestamp": (
        r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?"
        r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?$",
    ),
    "share": (r"^朋友圈$",),
}
# A heading that opens a block of links to other articles: the heading and the short lines after
# it go, up to the first real paragraph. An item may follow the heading on its line.
BLOCK_HEADINGS = (
    r"^(?:相关新闻|相关阅读|相关推荐|相关文章|相关链接|相关资讯|相关热门文章|推荐阅读|延伸阅读|扩展阅读"
    r"|热门推荐|热门文章|热点推荐|精彩推荐|猜你喜欢|为你推荐|更多精彩|往期回顾|往期推荐|热门排行"
    r"|排行榜|全站最新|最新资讯|特别声明|(?:为您|为你|编辑|小编|今日|\S{0,2}资讯|新闻|文章)推荐)"
    r"\s*(?:[:：>》]\s*.{0,60})?$"
)
# Endings glued onto the last paragraph by the portal ("……。返回搜狐，查看更多").
SUFFIXES: tuple[str, ...] = (
    r"返回\S{1,8}?[，,]?查看更多$",
    r"返回\S{1,8}?首页\s*>>$",
)


def _compile(rules: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
    """One pattern for a table: any of its rules matches."""
    return re.compile("|".join(f"(?:{p})" for kind in rules.values() for p in kind), re.I)


_SHORT_RULES = _compile(SHORT_RULES)
_TAIL_RULES = _compile(TAIL_RULES)
_HEAD_RULES = _compile(HEAD_RULES)
_BLOCK_HEADING = re.compile(BLOCK_HEADINGS)
_SUFFIX = re.compile("|".join(f"(?:{p})" for p in SUFFIXES))


def strip_chrome(body: str, title: str | None = None) -> str:
    """Return body without the site chrome lines around and inside it.

    Args:
        body: Extracted main text, one paragraph per line.
        title: The page's title: a first line repeating it is the page header, not text.

    Returns:
        The body with chrome lines removed and the remaining lines unchanged.
    """
    lines = [
        _SUFFIX.sub("", line).rstrip() if _SUFFIX.search(line) else line
        for line in body.split("\n")
    ]
    texts = [_DECORATION.sub("", line) for line in lines]
    drop = [_is_short_chrome(text) for text in texts]
    _drop_link_blocks(texts, drop)
    _drop_edge(texts, drop, range(len(texts)), _HEAD_RULES, title)
    _drop_edge(texts, drop, range(len(texts) - 1, -1, -1), _TAIL_RULES, None)
    return "\n".join(line for line, dropped in zip(lines, drop, strict=True) if not dropped).strip()


def _is_short_chrome(text: str) -> bool:
    """A short line matching a rule, or a row of menu labels between separators; a sentence of
    more than _SENTENCE characters is text."""
    if len(text) > _SHORT or (len(text) > _SENTENCE and _SENTENCE_END.search(text)):
        return False
    return _SHORT_RULES.search(text) is not None or _is_nav_row(text)


def _is_nav_row(text: str) -> bool:
    """A row of four or more short labels between separators: ``首页 | 新闻 | 教育 | 视频``."""
    labels = [label for label in _NAV_SEPARATOR.split(text) if label]
    return (
        len(labels) >= 4
        and all(len(label) <= 6 and _CJK.search(label) for label in labels)
        and not _DATE.search(text)
    )


def _is_link(text: str, line_is_item: bool) -> bool:
    """A line of a related-links block: a short title, not a sentence."""
    limit = _LINK_ITEM + (20 if line_is_item else 0)
    return len(text) <= limit and not (_SENTENCE_END.search(text) and len(text) > 30)


def _drop_link_blocks(texts: list[str], drop: list[bool]) -> None:
    """Drop each related-links heading and the link lines after it, up to a real paragraph."""
    for index, text in enumerate(texts):
        heading = _BLOCK_HEADING.match(text) if len(text) <= _SHORT + 10 else None
        if heading is None:
            continue
        drop[index] = True
        for after in range(index + 1, min(index + 1 + _BLOCK_ITEMS, len(texts))):
            item = texts[after]
            if item and not _is_link(item, _LIST_ITEM.match(item) is not None):
                break
            drop[after] = True


def _drop_edge(
    texts: list[str],
    drop: list[bool],
    order: range,
    rules: re.Pattern[str],
    title: str | None,
) -> None:
    """Drop the run of chrome at one edge: lines already dropped, blank or separator-only lines,
    edge-rule lines and (at the start) the title repeated; stop at the first other line."""
    for index in order:
        text = texts[index]
        repeated_title = title is not None and _same_title(text, title)
        if drop[index] or _SEPARATOR_ONLY.match(text) or rules.search(text) or repeated_title:
            drop[index] = True
        else:
            return


def _same_title(text: str, title: str) -> bool:
    """The line is the page title (``标题_教育频道_某网`` gives ``标题``), alone or followed by the
    page's meta fields (``标题 来源：县教育局``)."""
    line, full = re.sub(r"\s+", "", text), re.sub(r"\s+", "", title)
    head = re.split(r"[_|\-–—]", full, maxsplit=1)[0]
    return any(
        len(name) >= 4 and (line == name or _META_FIELD.match(line, len(name)) is not None)
        for name in (full, head)
        if line.startswith(name)
    )
