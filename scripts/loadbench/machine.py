"""What the machine is, and how busy other processes keep it."""

import time
from pathlib import Path

from scripts.loadbench.server import machine_busy


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown CPU"


def cpu_count() -> int:
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    return sum(1 for line in lines if line.startswith("processor"))


def memory_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 2**20
    return 0.0


def busy_cores(seconds: float = 1.0) -> float:
    """Cores in use on average over `seconds` while this script sleeps: other processes."""
    before = machine_busy()
    time.sleep(seconds)
    return (machine_busy() - before) / seconds
