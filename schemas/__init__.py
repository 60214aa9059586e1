"""Pydantic models: the contract between pipeline stages and the shape of warehouse rows."""

from schemas.article import Article, InputFormat
from schemas.documents import DecodedDocument, RawDocument, SourceRef, TextRepair
from schemas.reject import Reject, RejectReason, Stage
from schemas.run import BatchResult, RunSummary

__all__ = [
    "Article",
    "BatchResult",
    "DecodedDocument",
    "InputFormat",
    "RawDocument",
    "Reject",
    "RejectReason",
    "RunSummary",
    "SourceRef",
    "Stage",
    "TextRepair",
]
