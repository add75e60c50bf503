"""Token authentication with e-mail and password, and ``/api/me/`` with the user's roles."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_token_with_email_and_password_then_use_it():
    employer = f.EmployerFactory()
    user = f.employer_admin(employer, email="ops@roofing.example")
    response = APIClient().post(
        "/api/auth/token/", {"email": "OPS@roofing.example", "password": f.PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    token = response.json()["token"]

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/me/")
    assert me.status_code == 200
    assert me.json()["email"] == user.email
    assert client.get(f"/api/employers/{employer.pk}/").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"email": "ops@roofing.example", "password": "wrong"}, id="wrong-password"),
        pytest.param({"email": "nobody@roofing.example", "password": f.PASSWORD}, id="unknown-user"),
        pytest.param({"email": "not-an-email", "password": f.PASSWORD}, id="bad-email"),
        pytest.param({"username": "ops@roofing.example", "password": f.PASSWORD}, id="username-field"),
        pytest.param({}, id="empty"),
    ],
)
def test_token_refused(body):
    f.UserFactory(email="ops@roofing.example")
    response = APIClient().post("/api/auth/token/", body, format="json")
    assert response.status_code == 400


def test_inactive_user_gets_no_token():
    f.UserFactory(email="gone@roofing.example", is_active=False)
    response = APIClient().post(
        "/api/auth/token/", {"email": "gone@roofing.example", "password": f.PASSWORD}, format="json"
    )
    assert response.status_code == 400


def test_bad_token_is_refused():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token nope")
    response = client.get("/api/me/")
    # 403, not 401: session authentication comes first and sends no challenge (see docs/tenancy.md)
    assert response.status_code == 403
    assert response.json()["detail"] == "Invalid token."


def test_me_lists_roles_and_employers():
    mine = f.EmployerFactory(operating_name="Alpha Roofing")
    client_employer = f.EmployerFactory(operating_name="Beta Framing")
    revoked = f.EmployerFactory(operating_name="Gamma Gone")
    user = f.employer_member(mine)
    firm = f.ConsultantFirmFactory()
    user.consultant_firm = firm
    user.save()
    f.ConsultantAccessFactory(employer=client_employer, firm=firm)
    from django.utils import timezone

    f.ConsultantAccessFactory(employer=revoked, firm=firm, revoked_at=timezone.now())
    client = APIClient()
    client.force_authenticate(user)
    body = client.get("/api/me/").json()
    assert body["roles"] == ["employer_member", "consultant"]
    assert [(e["name"], e["role"]) for e in body["employers"]] == [
        ("Alpha Roofing", "member"),
        ("Beta Framing", "consultant"),
    ]
    assert body["consultant_firm"]["id"] == firm.pk


@pytest.mark.parametrize(
    ("make", "roles"),
    [
        pytest.param(lambda: f.staff_user(), ["staff"], id="staff"),
        pytest.param(lambda: f.reviewer_of("AB", "ACSA"), ["reviewer"], id="reviewer"),
        pytest.param(lambda: f.employer_admin(f.EmployerFactory()), ["employer_admin"], id="admin"),
        pytest.param(lambda: f.UserFactory(), [], id="nobody"),
    ],
)
def test_me_roles(make, roles):
    client = APIClient()
    user = make()
    client.force_authenticate(user)
    body = client.get("/api/me/").json()
    assert body["roles"] == roles
    if "reviewer" in roles:
        assert body["reviewer_partner"]["code"] == "ACSA"


def test_me_needs_login():
    assert APIClient().get("/api/me/").status_code == 403


@pytest.mark.django_db
def test_log_in_ignores_the_case_of_the_e_mail(client):
    from secor.accounts.models import User

    User.objects.create_user("Mixed.Case@Example.com", "s3cret-pass-42")
    assert User.objects.filter(email="mixed.case@example.com").exists()
    response = client.post(
        "/accounts/login/", {"username": "MIXED.case@example.COM", "password": "s3cret-pass-42"}
    )
    assert response.status_code == 302
    assert client.get("/api/me/").json()["email"] == "mixed.case@example.com"
