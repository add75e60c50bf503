"""API tokens (django-rest-knox): hashed at rest, they expire, and they die with a password change and
with log-out. Issue 12: "API tokens never expire and survive log-out and password changes"."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests import factories as f

pytestmark = pytest.mark.django_db

EMAIL = "ops@roofing.example"


def new_token(email=EMAIL, password=f.PASSWORD):
    response = APIClient().post("/api/auth/token/", {"email": email, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def with_token(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_the_token_is_stored_only_as_a_hash():
    f.UserFactory(email=EMAIL)
    token = new_token()["token"]
    row = AuthToken.objects.get()
    assert token not in (row.digest, row.token_key)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM knox_authtoken")
        assert token not in str(cursor.fetchall())
    assert with_token(token).get("/api/me/").status_code == 200


def test_a_token_expires_after_its_lifetime():
    f.UserFactory(email=EMAIL)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        body = new_token()
    ttl = settings.REST_KNOX["TOKEN_TTL"]
    assert body["expiry"]
    with time_machine.travel(start + ttl - timedelta(seconds=1), tick=False):
        assert with_token(body["token"]).get("/api/me/").status_code == 200
    with time_machine.travel(start + ttl + timedelta(seconds=1), tick=False):
        response = with_token(body["token"]).get("/api/me/")
    assert response.status_code == 403
    assert response.json()["detail"] == "Invalid token."
    assert not AuthToken.objects.exists()


def test_a_password_change_kills_every_token():
    user = f.UserFactory(email=EMAIL)
    first, second = new_token()["token"], new_token()["token"]
    user.set_password("a-new-pass-2027")
    user.save()
    for token in (first, second):
        assert with_token(token).get("/api/me/").status_code == 403
    # Saving the user without a new password keeps tokens.
    third = new_token(password="a-new-pass-2027")["token"]
    user.full_name = "Renamed"
    user.save()
    assert with_token(third).get("/api/me/").status_code == 200


def test_a_password_change_on_the_page_kills_tokens(client):
    user = f.UserFactory(email=EMAIL)
    token = new_token()["token"]
    client.force_login(user)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": f.PASSWORD, "new_password1": "a-new-pass-2027", "new_password2": "a-new-pass-2027"},
    )
    assert response.status_code == 302, response.content
    assert with_token(token).get("/api/me/").status_code == 403


def test_logging_out_of_the_site_kills_tokens(client):
    user = f.UserFactory(email=EMAIL)
    token = new_token()["token"]
    client.force_login(user)
    client.post("/accounts/logout/")
    assert with_token(token).get("/api/me/").status_code == 403


def test_api_logout_ends_this_token_and_logout_all_ends_every_token():
    f.UserFactory(email=EMAIL)
    a, b, c = (new_token()["token"] for _ in range(3))
    assert with_token(a).post("/api/auth/logout/").status_code == 204
    assert with_token(a).get("/api/me/").status_code == 403
    assert with_token(b).get("/api/me/").status_code == 200
    assert with_token(b).post("/api/auth/logout-all/").status_code == 204
    assert with_token(c).get("/api/me/").status_code == 403
