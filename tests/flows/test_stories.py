"""Stories through the ingest flow: copies of one deal under several outlets are one deal."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.ingest import ingest
from tests.flows.test_ingest import query
from tests.tasks.stories.news import COURSE, DEAL, OUTLETS, repost
from tests.warehouse import rows

pytestmark = pytest.mark.usefixtures("prefect_harness")

TITLE = "青岚市与星河智能签署智慧教育战略合作协议"


def write_copy(folder: Path, outlet: int, body: str, minute: int) -> None:
    """A copied web page as text: title, outlet-and-time line, the outlet's header, body, footer."""
    name, _, _ = OUTLETS[outlet]
    page = f"{TITLE}\n来源：{name} 2024-03-28 10:{minute:02d}\n{body}\n"
    (folder / f"copy-{outlet}.txt").write_text(page, encoding="utf-8")


def test_partnerships_count_a_reposted_deal_once_with_its_outlets(tmp_path):
    db, news = tmp_path / "w.duckdb", tmp_path / "news"
    news.mkdir()
    write_copy(news, 0, repost(DEAL, 0), 0)
    write_copy(news, 1, repost(DEAL, 1, edits=1), 30)
    write_copy(news, 2, repost(DEAL, 2, edits=3), 45)
    (news / "course.txt").write_text(f"湖光二中开设人工智能通识课\n{COURSE}\n", encoding="utf-8")
    ingest(sources=[str(news)], db_path=str(db))

    deal = "SELECT {} FROM {} WHERE list_contains(parties, '青岚市教育局')"
    by_article = query(db, deal.format("outlet", "analytics.partnerships_by_article"))
    assert sorted(o for (o,) in by_article) == ["星海科技网", "湖光晚报", "青岚日报"]
    ((outlet, copies, outlets, story, article),) = query(
        db, deal.format("outlet, copies, outlets, story_id, article_id", "analytics.partnerships")
    )
    assert (outlet, copies, outlets) == ("青岚日报", 3, ["星海科技网", "湖光晚报", "青岚日报"])
    assert story == article  # the earliest copy reports it
    assert query(db, "SELECT count(*), sum(copies) FROM analytics.stories") == [(2, 4)]

    write_copy(news, 3, repost(DEAL, 3), 50)  # a later run brings one more copy
    ingest(sources=[str(news)], db_path=str(db))
    assert query(db, deal.format("copies", "analytics.partnerships")) == [(4,)]
    assert query(db, "SELECT count(DISTINCT story_id) FROM core.articles") == [(2,)]


def test_an_ingest_on_a_warehouse_from_before_stories_groups_its_articles(tmp_path):
    db, news = tmp_path / "w.duckdb", tmp_path / "news"
    news.mkdir()
    with rows.build(db, before=7) as con:
        for name, body in (("old-deal", DEAL), ("old-course", COURSE)):
            rows.article(
                con, f"{name:0<20}", f"/old/{name}.txt", text=body, text_simplified=body,
                published_at=datetime(2024, 3, 28, 1, 0, tzinfo=UTC),
            )  # fmt: skip
    write_copy(news, 1, repost(DEAL, 1, edits=2), 30)
    summary = ingest(sources=[str(news)], db_path=str(db))
    assert summary.n_new == 1
    assert query(db, "SELECT story_id, count(*) FROM core.articles GROUP BY ALL ORDER BY 1") == [
        (f"{'old-course':0<20}", 1), (f"{'old-deal':0<20}", 2),
    ]  # fmt: skip
    assert query(db, "SELECT count(*) FROM core.article_signatures") == [(3,)]
