"""Occurrence arithmetic (pure): which reminder is current on a day, at every boundary."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from secor.reminders.schedule import current_occurrence, occurrence_dates

DUE = date(2027, 3, 1)
OFFSETS = [90, 30, 7, 1, 0]


def current(day_offset: int, **kw):
    kw.setdefault("offsets", OFFSETS)
    kw.setdefault("overdue_every_days", 7)
    occ = current_occurrence(DUE, DUE + timedelta(days=day_offset), **kw)
    return occ.name if occ else None


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(-91, None, id="day-before-first-offset"),
        pytest.param(-90, "before-90", id="day-of-90"),
        pytest.param(-89, "before-90", id="day-after-90"),
        pytest.param(-31, "before-90", id="day-before-30"),
        pytest.param(-30, "before-30", id="day-of-30"),
        pytest.param(-29, "before-30", id="day-after-30"),
        pytest.param(-8, "before-30", id="day-before-7"),
        pytest.param(-7, "before-7", id="day-of-7"),
        pytest.param(-6, "before-7", id="day-after-7"),
        pytest.param(-2, "before-7", id="day-before-1"),
        pytest.param(-1, "before-1", id="day-of-1"),
        pytest.param(0, "before-0", id="due-day"),
        pytest.param(1, "before-0", id="day-after-due"),
        pytest.param(6, "before-0", id="day-before-first-overdue"),
        pytest.param(7, "overdue-1", id="first-overdue"),
        pytest.param(8, "overdue-1", id="day-after-first-overdue"),
        pytest.param(13, "overdue-1", id="day-before-second-overdue"),
        pytest.param(14, "overdue-2", id="second-overdue"),
        pytest.param(70, "overdue-10", id="tenth-overdue"),
    ],
)
def test_current_occurrence_at_boundaries(day, expected):
    assert current(day) == expected


def test_no_overdue_when_disabled():
    assert current(30, overdue_every_days=0) == "before-0"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(-1, "before-1", id="day-before"),
        pytest.param(0, "before-0", id="day-of"),
        pytest.param(1, None, id="day-after"),
        pytest.param(30, None, id="long-after"),
    ],
)
def test_not_before_dates_are_news_on_the_day_and_never_overdue(day, expected):
    """An earliest date (history minimum, re-registration wait) that has passed sends nothing late."""
    assert current(day, allow_overdue=False) == expected


def test_custom_offsets_without_due_day():
    assert current(-14, offsets=[60, 14]) == "before-14"
    assert current(0, offsets=[60, 14]) == "before-14"
    assert current(7, offsets=[60, 14]) == "overdue-1"


def test_occurrence_dates_lists_each_reminder_once_in_order():
    occ = occurrence_dates(DUE, OFFSETS, 7, DUE + timedelta(days=21))
    assert [o.name for o in occ] == [
        "before-90",
        "before-30",
        "before-7",
        "before-1",
        "before-0",
        "overdue-1",
        "overdue-2",
        "overdue-3",
    ]
    assert [o.on for o in occ] == sorted(o.on for o in occ)
