"""Tests for the dates a reader sees: date lines by the title, and the URL's day."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

import pytest

from schemas import Article, DecodedDocument
from tasks.decode.charset import decode_bytes
from tasks.extract.article import extract_article
from tasks.extract.dates import InvalidDateError
from tasks.extract.headerdates import date_in_header_line, date_in_url
from tasks.extract.htmlpage import extract_html_page
from tasks.extract.settings import ExtractSettings
from tasks.extract.textpage import parse_text_article

CST = timezone(timedelta(hours=8))
JUNE_14 = datetime(2023, 6, 14, tzinfo=CST)
AT_1020 = datetime(2023, 6, 14, 10, 20, tzinfo=CST)
# Narrative paragraphs of my own: their dates are events, never the publication date.
STORY = (
    "<p>3月28日，江城市第二中学与星河智能科技有限公司签署人工智能教育合作协议，双方将共建"
    "智慧课堂实验室，并在教师培训、课程开发等方面开展合作。</p>"
    "<p>2022年9月1日，该校启用了首批智慧教室。学校负责人表示，此次合作将让更多学生接触"
    "人工智能课程，提升信息素养。</p>"
    "<p>据介绍，星河智能此前已与省内十余所中小学开展类似合作，累计培训教师三百余人次。</p>"
)
TITLE = "江城二中与星河智能签署人工智能教育合作协议"
SIDEBAR = (
    "<div class='side'><h3>热点新闻</h3><ul>"
    "<li><a href='/a/1.html'>全市中小学春季开学工作部署会召开</a><span>2023-06-01 09:00</span></li>"
    "<li><a href='/a/2.html'>江城教育局发布暑期安全提示</a><span>2023-05-30 16:45</span></li>"
    "</ul></div>"
)


def page(header: str, *, head: str = "", before: str = "", after: str = "") -> str:
    """An article page of my own: an optional sidebar, the title, a header block, the story."""
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{TITLE}_江城新闻网</title>"
        f"{head}</head><body><div class='nav'><a href='/'>首页</a> &gt; <a href='/edu/'>教育</a>"
        f"</div>{before}<div class='main'><h1>{TITLE}</h1>{header}"
        f"<div class='content'>{STORY}</div>{after}</div>"
        "<div class='foot'>© 2008-2024 江城新闻网 版权所有 未经授权禁止转载</div></body></html>"
    )


@pytest.mark.parametrize(
    ("header", "expected", "precision"),
    [
        ("<div class='info'>发布时间：2023-06-14 10:20 来源：江城日报</div>", AT_1020, "minute"),
        ("<p class='meta'>发布于：2023-06-14 10:20 IP属地：湖北</p>", AT_1020, "minute"),
        (
            "<div class='info'><span>来源：<a href='/'>江城日报</a></span>"
            "<span>时间：2023-06-14 10:20</span></div>",
            AT_1020,
            "minute",
        ),
        ("<div class='info'>2023-06-14 <span>阅读1234次</span></div>", JUNE_14, "day"),
        (
            "<div>作者：李明 编辑：王芳 2023年6月14日 10:20:35</div>",
            datetime(2023, 6, 14, 10, 20, 35, tzinfo=CST),
            "second",
        ),
        (
            "<div class='src'>JCXW.COM 2023年06月14日15:37</div>",
            datetime(2023, 6, 14, 15, 37, tzinfo=CST),
            "minute",
        ),
        ("<div class='time'>2023-06-14 10:20</div>", AT_1020, "minute"),  # a blog's bare timestamp
        ("<div class='author'>江城小记 2023-06-14 10:20</div>", AT_1020, "minute"),  # an account
        ("<div class='paper'>江城日报 2023年06月14日 星期三 第05版：教育</div>", JUNE_14, "day"),
        ("<div class='date'>2023-06-14</div>", JUNE_14, "day"),
        ("<div class='date'>2023年6月14日</div>", JUNE_14, "day"),
        ("<div>2023年06月14日 江城新闻网 教育频道</div>", JUNE_14, "day"),
        (
            "<div>最新推荐文章于 2023-06-15 08:00 发布</div><div>江城小李 于 2023-06-14 10:20 发布</div>",
            AT_1020,
            "minute",
        ),
    ],
)
def test_a_date_line_under_the_title_is_the_publication_date(header, expected, precision):
    article = extract_html_page(page(header))
    assert article.published is not None
    assert (article.published.value, article.published.precision) == (expected, precision)
    assert article.published.source == "header_line"


def test_a_date_line_right_above_the_title_counts():
    html = page("").replace("<h1>", "<div class='info'>2023-06-14 10:20 来源：江城日报</div><h1>")
    found = extract_html_page(html).published
    assert found is not None and (found.value, found.source) == (AT_1020, "header_line")


def test_a_title_in_no_heading_element_is_found_in_the_page_text():
    html = page("").replace(
        f"<h1>{TITLE}</h1>",
        f"<div class='tit'>{TITLE}</div><div class='bar'>发布日期: 2023-06-14 字号: [大] [中] [小]</div>",
    )
    found = extract_html_page(html).published
    assert found is not None
    assert (found.value, found.precision, found.source) == (JUNE_14, "day", "header_line")


def test_a_gbk_portal_page_shows_its_date_line():
    html = page("<div class='info'>2023-06-14 10:20　来源：江城日报　作者：李明</div>")
    data = html.replace("charset='utf-8'", "charset='gbk'").replace("©", "(C)").encode("gbk")
    text = decode_bytes(data).text
    doc = DecodedDocument(
        source_uri="/in/gbk.html",
        raw_sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        encoding="gb18030",
        encoding_source="meta",
    )
    article = extract_article(doc, ExtractSettings())
    assert isinstance(article, Article)
    assert (article.published_at, article.published_source) == (AT_1020, "header_line")


def test_markup_comes_before_the_header_line():
    head = "<meta property='article:published_time' content='2023-06-13T08:00:00+08:00'>"
    found = extract_html_page(page("<div>发布时间：2023-06-14 10:20</div>", head=head)).published
    assert found is not None and (found.value.day, found.source) == (13, "meta")


@pytest.mark.parametrize(
    ("before", "header", "after"),
    [
        (SIDEBAR, "", ""),  # a sidebar of dated headlines above the article
        ("", SIDEBAR, ""),  # ... or right under the title
        ("", "<div class='hot'><div>江城教育局发布暑期安全提示 2023-05-30</div></div>", ""),
        (
            "",
            "<div class='hot'><div>江城教育局发布暑期安全提示 2023-05-30 16:45</div>"
            "<div>全市中小学开学工作部署会召开 2023-05-29 09:00</div></div>",
            "",
        ),
        (
            "",
            "<div>江城教育局发布暑期安全提示 2023-05-30 16:45</div>"
            "<div>全市中小学开学工作部署会召开 2023-05-29 09:00</div>",
            "",
        ),  # headlines with their times right under the title: a list, not a byline
        ("", "<div>3月28日 10:00</div>", ""),  # a month-day without a year
        ("", "<div>2023年</div>", ""),  # a year alone
        ("", "<!-- 发布时间：2019-01-01 12:00 -->", ""),  # an HTML comment
        (
            "",
            "",
            "<div class='comments'><div>网友评论</div><div>江城网友 2023-06-15 12:00："
            "支持学校开展人工智能教育！</div></div>",
        ),
        ("", "<div>Copyright © 2023-06-14 江城新闻网 版权所有</div>", ""),
    ],
)
def test_no_date_from_sidebars_narrative_copyright_or_comments(before, header, after):
    assert extract_html_page(page(header, before=before, after=after)).published is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("来源：江城日报　2023-06-14 10:20", AT_1020),
        ("发布日期：2023-06-14", JUNE_14),
        ("2023-06-14 10:20 | 编辑：王芳", AT_1020),
        ("江城日报 2023年06月14日 第05版", JUNE_14),
        ("江城新闻网 2023-06-14 10:20", AT_1020),
    ],
)
def test_header_line_forms(line, expected):
    found = date_in_header_line(line)
    assert found is not None and found.value == expected


@pytest.mark.parametrize(
    "line",
    [
        "2024年3月28日，江城二中举行签约仪式",  # narrative
        "截至2023年6月14日，全市已建成智慧教室300间",
        "报名时间：2023年6月14日至6月20日",  # a range
        "© 2008-2024 江城新闻网",
        "全市中小学春季开学工作部署会召开 2023-06-01",  # a headline and its date
        "2023-06-01 全市中小学春季开学工作部署会召开",
        "最新推荐文章于 2023-06-14 10:20 发布",  # another article's date
    ],
)
def test_lines_that_are_not_date_lines(line):
    assert date_in_header_line(line) is None


def test_an_impossible_header_date_is_an_error():
    with pytest.raises(InvalidDateError):
        date_in_header_line("发布时间：2023-02-30 10:20")


NOW = datetime(2024, 1, 1, tzinfo=CST)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.jcxw.cn/edu/2023-02/06/c_1129.htm", datetime(2023, 2, 6, tzinfo=CST)),
        ("https://news.jcxw.cn/20230614/a1b2.html", JUNE_14),
        ("https://www.jcxw.cn/2023/06/14/story.html", JUNE_14),
        ("http://jyj.jc.gov.cn/xwzx/202306/t20230614_881.html", JUNE_14),
        ("http://www.jcxw.cn/edu/2023-02/30/c_1129.htm", None),  # no 30 February
        ("https://www.jcxw.cn/2099/01/01/story.html", None),  # in the future
        ("https://www.jcxw.cn/news/123456.html", None),
        (None, None),
    ],
)
def test_url_dates_are_real_past_days(url, expected):
    found = date_in_url(url, now=NOW)
    assert (found.value if found else None) == expected
    if found is not None:
        assert (found.precision, found.source) == ("day", "url")


def _doc(text: str, uri: str) -> DecodedDocument:
    return DecodedDocument(
        source_uri=uri,
        raw_sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        encoding="utf-8",
        encoding_source="utf-8",
    )


def test_the_url_day_is_the_last_resort():
    uri = "https://www.jcxw.cn/edu/2023-02/06/c_1129.htm"
    article = extract_article(_doc(page(""), uri), ExtractSettings())
    assert isinstance(article, Article)
    assert article.published_at == datetime(2023, 2, 6, tzinfo=CST)
    assert (article.published_precision, article.published_source) == ("day", "url")
    dated = extract_article(_doc(page("<div>2023-06-14 10:20</div>"), uri), ExtractSettings())
    assert isinstance(dated, Article)
    assert (dated.published_at, dated.published_source) == (AT_1020, "header_line")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2023-06-14 10:20 阅读1234次", AT_1020),
        ("2023年6月14日", JUNE_14),
        ("发布于：2023-06-14 10:20", AT_1020),
    ],
)
def test_a_text_page_date_line_under_the_title(line, expected):
    text = (
        f"{TITLE}\n{line}\n3月28日，江城市第二中学与星河智能科技有限公司签署人工智能教育合作协议。\n"
        "双方将共建智慧课堂实验室。"
    )
    article = parse_text_article(text)
    assert article.title == TITLE
    assert article.published is not None
    assert (article.published.value, article.published.source) == (expected, "text_line")
    assert line not in article.body


def test_a_text_page_narrative_date_is_not_published():
    text = f"{TITLE}\n2023年6月14日，江城市第二中学与星河智能签署合作协议。\n双方将共建实验室。"
    assert parse_text_article(text).published is None
