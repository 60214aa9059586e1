"""Chinese administrative places (province / city / district + adcode) mentioned in news text.

cpca's Aho-Corasick matcher finds the candidates; its own chaining is not used because it turns
common words into places (合作 → 甘肃省合作市 in every 战略合作, 平湖中学 → 浙江省平湖市). Rules:
bare words of data/place_stoplist.txt are dropped; a county-level name written without its suffix
(平湖, 龙岗) needs its city or province named elsewhere in the text with a suffix or by a city-level
name; names right after their parent (深圳市龙岗区, 甘肃合作) form one mention. District short
names, which cpca never matches (龙岗, 福田), are looked up only inside cities the text names.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import NamedTuple, TypeVar

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # cpca 0.5.5 imports the deprecated pkg_resources
    import cpca

_T = TypeVar("_T")


@dataclass(frozen=True)
class Region:
    """A province, city or district; municipalities repeat their name as city (北京市/北京市)."""

    province: str | None
    city: str | None
    district: str | None
    adcode: str | None  # most specific 6-digit code


@dataclass(frozen=True)
class PlaceMention:
    """A place as written in the text, with offsets (text[start:end] == surface)."""

    surface: str
    start: int
    end: int
    region: Region


# Single-character city abbreviations for venues (在深举办); too ambiguous for find_places.
CITY_ABBREVIATIONS: dict[str, str] = {
    "京": "北京市", "沪": "上海市", "津": "天津市", "渝": "重庆市", "深": "深圳市",
    "穗": "广州市", "蓉": "成都市", "杭": "杭州市", "宁": "南京市", "汉": "武汉市",
    "榕": "福州市", "厦": "厦门市", "甬": "宁波市", "锡": "无锡市", "邕": "南宁市",
    "筑": "贵阳市", "莞": "东莞市", "港": "香港特别行政区", "澳": "澳门特别行政区",
}  # fmt: skip

_MUNICIPAL = frozenset({"11", "12", "31", "50", "81", "82"})
# City-level rows of the cpca data that are not places (县 alone would match every 县).
_PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
_NAMES: dict[str, str] = {str(a.adcode): str(a.name) for a in cpca.ad_2_addr_dict.values()}
_FULL_NAMES = frozenset(_NAMES.values())
_SHORT = re.compile(r"(..+?)(?:新区|区|县|旗)")


def _rank(code: str) -> int:
    """0 province, 1 city, 2 district/county."""
    return 0 if code.endswith("0000") else 1 if code.endswith("00") else 2


def _belongs(child: str, parent: str) -> bool:
    rank = _rank(parent)
    return _rank(child) > rank and child.startswith(parent[: 2 * (rank + 1)])


def _load_stoplist() -> frozenset[str]:
    text = (resources.files("tasks.enrich.nlp") / "data" / "place_stoplist.txt").read_text("utf-8")
    return frozenset(w for line in text.splitlines() if (w := line.split("#", 1)[0].strip()))


def _index_short_names() -> tuple[dict[str, list[str]], dict[str, list[tuple[str, str]]]]:
    """District/county short names (龙岗区 → 龙岗): by name, and by 4-digit city prefix."""
    by_name: dict[str, list[str]] = {}
    by_city: dict[str, list[tuple[str, str]]] = {}
    for code, name in _NAMES.items():
        if _rank(code) == 2 and (m := _SHORT.fullmatch(name)) and "自治" not in name:
            by_name.setdefault(m[1], []).append(code)
            by_city.setdefault(code[:4], []).append((m[1], code))
    return by_name, by_city


_STOPLIST = _load_stoplist()
_BY_SHORT, _BY_CITY = _index_short_names()


class _Cand(NamedTuple):
    start: int
    end: int
    codes: tuple[str, ...]  # cpca's candidates, narrowed by the parent in a chain
    strong: bool  # establishes its place without context


def _candidates(text: str) -> list[_Cand]:
    """cpca's matches (no overlaps, no single characters), adjacent parent+child joined."""
    out: list[_Cand] = []
    last_end = 0
    for m in cpca.matcher.iter(text):
        start, end, surface = int(m.start_index), int(m.end_index) + 1, str(m.origin_value)
        codes = tuple(str(a.adcode) for a in m.attr_infos if str(a.name) not in _PLACEHOLDERS)
        if start < last_end or len(surface) < 2 or not codes:
            continue  # cpca yields overlaps: 浙江西部 → 浙江 + 江西
        last_end = end
        if out and out[-1].end == start:
            prev = out[-1]
            if sub := tuple(c for c in codes if any(_belongs(c, p) for p in prev.codes)):
                out[-1] = _Cand(prev.start, end, sub, strong=True)
                continue
        # 2-character full names (城区, 和县, 芒市) are as ambiguous as bare ones
        bare = len(surface) < 3 or all(_NAMES[c] != surface for c in codes)
        strong = not bare or _rank(codes[0]) < 2
        if bare and min(map(_rank, codes)) > 0:  # 朝阳: 朝阳市, or 朝阳区 of Beijing/Changchun
            codes += tuple(_BY_SHORT.get(surface, ()))
        if not (bare and surface in _STOPLIST):
            out.append(_Cand(start, end, codes, strong))
    return out


def _anchors(cands: list[_Cand]) -> tuple[set[str], set[str]]:
    """4-digit city and 2-digit province prefixes the text establishes unambiguously."""
    cities: set[str] = set()
    provinces: set[str] = set()
    for cand in cands:
        if cand.strong and len(cand.codes) == 1:
            code = cand.codes[0]
            provinces.add(code[:2])
            if _rank(code) > 0:
                cities.add(code[:4])
            elif code[:2] in _MUNICIPAL:
                cities.update((code[:2] + "01", code[:2] + "02"))
    return cities, provinces


def _choose(cand: _Cand, cities: set[str], provinces: set[str]) -> str | None:
    codes = cand.codes
    anchored = [c for c in codes if c[:4] in cities] or [c for c in codes if c[:2] in provinces]
    if anchored:
        return anchored[0]
    return codes[0] if cand.strong else None


def _short_hits(text: str, cities: set[str], taken: list[tuple[int, int, str]]) -> None:
    """Add district short names of the named cities that cpca did not match (龙岗, 福田)."""
    for city in sorted(cities):
        for short, code in _BY_CITY.get(city, ()):
            i = -1 if short in _STOPLIST else text.find(short)
            while i >= 0:
                j = i + len(short)
                free = all(j <= s or i >= e for s, e, _ in taken)
                if free and text[j : j + 1] not in {"市", "县", "省"}:  # not 全新都市 → 新都区
                    taken.append((i, j, code))
                i = text.find(short, j)


@cache
def _region(code: str) -> Region:
    province = _NAMES.get(code[:2] + "0000")
    city: str | None = None
    if code[:2] in _MUNICIPAL:
        city = province
    elif _rank(code) > 0 and _NAMES.get(code[:4] + "00") not in _PLACEHOLDERS:
        city = _NAMES.get(code[:4] + "00")
    return Region(province, city, _NAMES[code] if _rank(code) == 2 else None, code)


def find_places(text: str) -> list[PlaceMention]:
    """Place mentions in order, false positives removed."""
    cands = _candidates(text)
    cities, provinces = _anchors(cands)
    found = [
        (c.start, c.end, code) for c in cands if (code := _choose(c, cities, provinces)) is not None
    ]
    _short_hits(text, cities, found)
    merged: list[tuple[int, int, str]] = []
    for start, end, code in sorted(found):
        if merged and merged[-1][1] == start and _belongs(code, merged[-1][2]):
            start = merged.pop()[0]  # 深圳 + 龙岗 → 深圳龙岗
        merged.append((start, end, code))
    return [PlaceMention(text[s:e], s, e, _region(code)) for s, e, code in merged]


def is_short_county(name: str) -> bool:
    """Whether a two-character name is a county's or city's full name (道县, 沛县, 芒市): too
    ambiguous to be a place alone, but it names the body in 道县人民政府."""
    return len(name) == 2 and name in _FULL_NAMES


def resolve_region(name: str) -> Region | None:
    """The region a name or address denotes ("广东省韶关市政府" → 广东省/韶关市), None if none."""
    name = name.strip()
    return primary_region(find_places(CITY_ABBREVIATIONS.get(name, name)))


def _most_common(items: list[_T]) -> _T:
    counts = Counter(items)
    return max(items, key=counts.__getitem__)  # ties: the first one


def _depth(region: Region) -> int:
    return (region.city is not None) + (region.district is not None)


def primary_region(mentions: Sequence[PlaceMention]) -> Region | None:
    """The article's main place: the most specific region consistent with the most-mentioned city
    (ties: first mentioned); the most-mentioned province when no city is named."""
    regions = [m.region for m in mentions]
    if not regions:
        return None
    by_city = any(r.city for r in regions)
    key: Callable[[Region], str | None] = (lambda r: r.city) if by_city else (lambda r: r.province)
    top = _most_common([k for r in regions if (k := key(r))])
    pool = [r for r in regions if key(r) == top]
    deepest = max(map(_depth, pool))
    return _most_common([r for r in pool if _depth(r) == deepest])
