"""Topic tags from a controlled vocabulary (tasks/enrich/nlp/data/topics.tsv)."""

from __future__ import annotations

from tasks.enrich.nlp.lexicon import topic_phrases


def find_topics(text: str) -> dict[str, int]:
    """Topic tag → how many times its phrases occur in the Simplified text (tags found only)."""
    found: dict[str, int] = {}
    folded = text.casefold()
    for tag, phrases in topic_phrases().items():
        hits = sum(folded.count(phrase.casefold()) for phrase in phrases)
        if hits:
            found[tag] = hits
    return found
