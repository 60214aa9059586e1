"""Small hand-made rows for the load tests: articles, documents, rejects and an enrichment."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from schemas import Article, InputFormat, RawDocument, Reject, RejectReason, Stage, TextRepair
from schemas.article import make_article_id
from schemas.enrichment import (
    ENRICHER_VERSION,
    Enrichment,
    Event,
    EventAttendee,
    EventParty,
    Mention,
    Metric,
    Person,
    Place,
    entity_id,
)

CHINA = timezone(timedelta(hours=8))
TEXT = "湖光市第二中学与星河智能签署人工智能教育合作协议，双方将共建智慧课堂实验室。"


def sha(text: str) -> str:
    """Return the SHA-256 hex digest of a text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article(source_uri: str = "/in/a.txt", url: str | None = None, **fields: Any) -> Article:
    """Return a valid article; keyword arguments replace its fields."""
    values: dict[str, Any] = {
        "article_id": make_article_id(url, source_uri),
        "source_uri": source_uri,
        "url": url,
        "title": "湖光二中与星河智能签约",
        "published_at": datetime(2024, 3, 28, 16, 14, tzinfo=CHINA),
        "published_precision": "minute",
        "outlet": "湖光日报",
        "text": TEXT,
        "encoding": "utf-8",
        "input_format": InputFormat.TEXT,
        "categories": ["教育"],
        "tags": ["人工智能", "合作"],
        "raw_sha256": sha(source_uri),
        "script": "simplified",
        "text_simplified": TEXT,
    }
    return Article(**(values | fields))


def repaired_article(source_uri: str = "/in/repaired.txt") -> Article:
    """Return an article with one mojibake repair and no date, author or URL."""
    repair = TextRepair(
        start=2, end=4, garbled="涓浗", repaired="中国", gain=1.5, confidence="high"
    )
    return article(
        source_uri, published_at=None, published_precision=None, mojibake_repairs=[repair]
    )


def raw_document(source_uri: str = "/in/a.txt", content: bytes = TEXT.encode()) -> RawDocument:
    """Return the bytes of one input as read."""
    return RawDocument(
        source_uri=source_uri,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        content=content,
        is_complete=True,
        headers={"content-type": "text/plain; charset=utf-8", "x-note": "湖光"},
        fetched_at=datetime(2024, 3, 29, 8, 0, tzinfo=UTC),
    )


def reject(source_uri: str = "/in/empty.txt") -> Reject:
    """Return the reject of an empty input."""
    return Reject.at(Stage.READ, RejectReason.EMPTY, "文件为空", source_uri)


def enrichment(item: Article) -> Enrichment:
    """Return an enrichment of an article with one of everything (and two event parties)."""
    school, company = entity_id("school", "湖光市第二中学"), entity_id("company", "星河智能")
    parties = [
        EventParty(entity_id=school, name="湖光市第二中学", kind="school"),
        EventParty(entity_id=company, name="星河智能", kind="company"),
    ]
    event = Event(
        event_id=sha(item.article_id)[:16],
        event_type="sign_agreement",
        trigger="签署",
        parties=parties,
        agreement="人工智能教育合作协议",
        agreement_kind="合作协议",
        event_date="2024-03-28",
        date_precision="day",
        date_source="publication",
        venue=None,
        province="湖光省",
        city="湖光市",
        district=None,
        adcode=None,
        attendees=[
            EventAttendee(name="李明", title="校长", affiliation="湖光市第二中学", role="signatory")
        ],
        evidence=TEXT,
        sentence_index=0,
        confidence=0.9,
    )
    return Enrichment(
        article_id=item.article_id,
        content_hash=item.content_hash,
        enricher_version=ENRICHER_VERSION,
        tokens="湖光 二中 星河 智能 签约",
        mentions=[
            Mention(
                entity_id=school,
                name="湖光市第二中学",
                kind="school",
                surface="湖光市第二中学",
                start=12,
                end=19,
            ),
            Mention(
                entity_id=company,
                name="星河智能",
                kind="company",
                surface="星河智能",
                start=20,
                end=24,
            ),
        ],  # fmt: skip
        people=[
            Person(
                entity_id=entity_id("person", "李明"),
                name="李明",
                title="校长",
                affiliation="湖光市第二中学",
            )
        ],  # fmt: skip
        places=[
            Place(
                province="湖光省",
                city="湖光市",
                district=None,
                adcode="990100",
                surface="湖光市",
                mentions=2,
                is_primary=True,
            )
        ],  # fmt: skip
        events=[event],
        metrics=[Metric(text="两所", value=2.0, unit="所", counted="学校", approx=False, start=5)],
        terms={"人工智能": 2, "课堂": 1},
        topics={"ai_education": 3},
    )
