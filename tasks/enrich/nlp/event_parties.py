"""Who takes part in a cooperation event: the organisations that are its parties, and the people
present with their role (signatory, witness, speaker, attendee)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from schemas.enrichment import AttendeeRole, EntityKind, EventAttendee
from tasks.enrich.nlp.entities import (
    OrgMention,
    PersonMention,
    has_proper_name,
    names_a_person,
    organisation_core,
    phrase_start,
)
from tasks.enrich.nlp.event_patterns import (
    CEREMONY,
    CLAUSE_END,
    CONJOINED,
    PARTY_COMMITTEE,
    ROLE_WORDS,
    SELF_REFERENCE,
    SIGN,
)
from tasks.enrich.nlp.lexicon import bare_references
from tasks.enrich.nlp.places import find_places, resolve_region
from tasks.enrich.nlp.text import Sentence


@dataclass(frozen=True)
class Party:
    """An organisation that is a party to an event, with the kind it was found as."""

    name: str
    kind: EntityKind
    bare: bool = False  # a bare reference (学校, 集团公司) the text names no organisation for


# A bare reference as a party: next to 与/和/同/代表, or opening a clause before 与 (学校与…签约).
_BARE_REFERENCE = re.compile(
    r"(?:^|(?<=[，,。；;：:、\s与和同表]))(?P<word>"
    + "|".join(re.escape(w) for w in sorted(bare_references(), key=len, reverse=True))
    + r"|[我本][省市区县])(?=与|和|同|签|共同|正式|代表|[，,])"
)
_LEVELS = "省市区县"
# An agreement's name after a party's (…合作框架协议签约仪式): not part of the party.
_AGREEMENT_TAIL = re.compile(r"(?:全面)?(?:战略)?(?:合作)?(?:框架)?(?:协议书|协议|备忘录|合同)$")
# An office of an organisation (科技成果转化处, 发展规划部): its people act for the organisation.
_DEPARTMENT = re.compile(r"(?:处|办公室|办|科|部|室)$")
# A short name that still reads as an organisation (首科院, 省教育厅 are longer).
_SHORT_ORG = re.compile(r"^[\u4e00-\u9fff]{2}[院所局厅校行司社]$")
# A place name's last character: a foreign district is no person (撒马尔罕州努拉巴德区).
_REGION_END = re.compile(r"[省市县区州盟旗国]$")


def find_parties(
    sentence: Sentence,
    object_span: tuple[int, int] | None,
    trigger_end: int,
    text: str,
    orgs: Sequence[OrgMention],
    people: Sequence[PersonMention],
) -> list[Party]:
    """Organisations named before the trigger, and the organisations of the people named there;
    the whole clause when fewer than two are found before it.

    Args:
        sentence: The sentence with the trigger.
        object_span: Where the sentence names what was signed or unveiled (no party there).
        trigger_end: The trigger's end, in the sentence.
        text: The whole article, which `orgs` and `people` point into.
        orgs: The article's organisations.
        people: The article's people.

    Returns:
        The parties in order of appearance, one per party key.
    """
    before = _parties_in(sentence, object_span, sentence.start + trigger_end, text, orgs, people)
    if len(before) >= 2:
        return before
    clause_end = CLAUSE_END.search(sentence.text, trigger_end)
    end = sentence.start + clause_end.start() if clause_end else sentence.end
    return _parties_in(sentence, object_span, end, text, orgs, people)


def _parties_in(
    sentence: Sentence,
    object_span: tuple[int, int] | None,
    end: int,
    text: str,
    orgs: Sequence[OrgMention],
    people: Sequence[PersonMention],
) -> list[Party]:
    lo, hi = (
        (sentence.start + object_span[0], sentence.start + object_span[1])
        if object_span
        else (-1, -1)
    )
    found: list[tuple[int, Party]] = [
        (org.start, Party(org.name, org.kind))
        for org in orgs
        if sentence.start <= org.start < end
        and not org.aside
        and not lo <= org.start < hi
        and not _is_witness_org(text, org, sentence)
    ]
    kinds = {org.name: org.kind for org in orgs}
    for at, party in _bare_parties(sentence, end - sentence.start, text, orgs):
        if not lo <= at < hi:
            found.append((at, party))
    for person in people:
        affiliation = _governing_body(person)
        if affiliation is not None and affiliation not in kinds and _DEPARTMENT.search(affiliation):
            home = _home_organisation(orgs, sentence.start, end, None)  # 科技成果转化处处长
            affiliation = home.name if home else None
        if affiliation is None:
            continue
        for match in re.finditer(re.escape(person.name), sentence.text):
            at = sentence.start + match.start()
            if at < end and not lo <= at < hi:
                kind: EntityKind = (
                    kinds.get(affiliation) or kinds.get(person.affiliation or "") or "other"
                )
                found.append((at, Party(affiliation, kind)))
    found = [
        (at, p)
        for at, p in found
        if (p.kind != "other" or p.bare or len(p.name) >= 4 or _SHORT_ORG.match(p.name))
        and not PARTY_COMMITTEE.search(p.name)
    ]
    if len({party_key(p) for _, p in found}) < 2:
        named = {person.name for person in people}
        found += _conjoined_names(sentence, end, {at for at, _ in found}, named)
    parties: list[Party] = []
    keys: set[str] = set()
    for _, party in sorted(found, key=lambda item: item[0]):
        key = party_key(party)
        if key not in keys:
            keys.add(key)
            parties.append(party)
    return parties


def _bare_parties(
    sentence: Sentence, end: int, text: str, orgs: Sequence[OrgMention]
) -> list[tuple[int, Party]]:
    """Bare references before `end` (我校, 学校与…, 代表集团公司, 我市与…), each as the
    organisation of its kind (or the government of the place) the report names, else as written,
    marked bare."""
    found = [(m.start(), m.group()) for m in SELF_REFERENCE.finditer(sentence.text, 0, end)] + [
        (m.start(), m.group("word")) for m in _BARE_REFERENCE.finditer(sentence.text, 0, end)
    ]
    parties = []
    for at, word in sorted(set(found)):
        if word[0] in "我本" and word[1] in _LEVELS:
            home = _our_government(text, sentence.start + at, word[1])
        else:
            kinds = bare_references().get(word, ("university", "school"))
            home = _home_organisation(orgs, sentence.start, sentence.start + end, kinds)
        parties.append((sentence.start + at, home or Party(word, "other", bare=True)))
    return parties


def _our_government(text: str, at: int, level: str) -> Party | None:
    """我市/我县 as a party: the government of the nearest city (county…) named before it."""
    for place in reversed(find_places(text[:at])):
        region = place.region
        name = {"区": region.district, "县": region.district, "市": region.city}.get(
            level, region.province
        )
        if name and name.endswith(level):
            return Party(name + "人民政府", "government")
    return None


def _home_organisation(
    orgs: Sequence[OrgMention], start: int, end: int, kinds: Sequence[str] | None
) -> Party | None:
    """The organisation of a kind (any kind if None) a report calls 我校 or 集团公司: the one it
    names most often, other than those named between start and end; one named after a place
    (德州学院) before a department (生命科学学院), then the first named."""
    inside = [org.name for org in orgs if start <= org.start < end]
    counts: dict[str, int] = {}
    for org in orgs:
        other = not any(org.name in name or name in org.name for name in inside)
        if other and (kinds is None or org.kind in kinds) and not PARTY_COMMITTEE.search(org.name):
            counts[org.name] = counts.get(org.name, 0) + 1
    if not counts:
        return None
    name = max(counts, key=lambda n: (counts[n], any(p.start == 0 for p in find_places(n))))
    return Party(name, next(org.kind for org in orgs if org.name == name))


def _governing_body(person: PersonMention) -> str | None:
    """The organisation a person acts for: a county head listed under the county's party
    committee (定边县委副书记、代县长) signs for the county's government."""
    affiliation = person.affiliation
    county_head = re.search(r"[省市区县]长", person.title or "")
    if affiliation and county_head and re.search(r"[省市区县]委$", affiliation):
        return affiliation[:-1] + "政府"
    return affiliation


def _conjoined_names(
    sentence: Sentence, end: int, known: set[int], people: set[str]
) -> list[tuple[int, Party]]:
    """`A与B签署…`: the proper names on either side of the conjunction before the trigger, for
    organisations without a suffix the gazetteer does not know (金徽酒与华为签署合作协议)."""
    text = sentence.text[: end - sentence.start]
    match = CONJOINED.search(text)
    if match is None:
        return []
    left_end, right_start, right_end = match.start("joint"), match.end("joint"), match.end("b")
    left_start = phrase_start(text, left_end)
    if text[left_start - 1 : left_start] == "在":  # 谷歌在上海与复旦大学签署: the party is 谷歌
        left_end = left_start - 1
        left_start = phrase_start(text, left_end)
    names = []
    for start, stop in ((left_start, left_end), (right_start, right_end)):
        name = _AGREEMENT_TAIL.sub("", text[start:stop])  # 鸿达控股合作框架协议签约仪式
        at = sentence.start + start
        if at in known or not 2 <= len(name) <= 20:
            continue
        person = names_a_person(name) and not _REGION_END.search(name)
        if not has_proper_name(name) or person or name in people:
            return []  # a common noun or a person: not a cooperation of organisations
        region = [p for p in find_places(name) if p.start == 0 and p.end == len(name)]
        names.append((at, Party(name, "government" if region else "other")))  # 四川省与…
    return names


def _is_witness_org(text: str, org: OrgMention, sentence: Sentence) -> bool:
    """An organisation named only as a witness's or speaker's, not as a party."""
    after = text[org.end : sentence.end]
    return bool(re.match(r"[^，。；]{0,30}(?:见证|致辞|祝贺)", after)) and not SIGN.search(
        text[org.end : org.end + 30]
    )


def party_key(party: Party) -> str:
    """A key under which two names of one party meet (韶关市委 ~ 广东省韶关市政府)."""
    if party.kind in ("government", "edu_bureau"):
        region = resolve_region(party.name)
        if region is not None and region.adcode:
            return f"{party.kind}:{region.adcode}"
    return organisation_core(party.name)


def find_attendees(sentence: Sentence, people: Sequence[PersonMention]) -> list[EventAttendee]:
    """The article's people named in the sentence, with the role the words after them give."""
    attendees = []
    for person in people:
        at = sentence.text.find(person.name)
        if at < 0:
            continue
        clause = CLAUSE_END.search(sentence.text, at)
        after = CEREMONY.sub("", sentence.text[at : clause.start() if clause else at + 40])
        role: AttendeeRole = next(
            (role for role, pattern in ROLE_WORDS if pattern.search(after)), "attendee"
        )
        attendees.append(
            EventAttendee(
                name=person.name, title=person.title, affiliation=person.affiliation, role=role
            )
        )
    return attendees
