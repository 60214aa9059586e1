"""How a run's inputs are split into batches (Prefect-free: the CLI sizes its early pool)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")
# Task runs per flow run stay in the hundreds (Prefect drops events past a few thousand): the
# batches share what the run's fixed tasks (discover sources, discover URLs, plan, sign) and
# its load packages (one task each; a package per PackagePolicy.inputs, or per few minutes) leave.
MAX_TASK_RUNS = 400
MAX_PACKAGE_TASKS = 50
MAX_BATCHES = MAX_TASK_RUNS - 4 - MAX_PACKAGE_TASKS
MIN_BATCH = 25  # below this a batch is not worth a round trip to a worker


def plan_batches(
    refs: Sequence[T], batch_size: int, workers: int, max_batches: int = MAX_BATCHES
) -> list[list[T]]:
    """Split inputs into batches: at most max_batches, enough to keep every worker busy."""
    if not refs:
        return [[]]  # one empty batch still writes the spool files the loader reads
    size = min(batch_size, max(MIN_BATCH, math.ceil(len(refs) / (4 * max(workers, 1)))))
    return chunks(refs, size, max_batches)


def chunks(items: Sequence[T], size: int, max_batches: int) -> list[list[T]]:
    """Split items in order into lists of size items, larger where needed to stay in max_batches."""
    size = max(size, math.ceil(len(items) / max(max_batches, 1)), 1)
    return [list(items[i : i + size]) for i in range(0, len(items), size)]
