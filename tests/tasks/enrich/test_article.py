"""Tests for enriching one article: every rule's rows from one small news story."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pytest

from schemas import Article, InputFormat
from schemas.enrichment import ENRICHER_VERSION, EnrichInput, Enrichment, entity_id
from tasks.enrich.article import enrich_article, enrich_input

TITLE = "合肥市教育局與科大訊飛簽署智慧教育合作協議"
TEXT = (
    "5月20日，合肥市教育局与科大讯飞股份有限公司在合肥签署智慧教育战略合作协议。"
    "合肥市教育局局长王立新、科大讯飞副总裁赵明出席签约仪式并致辞。"
    "根据协议，全市300所中小学已建成智慧课堂，覆盖超过20万名学生，并推进因材施教。"
)
PUBLISHED = datetime.fromisoformat("2024-05-21T09:00:00+08:00")


def _enrich(text: str = TEXT, title: str | None = TITLE) -> Enrichment:
    item = EnrichInput(
        article_id="b" * 20,
        content_hash="c" * 64,
        title=title,
        text_simplified=text,
        published_at=PUBLISHED,
    )
    return enrich_article(item)


@pytest.fixture(scope="module")
def enriched() -> Enrichment:
    return _enrich()


def test_people_carry_title_and_affiliation(enriched: Enrichment) -> None:
    people = [(p.name, p.title, p.affiliation) for p in enriched.people]
    assert people == [("王立新", "局长", "合肥市教育局"), ("赵明", "副总裁", "科大讯飞")]
    assert enriched.people[0].entity_id == entity_id("person", "王立新")


def test_places_count_mentions_and_flag_the_primary_one(enriched: Enrichment) -> None:
    [place] = enriched.places
    assert (place.province, place.city, place.adcode) == ("安徽省", "合肥市", "340100")
    assert place.mentions == 4  # the title (converted to Simplified), 合肥市 twice more, 合肥
    assert place.is_primary


def test_one_signing_with_parties_date_place_and_attendees(enriched: Enrichment) -> None:
    [event] = enriched.events
    assert event.event_type == "sign_agreement"
    assert [(p.name, p.kind) for p in event.parties] == [
        ("合肥市教育局", "edu_bureau"),
        ("科大讯飞", "company"),
    ]
    assert event.parties[1].entity_id == entity_id("company", "科大讯飞")
    assert (event.event_date, event.date_precision, event.date_source) == (
        "2024-05-20",
        "day",
        "sentence",
    )
    assert (event.venue, event.adcode) == ("合肥市", "340100")
    assert event.agreement == "智慧教育战略合作协议"
    assert event.agreement_kind == "strategic"
    # The ceremony sentence adds the attendees to the event instead of making a new one.
    assert [(a.name, a.role) for a in event.attendees] == [
        ("王立新", "speaker"),
        ("赵明", "speaker"),
    ]
    assert event.sentence_index == 1  # the title is sentence 0
    assert event.confidence == 0.95


def test_metrics_and_topics(enriched: Enrichment) -> None:
    metrics = [(m.text, m.value, m.unit, m.counted, m.approx) for m in enriched.metrics]
    assert metrics == [
        ("300所中小学", 300.0, "所", "中小学", False),
        ("20万名学生", 200000.0, "名", "学生", True),
    ]
    document = f"{TITLE}\n{TEXT}"
    assert document[enriched.metrics[1].start :].startswith("20万名学生")
    assert enriched.topics == {"智慧课堂": 1, "因材施教": 1}


def test_mentions_tokens_terms_and_version(enriched: Enrichment) -> None:
    kinds = {(m.name, m.kind) for m in enriched.mentions}
    assert {("合肥市教育局", "edu_bureau"), ("科大讯飞", "company"), ("赵明", "person")} <= kinds
    assert ("安徽省合肥市", "place") in kinds
    assert [m.start for m in enriched.mentions] == sorted(m.start for m in enriched.mentions)
    assert "科大讯飞" in enriched.tokens.split() and "讯飞" in enriched.tokens.split()
    assert enriched.terms["合肥市"] == 3
    assert enriched.enricher_version == ENRICHER_VERSION


def test_text_that_is_not_chinese_gets_only_tokens_terms_and_topics() -> None:
    enriched = _enrich("Schools in Hefei open AI classrooms; teachers welcome the AI课程.", None)
    assert enriched.tokens.startswith("schools in hefei open ai classrooms")
    assert enriched.terms["schools"] == 1
    assert enriched.topics == {"AI课程": 1}
    assert not (enriched.people or enriched.places or enriched.events or enriched.metrics)


def test_enrich_input_takes_the_simplified_text_of_an_article() -> None:
    text = "合肥市教育局與科大訊飛簽署協議，雙方將共建智慧課堂。"
    article = Article(
        article_id="d" * 20,
        source_uri="/in/a.txt",
        title="簽約",
        published_at=PUBLISHED,
        text=text,
        encoding="utf-8",
        input_format=InputFormat.TEXT,
        raw_sha256=hashlib.sha256(text.encode()).hexdigest(),
    )
    item = enrich_input(article)
    assert item.text_simplified == "合肥市教育局与科大讯飞签署协议，双方将共建智慧课堂。"
    assert (item.article_id, item.content_hash) == (article.article_id, article.content_hash)
    assert item.title == "簽約"  # the title is converted when enriched
