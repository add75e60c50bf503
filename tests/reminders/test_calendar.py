"""iCalendar feeds: what Outlook and Google need, secret and revocable, scoped like everything else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from secor.core.citations import sources_text
from secor.reminders.models import Deadline
from secor.reminders.services import calendar_feed_create, calendar_feed_revoke, run_sweep
from tests.factories import ConsultantAccessFactory, ConsultantFirmFactory, UserFactory
from tests.reminders.factories import build_ab_certified, build_sk_new

pytestmark = pytest.mark.django_db


def events(response):
    cal = Calendar.from_ical(response.content)
    return cal, [c for c in cal.walk("VEVENT")]


def test_employer_feed_is_a_valid_calendar_with_stable_all_day_events(client, travel):
    travel(dt.date(2026, 11, 22))
    employer = build_ab_certified()
    contact = employer.user_memberships.get().user
    run_sweep()
    feed = calendar_feed_create(user=contact, employer=employer)
    url = f"/reminders/calendar/{feed.token}.ics"
    response = client.get(url)  # no login: the token is the credential
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal, evs = events(response)
    assert cal["VERSION"] == "2.0"
    assert "SECOR" in str(cal["PRODID"])
    expiry = Deadline.objects.get(employer=employer, kind="certificate_expiry")
    (ev,) = [e for e in evs if "SECOR expires" in str(e["SUMMARY"])]
    assert ev["DTSTART"].dt == expiry.due
    assert not isinstance(ev["DTSTART"].dt, dt.datetime)
    assert ev["DTEND"].dt == expiry.due + dt.timedelta(days=1)
    assert ev["UID"] == f"deadline-{expiry.pk}@deadlines.secor-tracker"
    assert "DTSTAMP" in ev
    assert expiry.consequence in str(ev["DESCRIPTION"])
    assert sources_text(expiry.source) in str(ev["DESCRIPTION"])
    assert "seed 0" not in str(ev["DESCRIPTION"])
    assert str(ev["URL"]).endswith(f"/reminders/deadlines/{expiry.pk}/")
    assert len({str(e["UID"]) for e in evs}) == len(evs)

    run_sweep()  # the same deadlines tomorrow: the same UIDs
    _, again = events(client.get(url))
    assert {str(e["UID"]) for e in again} == {str(e["UID"]) for e in evs}


def test_revoked_unknown_and_lost_access_feeds_are_404(client, travel):
    travel(dt.date(2026, 11, 22))
    employer = build_ab_certified()
    membership = employer.user_memberships.get()
    run_sweep()
    feed = calendar_feed_create(user=membership.user, employer=employer)
    assert client.get(f"/reminders/calendar/{feed.token}.ics").status_code == 200
    assert client.get("/reminders/calendar/not-a-token.ics").status_code == 404
    calendar_feed_revoke(user=membership.user, feed_id=feed.pk)
    assert client.get(f"/reminders/calendar/{feed.token}.ics").status_code == 404
    other = calendar_feed_create(user=membership.user, employer=employer)
    membership.delete()  # the user left the employer: the feed stops
    assert client.get(f"/reminders/calendar/{other.token}.ics").status_code == 404


def test_consultant_feed_has_all_clients_and_drops_revoked_ones(client, travel):
    travel(dt.date(2026, 11, 22))
    firm = ConsultantFirmFactory()
    consultant = UserFactory(consultant_firm=firm)
    a, b, stranger = build_ab_certified(), build_sk_new(), build_ab_certified()
    ConsultantAccessFactory(employer=a, firm=firm)
    grant_b = ConsultantAccessFactory(employer=b, firm=firm)
    run_sweep()
    feed = calendar_feed_create(user=consultant)
    _, evs = events(client.get(f"/reminders/calendar/{feed.token}.ics"))
    names = {str(e["SUMMARY"]) for e in evs}
    assert any(a.display_name in n for n in names)
    assert any(b.display_name in n for n in names)
    assert not any(stranger.display_name + ":" in n for n in names)
    grant_b.revoked_at = timezone.now()
    grant_b.save()
    _, evs = events(client.get(f"/reminders/calendar/{feed.token}.ics"))
    assert not any(b.display_name + ":" in str(e["SUMMARY"]) for e in evs)
