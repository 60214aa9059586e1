"""Settings of the decode stage: apart from it, so that the flow builds them without loading it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DecodeSettings:
    """Settings for the decode stage."""

    max_replaced_ratio: float = 0.02  # above this share of U+FFFD in the text -> reject UNDECODABLE
    sniff_bytes: int = 4096  # how far to look for <meta charset> / binary signatures
