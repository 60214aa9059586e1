"""An organisation's names within one article: the fullest form, and the short names the text
defines (`中国交通建设集团有限公司（以下简称“中交集团”）`), abbreviates (`中交集团`) or writes
without the leading region (`平湖中学` for `深圳市龙岗区平湖中学`); each takes the full name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from schemas.enrichment import OrgKind
from tasks.enrich.nlp.lexicon import known_organisation_pattern, known_organisations
from tasks.enrich.nlp.places import find_places

_BRANCH = re.compile(
    r"[\u4e00-\u9fff]{0,6}?(?:公司|分公司|分行|支行|大区|分院|办事处|集团|股份有限公司|有限公司)"
)
_GROUP = re.compile(r"(.{2,}集团)(?:有限公司|股份有限公司|有限责任公司)?$")
_BRACKETED = re.compile(r"[（(][^（）()]{1,20}[）)]")
# `（以下简称“中交集团”）`, `(简称华师)`, `（下称"首科院"）` right after the full name.
_DEFINED = re.compile(
    r"[（(]\s*(?:以下简称|以下称|下称|简称)[：:]?\s*[“\"「『]?"
    r"([\u4e00-\u9fffA-Za-z0-9]{2,12})[”\"」』]?\s*[）)]"
)
_MIN_TAIL = 2  # a shared suffix of at least two characters (集团, 大学, 公司)


def defined_aliases(text: str) -> list[tuple[int, str, int]]:
    """Aliases defined in brackets: (where the bracket opens, the alias, where it closes)."""
    return [(m.start(), m.group(1), m.end()) for m in _DEFINED.finditer(text)]


def abbreviates(short: str, full: str) -> bool:
    """Whether `short` is `full` cut to the heads of its words plus its suffix (中交集团 for
    中国交通建设集团有限公司); a name whose head is a word of the other (北京大学 for
    北京师范大学) is not."""
    if len(short) + 2 > len(full) or short[0] != full[0] or short in full:
        return False
    for cut in range(2, len(short) - _MIN_TAIL + 1):  # the longest shared tail first
        head, tail = short[:cut], short[cut:]
        at = full.find(tail)
        if at < 0:
            continue
        return head not in full and _is_subsequence(head, full[:at])
    return False


def _is_subsequence(short: str, full: str) -> bool:
    chars = iter(full)
    return all(ch in chars for ch in short)


@dataclass(frozen=True)
class OrgMention:
    """An organisation named in the text."""

    name: str  # canonical: gazetteer name, or the fullest form the article uses
    surface: str  # as written (brackets removed), e.g. 深圳市龙岗区平湖中学
    kind: OrgKind
    start: int
    end: int
    aside: bool = False  # written in brackets right after another organisation (an alias)


def with_cores(text: str, mentions: list[OrgMention]) -> list[OrgMention]:
    """A name without its leading region (山大基础教育集团 for 山东山大基础教育集团) names the
    same organisation wherever the text uses it, even where the suffix rule reads no name."""
    cores = {
        core: m
        for m in mentions
        if (core := organisation_core(m.name)) != m.name and len(core) >= 4
    }
    if not cores:
        return mentions
    pattern = re.compile("|".join(re.escape(c) for c in sorted(cores, key=len, reverse=True)))
    added = [
        replace(cores[use.group()], surface=use.group(), start=use.start(), end=use.end())
        for use in pattern.finditer(text)
        if not any(m.start < use.end() and use.start() < m.end for m in mentions)
    ]
    return sorted([*mentions, *added], key=lambda m: m.start)


def with_aliases(text: str, mentions: list[OrgMention]) -> list[OrgMention]:
    """Names the text defines for an organisation (`…公司（以下简称“中交集团”）`) take its full
    name, wherever they are used, whether or not they look like a name themselves (华师)."""
    full_at = {m.end: m for m in mentions}
    aliases: dict[str, OrgMention] = {}
    spans = []
    for opens, alias, closes in defined_aliases(text):
        if opens in full_at and alias != full_at[opens].name:
            aliases[alias] = full_at[opens]
            spans.append((opens, closes))
    if not aliases:
        return mentions
    pattern = re.compile("|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True)))
    found = {m.start: m for m in mentions}
    for use in pattern.finditer(text):
        full, at = aliases[use.group()], use.start()
        aside = any(a <= at < b for a, b in spans)
        if at in found and found[at].surface == use.group():
            found[at] = replace(found[at], name=full.name, kind=full.kind, aside=aside)
        elif not any(m.start < use.end() and at < m.end for m in mentions):
            found[at] = OrgMention(full.name, use.group(), full.kind, at, use.end(), aside)
    return sorted(found.values(), key=lambda m: m.start)


def canonical_names(mentions: list[OrgMention]) -> list[OrgMention]:
    """Give short forms (平湖中学) the fullest form the text uses (深圳市龙岗区平湖中学)."""
    known = known_organisations()
    fullest: dict[str, str] = {}
    for mention in mentions:
        if mention.name in known and known[mention.name].name == mention.name:
            continue
        core = organisation_core(mention.name)
        if len(mention.name) > len(fullest.get(core, "")):
            fullest[core] = mention.name
    names = set(fullest.values())
    result = []
    for mention in mentions:
        full = next((n for n in sorted(names) if abbreviates(mention.name, n)), None)
        if full is not None:  # 中交集团 for 中国交通建设集团有限公司
            result.append(replace(mention, name=full))
            continue
        group = _group_of(mention.name, names)
        if group is not None:  # 五矿建设集团第四工程有限公司 in a deal of 五矿建设集团有限公司
            result.append(replace(mention, name=group))
            continue
        parent = _known_prefix(mention.surface)
        if parent is not None:
            result.append(replace(mention, name=parent, kind=known[parent].kind))
            continue
        result.append(
            replace(mention, name=fullest.get(organisation_core(mention.name), mention.name))
        )
    return result


def _group_of(name: str, names: set[str]) -> str | None:
    """The group a company of the article belongs to: another name of the article that is its
    name up to 集团 plus a legal form (五矿建设集团有限公司 for 五矿建设集团第四工程有限公司)."""
    for group in names:
        stem = _GROUP.match(group)
        prefix = stem is not None and group != name and name.startswith(stem.group(1))
        if stem and prefix and _BRANCH.fullmatch(name[stem.end(1) :]):
            return group
    return None


def _known_prefix(surface: str) -> str | None:
    """The gazetteer organisation a name is a branch of (科大讯飞深圳公司 → 科大讯飞), if any."""
    match = known_organisation_pattern().match(surface)
    if match is None:
        return None
    rest = surface[match.end() :]
    if rest and not _BRANCH.fullmatch(rest):
        return None  # its own body with its own name: 腾讯青少年科技学习中心
    return known_organisations()[match.group()].name


@cache
def organisation_core(name: str) -> str:
    """A name without its leading region (深圳市龙岗区平湖中学 → 平湖中学) and brackets."""
    name = _BRACKETED.sub("", name)
    while True:
        places = find_places(name)
        if not places or places[0].start != 0 or len(name) - places[0].end < 4:
            return name
        name = name[places[0].end :]
