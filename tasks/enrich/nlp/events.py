"""Cooperation events: who signed (renewed, intended, unveiled) what with whom, where and when.

Rules over sentences of Simplified text, using the organisations, people, places and dates found
before. A sentence with a trigger (签署/签订/签约…, 续签, 达成合作意向, 揭牌) and two or more
organisations (named, or as the affiliations of the people named) makes an event; later sentences
about the same parties (`代表双方签署`, `出席签约仪式`) add to it instead of making new ones.
Look-alikes are excluded: 签署意见/命令, 签约金, a family's 赔偿协议, a patient's 服务协议.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from schemas.enrichment import EventType
from tasks.enrich.nlp.dates import TextDate
from tasks.enrich.nlp.entities import (
    OrgMention,
    PersonMention,
    has_proper_name,
    names_a_person,
    organisation_core,
    phrase_start,
)
from tasks.enrich.nlp.places import Region, resolve_region
from tasks.enrich.nlp.text import Sentence

Role = Literal["signatory", "witness", "speaker", "attendee"]

_RENEW = re.compile(r"续签|续约")
_INTENT = re.compile(
    r"(?:达成|签署|签订)(?:了)?(?:战略)?合作意向|意向书|(?:拟|将|计划|有望)(?:于\S{1,8})?(?:签署|签订|签约)"
)
_SIGN = re.compile(r"签署|签订|签约|签下|缔结")
_REACH = re.compile(r"达成(?:了)?(?:全面)?(?:战略)?合作(?!意向)")
_UNVEIL = re.compile(r"揭牌|揭幕")
_CEREMONY = re.compile(r"(?:签约|签署|签字|揭牌|揭幕)(?:仪式|活动)")
_CONJOINED = re.compile(
    r"(?P<joint>与|和|同|携手)(?P<b>[^，,；;。、与和]{2,20}?)(?:正式|共同|将|已|在[^，,；;。]{1,10}?)?"
    r"(?:签署|签订|签约|续签|达成)"
)
_CLAUSE_END = re.compile(r"[，,；;。！？!?]")
_AT_CEREMONY = re.compile(r"(?:仪式|活动)(?:现场)?上")
_ATTENDANCE = re.compile(r"出席|参加|参与|见证|祝贺|仪式上|活动上|致辞|主持")
_HOLDING = re.compile(
    r"(?:仪式|活动)[^，。；]{0,6}(?:举行|举办|召开)|举办[^，。；]{0,20}(?:仪式|活动)"
)
# Uses of 签 that are not a cooperation between organisations.
_LOOKALIKE = re.compile(
    r"签署(?:了)?(?:意见|文件|姓名|名字)|签署[^，。；]{0,12}?(?:命令|令)"
    r"|签约(?:金|费|奖金|艺人|作者|主播|球员|歌手|模特|代言)|家庭医生|签约服务|签约率"
)
_PERSONAL_AGREEMENT = re.compile(
    r"(?:赔偿|和解|调解|离婚|劳动|聘用|劳务|购房|租赁|贷款|借款|就业|三方|知情同意|免责|保密|竞业|退费)"
    r"(?:协议|合同)|责任书|承诺书|保证书|同意书"
)
# A person (patient, family, student) on the other side: not a cooperation of organisations.
_PERSONAL_PARTY = re.compile(
    r"(?:与|和|同|跟|向)(?:患者|病人|家属|家长|学生|员工|职工|消费者|业主|村民|考生|毕业生|个人|球员|艺人)"
)
# Background and tallies, not a new event: 已陆续与…等12座城市签署.
_BACKGROUND = re.compile(
    r"陆续|先后|累计|已与|等\d+[个家所座]|等[一二三四五六七八九十百]+[个家所座]"
)
_AGREEMENT_NOUN = re.compile(r"协议书|协议|备忘录|合同|意向书")
_QUOTED_OBJECT = re.compile(r"[“\"]([^”\"]{2,30})[”\"](?:创建|共建|合作|项目)?(?:签约|签署)")
_UNVEILED_OBJECT = re.compile(r"为[“\"]?([^，。；]{2,40}?)[”\"]?(?:正式)?(?:揭牌|揭幕)")
_COOPERATION = re.compile(r"(?:全面)?(?:战略)?合作")
_VENUE = re.compile(
    r"在([\u4e00-\u9fff]{1,12}?)(?:隆重|正式|成功|顺利)?(?:举行|举办|召开|签署|签订|签约)"
)
_ROLE_WORDS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    ("witness", re.compile(r"见证(?!下)|祝贺")),  # 在领导的见证下签约: the signatories
    ("speaker", re.compile(r"致辞|讲话|发言")),
    ("signatory", re.compile(r"代表.{0,8}签|签字|签署|签订|签约")),
)
_ROLE_RANK: dict[str, int] = {"attendee": 0, "speaker": 1, "witness": 2, "signatory": 3}
_STRENGTH: dict[str, int] = {"intent": 0, "renewal": 1, "sign_agreement": 2}


@dataclass
class Party:
    """An organisation that is a party to an event."""

    name: str
    kind: str


@dataclass
class Attendee:
    """A person at an event, with their part in it."""

    name: str
    title: str | None
    affiliation: str | None
    role: Role


@dataclass
class CooperationEvent:
    """One cooperation event of an article."""

    event_type: EventType
    trigger: str
    parties: list[Party]
    agreement: str | None
    agreement_kind: str | None
    date: str | None  # ISO, XXXX for a year the text does not give
    date_precision: str | None
    date_source: str | None  # sentence | article | publication
    venue: str | None
    region: Region | None
    attendees: list[Attendee] = field(default_factory=list)
    evidence: str = ""
    sentence_index: int = 0
    n_sentences: int = 1
    confidence: float = 0.0


@dataclass(frozen=True)
class EventContext:
    """What the event rules read: the text and everything found in it before."""

    text: str
    sentences: Sequence[Sentence]
    orgs: Sequence[OrgMention]
    people: Sequence[PersonMention]
    dates: Sequence[TextDate]
    published: date | None
    primary_region: Region | None


def find_events(context: EventContext) -> list[CooperationEvent]:
    """Cooperation events of an article, one per distinct set of parties and kind of event."""
    events: list[CooperationEvent] = []
    for sentence in context.sentences:
        creates = not _attendance_only(sentence.text)
        for event_type, trigger in _triggers(sentence.text):
            candidate = _event_from(sentence, event_type, trigger, context)
            target = _matching_event(events, candidate, sentence.text, attending=not creates)
            if target is not None:
                _merge(target, candidate)
            elif creates and len(candidate.parties) >= 2:
                events.append(candidate)
    for event in events:
        event.confidence = _confidence(event)
    return events


def _triggers(text: str) -> list[tuple[EventType, re.Match[str]]]:
    """The sentence's agreement trigger and unveiling trigger, each when present.

    A trigger inside a ceremony's name (签约仪式上) counts only when there is no other.
    """
    if any(p.search(text) for p in (_LOOKALIKE, _PERSONAL_AGREEMENT, _PERSONAL_PARTY, _BACKGROUND)):
        return []
    ceremonies = [m.span() for m in _CEREMONY.finditer(text)]
    found: list[tuple[EventType, re.Match[str]]] = []
    for family in (
        (("renewal", _RENEW), ("intent", _INTENT), ("sign_agreement", _SIGN),
         ("sign_agreement", _REACH)),
        (("unveil", _UNVEIL),),
    ):  # fmt: skip
        matches = [
            (event_type, m) for event_type, pattern in family for m in pattern.finditer(text)
        ]
        outside = [(t, m) for t, m in matches if not any(a <= m.start() < b for a, b in ceremonies)]
        if outside or (matches and not _AT_CEREMONY.search(text)):
            found.append((outside or matches)[0])  # type: ignore[arg-type]
    return found


def _attendance_only(text: str) -> bool:
    """A sentence that mentions a ceremony it attends (出席签约仪式), not one that happens."""
    without_ceremony = _CEREMONY.sub("", text)
    has_own_trigger = bool(_SIGN.search(without_ceremony) or _UNVEIL.search(without_ceremony))
    return (
        bool(_CEREMONY.search(text))
        and not has_own_trigger
        and not _HOLDING.search(text)
        and bool(_ATTENDANCE.search(text))
    )


def _event_from(
    sentence: Sentence, event_type: EventType, trigger: re.Match[str], context: EventContext
) -> CooperationEvent:
    text = sentence.text
    object_span = _object_span(text, event_type)
    agreement, agreement_kind = _agreement(text, event_type, object_span)
    parties = _parties(sentence, object_span, trigger.end(), context)
    found_date, date_source = _date(sentence, context)
    venue, region = _place(text, parties, sentence, context)
    return CooperationEvent(
        event_type=event_type,
        trigger=trigger.group(),
        parties=parties,
        agreement=agreement,
        agreement_kind=agreement_kind,
        date=found_date.value if found_date else None,
        date_precision=found_date.precision if found_date else None,
        date_source=date_source,
        venue=venue,
        region=region,
        attendees=_attendees(sentence, context),
        evidence=text,
        sentence_index=sentence.index,
    )


def _object_span(text: str, event_type: EventType) -> tuple[int, int] | None:
    pattern = _UNVEILED_OBJECT if event_type == "unveil" else _QUOTED_OBJECT
    match = pattern.search(text)
    return match.span(1) if match else None


def _agreement(
    text: str, event_type: EventType, object_span: tuple[int, int] | None
) -> tuple[str | None, str | None]:
    if object_span is not None:
        name = text[object_span[0] : object_span[1]].strip('“”"')
        return name, "unveiling" if event_type == "unveil" else "project"
    if event_type == "unveil":
        return None, "unveiling"
    match = _AGREEMENT_NOUN.search(text)
    if match:
        start = phrase_start(text, match.start()) if match.start() else 0
        name = text[start : match.end()]
        return name, _agreement_kind(name, event_type)
    cooperation = _COOPERATION.search(text)
    phrase = cooperation.group() if cooperation else None
    return phrase, _agreement_kind(phrase or "", event_type)


def _agreement_kind(name: str, event_type: EventType) -> str:
    if event_type == "renewal":
        return "renewal"
    for kind, marker in (
        ("mou", "备忘录"),
        ("intent", "意向"),
        ("framework", "框架"),
        ("strategic", "战略"),
        ("contract", "合同"),
        ("joint_lab", "实验室"),
    ):
        if marker in name:
            return kind
    return "cooperation"


def _parties(
    sentence: Sentence, object_span: tuple[int, int] | None, trigger_end: int, context: EventContext
) -> list[Party]:
    """Organisations named before the trigger, and the organisations of the people named there;
    the whole sentence when fewer than two are found before it."""
    before = _parties_in(sentence, object_span, sentence.start + trigger_end, context)
    if len(before) >= 2:
        return before
    clause_end = _CLAUSE_END.search(sentence.text, trigger_end)
    end = sentence.start + clause_end.start() if clause_end else sentence.end
    return _parties_in(sentence, object_span, end, context)


def _parties_in(
    sentence: Sentence, object_span: tuple[int, int] | None, end: int, context: EventContext
) -> list[Party]:
    lo, hi = (
        (sentence.start + object_span[0], sentence.start + object_span[1])
        if object_span
        else (-1, -1)
    )
    found: list[tuple[int, Party]] = [
        (org.start, Party(org.name, org.kind))
        for org in context.orgs
        if sentence.start <= org.start < end
        and not org.aside
        and not lo <= org.start < hi
        and not _is_witness_org(context.text, org, sentence)
    ]
    kinds = {org.name: org.kind for org in context.orgs}
    for person in context.people:
        if person.affiliation is None:
            continue
        for match in re.finditer(re.escape(person.name), sentence.text):
            at = sentence.start + match.start()
            if at < end and not lo <= at < hi:
                found.append(
                    (at, Party(person.affiliation, kinds.get(person.affiliation, "other")))
                )
    found = [(at, p) for at, p in found if p.kind != "other" or len(p.name) >= 4]
    if len(found) < 2:
        found += _conjoined_names(sentence, end, {at for at, _ in found})
    parties: list[Party] = []
    keys: set[str] = set()
    for _, party in sorted(found, key=lambda item: item[0]):
        key = party_key(party)
        if key not in keys:
            keys.add(key)
            parties.append(party)
    return parties


def _conjoined_names(sentence: Sentence, end: int, known: set[int]) -> list[tuple[int, Party]]:
    """`A与B签署…`: the proper names on either side of the conjunction before the trigger, for
    organisations without a suffix the gazetteer does not know (金徽酒与华为签署合作协议)."""
    text = sentence.text[: end - sentence.start]
    match = _CONJOINED.search(text)
    if match is None:
        return []
    left_end, right_start, right_end = match.start("joint"), match.end("joint"), match.end("b")
    left_start = phrase_start(text, left_end)
    names = []
    for start, stop in ((left_start, left_end), (right_start, right_end)):
        name = text[start:stop]
        at = sentence.start + start
        if at in known or not 2 <= len(name) <= 20:
            continue
        if not has_proper_name(name) or names_a_person(name):
            return []  # a common noun or a person: not a cooperation of organisations
        names.append((at, Party(name, "other")))
    return names


def _is_witness_org(text: str, org: OrgMention, sentence: Sentence) -> bool:
    """An organisation named only as a witness's or speaker's, not as a party."""
    after = text[org.end : sentence.end]
    return bool(re.match(r"[^，。；]{0,30}(?:见证|致辞|祝贺)", after)) and not _SIGN.search(
        text[org.end : org.end + 30]
    )


def party_key(party: Party) -> str:
    """A key under which two names of one party meet (韶关市委 ~ 广东省韶关市政府)."""
    if party.kind in ("government", "edu_bureau"):
        region = resolve_region(party.name)
        if region is not None and region.adcode:
            return f"{party.kind}:{region.adcode}"
    return organisation_core(party.name)


def _date(sentence: Sentence, context: EventContext) -> tuple[TextDate | None, str | None]:
    """The sentence's own date, else the date of the article's lead (`12月29日，…` opening its
    first sentences), else the publication date. Dates elsewhere in the article may belong to
    other stories (digests, background), so they are not borrowed."""
    own = [d for d in context.dates if sentence.start <= d.start < sentence.end]
    if own:
        return _best(own), "sentence"
    lead_end = context.sentences[min(2, len(context.sentences) - 1)].end
    lead = [
        d
        for d in context.dates
        if d.end <= min(sentence.start, lead_end)
        and d.precision == "day"
        and (context.published is None or d.value <= context.published.isoformat())
    ]
    if lead:
        return lead[0], "article"
    if context.published is not None:
        day = context.published.isoformat()
        return TextDate(day, 0, 0, day, "day", True, True), "publication"
    return None, None


def _best(dates: Sequence[TextDate]) -> TextDate:
    order = {"day": 0, "month": 1, "year": 2}
    return min(dates, key=lambda d: order[d.precision])


def _place(
    text: str, parties: Sequence[Party], sentence: Sentence, context: EventContext
) -> tuple[str | None, Region | None]:
    """Where: the sentence's venue, else a party's region (non-companies first), else the venue
    of the article's lead, else the article's primary place."""
    venue = _venue(text)
    if venue is not None:
        return venue
    ordered = sorted(parties, key=lambda p: p.kind == "company")
    for party in ordered:
        region = resolve_region(party.name)
        if region is not None:
            return region.city or region.province, region
    for earlier in context.sentences[: min(sentence.index, 3)]:
        venue = _venue(earlier.text)
        if venue is not None and venue[1] is not None:
            return venue
    region = context.primary_region
    return (region.city or region.province if region else None), region


def _venue(text: str) -> tuple[str, Region | None] | None:
    match = _VENUE.search(text)
    if match is None:
        return None
    region = resolve_region(match.group(1))
    if region is None:
        return None
    return (region.city or region.province or match.group(1)), region


def _attendees(sentence: Sentence, context: EventContext) -> list[Attendee]:
    attendees = []
    for person in context.people:
        at = sentence.text.find(person.name)
        if at < 0:
            continue
        clause = _CLAUSE_END.search(sentence.text, at)
        after = _CEREMONY.sub("", sentence.text[at : clause.start() if clause else at + 40])
        role: Role = next(
            (role for role, pattern in _ROLE_WORDS if pattern.search(after)), "attendee"
        )
        attendees.append(Attendee(person.name, person.title, person.affiliation, role))
    return attendees


def _matching_event(
    events: Sequence[CooperationEvent],
    candidate: CooperationEvent,
    text: str,
    *,
    attending: bool = False,
) -> CooperationEvent | None:
    """The earlier event a sentence adds to: same parties; or `双方` with no parties of its own,
    or attendance at a ceremony (出席签约仪式): the latest event."""
    family = "unveil" if candidate.event_type == "unveil" else "agreement"
    same_family = [
        e for e in events if ("unveil" if e.event_type == "unveil" else "agreement") == family
    ]
    keys = {party_key(p) for p in candidate.parties}
    for event in reversed(same_family):
        existing = {party_key(p) for p in event.parties}
        if keys and (keys <= existing or existing <= keys or len(keys & existing) >= 2):
            return event
    if same_family and (attending or (len(keys) < 2 and re.search(r"双方|两方|三方", text))):
        return same_family[-1]
    return None


def _merge(event: CooperationEvent, other: CooperationEvent) -> None:
    """Fold a later sentence about the same event into it."""
    event.n_sentences += 1
    if _STRENGTH.get(other.event_type, -1) > _STRENGTH.get(event.event_type, -1):
        event.event_type, event.trigger = other.event_type, other.trigger
    if other.agreement and (not event.agreement or len(other.agreement) > len(event.agreement)):
        event.agreement, event.agreement_kind = other.agreement, other.agreement_kind
    if other.date_source == "sentence" and event.date_source != "sentence":
        event.date, event.date_precision = other.date, other.date_precision
        event.date_source = other.date_source
        event.evidence, event.sentence_index = other.evidence, other.sentence_index
    if event.date is None and other.date is not None:
        event.date, event.date_precision, event.date_source = (
            other.date,
            other.date_precision,
            other.date_source,
        )
    if event.venue is None or (other.venue and _VENUE.search(other.evidence)):
        event.venue, event.region = other.venue or event.venue, other.region or event.region
    known = {a.name: a for a in event.attendees}
    for attendee in other.attendees:
        if attendee.name not in known:
            event.attendees.append(attendee)
        elif _ROLE_RANK[attendee.role] > _ROLE_RANK[known[attendee.name].role]:
            known[attendee.name].role = attendee.role


def _confidence(event: CooperationEvent) -> float:
    """A rule-based score: explicit agreement, own date, named parties, several sentences."""
    score = 0.5
    score += 0.2 if event.agreement and _AGREEMENT_NOUN.search(event.agreement) else 0.0
    score += 0.1 if event.date_source == "sentence" else 0.0
    score += 0.1 if event.n_sentences > 1 else 0.0
    score += 0.05 if event.venue else 0.0
    return round(min(score, 0.95), 2)
