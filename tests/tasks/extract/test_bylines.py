"""Tests for bylines and outlets read from credit lines and tags."""

import pytest

from tasks.extract.bylines import (
    find_source_credit,
    looks_like_outlet,
    outlet_from_tag,
    parse_byline,
)


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


@pytest.mark.parametrize(
    ("token", "outlet"),
    [("南方都市报", True), ("新华社", True), ("人民网", True), ("张三", False), ("网", False)],
)
def test_looks_like_outlet(token, outlet):
    assert looks_like_outlet(token) is outlet
