"""Tests for the GB2312/Big5 code tables as character sets."""

from __future__ import annotations

import pytest

from tasks.decode.cjk_tables import (
    BIG5_LEVEL1,
    BIG5_LEVEL2,
    BIG5_ROW_C6_EXTENSIONS,
    GB2312_LEVEL1,
    GB2312_LEVEL2,
    CodeBlock,
    block_chars,
    common_hanzi,
)


@pytest.mark.parametrize(
    ("block", "size", "first", "last"),
    [
        (GB2312_LEVEL1, 3755, "啊", "座"),  # B0A1 … D7F9
        (GB2312_LEVEL2, 3008, "亍", "齄"),  # D8A1 … F7FE
        (BIG5_LEVEL1, 5401, "一", "籲"),  # A440 … C67E
        (BIG5_ROW_C6_EXTENSIONS, 94, "ヾ", "ェ"),  # C6A1 … C6FE
        (BIG5_LEVEL2, 7652, "乂", "龘"),  # C940 … F9D5
    ],
)
def test_blocks_hold_the_tables_characters(block, size, first, last) -> None:
    chars = block_chars(block)
    assert len(chars) == size
    decoded = [code.decode(block.codec) for code in block.codes() if _assigned(code, block.codec)]
    assert (decoded[0], decoded[-1]) == (first, last)


def test_big5_level1_stops_at_c67e_and_the_kana_after_it_are_apart() -> None:
    assert "籲" in block_chars(BIG5_LEVEL1)
    assert not block_chars(BIG5_LEVEL1) & block_chars(BIG5_ROW_C6_EXTENSIONS)
    assert "あ" in block_chars(BIG5_ROW_C6_EXTENSIONS)
    assert all(code <= b"\xc6\x7e" for code in BIG5_LEVEL1.codes())


def test_common_hanzi_are_both_level_ones() -> None:
    common = common_hanzi()
    assert len(common) == 6722
    assert {"教", "育", "學", "学"} <= common
    assert not any(char.isascii() for char in common)
    assert "あ" not in common and "齄" not in common


def test_unassigned_codes_are_skipped() -> None:
    block = CodeBlock("gb2312", range(0xD7, 0xD8), (range(0xF9, 0xFF),))  # D7FA-D7FE unassigned
    assert block_chars(block) == {"座"}


def _assigned(code: bytes, codec: str) -> bool:
    try:
        code.decode(codec)
    except UnicodeDecodeError:
        return False
    return True
