"""Tests for cooperation events, written from what a news analyst expects of an article.

Goes through the public entry point `tasks.enrich.article.enrich_article`: realistic sentences about
education and AI cooperation must yield one event of the right kind, parties, date and city;
look-alike uses of 签 (签署意见, 签约金, 赔偿协议, 劳动合同 …) and mere talk of 合作 must yield none.
Party names match by containment either way (科大讯飞 ~ 科大讯飞股份有限公司, 平湖中学 ~
深圳市龙岗区平湖中学), as in the seed gold file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from schemas.enrichment import EnrichInput, Enrichment, Event
from tasks.decode.script import to_simplified
from tasks.enrich.article import enrich_article

PUBLISHED = "2024-06-15T10:00:00+08:00"


def enrich(text: str, title: str | None = None, published: str | None = PUBLISHED) -> Enrichment:
    item = EnrichInput(
        article_id="a" * 20,
        content_hash="h",
        title=title,
        text_simplified=to_simplified(text),
        published_at=datetime.fromisoformat(published) if published else None,
    )
    return enrich_article(item)


def events_of(
    text: str, title: str | None = None, published: str | None = PUBLISHED
) -> list[Event]:
    return enrich(text, title, published).events


def _same(expected: str, name: str) -> bool:
    return expected in name or name in expected


def _brief(events: list[Event]) -> list[tuple[str, list[str], str | None, str | None]]:
    """What an assertion message shows: type, parties, date and city of each event."""
    return [(e.event_type, [p.name for p in e.parties], e.event_date, e.city) for e in events]


def assert_parties(event: Event, expected: tuple[str, ...]) -> None:
    names = [p.name for p in event.parties]
    assert len(names) == len(expected), names
    for want in expected:
        assert any(_same(want, name) for name in names), (want, names)
    for name in names:
        assert any(_same(want, name) for want in expected), (name, expected)


@dataclass(frozen=True)
class Expect:
    """One expected event; None fields are not checked."""

    event_type: str
    parties: tuple[str, ...]
    date: str | None = None
    city: str | None = None
    agreement: str | None = None  # a part of the agreement's name


# --- 1. signings in varied phrasings ------------------------------------------------------------

POSITIVE = [
    pytest.param(
        "6月12日，北京师范大学与科大讯飞股份有限公司签署战略合作协议，双方将在人工智能教育领域开展深度合作。",
        PUBLISHED,
        Expect("sign_agreement", ("北京师范大学", "科大讯飞"), "2024-06-12", None, "战略合作协议"),
        id="sign-strategic-university-company",
    ),
    pytest.param(
        "5月20日，杭州市教育局和华为技术有限公司签订合作框架协议，共同推进智慧校园建设。",
        PUBLISHED,
        Expect("sign_agreement", ("杭州市教育局", "华为"), "2024-05-20", "杭州市", "合作框架协议"),
        id="sign-framework-bureau-huawei",
    ),
    pytest.param(
        "4月18日，南京市鼓楼区人民政府与腾讯举行战略合作签约仪式，双方将在智慧教育、数字政务等领域展开合作。",
        PUBLISHED,
        Expect("sign_agreement", ("鼓楼区人民政府", "腾讯"), "2024-04-18", "南京市"),
        id="sign-ceremony-district-government-tencent",
    ),
    pytest.param(
        "6月6日，上海交通大学与商汤科技签署合作备忘录，将联合培养人工智能领域高端人才。",
        PUBLISHED,
        Expect("sign_agreement", ("上海交通大学", "商汤科技"), "2024-06-06", None, "备忘录"),
        id="sign-mou",
    ),
    pytest.param(
        "6月3日，深圳市南山区教育局、南方科技大学、腾讯三方签署人工智能教育合作协议。",
        PUBLISHED,
        Expect("sign_agreement", ("南山区教育局", "南方科技大学", "腾讯"), "2024-06-03", "深圳市"),
        id="sign-three-parties",
    ),
    pytest.param(
        "6月5日，华东师范大学与上海市徐汇区教育局续签教育综合改革合作协议。",
        PUBLISHED,
        Expect("renewal", ("华东师范大学", "徐汇区教育局"), "2024-06-05", "上海市"),
        id="renewal",
    ),
    pytest.param(
        "合肥市包河区教育局与科大讯飞达成合作意向，双方将在智慧课堂建设方面开展合作。",
        PUBLISHED,
        Expect("intent", ("包河区教育局", "科大讯飞"), None, "合肥市"),
        id="intent-reached",
    ),
    pytest.param(
        "6月6日，西安电子科技大学与中国移动陕西公司签署合作意向书。",
        PUBLISHED,
        Expect("intent", ("西安电子科技大学", "中国移动"), "2024-06-06", None, "意向书"),
        id="intent-letter-signed",
    ),
    pytest.param(
        "6月8日，华南师范大学与广州市天河区教育局共同为“人工智能教育实践基地”揭牌。",
        PUBLISHED,
        Expect(
            "unveil",
            ("华南师范大学", "天河区教育局"),
            "2024-06-08",
            "广州市",
            "人工智能教育实践基地",
        ),
        id="unveil-base",
    ),
    pytest.param(
        "2024年5月16日，香港中文大學與科大訊飛簽署戰略合作協議，雙方將共建人工智能聯合實驗室。",
        PUBLISHED,
        Expect("sign_agreement", ("香港中文大学", "科大讯飞"), "2024-05-16", None, "战略合作协议"),
        id="traditional-chinese",
    ),
    pytest.param(
        "6月10日，江南大学校长陈卫与无锡华云数据技术服务有限公司总裁许广彬代表双方签署产教融合合作协议。",
        PUBLISHED,
        Expect("sign_agreement", ("江南大学", "无锡华云数据技术服务有限公司"), "2024-06-10"),
        id="parties-through-people",
    ),
    pytest.param(
        "科大讯飞董事长刘庆峰与安徽大学校长匡光力代表双方签署人工智能人才培养合作协议。",
        PUBLISHED,
        Expect("sign_agreement", ("科大讯飞", "安徽大学")),
        id="parties-through-people-company-first",
    ),
    pytest.param(
        "3月28日，深圳市龙岗区平湖中学与科大讯飞在深举办战略合作框架协议签署仪式。",
        PUBLISHED,
        Expect(
            "sign_agreement", ("平湖中学", "科大讯飞"), "2024-03-28", "深圳市", "战略合作框架协议"
        ),
        id="date-month-day-resolved-to-publication-year",
    ),
    pytest.param(
        "12月29日，成都市武侯区教育局与电子科技大学签署人工智能教育合作协议。",
        "2024-01-05T09:00:00+08:00",
        Expect("sign_agreement", ("武侯区教育局", "电子科技大学"), "2023-12-29", "成都市"),
        id="date-december-published-january-is-previous-year",
    ),
    pytest.param(
        "12月29日，成都市武侯区教育局与电子科技大学签署人工智能教育合作协议。",
        None,
        Expect("sign_agreement", ("武侯区教育局", "电子科技大学"), "XXXX-12-29", "成都市"),
        id="date-without-publication-has-unknown-year",
    ),
    pytest.param(
        "2023年11月5日，长沙市第一中学与湖南大学签署拔尖创新人才培养合作协议。",
        PUBLISHED,
        Expect("sign_agreement", ("长沙市第一中学", "湖南大学"), "2023-11-05", "长沙市"),
        id="date-full-year-middle-school",
    ),
    pytest.param(
        "12月29日，成都市武侯区教育局与四川大学签署基础教育合作协议。",
        "2024-01-05T09:00:00+08:00",
        Expect("sign_agreement", ("武侯区教育局", "四川大学"), "2023-12-29", "成都市"),
        id="date-december-published-january-sichuan-university",
    ),
    pytest.param(
        "12月29日，成都市武侯区教育局与四川大学签署基础教育合作协议。",
        None,
        Expect("sign_agreement", ("武侯区教育局", "四川大学"), "XXXX-12-29", "成都市"),
        id="date-without-publication-sichuan-university",
    ),
    pytest.param(
        "2023年11月5日，长沙市教育局与湖南大学签署基础教育合作协议。",
        PUBLISHED,
        Expect("sign_agreement", ("长沙市教育局", "湖南大学"), "2023-11-05", "长沙市"),
        id="date-full-year-bureau-university",
    ),
    pytest.param(
        "6月4日，北京市海淀区中关村第三小学与百度签订人工智能课程共建协议。",
        PUBLISHED,
        Expect("sign_agreement", ("中关村第三小学", "百度"), "2024-06-04", "北京市"),
        id="primary-school-baidu",
    ),
    pytest.param(
        "6月11日，韶关市政府与科大讯飞签署战略合作协议，共同打造韶关新型智慧城市。",
        PUBLISHED,
        Expect("sign_agreement", ("韶关市政府", "科大讯飞"), "2024-06-11", "韶关市"),
        id="city-government",
    ),
    pytest.param(
        "6月7日，中国科学院自动化研究所与北京市海淀区教育委员会签署人工智能教育合作协议。",
        PUBLISHED,
        Expect("sign_agreement", ("自动化研究所", "海淀区教育委员会"), "2024-06-07", "北京市"),
        id="research-institute",
    ),
    pytest.param(
        "6月9日，苏州工业园区教育局与思必驰科技股份有限公司签署战略合作协议。",
        PUBLISHED,
        Expect(
            "sign_agreement",
            ("苏州工业园区教育局", "思必驰科技股份有限公司"),
            "2024-06-09",
            "苏州市",
        ),
        id="company-with-suffix",
    ),
    pytest.param(
        "6月13日，深圳市福田区政府与华为签订智慧教育战略合作协议。",
        PUBLISHED,
        Expect("sign_agreement", ("福田区政府", "华为"), "2024-06-13", "深圳市"),
        id="district-government-huawei",
    ),
    pytest.param(
        "2024年4月2日，重庆市江北区人民政府与西南大学签署基础教育合作协议，共建西南大学附属江北中学。",
        PUBLISHED,
        Expect("sign_agreement", ("江北区人民政府", "西南大学"), "2024-04-02", "重庆市"),
        id="school-to-be-built-is-not-a-party",
    ),
    pytest.param(
        "6月1日，清华大学与无锡市人民政府在无锡签约，共建清华大学无锡应用技术研究院。",
        PUBLISHED,
        Expect("sign_agreement", ("清华大学", "无锡市人民政府"), "2024-06-01", "无锡市"),
        id="bare-qianyue-with-venue",
    ),
]


@pytest.mark.parametrize(("text", "published", "expect"), POSITIVE)
def test_signing_yields_one_event(text: str, published: str | None, expect: Expect) -> None:
    events = events_of(text, published=published)
    assert len(events) == 1, _brief(events)
    event = events[0]
    assert event.event_type == expect.event_type, _brief(events)
    assert_parties(event, expect.parties)
    if expect.date is not None:
        assert event.event_date == expect.date
    if expect.city is not None:
        assert event.city == expect.city, (event.province, event.city, event.venue)
    if expect.agreement is not None:
        assert event.agreement is not None and expect.agreement in event.agreement, event.agreement
    assert event.evidence and event.evidence in to_simplified(text)


def test_signatories_named_with_their_organisations() -> None:
    text = "6月10日，江南大学校长陈卫与无锡华云数据技术服务有限公司总裁许广彬代表双方签署产教融合合作协议。"
    (event,) = events_of(text)
    people = {a.name: a for a in event.attendees}
    assert set(people) >= {"陈卫", "许广彬"}
    assert people["陈卫"].title == "校长"
    assert people["陈卫"].affiliation is not None and "江南大学" in people["陈卫"].affiliation
    assert people["许广彬"].title == "总裁"
    assert people["许广彬"].role == "signatory"
    assert people["陈卫"].role == "signatory"


# --- 2. look-alikes: no cooperation event -------------------------------------------------------

LOOKALIKES = [
    pytest.param(
        "国家主席习近平签署第二十五号主席令，公布《中华人民共和国学位法》，教育部、国务院学位委员会将认真抓好贯彻落实。",
        id="presidential-order",
    ),
    pytest.param(
        "申请材料经北京市第八中学校长签署意见后，报送西城区教育委员会审核。",
        id="sign-an-opinion",
    ),
    pytest.param(
        "据报道，这名网红主播已与杭州星辰文化传媒有限公司签约，签约金高达2000万元，此前上海乐游网络科技有限公司也曾向其抛出橄榄枝。",
        id="celebrity-signing-fee",
    ),
    pytest.param(
        "国脚前锋张玉宁正式与北京国安足球俱乐部有限公司签约，此前他效力于广州富力足球俱乐部有限公司。",
        id="footballer-signs-club",
    ),
    pytest.param(
        "在龙岗区教育局的组织下，平湖中学120名教职工与社区家庭医生签约，享受家庭医生签约服务。",
        id="family-doctor-service",
    ),
    pytest.param(
        "在朝阳区教育委员会的调解下，受伤学生的家长与北京市朝阳区实验小学签订赔偿协议，学校一次性赔偿12万元。",
        id="family-compensation-agreement",
    ),
    pytest.param(
        "北京大学第三医院与患者签订服务协议，明确双方在远程诊疗中的权利和义务，北京市卫生健康委员会对此进行监督。",
        id="hospital-patient-service-agreement",
    ),
    pytest.param(
        "毕业生小王与华为技术有限公司、南京邮电大学签订了就业三方协议。",
        id="student-tripartite-agreement",
    ),
    pytest.param(
        "应届毕业生李明与中兴通讯股份有限公司签订就业协议，东南大学就业指导中心为其办理了派遣手续。",
        id="graduate-employment-agreement",
    ),
    pytest.param(
        "新招聘的教师须与杭州市西湖区文新小学签订劳动合同，并报西湖区教育局备案。",
        id="teacher-labour-contract",
    ),
    pytest.param(
        "合肥市第一中学全体师生在“拒绝校园欺凌”横幅上签名，合肥市教育局有关负责人参加了活动。",
        id="signatures-on-a-banner",
    ),
    pytest.param(
        "成绩单经华中科技大学教务处负责人签字确认后，将统一寄送至武汉市教育局。",
        id="signature-confirmation",
    ),
    pytest.param(
        "近年来，科大讯飞已先后与全国30多个城市签署合作协议，与北京师范大学共建的联合实验室已投入使用。",
        id="background-tally-successively",
    ),
    pytest.param(
        "截至目前，华为已与清华大学、浙江大学等72所高校签署“智能基座”产教融合协同育人合作协议。",
        id="background-tally-already-with",
    ),
    pytest.param(
        "近年来，深圳职业技术大学不断深化校企合作，与华为、比亚迪股份有限公司在人才培养方面开展深度合作。",
        id="cooperation-without-signing",
    ),
    pytest.param(
        "下一步，广州市教育局将与腾讯深化合作，推动人工智能教育资源向薄弱学校倾斜。",
        id="deepen-cooperation-without-signing",
    ),
    pytest.param(
        "今年南京大学本科毕业生签约率达到85%，进入华为、腾讯等企业的人数明显增加。",
        id="graduate-signing-rate",
    ),
    pytest.param(
        "会上，广州市越秀区教育局与辖区内的执信中学、广州市第二中学等学校负责人签订了安全生产责任书。",
        id="safety-responsibility-pledge",
    ),
    pytest.param(
        "会上，广州市越秀区教育局与广州市执信中学签订安全生产目标责任书。",
        id="safety-responsibility-pledge-bureau-and-school",
    ),
]


@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalike_yields_no_event(text: str) -> None:
    events = events_of(text)
    assert events == [], _brief(events)


def test_lookalike_article_with_several_sentences_yields_no_event() -> None:
    text = (
        "近日，北京市海淀区教育委员会召开校企合作推进会。"
        "会上，清华大学附属中学与联想集团代表交流了校企合作经验。"
        "与会代表表示，将进一步深化合作，推动人工智能教育高质量发展。"
    )
    events = events_of(text, title="海淀区召开校企合作推进会")
    assert events == [], _brief(events)


# --- 3. one deal, several mentions --------------------------------------------------------------

WUHAN_ARTICLE = (
    "6月12日，武汉市江岸区教育局与科大讯飞人工智能教育战略合作签署仪式在武汉举行。"
    "江岸区教育局局长王志强、科大讯飞副总裁刘俊峰出席签约仪式。"
    "仪式上，王志强与刘俊峰代表双方签署战略合作协议。"
    "湖北省教育厅副厅长陈明对双方签署协议表示祝贺。"
)


def test_repeated_mentions_of_one_deal_make_one_event() -> None:
    events = events_of(WUHAN_ARTICLE)
    assert len(events) == 1, _brief(events)
    event = events[0]
    assert event.event_type == "sign_agreement"
    assert_parties(event, ("江岸区教育局", "科大讯飞"))
    assert event.event_date == "2024-06-12"
    assert event.city == "武汉市"
    assert event.agreement is not None and "战略合作协议" in event.agreement


def test_repeated_mentions_collect_the_attendees() -> None:
    (event,) = events_of(WUHAN_ARTICLE)
    people = {a.name: a for a in event.attendees}
    assert set(people) >= {"王志强", "刘俊峰", "陈明"}
    assert people["王志强"].role == "signatory"
    assert people["刘俊峰"].role == "signatory"
    assert people["王志强"].title == "局长"
    assert people["刘俊峰"].affiliation is not None and "科大讯飞" in people["刘俊峰"].affiliation
    assert people["陈明"].role != "signatory"


def test_deal_in_title_and_body_is_one_event() -> None:
    title = "推进人工智能与教育教学深度融合 深圳平湖中学与科大讯飞正式达成战略合作"
    text = (
        "3月28日，深圳市龙岗区平湖中学与科大讯飞在深举办战略合作框架协议签署仪式。"
        "平湖中学校长毛展煜、科大讯飞深圳公司总经理李明出席签约仪式。"
        "此次战略合作也是学校贯彻龙岗区教育十四五规划的重要举措。"
    )
    events = events_of(text, title=title, published="2022-03-29T16:14:34+08:00")
    assert len(events) == 1, _brief(events)
    event = events[0]
    assert event.event_type == "sign_agreement"
    assert_parties(event, ("平湖中学", "科大讯飞"))
    assert event.event_date == "2022-03-28"
    assert event.city == "深圳市"
    assert {"毛展煜", "李明"} <= {a.name for a in event.attendees}


def test_two_deals_in_one_article_are_two_events() -> None:
    text = (
        "6月3日，深圳市南山区教育局与腾讯签署人工智能教育战略合作协议。"
        "同日，南山区教育局还与华为签署智慧校园建设合作协议。"
    )
    events = events_of(text)
    assert len(events) == 2, _brief(events)
    assert all(e.event_type == "sign_agreement" for e in events)
    assert_parties(events[0], ("南山区教育局", "腾讯"))
    assert_parties(events[1], ("南山区教育局", "华为"))
    assert [e.event_date for e in events] == ["2024-06-03", "2024-06-03"]


# --- 4. places ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "city"),
    [
        pytest.param(
            "3月28日，深圳市龙岗区平湖中学与科大讯飞在深举办战略合作框架协议签署仪式。",
            "深圳市",
            id="venue-abbreviation-zai-shen",
        ),
        pytest.param(
            "6月14日，浙江省教育厅与阿里巴巴集团战略合作签约仪式在杭州举行。",
            "杭州市",
            id="venue-zai-hangzhou",
        ),
        pytest.param(
            "6月14日，成都市教育局与华为人工智能教育战略合作签约仪式在深圳举行。",
            "深圳市",
            id="venue-overrides-party-city",
        ),
        pytest.param(
            "6月11日，科大讯飞与韶关市政府签署战略合作协议。",
            "韶关市",
            id="city-of-government-party",
        ),
        pytest.param(
            "2022年3月31日，科大讯飞和广东省韶关市政府签订战略合作协议。",
            "韶关市",
            id="city-of-qualified-government-party",
        ),
    ],
)
def test_event_city(text: str, city: str) -> None:
    events = events_of(text)
    assert len(events) == 1, _brief(events)
    assert events[0].city == city, (events[0].province, events[0].city, events[0].venue)


_WRONG_PROVINCES = {"甘肃省", "浙江省"}
_WRONG_COUNTIES = {"合作市", "平湖市"}


@pytest.mark.parametrize(
    ("title", "text"),
    [
        pytest.param(
            "深圳平湖中学与科大讯飞正式达成战略合作",
            "3月28日，深圳市龙岗区平湖中学与科大讯飞在深举办战略合作框架协议签署仪式。"
            "双方将深化合作，拓展合作领域，开展全方位战略合作，校企合作不断深化。",
            id="pinghu-article-with-many-hezuo",
        ),
        pytest.param(
            None,
            "平湖中学与科大讯飞签署战略合作协议，双方将在智慧课堂、教师发展等方面开展合作。",
            id="pinghu-school-without-its-city",
        ),
        pytest.param(
            "校企合作新范式",
            "双方签署战略合作协议。校企合作不断深化，合作协议明确了合作内容，实现互利共赢的合作伙伴关系。",
            id="cooperation-words-only",
        ),
    ],
)
def test_hezuo_and_pinghu_school_are_not_places(title: str | None, text: str) -> None:
    result = enrich(text, title=title)
    for place in result.places:
        assert place.district not in _WRONG_COUNTIES, place
        assert place.province not in _WRONG_PROVINCES, place
        assert place.city not in {"甘南藏族自治州", "嘉兴市"}, place
    for event in result.events:
        assert event.province not in _WRONG_PROVINCES, _brief(result.events)
        assert event.district not in _WRONG_COUNTIES, _brief(result.events)
