"""A Redis cache that a Redis outage cannot turn into an error page.

Everything the app keeps in the cache can be lost: computed results are computed again and
rate-limit counters start over (sessions live in the database). So when Redis cannot be
reached or refuses a command (out of memory, a read-only replica after a failover), a read is a
miss and a write is skipped, each logged, and the page is served from the database; an entry
that no longer unpickles (written by another release) is a miss too. Short socket timeouts (set
in settings) keep a hung server from holding requests for long.
"""

import functools
import logging
import pickle

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

_UNREACHABLE = (RedisError,)
# What reading an entry pickled by another release of the code can raise.
_UNREADABLE = (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError)


def _forgiving(fallback, errors=_UNREACHABLE):
    """Wrap a cache method: when Redis fails, log and return `fallback(args)`."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except errors as exc:
                log.warning("Cache unreachable, %s skipped: %s", method.__name__, exc)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def _default(key, default=None, version=None):
    return default


class ForgivingRedisCache(RedisCache):
    get = _forgiving(_default, _UNREACHABLE + _UNREADABLE)(RedisCache.get)
    get_many = _forgiving(lambda *a, **k: {}, _UNREACHABLE + _UNREADABLE)(RedisCache.get_many)
    has_key = _forgiving(lambda *a, **k: False)(RedisCache.has_key)
    # A skipped add reports success, so a rate limit lets the request through while Redis is
    # away rather than refusing everyone.
    add = _forgiving(lambda *a, **k: True)(RedisCache.add)
    set = _forgiving(lambda *a, **k: None)(RedisCache.set)
    set_many = _forgiving(lambda *a, **k: [])(RedisCache.set_many)
    touch = _forgiving(lambda *a, **k: False)(RedisCache.touch)
    delete = _forgiving(lambda *a, **k: False)(RedisCache.delete)
    delete_many = _forgiving(lambda *a, **k: None)(RedisCache.delete_many)
    incr = _forgiving(lambda key, delta=1, version=None: delta)(RedisCache.incr)
    clear = _forgiving(lambda *a, **k: False)(RedisCache.clear)
