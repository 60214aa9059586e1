"""Tests for the domain lexicon read from tasks/enrich/nlp/data."""

from __future__ import annotations

from typing import get_args

import jieba

from schemas.enrichment import OrgKind
from tasks.enrich.nlp.lexicon import (
    _lines,
    is_word,
    known_organisation_pattern,
    known_organisations,
    surnames,
    titles,
    topic_phrases,
    word_list,
    words,
)


def test_every_alias_names_one_gazetteer_organisation() -> None:
    known = known_organisations()
    iflytek = known["科大讯飞"]
    assert (iflytek.name, iflytek.kind) == ("科大讯飞", "company")
    for alias in ("讯飞", "科大讯飞股份有限公司", "iFLYTEK"):
        assert known[alias] is iflytek
    assert {org.kind for org in known.values()} <= set(get_args(OrgKind))


def test_the_gazetteer_pattern_prefers_the_longest_name() -> None:
    match = known_organisation_pattern().search("由科大讯飞股份有限公司承办")
    assert match is not None and match.group() == "科大讯飞股份有限公司"


def test_titles_are_unique_and_longest_first() -> None:
    found = titles()
    assert len(found) == len(set(found))
    assert found.index("副校长") < found.index("校长")
    assert [len(t) for t in found] == sorted((len(t) for t in found), reverse=True)


def test_topics_and_word_lists_skip_comments() -> None:
    phrases = topic_phrases()
    assert phrases["双减"] == ("双减", "减负增效", "作业负担")
    assert all(not tag.startswith("#") and tags for tag, tags in phrases.items())
    stop = word_list("stop_terms.txt")
    assert stop[:3] == ("我们", "他们", "你们")
    assert not any(word.startswith("#") for word in stop)
    assert {"王", "欧阳"} <= surnames()


def test_jieba_keeps_domain_words_and_organisation_names_whole() -> None:
    cut = words("科大讯飞股份有限公司助力智慧课堂与因材施教")
    assert cut[:2] == ["科大讯飞股份有限公司", "助力"]
    assert {"智慧课堂", "因材施教"} <= set(cut)
    assert is_word("科大讯飞") and is_word("课堂") and not is_word("讯飞助")


def test_latin_runs_outside_the_dictionary_are_split_at_their_signs_as_python_jieba_does() -> None:
    assert words("采用ResNet-50模型，功耗2.8W，详见www.example.edu.cn") == [
        "采用", "ResNet", "-", "50", "模型", "，", "功耗", "2.8", "W", "，", "详见",
        "www", ".", "example", ".", "edu", ".", "cn",
    ]  # fmt: skip


def _python_jieba() -> jieba.Tokenizer:
    """Python jieba 0.42 with the domain words, as the tokenizer was before jieba-rs."""
    tokenizer = jieba.Tokenizer()
    for line in _lines("terms.txt"):
        word, *freq = line.split()
        tokenizer.add_word(word, int(freq[0]) if freq else None)
    for name in known_organisations():
        tokenizer.add_word(name, 1000, tag="nt")
    for title in titles():
        tokenizer.add_word(title, 1000, tag="n")
    return tokenizer


def test_the_words_are_python_jiebas_on_a_news_text() -> None:
    text = (
        "新华网北京3月5日电（记者 李明）3月4日，北京师范大学与科大讯飞股份有限公司在京签署"
        "《人工智能教育战略合作框架协议》。校长王一明、董事长刘庆峰出席签约仪式。双方将在"
        "AI+教育、K12智慧课堂、大模型（LLM）等领域开展合作，首批投入1.5亿元，覆盖全省30%的"
        "中小学。详情请访问www.bnu.edu.cn或拨打010-58807000。編輯：張華"
    )
    assert words(text) == _python_jieba().lcut(text, HMM=True)
