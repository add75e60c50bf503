"""Plain date arithmetic of the employer's program schedules (no Django, typed).

A schedule says "every N weeks" or "every N months". The activity is **due** N weeks/months after it was last
done (or after the schedule started, if it was never done since); it is **overdue** the day after that.

The **implemented since** date of a scheduled activity is the start of its current unbroken run: the first of
the records after which each next record came on or before its due date and the latest one is not overdue
today. A record done after its due date starts a new run; an activity overdue today has no run (it is not
implemented now). These are our definitions (docs/safety-program.md), not partner rules: the partners ask for
the program to be implemented and documented for a number of months, the employer chooses how often.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from provinces.dates import add_months

WEEK = "week"
MONTH = "month"


def add_interval(start: date, every: int, unit: str) -> date:
    """``start`` plus ``every`` weeks or months (months as in :func:`provinces.dates.add_months`: the 31st
    plus one month is the last day of a shorter month)."""
    if every < 1:
        raise ValueError("a schedule repeats at least every 1 week or month")
    if unit == WEEK:
        return start + timedelta(weeks=every)
    if unit == MONTH:
        return add_months(start, every)
    raise ValueError(f"unknown schedule unit {unit!r}")


def next_due(last_done: date | None, starts_on: date, every: int, unit: str) -> date:
    """When the activity is next due: ``every`` after it was last done, or after the schedule started when
    it was not done since."""
    base = last_done if last_done is not None and last_done >= starts_on else starts_on
    return add_interval(base, every, unit)


def is_overdue(due: date, as_of: date) -> bool:
    return as_of > due


def implemented_since(done_on: Iterable[date], every: int, unit: str, as_of: date) -> date | None:
    """The first day of the current unbroken run of records (see the module docstring), or None."""
    dates = sorted({d for d in done_on if d <= as_of})
    if not dates:
        return None
    run_start = dates[0]
    for previous, current in zip(dates, dates[1:], strict=False):
        if current > add_interval(previous, every, unit):
            run_start = current
    if is_overdue(add_interval(dates[-1], every, unit), as_of):
        return None
    return run_start


def latest_start(starts: Iterable[date | None]) -> date | None:
    """The program is implemented since the latest of its activities' starts (None if any is not)."""
    values = list(starts)
    if not values or any(v is None for v in values):
        return None
    return max(v for v in values if v is not None)


def full_months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (``add_months(start, n) <= end``)."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and add_months(start, months) > end:
        months -= 1
    return months
