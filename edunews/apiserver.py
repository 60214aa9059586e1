"""A temporary Prefect API server for one command, when no Prefect API is configured.

Prefect starts one of its own otherwise, in the command's process group: Ctrl-C then stops the
server first, and the interrupted flow spends minutes failing to report to it. This one runs in
its own session, so that Ctrl-C reaches only the command, and exits when the command's process
is gone, however it ended (kill -9 included).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import httpx

PARENT_CHECK_SECONDS = 1.0
STOP_SECONDS = 5.0
# What Prefect's own temporary server is started with: no UI, ephemeral mode.
SERVER_ENV = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
}


class ApiServerError(RuntimeError):
    """The temporary server did not start."""


@contextmanager
def temporary_api() -> Iterator[None]:
    """Run the block against a temporary API server unless a Prefect API URL is configured."""
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    settings = get_current_settings()
    if settings.api.url:
        yield
        return
    port = _free_port()
    env = os.environ | settings.to_environment_variables(exclude_unset=True) | SERVER_ENV
    server = subprocess.Popen(
        [sys.executable, "-m", "edunews.apiserver", str(port), str(os.getpid())],
        env=env,
        start_new_session=True,  # Ctrl-C at the terminal is the command's, not the server's
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}/api"
        _wait_until_healthy(server, url, settings.server.ephemeral.startup_timeout_seconds)
        with temporary_settings(updates={PREFECT_API_URL: url}):
            try:
                yield
            finally:
                _send_pending_logs_and_events()
    finally:
        _stop(server)


def _send_pending_logs_and_events() -> None:
    """Send what Prefect still queues for the API while the server is up (as its test harness
    does); at interpreter exit it would retry for a minute against a stopped server."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        with suppress(Exception):
            worker.drain_all(timeout=STOP_SECONDS)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_healthy(server: subprocess.Popen[bytes], url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client() as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                error = server.stderr.read().decode(errors="replace") if server.stderr else ""
                raise ApiServerError(f"the temporary Prefect server exited: {error[-500:]}")
            try:
                if client.get(f"{url}/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
    raise ApiServerError(
        f"the temporary Prefect server did not answer within {timeout:g} s "
        "(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)"
    )


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _exit_with_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def main() -> None:
    """Serve the Prefect API on 127.0.0.1:PORT until stopped or until PARENT_PID is gone."""
    import uvicorn

    port, parent_pid = int(sys.argv[1]), int(sys.argv[2])
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    uvicorn.run(
        "prefect.server.api.server:create_app",
        factory=True,
        host="127.0.0.1",
        port=port,
        log_level="error",
        lifespan="on",
    )


if __name__ == "__main__":
    main()
