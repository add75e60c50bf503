"""Log-in lock-out and the log-in audit trail (django-axes), on the log-in page and the token endpoint.

Issue 12: "20 wrong passwords on /accounts/login/, then the right one logs in; the same on /api/auth/token/.
No record of log-ins or failed log-ins." Each test below fails on the code before the lock-out existed.
"""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from rest_framework.test import APIClient

from tests import factories as f

pytestmark = pytest.mark.django_db

EMAIL = "ops@roofing.example"
LIMIT = 20


def page_login(client, email, password, **extra):
    return client.post("/accounts/login/", {"username": email, "password": password}, **extra)


def token_login(email, password, **extra):
    return APIClient().post(
        "/api/auth/token/", {"email": email, "password": password}, format="json", **extra
    )


def test_twenty_wrong_passwords_lock_the_page_log_in_even_for_the_right_password(client):
    f.UserFactory(email=EMAIL)
    for _ in range(LIMIT - 1):
        assert page_login(client, EMAIL, "wrong").status_code == 200  # the form again, with its error
    locked = page_login(client, EMAIL, "wrong")
    assert locked.status_code == 429
    assert b"Too many failed log-ins" in locked.content
    right = page_login(client, EMAIL, f.PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username=EMAIL).failures_since_start >= LIMIT


def test_nineteen_wrong_passwords_then_the_right_one_logs_in(client):
    """Boundary: one below the limit still logs in, and a success clears the count."""
    f.UserFactory(email=EMAIL)
    for _ in range(LIMIT - 1):
        page_login(client, EMAIL, "wrong")
    assert page_login(client, EMAIL, f.PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username=EMAIL).exists()


def test_changing_the_case_of_the_address_does_not_reset_the_count(client):
    f.UserFactory(email=EMAIL)
    for i in range(LIMIT):
        page_login(client, EMAIL.upper() if i % 2 else f"  {EMAIL}", "wrong", REMOTE_ADDR=f"10.0.0.{i}")
    assert page_login(client, EMAIL, f.PASSWORD, REMOTE_ADDR="10.9.9.9").status_code == 429


def test_one_client_trying_many_addresses_is_locked_out_and_forwarded_for_does_not_help(client):
    f.UserFactory(email=EMAIL)
    for i in range(LIMIT):
        page_login(client, f"guess{i}@roofing.example", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    response = page_login(client, EMAIL, f.PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429


def test_twenty_wrong_passwords_lock_the_token_endpoint():
    f.UserFactory(email=EMAIL)
    for _ in range(LIMIT - 1):
        assert token_login(EMAIL, "wrong").status_code == 400
    assert token_login(EMAIL, "wrong").status_code == 429
    right = token_login(EMAIL, f.PASSWORD)
    assert right.status_code == 429
    assert "Too many failed log-ins" in right.json()["detail"]
    assert "token" not in right.json()


def test_page_and_token_failures_count_together(client):
    f.UserFactory(email=EMAIL)
    for _ in range(LIMIT // 2):
        page_login(client, EMAIL, "wrong")
        token_login(EMAIL, "wrong")
    assert token_login(EMAIL, f.PASSWORD).status_code == 429
    assert page_login(client, EMAIL, f.PASSWORD).status_code == 429


def test_log_ins_and_failures_are_recorded_for_staff_in_the_admin(client):
    f.UserFactory(email=EMAIL)
    page_login(client, EMAIL, "wrong", REMOTE_ADDR="203.0.113.5")
    assert token_login(EMAIL, f.PASSWORD).status_code == 200
    assert page_login(client, EMAIL, f.PASSWORD).status_code == 302
    failure = AccessFailureLog.objects.get()
    assert (failure.username, failure.ip_address, failure.path_info) == (
        EMAIL,
        "203.0.113.5",
        "/accounts/login/",
    )
    assert sorted(log.path_info for log in AccessLog.objects.filter(username=EMAIL)) == ["/accounts/login/"]

    admin = f.staff_user(is_superuser=True)
    staff = APIClient()
    staff.force_login(admin)
    for url in ("/admin/axes/accessfailurelog/", "/admin/axes/accesslog/", "/admin/axes/accessattempt/"):
        response = staff.get(url)
        assert response.status_code == 200, url
        assert EMAIL.encode() in response.content or url.endswith("accessattempt/")
    # Passwords are never kept in the trail.
    assert f.PASSWORD not in str(list(AccessAttempt.objects.values()))
    assert "wrong" not in str(list(AccessAttempt.objects.values_list("post_data", flat=True)))
