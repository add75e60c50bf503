"""Deadlines and reminders: the daily sweep, delivery of e-mails and digests, and the users' own settings.

The sweep (:func:`run_sweep`) is the same code whether Celery beat runs it (``tasks.daily_sweep``) or the
``run_sweep`` management command does (the embedded default without Redis). It is safe to run twice, and
two copies may run at the same time: every reminder goes through the ledger (``Reminder``), whose row is
inserted and claimed *before* anything is sent.
"""

from __future__ import annotations

import itertools
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from secor.accounts.auth import forget_unread
from secor.core.citations import public_text
from secor.core.exceptions import ApplicationError
from secor.employers.models import Employer
from secor.reminders import unsubscribe
from secor.reminders.emails import make_message
from secor.reminders.models import (
    NO_OVERDUE_KINDS,
    CalendarFeed,
    Deadline,
    Digest,
    Notification,
    NotificationPreference,
    Reminder,
    ReminderPolicy,
    default_offsets,
    kind_label,
)
from secor.reminders.schedule import current_occurrence
from secor.reminders.sources import DeadlineRow, all_deadlines, employers_for_sweep

logger = logging.getLogger(__name__)

DATA_FIELDS = ("enrolment_id", "person_ref", "origin", "kind", "title", "due", "consequence", "source", "met")


def _setting(name: str, default):
    return getattr(settings, name, default)


def chunk_size() -> int:
    return int(_setting("REMINDER_SWEEP_CHUNK", 200))


def stale_after() -> timedelta:
    """A claim older than this was abandoned (the worker died): the next sweep takes the row again. Longer
    than a send task's whole retry schedule, so a retrying task is normally left alone (and if not, the
    row lock in :func:`deliver_reminder` still lets only one of them send)."""
    return timedelta(minutes=int(_setting("REMINDER_CLAIM_TIMEOUT_MINUTES", 60)))


def max_attempts() -> int:
    return int(_setting("REMINDER_MAX_ATTEMPTS", 20))


@dataclass
class SweepStats:
    employers: int = 0
    statuses_recomputed: int = 0
    employer_errors: int = 0
    deadlines_created: int = 0
    deadlines_updated: int = 0
    deadlines_resolved: int = 0
    reminders_created: int = 0
    reminders_claimed: int = 0
    reminders_reclaimed: int = 0
    notifications: int = 0
    emails_dispatched: int = 0
    digests_dispatched: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _batched(iterable: Iterable[int], size: int) -> Iterator[list[int]]:
    it = iter(iterable)
    while batch := list(itertools.islice(it, size)):
        yield batch


# ----------------------------------------------------------------------------------------------------------
# The sweep
# ----------------------------------------------------------------------------------------------------------


def run_sweep(*, today: date | None = None, chunk: int | None = None, dispatch: bool = True) -> SweepStats:
    """Refresh every employer's deadlines and send the reminders that are due.

    1. Walk the live employers' ids in chunks (a server-side cursor; memory stays bounded by the chunk).
    2. Per chunk: recompute the stored status of each employer whose row does not answer for today, and
       from the same evaluation upsert its deadlines and mark vanished ones resolved
       (:func:`refresh_statuses`, :func:`refresh_deadlines`).
    3. Per chunk: compute today's occurrence of every open deadline for every recipient, insert the missing
       ledger rows (``ON CONFLICT DO NOTHING``), claim the pending ones with a conditional UPDATE, store the
       in-app notices and dispatch one e-mail task per single-message row (:func:`queue_reminders`).
    4. Take over ledger rows claimed by a sweep that died (:func:`reclaim_stale`).
    5. Gather digest rows into today's digest per user and dispatch those (:func:`queue_digests`).
    """
    today = today or timezone.localdate()
    size = chunk or chunk_size()
    token = uuid.uuid4().hex
    stats = SweepStats()
    ids = Employer.objects.alive().order_by("pk").values_list("pk", flat=True).iterator(chunk_size=size)
    for batch in _batched(ids, size):
        refresh_statuses(employer_ids=batch, today=today, stats=stats)
        queue_reminders(employer_ids=batch, today=today, token=token, stats=stats, dispatch=dispatch)
    reclaim_stale(token=token, stats=stats, dispatch=dispatch)
    queue_digests(today=today, stats=stats, dispatch=dispatch)
    logger.info("deadline sweep for %s: %s", today, stats.as_dict())
    return stats


def refresh_statuses(*, employer_ids: list[int], today: date, stats: SweepStats) -> None:
    """Step 2 of the sweep: recompute the stored status (and, from the same evaluation, the deadlines) of
    the employers whose row does not answer for ``today``; a row still current (no change of records, no
    date of its own reached: :mod:`secor.status`) is left alone, so a quiet day costs a query per chunk."""
    from secor.status.services import refresh_for_sweep

    stats.employers += len(employer_ids)
    recomputed = refresh_for_sweep(employer_ids=employer_ids, today=today, stats=stats)
    stats.statuses_recomputed += len(recomputed)


def _changed(row: Deadline, new: DeadlineRow) -> bool:
    return row.resolved_at is not None or any(getattr(row, f) != getattr(new, f) for f in DATA_FIELDS)


def refresh_deadlines(
    *,
    employer_ids: list[int],
    today: date,
    stats: SweepStats | None = None,
    computed: dict[int, dict[str, list[DeadlineRow] | None] | None] | None = None,
) -> SweepStats:
    """Upsert the deadlines of these employers from every source; mark the ones that vanished resolved.

    ``computed`` (employer id -> deadlines per origin) comes from the stored-status recompute, which has just
    evaluated these employers: then nothing is evaluated twice. Rows that did not change are not written."""
    stats = stats or SweepStats()
    now = timezone.now()
    existing: dict[int, dict[str, Deadline]] = defaultdict(dict)
    for row in Deadline.objects.filter(employer_id__in=employer_ids):
        existing[row.employer_id][row.key] = row
    create: list[Deadline] = []
    update: list[Deadline] = []
    resolve: list[int] = []
    # One fetch for the chunk with everything the sources read prefetched: no queries per employer.
    pairs = (
        computed.items()
        if computed is not None
        else ((e.pk, all_deadlines(e, today)) for e in employers_for_sweep(employer_ids))
    )
    for employer_pk, per_origin in pairs:
        if computed is None:
            stats.employers += 1
        if per_origin is None:  # the employer could not be evaluated: leave its deadlines alone
            stats.employer_errors += 1
            continue
        mine = existing.get(employer_pk, {})
        for origin, rows in per_origin.items():
            if rows is None:  # the source failed: leave its deadlines alone
                stats.employer_errors += 1
                continue
            keys = set()
            for new in rows:
                keys.add(new.key)
                old = mine.get(new.key)
                if old is None:
                    create.append(
                        Deadline(
                            employer_id=employer_pk,
                            key=new.key,
                            created_at=now,
                            updated_at=now,
                            **{f: getattr(new, f) for f in DATA_FIELDS},
                        )
                    )
                elif _changed(old, new):
                    for f in DATA_FIELDS:
                        setattr(old, f, getattr(new, f))
                    old.resolved_at = None
                    old.updated_at = now
                    update.append(old)
            resolve.extend(
                row.pk
                for row in mine.values()
                if row.origin == origin and row.resolved_at is None and row.key not in keys
            )
    with transaction.atomic():
        if create:
            # Another sweep may insert the same rows at the same moment: upsert on the natural key.
            Deadline.objects.bulk_create(
                create,
                batch_size=500,
                update_conflicts=True,
                unique_fields=["employer", "key"],
                update_fields=[*DATA_FIELDS, "resolved_at", "updated_at"],
            )
        if update:
            Deadline.objects.bulk_update(update, [*DATA_FIELDS, "resolved_at", "updated_at"], batch_size=500)
        if resolve:
            Deadline.objects.filter(pk__in=resolve, resolved_at__isnull=True).update(
                resolved_at=now, updated_at=now
            )
    stats.deadlines_created += len(create)
    stats.deadlines_updated += len(update)
    stats.deadlines_resolved += len(resolve)
    return stats


def recipients_for(employer_ids: list[int]) -> dict[int, set[int]]:
    """Users to remind per employer: members with ``receives_reminders`` and the users of consultant firms
    holding an active grant. Two queries for the whole chunk."""
    from secor.accounts.models import ConsultantAccess, EmployerMembership

    out: dict[int, set[int]] = defaultdict(set)
    for employer_id, user_id in EmployerMembership.objects.filter(
        employer_id__in=employer_ids, receives_reminders=True, user__is_active=True
    ).values_list("employer_id", "user_id"):
        out[employer_id].add(user_id)
    for employer_id, user_id in ConsultantAccess.objects.filter(
        employer_id__in=employer_ids, revoked_at__isnull=True, firm__users__is_active=True
    ).values_list("employer_id", "firm__users__id"):
        out[employer_id].add(user_id)
    return out


def queue_reminders(
    *,
    employer_ids: list[int],
    today: date,
    token: str,
    stats: SweepStats | None = None,
    dispatch: bool = True,
) -> SweepStats:
    """Insert, claim and dispatch today's reminders for these employers (steps 3 of :func:`run_sweep`)."""
    stats = stats or SweepStats()
    deadlines = list(
        Deadline.objects.filter(employer_id__in=employer_ids, resolved_at__isnull=True)
        .exclude(met=True)
        .values_list("pk", "employer_id", "kind", "due")
    )
    if not deadlines:
        return stats
    policies = {p.employer_id: p for p in ReminderPolicy.objects.filter(employer_id__in=employer_ids)}
    recipients = recipients_for(employer_ids)
    user_ids = set().union(*recipients.values()) if recipients else set()
    prefs = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=user_ids)}
    fallback = default_offsets()

    wanted: list[Reminder] = []
    for pk, employer_id, kind, due in deadlines:
        users = recipients.get(employer_id)
        if not users:
            continue
        policy = policies.get(employer_id)
        if policy is not None and not policy.enabled:
            continue
        occurrence = current_occurrence(
            due,
            today,
            offsets=policy.offsets if policy else fallback,
            overdue_every_days=policy.overdue_every_days if policy else 7,
            allow_overdue=kind not in NO_OVERDUE_KINDS,
        )
        if occurrence is None:
            continue
        for user_id in users:
            pref = prefs.get(user_id)
            muted = pref is not None and kind in pref.muted_kinds
            wanted.append(
                Reminder(
                    deadline_id=pk,
                    occurrence=occurrence.name,
                    recipient_id=user_id,
                    scheduled_for=occurrence.on,
                    delivery=Reminder.Delivery.DIGEST if pref and pref.digest else Reminder.Delivery.SINGLE,
                    status=Reminder.Status.SKIPPED if muted else Reminder.Status.PENDING,
                )
            )
    if wanted:
        have = set(
            Reminder.objects.filter(
                deadline_id__in={r.deadline_id for r in wanted}, occurrence__in={r.occurrence for r in wanted}
            ).values_list("deadline_id", "occurrence", "recipient_id")
        )
        new = [r for r in wanted if (r.deadline_id, r.occurrence, r.recipient_id) not in have]
        if new:
            # INSERT … ON CONFLICT DO NOTHING: a concurrent sweep inserting the same row is not an error.
            Reminder.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
            stats.reminders_created += len(new)
    pending = list(
        Reminder.objects.filter(
            deadline__employer_id__in=employer_ids, status=Reminder.Status.PENDING, claimed_at__isnull=True
        ).values_list("pk", flat=True)
    )
    if pending:
        claimed = _claim(pending, token=token, stale_before=None)
        stats.reminders_claimed += len(claimed)
        _process_claimed(claimed, stats=stats, dispatch=dispatch, today=today)
    return stats


def _claim(ids: list[int], *, token: str, stale_before) -> list[int]:
    """Conditional UPDATE: take the rows that are still unclaimed (or whose claim is older than
    ``stale_before``). A concurrent sweep's UPDATE waits for our row locks, re-checks the condition and
    skips the rows we took; the token tells us which rows are ours."""
    now = timezone.now()
    qs = Reminder.objects.filter(pk__in=ids, status=Reminder.Status.PENDING)
    qs = (
        qs.filter(claimed_at__isnull=True) if stale_before is None else qs.filter(claimed_at__lt=stale_before)
    )
    qs.update(claim_token=token, claimed_at=now)
    return list(
        Reminder.objects.filter(pk__in=ids, claim_token=token, claimed_at=now).values_list("pk", flat=True)
    )


def reclaim_stale(*, token: str, stats: SweepStats | None = None, dispatch: bool = True) -> SweepStats:
    """Rows claimed by a sweep or task that never finished (worker died, retries exhausted): claim again."""
    stats = stats or SweepStats()
    cutoff = timezone.now() - stale_after()
    ids = list(
        Reminder.objects.filter(status=Reminder.Status.PENDING, claimed_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for batch in _batched(ids, 1000):
        claimed = _claim(batch, token=token, stale_before=cutoff)
        stats.reminders_reclaimed += len(claimed)
        _process_claimed(claimed, stats=stats, dispatch=dispatch)
    return stats


def notice_url(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def deadline_url(deadline_id: int) -> str:
    return settings.SITE_URL + reverse("reminders:deadline", args=[deadline_id])


def _when(due: date, today: date) -> str:
    days = (due - today).days
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    if days > 0:
        return f"due in {days} days"
    return "overdue by 1 day" if days == -1 else f"overdue by {-days} days"


def _process_claimed(ids: list[int], *, stats: SweepStats, dispatch: bool, today: date | None = None) -> None:
    """Store the in-app notice of each claimed row (idempotent: one per ledger row) and dispatch the e-mail
    of single-message rows. Digest rows wait for :func:`queue_digests`."""
    if not ids:
        return
    today = today or timezone.localdate()
    rows = list(Reminder.objects.filter(pk__in=ids).select_related("deadline__employer"))
    notices = [
        Notification(
            user_id=r.recipient_id,
            reminder_id=r.pk,
            employer_id=r.deadline.employer_id,
            deadline_id=r.deadline_id,
            kind=r.deadline.kind,
            title=f"{r.deadline.employer.display_name}: {public_text(r.deadline.title)}",
            body=f"{kind_label(r.deadline.kind)} {_when(r.deadline.due, today)} ({r.deadline.due:%Y-%m-%d}). "
            f"{public_text(r.deadline.consequence)}",
            url=reverse("reminders:deadline", args=[r.deadline_id]),
        )
        for r in rows
    ]
    Notification.objects.bulk_create(notices, batch_size=1000, ignore_conflicts=True)
    stats.notifications += len(notices)
    if not dispatch:
        return
    from secor.reminders.tasks import send_reminder_email

    for r in rows:
        if r.delivery != Reminder.Delivery.SINGLE:
            continue
        try:
            send_reminder_email.delay(r.pk, today.isoformat())
            stats.emails_dispatched += 1
        except Exception:  # eager mode runs the task here; the row stays pending for the next sweep
            logger.exception("sending reminder %s failed; it stays pending", r.pk)


def queue_digests(*, today: date, stats: SweepStats | None = None, dispatch: bool = True) -> SweepStats:
    """Attach waiting digest rows to today's digest of each user and dispatch the digests not yet sent."""
    stats = stats or SweepStats()
    waiting = (
        Reminder.objects.filter(
            delivery=Reminder.Delivery.DIGEST,
            status=Reminder.Status.PENDING,
            digest__isnull=True,
            claimed_at__isnull=False,
        )
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )
    waiting_notices = (
        Notification.objects.filter(
            delivery=Reminder.Delivery.DIGEST,
            email_status=Notification.EmailStatus.PENDING,
            digest__isnull=True,
        )
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )
    for user_id in sorted(set(waiting) | set(waiting_notices)):
        digest, _ = Digest.objects.get_or_create(user_id=user_id, day=today)
        with transaction.atomic():
            # Race: the digest task may be sending this digest right now. Lock it so rows are attached either
            # before it reads them (and go out with it) or after it is sent (and wait for tomorrow's).
            digest = Digest.objects.select_for_update().get(pk=digest.pk)
            if digest.status == Digest.Status.PENDING:
                Reminder.objects.filter(
                    recipient_id=user_id,
                    delivery=Reminder.Delivery.DIGEST,
                    status=Reminder.Status.PENDING,
                    digest__isnull=True,
                    claimed_at__isnull=False,
                ).update(digest=digest)
                # Event notices (secor/reminders/notices.py) of digest users go out with the same digest.
                Notification.objects.filter(
                    user_id=user_id,
                    delivery=Reminder.Delivery.DIGEST,
                    email_status=Notification.EmailStatus.PENDING,
                    digest__isnull=True,
                ).update(digest=digest)
    if not dispatch:
        return stats
    from secor.reminders.tasks import send_digest_email

    cutoff = timezone.now() - stale_after()
    for pk in list(Digest.objects.filter(status=Digest.Status.PENDING).values_list("pk", flat=True)):
        # Claim with a conditional UPDATE: only one sweep dispatches a digest (again only once stale).
        taken = (
            Digest.objects.filter(pk=pk, status=Digest.Status.PENDING)
            .filter(claimed_at__isnull=True)
            .update(claimed_at=timezone.now())
        ) or (
            Digest.objects.filter(pk=pk, status=Digest.Status.PENDING, claimed_at__lt=cutoff).update(
                claimed_at=timezone.now()
            )
        )
        if taken != 1:
            continue
        try:
            send_digest_email.delay(pk)
            stats.digests_dispatched += 1
        except Exception:
            logger.exception("sending digest %s failed; it stays pending", pk)
    return stats


# ----------------------------------------------------------------------------------------------------------
# Delivery (called by the per-message Celery tasks)
# ----------------------------------------------------------------------------------------------------------


def _record_failure(model, pk: int, exc: BaseException) -> bool:
    """Count a failed attempt; give up (status failed) after ``REMINDER_MAX_ATTEMPTS``. Returns True when
    the row was given up."""
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        return True
    obj.attempts += 1
    obj.last_error = f"{type(exc).__name__}: {exc}"[:500]
    fields = ["attempts", "last_error"]
    gave_up = model is Reminder and obj.attempts >= max_attempts()
    if gave_up:
        obj.status = Reminder.Status.FAILED
        fields.append("status")
    obj.save(update_fields=fields)
    return gave_up


def deliver_reminder(*, reminder_id: int, on: str | date | None = None) -> str:
    """Send the e-mail of one single-message ledger row, once.

    The row is locked (``SELECT … FOR UPDATE``) while the message is sent and marked sent in the same
    transaction. Race: a retried task and a task re-dispatched after a stale claim may run together; the
    second one waits for the lock and then finds the row sent. (Not SKIP LOCKED: a sweep's claim UPDATE also
    locks the row for a moment, and skipping then would leave the row unsent until its claim goes stale.)
    A transient failure (SMTPException, OSError) rolls back (the row stays pending) and is raised for the
    task's retry with backoff."""
    try:
        with transaction.atomic():
            row = (
                Reminder.objects.select_for_update(of=("self",))
                .select_related("deadline__employer", "recipient")
                .filter(pk=reminder_id)
                .first()
            )
            if row is None:
                return "gone"
            if row.status != Reminder.Status.PENDING or row.delivery != Reminder.Delivery.SINGLE:
                return row.status
            user = row.recipient
            if not user.is_active or not user.email:
                row.status = Reminder.Status.SKIPPED
                row.save(update_fields=["status"])
                return row.status
            # The sweep's day, not the wall clock: under run_sweep --date D the e-mail counts from D like the
            # in-app notice does.
            today = date.fromisoformat(on) if isinstance(on, str) else (on or timezone.localdate())
            deadline = row.deadline
            message = make_message(
                "reminder",
                user.email,
                {
                    "user": user,
                    "deadline": deadline,
                    "employer": deadline.employer,
                    "kind_label": kind_label(deadline.kind),
                    "when": _when(deadline.due, today),
                    "overdue": deadline.due < today,
                    "url": deadline_url(deadline.pk),
                    "settings_url": settings.SITE_URL + reverse("reminders:notifications"),
                    "mute_url": unsubscribe.mute_setting_url(deadline.kind),
                },
                headers=unsubscribe.headers(user.pk, deadline.kind),
            )
            message.send()
            row.status = Reminder.Status.SENT
            row.sent_at = timezone.now()
            row.attempts += 1
            row.save(update_fields=["status", "sent_at", "attempts"])
            return row.status
    except Exception as exc:
        if _record_failure(Reminder, reminder_id, exc):
            logger.error("reminder %s given up after %s attempts: %s", reminder_id, max_attempts(), exc)
            return Reminder.Status.FAILED
        raise


def deliver_digest(*, digest_id: int) -> str:
    """Send one daily digest, once (same locking as :func:`deliver_reminder`); its rows are marked sent."""
    try:
        with transaction.atomic():
            digest = (
                Digest.objects.select_for_update(of=("self",))
                .select_related("user")
                .filter(pk=digest_id)
                .first()
            )
            if digest is None:
                return "gone"
            if digest.status != Digest.Status.PENDING:
                return digest.status
            rows = list(
                digest.reminders.filter(status=Reminder.Status.PENDING)
                .select_related("deadline__employer")
                .order_by("deadline__due", "deadline__employer__legal_name", "pk")
            )
            notices = list(
                digest.notices.filter(email_status=Notification.EmailStatus.PENDING).order_by(
                    "created_at", "pk"
                )
            )
            user = digest.user
            if (rows or notices) and user.is_active and user.email:
                today = digest.day  # the sweep's day (run_sweep --date D), like the notices
                items = [
                    {
                        "deadline": r.deadline,
                        "employer": r.deadline.employer,
                        "kind_label": kind_label(r.deadline.kind),
                        "when": _when(r.deadline.due, today),
                        "overdue": r.deadline.due < today,
                        "url": deadline_url(r.deadline_id),
                    }
                    for r in rows
                ]
                make_message(
                    "digest",
                    user.email,
                    {
                        "user": user,
                        "items": items,
                        "notices": [{"notice": n, "url": notice_url(n.url), "body": n.body} for n in notices],
                        "day": digest.day,
                        "settings_url": unsubscribe.mute_setting_url(),
                    },
                    headers=unsubscribe.headers(user.pk, unsubscribe.ALL),
                ).send()
            now = timezone.now()
            Reminder.objects.filter(pk__in=[r.pk for r in rows]).update(
                status=Reminder.Status.SENT, sent_at=now
            )
            Notification.objects.filter(pk__in=[n.pk for n in notices]).update(
                email_status=Notification.EmailStatus.SENT, sent_at=now
            )
            digest.status = Digest.Status.SENT
            digest.sent_at = now
            digest.attempts += 1
            digest.save(update_fields=["status", "sent_at", "attempts"])
            return digest.status
    except Exception as exc:
        _record_failure(Digest, digest_id, exc)
        raise


# ----------------------------------------------------------------------------------------------------------
# Users' own settings, notifications, feeds, policies
# ----------------------------------------------------------------------------------------------------------


def notification_mark_read(*, user, notification_id: int, read: bool = True) -> Notification:
    notification = Notification.objects.filter(user=user, pk=notification_id).first()
    if notification is None:
        from django.http import Http404

        raise Http404("No such notification.")
    notification.read_at = timezone.now() if read else None
    notification.save(update_fields=["read_at"])
    forget_unread(user)
    return notification


def notifications_mark_all_read(*, user) -> int:
    count = Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    forget_unread(user)
    return count


@transaction.atomic
def preference_update(*, user, digest: bool, muted_kinds: list[str]) -> NotificationPreference:
    pref, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    pref.digest = digest
    pref.muted_kinds = list(muted_kinds)
    pref.full_clean()
    pref.save()
    return pref


@transaction.atomic
def policy_set(
    *, user, employer: Employer, offsets: list[int], overdue_every_days: int, enabled: bool = True
) -> ReminderPolicy:
    from secor.tenancy import is_employer_admin

    if not is_employer_admin(user, employer.pk):
        raise ApplicationError("Only an admin of this employer can change its reminder schedule.")
    policy, _ = ReminderPolicy.objects.select_for_update().get_or_create(employer=employer)
    policy.offsets = offsets
    policy.overdue_every_days = overdue_every_days
    policy.enabled = enabled
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def calendar_feed_create(*, user, employer: Employer | None = None) -> CalendarFeed:
    """A new secret feed URL for one employer the user can see (or, without ``employer``, all of them)."""
    feed = CalendarFeed(user=user, employer=employer)
    feed.full_clean()
    feed.save()
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user, feed_id: int) -> CalendarFeed:
    # Race: two revokes at once; the lock makes the second see revoked_at and keep the first timestamp.
    feed = CalendarFeed.objects.select_for_update().filter(user=user, pk=feed_id).first()
    if feed is None:
        from django.http import Http404

        raise Http404("No such calendar feed.")
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
    return feed
