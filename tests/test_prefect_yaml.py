"""prefect.yaml names real flows, writes the warehouse one run at a time, and schedules in Beijing time."""

import importlib.util

import yaml
from prefect import Flow

from tests.conftest import ROOT


def test_every_deployment_points_at_a_flow_and_is_serialised():
    config = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    assert config["deployments"]
    for deployment in config["deployments"]:
        path, name = deployment["entrypoint"].split(":")
        spec = importlib.util.spec_from_file_location(f"entry_{name}", ROOT / path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        assert isinstance(getattr(module, name), Flow), deployment["name"]
        assert deployment["concurrency_limit"] == 1  # one warehouse writer
        assert all(s["timezone"] == "Asia/Shanghai" and s["slug"] for s in deployment["schedules"])


def test_re_enrich_is_an_on_demand_deployment_of_the_enrich_flow():
    config = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    deployments = {d["name"]: d for d in config["deployments"]}
    assert deployments["re-enrich"]["entrypoint"] == "flows/enrich.py:enrich"
    assert deployments["re-enrich"]["schedules"] == []  # started from the UI or the CLI
    scheduled = {name for name, d in deployments.items() if d["schedules"]}
    assert scheduled == {"ingest-seeds", "ingest-sources", "refresh-known-pages", "report"}
