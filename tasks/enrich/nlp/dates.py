"""Find dates mentioned in Chinese news text (Simplified), resolved against the publication date.

An article's own publication date is read at extraction: tasks/extract/dates.py.

Forms: 2022年3月28日 (or 号), 2022年3月, 2022年, 3月28日, 2022-03-28 / 2022.3.28 / 2022/3/28,
a page time with the year on its own line above the month and day (`2022` then `03-28`),
Chinese numerals (二〇二二年三月二十八日), full-width digits, 今年/去年/明年/前年 + month (+ day)
and 今天/今日/昨天/昨日/前天. A month without a year (3月, 3月份) is not a date: too many false
positives. A day without a year takes the publication year, or the year before when that would
put it more than two days after publication (news reports the past); with no publication date
the year is "XXXX". Impossible dates are dropped, the longest form wins, matches never overlap.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from schemas.dates import DatePrecision


@dataclass(frozen=True)
class TextDate:
    """A date found in text, resolved against the publication date."""

    text: str  # the matched text, e.g. "3月28日"
    start: int  # offset in the input string
    end: int
    value: str  # "2022-03-28", "2022-03", "2022"; an unknown year is "XXXX": "XXXX-12-29"
    precision: DatePrecision  # day, month or year
    year_given: bool  # the text states the year (2022年, 去年 with a publication date)
    relative: bool  # a relative expression: 今天/昨日/前天, 今年/去年 + month


_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}
# Length-preserving, so offsets in the normalised copy are offsets in the original.
_FULLWIDTH = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)} | {"－": "-", "．": ".", "／": "/"}
)
_Y = "(?:[0-9]{4}|[〇○零一二三四五六七八九]{4})"
_N = "(?:[0-9]{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"  # 1-39
_DATE = re.compile(
    rf"""
    (?<![0-9.〇○零一二三四五六七八九十百千万第])  # not inside a number, not an ordinal
    (?<![0-9〇○零一二三四五六七八九]{{4}}[-–—~～至到])  # not the end of a year range
    (?:
        (?P<y>{_Y})年(?:(?P<m>{_N})月(?:(?P<d>{_N})[日号])?)?
      | (?P<iy>[0-9]{{4}})(?P<sep>[-./])(?P<im>[0-9]{{1,2}})(?P=sep)(?P<id>[0-9]{{1,2}})
        (?![0-9]|(?P=sep)[0-9])
      | (?P<sy>[0-9]{{4}})[ \t]*\n[ \t]*(?P<sm>[0-9]{{1,2}})-(?P<sd>[0-9]{{1,2}})(?![0-9])
      | (?:(?P<ry>[今去明前])年)?(?P<m2>{_N})月(?:(?P<d2>{_N})[日号])?
      | (?P<rel>今天|今日(?!头条)|昨天|昨日|(?<![目提之以])前天)(?!津)
    )
    """,
    re.VERBOSE,
)
_REL_YEAR = {"今": 0, "去": -1, "明": 1, "前": -2}
_REL_DAY = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2}
_Resolved = tuple[str, DatePrecision, bool, bool]  # value, precision, year_given, relative


def _num(s: str) -> int:
    """Arabic digits, Chinese digits read one by one (二〇二二) or a Chinese number (二十八)."""
    if s.isascii():
        return int(s)
    if "十" in s:
        tens, _, units = s.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)
    return int("".join(str(_CN_DIGITS[c]) for c in s))


def _year_for(month: int, day: int, published: date) -> int:
    """The publication year, or the one before when the day would be > 2 days in the future."""
    limit = published + timedelta(days=2)
    if limit.year == published.year and (month, day) > (limit.month, limit.day):
        return published.year - 1
    return published.year


def _resolve(m: re.Match[str], published: date | None) -> _Resolved | None:
    """Value, precision and flags of one match, or None when it is not a valid date."""
    if (rel := m.group("rel")) is not None:
        if published is None:
            return None
        return (published + timedelta(days=_REL_DAY[rel])).isoformat(), "day", False, True
    ys, ry = m.group("y") or m.group("iy") or m.group("sy"), m.group("ry")
    ms = m.group("m") or m.group("im") or m.group("m2") or m.group("sm")
    ds = m.group("d") or m.group("id") or m.group("d2") or m.group("sd")
    month, day = (_num(ms) if ms else None), (_num(ds) if ds else None)
    year: int | None
    if ys:
        year, given, relative = _num(ys), True, False
        if not 1900 <= year <= 2099:
            return None
    elif ry:
        relative, given = True, published is not None
        year = published.year + _REL_YEAR[ry] if published else None
    elif month is None or day is None:
        return None  # a month alone
    else:
        given, relative = False, False
        year = _year_for(month, day, published) if published else None
    if month is not None and not 1 <= month <= 12:
        return None
    parts = ["XXXX" if year is None else f"{year:04d}"]
    if month is not None:
        parts.append(f"{month:02d}")
    if day is not None:
        if not 1 <= day <= calendar.monthrange(2000 if year is None else year, month or 1)[1]:
            return None
        parts.append(f"{day:02d}")
    precision: DatePrecision = "day" if day else "month" if month else "year"
    return "-".join(parts), precision, given, relative


def find_dates(text: str, published: date | None) -> list[TextDate]:
    """All dates in the text, in order of appearance, resolved against `published`."""
    if isinstance(published, datetime):
        published = published.date()
    found: list[TextDate] = []
    for m in _DATE.finditer(text.translate(_FULLWIDTH)):
        resolved = _resolve(m, published)
        if resolved is not None:
            found.append(TextDate(text[m.start() : m.end()], m.start(), m.end(), *resolved))
    return found
