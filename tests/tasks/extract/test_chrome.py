"""Tests for the site chrome stripped from bodies of Chinese portal pages."""

from __future__ import annotations

import hashlib

import pytest

from schemas import Article, DecodedDocument
from tasks.decode.charset import decode_bytes
from tasks.extract.article import extract_article
from tasks.extract.chrome import strip_chrome
from tasks.extract.settings import ExtractSettings

PARAGRAPHS = [
    "5月12日，青溪县第二中学第十届校园科技节在学校体育馆开幕，全校一千二百余名师生参加了开幕式，"
    "县教育局有关负责同志到场观摩。",
    "本届科技节为期一周，设置机器人搭建、航模放飞、创意编程和科学小论文四个项目。高二学生周立航带领"
    "小组设计的水质监测小车，能够沿河岸自动采集水样并把数据传回教室的电脑。",
    "该校校长孙文博介绍，学校近三年投入专项经费建设了三间创新实验室，每周安排两节课时开展项目式学习，"
    "鼓励学生把课堂上学到的知识用在解决身边的问题上。",
    "据了解，青溪县今年将在全县中小学推广科技节活动，并计划在秋季举办首届县级青少年科技创新大赛。",
]
TITLE = "青溪县第二中学举办第十届校园科技节"


def _portal_page() -> str:
    """An old portal page laid out in nested tables, without article markup or class names."""
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    related = "".join(
        f"<tr><td><a href='/edu/2023/{i}.html'>{t}</a></td></tr>"
        for i, t in enumerate(
            [
                "青溪县举办中小学教师信息技术培训班",
                "县实验小学开展防溺水安全教育",
                "青溪二中召开家长会",
            ]
        )
    )
    return (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
        f"<title>{TITLE}_教育动态_青溪教育信息网</title></head><body><center>"
        "<table width='950' border='0'><tr><td valign='top'>"
        "<table width='100%'><tr bgcolor='#F5F5F5'><td height='24'>　现在位置： "
        "<a href='/'>首页</a> &gt;&gt; <a href='/edu/'>教育动态</a> &gt;&gt; 正文</td></tr></table>"
        "<table width='90%' align='center'>"
        f"<tr><td><div align='center'><span><b>{TITLE}</b></span><br>"
        "<font color='#C30000'>来源：县教育局</font></div></td></tr>"
        f"<tr align='left'><td style='font-size:14px'>{paragraphs}</td></tr>"
        "<tr><td align='right'>发布日期：2023-05-12　责任编辑：林晓雯</td></tr>"
        "<tr><td>分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></td></tr>"
        "<tr><td align='center'>【打印本页】【关闭窗口】</td></tr>"
        f"<tr><td><b>相关新闻</b></td></tr>{related}"
        "</table></td></tr></table>"
        "<table width='950'><tr><td>Copyright © 2023 青溪县教育局 版权所有　浙ICP备05012345号"
        "</td></tr></table></center></body></html>"
    )


def _extract(raw: bytes) -> Article:
    decoded = decode_bytes(raw)
    doc = DecodedDocument(
        source_uri="/in/qingxi-keji.html",
        raw_sha256=hashlib.sha256(raw).hexdigest(),
        text=decoded.text,
        encoding=decoded.encoding,
        encoding_source=decoded.source,
    )
    article = extract_article(doc, ExtractSettings())
    assert isinstance(article, Article), article
    return article


def test_table_layout_portal_page_in_gbk_keeps_only_the_article() -> None:
    article = _extract(_portal_page().encode("gb18030"))
    # Trafilatura writes the paragraphs of the table cell as one row.
    assert article.text == "| " + " ".join(PARAGRAPHS) + " |"
    assert article.title is not None and article.title.startswith(TITLE)


@pytest.mark.parametrize(
    "chrome",
    [
        "| 首页 - 新闻 - 教育 - 通知 - 概况 |",
        "首页 > 教育 > 正文",
        "| 现在位置： 首页 >> 校园新闻 >> 正文 |",
        "|  | 添加收藏夹 \\| 设为首页 \\| 关于我们 |",
        "责任编辑：林晓雯",
        "【责任编辑：赵一鸣】",
        "| 发布日期：2023-05-12 责任编辑：林晓雯 |",
        "分享到：微信 微博 QQ空间",
        "微信 微博 QQ空间",
        "扫一扫 关注我们",
        "【打印】【关闭】",
        "| 【打印本页】【关闭窗口】 |",
        "Copyright © 2023 青溪县教育局 版权所有",
        "浙ICP备05012345号",
        "最新评论",
        "进入【教育论坛】讨论",
    ],
)
def test_chrome_line_goes_wherever_it_stands(chrome: str) -> None:
    body = "\n".join([PARAGRAPHS[0], chrome, *PARAGRAPHS[1:]])
    assert strip_chrome(body) == "\n".join(PARAGRAPHS)


def test_edges_drop_title_meta_line_disclaimer_and_related_block() -> None:
    body = "\n".join(
        [
            TITLE,
            "2023-05-12 09:30",
            "来源：县教育局",
            *PARAGRAPHS,
            "特别声明：以上内容为用户上传并发布，本平台仅提供信息存储服务。",
            "推荐阅读",
            "- 2023-05-11青溪县举办中小学教师信息技术培训班",
            "- 2023-05-10县实验小学开展防溺水安全教育",
            "热门问答更多",
        ]
    )
    assert strip_chrome(body, f"{TITLE}_教育动态_青溪教育信息网") == "\n".join(PARAGRAPHS)


def test_portal_ending_glued_to_the_last_paragraph_is_cut() -> None:
    body = "\n".join([*PARAGRAPHS[:-1], PARAGRAPHS[-1] + "返回搜狐，查看更多"])
    assert strip_chrome(body) == "\n".join(PARAGRAPHS)


@pytest.mark.parametrize(
    "kept",
    [
        # Real text that names chrome words: long, or a sentence.
        "记者了解到，该校编写的校本教材已获得出版社授权，版权所有方同意各校免费印制使用，"
        "首批三千册将于下学期发到学生手中。",
        "相关新闻发布后，不少家长致电学校询问报名方式，学校随即在官网公布了咨询电话。",
        # A table of the article: short labels between table cells, numbers.
        "| 校长 | 孙文博 | 书记 | 李卫东 |",
        "| 青溪县 | 1770 | 120.54 | 218.36 |",
        # A line of code in a technical article.
        '-v "/sys:/host/sys" \\',
        # A short paragraph inside the body that merely starts like a byline.
        "来源：学生们自己设计的问卷。",
    ],
)
def test_real_lines_inside_the_body_stay(kept: str) -> None:
    body = "\n".join([PARAGRAPHS[0], kept, *PARAGRAPHS[1:]])
    assert strip_chrome(body) == body


def test_related_heading_before_a_real_paragraph_drops_only_the_heading() -> None:
    body = "\n".join([PARAGRAPHS[0], "相关新闻：", *PARAGRAPHS[1:]])
    assert strip_chrome(body) == "\n".join(PARAGRAPHS)
