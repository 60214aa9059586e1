"""Enrichment of stored articles: entities, people, places, dates in text, cooperation events,
metrics, terms and topics. The rules live in `nlp/`, their domain data in `nlp/data/`.

Imports `schemas` and `tasks.decode`."""
