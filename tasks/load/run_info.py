"""What the loader knows of the run it commits packages for."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass(frozen=True)
class RunInfo:
    """A run: its id and flow, what it read, and the process that runs it."""

    run_id: str
    flow: str
    started_at: datetime
    sources: list[str]
    seconds_process: float = 0.0  # known at the end of the run
    prefect_flow_run_id: str | None = None
    lock_timeout: float = 60.0
    time_shift: timedelta = timedelta(0)  # the run's clock minus the real one (a set `now`)
    db_path: str = ""  # the warehouse, resolved (spool folders name it)
    host: str = field(default_factory=socket.gethostname)
    pid: int = field(default_factory=os.getpid)
