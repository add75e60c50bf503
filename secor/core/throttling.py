"""DRF's sliding-window throttle, kept in Redis in one round trip.

DRF's ``SimpleRateThrottle`` reads the log of recent requests (a pickled list of their times) from the cache
and writes it back whole on every request it lets through: two round trips, the log travelling both ways
(up to the rate's count of entries: 60 for the eligibility endpoint; under the benchmarks' unlimited rate,
every request of the last minute). With the Redis cache (:mod:`secor.core.cache`) the same log is a sorted
set (score = the request's time) and one script does DRF's steps: drop the entries at or before
``now - duration``, count the rest, record this request if the count is under the limit, expire the log
after ``duration``. Same decisions, same ``Retry-After`` (``tests/core/test_throttling.py`` replays one
sequence of requests through both), and atomic: requests arriving together cannot overwrite each other's
entries, as DRF's read-then-write can. Without Redis (tests, development), DRF's own code runs.
"""

from __future__ import annotations

import functools
import uuid
from typing import Any

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache import cache as default_cache

from secor.core.cache import RedisCache

# KEYS[1]: the log; ARGV: cutoff (drop scores <= it), now, limit, a unique member, expiry (seconds).
# Answers {allowed (1/0), entries before this request, the oldest entry's time (absent when none)}.
_SCRIPT = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local count = redis.call('ZCARD', KEYS[1])
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
if count < tonumber(ARGV[3]) then
    redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
    redis.call('EXPIRE', KEYS[1], ARGV[5])
    return {1, count, oldest}
end
return {0, count, oldest}
"""


@functools.cache
def _script(client: Any) -> Any:
    return client.register_script(_SCRIPT)  # EVALSHA, loading the script when Redis does not know it


class OneRoundTripMixin:
    """Put before a ``SimpleRateThrottle`` subclass: ``class T(OneRoundTripMixin, AnonRateThrottle)``."""

    _count: int | None = None  # entries in the window before this request (set by the Redis path)
    _oldest: float | None = None

    def _redis(self) -> Any | None:
        backend = caches[DEFAULT_CACHE_ALIAS] if self.cache is default_cache else self.cache
        return backend.redis_client() if isinstance(backend, RedisCache) else None

    def allow_request(self, request: Any, view: Any) -> bool:
        client = self._redis()
        if client is None or self.rate is None:
            return super().allow_request(request, view)
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        allowed, count, *oldest = _script(client)(
            keys=[self.cache.make_key(self.key) + ":log"],
            args=[
                repr(self.now - self.duration),
                repr(self.now),
                self.num_requests,
                f"{self.now!r}:{uuid.uuid4().hex}",
                self.duration,
            ],
        )
        self._count, self._oldest = int(count), float(oldest[0]) if oldest else None
        return bool(allowed)

    def wait(self) -> float | None:
        """DRF's ``wait()`` with the window read from Redis (``len(history)``, ``history[-1]``)."""
        if self._count is None:
            return super().wait()
        duration, num_requests = self.duration, self.num_requests
        remaining = duration - (self.now - self._oldest) if self._oldest is not None else duration
        available = num_requests - self._count + 1
        if available <= 0:
            return None
        return remaining / float(available)
