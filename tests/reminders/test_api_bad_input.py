"""Bad input to the reminders API is a 400 or 404 with a message, never a 500, and changes nothing.
Found by schemathesis (not_a_server_error)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from secor.reminders.models import CalendarFeed, Notification
from tests.factories import EmployerFactory, EmployerMembershipFactory, UserFactory
from tests.reminders.factories import CalendarFeedFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("bad_id", ["null,null", "abc", "1.5"])
def test_malformed_ids_are_404(api, user, bad_id):
    feed = CalendarFeedFactory(user=user)
    assert api.post(f"/api/reminders/notifications/{bad_id}/read/", {}, format="json").status_code == 404
    assert api.post(f"/api/reminders/calendars/{bad_id}/revoke/").status_code == 404
    feed.refresh_from_db()
    assert feed.revoked_at is None


def test_mark_read_rejects_a_body_that_is_not_an_object(api, user):
    notice = Notification.objects.create(user=user, title="Renew the certificate")
    r = api.post(f"/api/reminders/notifications/{notice.pk}/read/", [None, None], format="json")
    assert r.status_code == 400
    assert "dictionary" in str(r.json())
    r = api.post(f"/api/reminders/notifications/{notice.pk}/read/", {"read": "maybe"}, format="json")
    assert r.status_code == 400
    assert "read" in r.json()
    notice.refresh_from_db()
    assert notice.read_at is None
    # the good inputs still work: default read, then unread
    assert api.post(f"/api/reminders/notifications/{notice.pk}/read/").json()["is_read"] is True
    r = api.post(f"/api/reminders/notifications/{notice.pk}/read/", {"read": False}, format="json")
    assert r.json()["is_read"] is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param([None, None], "non_field_errors", id="list-body"),
        pytest.param({"employer": "abc"}, "employer", id="employer-not-a-number"),
        pytest.param({"employer": {"id": 1}}, "employer", id="employer-an-object"),
    ],
)
def test_new_calendar_feed_rejects_bad_bodies(api, body, field):
    r = api.post("/api/reminders/calendars/", body, format="json")
    assert r.status_code == 400
    assert field in r.json()
    assert not CalendarFeed.objects.exists()


def test_new_calendar_feed_for_one_employer_still_works(api, user):
    outsider = EmployerFactory()
    # Another tenant's employer answers like a missing one: a field error (issue 12: the schema documents 400)
    for pk in (outsider.pk, outsider.pk + 10_000):
        r = api.post("/api/reminders/calendars/", {"employer": pk}, format="json")
        assert r.status_code == 400
        assert r.json() == {"employer": ["No employer with this id."]}
    mine = EmployerFactory()
    EmployerMembershipFactory(user=user, employer=mine)
    r = api.post("/api/reminders/calendars/", {"employer": mine.pk}, format="json")
    assert r.status_code == 201
    assert r.json()["employer"] == mine.pk
    assert api.post("/api/reminders/calendars/", {"employer": None}, format="json").status_code == 201


def test_reminder_ids_stay_integers_in_the_schema(client):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    for path in ("/api/reminders/notifications/{id}/read/", "/api/reminders/calendars/{id}/revoke/"):
        (param,) = [p for p in paths[path]["post"]["parameters"] if p["name"] == "id"]
        assert param["schema"]["type"] == "integer", path
