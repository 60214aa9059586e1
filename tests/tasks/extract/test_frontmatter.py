import pytest

from tasks.extract.frontmatter import FrontMatterError, as_list, has_front_matter, split_post

POST = """---
layout: post
title: "校企合作新范式 腾讯青少年科技学习中心与红岭中学合作签约"
date: 2022-01-01 18:45:08 +0800
categories: nanfangdushibao
tags: [南方都市报新闻, 教育]
---
<p>2021年12月29日，腾讯青少年科技学习中心与深圳市福田区红岭中学战略合作协议签约仪式举行。</p>

<http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202201012234131818>

[返回南方都市报新闻](//finews.withounder.com/category/nanfangdushibao.html)｜[返回首页](//finews.withounder.com/)
"""


def test_split_post_reads_front_matter_as_strings():
    post = split_post(POST)
    assert post.meta["title"] == "校企合作新范式 腾讯青少年科技学习中心与红岭中学合作签约"
    assert post.meta["date"] == "2022-01-01 18:45:08 +0800"  # a string: we parse dates, not YAML
    assert as_list(post.meta["tags"]) == ["南方都市报新闻", "教育"]
    assert as_list(post.meta["categories"]) == ["nanfangdushibao"]


def test_split_post_peels_source_link_and_navigation():
    post = split_post(POST)
    assert (
        post.source_url
        == "http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202201012234131818"
    )
    assert post.nav_labels == ["返回南方都市报新闻", "返回首页"]
    assert "返回首页" not in post.body_html
    assert "finews.zning.xyz" not in post.body_html
    assert post.body_html.strip().startswith("<p>2021年12月29日")


def test_unclosed_front_matter_is_a_clear_error():
    text = "---\ntitle: 标题\ndate: 2022-01-01\n<p>正文没有结束的分隔线。</p>\n"
    assert has_front_matter(text)
    with pytest.raises(FrontMatterError) as info:
        split_post(text)
    assert info.value.reason == "front_matter_unclosed"
    assert "never closed" in str(info.value)


def test_front_matter_that_is_not_a_mapping_is_rejected():
    with pytest.raises(FrontMatterError) as info:
        split_post("---\n- a\n- b\n---\n<p>正文</p>\n")
    assert info.value.reason == "front_matter_invalid"


def test_text_without_fence_has_no_front_matter():
    assert not has_front_matter("当前位置: 首页 » 资讯\n---\n")
