from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.conf import settings


def at_noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


@pytest.fixture
def travel():
    """``travel(day)`` moves the clock to noon local time on ``day`` (stays there until the next call)."""
    current = {}

    def go(day: dt.date):
        if "t" in current:
            current["t"].stop()
        when = day if isinstance(day, dt.datetime) else at_noon(day)
        current["t"] = time_machine.travel(when, tick=False)
        current["t"].start()

    yield go
    if "t" in current:
        current["t"].stop()


@pytest.fixture(autouse=True)
def _working_urlconf(settings):
    """Use the project's URLconf; if another area's URLs do not import yet, fall back to ours alone."""
    import importlib

    try:
        importlib.import_module(settings.ROOT_URLCONF).urlpatterns  # noqa: B018
        from django.urls import reverse

        reverse("reminders:notifications")
    except Exception:  # noqa: BLE001
        settings.ROOT_URLCONF = "tests.reminders.urls"
