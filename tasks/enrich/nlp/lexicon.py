"""The domain lexicon (tasks/enrich/nlp/data): organisations, job titles, topics, jieba words.

Everything is Simplified Chinese; texts are converted with OpenCC `t2s` before they are matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from pydantic import TypeAdapter

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
def jieba_tokenizer() -> Any:
    """A jieba tokenizer loaded with the domain words, organisation names and titles (once)."""
    import jieba  # imported here: loading its dictionary costs about 0.7 s

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    for line in _lines("terms.txt"):
        word, *freq = line.split()
        tokenizer.add_word(word, int(freq[0]) if freq else None)
    for name in known_organisations():
        tokenizer.add_word(name, 1000, tag="nt")
    for title in titles():
        tokenizer.add_word(title, 1000, tag="n")
    return tokenizer


@lru_cache(maxsize=8192)
def cut(text: str) -> tuple[str, ...]:
    """jieba's tokens of a short window of text (the name rules cut the same windows often)."""
    return tuple(jieba_tokenizer().lcut(text, HMM=True))


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
