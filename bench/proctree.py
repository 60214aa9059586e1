"""Watch process trees from /proc: a command's RSS per process every 0.5 s, with each process's
role (bench_memory.py), and the CPU seconds of this process's tree and of the machine
(bench_pipeline.py). Linux only.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
INTERVAL = 0.5  # seconds between samples


@dataclass(frozen=True)
class Sample:
    """One look at the tree: seconds since start, RSS by role, and what the probe said."""

    seconds: float
    main: int  # bytes
    workers: int  # all pool workers together
    others: int  # any other descendant (multiprocessing's resource tracker, ...)
    phase: str

    @property
    def tree(self) -> int:
        """The whole tree's RSS in bytes (shared pages counted in each process)."""
        return self.main + self.workers + self.others


@dataclass
class Watched:
    """A finished (or killed) command: its exit, wall time, samples and per-process peaks."""

    returncode: int
    seconds: float
    killed: bool
    samples: list[Sample] = field(default_factory=list)
    peaks: dict[int, tuple[str, int]] = field(default_factory=dict)  # pid -> (role, peak RSS)

    def peak(self, role: str) -> int:
        """Highest RSS of one role's processes (any one of them) over the run."""
        return max((rss for r, rss in self.peaks.values() if r == role), default=0)

    def worker_peaks(self) -> list[int]:
        """Each pool worker's own peak RSS, in the order they started."""
        return [rss for pid, (role, rss) in sorted(self.peaks.items()) if role == "worker"]

    def tree_peak(self) -> int:
        """Highest RSS of the whole tree at one sample."""
        return max((s.tree for s in self.samples), default=0)


def descendants(root: int) -> dict[int, str]:
    """Return {pid: role} for root and every live descendant (roles: main, worker, other)."""
    children: dict[int, list[int]] = defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
        children[ppid].append(int(stat.parent.name))
    roles, stack = {root: "main"}, [root]
    while stack:
        for child in children[stack.pop()]:
            roles[child] = _role(child)
            stack.append(child)
    return roles


def _role(pid: int) -> str:
    """A multiprocessing spawn worker (the extraction pool) is a worker; anything else other."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "other"
    return "worker" if b"spawn_main" in cmdline else "other"


def rss_bytes(pid: int) -> int:
    """Resident set size of one process (0 when it has ended)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return 0


def watch(
    args: list[str],
    env: dict[str, str],
    log: Path,
    phase: Callable[[], str],
    stop_when: Callable[[], bool] = lambda: False,
) -> Watched:
    """Run args in its own process group, sampling its tree every INTERVAL seconds.

    Args:
        args: The command.
        env: Its environment.
        log: File that receives its stdout and stderr.
        phase: Called at each sample: the run's phase as the caller sees it.
        stop_when: Called at each sample; when true, the whole group is killed with SIGKILL.
    """
    with log.open("wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            args, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        watched = Watched(returncode=0, seconds=0.0, killed=False)
        try:
            while process.poll() is None:
                tick = time.perf_counter()
                _sample(process.pid, tick - started, phase(), watched)
                if stop_when():
                    os.killpg(process.pid, signal.SIGKILL)
                    watched.killed = True
                    break
                time.sleep(max(0.0, INTERVAL - (time.perf_counter() - tick)))
        finally:
            if process.poll() is None and not watched.killed:
                os.killpg(process.pid, signal.SIGKILL)  # the bench itself failed or was stopped
            watched.returncode = process.wait()
    watched.seconds = time.perf_counter() - started
    if watched.killed:
        _wait_group_gone(process.pid)
    return watched


def _sample(root: int, seconds: float, phase: str, watched: Watched) -> None:
    """Add one sample of root's tree to watched, updating each process's peak."""
    by_role = {"main": 0, "worker": 0, "other": 0}
    for pid, role in descendants(root).items():
        rss = rss_bytes(pid)
        by_role[role] += rss
        if rss > watched.peaks.get(pid, (role, 0))[1]:
            watched.peaks[pid] = (role, rss)
    watched.samples.append(
        Sample(seconds, by_role["main"], by_role["worker"], by_role["other"], phase)
    )


def _wait_group_gone(group: int, timeout: float = 30.0) -> None:
    """Wait until no process of a killed group is left (the next run must not meet them)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(_group_of(stat) == group for stat in Path("/proc").glob("[0-9]*/stat")):
            return
        time.sleep(0.1)
    raise SystemExit(f"bench: processes of the killed group {group} are still alive")


def _group_of(stat: Path) -> int | None:
    """The process group of a live /proc/PID/stat entry (None when it has ended or is a zombie)."""
    try:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return None if fields[0] == "Z" else int(fields[3])
    except (OSError, IndexError, ValueError):
        return None


def tree_cpu_seconds() -> float:
    """Return CPU seconds used by this process, its reaped children and its live descendants."""
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
    me = os.getpid()
    live = sum(_cpu_seconds(pid) for pid in descendants(me) if pid != me)
    return time.process_time() + reaped.ru_utime + reaped.ru_stime + live


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds of one live process (0 when it has ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu_seconds() -> float | None:
    """Return the busy CPU seconds of the whole machine since boot (None without /proc/stat)."""
    stat = Path("/proc/stat")
    if not stat.exists():
        return None
    user, nice, system, _idle, _iowait, irq, softirq = stat.read_text().split()[1:8]
    busy = sum(int(v) for v in (user, nice, system, irq, softirq))
    return busy / os.sysconf("SC_CLK_TCK")
