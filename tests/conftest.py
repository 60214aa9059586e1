"""Shared fixtures: project paths, the seed gold file, and one Prefect harness per session."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

pytest_plugins = ["tests.httpserver"]  # the `server` fixture: a real HTTP server on 127.0.0.1

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "seeds"
GOLD = Path(__file__).parent / "data" / "seeds_gold.json"


@pytest.fixture(scope="session")
def gold() -> dict[str, Any]:
    """The expectations for the five seed documents (a project copy of shared/gold/seeds.json)."""
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """Run flows against a temporary Prefect server for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
