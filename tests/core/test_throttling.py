"""``secor.core.throttling``: DRF's sliding-window throttle in one Redis round trip decides exactly as DRF's
own (the eligibility endpoint's throttle, against the test Redis database, next to DRF's on a local cache)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from rest_framework.throttling import AnonRateThrottle

from secor.core.cache import RedisCache
from secor.employers.api import EligibilityThrottle
from tests.conftest import redis_available, require_service

START = 1_764_600_000.123456
# Seconds after START: a burst, the window sliding past its oldest entries, a quiet spell, another burst.
TIMES = [0, 0.5, 1, 1.5, 2, 30, 59.9, 60, 60.0001, 60.5, 61, 61.5, 62, 90, 121, 122, 122.25, 122.5, 400, 400]


def request(address: str) -> SimpleNamespace:
    return SimpleNamespace(user=None, headers={}, META={"REMOTE_ADDR": address})


class DRFThrottle(AnonRateThrottle):
    rate = "4/min"


class OurThrottle(EligibilityThrottle):
    rate = "4/min"


@pytest.fixture
def redis_cache():
    require_service(redis_available(), "Redis (REDIS_URL)")
    backend = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": "test-throttling"})
    yield backend
    backend.redis_client().delete(*backend.redis_client().keys("test-throttling:*") or ["none"])


def answers(throttle_class, cache, address: str) -> list[tuple[bool, float | None]]:
    out = []
    for offset in TIMES:
        throttle = throttle_class()
        throttle.cache = cache
        throttle.timer = lambda offset=offset: START + offset
        allowed = throttle.allow_request(request(address), view=None)
        out.append((allowed, None if allowed else throttle.wait()))
    return out


def test_same_decisions_and_retry_after_as_drf(redis_cache):
    ours = answers(OurThrottle, redis_cache, "10.0.0.1")
    drf = answers(DRFThrottle, LocMemCache("drf", {}), "10.0.0.1")
    assert ours == drf
    assert [allowed for allowed, _ in ours].count(False) >= 5  # the limit was reached, more than once
    assert redis_cache.redis_client().exists(redis_cache.make_key("throttle_eligibility_10.0.0.1") + ":log")


def test_each_client_address_has_its_own_window(redis_cache):
    first = answers(OurThrottle, redis_cache, "10.0.0.2")
    assert answers(OurThrottle, redis_cache, "10.0.0.3") == first


def test_without_redis_drfs_own_code_runs():
    throttle = OurThrottle()
    throttle.cache = LocMemCache("local", {})
    throttle.timer = lambda: START
    assert throttle.allow_request(request("10.0.0.4"), view=None)
    assert throttle.cache.get("throttle_eligibility_10.0.0.4") == [START]
