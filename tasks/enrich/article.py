"""Enrich one stored article: entities, people, places, events, metrics, terms and topics.

Reads only the article's stored fields (EnrichInput), so new rules can re-enrich the warehouse
without fetching anything. Works on `title + "\\n" + text_simplified`; offsets point into that.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import schemas.enrichment as enrichment_schema
from schemas import Article
from schemas.dates import CHINA_TZ
from schemas.enrichment import (
    EnrichInput,
    Enrichment,
    Mention,
    Metric,
    Person,
    Place,
    entity_id,
)
from tasks.decode.script import to_simplified
from tasks.enrich.nlp.dates import find_dates
from tasks.enrich.nlp.entities import OrgMention, PersonMention, find_organisations, find_people
from tasks.enrich.nlp.events import EventContext, find_events
from tasks.enrich.nlp.metrics import find_metrics
from tasks.enrich.nlp.places import PlaceMention, Region, find_places, primary_region
from tasks.enrich.nlp.segment import segment, segment_latin
from tasks.enrich.nlp.text import split_sentences
from tasks.enrich.nlp.topics import find_topics

# Keep the most frequent content words per article; TF-IDF over the corpus is a warehouse view.
_MAX_TERMS = 200
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Below this share of Han characters a text is not Chinese news: the Chinese rules are skipped.
_MIN_HAN_SHARE = 0.05


def enrich_input(article: Article) -> EnrichInput:
    """The fields of a freshly extracted article that enrichment reads."""
    return EnrichInput(
        article_id=article.article_id,
        content_hash=article.content_hash,
        title=article.title,
        text_simplified=article.text_simplified or to_simplified(article.text),
        published_at=article.published_at,
    )


def enrich_article(item: EnrichInput) -> Enrichment:
    """Run every enrichment rule over one article (only tokens and terms for non-Chinese text)."""
    document = (
        f"{to_simplified(item.title)}\n{item.text_simplified}"
        if item.title
        else item.text_simplified
    )
    if len(_HAN.findall(document)) < _MIN_HAN_SHARE * len(document):
        latin = segment_latin(document)
        return Enrichment(
            article_id=item.article_id, content_hash=item.content_hash, tokens=latin.tokens,
            enricher_version=enrichment_schema.ENRICHER_VERSION,
            mentions=[], people=[], places=[], events=[], metrics=[],
            terms=dict(latin.terms.most_common(_MAX_TERMS)), topics=find_topics(document),
        )  # fmt: skip
    words = segment(document)
    published = _local_date(item)
    places = find_places(document)
    orgs = find_organisations(document, places)
    people = find_people(document, orgs)
    context = EventContext(
        article_id=item.article_id,
        text=document,
        sentences=split_sentences(document),
        orgs=orgs,
        people=people,
        dates=find_dates(document, published),
        published=published,
        primary_region=primary_region(places),
    )
    return Enrichment(
        article_id=item.article_id,
        content_hash=item.content_hash,
        enricher_version=enrichment_schema.ENRICHER_VERSION,  # read now: a bump takes effect
        tokens=words.tokens,
        mentions=_mentions(orgs, people, places),
        people=[_person(p) for p in people],
        places=_places(places),
        events=find_events(context),
        # The rule's metrics carry the schema's fields (and their end offset, not stored).
        metrics=[Metric.model_validate(m, from_attributes=True) for m in find_metrics(document)],
        terms=dict(words.terms.most_common(_MAX_TERMS)),
        topics=find_topics(document),
    )  # fmt: skip


def _local_date(item: EnrichInput) -> date | None:
    """The publication day in China time, against which yearless dates are resolved."""
    return item.published_at.astimezone(CHINA_TZ).date() if item.published_at else None


def _mentions(
    orgs: list[OrgMention], people: list[PersonMention], places: list[PlaceMention]
) -> list[Mention]:
    rows = [
        Mention(
            entity_id=entity_id(o.kind, o.name), name=o.name, kind=o.kind,
            surface=o.surface, start=o.start, end=o.end,
        )
        for o in orgs
    ]  # fmt: skip
    rows += [
        Mention(
            entity_id=entity_id("person", p.name), name=p.name, kind="person",
            surface=p.name, start=p.end - len(p.name), end=p.end,
        )
        for p in people
    ]  # fmt: skip
    for place in places:
        name = _place_name(place)
        rows.append(
            Mention(
                entity_id=entity_id("place", name), name=name, kind="place",
                surface=place.surface, start=place.start, end=place.end,
            )
        )  # fmt: skip
    return sorted(rows, key=lambda m: m.start)


def _place_name(place: PlaceMention) -> str:
    region = place.region
    return "".join(dict.fromkeys(x for x in (region.province, region.city, region.district) if x))


def _person(person: PersonMention) -> Person:
    return Person(
        entity_id=entity_id("person", person.name),
        name=person.name,
        title=person.title,
        affiliation=person.affiliation,
    )


def _places(mentions: list[PlaceMention]) -> list[Place]:
    """One row per region, with how often the article names it; the primary one flagged."""
    primary = primary_region(mentions)
    counts = Counter(m.region for m in mentions)
    first: dict[Region, str] = {}
    for mention in mentions:
        first.setdefault(mention.region, mention.surface)
    return [
        Place(
            province=region.province,
            city=region.city,
            district=region.district,
            adcode=region.adcode,
            surface=first[region],
            mentions=count,
            is_primary=region == primary,
        )
        for region, count in counts.items()
    ]
