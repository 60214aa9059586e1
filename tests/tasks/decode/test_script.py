"""Tests for script detection and Traditional→Simplified conversion."""

from __future__ import annotations

import pytest

from tasks.decode.script import detect_script, to_simplified


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
