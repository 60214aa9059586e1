"""The temporary API server is only for commands that have no Prefect API configured."""

from __future__ import annotations

import os
from pathlib import Path

from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

from edunews.apiserver import temporary_api

CONFIGURED = "http://127.0.0.1:4200/api"


def _children() -> list[str]:
    """The pids of this process's children (every thread's)."""
    tasks = Path(f"/proc/{os.getpid()}/task")
    return [pid for task in tasks.iterdir() for pid in (task / "children").read_text().split()]


def test_a_configured_api_is_used_and_no_server_started() -> None:
    before = _children()
    with temporary_settings(updates={PREFECT_API_URL: CONFIGURED}), temporary_api():
        assert get_current_settings().api.url == CONFIGURED
        assert _children() == before
