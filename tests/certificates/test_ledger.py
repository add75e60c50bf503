"""The certificate belongs to the partner: employers and consultants read it and cannot change it; reviewers
and staff decide with a reason; every event is kept, append-only, down to the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.utils import DatabaseError
from rest_framework.test import APIClient

from secor.certificates import services
from secor.certificates.models import CertificateEvent, LedgerError
from secor.employers.models import Enrolment
from secor.reminders.models import Notification
from tests import factories as f

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_for(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.fixture
def certified():
    """An ACSA enrolment whose certificate the partner issued (through the ledger)."""
    enrolment = f.EnrolmentFactory(status=Enrolment.Status.IN_PROGRESS)
    services.issue(
        enrolment=enrolment,
        number="ACSA-AB-2026-00018",
        issued_on=dt.date(2026, 3, 1),
        expires_on=dt.date(2029, 3, 1),
        reason="Issued by accepted certification audit",
        decided_as=services.Decider.AUDIT,
        notify=False,
    )
    enrolment.refresh_from_db()
    return enrolment


def test_issue_writes_the_ledger_and_the_enrolment_reads_it(certified):
    assert certified.status == "certified"
    assert certified.certificate_number == "ACSA-AB-2026-00018"
    assert (certified.issued_on, certified.expires_on) == (dt.date(2026, 3, 1), dt.date(2029, 3, 1))
    [event] = services.history(certified)
    assert event.kind == "issued"
    assert event.decided_as == "audit"


def test_employer_cannot_patch_the_expiry(certified):
    admin = f.employer_admin(certified.employer)
    before = certified.history.count()
    response = client_for(admin).patch(
        f"/api/enrolments/{certified.pk}/", {"expires_on": "2036-12-01"}, format="json"
    )
    assert response.status_code == 403
    detail = response.json()["detail"]
    assert "Alberta Construction Safety Association" in detail
    assert "reviewers" in detail
    certified.refresh_from_db()
    assert certified.expires_on == dt.date(2029, 3, 1)
    assert certified.history.count() == before


@pytest.mark.parametrize(
    "field", ["certificate_number", "issued_on", "last_maintenance_audit_on", "removed_on"]
)
def test_every_certificate_field_is_locked(certified, field):
    admin = f.employer_admin(certified.employer)
    value = "X-1" if field == "certificate_number" else "2027-01-01"
    response = client_for(admin).patch(f"/api/enrolments/{certified.pk}/", {field: value}, format="json")
    assert response.status_code == 403


def test_giving_back_the_same_values_is_fine(certified):
    admin = f.employer_admin(certified.employer)
    body = client_for(admin).get(f"/api/enrolments/{certified.pk}/").json()
    body["notes"] = "kept"
    response = client_for(admin).put(f"/api/enrolments/{certified.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    certified.refresh_from_db()
    assert certified.notes == "kept"
    assert certified.status == "certified"


def test_an_enrolment_cannot_be_created_certified():
    employer = f.EmployerFactory()
    admin = f.employer_admin(employer)
    response = client_for(admin).post(
        "/api/enrolments/",
        {
            "employer": employer.pk,
            "partner": f.partner("AB", "ACSA").pk,
            "registered_on": "2024-01-10",
            "status": "certified",
        },
        format="json",
    )
    assert response.status_code == 403
    assert "declare" in response.json()["detail"]
    assert not employer.enrolments.exists()


def test_consultant_cannot_decide_and_reviewer_can(certified):
    consultant = f.consultant_for(certified.employer)
    url = f"/api/enrolments/{certified.pk}/certificate/decisions/"
    body = {"kind": "cancelled", "reason": "Audit found falsified records"}
    refused = client_for(consultant).post(url, body, format="json")
    assert refused.status_code == 403
    assert "Alberta Construction Safety Association" in refused.json()["detail"]
    assert client_for(f.employer_admin(certified.employer)).post(url, body, format="json").status_code == 403

    reviewer = f.reviewer_of("AB", "ACSA", email="qa@acsa.example")
    done = client_for(reviewer).post(url, body, format="json")
    assert done.status_code == 201, done.content
    certified.refresh_from_db()
    assert certified.status == "cancelled"
    ledger = client_for(consultant).get(f"/api/enrolments/{certified.pk}/certificate/").json()
    assert ledger["status"]["held"] is False
    assert ledger["status"]["state"] == "cancelled"
    last = ledger["events"][-1]
    assert last["kind"] == "cancelled"
    assert last["reason"] == "Audit found falsified records"
    assert "qa@acsa.example" in last["decided_by"]
    assert "Partner reviewer" in last["decided_by"]


def test_other_partners_reviewer_does_not_see_it(certified):
    other = f.reviewer_of("SK", "SCSA")
    url = f"/api/enrolments/{certified.pk}/certificate/decisions/"
    assert client_for(other).post(url, {"kind": "cancelled", "reason": "x"}, format="json").status_code == 404


def test_a_decision_needs_a_reason_and_a_held_certificate(certified):
    staff = f.staff_user()
    url = f"/api/enrolments/{certified.pk}/certificate/decisions/"
    assert client_for(staff).post(url, {"kind": "cancelled", "reason": " "}, format="json").status_code == 400
    assert (
        client_for(staff).post(url, {"kind": "reinstated", "reason": "why"}, format="json").status_code == 400
    )
    assert client_for(staff).post(url, {"kind": "lapsed", "reason": "late"}, format="json").status_code == 201
    again = client_for(staff).post(url, {"kind": "cancelled", "reason": "again"}, format="json")
    assert again.status_code == 400
    assert "holds no certificate" in again.json()["detail"]
    back = client_for(staff).post(url, {"kind": "reinstated", "reason": "Lapsed in error"}, format="json")
    assert back.status_code == 201
    certified.refresh_from_db()
    assert certified.status == "certified"
    assert [e.kind for e in services.history(certified)] == ["issued", "lapsed", "reinstated"]


def test_status_change_notifies_employer_and_consultant(certified, django_capture_on_commit_callbacks):
    admin = f.employer_admin(certified.employer, email="owner@example.com")
    consultant = f.consultant_for(certified.employer, email="adviser@example.com")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            enrolment=certified, kind="cancelled", user=f.staff_user(), reason="Requested by the partner"
        )
    for user in (admin, consultant):
        notice = Notification.objects.get(user=user, kind="certificate_cancelled")
        assert notice.url == f"/certificate/{certified.employer_id}/"
        assert "Requested by the partner" in notice.body
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == ["adviser@example.com", "owner@example.com"]
    assert "/certificate/" in mail.outbox[0].body


def test_ledger_rows_cannot_be_changed_or_deleted(certified):
    event = CertificateEvent.objects.get(enrolment=certified)
    event.reason = "rewritten"
    with pytest.raises(LedgerError):
        event.save()
    with pytest.raises(LedgerError):
        event.delete()
    with pytest.raises(LedgerError):
        CertificateEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(LedgerError):
        CertificateEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database triggers: PostgreSQL")
def test_database_refuses_raw_updates_and_deletes(certified):
    event = CertificateEvent.objects.get(enrolment=certified)
    for sql in (
        "UPDATE certificates_certificateevent SET expires_on = '2036-12-01' WHERE id = %s",
        "DELETE FROM certificates_certificateevent WHERE id = %s",
        "UPDATE certificates_certificate SET number = 'FAKE' WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [event.pk if "event" in sql else event.certificate_id])
    event.refresh_from_db()
    assert event.expires_on == dt.date(2029, 3, 1)


def test_enrolment_with_a_ledger_cannot_be_deleted(certified):
    admin = f.employer_admin(certified.employer)
    response = client_for(admin).delete(f"/api/enrolments/{certified.pk}/")
    assert response.status_code == 400
    assert Enrolment.objects.filter(pk=certified.pk).exists()


def test_declared_certificate_is_marked_until_the_partner_confirms():
    enrolment = f.EnrolmentFactory()
    admin = f.employer_admin(enrolment.employer)
    response = client_for(admin).post(
        f"/api/enrolments/{enrolment.pk}/declarations/",
        {
            "number": "ACSA-S12345",
            "issued_on": "2025-06-01",
            "expires_on": "2028-06-01",
            "copy": SimpleUploadedFile("certificate.pdf", PDF, content_type="application/pdf"),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    declared = response.json()
    assert declared["status_text"] == "Declared, not yet confirmed by Alberta Construction Safety Association"
    enrolment.refresh_from_db()
    assert enrolment.status == "registered"
    assert enrolment.issued_on is None
    ledger = client_for(admin).get(f"/api/enrolments/{enrolment.pk}/certificate/").json()
    assert ledger["status"]["held"] is False
    assert ledger["events"] == []
    assert ledger["declarations"][0]["state"] == "declared"

    url = f"/api/declarations/{declared['id']}/confirm/"
    assert client_for(admin).post(url, {}, format="json").status_code == 403
    reviewer = f.reviewer_of("AB", "ACSA")
    confirmed = client_for(reviewer).post(url, {"reason": "Checked against our register"}, format="json")
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["status_text"] == "Confirmed by Alberta Construction Safety Association"
    enrolment.refresh_from_db()
    assert enrolment.status == "certified"
    assert enrolment.certificate_number == "ACSA-S12345"
    [event] = services.history(enrolment)
    assert event.decided_by == reviewer
    assert event.reason == "Checked against our register"


def test_a_declaration_needs_a_real_copy():
    enrolment = f.EnrolmentFactory()
    admin = f.employer_admin(enrolment.employer)
    response = client_for(admin).post(
        f"/api/enrolments/{enrolment.pk}/declarations/",
        {
            "number": "ACSA-S1",
            "issued_on": "2025-06-01",
            "expires_on": "2025-01-01",
            "copy": SimpleUploadedFile("certificate.pdf", b"MZ not a pdf", content_type="application/pdf"),
        },
        format="multipart",
    )
    assert response.status_code == 400
    body = response.json()
    assert "copy" in body
    assert "expires_on" in body
    assert not enrolment.declarations.exists()
