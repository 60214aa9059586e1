"""Tests for HTML pages and post bodies: main text by Trafilatura, metadata from the markup."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tasks.extract.htmlpage import (
    HtmlArticle,
    extract_body_text,
    extract_html_page,
    looks_like_html,
    strip_widgets,
)

CST = timezone(timedelta(hours=8))
WIDGET = (
    '<!-- EM_StockImg_Start --><div class="stock"><img src="https://quote.example.cn/k/002230.png"'
    ' alt="科大讯飞K线图"><span>科大讯飞 43.21 +1.25%</span></div><!-- EM_StockImg_End -->'
)
PARAGRAPHS = [
    "4月17日，淮北市第一中学的AI智慧课堂正式启用。高一年级的数学课上，学生用平板提交作业，"
    "系统在几秒钟内给出批改结果和错题分析。",
    "该校教务处负责人介绍，学校今年投入专项资金改造了24间教室，每间教室配备交互式大屏和学情分析"
    "系统，教师可以根据数据为不同学生布置分层作业。",
    "“以前批改一个班的作业要两个小时，现在课堂上就能看到每个学生哪里没掌握。”数学教师陈晓梅说，"
    "省下来的时间可以用来辅导学习有困难的学生。",
    "据了解，淮北市计划到2025年底在全市中小学推广智慧课堂，推动教育数字化转型。",
]
PAGE = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>淮北市第一中学启用AI智慧课堂 助力因材施教_教育频道_皖北在线</title>
<meta name="keywords" content="智慧课堂,人工智能，因材施教;淮北一中">
<meta name="author" content="皖北在线记者 周文静">
<link rel="canonical" href="https://edu.wanbei.example.cn/2024/04/18/c_8812.html">
</head>
<body>
<div class="top-bar"><a href="/">首页</a> | <a href="/news/">新闻</a> | <a href="/edu/">教育</a></div>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/edu/">教育频道</a> &gt; 正文</div>
<div class="main">
  <h1 class="art-title">淮北市第一中学启用AI智慧课堂 助力因材施教</h1>
  <div class="art-info"><span>2024-04-18 09:35</span> <span>来源：皖北在线</span></div>
  <div class="art-body" id="content">
    <p>{PARAGRAPHS[0]}</p>
    <p>{PARAGRAPHS[1]}</p>
    {WIDGET}
    <p>{PARAGRAPHS[2]}</p>
    <p>{PARAGRAPHS[3]}</p>
  </div>
</div>
<div class="side"><h3>热点新闻</h3>
  <ul><li><a href="/a/1.html">2024-03-02 全市中小学春季开学</a></li>
  <li><a href="/a/2.html">皖北高校就业双选会举行</a></li></ul>
</div>
<div class="footer">关于我们 | 联系我们 | 版权所有 © 2008-2024 皖北在线</div>
</body>
</html>
"""


def test_a_portal_page_gives_its_article_and_metadata() -> None:
    page = extract_html_page(PAGE)
    assert page.body == "\n".join(PARAGRAPHS)  # no menu, breadcrumb, widget, sidebar or footer
    assert page.title == "淮北市第一中学启用AI智慧课堂 助力因材施教"
    assert page.outlet == "皖北在线"
    assert page.author == "皖北在线记者 周文静"
    assert page.url == "https://edu.wanbei.example.cn/2024/04/18/c_8812.html"
    assert page.tags == ["智慧课堂", "人工智能", "因材施教", "淮北一中"]
    # The header's time line dates the page; the sidebar's bare 2024-03-02 does not.
    assert page.published is not None
    assert (page.published.value, page.published.precision) == (
        datetime(2024, 4, 18, 9, 35, tzinfo=CST),
        "minute",
    )


def test_the_fetched_url_stands_in_for_a_missing_canonical_one() -> None:
    page = extract_html_page(PAGE.replace("canonical", "alternate"), url="https://m.example.cn/1")
    assert page.url == "https://m.example.cn/1"


def test_a_blank_page_gives_an_empty_article() -> None:
    assert extract_html_page("  ", url="https://a.example.cn/x") == HtmlArticle(
        None, None, None, None, "https://a.example.cn/x", ""
    )


def test_a_post_body_loses_its_widgets() -> None:
    html = f"<p>{PARAGRAPHS[0]}</p>{WIDGET}<p>{PARAGRAPHS[3]}</p>"
    assert "K线图" not in strip_widgets(html)
    assert extract_body_text(html) == f"{PARAGRAPHS[0]}\n{PARAGRAPHS[3]}"


@pytest.mark.parametrize(
    ("text", "html"),
    [
        (PAGE, True),
        ("<!doctype html><title>x</title>", True),
        ("学校<br>启用<p>智慧课堂", True),  # a fragment: two tags
        ("<p>只有一个标签的纯文本</p>", False),
        ("比较：a<b 且 c>d，不是标记", False),
    ],
)
def test_looks_like_html(text: str, html: bool) -> None:
    assert looks_like_html(text) is html


def rendered_dom_page() -> str:
    """A page saved from a browser's DOM: no doctype, no <html>, kilobytes of script and style
    before the first other tag, the article deep in the body."""
    script = "".join(
        f"window.__cfg{i}={{ch:'edu',slot:{i},ads:['a{i}','b{i}'],lazy:true,ratio:0.{i}}};"
        for i in range(120)
    )
    style = "".join(f".m-nav-{i}{{float:left;margin:0 {i}px;color:#c00}}" for i in range(80))
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f'<head><script type="text/javascript" async="">{script}</script>'
        f'<style class="vjs-styles">{style}</style>'
        '<meta charset="utf-8"><title>淮北一中AI智慧课堂启用_皖北在线</title></head>'
        '<body><div class="nav"><a href="/">首页</a><a href="/edu/">教育</a></div>'
        '<div class="article"><h1>淮北一中AI智慧课堂启用</h1>'
        f'<div class="info">2024-04-18 09:35 来源：皖北在线</div>{body}</div>'
        '<div class="footer">版权所有 皖北在线</div></body>'
    )


@pytest.mark.parametrize(
    "text",
    [
        rendered_dom_page(),
        "<!-- saved from url=(0042)https://edu.wanbei.example.cn/a/1.html -->\n<html><body>正文",
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">',
        "\ufeff<meta charset=gbk><title>教育局通知</title>",
        '<!--[if lt IE 9]><script src="html5.js"></script><![endif]-->' + "x" * 6000,
    ],
)
def test_a_document_is_html_from_its_first_tag(text: str) -> None:
    assert looks_like_html(text)


def test_a_rendered_dom_page_yields_its_article_not_its_markup() -> None:
    page = extract_html_page(rendered_dom_page())
    assert page.title == "淮北一中AI智慧课堂启用"
    assert PARAGRAPHS[0] in page.body and PARAGRAPHS[3] in page.body
    assert "<" not in page.body and "window.__cfg" not in page.body
