"""Settings of the extract stage: apart from it, so that the flow builds them without loading it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractSettings:
    """Settings for the extract stage."""

    min_text_chars: int = 20  # below this an input has no article to speak of
