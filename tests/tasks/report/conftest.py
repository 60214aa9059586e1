"""One report of the sample warehouse, built once for the page and browser tests."""

from __future__ import annotations

import pytest

from tasks.report.build import BuiltReport, build_report
from tests.tasks.report.sample import build_sample


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltReport:
    """The sample warehouse's report, written beside it (the default path)."""
    db = build_sample(tmp_path_factory.mktemp("report") / "w.duckdb")
    return build_report(str(db))
