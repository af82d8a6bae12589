"""The benchmark's settings, from BENCH_* environment variables, and the server's environment."""

import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

# How the connections of a concurrent run reach both workers (BENCH_SPREAD).
SPREADS = {
    "reuseport": "gunicorn --reuse-port: a listening socket per worker, the kernel hashes each "
    "new connection to one; keep-alive connections",
    "close": 'one shared socket, wrk sends "Connection: close": a new connection per request, '
    "taken by whichever worker accepts first",
    "none": "as the Dockerfile: one shared socket, keep-alive connections",
}


@dataclass(frozen=True)
class Config:
    seconds: int  # per run
    rounds: int
    warmup: int  # seconds per page
    connections: list[int]
    urls: str  # spread: many users' URLs; one: a single URL per page
    spread: str  # a key of SPREADS
    users: int
    keep_db: bool
    database_url: str
    cache_url: str

    @classmethod
    def from_env(cls) -> "Config":
        env = os.environ.get
        config = cls(
            seconds=int(env("BENCH_SECONDS", "5")),
            rounds=int(env("BENCH_ROUNDS", "3")),
            warmup=int(env("BENCH_WARMUP", "1")),
            connections=[int(c) for c in env("BENCH_CONNECTIONS", "1,8").split(",")],
            urls=env("BENCH_URLS", "spread"),
            spread=env("BENCH_SPREAD", "reuseport"),
            users=int(env("BENCH_USERS", "1000")),
            keep_db=env("BENCH_KEEP_DB", "0") == "1",
            database_url=env(
                "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/careerfit_bench"
            ),
            cache_url=env("BENCH_CACHE_URL", "redis://127.0.0.1:6379/9"),
        )
        config.check()
        return config

    def check(self) -> None:
        """Refuse settings that could wipe real data or make no sense."""
        if "bench" not in self.database_name:
            sys.exit(f"The bench drops its database: {self.database_name!r} must contain 'bench'.")
        if urlsplit(self.cache_url).path.strip("/") in ("", "0"):
            sys.exit("The bench flushes its Redis database: name one other than 0.")
        if self.urls not in ("spread", "one"):
            sys.exit("BENCH_URLS is spread or one.")
        if self.spread not in SPREADS:
            sys.exit(f"BENCH_SPREAD is one of {', '.join(SPREADS)}.")
        if min(self.seconds, self.rounds, self.warmup, *self.connections) < 1:
            sys.exit("BENCH_SECONDS, BENCH_ROUNDS, BENCH_WARMUP and connections must be ≥ 1.")

    @property
    def database_name(self) -> str:
        return urlsplit(self.database_url).path.lstrip("/")

    def server_env(self, static_root: Path) -> dict[str, str]:
        """Production settings over plain http (in production a TLS proxy redirects)."""
        return {
            "DJANGO_SETTINGS_MODULE": "scripts.loadbench.settings",
            "DEBUG": "0",
            "SECRET_KEY": f"bench-{secrets.token_urlsafe(40)}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": self.database_url,
            "CACHE_URL": self.cache_url,
            "BENCH_STATIC_ROOT": str(static_root),
        }
