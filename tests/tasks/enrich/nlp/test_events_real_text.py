"""Tests for cooperation events on the failure types of real news text (issue 10).

Each fixture is written for one phenomenon seen on real reports: datelines and page times that give
the year, `同一天` after a dated narrative, `近日` giving no day, background mentions and tallies,
parties that are sentence prefixes, party committees, agreement titles or places. Texts go
through `enrich_article` without a publication date, as a text file without a header would.
"""

from __future__ import annotations

from datetime import datetime

from schemas.enrichment import EnrichInput, Event
from tasks.decode.script import to_simplified
from tasks.enrich.article import enrich_article


def events_of(text: str, published: str | None = None) -> list[Event]:
    item = EnrichInput(
        article_id="b" * 20,
        content_hash="h",
        title=None,
        text_simplified=to_simplified(text),
        published_at=datetime.fromisoformat(published) if published else None,
    )
    return enrich_article(item).events


def brief(events: list[Event]) -> list[tuple[list[str], str | None, str | None]]:
    return [([p.name for p in e.parties], e.event_date, e.date_source) for e in events]


def test_a_page_time_gives_the_year_of_a_later_day_without_one() -> None:
    text = (
        "2021-11-05 09:30:12|来源:宜宾晚报|编辑:周敏\n"
        "11月3日，宜宾市人民政府与宜宾远航智能科技有限公司签署人工智能教育合作协议。"
    )
    assert brief(events_of(text)) == [
        (["宜宾市人民政府", "宜宾远航智能科技有限公司"], "2021-11-03", "sentence")
    ]


def test_a_page_time_before_the_signing_gives_no_year() -> None:
    text = "发布日期:2019/2/14\n10月8日上午，青川省人民政府与青川理工大学签署战略合作协议。"
    assert [e.event_date for e in events_of(text)] == ["XXXX-10-08"]


def test_a_dateline_yields_to_the_day_the_sentence_gives() -> None:
    text = (
        "南湖日报10月15日讯 10月14日上午，云溪县人民政府与星河建设集团有限公司"
        "合作框架协议签约仪式举行。"
    )
    assert [e.event_date for e in events_of(text)] == ["XXXX-10-14"]


def test_the_same_day_takes_the_narratives_last_date() -> None:
    text = (
        "观潮财经·2024-11-20 08:00\n"
        "11月12日，教育部与东湖省在北京举行部省会商会议。"
        "同一天，东湖省人民政府与北方科技大学在京签署深化战略合作协议。"
        "11月14日，东湖省教育厅与南山大学签署入驻办学协议。"
    )
    found = brief(events_of(text))
    assert (["东湖省人民政府", "北方科技大学"], "2024-11-12", "narrative") in found, found
    assert (["东湖省教育厅", "南山大学"], "2024-11-14", "sentence") in found, found


def test_recently_gives_no_day_even_under_a_dated_header() -> None:
    text = (
        "时间:2023-05-18 10:20:00\n"
        "本报讯 日前，北岭大学与华信通信有限公司北岭分公司签署数智校园共建协议。"
    )
    assert brief(events_of(text)) == [(["北岭大学", "华信通信有限公司北岭分公司"], None, None)]
