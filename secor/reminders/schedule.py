"""When reminders for one deadline are due: pure date arithmetic, no database.

A policy is a list of offsets (days before the due date; 0 = on the day) and an overdue interval (every N
days after the due date while the deadline is not met; 0 = never). Each reminder is an *occurrence* with a
stable name, the second part of the ledger's unique key:

- ``before-<days>``: ``days`` before the due date (``before-0`` on the day);
- ``overdue-<n>``: the n-th overdue reminder, ``n * every`` days after the due date.

On a given day the *current* occurrence is the latest one whose date has come. The sweep sends it unless the
ledger already has it. So a sweep that did not run for a few days catches up with the one reminder that
matters now (not with every reminder it missed), and a deadline that appears late (say 60 days before it is
due) gets the reminder of the window it is in straight away.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Occurrence:
    name: str
    on: date
    days_left: int  # negative when overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def occurrence_dates(
    due: date, offsets: list[int] | tuple[int, ...], overdue_every_days: int, until: date
) -> list[Occurrence]:
    """Every occurrence up to ``until`` (inclusive), in date order."""
    out = [Occurrence(f"before-{o}", due - timedelta(days=o), o) for o in sorted(set(offsets), reverse=True)]
    out = [o for o in out if o.on <= until]
    if overdue_every_days > 0:
        n = 1
        while (on := due + timedelta(days=n * overdue_every_days)) <= until:
            out.append(Occurrence(f"overdue-{n}", on, (due - on).days))
            n += 1
    return out


def current_occurrence(
    due: date,
    today: date,
    *,
    offsets: list[int] | tuple[int, ...],
    overdue_every_days: int,
    allow_overdue: bool = True,
) -> Occurrence | None:
    """The occurrence that should have been sent by ``today`` (the latest one whose date has come), or None
    before the first one."""
    if not allow_overdue and today > due:
        # A "not before" date that has passed is no longer news: no late catch-up ("overdue by 92 days" for
        # an earliest-application date that simply arrived while nobody was enrolled in reminders).
        return None
    current: Occurrence | None = None
    for o in sorted(set(offsets), reverse=True):
        on = due - timedelta(days=o)
        if on <= today:
            current = Occurrence(f"before-{o}", on, o)
    if allow_overdue and overdue_every_days > 0 and today > due:
        n = (today - due).days // overdue_every_days
        if n >= 1:
            on = due + timedelta(days=n * overdue_every_days)
            current = Occurrence(f"overdue-{n}", on, (due - on).days)
    return current
