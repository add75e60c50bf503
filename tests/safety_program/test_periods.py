"""The schedule date arithmetic (plain Python, no database): due dates, overdue, implemented-since runs."""

from __future__ import annotations

from datetime import date

import pytest

from safety_program import periods as p


@pytest.mark.parametrize(
    ("start", "every", "unit", "expected"),
    [
        (date(2025, 1, 31), 1, "month", date(2025, 2, 28)),
        (date(2024, 1, 31), 1, "month", date(2024, 2, 29)),  # leap year
        (date(2024, 2, 29), 12, "month", date(2025, 2, 28)),
        (date(2025, 12, 15), 1, "month", date(2026, 1, 15)),
        (date(2025, 2, 24), 1, "week", date(2025, 3, 3)),
        (date(2024, 2, 26), 2, "week", date(2024, 3, 11)),
    ],
)
def test_add_interval(start, every, unit, expected):
    assert p.add_interval(start, every, unit) == expected


def test_add_interval_refuses_nonsense():
    with pytest.raises(ValueError, match="at least every 1"):
        p.add_interval(date(2025, 1, 1), 0, "month")
    with pytest.raises(ValueError, match="unknown"):
        p.add_interval(date(2025, 1, 1), 1, "fortnight")


def test_next_due_counts_from_the_last_record_or_the_schedule_start():
    assert p.next_due(None, date(2025, 1, 1), 1, "month") == date(2025, 2, 1)
    assert p.next_due(date(2025, 1, 20), date(2025, 1, 1), 1, "month") == date(2025, 2, 20)
    # a record from before the schedule started does not count towards it
    assert p.next_due(date(2024, 12, 20), date(2025, 1, 1), 1, "month") == date(2025, 2, 1)


def test_overdue_the_day_after_the_due_date():
    due = date(2025, 2, 10)
    assert not p.is_overdue(due, date(2025, 2, 9))
    assert not p.is_overdue(due, due)
    assert p.is_overdue(due, date(2025, 2, 11))


def test_a_record_on_its_due_date_keeps_the_run_a_day_late_starts_a_new_one():
    on_time = [date(2025, 1, 10), date(2025, 2, 10), date(2025, 3, 10)]
    assert p.implemented_since(on_time, 1, "month", date(2025, 3, 20)) == date(2025, 1, 10)
    late = [date(2025, 1, 10), date(2025, 2, 11), date(2025, 3, 10)]
    assert p.implemented_since(late, 1, "month", date(2025, 3, 20)) == date(2025, 2, 11)


def test_an_activity_overdue_today_is_not_implemented():
    records = [date(2025, 1, 10), date(2025, 2, 10)]
    assert p.implemented_since(records, 1, "month", date(2025, 3, 10)) == date(2025, 1, 10)
    assert p.implemented_since(records, 1, "month", date(2025, 3, 11)) is None
    assert p.implemented_since([], 1, "month", date(2025, 3, 11)) is None
    # records after the day asked about are ignored
    assert p.implemented_since([date(2025, 4, 1)], 1, "month", date(2025, 3, 1)) is None


def test_the_program_is_implemented_since_its_latest_activity_start():
    assert p.latest_start([date(2025, 1, 1), date(2025, 3, 1)]) == date(2025, 3, 1)
    assert p.latest_start([date(2025, 1, 1), None]) is None
    assert p.latest_start([]) is None


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2025, 1, 31), date(2025, 2, 28), 1),
        (date(2025, 1, 31), date(2025, 2, 27), 0),
        (date(2024, 2, 29), date(2025, 2, 28), 12),
        (date(2025, 1, 15), date(2025, 4, 14), 2),
        (date(2025, 1, 15), date(2025, 4, 15), 3),
        (date(2025, 5, 1), date(2025, 4, 1), 0),
    ],
)
def test_full_months_between(start, end, months):
    assert p.full_months_between(start, end) == months
