"""What the flow hands to workers: the batch settings, and the entry point that loads the stages.

The flow process only submits batches. Importing the stages (Trafilatura, jieba, the place and
organisation tables) there cost ~0.5 s of every command's start for nothing, so the entry point
imports them where the batch runs: in a pool worker, or in the flow process when it has no pool.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from schemas import BatchResult, RawDocument, SourceRef
from tasks.decode.settings import DecodeSettings
from tasks.extract.settings import ExtractSettings
from tasks.sources.files import ReadSettings


@dataclass(frozen=True)
class ProcessSettings:
    """Settings of every stage a batch goes through, passed explicitly to workers."""

    read: ReadSettings = field(default_factory=ReadSettings)
    decode: DecodeSettings = field(default_factory=DecodeSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    enrich: bool = True  # enrich each article as it is extracted (the loader keeps what is new)


def run_process_batch(
    batch_no: int,
    refs: Sequence[SourceRef | RawDocument],
    spool_dir: str,
    settings: ProcessSettings,
    stored: Mapping[str, str] | None = None,
) -> BatchResult:
    """Run `tasks.batch.processing.process_batch` here, importing the stages where it runs."""
    from tasks.batch.processing import process_batch

    return process_batch(batch_no, refs, spool_dir, settings, stored)
