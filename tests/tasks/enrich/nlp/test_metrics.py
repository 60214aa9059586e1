"""Tests for extracting quantitative claims (number, unit, counted noun) from Chinese news."""

from __future__ import annotations

import pytest

from tasks.enrich.nlp.metrics import Metric, find_metrics


def _rows(text: str) -> list[tuple[str, float, str, str | None, bool]]:
    """(text, value, unit, counted, approx) per metric, after checking offsets and order."""
    found = find_metrics(text)
    for m in found:
        assert text[m.start : m.end] == m.text
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    return [(m.text, m.value, m.unit, m.counted, m.approx) for m in found]


def test_real_sentence_schools_and_people() -> None:
    text = "目前智慧教育解决方案已运用于全国32个省级行政区5万多所学校，为超过1亿师生提供服务"
    assert find_metrics(text) == [
        Metric("32个省级行政区", 16, 24, 32.0, "个", "省级行政区", False),
        Metric("5万多所学校", 24, 30, 50000.0, "所", "学校", True),
        Metric("1亿师生", 34, 38, 100000000.0, "人", "师生", True),  # 超过 before it
    ]


def test_real_sentence_grade_range_is_not_a_metric() -> None:
    text = "荔湾全区一至八年级89所中小学100%按照平台教材开设课程"
    assert _rows(text) == [
        ("89所中小学", 89.0, "所", "中小学", False),
        ("100%", 100.0, "%", None, False),
    ]


def test_real_sentence_classifier_at_the_end() -> None:
    assert _rows("学生在市级以上AI竞赛中斩获一等奖达81项") == [("81项", 81.0, "项", None, False)]


@pytest.mark.parametrize(
    "text",
    [
        "2022年",
        "3月28日",
        "18年",
        "第3",
        "第六期",
        "第三十二届",
        "1—8年级",
        "一至八年级",
        "十四五",
        "五育并举",
        "三年行动",
        "六位一体",
        "五大核心工程",
        "三个课堂",
        "打造一个平台",
        "2.0版",
        "电话13800138000",
        "股票代码002230",
        "2023届毕业生",
        "二〇二二年",
        "三四所学校",
        "十分重要",
    ],
)
def test_non_metrics(text: str) -> None:
    assert find_metrics(text) == []


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("三十二所", 32.0, "所"), ("两百名", 200.0, "名"), ("一千二百个", 1200.0, "个")]
    + [("十项", 10.0, "项"), ("一千零五位", 1005.0, "位"), ("五名", 5.0, "名")]
    + [("一亿二千万元", 120000000.0, "元"), ("百分之三十", 30.0, "%")],
)
def test_chinese_numerals(text: str, value: float, unit: str) -> None:
    assert _rows(text) == [(text, value, unit, None, False)]


def test_arabic_forms_and_multipliers() -> None:
    assert _rows("1,200名教师，１２０所学校，3.5万名学生，1.2亿人次") == [
        ("1,200名教师", 1200.0, "名", "教师", False),
        ("１２０所学校", 120.0, "所", "学校", False),
        ("3.5万名学生", 35000.0, "名", "学生", False),
        ("1.2亿人次", 120000000.0, "人次", None, False),
    ]


def test_money_is_in_yuan() -> None:
    assert _rows("投入3.5亿元，另有500万元") == [
        ("3.5亿元", 350000000.0, "元", None, False),
        ("500万元", 5000000.0, "元", None, False),
    ]


def test_percentage_range_gives_both_ends() -> None:
    assert _rows("占比8%-12%") == [("8%", 8.0, "%", None, False), ("12%", 12.0, "%", None, False)]


@pytest.mark.parametrize(
    ("text", "row"),
    [
        ("10余万名学生参加", ("10余万名学生", 100000.0, "名", "学生", True)),
        ("上百所学校", ("上百所学校", 100.0, "所", "学校", True)),
        ("近万名学生", ("近万名学生", 10000.0, "名", "学生", True)),
        ("约30%", ("30%", 30.0, "%", None, True)),
        ("100人以上", ("100人以上", 100.0, "人", None, True)),
        ("三十多所", ("三十多所", 30.0, "所", None, True)),
        ("达到200所", ("200所", 200.0, "所", None, False)),
    ],
)
def test_approximate(text: str, row: tuple[str, float, str, str | None, bool]) -> None:
    assert _rows(text) == [row]


def test_counted_noun_stops_at_function_words_and_next_metric() -> None:
    assert _rows("3所学校五名教师和1000家长参与，300家企业入驻") == [
        ("3所学校", 3.0, "所", "学校", False),
        ("五名教师", 5.0, "名", "教师", False),
        ("1000家长", 1000.0, "人", "家长", False),
        ("300家企业", 300.0, "家", "企业", False),
    ]
