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


def test_admin_adds_changes_and_removes_a_member(employer, admin):
    newcomer = f.UserFactory(email="new.hire@example.com")
    response = client_for(admin).post(
        url(employer), {"email": "New.Hire@example.com", "role": "member"}, format="json"
    )
    assert response.status_code == 201, response.content
    membership = EmployerMembership.objects.get(employer=employer, user=newcomer)
    assert client_for(newcomer).get(f"/api/employers/{employer.pk}/").status_code == 200

    response = client_for(admin).patch(url(employer, membership), {"role": "admin"}, format="json")
    assert response.status_code == 200
    assert response.json()["role"] == "admin"

    assert client_for(admin).delete(url(employer, membership)).status_code == 204
    assert client_for(newcomer).get(f"/api/employers/{employer.pk}/").status_code == 404


def test_members_list(employer, admin):
    member = f.employer_member(employer)
    response = client_for(member).get(url(employer))
    assert response.status_code == 200
    assert {m["email"] for m in response.json()} == {admin.email, member.email}


def test_unknown_email_is_400(employer, admin):
    response = client_for(admin).post(url(employer), {"email": "nobody@example.com"}, format="json")
    assert response.status_code == 400
    assert "email" in response.json()


def test_adding_twice_is_400(employer, admin):
    response = client_for(admin).post(url(employer), {"email": admin.email}, format="json")
    assert response.status_code == 400


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
    assert (
        client_for(member).post(url(employer), {"email": "x@example.com"}, format="json").status_code == 403
    )
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
    assert (
        client_for(outsider).post(url(employer), {"email": outsider.email}, format="json").status_code == 404
    )


def test_membership_of_another_employer_is_404(employer, admin):
    elsewhere = EmployerMembership.objects.get(user=f.employer_admin(f.EmployerFactory()))
    assert client_for(admin).delete(url(employer, elsewhere)).status_code == 404
    assert EmployerMembership.objects.filter(pk=elsewhere.pk).exists()
