"""Event notices: an in-app notice and an e-mail for something that *happened* (not a dated deadline).

The review loop uses them (``audits/notices.py``): corrections requested, accepted, rejected, certificate
issued, a submission received or withdrawn, an audit assigned. Other apps may use :func:`notify` the same way.

- :func:`notify` stores one :class:`~secor.reminders.models.Notification` per recipient, inside the caller's
  transaction (the notice exists exactly when the decision does). ``event_key`` makes it once per user and
  event: calling again with the same key adds nothing.
- The user's preferences (:class:`~secor.reminders.models.NotificationPreference`) are respected the same way
  as for reminders: a muted kind gets no e-mail (the in-app notice is still stored: it is the record of what
  happened, and it is quiet); a user on the daily digest gets the e-mail in the next digest
  (:func:`secor.reminders.services.queue_digests`); everyone else gets a single e-mail, dispatched as a Celery
  task once the transaction has committed.
- :func:`deliver_notice` sends one such e-mail once (row lock, like ``deliver_reminder``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from secor.reminders.emails import make_message
from secor.reminders.models import Notification, NotificationPreference, Reminder
from secor.reminders.services import notice_url

logger = logging.getLogger(__name__)


def notify(
    *,
    user_ids: Iterable[int],
    kind: str,
    title: str,
    body: str,
    url: str,
    event_key: str,
    employer_id: int | None = None,
) -> list[Notification]:
    """Store the notices of one event and arrange their e-mails. Returns the notices created now.

    ``title`` is the e-mail subject too: keep it short. ``body`` is plain text (paragraphs separated by a
    blank line); ``url`` a site path (made absolute in the e-mail)."""
    from secor.accounts.models import User

    ids = set(user_ids)
    if not ids:
        return []
    users = list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))
    prefs = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=ids)}
    have = set(
        Notification.objects.filter(user_id__in=ids, event_key=event_key).values_list("user_id", flat=True)
    )
    created: list[Notification] = []
    for user in users:
        if user.pk in have:
            continue
        pref = prefs.get(user.pk)
        digest = bool(pref and pref.digest)
        if pref is not None and kind in pref.muted_kinds:
            status = Notification.EmailStatus.SKIPPED
        elif not user.email:
            status = Notification.EmailStatus.SKIPPED
        else:
            status = Notification.EmailStatus.PENDING
        created.append(
            Notification.objects.create(
                user=user,
                employer_id=employer_id,
                kind=kind,
                title=title[:300],
                body=body,
                url=url[:500],
                event_key=event_key[:200],
                email_status=status,
                delivery=Reminder.Delivery.DIGEST if digest else Reminder.Delivery.SINGLE,
            )
        )
    single = [
        n.pk
        for n in created
        if n.email_status == Notification.EmailStatus.PENDING and n.delivery == Reminder.Delivery.SINGLE
    ]
    if single:
        transaction.on_commit(lambda: _dispatch(single))
    return created


def _dispatch(ids: list[int]) -> None:
    from secor.reminders.tasks import send_notice_email

    for pk in ids:
        try:
            send_notice_email.delay(pk)
        except Exception:  # eager mode runs the task here; the notice stays pending (see docs/reminders.md)
            logger.exception("sending notice %s failed; it stays pending", pk)


def email_context(notice: Notification) -> dict[str, Any]:
    return {
        "notice": notice,
        "user": notice.user,
        "paragraphs": [p.strip() for p in notice.body.split("\n\n") if p.strip()],
        "url": notice_url(notice.url),
        "settings_url": settings.SITE_URL + reverse("reminders:notifications"),
    }


def deliver_notice(*, notice_id: int) -> str:
    """Send the single e-mail of one event notice, once (the row is locked while sending)."""
    try:
        with transaction.atomic():
            notice = (
                Notification.objects.select_for_update(of=("self",))
                .select_related("user")
                .filter(pk=notice_id)
                .first()
            )
            if notice is None:
                return "gone"
            if (
                notice.email_status != Notification.EmailStatus.PENDING
                or notice.delivery != Reminder.Delivery.SINGLE
            ):
                return notice.email_status
            user = notice.user
            if not user.is_active or not user.email:
                notice.email_status = Notification.EmailStatus.SKIPPED
                notice.save(update_fields=["email_status"])
                return notice.email_status
            make_message("notice", user.email, email_context(notice)).send()
            notice.email_status = Notification.EmailStatus.SENT
            notice.sent_at = timezone.now()
            notice.attempts += 1
            notice.save(update_fields=["email_status", "sent_at", "attempts"])
            return notice.email_status
    except Exception as exc:
        Notification.objects.filter(pk=notice_id).update(
            attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:500]
        )
        raise
