"""Sentence splitting with offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at 。！？；!? or a line break; closing quotes and brackets stay with it.
_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』）)]*|\n+")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a text with its offsets."""

    text: str
    start: int
    end: int
    index: int


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences at Chinese and Western sentence ends and line breaks."""
    sentences: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        _append(sentences, text, start, match.end())
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    offset = start + chunk.index(stripped)
    sentences.append(Sentence(stripped, offset, offset + len(stripped), len(sentences)))
