"""Script detection and Traditional→Simplified normalisation (OpenCC `t2s`, characters only).

One detector names a text's script in one vocabulary (`schemas.article.Script`). What counts as
a character of one script only, and by how much one script must lead, is a `ScriptRule`: the
stored `core.articles.script` counts the characters OpenCC changes (`BY_OPENCC`); the
misaligned-GBK repair counts the GB2312/Big5 code tables' exclusive characters
(`tasks.decode.mojibake.BY_CODE_TABLES`). The two counts disagree on real text (OpenCC knows
variants the code tables share, and the reverse), so each caller keeps its own evidence.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import opencc

from schemas.article import Script

_HAN = re.compile(r"[\u4e00-\u9fff]")

# (Simplified-only, Traditional-only) characters of a text; None when it has no Han characters.
ScriptCounter = Callable[[str], tuple[int, int] | None]


@dataclass(frozen=True)
class ScriptRule:
    """How to tell the scripts apart: which characters count, and by how much one must lead."""

    count: ScriptCounter
    dominance: int  # one script must outnumber the other this many times to name the text
    minimum: int  # fewer script-only characters than this (in both scripts) tell nothing
    unmarked: Script  # the verdict then: the text reads the same in either script


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


def _count_opencc_changes(text: str) -> tuple[int, int] | None:
    """Count the characters OpenCC changes in each direction.

    Traditional-only characters change under `t2s`, Simplified-only ones under `s2t`;
    characters common to both count for neither. Without a Traditional-only character the
    Simplified-only ones are not counted (0): under BY_OPENCC the text is Simplified either way,
    and `s2t`, with its phrase tables, is the slow direction (~1.5 ms a Chinese page).
    """
    if not _HAN.search(text):
        return None
    n_traditional = _count_changed(text, to_simplified(text))
    if n_traditional == 0:
        return 0, 0
    n_simplified = _count_changed(text, _converter("s2t").convert(text))
    return n_simplified, n_traditional


def _count_changed(before: str, after: str) -> int:
    return 0 if before == after else sum(map(operator.ne, before, after))


# The stored script: a single script-only character names it; only shared characters read as
# Simplified (written the same either way).
BY_OPENCC = ScriptRule(_count_opencc_changes, dominance=4, minimum=1, unmarked="simplified")


def detect_script(text: str, rule: ScriptRule = BY_OPENCC) -> Script:
    """Say whether the Han characters of a text are Simplified, Traditional or a mix.

    Args:
        text: Any text.
        rule: What counts as each script's own characters and the margin; by default the
            characters OpenCC changes (the stored `core.articles.script`).

    Returns:
        "unknown" for text without Han characters; the rule's unmarked script when too few
        characters belong to one script only; "traditional" or "simplified" when one script
        leads by the rule's margin; else "mixed".
    """
    counts = rule.count(text)
    if counts is None:
        return "unknown"
    n_simplified, n_traditional = counts
    if max(n_simplified, n_traditional) < rule.minimum:
        return rule.unmarked
    if n_traditional >= rule.dominance * n_simplified:
        return "traditional"
    if n_simplified >= rule.dominance * n_traditional:
        return "simplified"
    return "mixed"
