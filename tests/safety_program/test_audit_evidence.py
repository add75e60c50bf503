"""Program records cited as audit evidence: the question's record checklist (needed, inside the window,
missing, outside), citing refused outside the review window with its dates, records frozen into the
submitted revision with checksums (later edits change nothing there), readiness counting them, and tenancy
from the outside."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from audits import services
from audits.models import Audit, AuditRevision, Question
from safety_program import audit_evidence
from safety_program import models as m
from safety_program.citation_models import CitedRecord
from tests import factories as f
from tests.audits.factories import answer_everything, enrolled_employer, plan_payload
from tests.audits.helpers import at

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 3, 10)
WINDOW = "2025-03-02 to 2026-03-06"


def api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.fixture
def world():
    s = enrolled_employer("ACSA")
    with at(TODAY):
        r = api(s.owner).post(
            "/api/audits/",
            plan_payload(s, kind="certification", starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 6)),
            format="json",
        )
        assert r.status_code == 201, r.json()
    s.audit = Audit.objects.get(pk=r.json()["id"])
    s.q13 = Question.objects.get(element__instrument=s.audit.instrument, code="1.3")  # meetings, inspections
    return s


def meeting(employer, on: dt.date, topics="Ladders") -> m.SafetyMeeting:
    return m.SafetyMeeting.objects.create(employer=employer, occurred_on=on, topics=topics)


def cite(s, record, *, user=None, kind="safety_meeting", question=None):
    with at(TODAY):
        return api(user or s.owner).post(
            "/api/audit-record-citations/",
            {
                "audit": s.audit.pk,
                "question": (question or s.q13).pk,
                "record_kind": kind,
                "record_id": record.pk,
                "checklist_item": "Safety meeting minutes showing management attendance",
            },
            format="json",
        )


def test_checklist_shows_needed_missing_inside_and_outside(world):
    s = world
    with at(TODAY):
        rc = audit_evidence.checklist(s.audit, s.q13)
    assert (rc.window.starts_on, rc.window.ends_on) == (D(2025, 3, 2), D(2026, 3, 6))
    needs = {n.need.label: n for line in rc.lines for n in line.needs}
    assert {"Safety meeting minutes", "Inspection reports", "Incident investigation reports"} <= set(needs)
    assert needs["Safety meeting minutes"].missing
    meeting(s.employer, D(2025, 3, 2))  # first day of the window
    meeting(s.employer, D(2025, 3, 1))  # the day before: outside
    meeting(s.employer, D(2026, 3, 7))  # the day after data gathering: outside
    meeting(f.EmployerFactory(), D(2025, 9, 1))  # another employer's: never counted
    with at(TODAY):
        rc = audit_evidence.checklist(s.audit, s.q13)
    row = next(n for line in rc.lines for n in line.needs if n.need.kind == "safety_meeting")
    assert (row.inside_count, row.outside_count, row.missing) == (1, 2, False)
    assert needs["Inspection reports"].missing


def test_cite_inside_the_window_and_refuse_outside_with_the_dates(world):
    s = world
    first_day, day_before = meeting(s.employer, D(2025, 3, 2)), meeting(s.employer, D(2025, 3, 1))
    last_day, day_after = meeting(s.employer, D(2026, 3, 6)), meeting(s.employer, D(2026, 3, 7))
    for record in (first_day, last_day):
        r = cite(s, record)
        assert r.status_code == 201, r.json()
        assert r.json()["record_date"] == record.occurred_on.isoformat()
    for record in (day_before, day_after):
        r = cite(s, record)
        assert r.status_code == 400
        assert WINDOW in r.json()["record_id"][0]
        assert record.occurred_on.isoformat() in r.json()["record_id"][0]
    assert CitedRecord.objects.count() == 2
    # citing the same record twice, another employer's record, a kind that does not exist: refused per field
    assert "already cited" in cite(s, first_day).json()["record_id"][0]
    assert cite(s, meeting(f.EmployerFactory(), D(2025, 9, 1))).json()["record_id"] == [
        "No such record of this employer."
    ]
    assert "record_kind" in cite(s, first_day, kind="payroll").json()
    interview_q = Question.objects.get(element__instrument=s.audit.instrument, code="1.2")
    assert "not by records" in cite(s, first_day, question=interview_q).json()["question"][0]
    assert CitedRecord.objects.count() == 2


def test_submitted_revision_keeps_the_record_as_it_was(world, client):
    s = world
    record = meeting(s.employer, D(2025, 11, 5), topics="Fall protection")
    record.participants.add(s.auditor)
    assert cite(s, record).status_code == 201
    with at(TODAY):
        answer_everything(api(s.owner), s.audit)
        assert api(s.owner).post(f"/api/audits/{s.audit.pk}/submit/").status_code == 201
    rev = AuditRevision.objects.get(audit=s.audit)
    frozen = rev.snapshot["records"]
    assert len(frozen) == 1
    assert frozen[0]["content"]["topics"] == "Fall protection"
    assert frozen[0]["content"]["participants"] == [s.auditor.full_name]
    checksum = frozen[0]["sha256"]
    assert audit_evidence.current_checksum("safety_meeting", record.pk) == checksum
    assert CitedRecord.objects.get().first_revision == 1

    record.topics = "Heat stress"  # edited after the submission
    record.save()
    record.participants.clear()
    rev.refresh_from_db()
    assert rev.snapshot["records"][0]["content"]["topics"] == "Fall protection"
    assert rev.snapshot["records"][0]["sha256"] == checksum
    assert rev.verify()
    assert audit_evidence.current_checksum("safety_meeting", record.pk) != checksum
    client.force_login(s.owner)
    html = client.get(f"/audits/{s.audit.pk}/revisions/1/").content.decode()
    assert "Heat stress" not in html
    assert checksum[:9] in html

    # the audit is with the partner: no more citing, no removing
    assert "can be changed only as a draft" in cite(s, meeting(s.employer, D(2025, 12, 1))).json()["detail"]
    cited = CitedRecord.objects.get()
    with at(TODAY):
        r = api(s.owner).delete(f"/api/audit-record-citations/{cited.pk}/")
    assert r.status_code == 400
    assert CitedRecord.objects.filter(removed_at__isnull=True).count() == 1


def test_readiness_counts_cited_records_as_documentation(world):
    s = world
    with at(TODAY):
        before = services.readiness(s.audit)
        assert {"question": "1.3", "problem": "no documentation attached"} in before["problems"]
        assert cite(s, meeting(s.employer, D(2025, 10, 1))).status_code == 201
        after = services.readiness(s.audit)
    assert {"question": "1.3", "problem": "no documentation attached"} not in after["problems"]
    assert after["records_cited"] == 1
    item = next(i for e in after["elements"] for i in e["items"] if i["question"].code == "1.3")
    assert "Safety meeting minutes showing management attendance" not in item["checklist_open"]


def test_question_page_shows_missing_then_cited(world, client):
    s = world
    client.force_login(s.owner)
    url = f"/audits/{s.audit.pk}/questions/{s.q13.pk}/"
    with at(TODAY):
        html = client.get(url).content.decode()
        assert "Program records as evidence" in html
        assert "2 Mar 2025 to 6 Mar 2026" in html
        assert 'data-state="missing"' in html
        record = meeting(s.employer, D(2025, 12, 4), topics="Ladders")
        old = meeting(s.employer, D(2024, 12, 4))
        html = client.get(url).content.decode()
        assert "1 in the window" in html
        assert "1 outside the window" in html
        r = client.post(
            f"/program/audits/{s.audit.pk}/questions/{s.q13.pk}/cite/",
            {"record_kind": "safety_meeting", "record_id": record.pk},
        )
        assert r.status_code == 302
        html = client.get(url).content.decode()
        assert 'badge-green">cited' in html
        r = client.post(
            f"/program/audits/{s.audit.pk}/questions/{s.q13.pk}/cite/",
            {"record_kind": "safety_meeting", "record_id": old.pk},
            follow=True,
        )
        assert WINDOW in r.content.decode()
        cited = CitedRecord.objects.get()
        client.post(f"/program/citations/{cited.pk}/remove/")
    assert not CitedRecord.objects.exists()  # never submitted: deleted


def test_tenancy_from_the_outside(world):
    s = world
    record = meeting(s.employer, D(2025, 10, 1))
    assert cite(s, record).status_code == 201
    cited = CitedRecord.objects.get()
    other = f.employer_admin(f.EmployerFactory())
    for user in (other, s.reviewer):  # the reviewer: the audit is a draft, not submitted
        c = api(user)
        with at(TODAY):
            assert cite(s, record, user=user).status_code == 404
            assert c.get(f"/api/audit-record-citations/{cited.pk}/").status_code == 404
            assert c.delete(f"/api/audit-record-citations/{cited.pk}/").status_code == 404
            assert c.get(f"/api/audit-record-citations/?audit={s.audit.pk}").json()["count"] == 0
            r = c.get(f"/api/audit-record-citations/checklist/?audit={s.audit.pk}&question={s.q13.pk}")
            assert r.status_code == 404
    assert CitedRecord.objects.filter(removed_at__isnull=True).count() == 1
    with at(TODAY):
        r = api(s.owner).get(f"/api/audit-record-citations/checklist/?audit={s.audit.pk}&question={s.q13.pk}")
    assert r.status_code == 200
    meetings = [
        n for line in r.json()["lines"] for n in line["needs"] if n["record_kind"] == "safety_meeting"
    ]
    assert meetings[0]["records"][0]["cited"] is True


def test_a_cited_record_left_outside_by_new_audit_dates_blocks_readiness(world):
    s = world
    assert cite(s, meeting(s.employer, D(2025, 3, 2))).status_code == 201  # the window's first day
    with at(TODAY):
        assert not [p for p in services.readiness(s.audit)["problems"] if "outside" in p["problem"]]
        # data gathering moved a day later: the window now starts on 2025-03-03
        Audit.objects.filter(pk=s.audit.pk).update(starts_on=D(2026, 3, 3))
        s.audit.refresh_from_db()
        problems = [p for p in services.readiness(s.audit)["problems"] if "outside" in p["problem"]]
    assert problems == [
        {
            "question": "1.3",
            "problem": "cited record Safety meeting 2025-03-02 (2025-03-02) is outside the review window "
            "(2025-03-03 to 2026-03-06): remove it",
        }
    ]


def test_missing_records_link_to_the_phone_pages(world, client):
    s = world
    client.force_login(s.owner)
    with at(TODAY):
        html = client.get(f"/audits/{s.audit.pk}/questions/{s.q13.pk}/").content.decode()
    assert 'href="/program/meetings/new/">Record one in the safety program' in html
    assert 'href="/program/incidents/new/">Record one in the safety program' in html
    assert 'href="/program/inspections/new/">Record one in the safety program' in html
