"""Organisations and people (with title and affiliation) in Simplified-Chinese news text.

Rules over characters, a gazetteer (nlp/data/organisations.tsv) and job titles; no model.
Organisations are found by their suffix (中学, 教育局, 有限公司 …) extended leftwards over the
name until a boundary, or by name in the gazetteer. People are found behind a job title:
`平湖中学校长毛展煜` → 毛展煜, 校长, affiliation 平湖中学.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import accumulate

from schemas.enrichment import OrgKind
from tasks.enrich.nlp.lexicon import (
    cut,
    known_organisation_pattern,
    known_organisations,
    titles,
    word_list,
    word_tags,
)
from tasks.enrich.nlp.org_names import OrgMention as OrgMention
from tasks.enrich.nlp.org_names import canonical_names, with_aliases, with_cores
from tasks.enrich.nlp.org_names import organisation_core as organisation_core
from tasks.enrich.nlp.people import PersonMention as PersonMention
from tasks.enrich.nlp.people import find_people as find_people
from tasks.enrich.nlp.places import PlaceMention, is_short_county

# Suffix → kind. Longest suffixes first; a lookahead keeps 大学生 / 中心城区 out.
_SUFFIXES: dict[str, OrgKind] = {
    "股份有限公司": "company", "有限责任公司": "company", "有限公司": "company", "集团": "company",
    "公司": "company", "银行": "company", "实验学校": "school", "外国语学校": "school",
    "中学": "school", "小学": "school", "学校": "school", "幼儿园": "school", "附中": "school",
    "附小": "school",
    "初中部": "school", "高中": "school", "职业技术学院": "university", "大学": "university",
    "学院": "university", "教育局": "edu_bureau", "教育厅": "edu_bureau", "教育部": "edu_bureau",
    "教委": "edu_bureau", "教育委员会": "edu_bureau", "教育和体育局": "edu_bureau",
    "教体局": "edu_bureau", "教育工委": "edu_bureau", "教育科学研究院": "edu_bureau",
    "教科院": "edu_bureau", "教研院": "edu_bureau", "教育发展研究院": "edu_bureau",
    "电教馆": "edu_bureau", "教育信息技术中心": "edu_bureau", "人民政府": "government",
    "政府": "government", "市委": "government", "区委": "government", "县委": "government",
    "省委": "government", "管委会": "government", "经济技术开发区": "government",
    "经济开发区": "government", "高新技术产业开发区": "government", "开发区": "government",
    "经开区": "government", "高新区": "government", "科技局": "government", "科技司": "government",
    "研究院": "research", "研究所": "research", "研究中心": "research", "实验室": "research",
    "中心": "organisation", "协会": "organisation", "学会": "organisation", "联盟": "organisation",
    "基金会": "organisation", "委员会": "organisation", "医院": "organisation",
    "俱乐部": "organisation",
}  # fmt: skip
_SUFFIX = re.compile(
    "(?:"
    + "|".join(re.escape(s) for s in sorted(_SUFFIXES, key=len, reverse=True))
    + ")(?!生|城区|任务|工作|思想|环节|化|卡|账户|贷款)"
)
_STOP_SET = frozenset(word_list("name_boundaries.txt")) | frozenset(titles())
# jieba part-of-speech tags that end a name: verbs, adverbs, prepositions, conjunctions, pronouns,
# particles, numerals, measure words, locatives, adjectives, time words, interjections, punctuation.
_NON_NAME_TAGS = frozenset("vdpcrumqfatyexo")
# Tags of proper nouns: person, place, organisation, other proper names, abbreviations, Latin.
_PROPER_TAGS = frozenset({"nr", "ns", "nt", "nz", "j", "en", "eng"})
# Words an agreement's name may span although they end organisation names (合作框架协议).
_AGREEMENT_WORDS = frozenset({"合作", "共同", "共建", "联合"})
_COMMON_WORDS = frozenset({"智慧", "青少年", "中国", "全国", "国家"})
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9&·]")
_DETERMINERS = tuple("该本此各其我贵全每某两双")
_RELATIVE = re.compile(
    r"^[省市区县](?:委|政府|人民政府|教育局|教育厅|教委|教育工委|科技局|教育和体育局|教体局)"
)
_MAX_ORG = 24
# Legal forms: a name registered with one is a name even without a proper noun
# (中国交通建设集团有限公司).
_LEGAL_FORMS = frozenset({"股份有限公司", "有限责任公司", "有限公司"})
# Words that end other names but are common inside registered company names
# (交通建设集团有限公司).
_COMPANY_WORDS = frozenset({"建设", "联合", "服务", "发展", "合作", "应用"})
# Words a name cannot span: the sentence around it (昨与应勇会见腾讯公司, 助推宿迁学院).
_CROSSING = re.compile(r"与|会见|助推|助力|推动|促进|携手")
_BRANCH_AFTER = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:分公司|分行|支行)")
_INNER_BRACKET = re.compile(r"[（(][\u4e00-\u9fff]{2,6}[）)]")


def find_organisations(text: str, places: Sequence[PlaceMention] = ()) -> list[OrgMention]:
    """Organisations in text, in order; within the text one organisation has one canonical name."""
    found = [
        _with_branch(text, m) for m in (*_gazetteer_mentions(text), *_suffix_mentions(text, places))
    ]
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[OrgMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue  # inside (or overlapping) a longer mention already kept
        aside = bool(kept) and _is_aside(text, kept[-1].end, mention.start)
        kept.append(replace(mention, aside=aside))
    return canonical_names(with_cores(text, with_aliases(text, kept)))


def _with_branch(text: str, mention: OrgMention) -> OrgMention:
    """A company with its branch written right after it (…公司吉林省分公司), the fullest name."""
    branch = _BRANCH_AFTER.match(text, mention.end)
    if branch is None or mention.kind != "company":
        return mention
    surface = text[mention.start : branch.end()]
    return replace(mention, name=surface, surface=surface, end=branch.end())


def _gazetteer_mentions(text: str) -> list[OrgMention]:
    known = known_organisations()
    return [
        OrgMention(known[m.group()].name, m.group(), known[m.group()].kind, m.start(), m.end())
        for m in known_organisation_pattern().finditer(text)
        if _starts_a_word(text, m.start())
    ]


def _starts_a_word(text: str, start: int) -> bool:
    """Whether a word starts at `start`: 好未来 in 美好未来 is not the company."""
    window = max(0, start - 3)
    ends = accumulate(len(t) for t in cut(text[window : start + 3]))
    return start == window or start - window in ends


def _suffix_mentions(text: str, places: Sequence[PlaceMention]) -> list[OrgMention]:
    mentions = []
    for match in _SUFFIX.finditer(text):
        legal = match.group() in _LEGAL_FORMS
        stop = _STOP_SET - _COMPANY_WORDS if legal else _STOP_SET
        start = _name_start(text, match.start(), match.end(), stop, registered=legal)
        if start is None:
            continue
        start = _bracketed_start(text, start, stop)
        crossing = [m.end() for m in _CROSSING.finditer(text, start, match.start())]
        start = crossing[-1] if crossing else start
        surface = text[start : match.end()]
        kind = _SUFFIXES[match.group()]
        if _RELATIVE.match(surface) and start and is_short_county(text[start - 1] + surface[0]):
            start, surface = start - 1, text[start - 1 : match.end()]  # 道|县人民政府
            mentions.append(OrgMention(surface, surface, kind, start, match.end()))
            continue
        if _RELATIVE.match(surface):
            qualified = _qualify(surface, start, places)
            if qualified is None:
                continue
            mentions.append(OrgMention(qualified, surface, kind, start, match.end()))
            continue
        name_part = text[start : match.start()]
        if len(name_part) < 2 or surface.startswith(_DETERMINERS):
            continue  # a bare noun (学校, 该公司), not a named organisation
        if kind == "company" and _is_place_only(name_part, places, start):
            continue  # 深圳公司: a branch named by its city, the parent named elsewhere
        registered = legal and _at_boundary(text, start)
        described = kind != "university" and not registered and word_tags().get(surface) != "nt"
        placed = any(p.start == start for p in places)  # 槐荫区人民政府 (jieba: 槐荫区/n)
        if described and not placed and not has_proper_name(name_part):
            continue  # a description (优质学校, 示范学校), not a name
        mentions.append(OrgMention(surface, surface, kind, start, match.end()))
    return mentions


def _at_boundary(text: str, start: int) -> bool:
    """Whether a name starts after punctuation or a boundary word (与中国交通建设集团有限公司),
    not where the walk stopped at a verb-like word that may be part of it (宜宾远航…)."""
    if start == 0 or not _NAME_CHAR.match(text[start - 1]):
        return True
    tokens = cut(text[max(0, start - 4) : start])
    return tokens[-1] in _STOP_SET or _CROSSING.fullmatch(tokens[-1]) is not None


def _bracketed_start(text: str, start: int, stop: frozenset[str]) -> int:
    """Where a name with a place in brackets inside it starts (启智(芜湖)智能机器人有限公司)."""
    inner = _INNER_BRACKET.search(text, max(0, start - 8), start)
    if inner is None or inner.end() != start:
        return start
    opens = inner.start()
    tokens = cut(text[max(0, opens - _MAX_ORG) : opens])
    before = _walk_left(tokens, opens, stop)
    return before if before < opens else start


def _name_start(
    text: str,
    suffix_start: int,
    suffix_end: int,
    stop: frozenset[str] = _STOP_SET,
    *,
    registered: bool = False,
) -> int | None:
    """Where the name before a suffix starts, or None if the suffix ends a longer common word.

    Walks left over jieba tokens until punctuation, a stop word, a title, or a token whose part of
    speech cannot be inside a name (verbs, adverbs, prepositions, numerals…). A token that
    straddles the suffix (中小学 around 小学) means there is no organisation here.
    """
    window_start = max(0, suffix_start - _MAX_ORG)
    tokens = cut(text[window_start:suffix_end])
    ends = list(accumulate(len(t) for t in tokens))
    boundary = suffix_start - window_start
    if boundary not in ends and boundary != 0:
        straddling = next(i for i, end in enumerate(ends) if end > boundary)
        token_start = ends[straddling] - len(tokens[straddling])
        word = tokens[straddling]
        ends_inside = ends[straddling] < len(text[window_start:suffix_end])  # 科技股份|有限公司
        whole_name = not ends_inside and word_tags().get(word, "nt")[:2] in _PROPER_TAGS - {"j"}
        if ends_inside or whole_name or _RELATIVE.fullmatch(word):  # 安徽省政府, 市政府
            start = window_start + token_start
            return _walk_left(tokens[:straddling], start, stop, registered=registered)
        return None
    before = tokens[: ends.index(boundary) + 1] if boundary else []
    return _walk_left(before, suffix_start, stop, registered=registered)


def phrase_start(text: str, head_start: int) -> int:
    """Where the noun phrase ending at `head_start` begins (战略合作框架 before 协议)."""
    window_start = max(0, head_start - _MAX_ORG)
    tokens = cut(text[window_start:head_start])
    return _walk_left(tokens, head_start, _STOP_SET - _AGREEMENT_WORDS)


def _walk_left(
    tokens: Sequence[str], end: int, stop: frozenset[str] = _STOP_SET, *, registered: bool = False
) -> int:
    """Step left from `end` over tokens that can belong to a name; return where the name starts.
    In a registered name a verb, adjective or numeral after a proper noun is part of it
    (中国|联合|网络通信集团有限公司, 五矿|二十三|冶建设集团有限公司)."""
    i = end
    backwards = list(reversed(tokens))
    for position, token in enumerate(backwards):
        fits = _in_name(token, word_tags().get(token, ""), adjacent=position == 0, stop=stop)
        before = backwards[position + 1] if position + 1 < len(backwards) else ""
        inside = registered and _after_proper_noun(token, before, stop)
        if not fits and not inside and not _split_abbreviation(token, before, stop):
            break
        i -= len(token)
    return i


def _after_proper_noun(token: str, before: str, stop: frozenset[str]) -> bool:
    tag = word_tags().get(before)
    return (
        word_tags().get(token, "")[:1] in "vam"
        and all(_NAME_CHAR.match(ch) for ch in token + before)
        and token not in stop
        and before not in stop
        and (tag is None or tag[:2] in _PROPER_TAGS)
    )


def _split_abbreviation(token: str, before: str, stop: frozenset[str]) -> bool:
    """Two single characters jieba did not join, an abbreviation inside a name (山|大 of
    山大基础教育集团): the second may be of any part of speech when the first is a noun."""
    tag = word_tags().get(before, "")
    return (
        len(token) == len(before) == 1
        and _NAME_CHAR.match(token) is not None
        and token not in stop
        and before not in stop
        and tag[:1] == "n"
    )


def _in_name(token: str, tag: str, *, adjacent: bool, stop: frozenset[str]) -> bool:
    """Whether a token can be part of a name: not punctuation, a stop word or a verb-like word.

    Allowed besides nouns: verbal and adjectival nouns (教育, 投资), ordinals (第一中学),
    two-character locatives (南方科技大学), and a verb or adjective right before the suffix
    (学习中心, 示范学校).
    """
    if not all(_NAME_CHAR.match(ch) for ch in token) or token.isdigit() or token in stop:
        return False
    if tag[:1] not in _NON_NAME_TAGS or tag in ("vn", "an"):
        return True
    return (
        (adjacent and tag[:1] in "va")
        or (tag[:1] == "m" and token.startswith("第"))
        or (tag[:1] == "f" and len(token) >= 2)
    )


def _is_place_only(name_part: str, places: Sequence[PlaceMention], start: int) -> bool:
    return any(p.start == start and p.end == start + len(name_part) for p in places)


def names_a_person(text: str) -> bool:
    """Whether jieba reads a personal name in the text (国脚前锋张玉宁)."""
    return any(
        word_tags().get(token, "").startswith("nr") and len(token) >= 2
        for token in cut(text)
        if token not in known_organisations()
    )


def has_proper_name(name_part: str) -> bool:
    """Whether a name part holds a proper noun (place, person, brand, unknown word)."""
    for token in cut(name_part):
        tag = word_tags().get(token)
        if token not in _COMMON_WORDS and (tag is None or tag[:2] in _PROPER_TAGS):
            return True
    return False


def _qualify(surface: str, start: int, places: Sequence[PlaceMention]) -> str | None:
    """Name a relative body (区教育局, 市政府) after the nearest district or city before it, else
    the first after it (a lead that says 区政府 before it names the district)."""
    level = surface[0]
    before = [p for p in places if p.end <= start]
    for place in [*reversed(before), *(p for p in places if p.start > start)]:
        region = place.region
        name = {"区": region.district, "县": region.district, "市": region.city}.get(
            level, region.province
        )
        if name and name.endswith(level):
            return name + surface[1:]
    return None


def _is_aside(text: str, previous_end: int, start: int) -> bool:
    return previous_end == start - 1 and text[previous_end] in "(（"
