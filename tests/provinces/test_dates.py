"""Boundaries of the date conventions in provinces/dates.py (documented in docs/rules.md)."""

from __future__ import annotations

from datetime import date

import pytest

from provinces import dates


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param(date(2024, 8, 31), 1, date(2024, 9, 30), id="31-aug+1-clamps-to-30-sep"),
        pytest.param(date(2024, 8, 31), 6, date(2025, 2, 28), id="31-aug+6-clamps-to-28-feb"),
        pytest.param(date(2023, 8, 31), 6, date(2024, 2, 29), id="31-aug+6-leap-year-29-feb"),
        pytest.param(date(2024, 8, 31), 12, date(2025, 8, 31), id="31-aug+12"),
        pytest.param(date(2024, 2, 29), 12, date(2025, 2, 28), id="29-feb+12-clamps"),
        pytest.param(date(2024, 2, 29), 48, date(2028, 2, 29), id="29-feb+48-leap-again"),
        pytest.param(date(2024, 1, 31), 1, date(2024, 2, 29), id="31-jan+1-leap"),
        pytest.param(date(2023, 1, 31), 1, date(2023, 2, 28), id="31-jan+1-non-leap"),
        pytest.param(date(2024, 3, 31), -1, date(2024, 2, 29), id="31-mar-1-back"),
        pytest.param(date(2024, 12, 15), 1, date(2025, 1, 15), id="year-rollover"),
        pytest.param(date(2025, 1, 15), -1, date(2024, 12, 15), id="year-rollback"),
        pytest.param(date(2024, 5, 10), 0, date(2024, 5, 10), id="zero"),
        pytest.param(date(2024, 8, 31), 18, date(2026, 2, 28), id="sk-18-months-from-31-aug"),
        pytest.param(date(2024, 2, 29), 8, date(2024, 10, 29), id="sk-8-months-from-29-feb"),
        pytest.param(date(2024, 10, 31), -4, date(2024, 6, 30), id="4-months-before-31-oct"),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert dates.add_months(start, months) == expected


def test_add_years_leap_day() -> None:
    assert dates.add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert dates.add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert dates.add_years(date(2023, 3, 1), 1) == date(2024, 3, 1)


@pytest.mark.parametrize(
    ("notice", "start", "ok"),
    [
        pytest.param(date(2024, 3, 1), date(2024, 3, 14), False, id="13-days-too-short"),
        pytest.param(date(2024, 3, 1), date(2024, 3, 15), True, id="14-days-exactly"),
        pytest.param(date(2024, 3, 1), date(2024, 3, 16), True, id="15-days"),
        pytest.param(date(2024, 2, 15), date(2024, 2, 29), True, id="14-days-into-leap-day"),
        pytest.param(date(2023, 12, 25), date(2024, 1, 8), True, id="14-days-across-new-year"),
    ],
)
def test_notice_is_sufficient(notice: date, start: date, ok: bool) -> None:
    assert dates.notice_is_sufficient(notice, start, 14) is ok


def test_period_end_inclusive() -> None:
    assert dates.period_end_inclusive(date(2024, 3, 1), 15) == date(2024, 3, 15)
    assert dates.period_end_inclusive(date(2024, 2, 20), 15) == date(2024, 3, 5)  # leap February
    assert dates.period_end_inclusive(date(2024, 3, 1), 1) == date(2024, 3, 1)
    with pytest.raises(ValueError, match="at least one day"):
        dates.period_end_inclusive(date(2024, 3, 1), 0)


def test_last_day_and_month_start() -> None:
    assert dates.last_day_of_month(date(2024, 2, 3)) == date(2024, 2, 29)
    assert dates.last_day_of_month(date(2023, 2, 3)) == date(2023, 2, 28)
    assert dates.last_day_of_month(date(2024, 12, 1)) == date(2024, 12, 31)
    assert dates.month_start(date(2024, 8, 31)) == date(2024, 8, 1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(date(2024, 1, 31), date(2024, 2, 29), 1, id="month-end-clamp-counts-whole-month"),
        pytest.param(date(2024, 1, 15), date(2024, 2, 14), 0, id="day-before-one-month"),
        pytest.param(date(2024, 1, 15), date(2024, 2, 15), 1, id="exactly-one-month"),
        pytest.param(date(2024, 5, 31), date(2024, 8, 30), 2, id="day-before-three-months"),
        pytest.param(date(2024, 5, 31), date(2024, 8, 31), 3, id="three-months"),
        pytest.param(date(2024, 5, 31), date(2024, 4, 30), 0, id="end-before-start"),
    ],
)
def test_whole_months_between(start: date, end: date, expected: int) -> None:
    assert dates.whole_months_between(start, end) == expected


def test_lookback_window_includes_both_ends() -> None:
    assert dates.lookback_start(date(2026, 11, 22), 12) == date(2025, 11, 22)
    assert dates.lookback_start(date(2025, 2, 28), 12) == date(2024, 2, 28)


@pytest.mark.parametrize(
    ("start", "end", "on", "active"),
    [
        pytest.param(date(2024, 1, 1), None, date(2023, 12, 31), False, id="day-before-start"),
        pytest.param(date(2024, 1, 1), None, date(2024, 1, 1), True, id="start-day"),
        pytest.param(date(2024, 1, 1), date(2024, 6, 1), date(2024, 5, 31), True, id="day-before-end"),
        pytest.param(date(2024, 1, 1), date(2024, 6, 1), date(2024, 6, 1), False, id="end-day-has-left"),
        pytest.param(None, None, date(1990, 1, 1), True, id="unknown-start"),
    ],
)
def test_is_active_on(start: date | None, end: date | None, on: date, active: bool) -> None:
    assert dates.is_active_on(start, end, on) is active


def test_iter_month_starts() -> None:
    months = list(dates.iter_month_starts(date(2024, 11, 30), date(2025, 2, 1)))
    assert months == [date(2024, 11, 1), date(2024, 12, 1), date(2025, 1, 1), date(2025, 2, 1)]


@pytest.mark.parametrize(
    ("anniversary", "expected"),
    [
        pytest.param(date(2025, 3, 10), date(2025, 6, 30), id="march-slips-to-30-june"),
        pytest.param(date(2025, 7, 21), date(2025, 12, 31), id="july-slips-to-31-december"),
        pytest.param(date(2025, 6, 30), date(2025, 6, 30), id="on-30-june-same-day"),
        pytest.param(date(2025, 7, 1), date(2025, 12, 31), id="1-july-to-31-december"),
        pytest.param(date(2025, 12, 31), date(2025, 12, 31), id="on-31-december"),
    ],
)
def test_first_on_or_after_bcfsc(anniversary: date, expected: date) -> None:
    assert dates.first_on_or_after(anniversary, ((6, 30), (12, 31))) == expected


def test_days_between() -> None:
    assert dates.days_between(date(2024, 2, 28), date(2024, 3, 1)) == 2
    assert dates.add_days(date(2024, 2, 28), 1) == date(2024, 2, 29)
