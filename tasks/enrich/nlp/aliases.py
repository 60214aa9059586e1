"""Short names an article gives an organisation, which take its full name.

Two kinds: a name the text defines (`中国交通建设集团有限公司（以下简称“中交集团”）`), and a
head-letter abbreviation of a full name the text uses (`中交集团` for `中国交通建设集团有限公司`).
"""

from __future__ import annotations

import re

# `（以下简称“中交集团”）`, `(简称华师)`, `（下称"首科院"）` right after the full name.
_DEFINED = re.compile(
    r"[（(]\s*(?:以下简称|以下称|下称|简称)[：:]?\s*[“\"「『]?"
    r"([\u4e00-\u9fffA-Za-z0-9]{2,12})[”\"」』]?\s*[）)]"
)
_MIN_TAIL = 2  # a shared suffix of at least two characters (集团, 大学, 公司)


def defined_aliases(text: str) -> list[tuple[int, str, int]]:
    """Aliases defined in brackets: (where the bracket opens, the alias, where it closes)."""
    return [(m.start(), m.group(1), m.end()) for m in _DEFINED.finditer(text)]


def abbreviates(short: str, full: str) -> bool:
    """Whether `short` is `full` cut to the heads of its words plus its suffix (中交集团 for
    中国交通建设集团有限公司); a name whose head is a word of the other (北京大学 for
    北京师范大学) is not."""
    if len(short) + 2 > len(full) or short[0] != full[0] or short in full:
        return False
    for cut in range(2, len(short) - _MIN_TAIL + 1):  # the longest shared tail first
        head, tail = short[:cut], short[cut:]
        at = full.find(tail)
        if at < 0:
            continue
        return head not in full and _is_subsequence(head, full[:at])
    return False


def _is_subsequence(short: str, full: str) -> bool:
    chars = iter(full)
    return all(ch in chars for ch in short)
