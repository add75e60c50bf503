"""Celery tasks of the certificate ledger: thin wrappers."""

from __future__ import annotations

from celery import shared_task

from secor.reminders.tasks import MAIL_TASK_OPTIONS


@shared_task(name="secor.certificates.tasks.send_certificate_notice", **MAIL_TASK_OPTIONS)
def send_certificate_notice(event_id: int, user_id: int) -> str:
    from secor.certificates.notices import deliver

    return deliver(event_id, user_id)
