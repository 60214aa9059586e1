"""Runs commit in load packages as they go; what a dead or locked-out run leaves is merged by the
next run on the warehouse (real flows, real DuckDB files)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from prefect import flow

from flows.ingest import ingest
from flows.runs import run_lifecycle, spool_root
from schemas import Article as ArticleModel
from tasks.load.packages import RunFolder
from tasks.load.run_info import RunInfo
from tasks.load.spool import article_row, document_row, write_spool
from tests.newssite import Article, article_html
from tests.tasks.batch.test_process import portal_copy
from tests.tasks.load.samples import article, raw_document
from tests.warehouse.test_db import hold_lock
from warehouse.db import DatabaseLockedError, open_warehouse, resolve_db_path
from warehouse.raw import RawNotFoundError, raw_payload

pytestmark = pytest.mark.usefixtures("prefect_harness")


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def write_pages(folder: Path, count: int) -> Path:
    """Write count distinct portal pages (the generated news site's) as local files."""
    folder.mkdir()
    when = datetime(2026, 11, 2, 8, tzinfo=UTC)
    for n in range(count):
        (folder / f"{n:05d}.html").write_bytes(article_html(Article(n, when, when)))
    return folder


def dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(done.stdout)


def test_a_run_commits_each_package_as_it_goes(tmp_path: Path) -> None:
    pages = write_pages(tmp_path / "in", 120)
    db = tmp_path / "w.duckdb"
    summary = ingest(sources=[str(pages)], db_path=str(db), batch_size=25, package_size=40)
    assert (summary.status, summary.n_new, summary.n_seen) == ("completed", 120, 120)
    loads = query(db, "SELECT package_no, n_seen, n_new FROM ops.loads ORDER BY package_no")
    assert summary.n_packages == len(loads) >= 3
    assert sum(int(str(n)) for _, _, n in loads) == 120
    assert [n for n, *_ in loads] == sorted({n for n, *_ in loads})  # numbers grow
    payload_files = [Path(str(f)) for (f,) in query(db, "SELECT payload_file FROM raw.documents")]
    assert len(payload_files) == 120 and {f.parent.name for f in payload_files} == {summary.run_id}
    kept_by = {int(f.name.split("-")[0]) for f in payload_files}  # <package>-<batch>.parquet
    assert kept_by == {n for n, *_ in loads}
    assert query(db, "SELECT status, n_new, n_packages FROM ops.runs") == [
        ("completed", 120, len(loads))
    ]
    assert list(spool_root(str(db)).iterdir()) == []  # the spool is gone


def test_an_article_repeated_in_a_later_package_keeps_its_enrichment(tmp_path: Path) -> None:
    for n, hits in enumerate((37, 912, 4051)):  # one article at three addresses
        portal_copy(tmp_path / "in", f"{n}.html", hits)
    db = tmp_path / "w.duckdb"
    # in this process, one input per batch and per package: the copies come after the first
    # one was signed and enriched, and are merged in packages of their own
    summary = ingest(
        sources=[str(tmp_path / "in")], db_path=str(db), batch_size=1, package_size=1,
        process_pool=False,
    )  # fmt: skip
    assert (summary.n_new, summary.n_unchanged, summary.n_packages) == (1, 2, 3)
    current = "SELECT content_hash FROM core.articles"
    assert query(db, f"SELECT count(*) FROM enrich.articles WHERE content_hash IN ({current})") == [
        (1,)
    ]
    assert query(
        db, f"SELECT count(*) FROM core.article_signatures WHERE content_hash IN ({current})"
    ) == [(1,)]
    assert query(db, "SELECT count(*) > 0 FROM enrich.events") == [(True,)]


def test_what_a_dead_run_left_is_merged_by_the_next_run(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with open_warehouse(str(db)):
        pass
    started = datetime(2026, 12, 2, 9, tzinfo=UTC)
    dead = RunInfo(
        "20261202T090000Z-dead01", "ingest", started, ["/in"],
        db_path=str(resolve_db_path(str(db))), pid=dead_pid(),
    )  # fmt: skip
    folder = RunFolder.create(spool_root(str(db)), dead)
    raws = {name: raw_document(f"/in/{name}.txt", f"{name}的原始字节".encode()) for name in "abcd"}

    def rows(name: str, item: ArticleModel) -> dict[str, list[dict[str, object]]]:
        return {"articles": [article_row(item)], "documents": [document_row(raws[name], None)]}

    sealed, loose = article("/in/a.txt"), article("/in/b.txt", title="另一篇报道")
    files = write_spool(folder.path, "batch-00000", rows("a", sealed))
    folder.add_group(list(files.values()), 1)
    folder.seal()  # a complete package, never committed
    files = write_spool(folder.path, "batch-00001", rows("b", loose))
    folder.add_group(list(files.values()), 1)  # a finished group, not yet sealed
    unheard = article("/in/c.txt", title="写完了但流程还不知道")
    write_spool(folder.path, "batch-00002", rows("c", unheard))  # done
    listing = raw_document("https://edu.example.cn/sitemap.xml", b"<urlset></urlset>")
    write_spool(folder.path, "fetch-00002", {"documents": [document_row(listing, None)]})
    unfinished = article("/in/d.txt", title="没写完的批次")
    write_spool(folder.path, "batch-00003", rows("d", unfinished))
    (folder.path / "batch-00003.done").unlink()  # its files were still being written

    empty = tmp_path / "nothing.txt"
    empty.write_text("# no sources yet\n", encoding="utf-8")
    ingest(sources=[str(empty)], db_path=str(db))
    stored = query(db, "SELECT source_uri FROM core.articles ORDER BY source_uri")
    assert stored == [("/in/a.txt",), ("/in/b.txt",), ("/in/c.txt",)]  # not the unfinished
    runs = query(db, "SELECT run_id, status, n_new, n_packages FROM ops.runs ORDER BY run_id")
    assert runs[0] == (dead.run_id, "crashed", 3, 2)
    assert not folder.path.exists()
    for raw in [raws["a"], raws["b"], raws["c"], listing]:  # the adopted batches' bytes too
        assert raw_payload(str(db), raw.sha256).content == raw.content
    with pytest.raises(RawNotFoundError):
        raw_payload(str(db), raws["d"].sha256)
    kept = sorted(p.name for p in (tmp_path / "raw" / dead.run_id).iterdir())
    assert [name.split("-", 1)[1] for name in kept] == [
        "batch-00000.parquet",
        "batch-00001.parquet",
        "batch-00002.parquet",
        "fetch-00002.parquet",
    ]


def test_a_run_locked_out_at_the_end_keeps_its_work_for_the_next_run(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with open_warehouse(str(db)):
        pass  # an empty, migrated warehouse
    kept: list[Path] = []

    @flow
    def locked_out() -> None:
        with run_lifecycle(str(db), "ingest", datetime.now(UTC), ["/in"], 1.0) as run:
            files = write_spool(
                Path(run.spool), "batch-00000", {"articles": [article_row(article())]}
            )
            run.add_group(list(files.values()), 1)
            kept.append(Path(run.spool))
            holder = hold_lock(db, 60)
            try:
                run.finish(0.5)
            finally:
                holder.kill()
                holder.wait()

    with pytest.raises(DatabaseLockedError, match="the next run merges it"):
        locked_out()
    assert kept[0].exists()
    assert query(db, "SELECT status, n_new FROM ops.runs") == [("running", 0)]
    empty = tmp_path / "nothing.txt"
    empty.write_text("# no sources yet\n", encoding="utf-8")
    ingest(sources=[str(empty)], db_path=str(db))
    assert query(db, "SELECT source_uri FROM core.articles") == [("/in/a.txt",)]
    statuses = query(db, "SELECT status, n_new, seconds_process FROM ops.runs ORDER BY started_at")
    assert statuses == [("completed", 1, 0.5), ("completed", 0, statuses[1][2])]
    assert not kept[0].exists()
