"""Tests for publication dates: date strings, page headers and HTML markup."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from lxml.html import HtmlElement, fromstring

from tasks.extract.dates import (
    InvalidDateError,
    date_at_page_top,
    find_datetime,
    page_text,
    parse_datetime,
    published_in_markup,
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


def _page(head: str, body: str) -> HtmlElement:
    return fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


def test_markup_date_prefers_meta_then_json_ld_then_time_then_header():
    json_ld = (
        '<script type="application/ld+json">{"datePublished": "2023-05-06T09:30:00+08:00"}</script>'
    )
    time = '<time datetime="2023-05-07">5月7日</time>'
    header = "<p>发布时间：2023-05-08 10:20 来源：江淮教育网</p>"
    metas = {"article:published_time": "2023-05-05 08:00:00"}
    tree = _page(json_ld, time + header)
    assert published_in_markup(tree, metas).value == datetime(2023, 5, 5, 8, tzinfo=CST)
    assert published_in_markup(tree, {}).value == datetime(2023, 5, 6, 9, 30, tzinfo=CST)
    found = published_in_markup(_page("", time + header), {})
    assert (found.value, found.precision) == (datetime(2023, 5, 7, tzinfo=CST), "day")
    assert published_in_markup(_page("", header), {}) is None  # a header line is not markup
    found = date_at_page_top(page_text(_page("", header)), labelled_only=True)
    assert (found.value, found.precision) == (datetime(2023, 5, 8, 10, 20, tzinfo=CST), "minute")
    assert found.source == "page_top"
    assert [published_in_markup(tree, m).source for m in (metas, {})] == ["meta", "jsonld"]


def test_markup_date_skips_unusable_meta_and_never_takes_a_bare_header_date():
    tree = _page("", "<p>热门：2021-04-01 智慧课堂开放日</p><footer>© 2023 江淮教育网</footer>")
    assert published_in_markup(tree, {"pubdate": "近日"}) is None


def test_markup_date_reads_escaped_json_ld():
    script = (
        '<script type="application/ld+json">{"datePublished": "2023\\u002d06\\u002d01"}</script>'
    )
    found = published_in_markup(_page(script, ""), {})
    assert found is not None and found.value == datetime(2023, 6, 1, tzinfo=CST)


def test_impossible_markup_date_raises():
    with pytest.raises(InvalidDateError):
        published_in_markup(_page("", ""), {"og:published_time": "2023-02-30 10:00"})
