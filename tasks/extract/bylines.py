"""Bylines and outlets: who wrote an article and which outlet published it, from credit lines.

Publication dates are in tasks/extract/dates.py.
"""

from __future__ import annotations

import re

_OUTLET_SUFFIX = re.compile(
    r"(?:报|网|社|台|新闻|日报|晚报|晨报|周刊|杂志|在线|客户端|电视台|广播电台|新闻网|时报)$"
)
_SOURCE_CREDIT = re.compile(r"[（(]\s*(?:文章|稿件|新闻)?来源\s*[:：]\s*([^）)]{1,40}?)\s*[）)]")
_BYLINE = re.compile(r"^(?:采写|记者|文|撰文|作者|通讯员)\s*[:：|丨/]?\s*(?P<who>.+)$")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,6}$")


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
