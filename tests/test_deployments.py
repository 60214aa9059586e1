"""prefect.yaml deployed to a real server through `make deploy`, run by a process worker."""

from __future__ import annotations

import re
import subprocess

import duckdb
import pytest
import requests

from tests.conftest import ROOT
from tests.prefectserver import BIN, prefect_server


@pytest.mark.prefect_server
def test_deployment_run_completes_with_its_artifacts(tmp_path):
    with prefect_server(tmp_path / "prefect") as (env, api):
        port = re.search(r":(\d+)/api", api)
        assert port is not None
        deploy = subprocess.run(
            ["make", "deploy", f"PREFECT_PORT={port.group(1)}"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert deploy.returncode == 0, deploy.stdout + deploy.stderr

        deployments = requests.post(f"{api}/deployments/filter", json={}, timeout=10).json()
        by_name = {d["name"]: d for d in deployments}
        assert set(by_name) == {
            "ingest-seeds",
            "ingest-sources",
            "refresh-known-pages",
            "re-enrich",
            "report",
        }
        for deployment in deployments:
            assert deployment["global_concurrency_limit"]["limit"] == 1
            expected = [] if deployment["name"] == "re-enrich" else ["Asia/Shanghai"]  # on demand
            assert [s["schedule"]["timezone"] for s in deployment["schedules"]] == expected
        limit = requests.get(
            f"{api}/v2/concurrency_limits/edunews-warehouse-writer", timeout=10
        ).json()
        assert limit["limit"] == 1

        db = tmp_path / "w.duckdb"
        run = subprocess.run(
            [
                str(BIN / "prefect"),
                "deployment",
                "run",
                "ingest/ingest-seeds",
                "--param",
                f"db_path={db}",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        flow_run_id = re.search(r"UUID:\s*([0-9a-f-]{36})", run.stdout)
        assert flow_run_id is not None, run.stdout
        worker = subprocess.run(
            [str(BIN / "prefect"), "worker", "start", "--pool", "edunews-process", "--run-once"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert worker.returncode == 0, worker.stdout + worker.stderr

        state = requests.get(f"{api}/flow_runs/{flow_run_id.group(1)}", timeout=10).json()
        assert state["state_type"] == "COMPLETED", state["state"]
        artifacts = requests.post(
            f"{api}/artifacts/filter",
            json={"artifacts": {"flow_run_id": {"any_": [flow_run_id.group(1)]}}},
            timeout=10,
        ).json()
        assert {"markdown", "table", "progress"} <= {a["type"] for a in artifacts}
        assert db.exists()

        # The on-demand re-enrich deployment runs on the same worker: nothing is left to enrich.
        again = subprocess.run(
            [str(BIN / "prefect"), "deployment", "run", "enrich/re-enrich", "--param", f"db_path={db}"],
            env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert again.returncode == 0, again.stdout + again.stderr
        worker = subprocess.run(
            [str(BIN / "prefect"), "worker", "start", "--pool", "edunews-process", "--run-once"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert worker.returncode == 0, worker.stdout + worker.stderr
        with duckdb.connect(str(db), read_only=True) as con:
            runs = con.execute(
                "SELECT flow, status, n_enriched FROM ops.runs ORDER BY started_at"
            ).fetchall()
        assert runs == [("ingest", "completed", 5), ("enrich", "completed", 0)]
