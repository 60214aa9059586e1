"""Word segmentation with jieba and the domain words: search tokens and keyword terms."""

from __future__ import annotations

import re
from collections import Counter

from tasks.nlp.lexicon import jieba_tokenizer, word_list

_WORD = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]{2,}")
_STOP_TERMS = frozenset(word_list("stop_terms.txt"))


def search_tokens(text: str) -> str:
    """Space-joined jieba search-mode tokens of Simplified text (fine and coarse words)."""
    tokenizer = jieba_tokenizer()
    return " ".join(t for t in tokenizer.cut_for_search(text, HMM=True) if _WORD.match(t))


def term_counts(text: str) -> Counter[str]:
    """How often each content word (two or more characters, not a stop word) occurs."""
    tokenizer = jieba_tokenizer()
    return Counter(
        token
        for token in tokenizer.lcut(text, HMM=True)
        if len(token) >= 2 and _WORD.match(token) and token not in _STOP_TERMS
    )
