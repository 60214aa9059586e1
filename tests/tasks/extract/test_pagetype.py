"""Tests for telling article pages from list, channel, forum and navigation pages."""

from __future__ import annotations

import pytest

from tasks.extract.htmlpage import NotAnArticleError, extract_html_page
from tests.tasks.extract.test_htmlpage import PAGE, rendered_dom_page

TOPICS = [
    "市教育局部署秋季学期智慧课堂建设",
    "高新区三所中学与本地科技企业共建人工智能实验室",
    "全省中小学教师数字素养提升培训启动",
    "人工智能通识课走进乡村小学课堂",
    "职业院校与头部企业签署产教融合协议",
    "教育数字化转型典型案例征集结果公布",
    "智能批改系统在初中数学课上试点一年",
    "县域教育共同体探索双师课堂新模式",
]
NAV = (
    '<div class="nav"><a href="/">首页</a><a href="/news/">新闻中心</a><a href="/edu/">教育频道</a>'
    '<a href="/tech/">科技频道</a><a href="/video/">视频</a><a href="/bbs/">论坛社区</a></div>'
)
FOOTER = '<div class="footer"><a href="/about">关于我们</a> | <a href="/contact">联系我们</a> | 版权所有</div>'


def channel_page() -> str:
    """A portal's education channel: 40 headlines with their dates, and a pager."""
    items = "".join(
        f'<li><a href="/edu/2024/05/{i:02d}/c_{i}.html">{TOPICS[i % 8]}（第{i}期）</a>'
        f'<span class="time">2024-05-{i % 28 + 1:02d}</span></li>'
        for i in range(40)
    )
    pager = "".join(f'<a href="/edu/list_{n}.html">{n}</a>' for n in range(1, 11))
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>教育频道_网易新闻</title></head>"
        f"<body>{NAV}<div class='crumb'><a href='/'>首页</a> &gt; 教育频道</div>"
        f"<div class='list'><h2>教育要闻</h2><ul>{items}</ul></div>"
        f"<div class='pager'>{pager}<a href='/edu/list_2.html'>下一页</a></div>{FOOTER}</body></html>"
    )


def forum_index() -> str:
    """A forum board: a table of threads with author, replies and views."""
    rows = "".join(
        f'<tr><td class="icon">[讨论]</td><td><a href="/bbs/thread-{i}-1.html">{TOPICS[i % 8]}，大家怎么看？</a></td>'
        f'<td><a href="/bbs/space-{i}.html">家长{i:03d}</a></td><td>{i * 3}/{i * 57}</td>'
        f"<td>2024-05-{i % 28 + 1:02d} 21:{i % 60:02d}</td></tr>"
        for i in range(30)
    )
    return (
        "<html><head><meta charset='gbk'><title>教育论坛 - 家长交流区</title></head>"
        f"<body>{NAV}<h1>家长交流区</h1><table class='threads'><tr><th></th><th>主题</th>"
        f"<th>作者</th><th>回复/查看</th><th>最后发表</th></tr>{rows}</table>{FOOTER}</body></html>"
    )


def site_map() -> str:
    """A navigation page: nothing but sections and their links."""
    sections = "".join(
        f"<h3>{name}</h3><p>"
        + " ".join(
            f'<a href="/{name}/{i}/">{name}{sub}</a>'
            for i, sub in enumerate("动态要闻政策专题视频图片")
        )
        + "</p>"
        for name in ("教育", "科技", "财经", "体育", "文化", "健康")
    )
    return f"<html><head><title>网站地图</title></head><body>{NAV}<div class='map'>{sections}</div>{FOOTER}</body></html>"


@pytest.mark.parametrize("page", [channel_page(), forum_index(), site_map()])
def test_list_forum_and_navigation_pages_are_not_articles(page: str) -> None:
    with pytest.raises(NotAnArticleError) as refused:
        extract_html_page(page)
    assert "links" in str(refused.value)


@pytest.mark.parametrize("page", [PAGE, rendered_dom_page()])
def test_article_pages_with_chrome_and_side_lists_are_articles(page: str) -> None:
    assert extract_html_page(page).body


def test_a_short_article_with_a_long_related_list_is_an_article() -> None:
    related = "".join(
        f'<li><a href="/edu/r{i}.html">{TOPICS[i % 8]}（{i}）</a></li>' for i in range(20)
    )
    page = (
        "<html><head><title>县教育局召开智慧教育推进会</title></head>"
        f"<body>{NAV}<div class='article'><h1>县教育局召开智慧教育推进会</h1>"
        "<p>5月8日，县教育局召开智慧教育推进会，部署下一阶段智慧课堂建设任务。</p>"
        "<p>会议要求各校在秋季学期前完成教室改造，并组织教师参加应用培训。</p>"
        f"<div class='related'><h3>相关新闻</h3><ul>{related}</ul></div></div>{FOOTER}</body></html>"
    )
    assert "智慧课堂建设任务" in extract_html_page(page).body


def test_a_short_main_text_on_a_page_with_much_more_prose_is_extracted_again() -> None:
    from tasks.extract.pagetype import MainText, PageProfile

    page = PageProfile(text_chars=3000, n_links=40, link_chars=600, labels=frozenset())
    short = MainText(chars=300, prose_chars=300, label_chars=0)
    whole = MainText(chars=1800, prose_chars=1800, label_chars=0)
    assert short.is_suspicious(page)  # 2,400 characters outside links, 300 taken
    assert not whole.is_suspicious(page)
    tiny_page = PageProfile(text_chars=500, n_links=10, link_chars=200, labels=frozenset())
    assert not short.is_suspicious(tiny_page)  # a short report on a small page is just short


def test_paragraphs_ending_in_full_stops_read_as_an_article_and_lists_do_not() -> None:
    from tasks.extract.pagetype import reads_as_article

    paragraph = "县教育局今天召开智慧课堂建设推进会，部署下一阶段的教室改造和教师培训任务。"
    assert reads_as_article("\n".join([paragraph] * 15))
    assert not reads_as_article("\n".join(TOPICS * 10))  # headlines end without a full stop
    assert not reads_as_article(paragraph)  # too short to skip the page profile


def archive_index(n_links: int) -> str:
    items = "".join(
        f"<li><a href='/2024/{i}.html'>河西新闻第{i}期：教育动态汇总</a></li>"
        for i in range(n_links)
    )
    return (
        f"<html><head><title>往期回顾_河西新闻网</title></head><body><ul>{items}</ul></body></html>"
    )


def test_a_page_of_200000_links_is_refused_before_extraction() -> None:
    with pytest.raises(
        NotAnArticleError, match=r"200000 links and no paragraph outside them \(refused"
    ):
        extract_html_page(archive_index(200_000))


def test_an_article_under_thousands_of_navigation_links_is_still_an_article() -> None:
    navigation = "".join(f"<a href='/c/{i}'>频道{i}</a>" for i in range(6000))
    body = "".join(
        f"<p>第{i}段：河西市教育局与云帆智能科技有限公司签署人工智能教育合作协议，"
        "双方将共建智慧课堂示范校，并在教师培训方面开展长期合作。</p>"
        for i in range(120)
    )
    page = f"<html><body><div class='nav'>{navigation}</div><article>{body}</article></body></html>"
    article = extract_html_page(page)
    assert "第119段" in article.body
