"""Access follows the records that grant it: reviewers through enrolments *or* memberships, consultants
only while the grant is active, members only while they are members."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from secor.accounts.models import EmployerMembership
from tests import factories as f

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_reviewer_sees_an_employer_registered_only_through_a_membership():
    employer = f.EmployerFactory()
    person = f.PersonFactory(employer=employer)
    reviewer = client_for(f.reviewer_of("SK", "SCSA"))
    assert reviewer.get(f"/api/people/{person.pk}/").status_code == 404
    f.MembershipFactory(employer=employer, partner=f.partner("SK", "SCSA"))
    assert reviewer.get(f"/api/people/{person.pk}/").status_code == 200
    assert reviewer.patch(f"/api/people/{person.pk}/", {"job_title": "x"}, format="json").status_code == 403


def test_revoking_a_grant_closes_every_record_at_once():
    employer = f.EmployerFactory()
    person = f.PersonFactory(employer=employer)
    record = f.TrainingRecordFactory(person=person)
    consultant = f.consultant_for(employer)
    client = client_for(consultant)
    assert client.get(f"/api/training-records/{record.pk}/").status_code == 200
    consultant.consultant_firm.grants.update(revoked_at=timezone.now())
    assert client.get(f"/api/training-records/{record.pk}/").status_code == 404
    assert client.get(f"/api/people/{person.pk}/").status_code == 404
    assert client.get("/api/people/").json()["results"] == []


def test_removed_member_loses_access():
    employer = f.EmployerFactory()
    f.employer_admin(employer)
    member = f.employer_member(employer)
    client = client_for(member)
    assert client.get(f"/api/employers/{employer.pk}/").status_code == 200
    EmployerMembership.objects.filter(user=member).delete()
    assert client.get(f"/api/employers/{employer.pk}/").status_code == 404


def test_inactive_user_sees_nothing():
    employer = f.EmployerFactory()
    user = f.employer_admin(employer)
    user.is_active = False
    user.save()
    client = APIClient()
    client.force_authenticate(user)
    response = client.get("/api/employers/")
    assert response.status_code in (200, 403)
    if response.status_code == 200:
        assert response.json()["results"] == []


def test_deleted_employer_hides_its_records_from_everyone():
    employer = f.EmployerFactory()
    admin = f.employer_admin(employer)
    person = f.PersonFactory(employer=employer)
    assert client_for(admin).delete(f"/api/employers/{employer.pk}/").status_code == 204
    for user in (admin, f.staff_user()):
        assert client_for(user).get(f"/api/people/{person.pk}/").status_code == 404
        assert client_for(user).get(f"/api/employers/{employer.pk}/").status_code == 404
