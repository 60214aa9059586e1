"""People named with a job title in Simplified-Chinese news text: name, title and affiliation.

Rules over characters, a surname list, job titles (nlp/data) and jieba's dictionary; no model.
The shapes read:

- behind a title, titles joined as written: `平湖中学党委副书记、校长毛展煜` → 毛展煜, with a
  title right after the name appended (`校长助理王一教授` → 校长助理、教授);
- further names of a list after one title: `副校长王一、李二` → 李二 is 副校长 too;
- before a title where a list item, sentence part, title or organisation ends, or where jieba's
  tagger reads a name: `，张三院士、李四院士`, `中学王五校长`, `王一（教授）`, `王一，教授`;
- foreign names joined by `·` behind a title: `州长乔治·史密斯`.

A name ends where punctuation, a word that follows names (after_name.txt), a title, or a
verb/adverb of jieba's dictionary starts; a candidate that is an ordinary dictionary word
(高度, 常务), ends like a place (丰宁县) or starts with a conjunction (和学生) is no name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from tasks.enrich.nlp.lexicon import surnames, titles, word_list, word_tags, words

if TYPE_CHECKING:
    from tasks.enrich.nlp.entities import OrgMention

# A title, with 助理 (院长助理) and an alias in brackets (总经理(总裁)); Latin titles (CEO) may be
# followed by a space before the name.
_TITLE = re.compile(
    "(?:"
    + "|".join(re.escape(t) for t in titles())
    + r")(?:助理)?(?:[（(](?:"
    + "|".join(re.escape(t) for t in titles())
    + r")[)）])?"
)
# A title right after a name, bare or in brackets: 王一教授, 王一（教授）.
_TRAILING_TITLE = re.compile(
    r"(?P<open>[（(])?(?P<title>" + "|".join(re.escape(t) for t in titles()) + r")(?(open)[)）])"
)
_OPENING = frozenset("（(")
_CLOSING = frozenset(")）")
_COMMAS = frozenset("，,")
_AFTER_NAME = word_list("after_name.txt")
_ITEM_BOUNDARY = frozenset("，,、。；;：:！!？?“”\"'‘’《》「」『』 \n\t")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# jieba tags of words that can follow a name: verbs, adverbs, prepositions, conjunctions,
# adjectives (详细介绍).
_FOLLOW_TAGS = frozenset("vdpca")
# Proper-noun tags: a dictionary word with one can be a name (黄兴国 is also a place).
_PROPER_TAGS = frozenset({"nr", "ns", "nz", "nt"})
_CONJUNCTIONS = "和及与"
# Last characters of place names, never of a person's (丰宁县县长).
_PLACE_ENDS = "省市县区镇乡村州"
# Characters that continue a list of names after one title (副校长王一、李二和张三).
_LIST_JOINERS = "、和及"
_DOT = frozenset("·•・")
_FOREIGN_PART = 8
_TITLE_SPACE = frozenset(" \u3000")


@dataclass(frozen=True)
class PersonMention:
    """A person named with a job title."""

    name: str
    title: str
    affiliation: str | None
    start: int
    end: int


def find_people(text: str, orgs: Sequence[OrgMention]) -> list[PersonMention]:
    """People named with a job title, with the affiliation written before the title.

    In a `、` list a person without an affiliation of their own takes the previous one
    (`平湖中学校长毛展煜、副校长胡鹏` → 胡鹏 is 平湖中学's 副校长). One row per name: the first
    mention with an affiliation wins.
    """
    people: dict[str, tuple[int, PersonMention]] = {}

    def keep(quality: int, person: PersonMention) -> None:
        if person.name not in people or people[person.name][0] < quality:
            people[person.name] = (quality, person)

    matches = list(_TITLE.finditer(text))
    title_ends = {m.end(): m.start() for m in matches}
    org_ends = {o.end for o in orgs}
    last_affiliation: tuple[int, str] | None = None  # (quality, name)
    last_end = last_person_end = -1
    for match in matches:
        item_start = _item_start(text, match.start())
        found = _affiliation(text, max(item_start, last_person_end), match.start(), orgs)
        if (
            found is None
            and text[item_start - 1 : item_start] == "、"
            and last_end >= item_start - 1
        ):
            found = last_affiliation
        if found is not None:
            last_affiliation, last_end = found, match.end()
        name_start = match.end() + (text[match.end() : match.end() + 1] in _TITLE_SPACE)
        name = _foreign_name(text, name_start) or _name_after(text, name_start)
        if name is None:
            before = _name_before(text, match, title_ends, org_ends)
            if before is not None and before[0] >= last_person_end:
                start, name = before
                found = _affiliation(
                    text, max(_item_start(text, start), last_person_end), start, orgs
                )
                quality, affiliation = found if found else (0, None)
                person = PersonMention(name, match.group(), affiliation, start, start + len(name))
                keep(quality, person)
                last_person_end = match.end()
            continue
        quality, affiliation = found if found else (0, None)
        name_end = name_start + len(name)
        title = _joined_title(text, match, title_ends, last_person_end)
        after = _TRAILING_TITLE.match(text, name_end)
        if after is not None and _name_after(text, after.end()) is None:
            title += "、" + after.group("title")  # 校长助理王一教授: 校长助理、教授
        listed = [PersonMention(name, title, affiliation, match.start(), name_end)]
        listed += _listed_after(text, listed[0])
        for person in listed:
            keep(quality, person)
        last_end = last_person_end = max(listed[-1].end, after.end() if after else -1)
    return sorted((p for _, p in people.values()), key=lambda p: p.start)


def _joined_title(text: str, match: re.Match[str], title_ends: dict[int, int], floor: int) -> str:
    """The title with the titles joined before it by `、` (党委副书记、校长; 院长助理、院办主任),
    back to `floor` (the end of the previous person and their titles)."""
    start = match.start()
    while True:
        item = _item_start(text, start)  # 、院办公室主任: the unit before a later title stays
        if text[item - 1 : item] != "、" or title_ends.get(item - 1, floor - 1) < floor:
            return text[start : match.end()]
        start = title_ends[item - 1]


def _listed_after(text: str, person: PersonMention) -> list[PersonMention]:
    """Names listed right after a person with no title of their own (副校长王一、李二)."""
    listed = []
    end = person.end
    while text[end : end + 1] and text[end] in _LIST_JOINERS:
        name = _foreign_name(text, end + 1) or _name_after(text, end + 1, strict=True)
        if name is None or _TITLE.match(text, end + 1 + len(name)):
            break
        end += 1 + len(name)
        listed.append(PersonMention(name, person.title, person.affiliation, end - len(name), end))
    return listed


def _foreign_name(text: str, start: int) -> str | None:
    """A foreign name whose parts are joined by `·` (乔治·史密斯), starting at `start`."""
    i, parts = start, 0
    while True:
        part_start = i
        while (
            i < len(text)
            and i - part_start < _FOREIGN_PART
            and _HAN.match(text[i])
            and not (i > part_start and _ends_name(text, i))
        ):
            i += 1
        if i == part_start:
            return None
        parts += 1
        if text[i : i + 1] in _DOT:
            i += 1
            continue
        if parts < 2:
            return None
        # 乔治·史密斯表示: the last part ends where jieba reads a verb, else at a name's end
        cuts = (j for j in range(part_start + 1, i) if _followed_by_verb(text, part_start, j))
        end = next(cuts, i if _closes(text, i) else None)
        return text[start:end] if end else None


def _name_after(text: str, start: int, *, strict: bool = False) -> str | None:
    """A personal name starting at `start`: a surname and one or two given-name characters.

    Its end must be followed by punctuation, a word of after_name.txt or a title; unless
    `strict`, also by a verb or adverb where jieba reads a word boundary (杜明远莅临).
    """
    family = (
        text[start : start + 2]
        if text[start : start + 2] in surnames()
        else text[start : start + 1]
    )
    if family not in surnames():
        return None
    i = start + len(family)
    if any(len(w) > 1 and text.startswith(w, i) for w in _AFTER_NAME):
        return None  # 都主持: an adverb before a verb, not the surname 都
    given_end = i
    while given_end - i < 2 and given_end < len(text) and _HAN.match(text[given_end]):
        if _TITLE.match(text, given_end) or (given_end > i and _ends_name(text, given_end)):
            break
        given_end += 1
    for end in range(given_end, i, -1):  # the longer name first
        if not _is_name(text, start, end):
            continue
        if _closes(text, end) or (not strict and _followed_by_verb(text, start, end)):
            return text[start:end]
    return None


def _is_name(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] can be a personal name: a surname and one or two Han characters
    that make no ordinary word (高度, 常务), place (丰宁县) or conjunction (和学生, 和王明)."""
    family = text[start : start + 2] if text[start : start + 2] in surnames() else text[start]
    given = text[start + len(family) : end]
    name = text[start:end]
    if family not in surnames() or not 1 <= len(given) <= 2:
        return False
    if not all(_HAN.match(ch) for ch in given):
        return False
    if _is_word(name) or name[-1] in _PLACE_ENDS or text[end : end + 1] in _DOT:
        return False  # 乔治 of 乔治·史密斯 neither
    return family not in _CONJUNCTIONS or not (_is_word(given) or given[0] in surnames())


def _name_before(
    text: str, title: re.Match[str], title_ends: dict[int, int], org_ends: set[int]
) -> tuple[int, str] | None:
    """A name written right before a title that ends the phrase (张三院士，/ 李四校长与): (start,
    name). Before the name a sentence part, a title, an organisation or a conjunction ends; a
    `、` only after another title (王一院士、李二院士), else the name may be an organisation."""
    name_end, title_end = title.start(), title.end()
    if text[name_end - 1 : name_end] in _OPENING and text[title_end : title_end + 1] in _CLOSING:
        name_end, title_end = name_end - 1, title_end + 1  # 王一（教授）
    elif text[name_end - 1 : name_end] in _COMMAS:
        name_end -= 1  # 王一，教授
    if not (_closes(text, title_end) or _followed_by_verb(text, title.start(), title_end)):
        return None
    for length in (3, 2, 4):
        start = name_end - length
        if start < 0:
            continue
        before = text[start - 1] if start else "。"
        opens = (
            (before in _ITEM_BOUNDARY and before != "、")
            or before in _CONJUNCTIONS + "由"
            or start in title_ends
            or start in org_ends
            or (before == "、" and start - 1 in title_ends)
            or _read_as_person(text, start, name_end)
        )
        name = text[start:name_end]
        if word_tags().get(name, "nr").startswith("nr") is False:
            continue  # 河南 (省委书记), 国务院 (总理): a place or body before its title
        if opens and _is_name(text, start, name_end):
            return start, name
    return None


def _read_as_person(text: str, start: int, end: int) -> bool:
    """Whether jieba reads text[start:end] apart from the words before it, as a personal name or
    a new word (专家/王一明院士), not as a dictionary word of another kind (腾讯/云/教育)."""
    if end - start < 3 and text[start:end] in word_tags():
        return False  # a known two-character word tagged as a name may be a brand (华为)
    at = max(0, start - 4)
    for token in words(text[at:end]):
        if at == start:
            return word_tags().get(token, "nr").startswith("nr")
        at += len(token)
    return False


def _is_word(name: str) -> bool:
    """Whether a candidate is an ordinary dictionary word, not a name (高度, 常务, 安全)."""
    tag = word_tags().get(name)
    return tag is not None and tag[:2] not in _PROPER_TAGS


def _closes(text: str, i: int) -> bool:
    """Whether a name may end before position i: text end, punctuation or a word of after_name."""
    return i >= len(text) or not _HAN.match(text[i]) or _ends_name(text, i)


def _followed_by_verb(text: str, start: int, end: int) -> bool:
    """Whether jieba splits the text at `end` and reads a verb or adverb after it."""
    tokens = words(text[start : end + 2])
    ends = list(accumulate(len(t) for t in tokens))
    if end - start not in ends[:-1]:
        return False
    following = tokens[ends.index(end - start) + 1]
    return word_tags().get(following, "x")[:1] in _FOLLOW_TAGS


def _ends_name(text: str, i: int) -> bool:
    return any(text.startswith(w, i) for w in _AFTER_NAME) or _TITLE.match(text, i) is not None


def _item_start(text: str, title_start: int) -> int:
    i = title_start
    while i > 0 and text[i - 1] not in _ITEM_BOUNDARY:
        i -= 1
    return i


def _affiliation(
    text: str, item_start: int, title_start: int, orgs: Sequence[OrgMention]
) -> tuple[int, str] | None:
    """The organisation written between the list item's start and the title, with a quality:
    2 for a recognised organisation, 1 for other leading words (韶关, 广东大区)."""
    inside = [o for o in orgs if item_start <= o.start < title_start and not o.aside]
    if inside:
        return 2, inside[0].name
    head = _TITLE.split(text[item_start:title_start])[0].split("兼")[0].strip("及和与")
    return (1, head) if len(head) >= 2 else None
