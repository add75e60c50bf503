"""Every ``next`` (and every other redirect to a target the request supplied) stays on this site (issue 12).

The probe found ``/people/<id>/training/new/?next=https://evil.example/phish`` redirecting off-site after
saving; each handler now goes through ``secor.core.redirects``."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from secor.core.redirects import is_safe_target, safe_redirect_target
from secor.reminders.models import Notification
from training.models import Course

pytestmark = pytest.mark.django_db

EVIL = [
    "https://evil.example/phish",
    "//evil.example/phish",
    "/\\evil.example/phish",
    "\\\\evil.example",
    "javascript:alert(1)",
    "http:evil.example",
    " https://evil.example",
]


@pytest.mark.parametrize("target", EVIL)
def test_helper_refuses_off_site_targets(target):
    request = RequestFactory().get("/")
    assert not is_safe_target(request, target)
    assert safe_redirect_target(request, target, "home") == reverse("home")


@pytest.mark.parametrize("target", ["/people/", "/people/?q=a#x", "http://testserver/people/"])
def test_helper_keeps_on_site_targets(target):
    assert safe_redirect_target(RequestFactory().get("/"), target, "home") == target


def test_helper_refuses_http_when_the_request_is_https():
    request = RequestFactory().get("/", secure=True)
    assert not is_safe_target(request, "http://testserver/people/")
    assert is_safe_target(request, "https://testserver/people/")


def _save_training(client, person, next_value):
    course = Course.objects.get(partner__code="ACSA", code="CSTS")
    url = reverse("web:training_new", args=[person.pk]) + f"?next={next_value}"
    page = client.get(url)
    return page, client.post(
        url, {"course": course.pk, "completed_on": "2026-05-01", "provider": "ACSA", "next": next_value}
    )


@pytest.mark.parametrize("target", EVIL[:3])
def test_training_form_next_off_site_goes_to_people(owner_client, owner, target):
    person = owner.employer.people.first()
    page, response = _save_training(owner_client, person, target)
    assert "evil.example" not in page.content.decode()  # not even echoed into the form
    assert response.status_code == 302
    assert response["Location"] == reverse("web:people")


def test_training_form_next_on_site_is_followed(owner_client, owner):
    person = owner.employer.people.first()
    page, response = _save_training(owner_client, person, "/dashboard/")
    assert 'name="next" value="/dashboard/"' in page.content.decode()
    assert response["Location"] == "/dashboard/"


def test_switch_employer_next(owner_client, owner):
    url = reverse("web:switch_employer", args=[owner.employer.pk])
    assert owner_client.post(url, {"next": EVIL[0]})["Location"] == reverse("web:dashboard")
    assert owner_client.post(url, {"next": "/people/"})["Location"] == "/people/"


@pytest.mark.parametrize("name", ["reminders:notification-read", "reminders:notifications-read-all"])
def test_notification_next(owner_client, owner, name):
    notice = Notification.objects.create(user=owner, title="Renew the certificate")
    url = reverse(name, args=[notice.pk]) if name.endswith("-read") else reverse(name)
    assert owner_client.post(url, {"next": EVIL[0]})["Location"] == reverse("reminders:notifications")
    assert owner_client.post(url, {"next": "/people/"})["Location"] == "/people/"


def test_notification_open_never_leaves_the_site(owner_client, owner):
    notice = Notification.objects.create(user=owner, title="Renew", url="https://evil.example/x")
    url = reverse("reminders:notification-read", args=[notice.pk])
    assert owner_client.post(url, {"open": "1"})["Location"] == reverse("reminders:notifications")
    notice.url = "/reminders/deadlines/1/"
    notice.save()
    assert owner_client.post(url, {"open": "1"})["Location"] == "/reminders/deadlines/1/"


def test_login_next(client, owner):
    from tests.factories import PASSWORD

    url = reverse("login")
    response = client.post(url, {"username": owner.email, "password": PASSWORD, "next": EVIL[0]})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    client.logout()
    response = client.post(url, {"username": owner.email, "password": PASSWORD, "next": "/people/"})
    assert response["Location"] == "/people/"
