"""Spool tables of enrichment: one Parquet table per enrich.* warehouse table."""

from __future__ import annotations

import pyarrow as pa

from schemas.enrichment import Enrichment

_S, _I, _F, _B = pa.string(), pa.int32(), pa.float64(), pa.bool_()


def _schema(*columns: str | tuple[str, pa.DataType]) -> pa.Schema:
    """Columns are strings unless typed; every table starts with article_id."""
    fields = [("article_id", _S)]
    fields += [(c, _S) if isinstance(c, str) else c for c in columns]
    return pa.schema(fields)


ENRICH_TABLES: dict[str, pa.Schema] = {
    "enrich_articles": _schema("content_hash", "enricher_version", "tokens"),
    "enrich_mentions": _schema(
        "entity_id", "name", "kind", "surface", ("start_offset", _I), ("end_offset", _I)
    ),
    "enrich_people": _schema("entity_id", "name", "title", "affiliation"),
    "enrich_places": _schema(
        "province", "city", "district", "adcode", "surface", ("mentions", _I), ("is_primary", _B)
    ),
    "enrich_events": _schema(
        "event_id",
        "event_type",
        "trigger",
        "agreement",
        "agreement_kind",
        "event_date",
        "date_precision",
        "date_source",
        "venue",
        "province",
        "city",
        "district",
        "adcode",
        "evidence",
        ("sentence_index", _I),
        ("confidence", _F),
    ),  # fmt: skip
    "enrich_event_parties": _schema("event_id", ("position", _I), "entity_id", "name", "kind"),
    "enrich_event_attendees": _schema("event_id", "name", "title", "affiliation", "role"),
    "enrich_metrics": _schema(
        "text", ("value", _F), "unit", "counted", ("approx", _B), ("start_offset", _I)
    ),
    "enrich_terms": _schema("term", ("tf", _I)),
    "enrich_topics": _schema("topic", ("hits", _I)),
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
            article
            | m.model_dump(exclude={"start", "end"})
            | {"start_offset": m.start, "end_offset": m.end}
            for m in enrichment.mentions
        ],
        "enrich_people": [article | p.model_dump() for p in enrichment.people],
        "enrich_places": [article | p.model_dump() for p in enrichment.places],
        "enrich_metrics": [
            article | m.model_dump(exclude={"start"}) | {"start_offset": m.start}
            for m in enrichment.metrics
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
