"""Script detection and Traditional→Simplified normalisation (OpenCC `t2s`, characters only)."""

from __future__ import annotations

import re
from functools import cache

import opencc

from schemas.article import Script

_HAN = re.compile(r"[\u4e00-\u9fff]")
# One script must outnumber the other this many times to name the text; otherwise it is mixed.
_DOMINANCE = 4


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Convert Traditional characters to Simplified with OpenCC `t2s` (characters only).

    `t2s` maps character by character, so offsets into the result are offsets into the input;
    should a conversion ever change the length, the original text is returned instead.
    """
    converted: str = _converter("t2s").convert(text)
    return converted if len(converted) == len(text) else text


def detect_script(text: str) -> Script:
    """Say whether the Han characters of a text are Simplified, Traditional or a mix.

    Counts the characters OpenCC changes in each direction: Traditional-only characters change
    under `t2s`, Simplified-only ones under `s2t`. Characters common to both count for neither.
    """
    if not _HAN.search(text):
        return "unknown"
    n_traditional = _count_changed(text, to_simplified(text))
    n_simplified = _count_changed(text, _converter("s2t").convert(text))
    if n_traditional == n_simplified == 0:
        return "simplified"  # only characters both scripts share: written the same either way
    if n_traditional >= _DOMINANCE * n_simplified:
        return "traditional"
    if n_simplified >= _DOMINANCE * n_traditional:
        return "simplified"
    return "mixed"


def _count_changed(before: str, after: str) -> int:
    return sum(1 for a, b in zip(before, after, strict=False) if a != b)
