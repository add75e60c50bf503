"""The dashboard kept whole in the cache (secor.web.overview.dashboard_page): what it shows still follows every
change, each viewer gets their own page, and the forms carry this request's CSRF token."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from secor.reminders.models import Notification
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    employer = f.EmployerFactory(legal_name="Cached Roofing Ltd.", operating_name="")
    f.EnrolmentFactory(employer=employer)
    other = f.EmployerFactory(legal_name="Other Ltd.", operating_name="")
    admin = f.employer_admin(employer, full_name="Ada Admin")
    return employer, other, admin


def dashboard(client) -> str:
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_notice_read_or_new_shows_at_once(client, world):
    employer, other, admin = world
    client.force_login(admin)
    first = dashboard(client)
    assert "Nothing new" in first
    notice = Notification.objects.create(
        user=admin, employer=employer, title="Audit due soon", url="/audits/"
    )
    body = dashboard(client)
    assert "Audit due soon" in body
    assert "Notifications (1 unread)" in body
    assert 'badge-amber">New' in body
    notice.read_at = notice.created_at
    notice.save()
    body = dashboard(client)
    assert "Notifications (1 unread)" not in body
    assert 'badge-amber">New' not in body
    # A notice about another employer changes the navigation's count here too.
    Notification.objects.create(user=admin, employer=other, title="Elsewhere")
    assert "Notifications (1 unread)" in dashboard(client)


def test_each_viewer_gets_their_own_page_and_a_message_is_shown(client, world):
    employer, _other, admin = world
    member = f.employer_member(employer, full_name="Max Member")
    client.force_login(admin)
    assert "Ada Admin" in dashboard(client)
    other_client = Client()
    other_client.force_login(member)
    body = dashboard(other_client)
    assert "Max Member" in body
    assert "Ada Admin" not in body
    # A message waiting for the next page is shown on it (the page is then not taken from the cache).
    other_client.post(reverse("web:switch_employer", args=[employer.pk]))
    assert "You are now working on Cached Roofing Ltd." in dashboard(other_client)
    assert "You are now working on" not in dashboard(other_client)  # shown once


def test_the_cached_page_carries_this_sessions_csrf_token(world):
    _employer, _other, admin = world
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(admin)
    second.force_login(admin)
    dashboard(first)
    body = dashboard(second)  # the same page, from the cache
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    assert "placeholder" not in body
    # The token works for this session's log-out form.
    response = second.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_a_change_of_the_employers_records_shows_at_once(client, world):
    employer, _other, admin = world
    client.force_login(admin)
    assert "Zed Newcomer" not in dashboard(client)
    f.PersonFactory(employer=employer, first_name="Zed", last_name="Newcomer")  # recomputes the status
    assert "Zed Newcomer" in dashboard(client)
