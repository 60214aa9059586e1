"""The extraction pool: spawned workers run batches without importing Prefect."""

from __future__ import annotations

import sys
from pathlib import Path

from schemas import BatchResult
from tasks.batch.pool import extraction_pool
from tasks.batch.processing import ProcessSettings, process_batch
from tasks.sources.files import discover_sources
from tests.conftest import SEEDS


def batch_and_prefect_loaded(
    batch_no: int, files: list[str], spool_dir: str
) -> tuple[BatchResult, bool]:
    """Run a process batch in the worker; return its result and whether Prefect got imported."""
    result = process_batch(batch_no, discover_sources(files), spool_dir, ProcessSettings())
    return result, "prefect" in sys.modules


def test_pool_workers_process_batches_without_importing_prefect(tmp_path: Path) -> None:
    files = sorted(str(path) for path in SEEDS.iterdir())[:2]
    with extraction_pool(workers=2, n_batches=2) as pool:
        assert pool is not None
        futures = [
            pool.submit(batch_and_prefect_loaded, i, [file], str(tmp_path))
            for i, file in enumerate(files)
        ]
        outcomes = [future.result() for future in futures]
    assert [result.n_articles for result, _ in outcomes] == [1, 1]
    assert [prefect_loaded for _, prefect_loaded in outcomes] == [False, False]


def test_one_batch_runs_in_the_flow_process() -> None:
    with extraction_pool(workers=2, n_batches=1) as pool:
        assert pool is None
