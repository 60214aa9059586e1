"""Tests for tickers read from stock-quote widgets in page markup."""

from __future__ import annotations

import pytest

from tasks.extract.securities import find_securities


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<img data-code="K 002230|0|2" data-code2="K 002230|0|6|">', ["002230.SZ"]),
        ('<a data-code="00700|116|5"></a><img data-code="K 00700|116|5">', ["0700.HK"]),
        ('<img data-code="K 600519|1|2">', ["600519.SH"]),
        ('<img data-code="K 830799|0|2">', ["830799.BJ"]),
        ('<img data-code="K BIDU|105|2">', ["BIDU.US"]),
        ('<img data-code="K 002230|99|2">', []),  # unknown market id
        ('<img data-code="K 12|0|2">', []),  # not a six-digit A-share code
        ("<p>科大讯飞（002230）发布公告</p>", []),  # a code in the text is not a widget
    ],
)
def test_find_securities(markup: str, expected: list[str]) -> None:
    assert find_securities(markup) == expected


def test_order_is_first_seen_without_repeats() -> None:
    markup = 'data-code="K 00700|116|5" data-code="K 002230|0|2" data-code="00700|116|5"'
    assert find_securities(markup) == ["0700.HK", "002230.SZ"]
