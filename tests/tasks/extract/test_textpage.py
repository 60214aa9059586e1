from datetime import datetime, timedelta, timezone

from tasks.extract.textpage import parse_text_article

WEB_COPY = """当前位置: 首页 » 资讯 » 新科技 » 正文

当教育遇见AI,看荔湾如何织就智慧教育新生态

IP属地 中国·北京 南方都市报 时间:2025-12-29 16:13:47

将人工智能技术发展的强大势能转化为驱动荔湾区教育高质量发展的强大动能,在广州市荔湾区,这里的探索不止于课堂。

从师生AI素养培养到“荔湾AI大脑”建设

荔湾全区一至八年级89所中小学100%按照平台教材开设课程,并严格落实课时要求。

将军杯建模比赛。

最终构建起多元协同、动态优化、优质均衡的智慧教育生态。

采写:南都N视频记者 叶斯茗

图片由荔湾区教育局提供

免责声明:本网信息来自于互联网,目的在于传递更多信息,并不代表本网赞同其观点。

全站最新
"""


def test_web_copy_chrome_becomes_metadata_not_text():
    article = parse_text_article(WEB_COPY)
    assert article.title == "当教育遇见AI,看荔湾如何织就智慧教育新生态"
    assert article.published is not None
    assert article.published.value == datetime(
        2025, 12, 29, 16, 13, 47, tzinfo=timezone(timedelta(hours=8))
    )
    assert article.outlet == "南方都市报"
    assert article.author == "叶斯茗"
    for chrome in ("当前位置", "IP属地", "免责声明", "全站最新", "采写", "图片由"):
        assert chrome not in article.body
    assert article.body.startswith("将人工智能技术发展的强大势能")
    assert article.body.endswith("优质均衡的智慧教育生态。")
    assert "将军杯建模比赛。" in article.body  # a photo caption is article content


def test_plain_traditional_text_keeps_its_first_line_and_has_no_date():
    text = (
        "12月29日,蚌埠市全國智慧教育示範區建設推進會在江淮智慧教育研究院成功舉辦。活動旨在總結建設成果。\n"
        "本次會議通過線上線下相融合的方式開展。\n共襄盛舉,共筑華章\n教育部科技司副司長舒華為本次大會致辭。\n"
    )
    article = parse_text_article(text)
    assert article.title is None
    assert article.published is None  # a month-day without a year is never completed
    assert article.body.splitlines()[0].startswith("12月29日,蚌埠市")
    assert "共襄盛舉,共筑華章" in article.body  # a subheading inside the body stays


def test_short_first_line_followed_by_body_is_the_title():
    article = parse_text_article(
        "科大讯飞与韶关市签约\n2022年3月31日，科大讯飞和广东省韶关市政府签订战略合作协议。\n"
    )
    assert article.title == "科大讯飞与韶关市签约"
    assert article.body.startswith("2022年3月31日")
    assert article.published is None  # dates inside the body are events, not publication dates


def test_widget_words_inside_the_body_are_kept():
    text = (
        "标题\n"
        + "正文第一段，内容很长很长很长。\n" * 2
        + "相关阅读\n"
        + "正文继续，内容很长很长很长。\n" * 6
    )
    article = parse_text_article(text)
    assert "相关阅读" in article.body  # not in the page's tail, so not a trailing widget
