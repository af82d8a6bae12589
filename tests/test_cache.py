"""The cache the app servers share: Redis when CACHE_URL names one, memory otherwise."""

import os
import pickle
import socket
import uuid

import pytest
import redis

from tests.test_settings import manage


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def redis_url():
    if not redis_answers():
        if os.environ.get("CI"):
            pytest.fail("Redis must answer on 127.0.0.1:6379 in CI (.ci/run starts it).")
        pytest.skip("Redis is not running on 127.0.0.1:6379: `redis-server --daemonize yes`.")
    return "redis://127.0.0.1:6379/15"  # a database of its own, away from real data


def shell(code, **env):
    result = manage("shell", "--no-imports", "-c", code, DEBUG="1", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_without_cache_url_each_process_keeps_its_own_cache_in_memory():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    assert shell(code) == "django.core.cache.backends.locmem.LocMemCache"


def test_a_cache_url_that_is_not_redis_stops_start_up_in_one_line():
    result = manage("check", DEBUG="1", CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "CACHE_URL must be a redis:// address" in lines[0]


def test_two_app_processes_share_what_one_puts_in_a_redis_cache(redis_url):
    key, value = f"shared-{uuid.uuid4()}", str(uuid.uuid4())
    write = f"from django.core.cache import cache; cache.set({key!r}, {value!r}, 60)"
    read = f"from django.core.cache import cache; print(cache.get({key!r}))"
    shell(write, CACHE_URL=redis_url)
    assert shell(read, CACHE_URL=redis_url) == value  # another process sees it
    assert shell(read) == "None"  # a process with its own memory does not


@pytest.mark.parametrize(
    "failure",
    [
        redis.exceptions.ConnectionError("refused"),
        redis.exceptions.TimeoutError("no answer"),
        redis.exceptions.ReadOnlyError("a replica after a failover"),
        redis.exceptions.OutOfMemoryError("maxmemory reached"),
        pickle.UnpicklingError("written by another release"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_a_failing_redis_reads_as_a_miss_and_is_logged(failure, caplog):
    from careerfit.cache import ForgivingRedisCache

    backend = ForgivingRedisCache("redis://127.0.0.1:6379/15", {})

    def fail(*args, **kwargs):
        raise failure

    backend._cache.get = fail
    backend._cache.get_many = fail
    assert backend.get("key", "fallback") == "fallback"
    assert backend.get_many(["a", "b"]) == {}
    assert "Cache unreachable" in caplog.text
