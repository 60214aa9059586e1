"""Task runners for scaling out: a Dask cluster instead of the local process pool."""

from __future__ import annotations

from typing import Any

from prefect.task_runners import TaskRunner
from prefect_dask.task_runners import DaskTaskRunner


def dask_runner(address: str | None = None, n_workers: int = 2) -> TaskRunner[Any]:
    """Return a Dask task runner: an existing scheduler, or a temporary local cluster.

    Args:
        address: ``tcp://HOST:PORT`` of a running scheduler; None starts a LocalCluster.
        n_workers: Worker processes of the temporary cluster (one thread each: extraction is
            CPU-bound and holds the GIL).

    Returns:
        The runner, for ``ingest.with_options(task_runner=…)``. Workers write the run's spool
        (Parquet next to the warehouse), so on a multi-machine cluster that folder must be on
        storage every worker and the flow share; the flow process stays the only DuckDB writer.
    """
    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(
        cluster_kwargs={"n_workers": n_workers, "threads_per_worker": 1, "processes": True}
    )
