"""Aggregate the rounds per page and concurrency, print the tables and check the targets."""

import statistics
from dataclasses import dataclass, field

from scripts.loadbench.load import WrkRun
from scripts.loadbench.server import Usage


@dataclass
class Round:
    run: WrkRun  # what the client saw
    server: Usage  # what the server did meanwhile, until it was idle again


@dataclass
class Row:
    """One page at one concurrency: its rounds summed (rates) or their median (percentiles)."""

    page: str
    connections: int
    queries: str = "–"  # "cold/warm", measured in-process
    rounds: list[Round] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(r.run.requests for r in self.rounds)

    @property
    def rate(self) -> float:
        seconds = sum(r.run.seconds for r in self.rounds)
        return self.requests / seconds if seconds else 0.0

    def percentile(self, name: str) -> float:
        """The median of the rounds' percentiles (a round without a response has none)."""
        values = [getattr(r.run, name) for r in self.rounds if r.run.requests]
        return statistics.median(values) if values else float("nan")

    @property
    def errors(self) -> int:
        return sum(r.run.errors for r in self.rounds)

    def cpu_ms(self, used) -> float:
        """CPU milliseconds per request served, `used` picking the CPU seconds of a round.

        Divided by the requests the server answered (its access log), which include those
        still in flight when wrk stopped: their CPU is in the sum too.
        """
        served = sum(r.server.served for r in self.rounds)
        return 1000 * sum(used(r) for r in self.rounds) / served if served else 0.0

    @property
    def worker_shares(self) -> list[float]:
        """Each gunicorn worker's part of the workers' CPU, largest first."""
        per_worker: dict[int, float] = {}
        for r in self.rounds:
            for pid, seconds in r.server.workers.items():
                per_worker[pid] = per_worker.get(pid, 0.0) + seconds
        total = sum(per_worker.values())
        return sorted((s / total for s in per_worker.values()), reverse=True) if total else []

    @property
    def others(self) -> float:
        """Cores other processes used meanwhile, on average: machine busy time minus gunicorn,
        its database backends, wrk and this script."""
        busy = sum(
            r.server.machine - r.server.app - r.server.database - r.server.runner - r.run.cpu
            for r in self.rounds
        )
        seconds = sum(r.server.seconds for r in self.rounds)
        return max(0.0, busy / seconds) if seconds else 0.0

    @property
    def noise(self) -> float:
        """The rounds' spread of requests/s: (highest − lowest) / mean."""
        rates = [r.run.rate for r in self.rounds]
        return (max(rates) - min(rates)) / statistics.mean(rates) if len(rates) > 1 else 0.0


COLUMNS = [
    ("page", "<22"),
    ("conns", ">5"),
    ("req/s", ">8"),
    ("× bare", ">7"),
    ("p50 ms", ">7"),
    ("p95 ms", ">7"),
    ("p99 ms", ">7"),
    ("errors", ">7"),
    ("SQL c/w", ">8"),
    ("app CPU", ">8"),
    ("db CPU", ">7"),
    ("wrk CPU", ">8"),
    ("workers", ">8"),
    ("others", ">6"),
    ("± rounds", ">9"),
]


def format_line(values) -> str:
    return " ".join(f"{v:{spec}}" for v, (_, spec) in zip(values, COLUMNS, strict=True))


def print_table(rows: list[Row], bare: dict[int, Row]) -> None:
    print(format_line([name for name, _ in COLUMNS]))
    for row in rows:
        shares = row.worker_shares
        print(
            format_line(
                [
                    row.page,
                    row.connections,
                    f"{row.rate:.0f}",
                    f"{row.rate / bare[row.connections].rate:.3f}",
                    f"{row.percentile('p50'):.1f}",
                    f"{row.percentile('p95'):.1f}",
                    f"{row.percentile('p99'):.1f}",
                    row.errors,
                    row.queries,
                    f"{row.cpu_ms(lambda r: r.server.app):.2f}",
                    f"{row.cpu_ms(lambda r: r.server.database):.2f}",
                    f"{row.cpu_ms(lambda r: r.run.cpu):.2f}",
                    "/".join(f"{100 * s:.0f}" for s in shares) if shares else "–",
                    f"{row.others:.2f}",
                    f"{100 * row.noise:.0f} %",
                ]
            )
        )


def print_rounds(rows: list[Row]) -> None:
    """Requests/s of each round, to see the noise the sums smooth out."""
    count = max(len(row.rounds) for row in rows)
    print(f"{'page':<22} {'conns':>5} " + " ".join(f"{f'round {i + 1}':>9}" for i in range(count)))
    for row in rows:
        rates = " ".join(f"{r.run.rate:>9.0f}" for r in row.rounds)
        print(f"{row.page:<22} {row.connections:>5} {rates}")


@dataclass
class Target:
    page: str
    min_ratio: float | None = None
    max_p95: float | None = None
    no_errors: bool = False

    def check(self, row: Row, bare: Row) -> list[tuple[str, str, bool]]:
        """(what is asked, what was measured, met) for each part of the target."""
        checks = []
        if self.min_ratio is not None:
            ratio = row.rate / bare.rate
            checks.append(
                (f"≥ {self.min_ratio:.2f}× bare", f"{ratio:.3f}×", ratio >= self.min_ratio)
            )
        if self.max_p95 is not None:
            p95 = row.percentile("p95")
            checks.append((f"p95 < {self.max_p95:.0f} ms", f"{p95:.1f} ms", p95 < self.max_p95))
        if self.no_errors:
            checks.append(("0 errors", str(row.errors), row.errors == 0))
        return checks


def print_targets(targets: list[Target], rows: list[Row], bare: Row, connections: int) -> bool:
    """Print each target beside its figure; True when all are met."""
    by_page = {row.page: row for row in rows if row.connections == connections}
    all_met = True
    for target in targets:
        row = by_page.get(target.page)
        if row is None:
            continue
        for asked, measured, met in target.check(row, bare):
            all_met &= met
            verdict = "met" if met else "NOT MET"
            print(f"  {target.page:<22} {asked:<18} {measured:>10}   {verdict}")
    return all_met
