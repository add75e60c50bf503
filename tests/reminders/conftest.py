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
