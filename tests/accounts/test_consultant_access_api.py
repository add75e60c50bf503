"""Employer admins grant and revoke consultant firms' access; the trail is kept; access follows at once."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from secor.accounts.models import ConsultantAccess
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


@pytest.fixture
def consultant():
    return f.consultant_for(None)


def url(employer) -> str:
    return f"/api/employers/{employer.pk}/consultant-access/"


def test_grant_then_revoke_with_trail(employer, admin, consultant):
    firm = consultant.consultant_firm
    assert client_for(consultant).get(f"/api/employers/{employer.pk}/").status_code == 404

    response = client_for(admin).post(url(employer), {"firm": firm.pk}, format="json")
    assert response.status_code == 201, response.content
    grant = response.json()
    assert grant["is_active"] is True
    assert grant["granted_by"] == admin.email
    assert client_for(consultant).get(f"/api/employers/{employer.pk}/").status_code == 200

    response = client_for(admin).post(f"{url(employer)}{grant['id']}/revoke/")
    assert response.status_code == 200
    assert response.json()["revoked_by"] == admin.email
    assert client_for(consultant).get(f"/api/employers/{employer.pk}/").status_code == 404

    # the trail: the grant row stays, and its history has the grant and the revocation
    trail = client_for(admin).get(url(employer)).json()
    assert [(g["firm"]["id"], g["is_active"]) for g in trail] == [(firm.pk, False)]
    row = ConsultantAccess.objects.get(pk=grant["id"])
    assert [h.history_type for h in row.history.order_by("history_date")] == ["+", "~"]
    assert row.history.latest().history_user == admin


def test_granting_twice_is_400(employer, admin, consultant):
    firm = consultant.consultant_firm
    assert client_for(admin).post(url(employer), {"firm": firm.pk}, format="json").status_code == 201
    response = client_for(admin).post(url(employer), {"firm": firm.pk}, format="json")
    assert response.status_code == 400
    assert ConsultantAccess.objects.filter(employer=employer).count() == 1


def test_revoking_twice_is_400(employer, admin, consultant):
    grant = f.ConsultantAccessFactory(employer=employer, firm=consultant.consultant_firm)
    assert client_for(admin).post(f"{url(employer)}{grant.pk}/revoke/").status_code == 200
    assert client_for(admin).post(f"{url(employer)}{grant.pk}/revoke/").status_code == 400


def test_regrant_after_revoke(employer, admin, consultant):
    firm = consultant.consultant_firm
    grant = f.ConsultantAccessFactory(employer=employer, firm=firm)
    client_for(admin).post(f"{url(employer)}{grant.pk}/revoke/")
    assert client_for(admin).post(url(employer), {"firm": firm.pk}, format="json").status_code == 201
    assert ConsultantAccess.objects.filter(employer=employer, firm=firm).count() == 2


def test_unknown_firm_is_400(employer, admin):
    response = client_for(admin).post(url(employer), {"firm": 999999}, format="json")
    assert response.status_code == 400
    assert "firm" in response.json()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        pytest.param(lambda e: f.employer_member(e), 403, id="member"),
        pytest.param(lambda e: f.consultant_for(e), 403, id="consultant-with-grant"),
        pytest.param(lambda e: f.reviewer_of("AB", "ACSA"), 403, id="reviewer-of-partner"),
        pytest.param(lambda e: f.employer_admin(f.EmployerFactory()), 404, id="other-employer-admin"),
        pytest.param(lambda e: f.staff_user(), 201, id="staff"),
    ],
)
def test_only_admins_and_staff_grant(employer, consultant, who, status):
    f.EnrolmentFactory(employer=employer)  # so the ACSA reviewer can see the employer
    response = client_for(who(employer)).post(
        url(employer), {"firm": consultant.consultant_firm.pk}, format="json"
    )
    assert response.status_code == status
    assert client_for(who(employer)).get(url(employer)).status_code in ({201: 200}.get(status, status),)


def test_non_admins_cannot_revoke(employer, consultant):
    grant = f.ConsultantAccessFactory(employer=employer, firm=consultant.consultant_firm)
    # the consultant cannot revoke (or extend) their own access
    assert client_for(consultant).post(f"{url(employer)}{grant.pk}/revoke/").status_code == 403
    grant.refresh_from_db()
    assert grant.is_active


def test_revoking_another_employers_grant_is_404(employer, admin, consultant):
    other_grant = f.ConsultantAccessFactory(firm=consultant.consultant_firm)
    assert client_for(admin).post(f"{url(employer)}{other_grant.pk}/revoke/").status_code == 404
    other_grant.refresh_from_db()
    assert other_grant.is_active


def test_consultant_firm_directory(consultant):
    response = client_for(f.employer_admin(f.EmployerFactory())).get(
        "/api/consultant-firms/", {"search": consultant.consultant_firm.name}
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [consultant.consultant_firm.pk]
