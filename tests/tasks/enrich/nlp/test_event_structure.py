"""Tests for how a sentence's structure splits its organisations into events, and for the dates
of events on real-looking reports (issue 10).

`A分别与B、C、D签署` is three events; `A与B、C与D分别签署` two pairs; a county signing one project
after another (`与B签订…、与C签订…`) one event per project partner; `A与B、C签署三方协议` one event;
people who sign `分别代表A与B` or `代表双方` sign for organisations, never for a department; a
witness's sentence, a speech restating the deal and a plan (`将签署`) add no event; two titled
agreements signed together are two events. The fixtures are invented.
"""

from __future__ import annotations

from schemas.enrichment import Event
from tests.tasks.enrich.nlp.test_events import enrich


def events_of(text: str, published: str | None = None, title: str | None = None) -> list[Event]:
    return enrich(text, title=title, published=published).events


def parties(events: list[Event]) -> list[list[str]]:
    return [[p.name for p in e.parties] for e in events]


def test_one_party_signing_with_each_of_several_makes_one_event_each() -> None:
    text = (
        "6月3日，青禾市人民政府分别与星河云智科技有限公司、东岭大学、"
        "北川智能装备股份有限公司签署战略合作协议。"
    )
    assert parties(events_of(text)) == [
        ["青禾市人民政府", "星河云智科技有限公司"],
        ["青禾市人民政府", "东岭大学"],
        ["青禾市人民政府", "北川智能装备股份有限公司"],
    ]


def test_two_pairs_that_sign_respectively_are_two_events_not_a_cross_product() -> None:
    text = (
        "仪式上，青禾市人民政府与星河云智集团、青禾高新区管委会与星河云智科技有限公司"
        "分别签署合作协议。"
    )
    assert parties(events_of(text)) == [
        ["青禾市人民政府", "星河云智集团"],
        ["青禾高新区管委会", "星河云智科技有限公司"],
    ]


def test_a_county_signing_project_after_project_makes_one_event_per_partner() -> None:
    text = (
        "9月6日，云溪县在招商引资大会上与北川智能装备股份有限公司签订总投资8亿元的装备制造项目、"
        "与南岭食品有限公司签订总投资3亿元的食品加工项目等6个项目签约。"
    )
    found = events_of(text)
    assert [names[1] for names in parties(found)] == [
        "北川智能装备股份有限公司",
        "南岭食品有限公司",
    ]
    assert all("云溪县" in names[0] for names in parties(found))
    assert [e.event_date for e in found] == ["XXXX-09-06", "XXXX-09-06"]


def test_a_three_party_agreement_is_one_event() -> None:
    text = "5月8日，东岭大学与青禾市教育局、星河云智科技有限公司签署三方合作协议。"
    assert parties(events_of(text)) == [["东岭大学", "青禾市教育局", "星河云智科技有限公司"]]


def test_people_signing_for_two_organisations_make_them_the_parties() -> None:
    text = (
        "5月14日，在新校区奠基仪式上，南岭银行青禾分行行长周立新与星河集团董事长郑海涛，"
        "分别代表南岭银行青禾分行与东岭科技大学签署全面战略合作协议。"
    )
    assert parties(events_of(text)) == [["南岭银行青禾分行", "东岭科技大学"]]


def test_a_department_head_signing_for_both_sides_signs_for_the_university() -> None:
    text = (
        "1月9日，东岭大学与北川智能装备股份有限公司共建的联合实验室揭牌仪式在东岭大学举行。"
        "东岭大学科研处处长冯志远、北川智能装备股份有限公司总经理钱立群出席仪式。"
        "随后，冯志远与钱立群代表双方签署合作协议。"
    )
    signed = [e for e in events_of(text) if e.event_type == "sign_agreement"]
    assert parties(signed) == [["东岭大学", "北川智能装备股份有限公司"]]


def test_a_witness_sentence_adds_no_event_and_no_party() -> None:
    text = (
        "12月7日，青禾省人民政府与东岭大学签署战略合作协议。"
        "省长林正清，东岭大学校长、中国工程院院士邵明远见证签约。"
    )
    assert parties(events_of(text)) == [["青禾省人民政府", "东岭大学"]]


def test_a_speech_restating_the_deal_is_not_a_second_event() -> None:
    text = (
        "4月3日上午，青禾区人民政府与东岭教育集团签署合作办学协议。"
        "东岭大学副校长唐晓峰指出，此次青禾区人民政府与东岭教育集团达成合作办学协议，"
        "必将进一步发挥双方优势。"
    )
    assert parties(events_of(text)) == [["青禾区人民政府", "东岭教育集团"]]


def test_a_plan_to_sign_is_not_an_event() -> None:
    text = "东岭大学与星河云智科技有限公司将于下月签署战略合作协议，共建人工智能学院。"
    assert events_of(text) == []


def test_two_titled_agreements_signed_together_are_two_events() -> None:
    text = (
        "东岭大学与南岭银行签署战略合作协议。"
        "4月12日，双方在东岭大学图书馆签署了《共建金融科技学院框架协议》与《全面战略合作协议》。"
    )
    found = events_of(text)
    assert parties(found) == [["东岭大学", "南岭银行"], ["东岭大学", "南岭银行"]]
    assert {e.agreement for e in found} == {"共建金融科技学院框架协议", "全面战略合作协议"}
    assert len({e.event_id for e in found}) == 2


def test_a_page_date_months_after_a_day_without_a_year_gives_no_year() -> None:
    text = "10月8日上午，青禾省人民政府与东岭大学签署战略合作协议。"
    found = events_of(text, published="2019-03-27T11:39:11+08:00")
    assert [e.event_date for e in found] == ["XXXX-10-08"]


def test_a_report_early_in_january_dates_a_late_december_signing_in_the_year_before() -> None:
    text = "12月28日，青禾省人民政府与东岭大学签署战略合作协议。"
    found = events_of(text, published="2024-01-06T09:00:00+08:00")
    assert [e.event_date for e in found] == ["2023-12-28"]


def test_a_page_time_with_the_year_above_the_day_gives_the_year() -> None:
    text = "[ 青禾新闻 ]\n2023\n02-06\n09:23\n2月1日，青禾市人民政府与星河云智科技有限公司签订战略合作协议。"
    assert [e.event_date for e in events_of(text)] == ["2023-02-01"]


def test_a_dateline_alone_dates_the_event_and_says_so() -> None:
    text = "晨报财经6月9日电，东岭大学与星河云智科技有限公司今天在青禾签署战略合作协议。"
    found = events_of(text)
    assert [(e.event_date, e.date_source) for e in found] == [("XXXX-06-09", "dateline")]


def test_a_day_after_a_dispatch_dateline_is_in_the_datelines_month() -> None:
    text = (
        "青禾日报东岭5月15日电（记者 林晓）14日，南岭银行青禾分行与东岭科技大学"
        "签署全面战略合作协议。"
    )
    found = events_of(text)
    assert [(e.event_date, e.date_source) for e in found] == [("XXXX-05-14", "sentence")]


def test_a_page_time_on_its_own_line_dates_an_undated_signing_as_a_dateline() -> None:
    text = "青禾观察·2025-11-20 08:00\n东岭大学与星河云智科技有限公司签署人工智能教育合作协议。"
    found = events_of(text)
    assert [(e.event_date, e.date_source) for e in found] == [("2025-11-20", "dateline")]


def test_the_day_a_dispatch_opens_with_dates_the_signing_told_after_it() -> None:
    text = (
        "青禾日报东岭5月15日电（记者 林晓）14日，东岭科技大学新校区开工建设。"
        "在开工仪式上，南岭银行青禾分行与东岭科技大学签署全面战略合作协议。"
    )
    found = events_of(text)
    assert [(e.event_date, e.date_source) for e in found] == [("XXXX-05-14", "article")]


def test_two_signing_with_one_respectively_make_one_event_each() -> None:
    text = "6月3日，东岭大学、南岭师范学院分别与星河云智科技有限公司签署人工智能教育合作协议。"
    assert parties(events_of(text)) == [
        ["东岭大学", "星河云智科技有限公司"],
        ["南岭师范学院", "星河云智科技有限公司"],
    ]


def test_four_parties_without_respectively_are_one_event() -> None:
    text = (
        "6月3日，青禾市教育局、东岭大学与星河云智科技有限公司、北川智能装备股份有限公司"
        "签署合作协议。"
    )
    assert parties(events_of(text)) == [
        ["青禾市教育局", "东岭大学", "星河云智科技有限公司", "北川智能装备股份有限公司"]
    ]


def test_a_signing_that_plans_a_further_contract_is_still_a_signing() -> None:
    text = "6月3日，东岭大学与星河云智科技有限公司签署框架协议，并将于年内签订具体项目合同。"
    assert parties(events_of(text)) == [["东岭大学", "星河云智科技有限公司"]]


def test_a_later_partner_in_a_plan_is_not_a_listed_signing() -> None:
    text = (
        "6月3日，东岭大学与星河云智科技有限公司签署合作协议，"
        "双方今后还将视情况与南岭银行签约共建实验室。"
    )
    assert parties(events_of(text)) == [["东岭大学", "星河云智科技有限公司"]]


def test_one_with_two_that_sign_respectively_pairs_the_first_with_each() -> None:
    text = "6月3日，东岭大学与星河云智科技有限公司、北川智能装备股份有限公司分别签署合作协议。"
    assert parties(events_of(text)) == [
        ["东岭大学", "星河云智科技有限公司"],
        ["东岭大学", "北川智能装备股份有限公司"],
    ]
