"""Tests for cooperation events on the failure types of real news text (issue 10).

Each fixture is written for one phenomenon seen on real reports: datelines and page times that give
the year, `同一天` after a dated narrative, `近日` giving no day, background mentions and tallies,
parties that are sentence prefixes, party committees, agreement titles or places. Texts go
through `enrich_article` without a publication date, as a text file without a header would.
"""

from __future__ import annotations

from schemas.enrichment import Event
from tests.tasks.enrich.nlp.test_events import enrich


def events_of(text: str, published: str | None = None) -> list[Event]:
    return enrich(text, published=published).events


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


def test_a_tally_of_earlier_signings_is_not_an_event() -> None:
    text = "至此，三大出版集团已全部与省教育厅签署了数字教材合作协议，合作格局基本形成。"
    assert events_of(text) == []


def test_a_background_signing_is_not_an_event() -> None:
    assert events_of("2019年绵州大学与绵阳市政府签订市校合作协议以来，双方合作不断深化。") == []
    assert events_of("三年前，绵州大学与绵阳市政府签署了合作框架协议。") == []


def test_a_proposal_to_sign_is_not_an_event() -> None:
    text = "市教育局关于提请签署《绵州大学绵阳市人民政府合作办学补充协议书》的请示。"
    assert events_of(text) == []


def test_a_players_contract_is_not_an_event() -> None:
    text = "12日，成都星河足球俱乐部与重庆籍球员王晓峰签署了两年合同。"
    assert events_of(text) == []


def test_a_sentence_prefix_is_not_part_of_a_party() -> None:
    text = (
        "为深化校地合作，助推宜宾学院新校区建设，"
        "宜宾学院与宜宾市城市建设投资集团有限公司签署战略合作协议。"
    )
    names = [[p.name for p in e.parties] for e in events_of(text)]
    assert names == [["宜宾学院", "宜宾市城市建设投资集团有限公司"]]


def test_a_meeting_before_the_signing_does_not_join_a_party_name() -> None:
    text = "昨与市长会见星云科技公司董事长一行，市政府与星云科技公司签署深化合作框架协议。"
    for event in events_of(text):
        assert all("会见" not in p.name and "与" not in p.name for p in event.parties)


def test_a_party_committee_is_not_a_party() -> None:
    text = "5月8日，集团党委委员、副总经理陈立与定安县委副书记、县长吴海代表双方签订项目投资协议。"
    for event in events_of(text):
        assert not any(p.name.endswith("党委") for p in event.parties), brief([event])


def test_a_person_is_not_a_party() -> None:
    text = "9月6日，北岭大学副校长李强出席仪式。李强和约翰·史密斯作为两校代表签署了谅解备忘录。"
    assert all(len(p.name) > 3 for e in events_of(text) for p in e.parties)


def test_the_party_is_named_before_the_place_where_it_signs() -> None:
    text = "5月20日，谷歌在上海与复旦大学签署两年期合作协议。"
    assert [[p.name for p in e.parties] for e in events_of(text)] == [["谷歌", "复旦大学"]]


def test_a_recap_sentence_adds_to_the_deal_told_before() -> None:
    text = (
        "12月25日，教育部与中国联合网络通信集团有限公司在北京签署战略合作框架协议。"
        "此次教育部与中国联通达成战略合作协议，是双方深化合作的重要举措。"
    )
    assert len(events_of(text)) == 1


def test_recently_in_a_dated_dispatch_gives_no_day_even_when_later_sentences_have_one() -> None:
    text = (
        "新华网四川新闻6月14日电 为深化校企合作，日前，宜宾学院与宜宾市城市建设投资集团有限公司"
        "签署战略合作协议。宜宾学院校长张平出席签约仪式。"
    )
    assert [e.event_date for e in events_of(text)] == [None]


def test_our_school_is_the_school_the_report_names() -> None:
    text = (
        "绵州理工学院科研处\n"
        "7月20日下午，我校与绵阳高新区创业中心、四川云图网络科技有限公司举行联合实验室共建签约仪式。"
        "签约仪式上，我校科研处处长刘红介绍了我校基本情况。"
        "绵州理工学院将与两家单位共建实验室。"
    )
    found = [[p.name for p in e.parties] for e in events_of(text)]
    assert found == [["绵州理工学院", "绵阳高新区创业中心", "四川云图网络科技有限公司"]], found


def test_the_deal_in_the_headline_and_the_body_is_one_event_under_two_names() -> None:
    text = (
        "青川省人民政府与绵州理工大学签署战略合作协议\n"
        "10月8日上午，青川省与绵州理工大学签署战略合作协议。双方将在科技创新等方面深化合作。"
    )
    assert [e.event_date for e in events_of(text)] == ["XXXX-10-08"]


def test_a_signing_ceremony_held_names_the_signing() -> None:
    text = (
        "2012-10-19 09:54:39 来源:津南晚报\n"
        "10月9日，中国电信集团公司与天津市政府《共建智慧津南战略合作框架协议》签字仪式在津举行。"
    )
    assert brief(events_of(text)) == [(["中国电信", "天津市政府"], "2012-10-09", "sentence")]
