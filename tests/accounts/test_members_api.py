"""Employer admins manage the employer's members; the last admin stays."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from secor.accounts.models import EmployerMembership
from tests import factories as f

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.fixture
def employer():
    return f.EmployerFactory()


@pytest.fixture
def admin(employer):
    return f.employer_admin(employer)


def url(employer, membership=None) -> str:
    base = f"/api/employers/{employer.pk}/members/"
    return f"{base}{membership.pk}/" if membership else base


def test_admin_changes_and_removes_a_member(employer, admin):
    newcomer = f.employer_member(employer)
    membership = EmployerMembership.objects.get(employer=employer, user=newcomer)
    assert client_for(newcomer).get(f"/api/employers/{employer.pk}/").status_code == 200

    response = client_for(admin).patch(url(employer, membership), {"role": "admin"}, format="json")
    assert response.status_code == 200
    assert response.json()["role"] == "admin"

    assert client_for(admin).delete(url(employer, membership)).status_code == 204
    assert client_for(newcomer).get(f"/api/employers/{employer.pk}/").status_code == 404


def test_members_cannot_be_added_directly_any_more(employer, admin):
    """Issue 12: POST members/ attached any known user (staff included) and told their full name."""
    staff = f.staff_user(email="admin@demo.secor", full_name="Site Admin")
    response = client_for(admin).post(url(employer), {"email": staff.email, "role": "admin"}, format="json")
    assert response.status_code == 405
    assert b"Site Admin" not in response.content
    assert not EmployerMembership.objects.filter(user=staff).exists()


def test_members_list(employer, admin):
    member = f.employer_member(employer)
    response = client_for(member).get(url(employer))
    assert response.status_code == 200
    assert {m["email"] for m in response.json()} == {admin.email, member.email}


def test_last_admin_cannot_be_demoted_or_removed(employer, admin):
    own = EmployerMembership.objects.get(employer=employer, user=admin)
    response = client_for(admin).patch(url(employer, own), {"role": "member"}, format="json")
    assert response.status_code == 400
    assert client_for(admin).delete(url(employer, own)).status_code == 400
    own.refresh_from_db()
    assert own.role == "admin"


def test_member_cannot_manage_members(employer, admin):
    member = f.employer_member(employer)
    f.UserFactory(email="x@example.com")
    invite = f"/api/employers/{employer.pk}/invitations/"
    assert client_for(member).post(invite, {"email": "x@example.com"}, format="json").status_code == 403
    own = EmployerMembership.objects.get(employer=employer, user=member)
    assert client_for(member).patch(url(employer, own), {"role": "admin"}, format="json").status_code == 403
    own.refresh_from_db()
    assert own.role == "member"


def test_reviewer_cannot_list_members(employer):
    f.EnrolmentFactory(employer=employer)
    assert client_for(f.reviewer_of("AB", "ACSA")).get(url(employer)).status_code == 403


def test_other_tenant_gets_404(employer, admin):
    outsider = f.employer_admin(f.EmployerFactory())
    assert client_for(outsider).get(url(employer)).status_code == 404
    invite = f"/api/employers/{employer.pk}/invitations/"
    assert client_for(outsider).post(invite, {"email": outsider.email}, format="json").status_code == 404


def test_membership_of_another_employer_is_404(employer, admin):
    elsewhere = EmployerMembership.objects.get(user=f.employer_admin(f.EmployerFactory()))
    assert client_for(admin).delete(url(employer, elsewhere)).status_code == 404
    assert EmployerMembership.objects.filter(pk=elsewhere.pk).exists()
