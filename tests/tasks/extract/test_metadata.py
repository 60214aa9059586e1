from datetime import UTC, datetime, timedelta, timezone

import pytest

from tasks.extract.metadata import (
    InvalidDateError,
    find_datetime,
    find_source_credit,
    outlet_from_tag,
    parse_byline,
    parse_datetime,
)

CST = timezone(timedelta(hours=8))


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("2022-03-29 16:14:34 +0800", datetime(2022, 3, 29, 16, 14, 34, tzinfo=CST), "second"),
        ("2022-03-29T08:14:34Z", datetime(2022, 3, 29, 8, 14, 34, tzinfo=UTC), "second"),
        ("2022-03-29T16:14:34.250+08:00", datetime(2022, 3, 29, 16, 14, 34, tzinfo=CST), "second"),
        ("2025-12-29 16:13:47", datetime(2025, 12, 29, 16, 13, 47, tzinfo=CST), "second"),
        ("2025年12月29日 16:13", datetime(2025, 12, 29, 16, 13, tzinfo=CST), "minute"),
        ("2022/01/01", datetime(2022, 1, 1, tzinfo=CST), "day"),
    ],
)
def test_parse_datetime_reads_full_dates_with_beijing_default(text, expected, precision):
    found = parse_datetime(text)
    assert found is not None
    assert found.value == expected
    assert found.value.utcoffset() is not None
    assert found.precision == precision


@pytest.mark.parametrize("text", ["12月29日", "2022年", "2022", "3月28日 10:00", "next week", ""])
def test_parse_datetime_never_guesses_missing_parts(text):
    assert parse_datetime(text) is None


@pytest.mark.parametrize(
    "text", ["2022-02-30 10:00:00", "2022-13-01", "2021-04-31", "2022-03-29 25:61:00"]
)
def test_impossible_dates_raise(text):
    with pytest.raises(InvalidDateError):
        parse_datetime(text)


def test_find_datetime_skips_dates_without_time_when_asked():
    text = "热门 2021-05-01 文章 发布时间：2022-03-29 16:14 来源：南方网"
    assert find_datetime(text).value.day == 1
    found = find_datetime(text, require_time=True)
    assert found is not None and found.value == datetime(2022, 3, 29, 16, 14, tzinfo=CST)


def test_month_day_in_body_text_is_not_a_date():
    assert find_datetime("12月29日,蚌埠市全國智慧教育示範區建設推進會") is None


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("采写:南都N视频记者 叶斯茗", "叶斯茗"),
        ("记者 张三 李四", "张三、李四"),
        ("文/王小明", "王小明"),
        ("通讯员：刘洋", "刘洋"),
        ("南方都市报", None),
    ],
)
def test_parse_byline(line, author):
    assert parse_byline(line) == author


def test_outlets_from_tags_and_credits():
    assert outlet_from_tag("南方网新闻") == "南方网"
    assert outlet_from_tag("南方都市报新闻") == "南方都市报"
    assert outlet_from_tag("教育新闻") is None
    assert find_source_credit("（文章来源：南方网）") == "南方网"
    assert find_source_credit("(来源: 新华社)") == "新华社"
    assert find_source_credit("没有来源的句子") is None
