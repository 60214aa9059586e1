"""Tests for script detection and Traditional→Simplified conversion."""

from __future__ import annotations

import pytest

from tasks.decode.mojibake import BY_CODE_TABLES
from tasks.decode.script import ScriptRule, detect_script, to_simplified


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


def test_the_code_table_rule_asks_for_more_evidence_than_opencc() -> None:
    # 台 changes under OpenCC s2t (臺) but is in both code tables; 裏 is in both tables too.
    assert detect_script("台灣台灣台灣") == "mixed"
    assert detect_script("台灣台灣台灣", BY_CODE_TABLES) == "traditional"
    assert detect_script("裏面") == "traditional"
    assert detect_script("裏面", BY_CODE_TABLES) == "unknown"
    assert detect_script("启动", BY_CODE_TABLES) == "unknown"  # two exclusive chars: below 3


def test_a_rule_is_counts_and_margins() -> None:
    def letters(text: str) -> tuple[int, int] | None:
        return (text.count("s"), text.count("t")) if text else None

    rule = ScriptRule(letters, dominance=2, minimum=2, unmarked="mixed")
    assert detect_script("", rule) == "unknown"
    assert detect_script("s", rule) == "mixed"  # below the minimum
    assert detect_script("sst", rule) == "simplified"
    assert detect_script("stt", rule) == "traditional"
    assert detect_script("ssstt", rule) == "mixed"  # neither leads 2:1
