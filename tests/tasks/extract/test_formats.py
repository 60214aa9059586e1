"""Tests for telling input formats apart."""

from __future__ import annotations

from schemas import InputFormat
from tasks.extract.formats import detect_format
from tests.conftest import SEEDS


def test_seed_formats_are_recognised():
    formats = {p.name[:3]: detect_format(p.read_text(encoding="utf-8")) for p in SEEDS.iterdir()}
    assert formats == {
        "000": InputFormat.JEKYLL,
        "001": InputFormat.TEXT,
        "002": InputFormat.JEKYLL,
        "003": InputFormat.JEKYLL,
        "004": InputFormat.TEXT,
    }
