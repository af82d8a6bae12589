"""Load benchmark: how many requests a second the app serves, how fast, and at what cost.

Run it with `make bench` (or `.venv/bin/python -m scripts.loadbench.run`). It needs
PostgreSQL and Redis on 127.0.0.1 (as CI has them) and wrk (installed with apt-get if
missing). Figures, not assertions: nothing here is a test. It takes about five minutes.

What it does:

1. Recreates the database `careerfit_bench`, migrates it, flushes Redis database 9, collects
   the static files into a temporary folder and seeds with bulk inserts 1,000 users with three
   comparisons of ten rated offers each; 50 of them have twenty comparisons, 50 others one more
   of 50 offers (the cap); every user gets a logged-in session. VACUUM ANALYZE then gives the
   planner its statistics, as in service.
2. Counts each page's SQL queries in-process (Django's test client, same settings and
   database): cold (cache just flushed) and warm (the same request again).
3. Starts gunicorn as the Dockerfile does (gthread, 2 workers × 4 threads) with production
   settings (DEBUG off, Redis cache, PostgreSQL, over plain http), plus two reference views
   that only the benchmark's URLconf has: /bench/bare (no query, no template) and
   /bench/one-query (one SELECT, a tiny template); they pass through the same middleware as
   every page, anonymously.
4. Drives it with wrk from a separate process: every page at 1 and 8 connections for
   BENCH_SECONDS, the pages interleaved over BENCH_ROUNDS rounds so that drifts of the machine
   hit them all alike, after a warm-up. After each run it waits until the server is idle, so
   the requests wrk left in flight neither spill into the next run nor escape the CPU count.
   The requests of a page cycle through many users' URLs and cookies (BENCH_URLS=spread: a
   different comparison of a different user each time) or repeat one (BENCH_URLS=one).

The app caches computed results under versions that every write renews (offers/rendering.py),
so the comparison page is measured twice, over different comparisons. "comparison, 10 offers"
and "comparison, 50 offers" read comparisons unchanged since they were last computed (every
target is read once before the runs): the common case, and the one the targets are set for.
"10 offers, just edited" and "50 offers, just edited" read comparisons whose versions were
renewed right before each run, as a save does, so every request computes the page afresh.

Several keep-alive connections from one client can all land on one gunicorn worker and leave
the other core idle (in about one run in four on the machine this was written on; the output
starts with three tries). By default gunicorn therefore gets --reuse-port: each worker listens
on its own socket and the kernel spreads the connections. BENCH_SPREAD=close sends
"Connection: close" instead, =none does neither. The workers column shows the spread.

How to read the table (one row per page and number of connections):

- req/s: the requests of all rounds / their seconds.
- × bare: that rate / the bare view's at the same concurrency, in the same run: the figure to
  compare between machines, where raw rates differ.
- p50, p95, p99: latency percentiles in ms, the median of the rounds' percentiles.
- errors: socket errors plus responses other than 2xx, all rounds.
- SQL c/w: queries per request, cold/warm (session and user look-ups included; not the
  "SELECT 1" of Django's connection health check, which psycopg sends directly once per
  request that uses a kept connection).
- app CPU, db CPU, wrk CPU: CPU ms (user + system, from /proc) per request served, of gunicorn
  (master and workers), of the PostgreSQL backends serving the bench database, and of wrk.
- workers: each worker's share of the workers' CPU, in %; 50/50 is an even spread.
- others: cores that everything else used meanwhile, on average (the machine's busy time
  minus the above): other programs, and short-lived processes such as PostgreSQL's parallel
  query workers. Much above 0 means the machine was shared and the rates are low.
- ± rounds: (highest − lowest) / mean of the rounds' rates: the noise (rates per round below).

Settings (environment): BENCH_SECONDS (5), BENCH_ROUNDS (3), BENCH_WARMUP (1 s per page),
BENCH_CONNECTIONS (1,8), BENCH_URLS (spread|one), BENCH_SPREAD (reuseport|close|none),
BENCH_USERS (1000), BENCH_KEEP_DB (1 keeps the database afterwards), BENCH_DATABASE_URL,
BENCH_CACHE_URL.
"""

import contextlib
import os
import platform
import signal
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from scripts.loadbench import backends, load, machine
from scripts.loadbench.config import SPREADS, Config
from scripts.loadbench.load import Page
from scripts.loadbench.report import Round, Row, Target, print_rounds, print_table, print_targets
from scripts.loadbench.server import Gunicorn, Snapshot, Usage, free_port

PROJECT = Path(__file__).resolve().parents[2]
TARGETS = [
    Target("comparison, 10 offers", min_ratio=0.30, max_p95=50, no_errors=True),
    Target("comparison, 50 offers", max_p95=150),
    Target("my comparisons (20)", min_ratio=0.20),
    Target("offer form (GET)", min_ratio=0.15),
]


def main() -> None:
    started = time.monotonic()
    config = Config.from_env()
    wrk = load.ensure_wrk()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up as on Ctrl-C
    with tempfile.TemporaryDirectory(prefix="loadbench-") as tmp:
        os.environ.update(config.server_env(Path(tmp) / "static"))
        with contextlib.ExitStack() as cleanup:
            run(config, wrk, Path(tmp), cleanup)
    print(f"\nTotal run time: {time.monotonic() - started:.0f} s")


def run(config: Config, wrk: str, tmp: Path, cleanup: contextlib.ExitStack) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from scripts.loadbench.pages import count_queries, seed_pages  # needs Django set up

    backends.recreate_database(config.database_url)
    if not config.keep_db:
        cleanup.callback(drop_database, config)
    cleanup.callback(connections.close_all)  # before the database is dropped
    backends.flush_cache(config.cache_url)
    server = new_server(tmp / "server", reuse_port=config.spread == "reuseport")
    print_header(config, wrk, server)

    step = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(
        f"\nMigrated the database and collected the static files in {time.monotonic() - step:.1f} s"
    )
    pages = seed_pages(config.users, config.urls)
    queries = count_queries(pages)
    print("Counted each page's SQL queries in-process (test client, same settings and database)")
    connections.close_all()
    backends.flush_cache(config.cache_url)
    targets = {p.name: load.write_targets(tmp / f"{i}.txt", p.targets) for i, p in enumerate(pages)}

    if config.spread != "none" and max(config.connections) > 1:
        plain = new_server(tmp / "dockerfile", reuse_port=False)
        show_uneven_spread(Probe(config, wrk, plain, targets), pages[0])
    server.start(ready_path="/bench/bare")
    cleanup.callback(server.stop)
    print(f"\ngunicorn up: master {server.master}, workers {', '.join(map(str, server.workers()))}")
    print(f"Connections reach both workers by: {SPREADS[config.spread]}.")
    probe = Probe(config, wrk, server, targets)
    fill_cache(server, pages)
    warm_up(probe, pages)
    rows = measure(probe, pages, queries)
    report(config, rows)


def new_server(logs: Path, *, reuse_port: bool) -> Gunicorn:
    logs.mkdir()
    return Gunicorn(
        port=free_port(), env={**os.environ}, cwd=PROJECT, logs=logs, reuse_port=reuse_port
    )


def drop_database(config: Config) -> None:
    backends.drop_database(config.database_url)
    print(f"Dropped the database {config.database_name} (BENCH_KEEP_DB=1 keeps it).")


def print_header(config: Config, wrk: str, server: Gunicorn) -> None:
    import django
    import gunicorn
    from django.conf import settings

    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print("CareerFit load benchmark")
    print(
        f"  machine    {machine.cpu_model()}, {machine.cpu_count()} CPUs, "
        f"{machine.memory_gib():.1f} GiB RAM; busy before the start: "
        f"{machine.busy_cores():.2f} cores"
    )
    print(
        f"  software   Python {platform.python_version()}, Django {django.get_version()}, "
        f"PostgreSQL {backends.postgres_version(config.database_url)}, "
        f"Redis {backends.redis_version(config.cache_url)}, {load.wrk_version(wrk)}"
    )
    print(f"  gunicorn   {gunicorn.__version__}: {' '.join(server.args)}")
    print(
        f"  settings   {settings.SETTINGS_MODULE}, DEBUG={settings.DEBUG}, "
        f"sessions: {settings.SESSION_ENGINE.rsplit('.', 1)[-1]}, cache: {cache} "
        f"{config.cache_url}, CONN_MAX_AGE={settings.DATABASES['default']['CONN_MAX_AGE']}"
    )
    print(f"  database   {config.database_url}, recreated")
    print(
        f"  load       wrk, 1 thread, {' and '.join(map(str, config.connections))} connections; "
        f"{config.rounds} rounds of {config.seconds} s per page and concurrency after "
        f"{config.warmup} s of warm-up per page; URLs: {config.urls}"
    )


@dataclass
class Probe:
    """Runs wrk on one page, then waits for the server to settle; records what both did."""

    config: Config
    wrk: str
    server: Gunicorn
    targets: dict[str, Path]  # page name → its targets file

    def run(self, page: Page, connections: int, seconds: int, close: bool | None = None) -> Round:
        if close is None:
            close = connections > 1 and self.config.spread == "close"
        if page.changed:
            from scripts.loadbench.pages import renew_versions  # needs Django set up

            renew_versions(page.changed)
        before = Snapshot.take(self.server, self.config.database_name)
        result = load.run_wrk(
            self.wrk,
            self.server.url,
            self.targets[page.name],
            connections=connections,
            seconds=seconds,
            close=close,
        )
        self.server.wait_idle()
        after = Snapshot.take(self.server, self.config.database_name)
        return Round(result, Usage.between(before, after))


def show_uneven_spread(probe: Probe, bare: Page, runs: int = 3) -> None:
    """How keep-alive connections spread over the workers of gunicorn started exactly as the
    Dockerfile does (one listening socket)."""
    connections = max(probe.config.connections)
    probe.server.start(ready_path="/bench/bare")
    try:
        shares = [
            Row("bare", connections, rounds=[probe.run(bare, connections, 1, close=False)])
            for _ in range(runs)
        ]
    finally:
        probe.server.stop()
    split = ", ".join("/".join(f"{100 * s:.0f}" for s in row.worker_shares) for row in shares)
    print(
        f"\nWith gunicorn as the Dockerfile starts it, {connections} keep-alive connections to "
        f"the bare view ({runs} runs of 1 s) gave the workers these shares of their CPU (%): "
        f"{split}"
    )


def fill_cache(server: Gunicorn, pages: list[Page]) -> None:
    """Request every target of the pages read unchanged once, so their results are cached."""
    step = time.monotonic()
    targets = [target for page in pages if page.warm for target in page.targets]

    def get(target: tuple[str, str]) -> None:
        path, cookie = target
        request = urllib.request.Request(server.url + path, headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(get, targets))
    print(f"Filled the cache: {len(targets)} pages read once in {time.monotonic() - step:.0f} s")


def warm_up(probe: Probe, pages: list[Page]) -> None:
    connections = max(probe.config.connections)
    for page in pages:
        probe.run(page, connections, probe.config.warmup)
    print(f"Warmed up: every page for {probe.config.warmup} s at {connections} connections")


def measure(probe: Probe, pages: list[Page], queries: dict[str, str]) -> list[Row]:
    """Every page at every concurrency, round after round."""
    config = probe.config
    runs = [(page, connections) for connections in config.connections for page in pages]
    rows = [Row(page.name, connections, queries[page.name]) for page, connections in runs]
    print(f"\n{config.rounds} rounds of {len(runs)} runs of {config.seconds} s")
    for number in range(1, config.rounds + 1):
        step = time.monotonic()
        for (page, connections), row in zip(runs, rows, strict=True):
            row.rounds.append(probe.run(page, connections, config.seconds))
        print(f"  round {number} done in {time.monotonic() - step:.0f} s")
    return rows


def report(config: Config, rows: list[Row]) -> None:
    bare = {row.connections: row for row in rows if row.page == "bare"}
    print(
        f"\nResults: {config.rounds} rounds × {config.seconds} s per page and concurrency; "
        "latency: the median of the rounds' percentiles; CPU: ms per request served"
    )
    print_table(rows, bare)
    others = max(row.others for row in rows)
    if others > 0.2:
        print(
            f"Other processes kept up to {others:.2f} cores busy during some runs: "
            "the machine was shared and those rates are lower than it can do."
        )
    print("\nRequests/s in each round:")
    print_rounds(rows)
    top = max(config.connections)
    print(f"\nTargets, at {top} connections{'' if top == 8 else ' (they are meant for 8)'}:")
    met = print_targets(TARGETS, rows, bare[top], top)
    print("All targets met." if met else "Some targets are not met.")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("\nInterrupted: gunicorn stopped, bench database dropped (unless kept).")
