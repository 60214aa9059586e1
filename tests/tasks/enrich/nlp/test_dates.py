"""Tests for finding dates in Chinese news text and resolving them against the publication date."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tasks.enrich.nlp.dates import TextDate, find_dates


def _one(text: str, published: date | None = None) -> TextDate:
    """The single date in `text`, after checking its offsets."""
    found = find_dates(text, published)
    assert len(found) == 1, found
    assert text[found[0].start : found[0].end] == found[0].text
    return found[0]


def test_real_sentence_month_day_with_publication_date() -> None:
    text = "3月28日，深圳市龙岗区平湖中学与科大讯飞在深举办战略合作框架协议签署仪式"
    assert find_dates(text, date(2022, 3, 29)) == [
        TextDate("3月28日", 0, 5, "2022-03-28", "day", year_given=False, relative=False)
    ]


def test_real_sentence_month_day_without_publication_date() -> None:
    d = _one("12月29日,蚌埠市全国智慧教育示范区建设推进会")
    assert (d.text, d.value, d.precision, d.year_given) == ("12月29日", "XXXX-12-29", "day", False)


@pytest.mark.parametrize("published", [None, date(2022, 1, 5)])
def test_real_sentence_full_date(published: date | None) -> None:
    d = _one("2021年12月29日，腾讯青少年科技学习中心与...", published)
    assert (d.text, d.value, d.precision, d.year_given) == (
        "2021年12月29日",
        "2021-12-29",
        "day",
        True,
    )


def test_real_sentence_two_years() -> None:
    text = "从2025年的试点启动，到2026年的应用推广"
    found = find_dates(text, date(2025, 6, 1))
    assert [(d.text, d.value, d.precision, d.year_given) for d in found] == [
        ("2025年", "2025", "year", True),
        ("2026年", "2026", "year", True),
    ]
    assert [text[d.start : d.end] for d in found] == ["2025年", "2026年"]


@pytest.mark.parametrize(
    ("form", "value", "precision"),
    [
        ("2022年3月28日", "2022-03-28", "day"),
        ("2022年3月28号", "2022-03-28", "day"),
        ("2022年12月", "2022-12", "month"),
        ("2022年", "2022", "year"),
        ("2022-03-28", "2022-03-28", "day"),
        ("2022.3.28", "2022-03-28", "day"),
        ("2022/3/28", "2022-03-28", "day"),
        ("二〇二二年三月二十八日", "2022-03-28", "day"),
        ("二零二一年十二月", "2021-12", "month"),
        ("二〇二〇年", "2020", "year"),
        ("２０２２年３月２８日", "2022-03-28", "day"),
        ("２０２２－０３－２８", "2022-03-28", "day"),
    ],
)
def test_forms_with_year(form: str, value: str, precision: str) -> None:
    text = f"据悉，{form}，双方签署合作协议。"
    d = _one(text, date(2023, 5, 1))
    assert (d.text, d.start, d.value, d.precision) == (form, 3, value, precision)
    assert d.year_given and not d.relative


@pytest.mark.parametrize(
    ("form", "value"),
    [
        ("3月28日", "2022-03-28"),
        ("3月28号", "2022-03-28"),
        ("三月二十八日", "2022-03-28"),
        ("三月一日", "2022-03-01"),
        ("十月十日", "2021-10-10"),
        ("３月２８日", "2022-03-28"),
    ],
)
def test_month_day_takes_publication_year(form: str, value: str) -> None:
    d = _one(f"会议于{form}召开", date(2022, 3, 29))
    assert (d.text, d.start, d.value, d.precision) == (form, 3, value, "day")
    assert not d.year_given and not d.relative


def test_chinese_numerals_without_publication_date() -> None:
    d = _one("十二月二十九日，推进会召开")
    assert (d.text, d.value, d.year_given) == ("十二月二十九日", "XXXX-12-29", False)


def test_year_rolls_back_across_new_year() -> None:
    d = _one("12月29日，推进会召开", date(2022, 1, 3))
    assert (d.value, d.year_given) == ("2021-12-29", False)


@pytest.mark.parametrize(
    ("form", "value"),
    [("3月31日", "2022-03-31"), ("4月1日", "2021-04-01"), ("3月29日", "2022-03-29")],
)
def test_year_rollback_allows_two_days_ahead(form: str, value: str) -> None:
    assert _one(form, date(2022, 3, 29)).value == value


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        ("2月29日", None, "XXXX-02-29"),
        ("2020年2月29日", None, "2020-02-29"),
        ("2月29日", date(2021, 1, 3), "2020-02-29"),
    ],
)
def test_feb_29(text: str, published: date | None, value: str) -> None:
    assert _one(text, published).value == value


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("2月30日举行", None),
        ("13月1日举行", None),
        ("4月31日举行", date(2022, 5, 1)),
        ("2022年2月29日举行", None),
        ("2022年13月举行", None),
        ("2022-02-30举行", None),
        ("2022/13/1举行", None),
        ("二〇二二年二月三十日举行", None),
        ("2月29日举行", date(2023, 3, 5)),
        ("1800年举行", None),
        ("2100年举行", None),
    ],
)
def test_impossible_dates_rejected(text: str, published: date | None) -> None:
    assert find_dates(text, published) == []


@pytest.mark.parametrize(
    "text",
    [
        "他从事教育工作18年",
        "“十四五”规划",
        "面向1—8年级学生",
        "2025-2027年行动计划",
        "2025—2027年行动计划",
        "2025至2027年行动计划",
        "累计开展培训12次",
        "第3月",
        "第3月28日",
        "3月份召开",
        "计划在3月完成",
        "3月28",
        "今年将继续推进",
        "去年以来",
        "目前天津市已建成",
        "今日头条报道",
        "聪明年轻的老师",
        "编号12022年",
        "增长0.2022年",
        "版本2022.3.28.1发布",
        "电话2022-03-2877",
    ],
)
def test_non_dates_return_nothing(text: str) -> None:
    assert find_dates(text, date(2022, 3, 29)) == []


def test_time_of_day_is_ignored() -> None:
    d = _one("3月28日上午，签约仪式举行", date(2022, 3, 29))
    assert (d.text, d.value) == ("3月28日", "2022-03-28")
    d = _one("发布时间：2022-03-28 10:00", None)
    assert (d.text, d.value) == ("2022-03-28", "2022-03-28")


def test_month_with_year_before_fen() -> None:
    d = _one("2022年3月份召开", None)
    assert (d.text, d.value, d.precision) == ("2022年3月", "2022-03", "month")


def test_year_before_half_year() -> None:
    d = _one("2025年上半年完成试点", None)
    assert (d.text, d.value, d.precision) == ("2025年", "2025", "year")


def test_longest_form_wins_and_matches_do_not_overlap() -> None:
    text = "2022年3月28日至4月2日，2022年3月，活动期间"
    found = find_dates(text, date(2022, 4, 5))
    assert [(d.text, d.value) for d in found] == [
        ("2022年3月28日", "2022-03-28"),
        ("4月2日", "2022-04-02"),
        ("2022年3月", "2022-03"),
    ]
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_offsets_point_at_matched_text() -> None:
    text = "据报道，２０２１年１２月２９日和3月28日，以及二〇二二年三月，还有昨天。"
    found = find_dates(text, date(2022, 3, 29))
    assert [d.text for d in found] == [
        "２０２１年１２月２９日",
        "3月28日",
        "二〇二二年三月",
        "昨天",
    ]
    for d in found:
        assert text[d.start : d.end] == d.text
    assert [d.start for d in found] == sorted(d.start for d in found)


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("今天", "2022-03-01"),
        ("今日", "2022-03-01"),
        ("昨天", "2022-02-28"),
        ("昨日", "2022-02-28"),
        ("前天", "2022-02-27"),
    ],
)
def test_relative_days(word: str, value: str) -> None:
    text = f"记者{word}获悉，合作正式启动"
    d = _one(text, date(2022, 3, 1))
    assert (d.text, d.start, d.value, d.precision) == (word, 2, value, "day")
    assert d.relative and not d.year_given
    assert find_dates(text, None) == []


@pytest.mark.parametrize(
    ("form", "value", "precision"),
    [
        ("今年3月", "2022-03", "month"),
        ("去年12月", "2021-12", "month"),
        ("去年12月29日", "2021-12-29", "day"),
        ("明年9月", "2023-09", "month"),
        ("前年5月", "2020-05", "month"),
    ],
)
def test_relative_years(form: str, value: str, precision: str) -> None:
    d = _one(f"{form}，双方签约", date(2022, 1, 10))
    assert (d.text, d.value, d.precision) == (form, value, precision)
    assert d.relative and d.year_given


def test_relative_year_without_publication_date_is_unknown_year() -> None:
    d = _one("去年12月，双方签约")
    assert (d.value, d.precision, d.year_given, d.relative) == ("XXXX-12", "month", False, True)


def test_datetime_publication_date_is_used_as_a_date() -> None:
    assert _one("昨天", datetime(2022, 3, 1, 9, 30)).value == "2022-02-28"
    assert _one("12月29日", datetime(2022, 1, 3, 8)).value == "2021-12-29"
