"""``secor.core.cache.RedisCache`` (production's cache): Django's Redis cache with one client object reused,
against the test Redis database. Same commands, same answers."""

from __future__ import annotations

import pytest
from django.conf import settings

from secor.core.cache import RedisCache
from tests.conftest import redis_available, require_service


@pytest.fixture
def cache():
    require_service(redis_available(), "Redis (REDIS_URL)")
    backend = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": "test-cache-backend"})
    yield backend
    backend.delete_many(["history", "count", "a"])  # not clear(): the database is the worker's broker too


def test_reads_and_writes_like_djangos(cache):
    assert cache.get("history") is None
    cache.set("history", [2.5, 1.0], 60)
    assert cache.get("history") == [2.5, 1.0]
    assert cache.add("history", [], 60) is False
    cache.set("count", 1, 60)
    assert cache.incr("count") == 2
    assert cache.delete("history") is True
    assert cache.get("history", "gone") == "gone"


def test_one_client_serves_every_call(cache):
    cache.set("a", 1, 60)
    assert cache._cache.get_client("a", write=True) is cache._cache.get_client("b", write=True)
