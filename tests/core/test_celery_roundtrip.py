"""A real Celery task through the real Redis broker to a real worker process, and back."""

import pytest

from secor.celery import ping

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_task_round_trip_through_redis_to_a_worker_process(celery_worker_process):
    app = celery_worker_process["app"]
    assert app.conf.broker_url.startswith("redis://")
    result = ping.delay("hello from the test")
    assert result.get(timeout=30) == "hello from the test"
    # The answer came from the worker process, not from an eager call in this one.
    assert result.status == "SUCCESS"
    assert celery_worker_process["process"].poll() is None
