"""Tests for topic tags from the controlled vocabulary."""

from __future__ import annotations

from tasks.enrich.nlp.topics import find_topics


def test_hits_of_every_phrase_count_for_their_tag() -> None:
    text = "学校推进智慧课堂和智能课堂建设，落实双减，减负增效。"
    assert find_topics(text) == {"智慧课堂": 2, "双减": 2}


def test_latin_letters_match_in_any_case() -> None:
    assert find_topics("开设AI课程，另有ai课程和deepseek体验。") == {"AI课程": 2, "教育大模型": 1}


def test_a_text_without_topic_phrases_has_no_tags() -> None:
    assert find_topics("今天天气晴朗，气温二十度。") == {}
