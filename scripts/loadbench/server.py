"""gunicorn as the Dockerfile runs it, and the CPU its processes (and PostgreSQL's) use."""

import os
import resource
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

WORKERS = 2
THREADS = 4
TICK = 1 / os.sysconf("SC_CLK_TCK")  # seconds per clock tick in /proc/<pid>/stat


def gunicorn_args(port: int, logs: Path, reuse_port: bool) -> list[str]:
    """The Dockerfile's command line, its access log written to a file instead of stdout."""
    args = [
        *("careerfit.wsgi", "--bind", f"127.0.0.1:{port}"),
        *("--worker-class", "gthread", "--workers", str(WORKERS), "--threads", str(THREADS)),
        *("--access-logfile", str(logs / "access.log"), "--error-logfile", str(logs / "error.log")),
    ]
    return [*args, "--reuse-port"] if reuse_port else args


class Gunicorn:
    def __init__(self, *, port: int, env: dict, cwd: Path, logs: Path, reuse_port: bool):
        self.args = gunicorn_args(port, logs, reuse_port)
        self.url = f"http://127.0.0.1:{port}"
        self.env, self.cwd = env, cwd
        self.access_log, self.error_log = logs / "access.log", logs / "error.log"
        self.process: subprocess.Popen | None = None
        self._log_read, self._served = 0, 0

    def start(self, ready_path: str, timeout: float = 30) -> None:
        # Its own session: a Ctrl-C reaches this script, which then stops gunicorn in order.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *self.args],
            env=self.env,
            cwd=self.cwd,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start:\n{self.log_tail()}")
            if answers(self.url + ready_path) and len(self.workers()) == WORKERS:
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    @property
    def master(self) -> int:
        return self.process.pid

    def workers(self) -> list[int]:
        return children(self.master)

    def cpu(self) -> float:
        """CPU seconds used so far by the master and the workers."""
        return sum(cpu_seconds(pid) or 0.0 for pid in [self.master, *self.workers()])

    def served(self) -> int:
        """Requests answered so far: gunicorn logs each once its response is written."""
        with self.access_log.open("rb") as log:
            log.seek(self._log_read)
            new = log.read()
        self._log_read += len(new)
        self._served += new.count(b"\n")  # a line still being written counts on the next call
        return self._served

    def wait_idle(self, quiet: float = 0.2, timeout: float = 20) -> None:
        """Wait until no process of the server has used CPU for `quiet` seconds.

        When wrk stops, up to one request per connection is still being worked on; the next run
        must not compete with them, and their CPU belongs to this run.
        """
        last, since = self.cpu(), time.monotonic()
        deadline = since + timeout
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = self.cpu()
            if now > last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.error_log.read_text().splitlines()[-lines:])
        except OSError:
            return "(no log)"


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return sorted(int(p) for p in path.read_text().split())
    except OSError:
        return []


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far, or None once it has gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "; field 3 is fields[0]
    return (int(fields[11]) + int(fields[12])) * TICK  # fields 14 and 15: utime, stime


def postgres_backends(database: str) -> list[int]:
    """Server processes serving connections to one database (their title names it)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if title.startswith(b"postgres: ") and f" {database} ".encode() in title:
            pids.append(int(entry.name))
    return pids


def machine_busy() -> float:
    """CPU seconds all processors have spent busy since boot (steal included: lost to us)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields)
    return (user + nice + system + irq + softirq + steal) * TICK


def own_cpu() -> float:
    """CPU seconds this script has used (it polls /proc while the server settles)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Snapshot:
    """Requests served so far; CPU seconds of gunicorn's processes, the database's backends,
    this script and the whole machine; the time."""

    served: int
    master: float
    workers: dict[int, float]
    database: dict[int, float]
    runner: float
    machine: float
    time: float

    @classmethod
    def take(cls, server: Gunicorn, database: str) -> "Snapshot":
        return cls(
            served=server.served(),
            master=cpu_seconds(server.master) or 0.0,
            workers=_times(server.workers()),
            database=_times(postgres_backends(database)),
            runner=own_cpu(),
            machine=machine_busy(),
            time=time.monotonic(),
        )


def _times(pids) -> dict[int, float]:
    times = {pid: cpu_seconds(pid) for pid in pids}
    return {pid: t for pid, t in times.items() if t is not None}


@dataclass
class Usage:
    """What the server did between two snapshots (CPU of processes present in both)."""

    served: int
    master: float
    workers: dict[int, float]
    database: float
    runner: float
    machine: float
    seconds: float

    @classmethod
    def between(cls, before: Snapshot, after: Snapshot) -> "Usage":
        return cls(
            served=after.served - before.served,
            runner=after.runner - before.runner,
            machine=after.machine - before.machine,
            seconds=after.time - before.time,
            master=after.master - before.master,
            workers={
                pid: t - before.workers[pid]
                for pid, t in after.workers.items()
                if pid in before.workers
            },
            database=sum(
                t - before.database.get(pid, 0.0)  # a backend opened meanwhile counts whole
                for pid, t in after.database.items()
            ),
        )

    @property
    def app(self) -> float:
        return self.master + sum(self.workers.values())
