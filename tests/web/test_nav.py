from __future__ import annotations

from django.utils import timezone

from secor.reminders.models import Notification


def test_nav_shows_the_unread_notification_count(owner_client, owner, outsider):
    Notification.objects.create(user=owner, title="Maintenance audit due in 30 days")
    Notification.objects.create(user=owner, title="First aid expires in 7 days")
    Notification.objects.create(user=owner, title="Read already", read_at=timezone.now())
    Notification.objects.create(user=outsider, title="Someone else's")
    body = owner_client.get("/reminders/").content.decode()
    assert "Notifications (2 unread)" in body


def test_nav_without_unread_notifications_shows_no_count(owner_client):
    body = owner_client.get("/reminders/").content.decode()
    assert "Notifications" in body
    assert "unread)" not in body
