"""Pages and API: notifications (read/unread), preferences, deadlines, policy, feeds — scoped per user."""

from __future__ import annotations

import datetime as dt

import pytest

from secor.reminders.models import (
    CalendarFeed,
    Deadline,
    Notification,
    NotificationPreference,
    ReminderPolicy,
)
from secor.reminders.services import run_sweep
from tests.factories import EmployerMembershipFactory, UserFactory
from tests.reminders.factories import build_ab_certified

pytestmark = pytest.mark.django_db
DAY_90 = dt.date(2026, 12, 1)


@pytest.fixture
def world(travel):
    travel(DAY_90)
    employer = build_ab_certified()
    alice = employer.user_memberships.get().user  # admin
    bob = EmployerMembershipFactory(employer=employer, role="member").user
    charlie = UserFactory()  # outsider
    for _ in range(3):
        build_ab_certified()  # other tenants with their own notices
    run_sweep()
    return employer, alice, bob, charlie


def test_notification_page_lists_only_mine_with_bounded_queries(client, world, django_assert_max_num_queries):
    employer, alice, bob, charlie = world
    client.force_login(alice)
    # 16: the first page after log-in also finds the user's only employer and keeps it in the session.
    with django_assert_max_num_queries(16):
        response = client.get("/reminders/")
    assert response.status_code == 200
    mine = Notification.objects.filter(user=alice)
    assert mine.exists()
    body = response.content.decode()
    assert all(n.title in body for n in mine)
    assert not Notification.objects.filter(user=charlie).exists()
    assert "unread" in body


def test_mark_read_unread_and_all(client, world):
    employer, alice, bob, charlie = world
    notice = Notification.objects.filter(user=alice).first()
    client.force_login(charlie)
    assert client.post(f"/reminders/notifications/{notice.pk}/read").status_code == 404  # not yours
    client.force_login(alice)
    client.post(f"/reminders/notifications/{notice.pk}/read", {"read": "1"})
    notice.refresh_from_db()
    assert notice.read_at is not None
    client.post(f"/reminders/notifications/{notice.pk}/read", {"read": "0"})
    notice.refresh_from_db()
    assert notice.read_at is None
    response = client.post(f"/reminders/notifications/{notice.pk}/read", {"open": "1"})
    assert response.status_code == 302
    assert response["Location"] == notice.url
    client.post("/reminders/notifications/read-all")
    assert not Notification.objects.filter(user=alice, read_at__isnull=True).exists()


def test_preferences_form_saves_and_rejects_unknown_kind(client, world):
    employer, alice, bob, charlie = world
    client.force_login(alice)
    response = client.post("/reminders/preferences", {"digest": "on", "muted_kinds": ["training_refresher"]})
    assert response.status_code == 302
    pref = NotificationPreference.objects.get(user=alice)
    assert pref.digest
    assert pref.muted_kinds == ["training_refresher"]
    response = client.post("/reminders/preferences", {"muted_kinds": ["no_such_kind"]})
    assert response.status_code == 400
    assert "no_such_kind" in response.content.decode()


def test_deadline_pages_are_scoped(client, world):
    employer, alice, bob, charlie = world
    deadline = Deadline.objects.filter(employer=employer).first()
    client.force_login(bob)
    response = client.get(f"/reminders/deadlines/{deadline.pk}/")
    assert response.status_code == 200
    assert deadline.consequence in response.content.decode()
    assert client.get(f"/reminders/employers/{employer.pk}/deadlines/").status_code == 200
    client.force_login(charlie)
    assert client.get(f"/reminders/deadlines/{deadline.pk}/").status_code == 404
    assert client.get(f"/reminders/employers/{employer.pk}/deadlines/").status_code == 404


def test_policy_is_for_admins_and_validated(client, world):
    employer, alice, bob, charlie = world
    url = f"/reminders/employers/{employer.pk}/policy"
    client.force_login(bob)
    assert (
        client.post(url, {"offsets": "60, 14", "overdue_every_days": 3, "enabled": "on"}).status_code == 403
    )
    client.force_login(alice)
    assert client.post(url, {"offsets": "60, x", "overdue_every_days": 3}).status_code == 400
    assert client.post(url, {"offsets": "900", "overdue_every_days": 3}).status_code == 400
    assert (
        client.post(url, {"offsets": "14, 60", "overdue_every_days": 3, "enabled": "on"}).status_code == 302
    )
    policy = ReminderPolicy.objects.get(employer=employer)
    assert policy.offsets == [60, 14]
    assert policy.overdue_every_days == 3
    client.force_login(charlie)
    assert client.post(url, {"offsets": "1", "overdue_every_days": 1}).status_code == 404


def test_feed_create_and_revoke_pages(client, world):
    employer, alice, bob, charlie = world
    client.force_login(charlie)
    assert client.post("/reminders/calendars/new", {"employer": employer.pk}).status_code == 404
    client.force_login(alice)
    assert client.post("/reminders/calendars/new", {"employer": employer.pk}).status_code == 302
    feed = CalendarFeed.objects.get(user=alice)
    assert feed.token in client.get("/reminders/").content.decode()
    client.force_login(charlie)
    assert client.post(f"/reminders/calendars/{feed.pk}/revoke").status_code == 404
    client.force_login(alice)
    client.post(f"/reminders/calendars/{feed.pk}/revoke")
    feed.refresh_from_db()
    assert feed.revoked_at is not None


def test_api(client, world, django_assert_max_num_queries):
    employer, alice, bob, charlie = world
    client.force_login(alice)
    with django_assert_max_num_queries(8):
        response = client.get("/api/reminders/deadlines/")
    assert response.status_code == 200
    ids = {row["employer"] for row in response.json()["results"]}
    assert ids == {employer.pk}
    notices = client.get("/api/reminders/notifications/?unread=1").json()["results"]
    assert notices
    assert all(not n["is_read"] for n in notices)
    assert client.post(f"/api/reminders/notifications/{notices[0]['id']}/read/").json()["is_read"] is True
    bad = client.put(
        "/api/reminders/preferences/", {"digest": True, "muted_kinds": ["nope"]}, "application/json"
    )
    assert bad.status_code == 400
    assert "muted_kinds" in bad.json()
    ok = client.put("/api/reminders/preferences/", {"digest": True, "muted_kinds": []}, "application/json")
    assert ok.status_code == 200
    assert ok.json()["digest"] is True
    policy = client.put(
        f"/api/reminders/policies/{employer.pk}/",
        {"offsets": [30, 7], "overdue_every_days": 7},
        "application/json",
    )
    assert policy.status_code == 200
    assert policy.json()["offsets"] == [30, 7]
    bad = client.put(
        f"/api/reminders/policies/{employer.pk}/",
        {"offsets": [-1], "overdue_every_days": 7},
        "application/json",
    )
    assert bad.status_code == 400
    client.force_login(bob)
    assert (
        client.put(
            f"/api/reminders/policies/{employer.pk}/",
            {"offsets": [1], "overdue_every_days": 7},
            "application/json",
        ).status_code
        == 403
    )
    client.force_login(charlie)
    assert client.get(f"/api/reminders/policies/{employer.pk}/").status_code == 404
    assert client.get("/api/reminders/deadlines/").json()["results"] == []
    # Another tenant's employer in the body answers like one that does not exist: 400 on the field.
    foreign = client.post("/api/reminders/calendars/", {"employer": employer.pk}, "application/json")
    missing = client.post("/api/reminders/calendars/", {"employer": 10**9}, "application/json")
    assert foreign.status_code == missing.status_code == 400
    assert foreign.json() == missing.json()
    assert "employer" in foreign.json()
    created = client.post("/api/reminders/calendars/", {}, "application/json")
    assert created.status_code == 201
    assert "/reminders/calendar/" in created.json()["url"]
