"""Second factor (django-otp): required for staff and partner reviewers, offered to everyone.

Issue 12: "No MFA for anyone, staff and partner reviewers included." These tests log in through the form
(the real path), not ``force_login``, except where marked."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from tests import factories as f
from tests.mfa import current_code, totp_device

pytestmark = pytest.mark.django_db


def form_login(client, user):
    return client.post("/accounts/login/", {"username": user.email, "password": f.PASSWORD})


def test_a_reviewer_without_a_second_factor_is_refused_until_set_up(client):
    reviewer = f.reviewer_of("AB", "ACSA")
    response = form_login(client, reviewer)
    assert response.status_code == 302
    # Every page sends them to set-up; the session API refuses.
    for url in ("/", "/review/", "/dashboard/", "/portfolio/"):
        page = client.get(url)
        assert page.status_code == 302, url
        assert page["Location"].startswith("/accounts/mfa/setup/"), url
    api = client.get("/api/me/")
    assert api.status_code == 403
    assert "second factor" in api.json()["detail"]

    setup = client.get("/accounts/mfa/setup/")
    assert setup.status_code == 200
    assert b"<svg" in setup.content
    assert b"needs a second factor" in setup.content
    device = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    wrong = client.post("/accounts/mfa/setup/", {"code": "000000"})
    assert b"That code is not right" in wrong.content
    # django-otp makes a wrong code wait (1 s, then doubling) before the next try.
    with time_machine.travel(timezone.now() + timedelta(seconds=2), tick=False):
        done = client.post("/accounts/mfa/setup/", {"code": current_code(device)})
    assert done.status_code == 200
    assert b"Your recovery codes" in done.content
    assert StaticDevice.objects.get(user=reviewer).token_set.count() == 10

    assert client.get("/api/me/").status_code == 200
    assert client.get("/review/").status_code == 200


def test_totp_log_in_with_the_test_client(client):
    reviewer = f.reviewer_of("AB", "ACSA")
    device = totp_device(reviewer)
    response = client.post(
        "/accounts/login/?next=/review/",
        {"username": reviewer.email, "password": f.PASSWORD, "next": "/review/"},
    )
    assert response.status_code == 302
    held = client.get("/review/")
    assert held["Location"] == "/accounts/mfa/verify/?next=%2Freview%2F"
    wrong = client.post("/accounts/mfa/verify/", {"code": "123456", "next": "/review/"})
    assert wrong.status_code == 200
    assert b"That code is not right" in wrong.content
    with time_machine.travel(timezone.now() + timedelta(seconds=2), tick=False):
        ok = client.post("/accounts/mfa/verify/", {"code": current_code(device), "next": "/review/"})
    assert ok.status_code == 302
    assert ok["Location"] == "/review/"
    assert client.get("/review/").status_code == 200


def test_the_code_step_does_not_redirect_off_the_site(client):
    staff = f.staff_user()
    device = totp_device(staff)
    form_login(client, staff)
    response = client.post(
        "/accounts/mfa/verify/", {"code": current_code(device), "next": "https://evil.example/phish"}
    )
    assert response["Location"] == "/"


def test_a_recovery_code_works_once(client):
    staff = f.staff_user()
    totp_device(staff)
    from secor.accounts.mfa import new_recovery_codes

    codes = new_recovery_codes(staff)
    form_login(client, staff)
    assert client.post("/accounts/mfa/verify/", {"code": codes[0]}).status_code == 302
    assert client.get("/admin/").status_code == 200
    other = type(client)()
    form_login(other, staff)
    again = other.post("/accounts/mfa/verify/", {"code": codes[0]})
    assert again.status_code == 200
    assert StaticDevice.objects.get(user=staff).token_set.count() == 9


@pytest.mark.no_auto_mfa
def test_staff_cannot_reach_the_admin_without_a_second_factor(client):
    staff = f.staff_user(is_superuser=True)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/mfa/setup/")


def test_the_token_endpoint_wants_a_code_from_staff_and_reviewers():
    reviewer = f.reviewer_of("AB", "ACSA")
    body = {"email": reviewer.email, "password": f.PASSWORD}
    no_device = APIClient().post("/api/auth/token/", body, format="json")
    assert no_device.status_code == 400
    assert "Set up a second factor" in no_device.json()["otp"][0]
    device = totp_device(reviewer)
    missing = APIClient().post("/api/auth/token/", body, format="json")
    assert missing.status_code == 400
    assert "otp" in missing.json()
    ok = APIClient().post("/api/auth/token/", {**body, "otp": current_code(device)}, format="json")
    assert ok.status_code == 200, ok.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {ok.json()['token']}")
    assert client.get("/api/me/").json()["roles"] == ["reviewer"]


def test_anyone_may_turn_it_on_and_then_log_in_needs_the_code(client):
    owner = f.employer_admin(f.EmployerFactory())
    form_login(client, owner)
    assert client.get("/dashboard/").status_code == 200  # not required of an employer admin
    page = client.get("/accounts/mfa/")
    assert b"Set up a second factor" in page.content
    client.get("/accounts/mfa/setup/")
    device = TOTPDevice.objects.get(user=owner)
    client.post("/accounts/mfa/setup/", {"code": current_code(device)})
    client.post("/accounts/logout/")

    form_login(client, owner)
    held = client.get("/dashboard/")
    assert held["Location"].startswith("/accounts/mfa/verify/")
    token = APIClient().post(
        "/api/auth/token/", {"email": owner.email, "password": f.PASSWORD}, format="json"
    )
    assert token.status_code == 400

    # Turning it off needs the code step first; then log-in asks only for the password.
    assert client.post("/accounts/mfa/turn-off/")["Location"] == "/accounts/mfa/verify/"


def test_reviewers_cannot_turn_it_off(client):
    reviewer = f.reviewer_of("AB", "ACSA")
    client.force_login(reviewer)
    client.post("/accounts/mfa/turn-off/")
    assert TOTPDevice.objects.filter(user=reviewer).exists()
