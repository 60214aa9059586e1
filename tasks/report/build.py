"""Build the report file: read the warehouse, draw the charts, write one HTML page."""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.report.page import render_page
from warehouse.db import default_report_path
from warehouse.report_data import read_report_data

BEIJING = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class BuiltReport:
    """A report written to disk."""

    path: Path
    size: int  # bytes
    seconds: float
    articles: int
    deals: int


def build_report(
    db_path: str | None, out: Path | None = None, since: date | None = None
) -> BuiltReport:
    """Write the HTML report of the warehouse; the file is replaced whole, never half-written.

    Args:
        db_path: The warehouse (None: $EDUNEWS_DB or the default).
        out: The file to write (None: report.html beside the warehouse).
        since: Only articles published on or after this day (Beijing time), and runs started
            on or after it.

    Raises:
        FileNotFoundError: there is no warehouse yet.
        DatabaseLockedError: another process holds it.
        QueryFailedError: the warehouse refused a read.
        IsADirectoryError: out is a folder.
    """
    clock = time.perf_counter()
    path = (out or default_report_path(db_path)).expanduser().resolve()
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder: give --out a file name such as report.html")
    data = read_report_data(db_path, since)
    html = render_page(data, since, datetime.now(BEIJING))
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
    ) as tmp:
        tmp.write(html)
    os.replace(tmp.name, path)
    return BuiltReport(
        path, path.stat().st_size, time.perf_counter() - clock, data.articles, len(data.deals)
    )


@task(name="build-report", cache_policy=NO_CACHE)
def build_report_task(
    db_path: str | None, out: str | None = None, since: date | None = None
) -> BuiltReport:
    """Write the HTML report (see build_report)."""
    return build_report(db_path, Path(out) if out else None, since)
