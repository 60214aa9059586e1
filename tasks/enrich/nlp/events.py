"""Cooperation events: who signed (renewed, intended, unveiled) what with whom, where and when.

Rules over sentences of Simplified text, using the organisations, people, places and dates found
before. A sentence with a trigger (签署/签订/签约…, 续签, 达成合作意向, 揭牌) and two or more
organisations (named, or as the affiliations of the people named) makes an event; later sentences
about the same parties (`代表双方签署`, `出席签约仪式`) add to it instead of making new ones.
Look-alikes are excluded: 签署意见/命令, 签约金, a family's 赔偿协议, a patient's 服务协议.
The words are in event_patterns.py; who takes part in event_parties.py; when and where in
event_date_place.py. The rules return the warehouse rows (`schemas.enrichment.Event`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from schemas.dates import DatePrecision
from schemas.enrichment import (
    DateSource,
    EntityKind,
    Event,
    EventAttendee,
    EventParty,
    EventType,
    entity_id,
)
from tasks.enrich.nlp.dates import TextDate
from tasks.enrich.nlp.entities import OrgMention, PersonMention, phrase_start
from tasks.enrich.nlp.event_date_place import event_date, event_place, names_a_venue
from tasks.enrich.nlp.event_parties import Party, find_attendees, find_parties, party_key
from tasks.enrich.nlp.event_patterns import (
    AGREEMENT_NOUN,
    AT_CEREMONY,
    ATTENDANCE,
    BACKGROUND,
    CEREMONY,
    COOPERATION,
    HOLDING,
    LOOKALIKE,
    PERSONAL_AGREEMENT,
    PERSONAL_PARTY,
    PLAN,
    QUOTED_OBJECT,
    RECAP,
    SIGN,
    TRIGGER_FAMILIES,
    UNVEIL,
    UNVEILED_OBJECT,
    VAGUE_TIME,
    WITNESSED,
)
from tasks.enrich.nlp.event_structure import (
    agreement_titles,
    outside_titles,
    party_groups,
    without_departments,
)
from tasks.enrich.nlp.places import Region
from tasks.enrich.nlp.text import Sentence

_ROLE_RANK: dict[str, int] = {"attendee": 0, "speaker": 1, "witness": 2, "signatory": 3}
_STRENGTH: dict[str, int] = {"intent": 0, "renewal": 1, "sign_agreement": 2}


@dataclass(frozen=True)
class EventContext:
    """What the event rules read: the text and everything found in it before."""

    article_id: str
    text: str
    sentences: Sequence[Sentence]
    orgs: Sequence[OrgMention]
    people: Sequence[PersonMention]
    dates: Sequence[TextDate]
    published: date | None
    primary_region: Region | None


@dataclass
class _Draft:
    """An event while the article is read: later sentences merge into it (and a candidate may
    still have fewer than two parties), so it is mutable; `_as_row` makes the Event at the end."""

    event_type: EventType
    trigger: str
    parties: list[Party]
    agreement: str | None
    agreement_kind: str | None
    event_date: str | None  # ISO, XXXX for a year the text does not give
    date_precision: DatePrecision | None
    date_source: DateSource | None
    venue: str | None
    region: Region | None
    attendees: list[EventAttendee] = field(default_factory=list)
    evidence: str = ""
    undated: bool = False  # its sentence says 近日/日前: later sentences' days are not its day
    sentence_index: int = 0
    n_sentences: int = 1


def find_events(context: EventContext) -> list[Event]:
    """Find the cooperation events of an article, one per distinct set of parties and kind.

    Args:
        context: The article's text, sentences, organisations, people, dates and places.

    Returns:
        The events in order of their first sentence, as warehouse rows.
    """
    drafts: list[_Draft] = []
    for sentence in context.sentences:
        triggers = _triggers(sentence.text)
        if not triggers:
            continue  # most sentences: none of the checks below is needed
        creates = not _attendance_only(sentence.text) and not (
            drafts and RECAP.match(sentence.text)
        )
        earlier = len(drafts)  # the events of one sentence do not merge into each other
        merged: dict[int, str | None] = {}  # event → the agreement this sentence added to it
        for event_type, trigger in triggers:
            for candidate in _drafts(sentence, event_type, trigger, context):
                target = _matching_event(
                    drafts[:earlier], candidate, sentence.text, attending=not creates
                )
                if target is not None and merged.get(id(target), candidate.agreement) != (
                    candidate.agreement
                ):  # 双方签署了《甲》与《乙》: the second agreement is an event of its own
                    drafts.append(replace(candidate, parties=list(target.parties)))
                elif target is not None:
                    _merge(target, candidate)
                    merged[id(target)] = candidate.agreement
                elif creates and len(candidate.parties) >= 2:
                    drafts.append(candidate)
    kinds: dict[str, EntityKind] = {org.name: org.kind for org in context.orgs}
    return [_as_row(draft, context.article_id, kinds) for draft in drafts]


def _triggers(text: str) -> list[tuple[EventType, re.Match[str]]]:
    """The sentence's agreement trigger and unveiling trigger, each when present.

    A trigger inside a ceremony's name (签约仪式上) counts only when there is no other.
    """
    if not any(pattern.search(text) for family in TRIGGER_FAMILIES for _, pattern in family):
        return []
    if any(p.search(text) for p in (LOOKALIKE, PERSONAL_AGREEMENT, PERSONAL_PARTY, BACKGROUND)):
        return []
    if PLAN.search(text) and not SIGN.search(PLAN.sub("", text)):
        return []  # only a plan (将签署); `签署…并将签订补充协议` still signs
    ceremonies = [m.span() for m in CEREMONY.finditer(text)]
    found: list[tuple[EventType, re.Match[str]]] = []
    for family in TRIGGER_FAMILIES:
        matches = [
            (event_type, m) for event_type, pattern in family for m in pattern.finditer(text)
        ]
        outside = [(t, m) for t, m in matches if not any(a <= m.start() < b for a, b in ceremonies)]
        if outside or (matches and not AT_CEREMONY.search(text)):
            found.append((outside or matches)[0])
    return found


def _attendance_only(text: str) -> bool:
    """A sentence that mentions a ceremony it attends (出席签约仪式) or a signing it witnesses
    (见证签约), not one that happens."""
    without_ceremony = CEREMONY.sub("", WITNESSED.sub("", text))
    has_own_trigger = bool(SIGN.search(without_ceremony) or UNVEIL.search(without_ceremony))
    if WITNESSED.search(text) and not has_own_trigger:
        return True
    return (
        bool(CEREMONY.search(text))
        and not has_own_trigger
        and not HOLDING.search(text)
        and bool(ATTENDANCE.search(text))
    )


def _drafts(
    sentence: Sentence, event_type: EventType, trigger: re.Match[str], context: EventContext
) -> list[_Draft]:
    """The sentence's events for one trigger: one, or one per party group or agreement title
    that the sentence's structure gives (event_structure.py)."""
    base = _draft(sentence, event_type, trigger, context)
    groups = party_groups(sentence, trigger.start(), context.orgs) or [
        outside_titles(base.parties, sentence.text)
    ]
    titles = agreement_titles(sentence.text) if event_type != "unveil" else []
    drafts = []
    for group in groups:
        parties = without_departments(group, context.orgs)
        named: list[tuple[str | None, str | None]] = [
            (title, _agreement_kind(title, event_type)) for title in titles
        ]
        for title, kind in named or [(base.agreement, base.agreement_kind)]:
            drafts.append(
                replace(
                    base,
                    parties=parties,
                    agreement=title,
                    agreement_kind=kind,
                    attendees=list(base.attendees),
                )
            )
    return drafts


def _draft(
    sentence: Sentence, event_type: EventType, trigger: re.Match[str], context: EventContext
) -> _Draft:
    text = sentence.text
    object_span = _object_span(text, event_type)
    agreement, agreement_kind = _agreement(text, event_type, object_span)
    parties = find_parties(
        sentence, object_span, trigger.end(), context.text, context.orgs, context.people
    )
    found_date, date_source = event_date(
        context.text, sentence, context.sentences, context.dates, context.published
    )
    venue, region = event_place(parties, sentence, context.sentences, context.primary_region)
    return _Draft(
        event_type=event_type,
        trigger=trigger.group(),
        parties=parties,
        agreement=agreement,
        agreement_kind=agreement_kind,
        event_date=found_date.value if found_date else None,
        date_precision=found_date.precision if found_date else None,
        date_source=date_source,
        venue=venue,
        region=region,
        attendees=find_attendees(sentence, context.people),
        evidence=text,
        undated=found_date is None and VAGUE_TIME.search(text) is not None,
        sentence_index=sentence.index,
    )


def _object_span(text: str, event_type: EventType) -> tuple[int, int] | None:
    pattern = UNVEILED_OBJECT if event_type == "unveil" else QUOTED_OBJECT
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
    match = AGREEMENT_NOUN.search(text)
    if match:
        start = phrase_start(text, match.start()) if match.start() else 0
        name = text[start : match.end()]
        return name, _agreement_kind(name, event_type)
    cooperation = COOPERATION.search(text)
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


def _matching_event(
    events: Sequence[_Draft],
    candidate: _Draft,
    text: str,
    *,
    attending: bool = False,
) -> _Draft | None:
    """The earlier event a sentence adds to: same parties; or `双方` with no parties of its own,
    or attendance at a ceremony (出席签约仪式): the latest event."""
    family = "unveil" if candidate.event_type == "unveil" else "agreement"
    same_family = [
        e for e in events if ("unveil" if e.event_type == "unveil" else "agreement") == family
    ]
    keys = {party_key(p) for p in candidate.parties}
    for event in reversed(same_family):
        ours = [any(_same_party(p, q) for q in event.parties) for p in candidate.parties]
        theirs = [any(_same_party(q, p) for p in candidate.parties) for q in event.parties]
        if keys and (all(ours) or all(theirs) or sum(ours) >= 2):
            return event
    if same_family and (attending or (len(keys) < 2 and re.search(r"双方|两方|三方", text))):
        return same_family[-1]
    return None


def _same_party(a: Party, b: Party) -> bool:
    """One party under two names: the same key, or one name inside the other (四川省人民政府 and
    四川省, 科大讯飞 and 科大讯飞股份有限公司)."""
    return party_key(a) == party_key(b) or a.name in b.name or b.name in a.name


def _merge(event: _Draft, other: _Draft) -> None:
    """Fold a later sentence about the same event into it."""
    event.n_sentences += 1
    if _STRENGTH.get(other.event_type, -1) > _STRENGTH.get(event.event_type, -1):
        event.event_type, event.trigger = other.event_type, other.trigger
    if other.agreement and (not event.agreement or len(other.agreement) > len(event.agreement)):
        event.agreement, event.agreement_kind = other.agreement, other.agreement_kind
    if other.date_source == "sentence" and event.date_source != "sentence":
        event.event_date, event.date_precision = other.event_date, other.date_precision
        event.date_source = other.date_source
        event.evidence, event.sentence_index = other.evidence, other.sentence_index
    if event.event_date is None and other.event_date is not None and not event.undated:
        event.event_date, event.date_precision, event.date_source = (
            other.event_date,
            other.date_precision,
            other.date_source,
        )
    if event.venue is None or (other.venue and names_a_venue(other.evidence)):
        event.venue, event.region = other.venue or event.venue, other.region or event.region
    known = {a.name: i for i, a in enumerate(event.attendees)}
    for attendee in other.attendees:
        if attendee.name not in known:
            event.attendees.append(attendee)
        elif _ROLE_RANK[attendee.role] > _ROLE_RANK[event.attendees[known[attendee.name]].role]:
            index = known[attendee.name]
            event.attendees[index] = event.attendees[index].model_copy(
                update={"role": attendee.role}
            )


def _confidence(event: _Draft) -> float:
    """A rule-based score: explicit agreement, own date, named parties, several sentences."""
    score = 0.3 if any(p.bare for p in event.parties) else 0.5  # a party the text leaves unnamed
    score += 0.2 if event.agreement and AGREEMENT_NOUN.search(event.agreement) else 0.0
    score += 0.1 if event.date_source == "sentence" else 0.0
    score += 0.1 if event.n_sentences > 1 else 0.0
    score += 0.05 if event.venue else 0.0
    return round(min(score, 0.95), 2)


def _as_row(draft: _Draft, article_id: str, kinds: dict[str, EntityKind]) -> Event:
    """The Event row: ids, parties under the kind the article gives their names, the place's
    columns and the confidence are set here; the rest is the draft's."""
    parties = [_party_row(party, kinds.get(party.name, party.kind)) for party in draft.parties]
    names = sorted(p.name for p in draft.parties)
    key = "|".join([article_id, draft.event_type, *names, draft.agreement or ""])
    region = draft.region
    return Event(
        event_id=hashlib.sha256(key.encode()).hexdigest()[:16],
        event_type=draft.event_type,
        trigger=draft.trigger,
        parties=parties,
        agreement=draft.agreement,
        agreement_kind=draft.agreement_kind,
        event_date=draft.event_date,
        date_precision=draft.date_precision,
        date_source=draft.date_source,
        venue=draft.venue,
        province=region.province if region else None,
        city=region.city if region else None,
        district=region.district if region else None,
        adcode=region.adcode if region else None,
        attendees=draft.attendees,
        evidence=draft.evidence,
        sentence_index=draft.sentence_index,
        confidence=_confidence(draft),
    )


def _party_row(party: Party, kind: EntityKind) -> EventParty:
    return EventParty(entity_id=entity_id(kind, party.name), name=party.name, kind=kind)
