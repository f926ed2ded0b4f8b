"""Django's Redis cache, keeping one redis-py client per connection pool.

Django builds a new `redis.Redis` for every cache operation (the pool, and so the connections,
are shared; the client object is not). Building one fills its table of ~170 response callbacks:
≈ 0.3 ms on a 2-core machine, a third of the time of a response served from the cache. Clients
are thread-safe and hold no connection of their own, so one per pool is enough.

`incr` is one round trip too (Django's asks EXISTS, then INCRBY). `count_windows` counts
several rate-limit windows in one round trip, creating each with its expiry: a public mutation
counts its address's and its partner's windows with it.

When Redis cannot be reached, the cache degrades instead of failing the request: reads are
misses, writes are dropped, and `incr` raises `CacheUnavailable` (its callers choose: the read
rate limit lets the request through, the mutation limit counts in the process). The first
failure is logged (one line, no key or value) and Redis is left alone for RETRY_SECONDS, so a
request never waits on it more than once per interval.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("hub.cache")

# How long the cache stays off after a failure, before Redis is tried again.
RETRY_SECONDS = 2.0
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class CacheUnavailable(Exception):
    """The shared cache cannot be reached (raised by `incr` only: other operations degrade)."""


# INCRBY an existing key only (a missing key must stay missing: Django's incr raises, and the
# callers then create it with its expiry).
_INCR_EXISTING = (
    "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCRBY', KEYS[1], ARGV[1]) end"
)


# Rate-limit windows, in order (KEYS; ARGV: weight and limit of each, then the expiry): INCRBY
# each, give a new one its expiry, stop at the first over its limit and return its position
# (1-based; 0: none over). The windows after it are left uncounted, as separate checks would.
_COUNT_WINDOWS = """
local expiry = ARGV[#ARGV]
for i, key in ipairs(KEYS) do
  local count = redis.call('INCRBY', key, ARGV[2 * i - 1])
  if redis.call('TTL', key) == -1 then redis.call('EXPIRE', key, expiry) end
  if count > tonumber(ARGV[2 * i]) then return i end
end
return 0
"""


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}
        self._incr_script = None
        self._windows_script = None
        self._off_until = 0.0

    # --- degrading when Redis is unreachable ---------------------------------------------
    def _soft(self, operation, default, *args):
        if time.monotonic() < self._off_until:
            return default
        try:
            return operation(*args)
        except _UNREACHABLE as error:
            self._off_until = time.monotonic() + RETRY_SECONDS
            logger.warning(
                "Cache partagé (Redis) injoignable (%s) : lectures sans cache, écritures ignorées, "
                "nouvel essai dans %.0f s.",
                type(error).__name__,
                RETRY_SECONDS,
            )
            return default

    def add(self, key, value, timeout):
        return self._soft(super().add, False, key, value, timeout)

    def get(self, key, default):
        return self._soft(super().get, default, key, default)

    def set(self, key, value, timeout):
        return self._soft(super().set, None, key, value, timeout)

    def touch(self, key, timeout):
        return self._soft(super().touch, False, key, timeout)

    def delete(self, key):
        return self._soft(super().delete, False, key)

    def get_many(self, keys):
        return self._soft(super().get_many, {}, keys)

    def has_key(self, key):
        return self._soft(super().has_key, False, key)

    def set_many(self, data, timeout):
        return self._soft(super().set_many, None, data, timeout)

    def delete_many(self, keys):
        return self._soft(super().delete_many, None, keys)

    def clear(self):
        return self._soft(super().clear, False)

    def incr(self, key, delta):
        unavailable = object()
        value = self._soft(self._incr, unavailable, key, delta)
        if value is unavailable:
            raise CacheUnavailable("shared cache unreachable")
        return value

    def _incr(self, key, delta):
        client = self.get_client(key, write=True)
        if self._incr_script is None:
            self._incr_script = client.register_script(_INCR_EXISTING)
        value = self._incr_script(keys=[key], args=[delta], client=client)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def count_windows(self, keys, weights_and_limits, timeout):
        unavailable = object()
        value = self._soft(self._count_windows, unavailable, keys, weights_and_limits, timeout)
        if value is unavailable:
            raise CacheUnavailable("shared cache unreachable")
        return value

    def _count_windows(self, keys, weights_and_limits, timeout):
        client = self.get_client(keys[0], write=True)
        if self._windows_script is None:
            self._windows_script = client.register_script(_COUNT_WINDOWS)
        args = [n for pair in weights_and_limits for n in pair] + [int(timeout)]
        return int(self._windows_script(keys=keys, args=args, client=client))

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def count_windows(self, windows: list[tuple[str, int, int]], timeout: int) -> int:
        """Counts `(key, weight, limit)` windows in order, in one round trip; the position
        (1-based) of the first over its limit, whose followers are not counted; 0 when none is.
        New windows expire after `timeout` seconds. Raises `CacheUnavailable`."""
        keys = [self.make_and_validate_key(key) for key, _weight, _limit in windows]
        return self._cache.count_windows(keys, [(w, limit) for _key, w, limit in windows], timeout)
