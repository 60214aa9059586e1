"""The domain lexicon (tasks/enrich/nlp/data): organisations, job titles, topics, jieba words.

Everything is Simplified Chinese; texts are converted with OpenCC `t2s` before they are matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from pydantic import TypeAdapter

if TYPE_CHECKING:
    import rjieba

from schemas.enrichment import OrgKind

DATA = resources.files("tasks.enrich.nlp") / "data"
_ORG_KIND: TypeAdapter[OrgKind] = TypeAdapter(OrgKind)


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def word_list(name: str) -> tuple[str, ...]:
    """The whitespace-separated words of a data file, in file order."""
    return tuple(word for line in _lines(name) for word in line.split())


@dataclass(frozen=True)
class KnownOrganisation:
    """An organisation of the gazetteer: its canonical name, kind and other names."""

    name: str
    kind: OrgKind
    aliases: tuple[str, ...]


@cache
def known_organisations() -> dict[str, KnownOrganisation]:
    """Every name and alias of the gazetteer → its organisation.

    Raises:
        pydantic.ValidationError: a line names a kind that is not an OrgKind.
    """
    by_name: dict[str, KnownOrganisation] = {}
    for line in _lines("organisations.tsv"):
        name, kind, aliases = (line.split("\t") + [""])[:3]
        org = KnownOrganisation(
            name, _ORG_KIND.validate_python(kind), tuple(a for a in aliases.split(",") if a)
        )
        for alias in (name, *org.aliases):
            by_name[alias] = org
    return by_name


@cache
def known_organisation_pattern() -> re.Pattern[str]:
    """A regex matching any gazetteer name, longest names first."""
    names = sorted(known_organisations(), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names))


@cache
def bare_references() -> dict[str, tuple[OrgKind, ...]]:
    """Bare references (学校, 集团公司) → the kinds of organisation each stands for.

    Raises:
        pydantic.ValidationError: a line names a kind that is not an OrgKind.
    """
    return {
        word: tuple(_ORG_KIND.validate_python(k) for k in kinds.split(","))
        for word, kinds in (line.split("\t") for line in _lines("bare_references.tsv"))
    }


@cache
def titles() -> tuple[str, ...]:
    """Job titles, longest first."""
    return tuple(sorted(set(word_list("titles.txt")), key=len, reverse=True))


@cache
def topic_phrases() -> dict[str, tuple[str, ...]]:
    """Topic tag → the phrases that signal it."""
    topics: dict[str, tuple[str, ...]] = {}
    for line in _lines("topics.tsv"):
        tag, phrases = line.split("\t")
        topics[tag] = tuple(p for p in phrases.split(",") if p)
    return topics


@cache
def jieba_tokenizer() -> rjieba.Jieba:
    """jieba-rs (rjieba) loaded with the domain words, organisation names and titles (once).

    jieba's dictionary, HMM and precise mode, in Rust: 20 times faster than the Python jieba it
    replaced, and the same words (jieba-rs embeds jieba's dict.txt).
    """
    import rjieba  # imported here: the flow process never segments

    tokenizer = rjieba.Jieba()
    for line in _lines("terms.txt"):
        word, *freq = line.split()
        tokenizer.add_word(word, int(freq[0]) if freq else None, None)
    for name in known_organisations():
        tokenizer.add_word(name, 1000, "nt")
    for title in titles():
        tokenizer.add_word(title, 1000, "n")
    return tokenizer


# A run of Latin letters, digits and signs outside the dictionary: Python jieba splits it at its
# signs (SHA-1 → SHA - 1, 2.8W → 2.8 W, csdn.net → csdn . net), jieba-rs keeps it whole.
_HAN = re.compile(r"[\u4e00-\u9fd5]")
_LATIN_PART = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")


def words(text: str) -> list[str]:
    """jieba's words of a text, precise mode with HMM, as Python jieba 0.42 cuts them."""
    tokenizer = jieba_tokenizer()
    cut: list[str] = []
    for word in tokenizer.cut(text, True):
        if len(word) > 1 and not _HAN.search(word) and not tokenizer.has_word(word):
            cut.extend(part for part in _LATIN_PART.split(word) if part)
        else:
            cut.append(word)
    return cut


def is_word(text: str) -> bool:
    """Whether the text is a word of jieba's dictionary or the domain words."""
    return bool(jieba_tokenizer().has_word(text))


@lru_cache(maxsize=8192)
def cut(text: str) -> tuple[str, ...]:
    """jieba's words of a short window of text (the name rules cut the same windows often)."""
    return tuple(words(text))


@cache
def surnames() -> frozenset[str]:
    """Chinese surnames, single and compound."""
    return frozenset(word_list("surnames.txt"))


@cache
def word_tags() -> dict[str, str]:
    """jieba's part-of-speech tag of each dictionary word (n, v, ns, nr …).

    Read from jieba's dictionary file (lines `word frequency tag`) as `jieba.posseg` reads it,
    with one decode instead of one per line: about a third faster (it was 0.5 s of a run).
    """
    import jieba

    with jieba.dt.get_dict_file() as dictionary:
        lines = dictionary.read().decode("utf-8").splitlines()
    return {word: tag for word, _, tag in (line.split(" ") for line in lines if line)}
