"""Tests for organisations and people with title and affiliation."""

from __future__ import annotations

import pytest

from tasks.decode.script import to_simplified
from tasks.enrich.nlp.entities import find_organisations, find_people, organisation_core
from tasks.enrich.nlp.places import find_places
from tasks.enrich.nlp.segment import segment, segment_latin


def orgs_of(text: str) -> list[tuple[str, str]]:
    return [(o.name, o.kind) for o in find_organisations(text, find_places(text))]


def people_of(text: str) -> dict[str, tuple[str, str | None]]:
    orgs = find_organisations(text, find_places(text))
    return {p.name: (p.title, p.affiliation) for p in find_people(text, orgs)}


def test_short_forms_take_the_fullest_name_of_the_text():
    text = "深圳市龙岗区平湖中学与科大讯飞签约。平湖中学校长毛展煜致辞。"
    assert orgs_of(text) == [
        ("深圳市龙岗区平湖中学", "school"), ("科大讯飞", "company"), ("深圳市龙岗区平湖中学", "school"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "written", ["科大讯飞", "讯飞", to_simplified("科大訊飛"), "科大讯飞深圳公司"]
)
def test_one_company_under_every_name_and_branch(written):
    assert orgs_of(f"{written}与韶关市政府签订协议") == [
        ("科大讯飞", "company"), ("韶关市政府", "government"),
    ]  # fmt: skip


def test_a_body_with_its_own_name_is_not_folded_into_the_parent():
    assert orgs_of("腾讯青少年科技学习中心举办活动") == [("腾讯青少年科技学习中心", "organisation")]


@pytest.mark.parametrize(
    "text",
    [
        "缩小薄弱学校与优质学校之间的差距",
        "全区89所中小学开设课程",
        "该公司表示",
        "也是学校的重要工作",
    ],
)
def test_descriptions_and_bare_nouns_are_not_organisations(text):
    assert orgs_of(text) == []


def test_relative_bodies_are_named_after_the_district_before_them():
    text = "福田区委教育工委书记，区教育局党组书记、局长田洪明出席"
    assert ("福田区教育局", "edu_bureau") in orgs_of(text)
    assert people_of(text)["田洪明"] == ("党组书记、局长", "福田区教育局")


@pytest.mark.parametrize(
    ("text", "name", "title", "affiliation"),
    [
        ("平湖中学校长毛展煜、副校长胡鹏出席", "胡鹏", "副校长", "平湖中学"),
        ("科大讯飞广东大区副总裁兼深圳公司总经理周涛表示", "周涛", "总经理", "科大讯飞"),
        ("教育部科技司副司长舒华为本次大会致辞", "舒华", "副司长", "教育部"),
        (
            "韶关市委书记王瑞军、科大讯飞高级副总裁杜兰出席签约仪式",
            "杜兰",
            "高级副总裁",
            "科大讯飞",
        ),
        (
            "蚌埠投资集团有限公司副总经理马东泰与科大讯飞副总裁李红明进行签约",
            "李红明",
            "副总裁",
            "科大讯飞",
        ),
    ],
)
def test_people_with_title_and_affiliation(text, name, title, affiliation):
    assert people_of(text)[name] == (title, affiliation)


def test_a_title_followed_by_a_common_word_is_not_a_person():
    assert people_of("协会会长单位，校长从学校的理念出发") == {}


def test_organisation_core_drops_the_leading_region():
    assert organisation_core("深圳市龙岗区平湖中学") == "平湖中学"
    assert organisation_core("深圳平湖中学") == "平湖中学"
    assert (
        organisation_core("平湖中学") == "平湖中学"
    )  # 平湖 is not stripped: 中学 alone is no name


def test_segment_builds_search_tokens_and_terms_in_one_pass():
    words = segment("平湖中学与科大讯飞共建智慧课堂，智慧课堂覆盖全校")
    assert {"科大", "讯飞", "科大讯飞", "智慧课堂"} <= set(words.tokens.split())
    assert words.terms["智慧课堂"] == 2 and "与" not in words.terms
    latin = segment_latin("Schools sign AI agreements; schools agree.")
    assert latin.tokens.split()[:2] == ["schools", "sign"] and latin.terms["schools"] == 2
