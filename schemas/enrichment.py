"""What enrichment adds to an article: entities, people, places, events, metrics, terms, topics."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.dates import DatePrecision

# Bump when enrichment rules change what they find; `edunews enrich` then redoes every article.
ENRICHER_VERSION = "enrich-v2"

EventType = Literal["sign_agreement", "renewal", "intent", "unveil"]
OrgKind = Literal[
    "company", "school", "university", "edu_bureau", "government", "research", "organisation"
]
# "other": an event party named without a suffix or gazetteer entry (金徽酒与华为签署…).
EntityKind = Literal[OrgKind, "other", "person", "place"]
AttendeeRole = Literal["signatory", "witness", "speaker", "attendee"]
# Where an event's date came from: its sentence, the article's lead, or the publication date.
DateSource = Literal["sentence", "narrative", "article", "dateline", "publication"]
# ISO date, or with XXXX for a year the text does not give: 2022-03-28, XXXX-12-29, 2022-03, 2022.
EVENT_DATE = r"^(\d{4}|XXXX)(-\d{2}(-\d{2})?)?$"


def entity_id(kind: str, name: str) -> str:
    """A stable id for a real-world actor: its kind and canonical name."""
    return hashlib.sha256(f"{kind}:{name}".encode()).hexdigest()[:16]


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True)


class EnrichInput(_Row):
    """The stored article fields enrichment reads (no fetching, no raw bytes)."""

    article_id: str
    content_hash: str
    title: str | None
    text_simplified: str
    published_at: datetime | None


class Mention(_Row):
    """An entity named in the article (offsets into title + newline + text, Simplified)."""

    entity_id: str
    name: str
    kind: EntityKind
    surface: str
    start: int = Field(ge=0)
    end: int = Field(gt=0)


class Person(_Row):
    """A person with the title and affiliation the article gives them."""

    entity_id: str
    name: str = Field(min_length=2, max_length=16)  # foreign names: 乔治·史密斯
    title: str | None
    affiliation: str | None


class Place(_Row):
    """An administrative region the article names."""

    province: str | None
    city: str | None
    district: str | None
    adcode: str | None = Field(None, pattern=r"^\d{6}$")
    surface: str
    mentions: int = Field(ge=1)
    is_primary: bool


class EventParty(_Row):
    """A party to an event, linked to its entity."""

    entity_id: str
    name: str
    kind: EntityKind


class EventAttendee(_Row):
    """A person at an event and their part in it."""

    name: str
    title: str | None
    affiliation: str | None
    role: AttendeeRole


class Event(_Row):
    """A cooperation event: who signed (renewed, intended, unveiled) what with whom, where, when."""

    event_id: str
    event_type: EventType
    trigger: str
    parties: list[EventParty] = Field(min_length=2)
    agreement: str | None
    agreement_kind: str | None
    event_date: str | None = Field(None, pattern=EVENT_DATE)
    date_precision: DatePrecision | None  # day, month or year
    date_source: DateSource | None
    venue: str | None
    province: str | None
    city: str | None
    district: str | None
    adcode: str | None
    attendees: list[EventAttendee]
    evidence: str = Field(min_length=1)
    sentence_index: int = Field(ge=0)
    confidence: float = Field(ge=0, le=1)


class Metric(_Row):
    """A quantitative claim: value, unit and what it counts."""

    text: str
    value: float
    unit: str
    counted: str | None
    approx: bool
    start: int = Field(ge=0)


class Enrichment(_Row):
    """Everything enrichment found in one article."""

    article_id: str
    content_hash: str
    enricher_version: str = Field(min_length=1)  # ENRICHER_VERSION when it ran
    tokens: str  # jieba search tokens of title and Simplified text, space-separated
    mentions: list[Mention]
    people: list[Person]
    places: list[Place]
    events: list[Event]
    metrics: list[Metric]
    terms: dict[str, int]  # content word → count, for corpus TF-IDF keywords
    topics: dict[str, int]  # topic tag → hits
