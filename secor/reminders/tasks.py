"""Celery tasks: thin wrappers around :mod:`secor.reminders.services`, taking ids.

- ``daily_sweep`` is the beat entry ``daily-deadline-sweep`` (``settings.CELERY_BEAT_SCHEDULE``): the whole
  daily job (:func:`secor.core.daily.run_daily`); the ``run_sweep`` management command runs the same entry
  point without Celery.
- ``send_reminder_email`` / ``send_digest_email`` send one message each. Only transient errors are retried
  (``SMTPException``, ``OSError``: connection refused, timeouts), with exponential backoff and jitter; the
  ledger row stays pending meanwhile, so nothing is lost, and its row lock means nothing is sent twice.
"""

from __future__ import annotations

import logging
from smtplib import SMTPException

from celery import shared_task

from secor.reminders import services

logger = logging.getLogger(__name__)

TRANSIENT = (SMTPException, OSError)


@shared_task(name="secor.reminders.tasks.daily_sweep", time_limit=3 * 3600, soft_time_limit=3 * 3600 - 60)
def daily_sweep() -> dict[str, int]:
    from secor.core.daily import run_daily

    return run_daily()


# Mail tasks: retry only transient mail errors, with backoff; acks_late so a worker that dies mid-send leaves
# the message for another (the ledger row makes the second attempt a no-op if the first had finished).
MAIL_TASK_OPTIONS = {
    "autoretry_for": TRANSIENT,
    "retry_backoff": 30,
    "retry_backoff_max": 15 * 60,
    "retry_jitter": True,
    "max_retries": 5,
    "acks_late": True,
}


@shared_task(name="secor.reminders.tasks.send_reminder_email", **MAIL_TASK_OPTIONS)
def send_reminder_email(reminder_id: int, on: str | None = None) -> str:
    """``on``: the sweep's day (ISO), so the e-mail says "due in N days" counted from the same day as the
    in-app notice (``run_sweep --date D``)."""
    return services.deliver_reminder(reminder_id=reminder_id, on=on)


@shared_task(name="secor.reminders.tasks.send_digest_email", **MAIL_TASK_OPTIONS)
def send_digest_email(digest_id: int) -> str:
    return services.deliver_digest(digest_id=digest_id)


@shared_task(name="secor.reminders.tasks.send_notice_email", **MAIL_TASK_OPTIONS)
def send_notice_email(notice_id: int) -> str:
    from secor.reminders.notices import deliver_notice

    return deliver_notice(notice_id=notice_id)
