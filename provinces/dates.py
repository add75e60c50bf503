"""Date arithmetic for the SECOR rules: defined once, here, and documented in ``docs/rules.md``.

No source states how its day and month counts are taken (program-rules.md §6 open question 13), so these are
the product's own conventions:

1. **Adding months clamps to the month end.** ``add_months(date(2024, 8, 31), 1) == date(2024, 9, 30)`` and
   ``add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)``. The day never "rolls over" into the next month.
2. **"Within N months of X" / "by N months after X"** gives the due date ``add_months(X, N)``; an action on
   the
   due date is on time (the due date is inclusive).
3. **"At least N days before X"** means the earlier event happened on or before ``X - N days``; equivalently
   the
   later event may start on or after ``earlier + N days`` (a notice sent on 1 March allows an audit from 15
   March).
4. **"Within N days after X"** gives the due date ``X + N days`` (inclusive).
5. **"Must not exceed N days (start to completion)"** counts both ends: the last allowed completion day is
   ``start + (N - 1) days`` (a 15-day window starting on the 1st ends on the 15th).
6. **Look-back windows** ("at any time in the past 12 months") include both ends:
   ``[add_months(as_of, -12), as_of]``.
7. **Employment periods** run from ``start`` (inclusive) to ``end`` (exclusive): a person whose ``end`` is on
   or before the as-of date has left and satisfies nothing.
8. **Validity**: something valid for N months from ``d`` is valid up to and including ``add_months(d, N)``.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date, timedelta

__all__ = [
    "add_days",
    "add_months",
    "add_years",
    "days_between",
    "first_on_or_after",
    "is_active_on",
    "iter_month_starts",
    "last_day_of_month",
    "lookback_start",
    "month_start",
    "notice_is_sufficient",
    "period_end_inclusive",
    "whole_months_between",
]


def last_day_of_month(d: date) -> date:
    """The last calendar day of ``d``'s month (28, 29, 30 or 31)."""
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def month_start(d: date) -> date:
    """The first day of ``d``'s month."""
    return d.replace(day=1)


def add_months(d: date, months: int) -> date:
    """``d`` plus ``months`` calendar months (negative to go back), clamped to the last day of the month.

    2024-08-31 + 1 month = 2024-09-30; 2024-02-29 + 12 months = 2025-02-28; 2023-02-28 + 12 = 2024-02-28.
    """
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(d.day, last))


def add_years(d: date, years: int) -> date:
    """``d`` plus ``years`` years, as ``add_months(d, 12 * years)`` (29 February becomes 28 February)."""
    return add_months(d, 12 * years)


def add_days(d: date, days: int) -> date:
    """``d`` plus ``days`` calendar days."""
    return d + timedelta(days=days)


def days_between(earlier: date, later: date) -> int:
    """Calendar days from ``earlier`` to ``later`` (``later - earlier``; negative if reversed)."""
    return (later - earlier).days


def whole_months_between(start: date, end: date) -> int:
    """The largest ``n >= 0`` with ``add_months(start, n) <= end`` (0 when ``end < start``).

    2024-01-31 → 2024-02-29 is 1 whole month (the month-end clamp); 2024-01-15 → 2024-02-14 is 0.
    """
    if end < start:
        return 0
    n = (end.year - start.year) * 12 + (end.month - start.month)
    while n > 0 and add_months(start, n) > end:
        n -= 1
    return n


def notice_is_sufficient(notice_sent_on: date, starts_on: date, days: int) -> bool:
    """True when a notice sent on ``notice_sent_on`` was sent at least ``days`` days before ``starts_on``,
    i.e. ``starts_on >= notice_sent_on + days``."""
    return starts_on >= add_days(notice_sent_on, days)


def period_end_inclusive(start: date, days: int) -> date:
    """Last day of a period of ``days`` days that counts its first day as day 1 (15 days from the 1st → the
    15th)."""
    if days < 1:
        raise ValueError("a period has at least one day")
    return add_days(start, days - 1)


def lookback_start(as_of: date, months: int) -> date:
    """First day of the inclusive look-back window ``[add_months(as_of, -months), as_of]``."""
    return add_months(as_of, -months)


def is_active_on(start: date | None, end: date | None, on: date) -> bool:
    """Employment from ``start`` (inclusive; ``None`` = unknown, treated as always) to ``end`` (exclusive)."""
    return (start is None or start <= on) and (end is None or on < end)


def iter_month_starts(first: date, last: date) -> Iterator[date]:
    """First days of every month from ``first``'s month to ``last``'s month, both included."""
    current = month_start(first)
    stop = month_start(last)
    while current <= stop:
        yield current
        current = add_months(current, 1)


def first_on_or_after(d: date, month_days: tuple[tuple[int, int], ...]) -> date:
    """The first of the given (month, day) dates that falls on or after ``d``, looking in ``d``'s year and the
    next. Used for BCFSC's "30 June or 31 December, whichever comes first"."""
    candidates = sorted(date(year, month, day) for year in (d.year, d.year + 1) for month, day in month_days)
    return next(c for c in candidates if c >= d)
