"""The ingest flow end to end: files → DuckDB, under a real (temporary) Prefect server."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from flows.ingest import ingest
from tests.conftest import SEEDS
from tests.warehouse.test_db import hold_lock
from warehouse.db import DatabaseLockedError

pytestmark = pytest.mark.usefixtures("prefect_harness")

PARAGRAPH = (
    "科大讯飞和广东省韶关市政府签订战略合作协议，双方致力推动人工智能在智慧教育等领域全面落地。"
)

# The metadata the gold labels for each seed (001 has none; only 004 names an author). Listed
# here so that a key missing from the gold fails the comparison instead of skipping it.
LABELLED = {
    "000_17c0a4eee11be776.txt": ["title", "outlet", "url"],
    "001_8d62110f45006124.txt": [],
    "002_0f36d6b395eb7f25.txt": ["title", "outlet", "url"],
    "003_914d31b1604d60c7.txt": ["title", "outlet", "url"],
    "004_00b6925ae55d9721.txt": ["title", "outlet", "author"],
}


def query(db: Path, sql: str, params: list[object] | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def kept_bytes(db: Path) -> dict[str, bytes]:
    """Source file name -> the bytes the raw payload files beside the warehouse keep for it."""
    files = [str(p) for p in (db.parent / "raw").rglob("*.parquet")]
    rows = query(
        db,
        "SELECT d.source_uri, p.content FROM raw.documents AS d "
        "JOIN read_parquet(?) AS p ON p.sha256 = d.sha256",
        [files],
    )
    return {Path(uri).name: bytes(content) for uri, content in rows}


def test_seed_corpus_loads_with_gold_values(tmp_path, gold):
    db = tmp_path / "w.duckdb"
    summary = ingest(db_path=str(db))
    assert (summary.n_seen, summary.n_new, summary.n_rejected) == (5, 5, 0)
    rows = query(
        db,
        "SELECT source_uri, title, published_at, outlet, url, author, text, encoding FROM core.articles",
    )
    assert len(rows) == 5
    assert {Path(row[0]).name for row in rows} == set(gold["articles"]) == set(LABELLED)
    for source_uri, title, published_at, outlet, url, author, text, encoding in rows:
        name = Path(source_uri).name
        expected = gold["articles"][name]
        assert Path(source_uri).parent == SEEDS
        want = expected["published_at"]
        assert published_at == (datetime.fromisoformat(want) if want else None), name
        stored = {"title": title, "outlet": outlet, "url": url, "author": author}
        assert [key for key in stored if key in expected] == LABELLED[name], name
        assert {key: stored[key] for key in LABELLED[name]} == {
            key: expected[key] for key in LABELLED[name]
        }, name
        assert encoding == "utf-8"
        assert all(s in text for s in expected["text_contains"]), name
        assert not any(s in text for s in expected["text_excludes"]), name
    repairs = query(
        db,
        "SELECT regexp_extract(source_uri, '[^/]+$'), json_array_length(mojibake_repairs) "
        "FROM core.articles WHERE mojibake_repairs IS NOT NULL",
    )
    assert repairs == [("001_8d62110f45006124.txt", 2)]  # both misaligned runs, recorded
    assert kept_bytes(db) == {p.name: p.read_bytes() for p in SEEDS.iterdir()}
    run = query(
        db,
        "SELECT status, n_seen, n_new, n_updated, n_unchanged, n_rejected, prefect_flow_run_id FROM ops.runs",
    )
    assert run[0][:6] == ("completed", 5, 5, 0, 0, 0)
    assert run[0][6] is not None


def test_run_publishes_summary_and_rejects_artifacts(tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    db = tmp_path / "w.duckdb"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    shutil.copy(SEEDS / "004_00b6925ae55d9721.txt", tmp_path / "in")
    ingest(sources=[str(tmp_path / "in")], db_path=str(db))
    (flow_run_id,) = query(db, "SELECT prefect_flow_run_id FROM ops.runs")[0]
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    by_type = {a.type: a for a in artifacts}
    assert {"markdown", "table", "progress"} <= set(by_type)
    assert "| 2 | 1 | 0 | 0 | 0 | 1 |" in by_type["markdown"].data
    assert "empty.txt" in str(by_type["table"].data)


def test_second_run_is_idempotent(tmp_path):
    db = tmp_path / "w.duckdb"
    ingest(db_path=str(db))
    again = ingest(db_path=str(db))
    assert (again.n_seen, again.n_new, again.n_updated, again.n_unchanged) == (5, 0, 0, 5)
    assert again.n_not_modified == 5  # same bytes as stored: not decoded or extracted again
    assert query(db, "SELECT count(*) FROM core.articles")[0][0] == 5
    assert query(db, "SELECT count(*) FROM raw.documents")[0][0] == 5
    assert query(db, "SELECT count(*) FROM core.article_versions")[0][0] == 0
    first_run = query(db, "SELECT min(run_id) FROM ops.runs")[0][0]
    assert query(db, "SELECT DISTINCT run_id FROM core.articles") == [
        (first_run,)
    ]  # untouched rows


def test_unchanged_inputs_are_skipped_by_runs_that_do_not_enrich(tmp_path):
    db = tmp_path / "w.duckdb"
    assert ingest(db_path=str(db), workers=1, enrich=False).n_new == 5
    assert query(db, "SELECT count(*) FROM enrich.articles")[0][0] == 0
    again = ingest(db_path=str(db), workers=1, enrich=False)
    assert (again.n_not_modified, again.n_unchanged) == (5, 5)
    # a run that enriches still takes them: their enrichment is missing
    enriching = ingest(db_path=str(db), workers=1)
    assert (enriching.n_not_modified, enriching.n_enriched) == (0, 5)


def test_unchanged_bytes_skip_extraction_but_a_new_extractor_version_does_not(
    tmp_path, monkeypatch
):
    import flows.ingest

    db = tmp_path / "w.duckdb"
    ingest(db_path=str(db), workers=1)
    assert ingest(db_path=str(db), workers=1).n_not_modified == 5
    monkeypatch.setattr(flows.ingest, "EXTRACTOR_VERSION", "extract-test-bump")
    rerun = ingest(db_path=str(db), workers=1)  # stored rows are from another extractor version
    assert (rerun.n_not_modified, rerun.n_unchanged) == (0, 5)


def test_changed_input_updates_article_and_keeps_previous_version(tmp_path):
    db, corpus = tmp_path / "w.duckdb", tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    ingest(sources=[str(corpus)], db_path=str(db))
    page = corpus / "004_00b6925ae55d9721.txt"
    page.write_text(
        page.read_text(encoding="utf-8").replace("89所中小学", "90所中小学"), encoding="utf-8"
    )
    summary = ingest(sources=[str(corpus)], db_path=str(db))
    assert (summary.n_new, summary.n_updated, summary.n_unchanged) == (0, 1, 4)
    current = query(
        db, "SELECT version, text, run_id FROM core.articles WHERE source_uri = ?", [str(page)]
    )
    assert current[0][0] == 2 and "90所中小学" in current[0][1] and current[0][2] == summary.run_id
    old = query(db, "SELECT version, text, superseded_by_run FROM core.article_versions")
    assert (
        len(old) == 1
        and old[0][0] == 1
        and "89所中小学" in old[0][1]
        and old[0][2] == summary.run_id
    )
    assert (
        query(db, "SELECT count(*) FROM raw.documents WHERE source_uri = ?", [str(page)])[0][0] == 2
    )


def test_bad_inputs_become_rejects_and_nothing_is_lost(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    files = {
        "empty.txt": b"",
        "image.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "unclosed.md": f"---\ntitle: 标题\ndate: 2022-03-29\n<p>{PARAGRAPH}</p>\n".encode(),
        "bad-date.md": f"---\ntitle: 标题\ndate: 2022-02-30 10:00:00\n---\n<p>{PARAGRAPH}</p>\n".encode(),
        "truncated.html": f"<html><head><title>标题</title></head><body><p>{PARAGRAPH}</p><p>{PARAGRAPH}".encode()[
            :-7
        ],
        "gbk.html": (
            "<html><head><meta charset='gb2312'><title>韶关签约</title></head>"
            f"<body><article><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>"
        ).encode("gbk"),
        "big5.txt": "蚌埠市全國智慧教育示範區建設推進會在江淮智慧教育研究院成功舉辦。活動旨在總結建設成果。".encode(
            "big5"
        ),
    }
    for name, content in files.items():
        (src / name).write_bytes(content)
    (src / "huge.html").write_bytes(b"<p>" + b"x" * (21 * 1024 * 1024) + b"</p>")
    os.mkfifo(src / "pipe.html")  # opening it would wait for a writer forever
    (src / "loop-a.html").symlink_to(src / "loop-b.html")
    (src / "loop-b.html").symlink_to(src / "loop-a.html")
    gbk_name = os.path.join(os.fsencode(src), "中文.txt".encode("gbk"))  # not valid UTF-8
    with open(gbk_name, "wb") as handle:
        handle.write(f"韶关签约\n\n{PARAGRAPH}\n".encode())
    summary = ingest(sources=[str(src)], db_path=str(tmp_path / "w.duckdb"))
    db = tmp_path / "w.duckdb"
    rejects = dict(
        query(db, "SELECT regexp_extract(source_uri, '[^/]+$'), reason FROM ops.rejects")
    )
    assert rejects == {
        "empty.txt": "empty",
        "image.png": "binary",
        "unclosed.md": "front_matter_unclosed",
        "bad-date.md": "invalid_date",
        "huge.html": "too_large",
        "pipe.html": "not_a_file",
        "loop-a.html": "not_a_file",
        "loop-b.html": "not_a_file",
    }
    articles = dict(
        query(db, "SELECT regexp_extract(source_uri, '[^/]+$'), text FROM core.articles")
    )
    escaped_name = "\\xd6\\xd0\\xce\\xc4.txt"  # the name's GBK bytes, shown escaped
    assert set(articles) == {"truncated.html", "gbk.html", "big5.txt", escaped_name}
    assert PARAGRAPH in articles["gbk.html"] and "全國智慧教育示範區" in articles["big5.txt"]
    assert PARAGRAPH in articles[escaped_name]
    assert summary.n_seen == 12 == len(rejects) + len(articles)
    stored = query(db, "SELECT regexp_extract(source_uri, '[^/]+$'), size FROM raw.documents")
    assert {name for name, _ in stored} == set(files) | {"huge.html", escaped_name}
    kept = kept_bytes(db)
    sizes = {name: (size, len(kept[name])) for name, size in stored}
    assert sizes["huge.html"][0] > 21 * 1024 * 1024 and sizes["huge.html"][1] < 1024 * 1024
    assert sizes["gbk.html"] == (len(files["gbk.html"]), len(files["gbk.html"]))
    details = query(db, "SELECT detail FROM ops.rejects WHERE reason = 'binary'")[0][0]
    assert "PNG" in details


def test_many_inputs_run_in_batches_on_both_cores(tmp_path):
    src = tmp_path / "many"
    src.mkdir()
    for i in range(80):
        (src / f"{i:03d}.txt").write_text(
            f"第{i}号新闻标题\n{PARAGRAPH}编号{i}。\n", encoding="utf-8"
        )
    summary = ingest(sources=[str(src)], db_path=str(tmp_path / "w.duckdb"), workers=2)
    assert (summary.n_seen, summary.n_new, summary.n_rejected) == (80, 80, 0)
    titles = query(tmp_path / "w.duckdb", "SELECT count(DISTINCT title) FROM core.articles")[0][0]
    assert titles == 80


def test_locked_warehouse_fails_cleanly_then_waits(tmp_path):
    db = tmp_path / "w.duckdb"
    ingest(db_path=str(db))
    holder = hold_lock(db, 60)
    try:
        with pytest.raises(DatabaseLockedError, match="locked by process"):
            ingest(sources=[str(SEEDS)], db_path=str(db), lock_timeout=1.0)
    finally:
        holder.kill()
        holder.wait()
    assert query(db, "SELECT count(*), max(n_new) FROM ops.runs")[0] == (
        1,
        5,
    )  # nothing half-written
    holder = hold_lock(db, 2)
    try:
        summary = ingest(sources=[str(SEEDS)], db_path=str(db), lock_timeout=60.0)
    finally:
        holder.wait()
    assert summary.status == "completed" and summary.n_unchanged == 5


def test_sources_file_without_urls_yet_is_an_empty_run(tmp_path):
    sources = tmp_path / "sources.txt"
    sources.write_text(
        "# web sources, one a line\n# https://www.example.edu.cn/sitemap.xml\n", encoding="utf-8"
    )
    summary = ingest(sources=[str(sources)], db_path=str(tmp_path / "w.duckdb"))
    assert (summary.status, summary.n_seen, summary.n_rejected) == ("completed", 0, 0)
    assert query(tmp_path / "w.duckdb", "SELECT count(*) FROM raw.documents")[0][0] == 0
