"""The bench's PostgreSQL database and Redis database: recreate, drop, flush, versions."""

from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis
from psycopg import sql


def recreate_database(url: str) -> None:
    _maintain(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", "CREATE DATABASE {}")


def drop_database(url: str) -> None:
    _maintain(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")


def _maintain(url: str, *statements: str) -> None:
    """Run statements on the database named by url, connected to the server's `postgres`."""
    parts = urlsplit(url)
    name = sql.Identifier(parts.path.lstrip("/"))
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        for statement in statements:
            conn.execute(sql.SQL(statement).format(name))


def postgres_version(url: str) -> str:
    with psycopg.connect(url) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


def flush_cache(url: str) -> None:
    redis.Redis.from_url(url).flushdb()


def redis_version(url: str) -> str:
    return redis.Redis.from_url(url).info("server")["redis_version"]
