"""Pydantic models: the contract between pipeline stages and the one source of warehouse rows.

The spool's Arrow schemas are derived from these models (tasks/load/arrow_schema.py), and a
test holds every warehouse table to them (tests/tasks/load/test_warehouse_tables.py).
"""

from schemas.article import Article, InputFormat
from schemas.documents import DecodedDocument, RawDocument, SourceRef, TextRepair
from schemas.fetch import FetchLogRow, NotModifiedRow
from schemas.reject import Reject, RejectReason, Stage
from schemas.run import BatchResult, RunSummary

__all__ = [
    "Article",
    "BatchResult",
    "DecodedDocument",
    "FetchLogRow",
    "InputFormat",
    "NotModifiedRow",
    "RawDocument",
    "Reject",
    "RejectReason",
    "RunSummary",
    "SourceRef",
    "Stage",
    "TextRepair",
]
