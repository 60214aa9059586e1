"""Time the fixed cost of a command: `edunews ingest` of the 5 seed documents, as a process.

Two settings, each a fresh warehouse per run, median of `--repeat` runs (default 5):

- cold: no PREFECT_API_URL, so the command starts (and stops) a temporary Prefect server;
- server: PREFECT_API_URL points at a Prefect server this script starts on a free port, with its
  own PREFECT_HOME, and stops at the end (as `make server` keeps one running).

Wall seconds and CPU seconds (the command and the processes it waited for: pool workers, a
temporary server; not a running server's) are reported. Each setting first runs once untimed
(the first command against a new PREFECT_HOME creates Prefect's database). Also timed as
processes: `python -c pass` and `python -c "import flows.ingest"` (the imports every flow
command pays). Other processes' CPU use during the runs is printed: the dev machines are
shared, so rerun when it is high.
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "seeds"
BIN = Path(sys.executable).parent
QUIET = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "0"}


def clean_env(home: Path) -> dict[str, str]:
    """This environment without any Prefect API, with its own PREFECT_HOME."""
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "EDUNEWS_DB")}
    return env | QUIET | {"PREFECT_HOME": str(home)}


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run a command to its end (it must succeed); return its wall and CPU seconds."""
    started, cpu = time.perf_counter(), _children_seconds()
    subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started, _children_seconds() - cpu


def ingest_times(env: dict[str, str], work: Path, repeat: int) -> list[tuple[float, float]]:
    """Time `edunews ingest data/seeds` into a fresh warehouse, after one untimed run."""
    runs = []
    for i in range(repeat + 1):
        db = work / f"run-{i}" / "edunews.duckdb"
        command = [str(BIN / "edunews"), "ingest", str(SEEDS), "--db", str(db)]
        seconds = timed(command, env)
        if i:
            runs.append(seconds)
    return runs


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def prefect_server(home: Path) -> Iterator[str]:
    """Start `prefect server start` on a free port with its own home; yield its API URL."""
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    server = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=clean_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while server.poll() is None and time.monotonic() < deadline:
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    yield api
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        raise SystemExit("the Prefect server did not start within 120 s")
    finally:
        server.terminate()
        server.wait(timeout=30)


def _busy_seconds() -> float:
    """All processes' CPU seconds so far (user + nice + system, from /proc/stat)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:4]
    return sum(int(f) for f in fields) / os.sysconf("SC_CLK_TCK")


def _children_seconds() -> float:
    """CPU seconds of the children waited for so far (and of the children they waited for)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def _our_seconds() -> float:
    """CPU seconds of this process and of its children waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime + _children_seconds()


def _row(label: str, runs: list[tuple[float, float]]) -> str:
    wall = [w for w, _ in runs]
    spread = f"{min(wall):.2f}–{max(wall):.2f}"
    cpu = statistics.median(c for _, c in runs)
    return f"| {label:<40} | {statistics.median(wall):7.2f} | {spread:>11} | {cpu:6.2f} |"


def main() -> None:
    """Time the settings and print a table of medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per setting")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp:
        work = Path(tmp)
        env = clean_env(work / "client-home")
        python = str(BIN / "python")
        started, busy, ours = time.perf_counter(), _busy_seconds(), _our_seconds()
        bare = [timed([python, "-c", "pass"], env) for _ in range(args.repeat)]
        imports = [timed([python, "-c", "import flows.ingest"], env) for _ in range(args.repeat)]
        rows.append(_row("python -c pass", bare))
        rows.append(_row("python -c 'import flows.ingest'", imports))
        cold = ingest_times(env, work / "cold", args.repeat)
        rows.append(_row("ingest 5 docs, cold (temporary server)", cold))
        with prefect_server(work / "server-home") as api:
            warm = ingest_times(env | {"PREFECT_API_URL": api}, work / "server", args.repeat)
        rows.append(_row("ingest 5 docs, Prefect server running", warm))
        elapsed = time.perf_counter() - started
        other = (_busy_seconds() - busy - (_our_seconds() - ours)) / elapsed
    print(f"| {'seconds (as a process)':<40} | {'wall':>7} | {'wall range':>11} | {'CPU':>6} |")
    print(f"|{'-' * 42}|{'-' * 9}|{'-' * 13}|{'-' * 8}|")
    print("\n".join(rows))
    print(f"\n{args.repeat} timed runs each, {elapsed:.0f} s in all; other processes used")
    print(f"{max(other, 0.0):.2f} of the {os.cpu_count()} cores on average meanwhile")


if __name__ == "__main__":
    main()
