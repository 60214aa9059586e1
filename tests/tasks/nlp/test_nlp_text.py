"""Tests for script detection, Traditional→Simplified conversion and sentence splitting."""

from __future__ import annotations

import pytest

from tasks.nlp.text import detect_script, split_sentences, to_simplified


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("深圳市龙岗区平湖中学与科大讯飞签署战略合作框架协议", "simplified"),
        ("深圳市龍崗區平湖中學與科大訊飛簽署戰略合作框架協議", "traditional"),
        ("龍崗區平湖中學與科大讯飞签署协议", "mixed"),
        ("AI + education, 2024", "unknown"),
        ("中国人民", "simplified"),  # characters both scripts share
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script


def test_to_simplified_is_character_level_and_keeps_domain_terms() -> None:
    traditional = "江淮智慧教育研究院在蚌埠舉辦國家級智慧教育示範區建設推進會"
    simplified = to_simplified(traditional)
    assert simplified == "江淮智慧教育研究院在蚌埠举办国家级智慧教育示范区建设推进会"
    assert len(simplified) == len(traditional)  # offsets carry over
    assert "智能教育" not in simplified  # the phrase configs would rewrite 智慧教育


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
