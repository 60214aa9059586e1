"""Signatures of article bodies: reposted copies agree, different stories on one topic do not."""

from __future__ import annotations

import pytest

from tasks.stories.signature import BANDS, MIN_CHARS, NUM_PERM, normalise, sign, similarity
from tests.tasks.stories.news import COURSE, DEAL, OUTLETS, TRAINING, repost

ID = "a" * 20


def test_normalise_keeps_letters_and_digits_only() -> None:
    assert normalise("3月28日上午，青岚市 AI\n课堂——“智慧”！") == "3月28日上午青岚市ai课堂智慧"


def test_a_signature_has_minhash_values_and_band_keys() -> None:
    signature = sign(ID, "hash", DEAL)
    assert (signature.article_id, signature.content_hash) == (ID, "hash")
    assert len(signature.minhash) == NUM_PERM and len(signature.bands) == BANDS
    assert signature.n_shingles > 250
    assert sign(ID, "hash", DEAL) == signature  # the same body, the same signature


def test_a_body_too_short_to_compare_has_no_signature() -> None:
    short = "青岚市教育局与星河智能签约。" * 2
    assert len(normalise(short)) < MIN_CHARS
    signature = sign(ID, "hash", short)
    assert (signature.n_shingles, signature.minhash, signature.bands) == (0, [], [])
    assert similarity(signature.minhash, signature.minhash) == 0.0


@pytest.mark.parametrize("outlet", range(len(OUTLETS)))
@pytest.mark.parametrize("edits", [0, 3])
def test_a_repost_under_another_header_and_footer_stays_close(outlet: int, edits: int) -> None:
    original, copy = sign(ID, "h", DEAL), sign(ID, "h", repost(DEAL, outlet, edits=edits))
    assert similarity(original.minhash, copy.minhash) >= (0.85 if edits == 0 else 0.75)
    assert set(original.bands) & set(copy.bands)


@pytest.mark.parametrize("other", [COURSE, TRAINING])
def test_a_different_story_on_the_same_topic_is_far(other: str) -> None:
    a, b = sign(ID, "h", DEAL), sign(ID, "h", other)
    assert similarity(a.minhash, b.minhash) < 0.2
    assert not set(a.bands) & set(b.bands)
