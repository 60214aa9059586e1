"""What the evaluation reads: the stored records of named documents, found by source file name."""

from __future__ import annotations

import pytest

from tests.warehouse import rows
from warehouse.evaluation import (
    DocumentRecords,
    StoredEvent,
    StoredPerson,
    StoredPlace,
    document_records,
)
from warehouse.queries import QueryFailedError


def test_documents_are_found_by_the_file_name_of_any_source(tmp_path):
    db = tmp_path / "w.duckdb"
    with rows.build(db) as con:
        rows.article(con, "A", "/corpus/a.txt")
        con.execute("INSERT INTO core.article_sources VALUES ('/mirror/b.txt', 'A', 'x', 'r')")
        rows.article(con, "B", "http://news.example.cn/b.txt/")
        rows.article(con, "Z", "/corpus/z.txt")
        rows.event(con, "A", "e1", "sign_agreement", ["甲", "乙"], "2022-03-28")
        rows.event(con, "Z", "e2", "renewal", ["丙", "丁"], None)
        rows.person(con, "B", "王明", "校长", None)
        rows.place(con, "A", "广东省", "深圳市", None, is_primary=True)
    records = document_records(str(db), ["c.txt", "b.txt", "a.txt"])
    assert records == DocumentRecords(
        articles={"c.txt": set(), "b.txt": {"A", "B"}, "a.txt": {"A"}},
        events=[StoredEvent("A", "sign_agreement", ["甲", "乙"], "2022-03-28")],
        people=[StoredPerson("B", "王明", "校长", None)],
        places=[StoredPlace("A", "广东省", "深圳市", None, True)],
    )


def test_nothing_stored_for_the_documents_needs_no_enrichment_tables(tmp_path):
    db = tmp_path / "v3.duckdb"
    with rows.build(db, before=4) as con:
        rows.article(con, "A", "/corpus/a.txt")
    assert document_records(str(db), ["x.txt"]) == DocumentRecords({"x.txt": set()}, [], [], [])
    with pytest.raises(QueryFailedError, match="partnerships"):
        document_records(str(db), ["a.txt"])
