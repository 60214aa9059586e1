"""The Article model: its validators, its content hash, and its id."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError

from schemas import Article, InputFormat, TextRepair
from schemas.article import EXTRACTOR_VERSION, make_article_id

CHINA = timezone(timedelta(hours=8))
URL = "https://news.example.cn/a/1.html"
FIELDS: dict[str, Any] = {
    "article_id": make_article_id(URL, "/in/a.txt"),
    "source_uri": "/in/a.txt",
    "url": URL,
    "title": "湖光二中与星河智能签约",
    "published_at": datetime(2024, 3, 28, 16, 14, tzinfo=CHINA),
    "outlet": "湖光日报",
    "author": "王芳",
    "text": "湖光市第二中学与星河智能签署人工智能教育合作协议。",
    "encoding": "utf-8",
    "input_format": InputFormat.HTML,
    "categories": ["教育", "科技"],
    "tags": ["人工智能"],
    "raw_sha256": "a" * 64,
    "securities": ["002230.SZ"],
}
# Pinned: stored articles carry this hash; a change would re-version every one of them.
CONTENT_HASH = "b316de1272ba449cce03624ef2981e9ef57f4ef04b2f4644c89b2a798e4c4bc7"


def make(**changes: Any) -> Article:
    return Article(**(FIELDS | changes))


def test_content_hash_is_stable() -> None:
    assert make().content_hash == CONTENT_HASH


def test_content_hash_is_sha256_of_the_content_fields_in_order() -> None:
    parts = [
        URL, "湖光二中与星河智能签约", "2024-03-28T16:14:00+08:00", "湖光日报", "王芳",
        FIELDS["text"], "教育\x1f科技", "人工智能", "002230.SZ",
    ]  # fmt: skip
    assert make().content_hash == hashlib.sha256("\x1e".join(parts).encode()).hexdigest()


@pytest.mark.parametrize(
    "change",
    [
        {"url": "https://news.example.cn/a/2.html"},
        {"url": None},
        {"title": "湖光二中与星河智能续签"},
        {"title": None},
        {"published_at": datetime(2024, 3, 28, 16, 15, tzinfo=CHINA)},
        {"published_at": datetime(2024, 3, 28, 8, 14, tzinfo=UTC)},  # same instant, other zone
        {"outlet": "湖光晚报"},
        {"author": None},
        {"text": FIELDS["text"] + "双方将共建实验室。"},
        {"categories": ["科技", "教育"]},  # order counts
        {"tags": []},
        {"securities": ["002230.SZ", "0700.HK"]},
    ],
)
def test_content_hash_changes_with_the_content(change: dict[str, Any]) -> None:
    assert make(**change).content_hash != CONTENT_HASH


@pytest.mark.parametrize(
    "change",
    [
        {"source_uri": "/in/copy.txt"},
        {"raw_sha256": "b" * 64},
        {"encoding": "gb18030"},
        {"input_format": InputFormat.TEXT},
        {"published_precision": "day"},
        {"published_source": "url"},  # where the date was found, not what it is
        {"script": "traditional"},
        {"text_simplified": "简体"},
        {"extractor_version": "extract-v0"},
        {
            "mojibake_repairs": [
                TextRepair(start=0, end=2, garbled="涓", repaired="中", gain=1.0, confidence="low")
            ]
        },
    ],  # fmt: skip
)
def test_content_hash_ignores_where_and_how_the_text_was_read(change: dict[str, Any]) -> None:
    assert make(**change).content_hash == CONTENT_HASH


def test_defaults() -> None:
    article = Article(**{k: FIELDS[k] for k in ("article_id", "source_uri", "text", "encoding",
                                                "input_format", "raw_sha256")})  # fmt: skip
    assert (article.url, article.title, article.published_at, article.author) == (None,) * 4
    assert article.published_source is None
    assert article.categories == article.tags == article.securities == []
    assert (article.script, article.text_simplified) == ("unknown", "")
    assert article.extractor_version == EXTRACTOR_VERSION


@pytest.mark.parametrize("field", ["title", "outlet", "author"])
def test_names_are_whitespace_collapsed_and_blank_is_none(field: str) -> None:
    assert getattr(make(**{field: "  湖光\n 日报\t"}), field) == "湖光 日报"
    assert getattr(make(**{field: " \u3000\n"}), field) is None


@pytest.mark.parametrize(
    "change",
    [
        {"text": " \n\t"},
        {"text": ""},
        {"url": "ftp://news.example.cn/a"},
        {"url": "https:///nohost"},
        {"url": "/relative/path"},
        {"published_at": datetime(2024, 3, 28, 16, 14)},  # no time zone
        {"article_id": "short"},
        {"raw_sha256": "a" * 63},
        {"title": "长" * 501},
        {"source_uri": ""},
        {"script": "simp"},
        {"published_precision": "hour"},
        {"published_source": "body"},  # a closed vocabulary: a date never comes from the body
    ],
)
def test_invalid_fields_are_rejected(change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        make(**change)


def test_text_is_kept_as_given() -> None:
    text = "  湖光市第二中学\n\n与星河智能签约。  "
    assert make(text=text).text == text


def test_article_is_frozen() -> None:
    with pytest.raises(ValidationError):
        make().title = "改"


def test_article_id_comes_from_the_url_when_known() -> None:
    assert make_article_id(URL, "/in/a.txt") == make_article_id(URL, "/in/b.txt")
    assert (
        make_article_id(URL, "/in/a.txt") == hashlib.sha256(f"url:{URL}".encode()).hexdigest()[:20]
    )
    assert make_article_id(URL, "/in/a.txt") == "e33e62ece42ff20274d7"


def test_article_id_comes_from_the_source_without_a_url() -> None:
    assert make_article_id(None, "/in/a.txt") == "60ffedef1127880c04c3"
    assert make_article_id("", "/in/a.txt") == make_article_id(None, "/in/a.txt")
    assert make_article_id(None, "/in/a.txt") != make_article_id(None, "/in/b.txt")
    assert len(make_article_id(None, "/in/文章.txt")) == 20
