"""Tests for the guard that keeps HTML markup out of stored article bodies."""

from __future__ import annotations

import hashlib
import html
import json

from schemas import Article, DecodedDocument, InputFormat, Reject, RejectReason, Stage
from tasks.extract.article import extract_article
from tasks.extract.formats import detect_format
from tasks.extract.htmlpage import looks_like_html, measure_markup
from tasks.extract.settings import ExtractSettings

PARAGRAPHS = [
    "6月3日，临川市实验小学举行“书香校园”读书节闭幕式，三百多名学生和家长参加了活动。",
    "本届读书节历时一个月，学校开放了图书馆的周末借阅，每个班级都建起了图书角，学生们共借阅图书"
    "一万二千余册。",
    "校长韩雪梅表示，学校将把每周五下午的阅读课固定下来，并邀请本地作家走进课堂，和孩子们分享写作"
    "的经验。",
]


def _decoded(text: str) -> DecodedDocument:
    return DecodedDocument(
        source_uri="/in/page.txt",
        raw_sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        encoding="utf-8",
        encoding_source="utf-8",
    )


def _dom_with_state_first() -> str:
    """A rendered DOM copied from a browser's inspector: the app's state, as text, before any tag."""
    state = {
        "items": [{"id": i, "title": f"栏目{i}", "path": f"/channel/{i}/"} for i in range(120)]
    }
    nav = "".join(
        f'<li class="nav-item"><a href="/channel/{i}/">栏目{i}</a></li>' for i in range(8)
    )
    paragraphs = "".join(f'<p class="text">{p}</p>' for p in PARAGRAPHS)
    return (
        f"window.__APP_STATE__ = {json.dumps(state, ensure_ascii=False)};\n"
        f'<section class="page"><header class="top"><nav><ul>{nav}</ul></nav></header>'
        '<main><article class="detail"><h1 class="title">临川市实验小学读书节闭幕</h1>'
        f'<div class="content">{paragraphs}</div></article></main>'
        '<footer class="foot"><span>临川教育网</span></footer></section>'
    )


def test_a_dom_that_starts_with_state_text_is_read_as_html() -> None:
    page = _dom_with_state_first()
    assert not looks_like_html(page)  # the start alone says text: the phenomenon
    assert detect_format(page) is InputFormat.HTML
    article = extract_article(_decoded(page), ExtractSettings())
    assert isinstance(article, Article), article
    assert article.input_format is InputFormat.HTML
    assert "<" not in article.text
    assert all(p in article.text for p in PARAGRAPHS)


def test_a_text_that_mentions_a_tag_stays_text() -> None:
    text = "\n".join(
        [
            "网页制作课走进临川市实验小学",
            PARAGRAPHS[0],
            "信息技术老师先讲了段落标签<p>的用法，孩子们随后用它写出了自己的第一张网页。",
            PARAGRAPHS[1],
        ]
    )
    assert detect_format(text) is InputFormat.TEXT
    article = extract_article(_decoded(text), ExtractSettings())
    assert isinstance(article, Article), article
    assert "标签<p>的用法" in article.text


def test_a_body_that_is_still_markup_is_rejected_saying_so() -> None:
    # A CMS that escaped its own HTML: the page shows the article's source as its text.
    source = "".join(
        f'<div class="para"><p><span style="font-size:16px">{p}</span></p></div>'
        for p in PARAGRAPHS
    )
    source += (
        '<div class="share"><a href="#">微信</a><a href="#">微博</a><a href="#">QQ空间</a></div>'
    )
    page = (
        "<!DOCTYPE html><html><head><title>临川市实验小学读书节闭幕</title></head><body>"
        f"<article><h1>临川市实验小学读书节闭幕</h1><p>{html.escape(source)}</p></article>"
        "</body></html>"
    )
    reject = extract_article(_decoded(page), ExtractSettings())
    assert isinstance(reject, Reject), reject
    assert (reject.stage, reject.reason) == (Stage.EXTRACT, RejectReason.MARKUP)
    assert "still HTML markup" in reject.detail and "HTML tags" in reject.detail


def test_markup_measure_counts_tags_and_their_share() -> None:
    assert not measure_markup("段落标签<p>的用法。" * 3).is_markup
    assert measure_markup('<div class="a"><p>一</p></div>' * 5).is_markup
