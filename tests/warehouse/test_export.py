"""`edunews export`: every core, enrich and analytics table and view as Parquet, rows intact."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from edunews.cli import app
from tasks.load.enrichment_rows import enrichment_rows
from tasks.load.merge import load_run
from tasks.load.run_info import RunInfo
from tasks.load.spool import article_row, write_spool
from tests.tasks.load.samples import article, enrichment, repaired_article
from warehouse.export import export_parquet

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse loaded the way a run loads it: articles and one of every enrichment row."""
    folder = tmp_path_factory.mktemp("export")
    items = [article(), repaired_article()]
    batch: dict[str, list[dict[str, object]]] = {"articles": [article_row(a) for a in items]}
    for item in items:
        for table, table_rows in enrichment_rows(enrichment(item)).items():
            batch.setdefault(table, []).extend(table_rows)
    write_spool(folder / "spool", "batch-00000", batch)
    run = RunInfo("r1", "ingest", datetime(2024, 4, 1, tzinfo=UTC), ["/in"], 1.0)
    load_run(str(folder / "w.duckdb"), str(folder / "spool"), run)
    return folder / "w.duckdb"


def _relations(db: Path) -> dict[str, int]:
    """Every table and view of the exported schemas → its row count, read from the warehouse."""
    with duckdb.connect(str(db), read_only=True) as con:
        names = con.execute(
            "SELECT schema_name || '.' || table_name FROM duckdb_tables() "
            "WHERE schema_name IN ('core', 'enrich', 'analytics') UNION ALL "
            "SELECT schema_name || '.' || view_name FROM duckdb_views() "
            "WHERE schema_name IN ('core', 'enrich', 'analytics')"
        ).fetchall()
        return {
            name: con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0] for (name,) in names
        }


def test_every_table_and_view_round_trips_its_rows(db: Path, tmp_path: Path) -> None:
    expected = _relations(db)
    assert {"core.articles", "enrich.events", "analytics.partnerships"} <= set(expected)
    assert expected["core.articles"] == 2 and expected["analytics.partnerships"] == 2
    written = export_parquet(str(db), tmp_path / "out")
    assert {t.name: t.rows for t in written} == expected
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == sorted(f"{name}.parquet" for name in expected)
    for table in written:
        assert pq.read_metadata(table.path).num_rows == expected[table.name], table.name
    parties = pq.read_table(tmp_path / "out" / "analytics.partnerships.parquet")
    assert parties.column("parties").to_pylist()[0] == ["湖光市第二中学", "星河智能"]


def test_the_search_index_tables_are_not_exported(db: Path, tmp_path: Path) -> None:
    written = export_parquet(str(db), tmp_path)
    with duckdb.connect(str(db), read_only=True) as con:
        index_tables = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'fts_enrich_articles'"
        ).fetchall()[0][0]
    assert index_tables > 0  # the load built the index…
    assert not [t for t in written if t.name.startswith("fts_")]  # …and it stays in the warehouse


def test_the_command_lists_what_it_wrote_and_refuses_a_file_as_folder(
    db: Path, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["export", "--out", str(tmp_path / "x"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "core.articles" in result.stdout and (tmp_path / "x" / "core.articles.parquet").exists()
    (tmp_path / "file").write_text("", encoding="utf-8")
    refused = runner.invoke(app, ["export", "--out", str(tmp_path / "file"), "--db", str(db)])
    assert refused.exit_code == 1 and "is not a folder" in refused.output
    missing = runner.invoke(
        app, ["export", "--out", str(tmp_path / "y"), "--db", str(tmp_path / "no.duckdb")]
    )
    assert missing.exit_code == 1 and "no warehouse" in missing.output
    wrong = runner.invoke(
        app, ["export", "--out", str(tmp_path / "z"), "--format", "xlsx", "--db", str(db)]
    )
    assert wrong.exit_code == 2
