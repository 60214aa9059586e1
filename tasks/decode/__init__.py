"""Bytes to text: charset choice, misaligned-GBK repair, script detection, Simplified text.

Imports `schemas` only."""
