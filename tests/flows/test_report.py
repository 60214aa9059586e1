"""The report flow (the daily `report` deployment): writes the page and names it in an artifact."""

from __future__ import annotations

from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

from flows.report import report
from tests.tasks.report.sample import build_sample

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_report_flow_writes_beside_the_warehouse_and_says_where(tmp_path: Path) -> None:
    db = build_sample(tmp_path / "w.duckdb")
    state = report(db_path=str(db), return_state=True)
    path = state.result()
    assert path == str(tmp_path / "report.html") and Path(path).stat().st_size > 500_000
    run_filter = ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id])
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(flow_run_id=run_filter))
    (markdown,) = [a.data for a in artifacts if a.type == "markdown"]
    assert f"`{path}`: 4 articles, 4 deals" in str(markdown)
