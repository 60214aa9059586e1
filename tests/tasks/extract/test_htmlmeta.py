"""Tests for page metadata read from HTML markup (title, site, author, URL, date, tags)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from trafilatura.utils import load_html

from tasks.extract.htmlmeta import PageMeta, read_page_meta

CST = timezone(timedelta(hours=8))


def meta_of(head: str, body: str = "") -> PageMeta:
    tree = load_html(f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>")
    assert tree is not None
    return read_page_meta(tree)


def test_a_portal_page_without_open_graph() -> None:
    meta = meta_of(
        "<title>淮北一中启用AI智慧课堂_教育频道_皖北在线</title>"
        '<meta name="author" content="皖北在线记者 周文静">'
        '<meta name="keywords" content="智慧课堂,人工智能，因材施教;淮北一中">'
        '<meta name="publishdate" content="2024-04-18 09:35:12">'
        '<link rel="stylesheet" href="/main.css">'
        '<link rel="canonical" href="https://edu.wanbei.example.cn/2024/04/18/c_8812.html">',
        "<h1>淮北一中启用AI智慧课堂 助力因材施教</h1><p>正文</p>",
    )
    assert meta.title == "淮北一中启用AI智慧课堂 助力因材施教"  # the only <h1>
    assert meta.sitename == "皖北在线"  # the last part of <title>
    assert meta.author == "皖北在线记者 周文静"
    assert meta.url == "https://edu.wanbei.example.cn/2024/04/18/c_8812.html"
    assert meta.tags == ["智慧课堂", "人工智能", "因材施教", "淮北一中"]
    assert meta.categories == []
    assert meta.published is not None
    assert meta.published.value == datetime(2024, 4, 18, 9, 35, 12, tzinfo=CST)


def test_open_graph_wins_over_the_page_title_and_headings() -> None:
    meta = meta_of(
        "<title>首页 - 江淮教育网</title>"
        '<meta property="og:title" content="合肥市启动人工智能教育试点">'
        '<meta property="og:site_name" content="江淮教育网">'
        '<meta property="og:url" content="https://jh.example.cn/n/77.html">'
        '<meta property="article:section" content="基础教育">'
        '<meta property="article:published_time" content="2023-09-01T08:00:00+08:00">',
        "<h1>另一个标题</h1>",
    )
    assert (meta.title, meta.sitename) == ("合肥市启动人工智能教育试点", "江淮教育网")
    assert meta.url == "https://jh.example.cn/n/77.html"
    assert meta.categories == ["基础教育"]
    assert meta.published is not None and meta.published.precision == "second"


def test_the_title_drops_the_site_suffix_when_headings_do_not_decide() -> None:
    meta = meta_of(
        "<title>芜湖市教育局召开智慧教育推进会 - 芜湖新闻网</title>",
        "<h1>芜湖新闻网</h1><h1>今日要闻</h1>",
    )
    assert (meta.title, meta.sitename) == ("芜湖市教育局召开智慧教育推进会", "芜湖新闻网")


def test_only_web_urls_count_and_keywords_are_capped() -> None:
    words = ",".join(f"词{i}" for i in range(30))
    meta = meta_of(
        '<link rel="canonical" href="/relative/path.html">'
        '<meta property="og:url" content="ftp://files.example.cn/a">'
        f'<meta name="news_keywords" content="{words}">'
    )
    assert meta.url is None
    assert meta.tags == [f"词{i}" for i in range(20)]


def test_a_home_page_canonical_is_not_the_article_url() -> None:
    home = meta_of('<link rel="canonical" href="http://www.portal.example.cn/">')
    assert home.url is None
    with_og = meta_of(
        '<link rel="canonical" href="https://www.portal.example.cn">'
        '<meta property="og:url" content="https://www.portal.example.cn/edu/2024-04/18/c_77.htm">'
    )
    assert with_og.url == "https://www.portal.example.cn/edu/2024-04/18/c_77.htm"


def test_a_page_that_declares_nothing() -> None:
    meta = meta_of("", "<p>2024年4月18日，学校举行开放日。</p>")
    assert meta == PageMeta(None, None, None, None, None)


def test_a_time_element_in_a_sidebar_list_is_not_the_pages_date() -> None:
    sidebar = "".join(
        f"<li><h5>栏目文章{i}</h5><p><time>2023-06-15</time><span>{i}</span></p></li>"
        for i in range(3)
    )
    meta = meta_of(
        "<title>江城二中科技节开幕_江城教育网</title>",
        "<aside><h1>江城二中第五届科技节开幕</h1><span>2023-06-14 10:20 江城教育[整理]</span></aside>"
        f"<p>6月14日，江城二中第五届科技节开幕，学生展示了自制的机器人。</p><ul>{sidebar}</ul>",
    )
    assert meta.published is not None
    assert meta.published.value == datetime(2023, 6, 14, 10, 20, tzinfo=CST)
    assert meta.published.source == "header_line"


def test_a_title_with_the_site_name_glued_on_still_finds_its_date_line() -> None:
    meta = meta_of(
        "<title>星河智能发布新一代教育机器人-星河电子技术网</title>",
        "<div class='cover'><h4>星河智能发布新一代教育机器人</h4>"
        "<div><span>时间：2023-06-14</span><span>作者：网络整理</span></div></div>"
        "<p>近日，星河智能在江城发布了新一代教育机器人，面向中小学的编程课堂。</p>",
    )
    assert meta.published is not None
    assert meta.published.value == datetime(2023, 6, 14, tzinfo=CST)
    assert meta.published.source == "header_line"
