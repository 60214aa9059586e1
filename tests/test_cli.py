"""The `edunews` command line, in process (typer's runner) and as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from typer.testing import CliRunner

from edunews.cli import app
from tests.conftest import SEEDS
from tests.prefectserver import prefect_server

EDUNEWS = str(Path(sys.executable).parent / "edunews")
runner = CliRunner()


@pytest.fixture(scope="module")
def loaded_db(tmp_path_factory, prefect_harness) -> str:
    # named like a schema: the warehouse is attached under a fixed catalog name, so it still works
    db = tmp_path_factory.mktemp("cli") / "analytics.duckdb"
    result = runner.invoke(app, ["ingest", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "| 5 | 5 | 0 | 0 | 0 | 0 |" in result.output
    return str(db)


def test_query_formats(loaded_db):
    sql = "SELECT outlet, count(*) AS n FROM core.articles WHERE outlet IS NOT NULL GROUP BY 1 ORDER BY 1"
    as_json = runner.invoke(app, ["query", sql, "--db", loaded_db, "--format", "json"])
    assert json.loads(as_json.stdout) == [
        {"outlet": "南方网", "n": 2},
        {"outlet": "南方都市报", "n": 2},
    ]
    as_csv = runner.invoke(app, ["query", sql, "--db", loaded_db, "-f", "csv"])
    assert as_csv.stdout.splitlines() == ["outlet,n", "南方网,2", "南方都市报,2"]
    as_table = runner.invoke(app, ["query", sql, "--db", loaded_db])
    assert "南方都市报" in as_table.stdout and "(2 rows)" in as_table.stdout


def test_runs_and_rejects(loaded_db):
    runs = runner.invoke(app, ["runs", "--db", loaded_db, "-f", "json"])
    (run,) = json.loads(runs.stdout)
    assert (run["status"], run["n_seen"], run["n_new"]) == ("completed", 5, 5)
    rejects = runner.invoke(app, ["rejects", "--db", loaded_db, "-f", "csv"])
    assert rejects.exit_code == 0 and rejects.stdout.splitlines() == [
        "run_id,source_uri,stage,reason,detail"
    ]


def test_user_mistakes_get_clear_errors_not_tracebacks(loaded_db, tmp_path):
    missing = runner.invoke(
        app, ["ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "x.duckdb")]
    )
    assert missing.exit_code == 2
    assert "no such file or directory" in missing.output and "Traceback" not in missing.output
    bad_sql = runner.invoke(app, ["query", "SELEC 1", "--db", loaded_db])
    assert (
        bad_sql.exit_code == 1
        and "query failed" in bad_sql.output
        and "Traceback" not in bad_sql.output
    )
    no_db = runner.invoke(app, ["runs", "--db", str(tmp_path / "none.duckdb")])
    assert no_db.exit_code == 1 and "run `edunews ingest` first" in no_db.output
    no_sources = runner.invoke(app, ["sources", "--db", str(tmp_path / "none.duckdb")])
    assert no_sources.exit_code == 1 and "run `edunews ingest` first" in no_sources.output
    folder = runner.invoke(app, ["query", "SELECT 1", "--db", str(tmp_path)])
    assert folder.exit_code == 1 and "is a directory" in " ".join(folder.output.split())
    assert "Traceback" not in folder.output
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a warehouse", encoding="utf-8")
    foreign = runner.invoke(app, ["ingest", str(SEEDS), "--db", str(text_file)])
    assert foreign.exit_code == 1
    assert "not a valid DuckDB database" in " ".join(foreign.output.split())
    assert "Traceback" not in foreign.output


def test_query_is_read_only(loaded_db):
    result = runner.invoke(app, ["query", "DELETE FROM core.articles", "--db", loaded_db])
    assert result.exit_code == 1 and "read-only" in result.output


@pytest.mark.prefect_server
def test_ingest_reports_to_a_real_prefect_server(tmp_path):
    with prefect_server(tmp_path / "prefect") as (env, api):
        db = tmp_path / "w.duckdb"
        done = subprocess.run(
            [EDUNEWS, "ingest", str(SEEDS), "--db", str(db)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert "| 5 | 5 | 0 | 0 | 0 | 0 |" in done.stdout
        runs = requests.post(f"{api}/flow_runs/filter", json={}, timeout=10).json()
        assert [(r["name"] != "", r["state_type"]) for r in runs] == [(True, "COMPLETED")]
