"""End to end, for each shipped instrument (ACSA / Alberta, SCSA / Saskatchewan, go2HR / British Columbia):
plan, answer with evidence, submit, review with a correction loop, accept, certificate issued with its
maintenance schedule, then next year's maintenance audit."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from audits.models import Audit, AuditRevision, AuditTransition, MaintenanceDue, Question
from secor.employers.models import Enrolment
from tests.audits.factories import answer_everything, enrolled_employer, plan_payload

TZ = zoneinfo.ZoneInfo("America/Edmonton")


def at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 12, tzinfo=TZ), tick=False)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["ACSA", "SCSA", "GO2HR"])
def test_full_cycle(code, api):
    s = enrolled_employer(code)
    employer_api = api(s.owner)
    reviewer_api = api(s.reviewer)

    # 1. plan and answer (data gathering 2026-03-02 .. 2026-03-06)
    with at(dt.date(2026, 3, 10)):
        r = employer_api.post(
            "/api/audits/",
            plan_payload(s, kind="certification", starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 6)),
            format="json",
        )
        assert r.status_code == 201, r.json()
        audit = Audit.objects.get(pk=r.json()["id"])
        assert audit.instrument.partner.code == code
        assert audit.partner_id == s.enrolment.partner_id
        answer_everything(employer_api, audit)
        readiness = employer_api.get(f"/api/audits/{audit.pk}/readiness/").json()
        assert readiness["ready"] is True, readiness
        assert readiness["would_pass"] is True, readiness
        assert readiness["failing_elements"] == []

        # 2. submit revision 1
        r = employer_api.post(f"/api/audits/{audit.pk}/submit/")
        assert r.status_code == 201, r.json()
        rev1 = AuditRevision.objects.get(audit=audit, number=1)
        assert rev1.verify()
        assert rev1.passed is True
        assert all(e["sha256"] for e in rev1.snapshot["evidence"])
        assert rev1.snapshot["evidence"]

    # 3. review: queue, assignment, note, corrections
    with at(dt.date(2026, 3, 12)):
        queue = reviewer_api.get("/api/review-queue/").json()["results"]
        assert [a["id"] for a in queue] == [audit.pk]
        assert queue[0]["review_due_on"] == "2026-04-07"  # submitted 2026-03-10 + 28 days
        assert (
            reviewer_api.post(
                f"/api/audits/{audit.pk}/assign/", {"reviewer": s.reviewer.email}, format="json"
            ).status_code
            == 200
        )
        assert reviewer_api.post(f"/api/audits/{audit.pk}/start-review/").status_code == 200
        first_q = (
            Question.objects.filter(element__instrument=audit.instrument)
            .order_by("element__number", "order")
            .first()
        )
        r = reviewer_api.post(
            f"/api/audits/{audit.pk}/notes/",
            {"kind": "actionable", "text": "The policy is not dated.", "question": first_q.pk},
            format="json",
        )
        assert r.status_code == 201, r.json()
        note_id = r.json()["id"]
        reviewer_api.post(
            f"/api/audits/{audit.pk}/notes/",
            {"kind": "informational", "text": "Good records."},
            format="json",
        )
        r = reviewer_api.post(
            f"/api/audits/{audit.pk}/request-corrections/", {"reason": "See notes"}, format="json"
        )
        assert r.status_code == 200
        assert r.json()["status"] == "corrections_requested"

    # 4. the employer corrects and resubmits (revision 2); the reviewer accepts
    with at(dt.date(2026, 3, 16)):
        r = employer_api.post(f"/api/audits/{audit.pk}/submit/")
        assert r.status_code == 400
        assert "notes" in r.json()
        assert (
            employer_api.post(
                f"/api/audit-notes/{note_id}/respond/", {"response": "Dated policy attached."}, format="json"
            ).status_code
            == 200
        )
        from tests.audits.factories import pdf_file

        r = employer_api.post(
            f"/api/audits/{audit.pk}/evidence/",
            {
                "question": first_q.pk,
                "file": pdf_file("dated-policy.pdf", b"dated"),
                "method": "documentation",
            },
            format="multipart",
        )
        assert r.status_code == 201
        r = employer_api.post(f"/api/audits/{audit.pk}/submit/")
        assert r.status_code == 201
        assert r.json()["number"] == 2
    with at(dt.date(2026, 3, 20)):
        assert reviewer_api.post(f"/api/audits/{audit.pk}/start-review/").status_code == 200
        r = reviewer_api.post(f"/api/audits/{audit.pk}/accept/", {}, format="json")
        assert r.status_code == 200, r.json()
        assert r.json()["status"] == "accepted"
        assert r.json()["outcome_passed"] is True

    # 5. certificate issued with its maintenance schedule
    enrolment = Enrolment.objects.get(pk=s.enrolment.pk)
    assert enrolment.status == Enrolment.Status.CERTIFIED
    assert enrolment.issued_on == dt.date(2026, 3, 20)
    assert enrolment.expires_on == dt.date(2029, 3, 20)
    assert enrolment.certificate_number.startswith(code)
    assert enrolment.history.filter(
        history_change_reason__startswith="Issued by accepted certification audit", history_user=s.reviewer
    ).exists()
    rows = list(MaintenanceDue.objects.filter(enrolment=enrolment).order_by("due_on", "kind"))
    kinds = [r.kind for r in rows]
    assert kinds.count("maintenance_audit") == 2
    assert "recertification" in kinds
    assert "certificate_expiry" in kinds
    year2 = rows[0]
    assert year2.kind == "maintenance_audit"
    assert year2.state == MaintenanceDue.State.OPEN
    expected_year2 = dt.date(2027, 12, 31) if code == "GO2HR" else dt.date(2027, 3, 20)
    assert year2.due_on == expected_year2
    assert employer_api.get(f"/api/maintenance-dues/?enrolment={enrolment.pk}").json()["count"] == len(rows)

    # 6. next year: the maintenance audit keeps the certificate in force
    with at(dt.date(2027, 2, 15)):
        r = employer_api.post(
            "/api/audits/",
            plan_payload(s, kind="maintenance", starts_on=dt.date(2027, 2, 1), ends_on=dt.date(2027, 2, 5)),
            format="json",
        )
        assert r.status_code == 201, r.json()
        maintenance = Audit.objects.get(pk=r.json()["id"])
        answer_everything(employer_api, maintenance)
        assert employer_api.post(f"/api/audits/{maintenance.pk}/submit/").status_code == 201
        assert reviewer_api.post(f"/api/audits/{maintenance.pk}/start-review/").status_code == 200
        r = reviewer_api.post(f"/api/audits/{maintenance.pk}/accept/", {}, format="json")
        assert r.status_code == 200
        assert r.json()["outcome_passed"] is True
    enrolment.refresh_from_db()
    year2.refresh_from_db()
    assert enrolment.status == Enrolment.Status.IN_MAINTENANCE
    assert enrolment.last_maintenance_audit_on == dt.date(2027, 2, 15)
    assert enrolment.expires_on == dt.date(2029, 3, 20)
    assert year2.state == MaintenanceDue.State.MET
    assert year2.met_by_id == maintenance.pk

    # 7. every transition is in the history, in order, with who did it
    actions = list(
        AuditTransition.objects.filter(audit=audit).order_by("at", "pk").values_list("action", "actor")
    )
    assert [a for a, _ in actions] == [
        "created",
        "submitted",
        "assigned",
        "review_started",
        "note_added",
        "note_added",
        "corrections_requested",
        "resubmitted",
        "review_started",
        "accepted",
        "certificate_issued",
    ]
    owner_actions = {"created", "submitted", "resubmitted"}
    for action, actor in actions:
        assert actor == (s.owner.pk if action in owner_actions else s.reviewer.pk), action
    transitions = employer_api.get(f"/api/audits/{audit.pk}/transitions/").json()
    assert [t["action"] for t in transitions][-1] == "certificate_issued"
    assert [
        a
        for a, _ in AuditTransition.objects.filter(audit=maintenance)
        .order_by("at", "pk")
        .values_list("action", "actor")
    ] == ["created", "submitted", "assigned", "review_started", "accepted", "maintenance_recorded"]
