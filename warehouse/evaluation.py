"""What an evaluation against a gold file reads: the stored records of the labelled documents."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from warehouse.db import read_sql
from warehouse.queries import QueryFailedError, read_only


@dataclass(frozen=True)
class StoredEvent:
    """A stored cooperation event, its parties in order."""

    article_id: str
    event_type: str
    parties: list[str]
    event_date: str | None


@dataclass(frozen=True)
class StoredPerson:
    """A stored person with the title and affiliation found beside the name."""

    article_id: str
    name: str
    title: str | None
    affiliation: str | None


@dataclass(frozen=True)
class StoredPlace:
    """A stored place; is_primary marks the article's main place."""

    article_id: str
    province: str | None
    city: str | None
    district: str | None
    is_primary: bool


@dataclass(frozen=True)
class DocumentRecords:
    """The articles of each named document and the events, people and places of those articles."""

    articles: dict[str, set[str]]  # every document named, in order; empty when none is stored
    events: list[StoredEvent]
    people: list[StoredPerson]
    places: list[StoredPlace]


def document_records(db_path: str | None, docs: list[str]) -> DocumentRecords:
    """Return the stored articles of the documents (by source file name) and their records.

    Args:
        db_path: The warehouse (None: $EDUNEWS_DB or the default).
        docs: File names of the documents, such as ``000_17c0a4eee11be776.txt``.

    Raises:
        FileNotFoundError: there is no warehouse yet.
        DatabaseLockedError: another process holds it.
        QueryFailedError: the warehouse lacks the tables (from before enrichment existed).
    """
    articles: dict[str, set[str]] = {doc: set() for doc in docs}
    with read_only(db_path) as con:
        try:
            for doc, article_id in con.execute(
                read_sql("articles_of_documents"), {"docs": list(articles)}
            ).fetchall():
                articles[doc].add(article_id)
            ids = {"article_ids": sorted({a for found in articles.values() for a in found})}
            if not ids["article_ids"]:  # nothing stored for the gold: no enrichment tables needed
                return DocumentRecords(articles, [], [], [])
            events = con.execute(read_sql("events_of_articles"), ids).fetchall()
            people = con.execute(read_sql("people_of_articles"), ids).fetchall()
            places = con.execute(read_sql("places_of_articles"), ids).fetchall()
        except duckdb.Error as exc:
            raise QueryFailedError(str(exc)) from exc
    return DocumentRecords(
        articles,
        [StoredEvent(*row) for row in events],
        [StoredPerson(*row) for row in people],
        [StoredPlace(*row) for row in places],
    )
