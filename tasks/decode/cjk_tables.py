"""The GB2312 and Big5 code tables as character sets, built from the standard-library codecs.

Both code tables order their Han characters by frequency: level 1 holds the common ones, level 2
the rarer ones. The charset detector scores a decode by its share of level-1 characters; the
misaligned-GBK repair model ranks characters by level and tells the scripts apart by them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class CodeBlock:
    """A block of two-byte codes of one codec: every lead with every trail, up to a last code."""

    codec: str
    leads: range
    trails: tuple[range, ...]
    last: int = 0xFFFF  # the block ends at this code (Big5 level 1 stops inside row C6)

    def codes(self) -> list[bytes]:
        """Every code of the block, in code order."""
        return [
            bytes((lead, trail))
            for lead in self.leads
            for trail_range in self.trails
            for trail in trail_range
            if lead << 8 | trail <= self.last
        ]


_GB2312_TRAILS = (range(0xA1, 0xFF),)
_BIG5_TRAILS = (range(0x40, 0x7F), range(0xA1, 0xFF))

GB2312_LEVEL1 = CodeBlock("gb2312", range(0xB0, 0xD8), _GB2312_TRAILS)  # 3755 Simplified hanzi
GB2312_LEVEL2 = CodeBlock("gb2312", range(0xD8, 0xF8), _GB2312_TRAILS)  # 3008 rarer hanzi
BIG5_LEVEL1 = CodeBlock("big5", range(0xA4, 0xC7), _BIG5_TRAILS, last=0xC67E)  # 5401 hanzi
# The rest of row C6: kana and iteration marks (々 ゝ ヾ), which Python's big5 codec decodes.
BIG5_ROW_C6_EXTENSIONS = CodeBlock("big5", range(0xC6, 0xC7), (range(0xA1, 0xFF),))
BIG5_LEVEL2 = CodeBlock("big5", range(0xC9, 0xFA), _BIG5_TRAILS)  # 7652 rarer hanzi


@cache
def block_chars(block: CodeBlock) -> frozenset[str]:
    """Return the characters of a block, skipping codes the codec leaves unassigned.

    Args:
        block: One of the blocks above.

    Returns:
        Every character a code of the block decodes to.
    """
    chars: set[str] = set()
    for code in block.codes():
        try:
            chars.add(code.decode(block.codec))
        except UnicodeDecodeError:
            continue
    return frozenset(chars)


@cache
def common_hanzi() -> frozenset[str]:
    """Return the level-1 hanzi of both tables: 3755 GB2312 and 5401 Big5, 6722 in all."""
    return block_chars(GB2312_LEVEL1) | block_chars(BIG5_LEVEL1)
