"""Outcomes other than a clean pass: a failed maintenance audit, a missed one, rejection, certification that
fails."""

from __future__ import annotations

import datetime as dt

import pytest

from audits.models import Audit, MaintenanceDue
from audits.services import sweep_overdue
from secor.employers.models import Enrolment
from tests.audits.factories import answer_everything, plan_payload
from tests.audits.helpers import at, submitted_audit


def _accept(api, s, audit, day):
    with at(day):
        assert api(s.reviewer).post(f"/api/audits/{audit.pk}/start-review/").status_code == 200
        r = api(s.reviewer).post(f"/api/audits/{audit.pk}/accept/", {}, format="json")
    assert r.status_code == 200, r.json()
    return r.json()


@pytest.mark.django_db
def test_rejection_is_not_a_fail_and_changes_nothing(api):
    s, audit = submitted_audit(api)
    api(s.reviewer).post(f"/api/audits/{audit.pk}/start-review/")
    r = api(s.reviewer).post(f"/api/audits/{audit.pk}/reject/", {"reason": ""}, format="json")
    assert r.status_code == 400
    assert "reason" in r.json()
    r = api(s.reviewer).post(
        f"/api/audits/{audit.pk}/reject/", {"reason": "Wrong WCB account"}, format="json"
    )
    assert r.json()["status"] == "rejected"
    assert r.json()["outcome_passed"] is None
    s.enrolment.refresh_from_db()
    assert s.enrolment.status == Enrolment.Status.IN_PROGRESS
    assert not s.enrolment.certificate_number


@pytest.mark.django_db
def test_failed_certification_issues_no_certificate(api):
    s, audit = submitted_audit(api, submit=False)
    with at(dt.date(2026, 3, 10)):
        answer_everything(api(s.owner), audit, full=False)
        assert api(s.owner).post(f"/api/audits/{audit.pk}/submit/").status_code == 201
    data = _accept(api, s, audit, dt.date(2026, 3, 12))
    assert data["status"] == "accepted"
    assert data["outcome_passed"] is False
    s.enrolment.refresh_from_db()
    assert s.enrolment.status == Enrolment.Status.IN_PROGRESS
    assert s.enrolment.issued_on is None
    assert not MaintenanceDue.objects.filter(enrolment=s.enrolment).exists()


@pytest.mark.django_db
def test_failed_maintenance_cancels_and_missed_maintenance_cancels(api):
    s, audit = submitted_audit(api)
    _accept(api, s, audit, dt.date(2026, 3, 12))
    # a failing maintenance audit the next year
    with at(dt.date(2027, 2, 15)):
        r = api(s.owner).post(
            "/api/audits/",
            plan_payload(s, kind="maintenance", starts_on=dt.date(2027, 2, 1), ends_on=dt.date(2027, 2, 5)),
            format="json",
        )
        m = Audit.objects.get(pk=r.json()["id"])
        answer_everything(api(s.owner), m, full=False)
        assert api(s.owner).post(f"/api/audits/{m.pk}/submit/").status_code == 201
    assert _accept(api, s, m, dt.date(2027, 2, 20))["outcome_passed"] is False
    s.enrolment.refresh_from_db()
    assert s.enrolment.status == Enrolment.Status.CANCELLED
    assert m.transitions.filter(action="status_changed").exists()


@pytest.mark.django_db
def test_sweep_marks_missed_maintenance_once(api):
    s, audit = submitted_audit(api)
    _accept(api, s, audit, dt.date(2026, 3, 12))
    due = MaintenanceDue.objects.get(
        enrolment=s.enrolment, kind="maintenance_audit", due_on=dt.date(2027, 3, 12)
    )
    assert sweep_overdue(today=dt.date(2027, 3, 12)) == {
        "maintenance_missed": 0,
        "expired": 0,
    }  # due date itself
    assert sweep_overdue(today=dt.date(2027, 3, 13))["maintenance_missed"] == 1
    assert sweep_overdue(today=dt.date(2027, 3, 13))["maintenance_missed"] == 0  # idempotent
    due.refresh_from_db()
    s.enrolment.refresh_from_db()
    assert due.state == MaintenanceDue.State.MISSED
    assert s.enrolment.status == Enrolment.Status.CANCELLED
    assert audit.transitions.filter(action="status_changed", actor=None).count() == 1


@pytest.mark.django_db
def test_sweep_spares_a_timely_pending_submission(api):
    s, audit = submitted_audit(api)
    _accept(api, s, audit, dt.date(2026, 3, 12))
    with at(dt.date(2027, 3, 1)):
        r = api(s.owner).post(
            "/api/audits/",
            plan_payload(s, kind="maintenance", starts_on=dt.date(2027, 2, 20), ends_on=dt.date(2027, 2, 25)),
            format="json",
        )
        m = Audit.objects.get(pk=r.json()["id"])
        answer_everything(api(s.owner), m)
        assert api(s.owner).post(f"/api/audits/{m.pk}/submit/").status_code == 201
    assert sweep_overdue(today=dt.date(2027, 4, 1))["maintenance_missed"] == 0
    s.enrolment.refresh_from_db()
    assert s.enrolment.status == Enrolment.Status.CERTIFIED
