"""Enrich batches: stored articles → enrich spool tables, every row keyed by its article_id."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq

from schemas.enrichment import ENRICHER_VERSION, EnrichInput
from tasks.batch.enriching import enrich_batch
from tasks.enrich.article import enrich_article
from tasks.load.enrichment_rows import ENRICH_TABLES
from tasks.load.spool import TABLES

SIGNING = EnrichInput(
    article_id="art-nanshan-signing",
    content_hash="a" * 64,
    title="广东省深圳市南山区教育局与岭南智学科技有限公司签署人工智能教育合作协议",
    text_simplified=(
        "4月8日，深圳市南山区教育局与岭南智学科技有限公司在南山区签署人工智能教育合作协议。"
        "南山区教育局局长王建华、岭南智学科技有限公司副总裁李明出席签约仪式并致辞。"
        "根据协议，双方将共建人工智能教育实验室，覆盖全区30所中小学，培训教师500名。"
    ),
    published_at=datetime(2024, 4, 9, 2, 0, tzinfo=UTC),
)
CODING_CLASS = EnrichInput(
    article_id="art-xihu-coding",
    content_hash="b" * 64,
    title="浙江省杭州市西湖区小学开设编程课",
    text_simplified=(
        "杭州市西湖区多所小学本学期开设编程课，学生在课堂上学习图形化编程和机器人搭建。"
        "西湖区教育局表示，将逐步扩大覆盖范围。"
    ),
    published_at=None,
)
SHORT_NOTICE = EnrichInput(
    article_id="art-notice",
    content_hash="c" * 64,
    title=None,
    text_simplified="本周六上午举行家长开放日活动，欢迎各位家长参加。",
    published_at=None,
)
ITEMS = [SIGNING, CODING_CLASS, SHORT_NOTICE]


def rows(files: dict[str, str], table: str) -> list[dict[str, object]]:
    return pq.read_table(files[table]).to_pylist()


def test_enrich_batch_spools_one_enrich_articles_row_per_item_and_nothing_else(
    tmp_path: Path,
) -> None:
    result = enrich_batch(4, ITEMS, str(tmp_path / "spool"))

    assert (result.batch_no, result.n_inputs, result.n_articles, result.n_rejects) == (4, 3, 3, 0)
    assert set(result.spool_files) == set(TABLES)
    assert all(Path(f).name.startswith("enrich-00004.") for f in result.spool_files.values())
    assert [
        (r["article_id"], r["content_hash"], r["enricher_version"])
        for r in rows(result.spool_files, "enrich_articles")
    ] == [(item.article_id, item.content_hash, ENRICHER_VERSION) for item in ITEMS]
    ids = {item.article_id for item in ITEMS}
    for table in ENRICH_TABLES:
        assert {r["article_id"] for r in rows(result.spool_files, table)} <= ids, table
    for table in ("documents", "articles", "rejects", "not_modified", "fetch_log"):
        assert rows(result.spool_files, table) == [], table


def test_enrich_rows_belong_to_the_article_they_were_found_in(tmp_path: Path) -> None:
    result = enrich_batch(1, ITEMS, str(tmp_path))
    files = result.spool_files

    [event] = rows(files, "enrich_events")
    assert event["article_id"] == SIGNING.article_id
    assert (event["event_type"], event["event_date"]) == ("sign_agreement", "2024-04-08")
    parties = [r for r in rows(files, "enrich_event_parties") if r["event_id"] == event["event_id"]]
    assert [p["position"] for p in parties] == [0, 1]
    assert {p["article_id"] for p in parties} == {SIGNING.article_id}
    assert "岭南智学科技有限公司" in {p["name"] for p in parties}
    attendees = rows(files, "enrich_event_attendees")
    assert {(a["article_id"], a["event_id"]) for a in attendees} == {
        (SIGNING.article_id, event["event_id"])
    }

    people = {(r["article_id"], r["name"], r["title"]) for r in rows(files, "enrich_people")}
    assert people == {
        (SIGNING.article_id, "王建华", "局长"),
        (SIGNING.article_id, "李明", "副总裁"),
    }

    primary = {
        r["article_id"]: r["adcode"] for r in rows(files, "enrich_places") if r["is_primary"]
    }
    assert primary == {SIGNING.article_id: "440305", CODING_CLASS.article_id: "330106"}

    metrics = [(r["article_id"], r["value"], r["unit"]) for r in rows(files, "enrich_metrics")]
    assert metrics == [(SIGNING.article_id, 30.0, "所"), (SIGNING.article_id, 500.0, "名")]

    # Mentions keep their offsets, article by article, in the order they were found.
    for item in ITEMS:
        found = enrich_article(item).mentions
        spooled = [r for r in rows(files, "enrich_mentions") if r["article_id"] == item.article_id]
        assert [(r["name"], r["start_offset"], r["end_offset"]) for r in spooled] == [
            (m.name, m.start, m.end) for m in found
        ]
    assert not [
        r for r in rows(files, "enrich_mentions") if r["article_id"] == SHORT_NOTICE.article_id
    ]


def test_an_empty_batch_writes_empty_tables(tmp_path: Path) -> None:
    result = enrich_batch(0, [], str(tmp_path))

    assert (result.n_inputs, result.n_articles) == (0, 0)
    assert set(result.spool_files) == set(TABLES)
    assert all(rows(result.spool_files, t) == [] for t in TABLES)
