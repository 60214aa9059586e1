"""Spool tables of enrichment: one Parquet table per enrich.* warehouse table."""

from __future__ import annotations

from typing import get_args

import pyarrow as pa

from schemas.enrichment import (
    Enrichment,
    Event,
    EventAttendee,
    EventParty,
    Mention,
    Metric,
    Person,
    Place,
)
from tasks.load.arrow_schema import arrow_type, model_columns

# Offsets are start_offset/end_offset in the warehouse (START and END are SQL keywords).
_MENTION_OFFSETS = {"start": "start_offset", "end": "end_offset"}
_METRIC_OFFSETS = {"start": "start_offset"}
_ARTICLE = model_columns(Enrichment, include=("article_id",))  # every table starts with it
_EVENT = model_columns(Event, include=("event_id",))
_POSITION = [pa.field("position", arrow_type(int))]  # an event's parties keep their order


def _counts(field: str, key: str, count: str) -> list[pa.Field]:
    """Columns of one of Enrichment's dicts (one row per key): the key and its count."""
    key_type, count_type = get_args(Enrichment.model_fields[field].annotation)
    return [pa.field(key, arrow_type(key_type)), pa.field(count, arrow_type(count_type))]


def _schema(*columns: list[pa.Field]) -> pa.Schema:
    return pa.schema([field for group in (_ARTICLE, *columns) for field in group])


ENRICH_TABLES: dict[str, pa.Schema] = {
    "enrich_articles": _schema(
        model_columns(Enrichment, include=("content_hash", "enricher_version", "tokens"))
    ),
    "enrich_mentions": _schema(model_columns(Mention, rename=_MENTION_OFFSETS)),
    "enrich_people": _schema(model_columns(Person)),
    "enrich_places": _schema(model_columns(Place)),
    "enrich_events": _schema(model_columns(Event, exclude=("parties", "attendees"))),
    "enrich_event_parties": _schema(_EVENT, _POSITION, model_columns(EventParty)),
    "enrich_event_attendees": _schema(_EVENT, model_columns(EventAttendee)),
    "enrich_metrics": _schema(model_columns(Metric, rename=_METRIC_OFFSETS)),
    "enrich_terms": _schema(_counts("terms", "term", "tf")),
    "enrich_topics": _schema(_counts("topics", "topic", "hits")),
}


def add_enrichment_rows(tables: dict[str, list[dict[str, object]]], enrichment: Enrichment) -> None:
    """Append one article's enrichment rows to a batch's tables."""
    for table, rows in enrichment_rows(enrichment).items():
        tables.setdefault(table, []).extend(rows)


def enrichment_rows(enrichment: Enrichment) -> dict[str, list[dict[str, object]]]:
    """Flatten one article's enrichment into rows of the ENRICH_TABLES."""
    article = {"article_id": enrichment.article_id}
    rows: dict[str, list[dict[str, object]]] = {
        "enrich_articles": [
            article | enrichment.model_dump(include={"content_hash", "enricher_version", "tokens"})
        ],
        "enrich_mentions": [
            article | _renamed(m.model_dump(), _MENTION_OFFSETS) for m in enrichment.mentions
        ],
        "enrich_people": [article | p.model_dump() for p in enrichment.people],
        "enrich_places": [article | p.model_dump() for p in enrichment.places],
        "enrich_metrics": [
            article | _renamed(m.model_dump(), _METRIC_OFFSETS) for m in enrichment.metrics
        ],
        "enrich_terms": [article | {"term": t, "tf": n} for t, n in enrichment.terms.items()],
        "enrich_topics": [article | {"topic": t, "hits": n} for t, n in enrichment.topics.items()],
        "enrich_events": [],
        "enrich_event_parties": [],
        "enrich_event_attendees": [],
    }
    for event in enrichment.events:
        key = article | {"event_id": event.event_id}
        rows["enrich_events"].append(article | event.model_dump(exclude={"parties", "attendees"}))
        rows["enrich_event_parties"] += [
            key | {"position": i} | p.model_dump() for i, p in enumerate(event.parties)
        ]
        rows["enrich_event_attendees"] += [key | a.model_dump() for a in event.attendees]
    return rows


def _renamed(row: dict[str, object], names: dict[str, str]) -> dict[str, object]:
    return {names.get(name, name): value for name, value in row.items()}
