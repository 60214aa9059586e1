"""MinHash signatures of article bodies (datasketch) and their LSH band keys.

Outlets repost a story under their own header and footer, sometimes with a few phrases changed.
The body is normalised (whitespace, punctuation and symbols dropped, lower case), cut into
overlapping character shingles, and summarised by a MinHash; two bodies' MinHash values agree
in about the share of their shingles they have in common (their Jaccard similarity).
"""

from __future__ import annotations

import hashlib
import re
import struct
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from schemas.story import ArticleSignature

if TYPE_CHECKING:
    from datasketch import MinHash

# Measured with bench/eval_stories.py --sweep (README "Stories"): with 3 or 4 characters,
# different stories on one topic share more shingles (up to 0.38) and some merge; 6 splits more
# edited copies.
SHINGLE_CHARS = 5
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
BANDS = 25  # 25 bands of 5 values (as datasketch.MinHashLSH(threshold=0.5) picks): a pair at
# Jaccard 0.5 shares a band with p = 0.55, at 0.6 0.87, at 0.75 0.999; at 0.25 0.02
ROWS = NUM_PERM // BANDS
MIN_CHARS = 50  # a body shorter than this (normalised) is its own story: too little to compare
_DROP = re.compile(r"[\W_]+")  # whitespace, punctuation, symbols


def normalise(text: str) -> str:
    """The body as compared: letters and digits only, lower case."""
    return _DROP.sub("", text).lower()


def shingles(text: str, k: int = SHINGLE_CHARS) -> set[bytes]:
    """The distinct k-character shingles of a normalised text (none when it is shorter)."""
    return {text[i : i + k].encode("utf-8") for i in range(len(text) - k + 1)}


# datasketch is imported on first use: it imports scipy and redis (0.4 s), which a flow process
# whose batches run in pool workers never needs.
@cache
def _template() -> MinHash:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)


def minhash(grams: set[bytes]) -> MinHash:
    """The MinHash of a set of shingles (permutations shared by every signature)."""
    from datasketch import MinHash

    digest = MinHash(
        num_perm=NUM_PERM,
        seed=SEED,
        scheme=SCHEME,
        permutations=_template().permutations,
    )
    digest.update_batch(grams)
    return digest


def band_keys(values: np.ndarray) -> list[int]:
    """One signed 64-bit key per band: a hash of the band's number and its MinHash values."""
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        digest = hashlib.blake2b(struct.pack("<H", band) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def sign(article_id: str, content_hash: str, body: str) -> ArticleSignature:
    """Sign an article's body (its Simplified text when it has one).

    Args:
        article_id: The article.
        content_hash: The content the body belongs to (a changed article is signed again).
        body: The extracted body text.

    Returns:
        The signature; without MinHash values or bands when the normalised body is shorter
        than MIN_CHARS, so that the article stays a story of its own.
    """
    text = normalise(body)
    if len(text) < MIN_CHARS:
        return ArticleSignature(
            article_id=article_id, content_hash=content_hash, n_shingles=0, minhash=[], bands=[]
        )
    grams = shingles(text)
    values = minhash(grams).hashvalues
    return ArticleSignature(
        article_id=article_id,
        content_hash=content_hash,
        n_shingles=len(grams),
        minhash=[int(v) for v in values],
        bands=band_keys(values),
    )


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two signatures: the share of MinHash values they share."""
    if not a or not b:
        return 0.0
    return float(np.mean(np.asarray(a) == np.asarray(b)))
