"""Sign-up confirms the e-mail address and never reveals whether an address has an account; sign-up and
password-reset e-mails are rate-limited. Issue 12: 'Sign-up says "An account with this e-mail address
exists already"', 'No e-mail verification at sign-up'."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from secor.accounts.models import User
from secor.employers.models import Employer
from tests import factories as f

pytestmark = pytest.mark.django_db


def form(email="new@roofs.example", **over):
    return {
        "full_name": "Sam Signup",
        "email": email,
        "password1": "roofs-and-ladders-26",
        "password2": "roofs-and-ladders-26",
        "employer_name": "Sam's Roofs Ltd.",
        "partner": "AB/ACSA",
        "registered_on": "",
        **over,
    }


def main_of(response, email) -> str:
    """The page's <main>, the address and the CSRF token blanked (they differ per visitor anyway)."""
    html = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html).replace(email, "X")


def confirm_path() -> str:
    return re.search(r"http://\S+(/signup/confirm/\S+/)", mail.outbox[-1].body).group(1)


def test_known_and_new_addresses_get_the_same_answer(client):
    f.UserFactory(email="taken@roofs.example", full_name="Tess Taken")
    employers = Employer.objects.count()
    known = client.post("/signup/", form("Taken@roofs.example"))
    known_page = main_of(client.get(known["Location"]), "taken@roofs.example")
    other = type(client)()
    new = other.post("/signup/", form("new@roofs.example"))
    new_page = main_of(other.get(new["Location"]), "new@roofs.example")
    assert known.status_code == new.status_code == 302
    assert known["Location"] == new["Location"] == "/signup/sent/"
    assert known_page == new_page
    assert "exists" not in known_page
    # Nothing was made for the known address; its owner is told.
    assert Employer.objects.count() == employers + 1
    assert User.objects.filter(email__iexact="taken@roofs.example").count() == 1
    assert mail.outbox[0].to == ["taken@roofs.example"]
    assert "tried to sign up" in mail.outbox[0].subject
    assert mail.outbox[1].to == ["new@roofs.example"]
    assert "Confirm your e-mail" in mail.outbox[1].subject


def test_the_new_account_opens_only_from_the_link(client):
    client.post("/signup/", form())
    user = User.objects.get(email="new@roofs.example")
    assert user.email_verified_at is None
    login = client.post("/accounts/login/", {"username": user.email, "password": "roofs-and-ladders-26"})
    assert login.status_code == 200
    assert "Confirm your e-mail address first" in login.content.decode()
    token = APIClient().post(
        "/api/auth/token/", {"email": user.email, "password": "roofs-and-ladders-26"}, format="json"
    )
    assert token.status_code == 400

    link = confirm_path()
    opened = client.get(link)
    assert opened["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200
    # The link logs in once; afterwards it sends to the log-in page.
    stranger = type(client)()
    assert stranger.get(link)["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in stranger.session


def test_the_link_expires_after_three_days_and_cannot_be_forged(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post("/signup/", form())
    link = confirm_path()
    with time_machine.travel(start + timedelta(days=3, seconds=1), tick=False):
        assert client.get(link).status_code == 400
    assert client.get(link[:-3] + "xx/").status_code == 400
    with time_machine.travel(start + timedelta(days=3) - timedelta(seconds=1), tick=False):
        assert client.get(link).status_code == 302


def test_a_new_link_can_be_asked_for_with_the_same_answer_for_any_address(client):
    client.post("/signup/", form())
    f.UserFactory(email="verified@roofs.example")
    before = len(mail.outbox)
    a = client.post("/signup/sent/", {"email": "new@roofs.example"})
    b = client.post("/signup/sent/", {"email": "verified@roofs.example"})
    c = client.post("/signup/sent/", {"email": "nobody@roofs.example"})
    assert a["Location"] == b["Location"] == c["Location"] == "/signup/sent/"
    assert [m.to for m in mail.outbox[before:]] == [["new@roofs.example"]]


def test_sign_up_mails_to_one_address_are_rate_limited(client):
    f.UserFactory(email="victim@roofs.example")
    for _ in range(6):
        assert client.post("/signup/", form("victim@roofs.example"))["Location"] == "/signup/sent/"
    assert len(mail.outbox) == 3  # 3 an hour per address


def test_password_reset_mails_are_rate_limited_per_address_and_per_client(client):
    f.UserFactory(email="victim@roofs.example")
    for _ in range(5):
        response = client.post("/accounts/password_reset/", {"email": "victim@roofs.example"})
        assert response.status_code == 302
    assert len(mail.outbox) == 3
    for i in range(15):
        client.post("/accounts/password_reset/", {"email": f"other{i}@roofs.example"})
    over = client.post("/accounts/password_reset/", {"email": "victim@roofs.example"})
    assert over.status_code == 429
    assert "Too many requests from your network" in over.content.decode()
    # Another client is not held back.
    assert (
        client.post(
            "/accounts/password_reset/", {"email": "x@roofs.example"}, REMOTE_ADDR="10.1.1.1"
        ).status_code
        == 302
    )


def test_sign_ups_from_one_client_are_rate_limited(client):
    for i in range(20):
        assert client.post("/signup/", form(f"n{i}@roofs.example"))["Location"] == "/signup/sent/"
    over = client.post("/signup/", form("n99@roofs.example"))
    assert over.status_code == 429
    assert not User.objects.filter(email="n99@roofs.example").exists()
    assert 'value="n99@roofs.example"' in over.content.decode()  # typed values stay
