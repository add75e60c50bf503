"""The real chain: beat's entry sent through Redis to a real worker process, e-mail captured, notice stored."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.conf import settings
from django.utils import timezone

from provinces.dates import add_years
from secor.reminders.models import Deadline, Notification, Reminder
from tests.reminders.factories import certified_employer


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_beat_entry_through_redis_to_a_worker_sends_mail_and_stores_notice(celery_worker_process):
    today = timezone.localdate()
    due = today + dt.timedelta(days=30)  # ACSA: year-2 maintenance audit on the first anniversary
    issued = add_years(due, -1)
    employer, contact = certified_employer(issued_on=issued, expires_on=add_years(issued, 3))

    entry = settings.CELERY_BEAT_SCHEDULE["daily-deadline-sweep"]
    app = celery_worker_process["app"]
    result = app.send_task(entry["task"], **entry.get("options", {}))
    stats = result.get(timeout=120)
    assert stats["employers"] >= 1
    assert stats["emails_dispatched"] >= 1

    mail_dir = celery_worker_process["mail_dir"]
    deadline = Deadline.objects.get(employer=employer, kind="maintenance_audit", due=due)
    stop = time.monotonic() + 90
    while time.monotonic() < stop:
        if Reminder.objects.filter(deadline=deadline, status=Reminder.Status.SENT).exists():
            break
        time.sleep(0.5)
    files = list(mail_dir.iterdir())
    text = "\n".join(f.read_text() for f in files)
    assert contact.email in text
    assert f"/reminders/deadlines/{deadline.pk}/" in text
    assert "due in 30 days" in text
    assert Notification.objects.filter(user=contact, deadline=deadline, read_at__isnull=True).count() == 1
    assert Reminder.objects.get(deadline=deadline, recipient=contact).status == Reminder.Status.SENT
