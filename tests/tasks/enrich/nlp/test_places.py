"""Tests for finding Chinese administrative places in news text (cpca + false-positive filters)."""

from __future__ import annotations

import pytest

from tasks.enrich.nlp.places import (
    CITY_ABBREVIATIONS,
    PlaceMention,
    Region,
    find_places,
    primary_region,
    resolve_region,
)

LONGGANG = Region("广东省", "深圳市", "龙岗区", "440307")
SHAOGUAN = Region("广东省", "韶关市", None, "440200")
BENGBU = Region("安徽省", "蚌埠市", None, "340300")
S_PINGHU = (
    "3月28日，深圳市龙岗区平湖中学与科大讯飞在深举办战略合作框架协议签署仪式。平湖中学校长毛展煜…"
    "此次战略合作也是学校贯彻龙岗区教育十四五规划"
)
S_SHAOGUAN = "2022年3月31日，科大讯飞和广东省韶关市政府签订战略合作协议"
S_FUTIAN = "2021年12月29日，腾讯青少年科技学习中心与深圳市福田区红岭中学(红岭教育集团)战略合作协议签约仪式举行"
S_LIWAN = "将人工智能技术发展的强大势能转化为驱动荔湾区教育高质量发展的强大动能,在广州市荔湾区"
S_BENGBU = "12月29日,蚌埠市全国智慧教育示范区建设推进会在江淮智慧教育研究院成功举办"


def _places(text: str) -> list[PlaceMention]:
    """find_places, after checking that every surface is the text at its offsets."""
    found = find_places(text)
    assert all(text[m.start : m.end] == m.surface for m in found)
    assert [m.start for m in found] == sorted(m.start for m in found)
    return found


def _brief(text: str) -> list[tuple[str, str | None]]:
    return [(m.surface, m.region.adcode) for m in _places(text)]


def test_pinghu_sentence_has_no_hezuo_or_zhejiang_pinghu() -> None:
    found = _places(S_PINGHU)
    assert [(m.surface, m.start, m.region) for m in found] == [
        ("深圳市龙岗区", 6, LONGGANG),
        ("龙岗区", 60, LONGGANG),
    ]
    for m in found:
        assert m.region.city != "嘉兴市"
        assert m.region.district not in {"合作市", "平湖市"}
        assert m.region.province not in {"甘肃省", "浙江省"}
    assert primary_region(found) == LONGGANG


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (S_SHAOGUAN, SHAOGUAN),
        (S_FUTIAN, Region("广东省", "深圳市", "福田区", "440304")),
        (S_LIWAN, Region("广东省", "广州市", "荔湾区", "440103")),
        (S_BENGBU, BENGBU),
    ],
)
def test_real_sentences(text: str, expected: Region) -> None:
    found = _places(text)
    assert found and all(m.region == expected for m in found)
    assert all(m.region.province != "甘肃省" for m in found)
    assert primary_region(found) == expected


def test_real_sentence_surfaces() -> None:
    assert _brief(S_SHAOGUAN) == [("广东省韶关市", "440200")]
    assert _brief(S_LIWAN) == [("荔湾区", "440103"), ("广州市荔湾区", "440103")]


def test_cooperation_words_are_not_places() -> None:
    text = (
        "双方签署战略合作协议。校企合作不断深化，合作协议明确了合作内容。"
        "下一步将深化合作，拓展合作领域，开展全方位战略合作，实现互利共赢的合作伙伴关系。"
    )
    assert find_places(text) == []


@pytest.mark.parametrize(
    "text",
    ["城区学校和农村学校", "乡村振兴与教育资源", "中山大学附属中学", "与会来宾", "沙县小吃"],
)
def test_stop_list_and_two_character_names(text: str) -> None:
    assert _places(text) == []


def test_county_name_without_suffix_needs_its_city_or_province() -> None:
    assert find_places("平湖中学举行开学典礼") == []
    assert _brief("平湖市教育局") == [("平湖市", "330482")]
    assert _brief("浙江省嘉兴市教育局到平湖中学调研") == [
        ("浙江省嘉兴市", "330400"),
        ("平湖", "330482"),
    ]
    assert _brief("甘肃合作") == [("甘肃合作", "623001")]  # right after its parent
    assert _brief("中山市教育局") == [("中山市", "442000")]


def test_district_short_names_inside_a_named_city() -> None:
    assert find_places("龙岗教育十四五规划") == []
    assert _brief("深圳市龙岗区平湖中学，龙岗教育") == [
        ("深圳市龙岗区", "440307"),
        ("龙岗", "440307"),
    ]
    assert _brief("深圳龙岗") == [("深圳龙岗", "440307")]
    assert _brief("深圳南山和福田") == [("深圳南山", "440305"), ("福田", "440304")]
    assert _brief("全新都市与成都") == [("成都", "510100")]


def test_municipalities_and_ambiguous_names() -> None:
    assert _places("北京市海淀区教委")[0].region == Region("北京市", "北京市", "海淀区", "110108")
    assert _brief("北京海淀和朝阳") == [("北京海淀", "110108"), ("朝阳", "110105")]
    assert _brief("朝阳") == [("朝阳", "211300")]  # cpca's choice: 辽宁省朝阳市
    assert _brief("浙江西部") == [("浙江", "330000")]  # cpca also yields the overlapping 江西


def test_single_character_abbreviations() -> None:
    assert find_places("在深举办，沪上高校，京津冀") == []
    assert CITY_ABBREVIATIONS["深"] == "深圳市"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("深", Region("广东省", "深圳市", None, "440300")),
        ("深圳", Region("广东省", "深圳市", None, "440300")),
        ("京", Region("北京市", "北京市", None, "110000")),
        ("广东省韶关市政府", SHAOGUAN),
        ("蚌埠投资集团有限公司", BENGBU),
        ("深圳市龙岗区平湖中学", LONGGANG),
        ("科大讯飞", None),
        ("平湖中学", None),
    ],
)
def test_resolve_region(name: str, expected: Region | None) -> None:
    assert resolve_region(name) == expected


def test_primary_region() -> None:
    assert primary_region([]) is None
    assert primary_region(_places("广东省和安徽省、安徽")) == Region("安徽省", None, None, "340000")
    assert primary_region(_places("蚌埠市与韶关市")) == BENGBU  # tie: the first one
    text = "深圳市福田区，深圳市龙岗区，龙岗区，广州市，广州"
    assert primary_region(_places(text)) == LONGGANG
