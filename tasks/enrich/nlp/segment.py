"""Word segmentation with jieba and the domain words: search tokens and keyword terms."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from tasks.decode.script import to_simplified
from tasks.enrich.nlp.lexicon import is_word, word_list, words

_WORD = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]{2,}")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_STOP_TERMS = frozenset(word_list("stop_terms.txt"))


@dataclass(frozen=True)
class Segmented:
    """A text's search tokens (space-joined) and content-word counts, from one jieba pass."""

    tokens: str
    terms: Counter[str]


def segment(text: str) -> Segmented:
    """Segment Simplified text once (jieba, precise mode with HMM) for search and keywords.

    Search tokens are jieba's search mode rebuilt from the precise words: each long word also
    yields the dictionary words inside it (科大讯飞 → 科大, 讯飞, 科大讯飞).
    """
    kept = [w for w in words(text) if _WORD.match(w)]
    return Segmented(
        tokens=" ".join(_search_words(kept)),
        terms=Counter(w for w in kept if len(w) >= 2 and w not in _STOP_TERMS),
    )


def query_words(query: str) -> list[str]:
    """The words of a search query as the index holds them, each once, in query order.

    The query is converted to Simplified script and segmented by the same jieba tokenizer and
    domain dictionary as articles, in precise mode: an organisation of the dictionary stays one
    word (科大讯飞), and the index holds it because every article's tokens keep the whole word
    beside its parts. Punctuation is dropped; Latin words are lower-cased, as the index is.
    """
    query_cut = words(to_simplified(query))
    return list(dict.fromkeys(w.lower() for w in query_cut if _WORD.match(w)))


def segment_latin(text: str) -> Segmented:
    """Tokens and terms of text with (almost) no Chinese: lower-cased Latin words."""
    latin = [w.lower() for w in _LATIN_WORD.findall(text)]
    return Segmented(tokens=" ".join(latin), terms=Counter(w for w in latin if len(w) >= 4))


def _search_words(cut: list[str]) -> Iterator[str]:
    for word in cut:
        if len(word) > 2:  # a word of one or two characters holds no shorter dictionary word
            for size in (2, 3):
                for i in range(len(word) - size + 1) if len(word) > size else ():
                    part = word[i : i + size]
                    if is_word(part):
                        yield part
        yield word
