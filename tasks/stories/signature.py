"""MinHash signatures of article bodies and their LSH band keys (numpy, no per-shingle Python).

Outlets repost a story under their own header and footer, sometimes with a few phrases changed.
The body is normalised (whitespace, punctuation and symbols dropped, lower case), cut into
overlapping character shingles, and summarised by a MinHash; two bodies' MinHash values agree
in about the share of their shingles they have in common (their Jaccard similarity).

Each shingle is hashed to 64 bits (a polynomial over its code points, then the SplitMix64
finaliser); each of the NUM_PERM hash functions is ``(a * h + b) mod 2**64`` with a random odd
``a``, and a signature value is the high 32 bits of a function's minimum over the shingles.
"""

from __future__ import annotations

import hashlib
import re
import struct

import numpy as np

from schemas.story import ArticleSignature

# Measured with bench/eval_stories.py --sweep (README "Stories"): with 3 or 4 characters,
# different stories on one topic share more shingles (up to 0.38) and some merge; 6 splits more
# edited copies.
SHINGLE_CHARS = 5
NUM_PERM = 128
SEED = 1
BANDS = 25  # 25 bands of 5 values (what datasketch.MinHashLSH picks for 0.5): a pair at
# Jaccard 0.5 shares a band with p = 0.55, at 0.6 0.87, at 0.75 0.999; at 0.25 0.02
ROWS = NUM_PERM // BANDS
MIN_CHARS = 50  # a body shorter than this (normalised) is its own story: too little to compare
_DROP = re.compile(r"[\W_]+")  # whitespace, punctuation, symbols
_CHUNK = 4096  # shingles per step of the MinHash (bounds the NUM_PERM x chunk work array)

_RNG = np.random.default_rng(SEED)
_BASE = np.uint64(_RNG.integers(1 << 62, 1 << 63) | 1)  # polynomial base of the shingle hash
_A = (_RNG.integers(0, 1 << 63, NUM_PERM, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
_B = _RNG.integers(0, 1 << 63, NUM_PERM, dtype=np.uint64) << np.uint64(1)


def normalise(text: str) -> str:
    """The body as compared: letters and digits only, lower case."""
    return _DROP.sub("", text).lower()


def shingle_hashes(text: str, k: int = SHINGLE_CHARS) -> np.ndarray:
    """The 64-bit hashes of the distinct k-character shingles of a normalised text, sorted
    (none when it is shorter than k)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    n = len(codes) - k + 1
    if n < 1:
        return np.empty(0, dtype=np.uint64)
    hashes = np.zeros(n, dtype=np.uint64)
    for offset in range(k):  # arrays wrap modulo 2**64 without a warning
        hashes = hashes * _BASE + codes[offset : offset + n]
    return np.unique(_splitmix(hashes))


def _splitmix(z: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: every input bit moves every output bit (a bijection)."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    mixed: np.ndarray = z ^ (z >> np.uint64(31))
    return mixed


def minhash(hashes: np.ndarray) -> np.ndarray:
    """The NUM_PERM MinHash values (uint32) of a non-empty set of shingle hashes."""
    lowest = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, len(hashes), _CHUNK):
        chunk = hashes[start : start + _CHUNK]
        permuted = _A[:, None] * chunk[None, :] + _B[:, None]
        np.minimum(lowest, permuted.min(axis=1), out=lowest)
    # the high bits of a*h+b mix better than the low ones; the minimum's are the minimum's
    return (lowest >> np.uint64(32)).astype(np.uint32)


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
    hashes = shingle_hashes(text)
    values = minhash(hashes)
    return ArticleSignature(
        article_id=article_id,
        content_hash=content_hash,
        n_shingles=len(hashes),
        minhash=values.tolist(),
        bands=band_keys(values),
    )


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two signatures: the share of MinHash values they share."""
    if not a or not b:
        return 0.0
    return float(np.mean(np.asarray(a) == np.asarray(b)))
