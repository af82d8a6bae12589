"""Drive load with wrk (a separate process) and read what its Lua script reports."""

import os
import re
import resource
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

LUA = Path(__file__).resolve().parent / "wrk.lua"
LINE = re.compile(r"^LOADBENCH (.*)$", re.MULTILINE)


def ensure_wrk() -> str:
    """wrk's path; installs the Debian package when it is missing, saying so."""
    if path := shutil.which("wrk"):
        return path
    command = ["apt-get", "install", "-y", "-qq", "wrk"]
    if os.geteuid() != 0 and shutil.which("sudo"):
        command.insert(0, "sudo")
    print(f"wrk is not installed; running: {' '.join(command)}", flush=True)
    subprocess.run(command, check=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    if path := shutil.which("wrk"):
        return path
    raise SystemExit("wrk is still missing: install the Debian package `wrk`.")


def wrk_version(wrk: str) -> str:
    run = subprocess.run([wrk, "-v"], capture_output=True, text=True)
    first_line = (run.stdout + run.stderr).strip().splitlines()[0]
    return first_line.split(" Copyright")[0]


@dataclass
class Page:
    """A page to load: the requests wrk cycles through, as (path, Cookie header) pairs.

    warm: every target is requested once before the measured runs, so that what the app
    caches is in the cache: a visitor reading a comparison that has not changed since.
    changed: the comparisons whose version is renewed before each run (as any write does), so
    that every request computes afresh: the first view after a change. A run must not request
    more targets than there are, or it would come round to cached ones.
    """

    name: str
    targets: list[tuple[str, str]]
    warm: bool = False
    changed: list[int] = field(default_factory=list)


@dataclass
class WrkRun:
    requests: int
    seconds: float
    p50: float  # milliseconds
    p95: float
    p99: float
    socket_errors: int
    non2xx: int
    cpu: float  # CPU seconds wrk itself used

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.socket_errors + self.non2xx


def run_wrk(
    wrk: str, url: str, targets: Path, *, connections: int, seconds: int, close: bool
) -> WrkRun:
    """One wrk run: one thread, `connections` connections, `seconds` long.

    close=True sends "Connection: close", so every request opens a new connection and the
    operating system hands it to whichever worker accepts first.
    """
    command = [wrk, "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", LUA]
    if close:
        command += ["-H", "Connection: close"]
    command += [url, "--", str(targets)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    finished = subprocess.run(command, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    match = LINE.search(finished.stdout)
    if finished.returncode != 0 or not match:
        raise RuntimeError(
            f"wrk failed ({finished.returncode}):\n{finished.stdout}{finished.stderr}"
        )
    values = dict(item.split("=") for item in match.group(1).split())
    return WrkRun(
        requests=int(values["requests"]),
        seconds=int(values["duration_us"]) / 1e6,
        p50=int(values["p50_us"]) / 1000,
        p95=int(values["p95_us"]) / 1000,
        p99=int(values["p99_us"]) / 1000,
        socket_errors=int(values["socket_errors"]),
        non2xx=int(values["non2xx"]),
        cpu=(after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
    )


def write_targets(path: Path, targets: list[tuple[str, str]]) -> Path:
    """The targets file the Lua script reads: one "path<TAB>cookie" line per request."""
    path.write_text("".join(f"{url}\t{cookie}\n" for url, cookie in targets))
    return path
