"""Quantitative claims in Simplified-Chinese news: a number, its unit and what it counts.

"5万多所学校" → 50000 所 学校 (approx). A number is a claim only with a classifier, a unit
(元, %) or a people noun right after it, so dates (2022年, 3月28日), durations (18年), grade
ranges (一至八年级), versions (2.0), codes and phone numbers fall out. Also skipped: ordinals
(第3), cohort years (2023届), plan names (十四五, 五育, 六位一体, 三个课堂), Chinese numerals
below 10 without a classifier and the article-like 一 (一个, 一批). A range such as 8%-12%
yields one row per end. Standard library only: the counted noun is cut by a stop-word list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_FOLD = str.maketrans("０１２３４５６７８９％．", "0123456789%.")  # one char for one: offsets hold
_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_SMALL = {"十": 10, "百": 100, "千": 1000}
_FACTOR = {"百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
_PEOPLE = "师生|中小学生|大学生|研究生|学生|教师|老师|家长|用户|学员|幼儿|儿童|校长|青少年"
_UNITS = "人次|美元|元|%|[所个项名位家座节次间台套门类批支场期届人款件篇条]"
_METRIC = re.compile(
    r"(?=[\d一二两三四五六七八九十百千万亿])"  # every claim starts so: other places fail fast
    r"(?P<pre>百分之)?"
    r"(?P<num>(?<![\d.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    r"|[一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*"
    r"|(?<=[近约超逾上])[百千万亿])"  # 上百所, 近万名: a bare multiplier after an approx word
    r"(?P<a1>[多余])?(?P<mul>[百千万亿]*)(?P<a2>[多余])?"
    rf"(?:(?P<people>{_PEOPLE})|(?P<unit>{_UNITS})(?P<a3>以上|左右)?)?"
)
_APPROX_BEFORE = re.compile(r"(?:超过|不足|不到|[近约超逾])$")
_FIXED = re.compile(r"位(?:一体|数)|个(?:课堂|确保|自信|维护|意识|代表|全面)")
_NO_COUNTED = {"%", "元", "美元", "人", "人次"}
_NOUN = re.compile(r"[\u4e00-\u9fff]{1,8}")
_STOP = re.compile(
    r"以上|左右|荣获|提供|参与|参加|开设|开展|开通|建成|完成|实现|覆盖|使用|接入|入驻|按照|通过"
    r"|进行|成为|利用|纳入|累计|分别|部署|上线|[的和与及或等在为是被将已也都并且以从向对把让于就共达占获]"
)


@dataclass(frozen=True)
class Metric:
    """One quantitative claim: the span, its value, unit and the noun it counts."""

    text: str
    start: int
    end: int
    value: float
    unit: str
    counted: str | None
    approx: bool


def _cn_int(s: str) -> int | None:
    """Value of a Chinese numeral (一千二百, 三万五千, 百); None when malformed (十四五)."""
    for big, factor in (("亿", 10**8), ("万", 10**4)):
        head, sep, tail = s.partition(big)
        if sep:
            high = _cn_int(head) if head else 1
            low = _cn_int(tail) if tail else 0
            return None if high is None or low is None else high * factor + low
    total, digit = 0, None
    for ch in s.replace("零", "").replace("〇", ""):
        if ch in _SMALL:
            total += (1 if digit is None else digit) * _SMALL[ch]
            digit = None
        elif digit is None:
            digit = _DIGITS[ch]
        else:
            return None  # two digits in a row: 十四五, 三四所, 二〇二二
    return total + (digit or 0)


def _value(m: re.Match[str]) -> Decimal | None:
    """The number of a match with its multipliers applied; None for codes and bad numerals."""
    num = m["num"]
    if num[0].isdigit():
        if re.fullmatch(r"0\d+", num):
            return None  # a code such as 002230
        value = Decimal(num.replace(",", ""))
    else:
        parsed = _cn_int(num)
        if parsed is None:
            return None
        value = Decimal(parsed)
    for ch in m["mul"]:
        value *= _FACTOR[ch]
    return value


def _core(text: str, m: re.Match[str]) -> tuple[int, Decimal, str, int, bool] | None:
    """(start, value, unit, end before any counted noun, approx) when the match is a claim."""
    value = _value(m)
    unit: str | None = "%" if m["pre"] else ("人" if m["people"] else m["unit"])
    if value is None or not unit or text[m.start() - 1 : m.start()] == "第":
        return None
    chinese = not m["num"][0].isdigit()
    if chinese and not m["mul"] and value < 10 and (value == 1 or not m["unit"]):
        return None
    if m["unit"] and _FIXED.match(text, m.start("unit")):
        return None
    if unit in ("届", "期") and not chinese and "." not in m["num"] and 1900 <= value <= 2100:
        return None
    end = max(m.end("num"), m.end("a1"), m.end("mul"), m.end("a2")) if m["pre"] else m.end()
    bare = m["num"] in _FACTOR  # 上百所: the span keeps the 上 that makes it a number
    approx = bare or bool(m["a1"] or m["a2"] or m["a3"])
    approx = approx or bool(_APPROX_BEFORE.search(text, max(0, m.start() - 2), m.start()))
    return m.start() - bare, value, unit, end, approx


def find_metrics(text: str) -> list[Metric]:
    """Quantitative claims in order of appearance."""
    folded = text.translate(_FOLD)
    cores = [(m, core) for m in _METRIC.finditer(folded) if (core := _core(folded, m)) is not None]
    found: list[Metric] = []
    for i, (m, (start, value, unit, end, approx)) in enumerate(cores):
        limit = cores[i + 1][1][0] if i + 1 < len(cores) else len(folded)
        counted: str | None = m["people"]
        if not counted and not m["pre"] and unit not in _NO_COUNTED:
            run = _NOUN.match(folded, end, limit)
            stop = _STOP.search(run[0]) if run else None
            counted = (run[0][: stop.start()] if stop else run[0]) if run else None
            end += len(counted or "")
        approx = approx or folded.startswith(("以上", "左右"), end)
        found.append(
            Metric(text[start:end], start, end, float(value), unit, counted or None, approx)
        )
    return found
