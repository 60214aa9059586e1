"""Whether the process a run was started by is still there (ops.runs and spools name it)."""

from __future__ import annotations

import os
import socket


def process_alive(pid: int) -> bool:
    """Say whether a process of this host is still running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True


def run_process_gone(host: str | None, pid: int | None) -> bool:
    """Say whether a run's process is known to be gone: it ran on this host and has ended."""
    return host == socket.gethostname() and pid is not None and not process_alive(pid)
