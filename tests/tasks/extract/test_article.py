import hashlib
from datetime import datetime

import pytest

from schemas import Article, DecodedDocument, InputFormat, Reject, RejectReason, Stage
from tasks.decode.mojibake import repair_document
from tasks.extract.article import extract_article
from tasks.extract.settings import ExtractSettings
from tests.conftest import SEEDS

SETTINGS = ExtractSettings()
PARAGRAPH = "3月28日，深圳市龙岗区平湖中学与科大讯飞在深举办战略合作框架协议签署仪式。双方将围绕智慧课堂展开合作。"


def decoded(text: str, uri: str = "/in/page.html") -> DecodedDocument:
    return DecodedDocument(
        source_uri=uri,
        raw_sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        encoding="utf-8",
        encoding_source="utf-8",
    )


def news_page(head: str = "", footer: str = "") -> str:
    body = "".join(f"<p>{PARAGRAPH}第{i}段。</p>" for i in range(6))
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>平湖中学与科大讯飞签约 - 南方网</title>{head}</head>"
        "<body><div class='nav'><a href='/'>首页</a> <a href='/edu'>教育</a></div>"
        f"<article><h1>平湖中学与科大讯飞签约</h1>{body}</article>{footer}</body></html>"
    )


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.iterdir()))
def test_seed_yields_gold_metadata_and_clean_body(name, gold):
    expected = gold["articles"][name]
    text = (SEEDS / name).read_text(encoding="utf-8")
    article = extract_article(repair_document(decoded(text, str(SEEDS / name))), SETTINGS)
    assert isinstance(article, Article), article
    if "title" in expected:
        assert article.title == expected["title"]
    want = expected["published_at"]
    assert article.published_at == (datetime.fromisoformat(want) if want else None)
    for field in ("outlet", "url", "author"):
        if field in expected:
            assert getattr(article, field) == expected[field]
    for snippet in expected["text_contains"]:
        assert snippet in article.text
    for snippet in expected["text_excludes"]:
        assert snippet not in article.text


def test_html_page_date_comes_from_markup_with_time_and_zone():
    page = news_page(
        head='<meta property="article:published_time" content="2022-03-29T16:14:34+08:00">'
    )
    article = extract_article(decoded(page), SETTINGS)
    assert isinstance(article, Article)
    assert article.published_at == datetime.fromisoformat("2022-03-29T16:14:34+08:00")
    assert article.published_precision == "second"
    assert article.published_source == "meta"
    assert "平湖中学与科大讯飞在深举办战略合作框架协议签署仪式" in article.text
    assert "首页" not in article.text
    assert article.input_format is InputFormat.HTML


def test_html_page_header_time_line_is_used():
    page = news_page().replace(
        "<article>", "<article><div class='info'>2025-12-29 16:13:47 来源：南方都市报</div>"
    )
    article = extract_article(decoded(page), SETTINGS)
    assert isinstance(article, Article)
    assert article.published_at == datetime.fromisoformat("2025-12-29T16:13:47+08:00")
    assert article.published_source == "header_line"  # the line right above the <h1>


def test_copyright_year_alone_never_becomes_a_date():
    page = news_page(
        head='<meta itemprop="copyrightYear" content="2021">',
        footer="<footer>© 2021 南方网 版权所有</footer>",
    )
    article = extract_article(decoded(page), SETTINGS)
    assert isinstance(article, Article)
    assert article.published_at is None


def test_truncated_html_still_yields_its_text():
    page = news_page()
    cut = page[: page.index("第4段") + 10]  # cut mid-paragraph, no closing tags
    article = extract_article(decoded(cut), SETTINGS)
    assert isinstance(article, Article)
    assert "第3段" in article.text


def test_html_without_text_is_rejected_as_no_content():
    outcome = extract_article(
        decoded("<html><head><title>x</title></head><body><div></div></body></html>"), SETTINGS
    )
    assert isinstance(outcome, Reject)
    assert outcome.stage is Stage.EXTRACT and outcome.reason is RejectReason.NO_CONTENT
    assert "no article text" in outcome.detail


def test_unclosed_front_matter_is_rejected():
    outcome = extract_article(decoded("---\ntitle: 标题\n" + f"<p>{PARAGRAPH}</p>\n"), SETTINGS)
    assert isinstance(outcome, Reject)
    assert outcome.reason is RejectReason.FRONT_MATTER_UNCLOSED
    assert "never closed" in outcome.detail


@pytest.mark.parametrize("date", ["2022-02-30 10:00:00 +0800", "2022-04-31", "tomorrow"])
def test_impossible_front_matter_date_is_rejected(date):
    post = f"---\ntitle: 标题\ndate: {date}\n---\n<p>{PARAGRAPH}</p>\n"
    outcome = extract_article(decoded(post), SETTINGS)
    assert isinstance(outcome, Reject)
    assert outcome.stage is Stage.VALIDATE and outcome.reason is RejectReason.INVALID_DATE
    assert date.split()[0] in outcome.detail


def test_post_without_date_has_null_date():
    outcome = extract_article(decoded(f"---\ntitle: 标题\n---\n<p>{PARAGRAPH}</p>\n"), SETTINGS)
    assert isinstance(outcome, Article)
    assert outcome.published_at is None and outcome.title == "标题"


def test_bad_url_in_front_matter_is_a_schema_reject():
    post = f"---\ntitle: 标题\nurl: https://\n---\n<p>{PARAGRAPH}</p>\n"
    outcome = extract_article(decoded(post), SETTINGS)
    assert isinstance(outcome, Reject)
    assert outcome.reason is RejectReason.SCHEMA
    assert '"loc":["url"]' in outcome.detail.replace(" ", "")


def test_article_id_is_stable_and_follows_the_url():
    text = (SEEDS / "000_17c0a4eee11be776.txt").read_text(encoding="utf-8")
    first = extract_article(decoded(text, "/a/000.txt"), SETTINGS)
    copy = extract_article(decoded(text, "/b/copy-of-000.txt"), SETTINGS)
    assert isinstance(first, Article) and isinstance(copy, Article)
    assert first.article_id == copy.article_id  # same article URL, same article
    assert first.content_hash == copy.content_hash


def test_a_page_saved_as_rendered_dom_is_an_html_article_never_markup():
    from tests.tasks.extract.test_htmlpage import rendered_dom_page

    article = extract_article(decoded(rendered_dom_page()), SETTINGS)
    assert isinstance(article, Article)
    assert article.input_format is InputFormat.HTML
    assert article.title == "淮北一中AI智慧课堂启用"
    assert "<" not in article.text and "window." not in article.text
    assert article.text.startswith("4月17日，淮北市第一中学的AI智慧课堂正式启用")


def test_two_articles_whose_canonical_is_the_home_page_keep_their_own_ids():
    head = "<link rel='canonical' href='http://www.portal.example.cn/'>"
    first = extract_article(decoded(news_page(head), "/in/a.html"), SETTINGS)
    second = extract_article(decoded(news_page(head, "<p>另一篇</p>"), "/in/b.html"), SETTINGS)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.url is None and second.url is None
    assert first.article_id != second.article_id


def test_a_channel_page_is_a_not_article_reject_saying_why():
    from tests.tasks.extract.test_pagetype import channel_page

    reject = extract_article(decoded(channel_page(), "https://edu.portal.example.cn/"), SETTINGS)
    assert isinstance(reject, Reject)
    assert (reject.stage, reject.reason) == (Stage.EXTRACT, RejectReason.NOT_ARTICLE)
    assert "link labels" in reject.detail and "60 links" in reject.detail
