"""Tests for segmentation into search tokens and keyword terms."""

from __future__ import annotations

from tasks.enrich.nlp.segment import segment, segment_latin


def test_search_tokens_add_the_dictionary_words_inside_long_words() -> None:
    tokens = segment("科大讯飞在合肥推进智慧课堂建设。").tokens
    # Each long word's parts come first, then the word; punctuation is no token.
    assert tokens == "科大 讯飞 科大讯飞 在 合肥 推进 智慧 课堂 智慧课堂 建设"


def test_terms_count_content_words_without_stop_words_or_single_characters() -> None:
    terms = segment("我们认为智慧课堂很好，智慧课堂在合肥推广。").terms
    assert terms["智慧课堂"] == 2
    assert terms["合肥"] == 1
    assert "我们" not in terms  # a stop term
    assert not any(len(term) < 2 for term in terms)


def test_latin_text_is_lower_cased_words() -> None:
    latin = segment_latin("AI tutors can't replace Teachers, AI says.")
    assert latin.tokens == "ai tutors can't replace teachers ai says"
    assert latin.terms == {"tutors": 1, "can't": 1, "replace": 1, "teachers": 1, "says": 1}
