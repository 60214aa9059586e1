"""Tests for the domain lexicon read from tasks/enrich/nlp/data."""

from __future__ import annotations

from typing import get_args

from schemas.enrichment import OrgKind
from tasks.enrich.nlp.lexicon import (
    jieba_tokenizer,
    known_organisation_pattern,
    known_organisations,
    surnames,
    titles,
    topic_phrases,
    word_list,
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
    words = jieba_tokenizer().lcut("科大讯飞股份有限公司助力智慧课堂与因材施教", HMM=True)
    assert words[:2] == ["科大讯飞股份有限公司", "助力"]
    assert {"智慧课堂", "因材施教"} <= set(words)
