"""Tests for people named with a job title (invented names and sentences)."""

from __future__ import annotations

import pytest

from tasks.decode.script import to_simplified
from tasks.enrich.nlp.entities import find_organisations
from tasks.enrich.nlp.people import find_people
from tasks.enrich.nlp.places import find_places


def people_of(text: str) -> dict[str, str]:
    """name → title of the people in a (Simplified) text."""
    orgs = find_organisations(text, find_places(text))
    return {p.name: p.title for p in find_people(text, orgs)}


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("北方教育研究所所长晏文澜出席会议。", "晏文澜", "所长"),
        ("江城电视台台长傅志远、晨光出版社社长宗立新到场。", "傅志远", "台长"),
        ("江城电视台台长傅志远、晨光出版社社长宗立新到场。", "宗立新", "社长"),
        ("农商银行江城分行副行长逯海宁致辞。", "逯海宁", "副行长"),
        ("星河控股有限公司执行董事孙立航签订协议。", "孙立航", "执行董事"),
        ("公司法律顾问忻美玲，规划部部长石东亮参加。", "忻美玲", "法律顾问"),
        ("未来智学科技CEO丁远航说，合作将继续。", "丁远航", "CEO"),
        ("云海公司华东区 COO 夏晨出席。", "夏晨", "COO"),
        ("教育部部长助理林文慧和有关司局负责人出席。", "林文慧", "部长助理"),
        ("由院长助理、院办公室主任李向东具体负责实施。", "李向东", "院长助理、院办公室主任"),
        ("东海大学党委副书记、校长潘立平主持。", "潘立平", "党委副书记、校长"),
        (
            "工程学院副院长、联合实验室执行主任张明武详细介绍了规划。",
            "张明武",
            "副院长、联合实验室执行主任",
        ),
        ("星辰汽车浙江区域经理杜明远莅临学院交流。", "杜明远", "区域经理"),
        ("开发区管委会副主任金志刚热情接待了考察团。", "金志刚", "副主任"),
        ("信息学院教师赵立东和戴文宇曾入选该计划。", "戴文宇", "教师"),
        ("中国远洋党委副书记、总经理(总裁)马立军见证签约。", "马立军", "党委副书记、总经理(总裁)"),
    ],
)
def test_people_behind_titles(text: str, name: str, title: str) -> None:
    assert people_of(text)[name] == title


def test_several_names_after_one_title_share_it() -> None:
    people = people_of("副校长陈立新、郝文静一行赴西部调研。")
    assert people == {"陈立新": "副校长", "郝文静": "副校长"}


def test_names_before_a_title() -> None:
    text = "出版工作得到认可。，王立成院士、刘春和院士将分别作序。曹振宇校长与客人会谈。"
    people = people_of(text)
    assert people["王立成"] == "院士" and people["刘春和"] == "院士" and people["曹振宇"] == "校长"


def test_a_name_before_a_title_after_a_noun_or_a_comma() -> None:
    people = people_of("序言由通信专家卢建文院士撰写。会上，王立成，教授、博士生导师，作报告。")
    assert people == {"卢建文": "院士", "王立成": "教授"}


def test_a_title_after_the_name_is_appended() -> None:
    people = people_of("校长助理邵一鸣教授、常务副校长许家宁教授出席。会上，李明远（教授）作报告。")
    assert people == {
        "邵一鸣": "校长助理、教授", "许家宁": "常务副校长、教授", "李明远": "教授",
    }  # fmt: skip


def test_foreign_names_joined_by_a_dot() -> None:
    text = "前驻华大使约翰·威尔逊，学院院长玛丽·安·卡特表示欢迎，国际处负责人彼得·林、吴海涛出席。"
    people = people_of(text)
    assert people["约翰·威尔逊"] == "大使"
    assert people["玛丽·安·卡特"] == "院长"
    assert people["彼得·林"] == "负责人" and people["吴海涛"] == "负责人"
    assert "约翰" not in people and "玛丽" not in people


def test_traditional_script_is_read_after_conversion() -> None:
    text = to_simplified("江城城投集團黨委書記、董事長孫立新,副總裁龔文偉出席。")
    assert people_of(text) == {"孙立新": "党委书记、董事长", "龚文伟": "副总裁"}


@pytest.mark.parametrize(
    "text",
    [
        "老师和学生参加活动。",  # 和 is a conjunction here, not a surname
        "校长高度重视安全工作。",  # 高度 is a word
        "河南省委副书记、省长到会。",  # a province before its title
        "双方与丰宁县县长及相关负责人座谈。",  # a county before its title
        "总书记都主持召开会议。",  # 都 is an adverb
        "校友、星海副总裁、产品部总裁出席。",  # a company before a title after `、`
    ],
)
def test_ordinary_words_are_not_names(text: str) -> None:
    assert people_of(text) == {}


def test_a_person_is_kept_once_with_the_affiliation() -> None:
    text = "东海大学校长潘立平致辞。潘立平校长表示，合作将继续。"
    (person,) = find_people(text, find_organisations(text, find_places(text)))
    assert (person.name, person.title, person.affiliation) == ("潘立平", "校长", "东海大学")
    assert text[person.start : person.end].endswith("潘立平")


def test_a_list_item_after_a_word_that_is_no_title_starts_a_new_title() -> None:
    assert people_of("文、校长王明远出席。") == {"王明远": "校长"}
