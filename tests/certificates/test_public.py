"""Public verification answers valid / not valid, since when and the partner, and nothing else; it is
rate-limited and matches exact numbers only. The directory lists only employers that opted in, and opting out
removes them at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from secor.certificates import public, services
from secor.certificates.models import Certificate
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


@pytest.fixture
def certified():
    employer = f.EmployerFactory(legal_name="Secretive Roofing Ltd", city="Red Deer")
    enrolment = f.EnrolmentFactory(employer=employer)
    services.issue(
        enrolment=enrolment,
        number="ACSA-AB-2026-00018",
        issued_on=dt.date(2026, 3, 1),
        expires_on=dt.date(2029, 3, 1),
        reason="accepted audit",
        decided_as=services.Decider.AUDIT,
        notify=False,
    )
    enrolment.refresh_from_db()
    return enrolment


def test_valid_certificate_says_since_and_partner_only(client, certified):
    body = client.get(reverse("certificates:verify"), {"n": " acsa-ab-2026-00018 "}).content.decode()
    assert "Valid" in body
    assert "Valid since March 1, 2026" in body
    assert "Alberta Construction Safety Association" in body
    assert "Secretive Roofing" not in body
    assert "Red Deer" not in body


def test_prefixes_and_unknown_numbers_reveal_nothing(client, certified):
    for guess in ("ACSA-AB-2026", "ACSA-AB-2026-0001", "NOPE-1"):
        body = client.get(reverse("certificates:verify"), {"n": guess}).content.decode()
        assert "No certificate with this number is on record." in body
        assert "ACSA-AB-2026-00018" not in body


def test_cancelled_certificate_is_not_valid_since_the_decision(client, certified):
    services.decide(
        enrolment=certified,
        kind="cancelled",
        user=f.staff_user(),
        reason="missed",
        effective_on=dt.date(2026, 6, 2),
    )
    body = client.get(reverse("certificates:verify"), {"n": "ACSA-AB-2026-00018"}).content.decode()
    assert "Not valid since June 2, 2026" in body
    assert "missed" not in body  # the reason is the holder's business


def test_the_letter_link_shows_the_holder(client, certified):
    certificate = Certificate.objects.get(enrolment=certified)
    url = public.verify_url(certificate)
    assert url.startswith("http")
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert "Secretive Roofing" in client.get("/" + path).content.decode()
    forged = client.get(reverse("certificates:verify"), {"n": certificate.number, "t": "forged"})
    assert "Secretive Roofing" not in forged.content.decode()


def test_rate_limited(client, certified, settings):
    settings.VERIFY_RATE_PER_MINUTE = 3
    codes = [client.get(reverse("certificates:verify"), {"n": f"X-{i}"}).status_code for i in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_directory_opt_in_and_out(client, certified):
    admin = f.employer_admin(certified.employer)
    page = reverse("certificates:directory", args=["AB", "ACSA"])
    assert "Secretive Roofing" not in client.get(page).content.decode()

    client.force_login(admin)
    toggle = reverse("certificates:directory_toggle", args=[certified.employer_id])
    client.post(toggle, {"partner": certified.partner_id, "listed": "1"})
    client.logout()
    listed = client.get(page).content.decode()
    assert "Secretive Roofing" in listed
    assert "Red Deer" in listed
    body = client.get(reverse("certificates:verify"), {"n": "ACSA-AB-2026-00018"}).content.decode()
    assert "Held by Secretive Roofing" in body  # published by the holder

    client.force_login(admin)
    client.post(toggle, {"partner": certified.partner_id, "listed": "0"})
    client.logout()
    assert "Secretive Roofing" not in client.get(page).content.decode()


def test_only_admins_list_the_employer(client, certified):
    member = f.employer_member(certified.employer)
    client.force_login(member)
    toggle = reverse("certificates:directory_toggle", args=[certified.employer_id])
    assert client.post(toggle, {"partner": certified.partner_id, "listed": "1"}).status_code == 403


def test_certificate_page_shows_history_and_declared_state(client, certified):
    admin = f.employer_admin(certified.employer)
    client.force_login(admin)
    body = client.get(reverse("certificates:ledger", args=[certified.employer_id])).content.decode()
    assert "Certificate held" in body
    assert "ACSA-AB-2026-00018" in body
    assert "Accepted audit" in body
    assert "Record a decision" not in body  # employers do not decide
    other = f.employer_admin(f.EmployerFactory())
    client.force_login(other)
    assert client.get(reverse("certificates:ledger", args=[certified.employer_id])).status_code == 404
