"""E-mail and calendar people can trust (issue 15): short subjects without our notes, one-click unsubscribe
that mutes exactly that kind, complete HTML documents, UIDs that survive a SITE_URL change, feed names that
fit the feed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings
from icalendar import Calendar

from secor.reminders.models import Deadline, NotificationPreference
from secor.reminders.services import calendar_feed_create, run_sweep
from tests.reminders.factories import build_ab_certified

pytestmark = pytest.mark.django_db

DAY_90 = dt.date(2027, 3, 1) - dt.timedelta(days=90)


def _reminder_mail(travel):
    travel(DAY_90)
    employer = build_ab_certified()
    run_sweep()
    (message,) = [m for m in mail.outbox if "maintenance" in m.subject.lower()]
    return employer, message


def test_reminder_subject_is_short_and_free_of_rule_notes(travel):
    _employer, message = _reminder_mail(travel)
    assert len(message.subject) <= 120
    for word in ("(inferred)", "seed 0", "program-rules", "§"):
        assert word not in message.subject
        assert word not in message.body


def test_reminder_has_one_click_unsubscribe_headers_and_a_complete_html_part(travel):
    _employer, message = _reminder_mail(travel)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"]
    assert link.startswith("<http")
    assert "/reminders/unsubscribe/" in link
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert "<head>" in html
    assert "<title>" in html
    assert '<meta charset="utf-8">' in html
    assert "#mute-maintenance_audit" in html
    assert "#mute-maintenance_audit" in message.body


def test_one_click_unsubscribe_mutes_exactly_that_kind(client, travel):
    employer, message = _reminder_mail(travel)
    user = employer.user_memberships.get().user
    url = message.extra_headers["List-Unsubscribe"].strip("<>").split("://", 1)[1].split("/", 1)[1]
    url = "/" + url
    page = client.get(url)  # a person who clicks: asked first, nothing changes yet
    assert page.status_code == 200
    assert not NotificationPreference.objects.filter(user=user, muted_kinds__contains=["maintenance_audit"])
    response = client.post(url, {"List-Unsubscribe": "One-Click"})  # the mail client: no session, no CSRF
    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=user).muted_kinds == ["maintenance_audit"]
    assert client.post(url[:-3] + "xyz/").status_code == 404  # a tampered token does nothing


def test_calendar_uids_survive_a_site_url_change_and_feed_names_fit(client, travel):
    travel(dt.date(2026, 11, 22))
    employer = build_ab_certified()
    contact = employer.user_memberships.get().user
    run_sweep()
    feed = calendar_feed_create(user=contact, employer=None)
    url = f"/reminders/calendar/{feed.token}.ics"
    with override_settings(SITE_URL="https://old.example"):
        old = Calendar.from_ical(client.get(url).content)
    with override_settings(SITE_URL="https://new.example"):
        new = Calendar.from_ical(client.get(url).content)
    assert [str(e["UID"]) for e in old.walk("VEVENT")] == [str(e["UID"]) for e in new.walk("VEVENT")]
    name = str(new["X-WR-CALNAME"])
    assert "all clients" not in name  # an employer's own feed
    assert employer.display_name in name
    for event in new.walk("VEVENT"):
        assert "(inferred)" not in str(event["SUMMARY"])
        assert "seed 0" not in str(event["DESCRIPTION"])
    assert Deadline.objects.filter(employer=employer).exists()
