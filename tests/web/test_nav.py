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


def test_the_count_is_read_with_the_user_in_one_query(owner_client, owner, settings):
    """The signed-in user and their unread count come in one query (secor.accounts.auth.AccountBackend):
    the navigation asks nothing more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.DATABASE_SERVER_PREPARE = False  # the SQL text, not "EXECUTE <name>"
    Notification.objects.create(user=owner, title="Maintenance audit due in 30 days")
    with CaptureQueriesContext(connection) as ctx:
        body = owner_client.get("/portfolio/").content.decode()
    assert "Notifications (1 unread)" in body
    unread = [q["sql"] for q in ctx.captured_queries if "reminders_notification" in q["sql"]]
    assert len(unread) == 1
    assert '"accounts_user"' in unread[0]


def test_marking_read_in_the_request_is_not_shown_stale(owner, rf):
    """A count read with the user at the start of a request is forgotten when the request marks notices
    read, so a page rendered after that counts again."""
    from django.contrib.auth import get_user
    from django.contrib.sessions.backends.db import SessionStore

    from secor.accounts.auth import BACKEND
    from secor.reminders import services
    from secor.web.templatetags.web import unread_count

    Notification.objects.create(user=owner, title="Maintenance audit due in 30 days")
    request = rf.get("/")
    request.session = SessionStore()
    request.session["_auth_user_id"] = str(owner.pk)
    request.session["_auth_user_backend"] = BACKEND
    request.session["_auth_user_hash"] = owner.get_session_auth_hash()
    user = get_user(request)
    assert user.unread_notices == 1
    assert unread_count(user) == 1
    services.notifications_mark_all_read(user=user)
    assert unread_count(user) == 0
