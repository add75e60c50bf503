"""Django's Redis cache backend, keeping its Redis client.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache call, and redis-py's
constructor fills a table of about 170 response callbacks each time: on the benchmark machine that was a
quarter of a millisecond per call, several times per page. ``redis.Redis`` is safe to share between threads
(each command takes a connection from the pool), so one client per connection pool serves every call. The
pools are Django's own (and redis-py resets a pool after a fork).
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(index))
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient

    def redis_client(self) -> Any:
        """The ``redis.Redis`` client (writes), for commands the cache API has not (secor.core.throttling)."""
        return self._cache.get_client(write=True)
