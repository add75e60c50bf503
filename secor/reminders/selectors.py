"""Reads for pages, the API and calendar feeds. Employer data always goes through :mod:`secor.tenancy`."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from secor.employers.models import Employer
from secor.reminders.models import (
    NO_OVERDUE_KINDS,
    CalendarFeed,
    Deadline,
    Notification,
    NotificationPreference,
    Reminder,
    ReminderPolicy,
)
from secor.reminders.schedule import occurrence_dates
from secor.tenancy import scope

# How far back a calendar feed goes: old met or missed deadlines stop cluttering the calendar.
FEED_HISTORY_DAYS = 400


def deadline_list_for(
    *, user, employer_id: int | None = None, include_resolved: bool = False
) -> QuerySet[Deadline]:
    qs = scope(Deadline.objects.select_related("employer"), user)
    if employer_id is not None:
        qs = qs.filter(employer_id=employer_id)
    if not include_resolved:
        qs = qs.filter(resolved_at__isnull=True)
    return qs.order_by("due", "pk")


def notification_list_for(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def unread_count_for(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def preference_for(*, user) -> NotificationPreference:
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)


def reminder_schedule(*, deadline: Deadline, today) -> dict:
    """A deadline's reminders as its page shows them: each planned date of the employer's policy (sent, to
    come or passed, from the ledger) and the overdue cadence. The same arithmetic as the sweep
    (:mod:`secor.reminders.schedule`)."""
    policy = policy_for(employer=deadline.employer)
    sent: dict[str, list] = {}
    for r in Reminder.objects.filter(deadline=deadline).select_related("recipient").order_by("sent_at", "pk"):
        sent.setdefault(r.occurrence, []).append(r)
    every = policy.overdue_every_days if deadline.kind not in NO_OVERDUE_KINDS else 0
    until = max(today, deadline.due)
    rows = []
    for o in occurrence_dates(deadline.due, policy.offsets, every, until):
        ledger = sent.get(o.name, [])
        done = [r for r in ledger if r.status == Reminder.Status.SENT]
        if done or ledger:
            state = "sent" if done else ledger[0].status
        elif deadline.met is True or deadline.resolved_at is not None:
            state = "not_needed"  # met or resolved: no reminder goes out any more
        else:
            state = "planned" if o.on >= today else "passed"
        rows.append({"on": o.on, "days_left": o.days_left, "state": state, "count": len(done)})
    return {"enabled": policy.enabled, "rows": rows, "overdue_every_days": every}


def policy_for(*, employer: Employer) -> ReminderPolicy:
    return ReminderPolicy.objects.filter(employer=employer).first() or ReminderPolicy(employer=employer)


def feed_list_for(*, user) -> QuerySet[CalendarFeed]:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).select_related("employer")


def active_feed(token: str) -> CalendarFeed | None:
    """The feed for a URL token, or None when unknown or revoked."""
    if not token or len(token) > 64:
        return None
    return CalendarFeed.objects.filter(token=token, revoked_at__isnull=True).select_related("user").first()


def feed_deadlines(feed: CalendarFeed) -> QuerySet[Deadline] | None:
    """The deadlines a feed shows, as its owner would see them now (access revoked → the employer drops out).
    ``None`` when an employer feed's owner can no longer see that employer (the URL then answers 404)."""
    user = feed.user
    if not user.is_active:
        return None
    qs = scope(Deadline.objects.select_related("employer"), user).filter(resolved_at__isnull=True)
    if feed.employer_id is not None:
        if not scope(Employer.objects.filter(pk=feed.employer_id), user).exists():
            return None
        qs = qs.filter(employer_id=feed.employer_id)
    since = timezone.localdate() - timedelta(days=FEED_HISTORY_DAYS)
    return qs.filter(due__gte=since).order_by("due", "pk")
