"""A story signature: the MinHash of an article's body, stored so later runs can join its story."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

# Bump when the signature changes (normalisation, shingle size, permutations or bands): every
# stored article is signed again at the next load.
SIGNER_VERSION = "minhash-v2"  # v2: numpy MinHash (v1: datasketch's)


class ArticleSignature(BaseModel):
    """One article's near-duplicate signature; the row shape of core.article_signatures."""

    model_config = ConfigDict(frozen=True)

    article_id: str  # as stored in core.articles
    content_hash: str  # the article content it was computed from
    signer_version: str = SIGNER_VERSION
    n_shingles: int  # distinct shingles of the normalised body (0: too short to compare)
    minhash: list[int]  # the MinHash values (empty when the body is too short)
    bands: list[int]  # LSH band keys: articles sharing a key are compared
