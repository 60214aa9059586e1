"""Tests for telling input formats apart."""

from __future__ import annotations

from schemas import InputFormat
from tasks.extract.formats import detect_format, read_fields
from tests.conftest import SEEDS


def test_seed_formats_are_recognised():
    formats = {p.name[:3]: detect_format(p.read_text(encoding="utf-8")) for p in SEEDS.iterdir()}
    assert formats == {
        "000": InputFormat.JEKYLL,
        "001": InputFormat.TEXT,
        "002": InputFormat.JEKYLL,
        "003": InputFormat.JEKYLL,
        "004": InputFormat.TEXT,
    }


def test_each_format_says_where_its_date_was_found():
    post = "---\ntitle: 江城二中签约\ndate: 2023-06-14 10:20:00 +0800\n---\n<p>江城二中与星河智能签约。</p>\n"
    page = (
        "<html><head><meta property='article:published_time' content='2023-06-14T10:20:00+08:00'>"
        "</head><body><h1>江城二中签约</h1><p>江城二中与星河智能签约，双方将共建实验室。</p></body></html>"
    )
    text = "江城二中与星河智能签署合作协议\n发布时间：2023-06-14 10:20\n双方将共建智慧课堂实验室，培训教师。"
    sources = [read_fields(doc).published for doc in (post, page, text)]
    assert [found.source if found else None for found in sources] == [
        "front_matter",
        "meta",
        "text_line",
    ]
