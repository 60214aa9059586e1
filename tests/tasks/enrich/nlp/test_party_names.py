"""Tests for the names of an event's parties on real text (issue 10): registered names, aliases
the text defines or abbreviates, banks and development zones, bare references, departments.

Every fixture is invented; each shows one phenomenon seen on real reports.
"""

from __future__ import annotations

from schemas.enrichment import EnrichInput, Event
from tasks.decode.script import to_simplified
from tasks.enrich.article import enrich_article
from tasks.enrich.nlp.entities import find_organisations
from tasks.enrich.nlp.org_names import abbreviates, defined_aliases
from tasks.enrich.nlp.places import find_places


def events_of(text: str) -> list[Event]:
    item = EnrichInput(
        article_id="p" * 20,
        content_hash="h",
        title=None,
        text_simplified=to_simplified(text),
        published_at=None,
    )
    return enrich_article(item).events


def parties_of(text: str) -> list[list[str]]:
    return [[p.name for p in e.parties] for e in events_of(text)]


def orgs_of(text: str) -> list[tuple[str, str]]:
    return [(o.name, o.surface) for o in find_organisations(text, find_places(text))]


def test_a_registered_company_name_without_a_proper_noun_is_a_name() -> None:
    text = "3月2日，绵阳市人民政府与中国海洋工程建设集团有限公司在京签署战略合作协议。"
    assert ("中国海洋工程建设集团有限公司", "中国海洋工程建设集团有限公司") in orgs_of(text)
    assert parties_of(text) == [["绵阳市人民政府", "中国海洋工程建设集团有限公司"]]


def test_a_registered_name_after_a_verb_like_word_is_not_cut_there() -> None:
    text = "5月6日，绵阳市人民政府与绵阳远航智能科技有限公司签署合作协议。"
    assert parties_of(text) == [["绵阳市人民政府", "绵阳远航智能科技有限公司"]]


def test_a_place_in_brackets_inside_a_name_belongs_to_it() -> None:
    text = "7月1日，西川理工大学与天工(苏州)精密装备有限公司签署合作协议。"
    assert parties_of(text) == [["西川理工大学", "天工(苏州)精密装备有限公司"]]


def test_a_name_the_text_defines_takes_the_full_name_even_without_a_suffix() -> None:
    text = (
        "西川理工大学（以下简称“西理”）近年来发展迅速。"
        "6月3日，西理与绵阳市人民政府签署战略合作协议。"
    )
    assert parties_of(text) == [["西川理工大学", "绵阳市人民政府"]]
    assert defined_aliases("海川集团有限公司(简称海川)")[0][1] == "海川"


def test_an_abbreviation_takes_the_full_name_the_text_uses() -> None:
    text = "中国海洋工程建设集团有限公司是一家央企。中海集团与绵阳市人民政府签署战略合作协议。"
    names = {surface: name for name, surface in orgs_of(text)}
    assert names["中海集团"] == "中国海洋工程建设集团有限公司"


def test_abbreviation_needs_heads_of_words_not_a_word_of_the_other_name() -> None:
    assert abbreviates("中交集团", "中国交通建设集团有限公司")
    assert not abbreviates("北京大学", "北京师范大学")
    assert not abbreviates("海川集团", "中国交通建设集团有限公司")


def test_a_bank_branch_and_development_zones_are_organisations() -> None:
    assert orgs_of("中国银行绵阳分行与西川理工大学签约。")[0] == (
        "中国银行绵阳分行",
        "中国银行绵阳分行",
    )
    text = "8月9日，江北滨湖经济开发区与泸县经开区签订友好合作协议。"
    assert parties_of(text) == [["江北滨湖经济开发区", "泸县经开区"]]
    assert orgs_of("他办理了银行卡。") == []


def test_a_bare_school_is_the_school_the_report_names_not_one_of_its_departments() -> None:
    text = (
        "生物工程学院、宁川学院科教基地揭牌。"
        "5月20日，学校与宁川市鸿达食品有限公司校企合作签约仪式在鸿达公司举行。"
    )
    assert parties_of(text)[-1] == ["宁川学院", "宁川市鸿达食品有限公司"]


def test_a_bare_reference_the_text_does_not_name_stays_as_written_with_less_confidence() -> None:
    named = events_of("3月12日，陇原地建集团有限公司与定西县政府签订项目投资协议。")
    bare = events_of("3月12日，集团公司与定西县政府签订项目投资协议。")
    assert [p.name for p in bare[0].parties] == ["集团公司", "定西县政府"]
    assert bare[0].confidence < named[0].confidence


def test_an_office_signs_for_its_organisation() -> None:
    text = (
        "随后，科研成果转化处处长王立明与天府机器人有限公司总经理赵强代表双方签署合作协议。"
        "西川理工大学与天府机器人有限公司将共建实验室。"
    )
    assert parties_of(text) == [["西川理工大学", "天府机器人有限公司"]]


def test_a_foreign_district_in_a_twinning_agreement_is_no_person() -> None:
    text = "10月5日，石泉市与哈萨克斯坦阿拉木图州塔尔加尔区签署缔结友好城市协议。"
    assert parties_of(text) == [["石泉市", "哈萨克斯坦阿拉木图州塔尔加尔区"]]


def test_a_relative_body_in_the_lead_takes_the_district_named_after_it() -> None:
    text = "4月3日，区政府、区教育和体育局与泉城启明教育集团签署合作办学协议。历下区区长孙立出席。"
    names = [name for name, surface in orgs_of(text) if surface.startswith("区")]
    assert names == ["历下区政府", "历下区教育和体育局"]


def test_a_name_without_its_region_is_the_same_organisation_even_when_split_by_jieba() -> None:
    text = (
        "4月3日，区政府、山大基础教育集团、区教育和体育局举行合作办学签约仪式。"
        "山东山大基础教育集团总校长王海出席。"
    )
    names = {surface: name for name, surface in orgs_of(text)}
    assert names["山大基础教育集团"] == "山东山大基础教育集团"


def test_a_government_named_by_a_district_jieba_does_not_tag_as_a_place_is_found() -> None:
    text = "陈明指出，此次槐荫区人民政府与泉城启明教育集团达成合作办学协议。"
    assert ("槐荫区人民政府", "槐荫区人民政府") in orgs_of(text)


def test_a_known_company_inside_a_common_word_is_no_mention() -> None:
    assert "好未来" not in [name for name, _ in orgs_of("共同开创美好未来。")]
    assert "好未来" in [name for name, _ in orgs_of("宁川学院与好未来签署合作协议。")]


def test_the_company_a_bare_reference_stands_for_is_named_in_a_later_sentence() -> None:
    text = (
        "12月2日，筠连县招商引资项目签约仪式在县会议中心举行。"
        "副县长陈立代表县人民政府与企业代表签订合作协议。"
        "签约企业代表宁川市鸿达食品有限公司总经理赵强作了发言。"
    )
    assert parties_of(text) == [["筠连县人民政府", "宁川市鸿达食品有限公司"]]


def test_a_province_alone_signs_as_a_government_but_a_place_of_signing_is_no_party() -> None:
    [event] = events_of("10月8日上午，青海省与西川理工大学签署战略合作协议。")
    assert [(p.name, p.kind) for p in event.parties] == [
        ("青海省", "government"),
        ("西川理工大学", "university"),
    ]
    assert parties_of("3月1日，宁川学院在上海与鸿达食品有限公司签署合作协议。") == [
        ["宁川学院", "鸿达食品有限公司"]
    ]


def test_our_city_is_the_government_of_the_city_named_before() -> None:
    text = "杭州讯 2月1日，我市与宁川鸿达食品有限公司签署战略合作协议。"
    assert parties_of(text) == [["杭州市人民政府", "宁川鸿达食品有限公司"]]
    unnamed = events_of("2月1日，我市与宁川鸿达食品有限公司签署战略合作协议。")
    assert [(p.name, p.kind) for p in unnamed[0].parties][0] == ("我市", "other")


def test_a_registered_name_keeps_a_verb_or_numeral_after_a_proper_noun() -> None:
    assert orgs_of("教育部与中国联合网络通信集团有限公司签署协议。")[1][0] == (
        "中国联合网络通信集团有限公司"
    )
    text = "10月14日，道县人民政府与五矿十七冶建设集团有限公司合作框架协议签约仪式举行。"
    assert parties_of(text) == [["道县人民政府", "五矿十七冶建设集团有限公司"]]


def test_a_visit_or_a_verb_before_a_school_is_not_in_its_name() -> None:
    assert [n for n, _ in orgs_of("专家组实地考察宁川鸿达食品有限公司。")] == [
        "宁川鸿达食品有限公司"
    ]
    assert [n for n, _ in orgs_of("宁川大学人工智能学院充分发挥学校优势。")] == [
        "宁川大学人工智能学院"
    ]


def test_an_agreement_title_after_a_suffixless_party_is_not_part_of_it() -> None:
    text = "10月14日上午，宁川市人民政府与鸿达控股合作框架协议签约仪式举行。"
    assert parties_of(text) == [["宁川市人民政府", "鸿达控股"]]


def test_a_two_character_county_names_its_government() -> None:
    assert orgs_of("沛县人民政府与宁川鸿达食品有限公司签约。")[0][0] == "沛县人民政府"


def test_a_signatory_from_the_groups_subsidiary_signs_for_the_group_of_the_deal() -> None:
    text = (
        "10月14日，沛县人民政府与五矿十七冶建设集团有限公司合作框架协议签约仪式举行。"
        "副县长张波代表沛县人民政府与五矿十七冶建设集团第二工程有限公司董事长刘扬进行了现场签约。"
    )
    assert parties_of(text) == [["沛县人民政府", "五矿十七冶建设集团有限公司"]]
    names = [n for n, _ in orgs_of("上海临港集团与上海临港控股股份有限公司签约。")]
    assert names == ["上海临港集团", "上海临港控股股份有限公司"]
