"""Membership by invitation (issue 12): an admin invites an e-mail address, the address gets a link, the
invitee accepts. Inviting reveals nothing about other users; site staff cannot be invited into an employer."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from secor.accounts.models import EmployerMembership, Invitation, User
from tests import factories as f

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.fixture
def employer():
    return f.EmployerFactory(operating_name="Prairie Roofing")


@pytest.fixture
def admin(employer):
    return f.employer_admin(employer, full_name="Olive Owner")


def invite(admin, employer, email, role="member"):
    return api(admin).post(
        f"/api/employers/{employer.pk}/invitations/", {"email": email, "role": role}, format="json"
    )


def link_in_last_mail() -> str:
    match = re.search(r"http://\S+/invitations/([\w-]+)/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_known_and_unknown_addresses_get_the_same_answer(employer, admin):
    known = f.UserFactory(email="known@example.com", full_name="Kim Known")
    a = invite(admin, employer, "known@example.com")
    b = invite(admin, employer, "unknown@example.com")
    assert (a.status_code, b.status_code) == (201, 201)
    shape = {k: v for k, v in a.json().items() if k not in ("id", "email", "created_at", "expires_at")}
    assert shape == {
        k: v for k, v in b.json().items() if k not in ("id", "email", "created_at", "expires_at")
    }
    assert b"Kim Known" not in a.content
    assert set(a.json()) == {
        "id",
        "email",
        "role",
        "receives_reminders",
        "state",
        "invited_by",
        "created_at",
        "expires_at",
    }
    # Nobody joined yet: the known user is not a member until they accept.
    assert not EmployerMembership.objects.filter(user=known).exists()
    assert [m.to for m in mail.outbox] == [["known@example.com"], ["unknown@example.com"]]
    assert "Olive Owner invites you to Prairie Roofing" in mail.outbox[0].subject


def test_the_secret_is_stored_only_as_a_hash(employer, admin):
    invite(admin, employer, "new@example.com")
    secret = link_in_last_mail()
    assert secret not in str(list(Invitation.objects.values()))


def test_the_invitee_accepts_through_the_api(employer, admin):
    newcomer = f.UserFactory(email="new@example.com")
    invite(admin, employer, "New@Example.com", role="admin")
    secret = link_in_last_mail()
    response = api(newcomer).post("/api/invitations/accept/", {"secret": secret}, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {"employer": employer.pk, "partner": None, "role": "admin"}
    assert EmployerMembership.objects.get(user=newcomer, employer=employer).role == "admin"
    assert api(newcomer).get(f"/api/employers/{employer.pk}/").status_code == 200
    # A link works once.
    again = api(newcomer).post("/api/invitations/accept/", {"secret": secret}, format="json")
    assert again.status_code == 409


def test_someone_else_cannot_use_the_link(employer, admin):
    stranger = f.UserFactory(email="stranger@example.com")
    invite(admin, employer, "new@example.com")
    response = api(stranger).post("/api/invitations/accept/", {"secret": link_in_last_mail()}, format="json")
    assert response.status_code == 409
    assert "another e-mail address" in response.json()["detail"]
    assert not EmployerMembership.objects.filter(user=stranger).exists()


def test_staff_cannot_be_invited_into_an_employer(employer, admin):
    """Issue 12: admin@demo.secor was attached as an admin of a stranger's employer."""
    staff = f.staff_user(email="admin@demo.secor")
    assert invite(admin, employer, "admin@demo.secor", role="admin").status_code == 201
    secret = link_in_last_mail()
    response = api(staff).post("/api/invitations/accept/", {"secret": secret}, format="json")
    assert response.status_code == 409
    assert response.json()["detail"] == "Site staff accounts cannot join an employer."
    assert not EmployerMembership.objects.filter(user=staff).exists()


def test_an_invitation_expires_after_fourteen_days(employer, admin):
    newcomer = f.UserFactory(email="new@example.com")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        invite(admin, employer, "new@example.com")
    secret = link_in_last_mail()
    with time_machine.travel(start + timedelta(days=14), tick=False):
        response = api(newcomer).post("/api/invitations/accept/", {"secret": secret}, format="json")
    assert response.status_code == 409
    with time_machine.travel(start + timedelta(days=14) - timedelta(seconds=1), tick=False):
        response = api(newcomer).post("/api/invitations/accept/", {"secret": secret}, format="json")
    assert response.status_code == 200


def test_withdrawn_and_resent_invitations(employer, admin):
    newcomer = f.UserFactory(email="new@example.com")
    invite(admin, employer, "new@example.com")
    first = link_in_last_mail()
    invite(admin, employer, "new@example.com")  # a resend replaces the first link
    second = link_in_last_mail()
    assert api(newcomer).post("/api/invitations/accept/", {"secret": first}, format="json").status_code == 409
    open_one = Invitation.objects.get(employer=employer, revoked_at__isnull=True)
    url = f"/api/employers/{employer.pk}/invitations/{open_one.pk}/withdraw/"
    assert api(admin).post(url).json()["state"] == "withdrawn"
    assert (
        api(newcomer).post("/api/invitations/accept/", {"secret": second}, format="json").status_code == 409
    )
    listing = api(admin).get(f"/api/employers/{employer.pk}/invitations/").json()
    assert [i["state"] for i in listing] == ["withdrawn", "withdrawn"]


def test_inviting_an_existing_member_is_a_field_error(employer, admin):
    response = invite(admin, employer, admin.email.upper())
    assert response.status_code == 400
    assert "email" in response.json()


def test_another_employers_invitation_cannot_be_withdrawn(employer, admin):
    other = f.EmployerFactory()
    other_admin = f.employer_admin(other)
    invite(other_admin, other, "x@example.com")
    theirs = Invitation.objects.get(employer=other)
    url = f"/api/employers/{employer.pk}/invitations/{theirs.pk}/withdraw/"
    assert api(admin).post(url).status_code == 404
    assert api(admin).get(f"/api/employers/{other.pk}/invitations/").status_code == 404


# --- pages ---------------------------------------------------------------------------------------------------


def test_team_page_invites_and_the_link_creates_an_account(client, employer, admin):
    client.force_login(admin)
    page = client.get("/team/")
    assert page.status_code == 200
    assert b"Invite someone" in page.content
    response = client.post("/team/", {"email": "fresh@example.com", "role": "member"})
    assert response.status_code == 302
    secret = link_in_last_mail()

    invitee = type(client)()
    page = invitee.get(f"/invitations/{secret}/")
    assert page.status_code == 200
    assert b"Create your account" in page.content
    bad = invitee.post(
        f"/invitations/{secret}/", {"full_name": "Fay Fresh", "password1": "x", "password2": "y"}
    )
    assert bad.status_code == 200
    assert b"Fay Fresh" in bad.content  # typed values stay
    assert not User.objects.filter(email="fresh@example.com").exists()
    ok = invitee.post(
        f"/invitations/{secret}/",
        {"full_name": "Fay Fresh", "password1": "long-enough-2026", "password2": "long-enough-2026"},
    )
    assert ok.status_code == 302
    user = User.objects.get(email="fresh@example.com")
    assert EmployerMembership.objects.filter(user=user, employer=employer, role="member").exists()
    assert invitee.get("/dashboard/").status_code == 200


def test_a_known_invitee_logs_in_then_accepts_on_the_page(client, employer, admin):
    newcomer = f.UserFactory(email="new@example.com")
    invite(admin, employer, "new@example.com")
    secret = link_in_last_mail()
    page = client.get(f"/invitations/{secret}/")
    assert b"Log in as new@example.com to accept" in page.content
    client.force_login(newcomer)
    assert client.post(f"/invitations/{secret}/").status_code == 302
    assert EmployerMembership.objects.filter(user=newcomer, employer=employer).exists()


def test_unknown_link_is_404_and_a_member_cannot_invite(client, employer, admin):
    assert client.get("/invitations/not-a-real-secret/").status_code == 404
    member = f.employer_member(employer)
    client.force_login(member)
    assert client.get("/team/").status_code == 200
    assert client.post("/team/", {"email": "x@example.com", "role": "admin"}).status_code == 403
    assert not Invitation.objects.exists()
