"""Tests for sentence splitting."""

from __future__ import annotations

from tasks.enrich.nlp.text import split_sentences


def test_split_sentences_keeps_offsets_and_closing_quotes() -> None:
    text = "他表示：“要深化合作。”双方签署协议！\n随后参观了学校"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "他表示：“要深化合作。”",
        "双方签署协议！",
        "随后参观了学校",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert [s.index for s in sentences] == [0, 1, 2]
