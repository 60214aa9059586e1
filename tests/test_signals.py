"""What Ctrl-C and kill -9 do to a running `edunews ingest`: real processes, real signals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

EDUNEWS = str(Path(sys.executable).parent / "edunews")
PAGES = 3000  # enough work that the run is still processing when the signal comes
STARTUP_SECONDS = 180.0  # temporary Prefect server and two spawned workers on a busy machine
PARAGRAPH = (
    "第{n}号通讯员报道：东湖市教育局与星河智能科技有限公司签署人工智能教育合作协议，"
    "双方将在智慧课堂、教师培训和学情分析等方面开展合作，首批覆盖{n}所中小学。"
)


def write_pages(folder: Path, count: int) -> None:
    """Write count distinct Chinese article pages, as a portal serves them."""
    folder.mkdir()
    for n in range(count):
        body = "".join(f"<p>{PARAGRAPH.format(n=n * 10 + k)}</p>" for k in range(8))
        page = (
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>合作签约第{n}期</title>"
            "<meta name='publishdate' content='2024-05-06 09:30'></head><body>"
            f"<div class='nav'>首页 &gt; 教育</div><article><h1>合作签约第{n}期</h1>{body}"
            "</article></body></html>"
        )
        (folder / f"page-{n:05d}.html").write_text(page, encoding="utf-8")


def session_processes(session: int) -> list[tuple[int, str]]:
    """The live processes of a session, with their command lines."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # it ended while we looked
        state, sid = fields[0], int(fields[3])
        if sid == session and state != "Z":
            found.append((int(entry.name), cmdline))
    return found


def start_ingest(tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    """Start an ingest in a session of its own, as a terminal would, and wait until its run
    has started (its spool folder exists) and its workers are up."""
    write_pages(tmp_path / "in", PAGES)
    db = tmp_path / "w.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env |= {"PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    run = subprocess.Popen(
        [EDUNEWS, "ingest", str(tmp_path / "in"), "--db", str(db)],
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        workers = [p for p, cmd in session_processes(run.pid) if "spawn_main" in cmd]
        # the workers start before the flow (tasks/batch/pool.py early_pool): the run has
        # begun once its spool folder is there
        if len(workers) >= 2 and any((tmp_path / "spool").glob("*")):
            time.sleep(5)  # let them import and take their first batches
            assert run.poll() is None, "the run ended before it could be interrupted"
            return run, db
        assert run.poll() is None, run.communicate()
        time.sleep(0.5)
    run.kill()
    pytest.fail("the ingest's workers did not start")


def wait_until_gone(session: int, seconds: float) -> list[tuple[int, str]]:
    deadline = time.monotonic() + seconds
    while (left := session_processes(session)) and time.monotonic() < deadline:
        time.sleep(0.25)
    return left


def test_ctrl_c_stops_the_run_within_seconds_and_records_it_as_interrupted(tmp_path):
    run, db = start_ingest(tmp_path)
    sent = time.monotonic()
    os.killpg(run.pid, signal.SIGINT)  # what the terminal does on Ctrl-C: the whole group
    stdout, stderr = run.communicate(timeout=60)
    assert run.returncode == 130, (stdout + stderr)[-3000:]
    assert time.monotonic() - sent < 10
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) <= 3, stderr
    assert wait_until_gone(run.pid, 5) == []  # workers and the temporary server stopped too
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT status FROM ops.runs").fetchall() == [("interrupted",)]
        # what it committed before Ctrl-C (its packages, if any) is recorded with it
        stored = con.execute("SELECT count(*) FROM core.articles").fetchone()
        assert stored == con.execute("SELECT n_new FROM ops.runs").fetchone()


def test_kill_9_leaves_no_process_of_the_run_behind(tmp_path):
    run, _ = start_ingest(tmp_path)
    helpers = [pid for pid, _ in session_processes(run.pid) if pid != run.pid]
    assert len(helpers) >= 3  # two workers and the temporary Prefect server, at least
    run.kill()
    run.communicate(timeout=30)
    assert wait_until_gone(run.pid, 10) == []
