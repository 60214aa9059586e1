"""Bytes to text: charset choice, misaligned-GBK repair, script detection, Simplified text; the
GB2312/Big5 code tables both the charset score and the repair model read (cjk_tables).

Imports `schemas` only."""
