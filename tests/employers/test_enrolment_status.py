"""Enrolment status changes: only through the status action / service, each change kept in history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from secor.certificates.services import decide
from secor.core.exceptions import ApplicationError
from secor.employers.models import Enrolment
from secor.employers.services import enrolment_set_status, enrolment_status_history
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment():
    return f.EnrolmentFactory()


@pytest.fixture
def admin(enrolment):
    return f.employer_admin(enrolment.employer)


def client_for(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_status_change_is_recorded_with_who_and_why(enrolment, admin):
    response = client_for(admin).post(
        f"/api/enrolments/{enrolment.pk}/status/",
        {"status": "in_progress", "note": "kick-off meeting"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "in_progress"
    latest = enrolment.history.latest()
    assert latest.status == "in_progress"
    assert latest.history_user == admin
    assert latest.history_change_reason == "kick-off meeting"

    history = client_for(admin).get(f"/api/enrolments/{enrolment.pk}/status-history/").json()
    assert [h["status"] for h in history] == ["registered", "in_progress"]
    assert history[-1]["changed_by"] == admin.email
    assert history[-1]["note"] == "kick-off meeting"


def test_status_cannot_be_changed_by_a_plain_update(enrolment, admin):
    response = client_for(admin).patch(
        f"/api/enrolments/{enrolment.pk}/", {"status": "certified"}, format="json"
    )
    assert response.status_code == 400
    assert "status" in response.json()
    enrolment.refresh_from_db()
    assert enrolment.status == "registered"


@pytest.mark.parametrize(
    "status", ["certified", "in_maintenance", "lapsed", "cancelled", "removed", "moved_to_cor"]
)
def test_certificate_statuses_are_the_partners(enrolment, admin, status):
    enrolment.issued_on, enrolment.expires_on = dt.date(2025, 3, 1), dt.date(2028, 3, 1)
    enrolment.save()
    response = client_for(admin).post(
        f"/api/enrolments/{enrolment.pk}/status/", {"status": status}, format="json"
    )
    assert response.status_code == 403
    assert "Alberta Construction Safety Association" in response.json()["detail"] or "ACSA" in str(
        response.json()
    )
    assert "reviewers" in response.json()["detail"]
    enrolment.refresh_from_db()
    assert enrolment.status == "registered"
    with pytest.raises(PermissionDenied):
        enrolment_set_status(enrolment=enrolment, status=status, user=admin)


def test_same_status_is_refused(enrolment, admin):
    response = client_for(admin).post(
        f"/api/enrolments/{enrolment.pk}/status/", {"status": "registered"}, format="json"
    )
    assert response.status_code == 400


def test_unknown_status_is_400(enrolment, admin):
    response = client_for(admin).post(
        f"/api/enrolments/{enrolment.pk}/status/", {"status": "golden"}, format="json"
    )
    assert response.status_code == 400
    assert "status" in response.json()


def test_removal_is_a_partner_decision_that_sets_the_removal_date(enrolment):
    reviewer = f.reviewer_of("AB", "ACSA")
    decide(
        enrolment=enrolment,
        kind="removed",
        user=reviewer,
        reason="Milestones not met",
        effective_on=dt.date(2026, 5, 1),
    )
    enrolment.refresh_from_db()
    assert enrolment.status == "removed"
    assert enrolment.removed_on == dt.date(2026, 5, 1)


def test_service_refuses_unknown_status(enrolment, admin):
    with pytest.raises(ApplicationError):
        enrolment_set_status(enrolment=enrolment, status="nope", user=admin)


def test_reviewer_may_read_but_not_change_the_status(enrolment):
    reviewer = f.reviewer_of("AB", "ACSA")
    response = client_for(reviewer).post(
        f"/api/enrolments/{enrolment.pk}/status/", {"status": "cancelled"}, format="json"
    )
    assert response.status_code == 403
    assert client_for(reviewer).get(f"/api/enrolments/{enrolment.pk}/status-history/").status_code == 200
    enrolment.refresh_from_db()
    assert enrolment.status == "registered"


def test_other_tenant_gets_404(enrolment):
    outsider = f.employer_admin(f.EmployerFactory())
    response = client_for(outsider).post(
        f"/api/enrolments/{enrolment.pk}/status/", {"status": "cancelled"}, format="json"
    )
    assert response.status_code == 404
    assert client_for(outsider).get(f"/api/enrolments/{enrolment.pk}/status-history/").status_code == 404


def test_history_lists_changes_in_order(enrolment, admin):
    for status in ("in_progress", "registered", "in_progress"):
        enrolment_set_status(enrolment=enrolment, status=status, user=admin, note=f"to {status}")
    changes = enrolment_status_history(enrolment=Enrolment.objects.get(pk=enrolment.pk))
    assert [c["status"] for c in changes] == ["registered", "in_progress", "registered", "in_progress"]
