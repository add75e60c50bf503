"""Tenancy of what issue 11 added, role by role, from the outside (HTTP): records cited as audit evidence
(the API and the pages), the evidence binder PDF, the phone field pages and their records, the schedule and
import pages. Another tenant's audit, citation or record is a 404; a partner reviewer reads what was
submitted and never writes; anonymous callers are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from audits.models import Audit, AuditRevision, AuditStatus, Question
from audits.services import current_instrument
from audits.snapshots import canonical_sha256
from safety_program import models as m
from safety_program.citation_models import CitedRecord
from tests.tenancy.world import READERS, ROLES, WRITERS, build_world

pytestmark = pytest.mark.django_db
ALL = [pytest.param(role, id=role) for role in ROLES]
ON = dt.date(2026, 3, 1)


@pytest.fixture
def world():
    w = build_world()
    enrolment = w.records["enrolment"]
    instrument = current_instrument(enrolment.partner, "certification")
    person = w.records["person"]

    def audit(status: str) -> Audit:
        return Audit.objects.create(
            employer=w.employer,
            enrolment=enrolment,
            partner=enrolment.partner,
            instrument=instrument,
            kind="certification",
            auditor_person=person,
            starts_on=ON,
            ends_on=ON,
            status=status,
        )

    w.draft = audit(AuditStatus.DRAFT)
    w.submitted = audit(AuditStatus.DRAFT)
    w.question = Question.objects.get(element__instrument=instrument, code="1.3")
    w.meeting = m.SafetyMeeting.objects.create(
        employer=w.employer, occurred_on=dt.date(2025, 9, 1), topics="Falls"
    )
    w.other_meeting = m.SafetyMeeting.objects.create(
        employer=w.other, occurred_on=dt.date(2025, 9, 1), topics="x"
    )
    cite = {"question": w.question, "record_kind": "safety_meeting", "record_id": w.meeting.pk}
    w.cited_draft = CitedRecord.objects.create(
        audit=w.draft, record_date=w.meeting.occurred_on, label="M", **cite
    )
    w.cited_submitted = CitedRecord.objects.create(
        audit=w.submitted, record_date=w.meeting.occurred_on, label="M", first_revision=1, **cite
    )
    snapshot = {"answers": [], "evidence": [], "records": [], "scores": {"elements": []}}
    AuditRevision.objects.create(
        audit=w.submitted, number=1, snapshot=snapshot, snapshot_sha256=canonical_sha256(snapshot)
    )
    Audit.objects.filter(pk=w.submitted.pk).update(status=AuditStatus.SUBMITTED, revision_count=1)
    w.submitted.refresh_from_db()
    return w


def api_for(world, role: str) -> APIClient:
    client = APIClient()
    if world.user(role) is not None:
        client.force_authenticate(world.user(role))
    return client


def page_for(world, role: str) -> Client:
    client = Client()
    if world.user(role) is not None:
        client.force_login(world.user(role))
    return client


@pytest.mark.parametrize("role", ALL)
def test_citation_api(world, role):
    c = api_for(world, role)
    url = "/api/audit-record-citations/"
    draft_detail = c.get(f"{url}{world.cited_draft.pk}/")
    submitted_detail = c.get(f"{url}{world.cited_submitted.pk}/")
    listing = c.get(url)
    body = {"audit": world.draft.pk, "question": world.question.pk, "record_kind": "incident", "record_id": 0}
    incident = m.Incident.objects.create(
        employer=world.employer, occurred_on=dt.date(2025, 10, 1), kind="near_miss", description="Slip"
    )
    created = c.post(url, {**body, "record_id": incident.pk}, format="json")
    on_submitted = c.post(url, {**body, "audit": world.submitted.pk, "record_id": incident.pk}, format="json")
    checklist = c.get(f"{url}checklist/?audit={world.draft.pk}&question={world.question.pk}")
    if role == "anonymous":
        assert {r.status_code for r in (draft_detail, listing, created, checklist)} == {403}
        assert not CitedRecord.objects.filter(record_kind="incident").exists()
        return
    if role in WRITERS:
        assert draft_detail.status_code == 200
        assert submitted_detail.status_code == 200
        assert {row["id"] for row in listing.json()["results"]} == {
            world.cited_draft.pk,
            world.cited_submitted.pk,
        }
        assert created.status_code == 201, created.content
        assert on_submitted.status_code == 400  # with the partner: nothing can be cited
        assert checklist.status_code == 200
        assert c.delete(f"{url}{world.cited_draft.pk}/").status_code == 204
        assert not CitedRecord.objects.filter(pk=world.cited_draft.pk).exists()
        return
    assert draft_detail.status_code == 404  # a draft does not exist for anyone else
    assert created.status_code == 404
    assert checklist.status_code == 404
    assert c.delete(f"{url}{world.cited_draft.pk}/").status_code == 404
    assert CitedRecord.objects.filter(pk=world.cited_draft.pk).exists()
    if role == "reviewer_same":  # reads what was submitted to its partner, never writes
        assert submitted_detail.status_code == 200
        assert {row["id"] for row in listing.json()["results"]} == {world.cited_submitted.pk}
        assert on_submitted.status_code == 403
        assert c.delete(f"{url}{world.cited_submitted.pk}/").status_code == 403
    else:
        assert submitted_detail.status_code == 404
        assert listing.json()["results"] == []
        assert on_submitted.status_code == 404
    assert CitedRecord.objects.filter(record_kind="incident").count() == 0


@pytest.mark.parametrize("role", ALL)
def test_citing_pages_and_the_binder(world, role):
    c = page_for(world, role)
    cite = c.post(
        reverse("program:audit-cite", args=[world.draft.pk, world.question.pk]),
        {"record_kind": "safety_meeting", "record_id": world.other_meeting.pk},
    )
    uncite = c.post(reverse("program:audit-uncite", args=[world.cited_draft.pk]))
    binder_draft = c.get(reverse("program:audit-binder", args=[world.draft.pk]))
    binder_submitted = c.get(reverse("program:audit-binder", args=[world.submitted.pk]))
    if role == "anonymous":
        assert {r.status_code for r in (cite, uncite, binder_draft, binder_submitted)} == {302}
        assert CitedRecord.objects.filter(pk=world.cited_draft.pk).exists()
        return
    if role in WRITERS:
        assert cite.status_code == 302  # refused: another employer's record is not this audit's to cite
        assert not CitedRecord.objects.filter(record_id=world.other_meeting.pk).exists()
        assert uncite.status_code == 302
        assert not CitedRecord.objects.filter(pk=world.cited_draft.pk).exists()
        assert binder_draft.status_code == 200
        assert binder_submitted.status_code == 200
        return
    assert cite.status_code == 404
    assert uncite.status_code == 404
    assert binder_draft.status_code == 404
    assert CitedRecord.objects.filter(pk=world.cited_draft.pk).exists()
    assert binder_submitted.status_code == (200 if role == "reviewer_same" else 404)


@pytest.mark.parametrize("role", ALL)
def test_field_records_and_program_pages(world, role):
    c = page_for(world, role)
    incident = m.Incident.objects.create(
        employer=world.employer, occurred_on=dt.date(2025, 10, 1), kind="near_miss", description="Slip"
    )
    hazard = m.HazardAssessment.objects.create(
        employer=world.employer, occurred_on=dt.date(2025, 10, 1), kind="field", job_task="Roof", hazards=[]
    )
    details = [
        c.get(reverse("program:record", args=["meetings", world.meeting.pk])),
        c.get(reverse("program:record", args=["incidents", incident.pk])),
        c.get(reverse("program:record", args=["hazards", hazard.pk])),
    ]
    other = c.get(reverse("program:record", args=["meetings", world.other_meeting.pk]))
    if role == "anonymous":
        assert {r.status_code for r in [*details, other]} == {302}
        return
    expected = 200 if role in READERS else 404
    assert [r.status_code for r in details] == [expected] * 3
    if role in READERS and role != "staff":
        assert other.status_code == 404  # another tenant's record
    # the pages that write work on the current employer: switch into it first (readers only can)
    switched = c.post(reverse("web:switch_employer", args=[world.employer.pk]))
    if role not in READERS:
        assert switched.status_code == 404
        return
    before = m.SafetyMeeting.objects.count()
    person = world.records["person"]
    new = c.post(
        reverse("program:record-new", args=["meetings"]),
        {"occurred_on": "2025-11-01", "kind": "meeting", "topics": "Ladders", "participants": [person.pk]},
    )
    schedules = c.post(
        reverse("program:schedules"),
        {"schedule": "new", "new-activity": "drill", "new-every": "12", "new-unit": "month",
         "new-starts_on": "2025-01-01", "new-active": "on"},
    )  # fmt: skip
    upload = SimpleUploadedFile(
        "past.csv", b"record_type,date,topic\nmeeting,2025-05-01,Housekeeping\n", content_type="text/csv"
    )
    imported = c.post(reverse("program:import"), {"file": upload})
    if role in WRITERS:
        assert new.status_code == 302
        assert m.SafetyMeeting.objects.count() == before + 1
        assert schedules.status_code == 302
        assert imported.status_code == 200
    else:  # the partner's reviewer reads the program, never writes it (403: readable, not writable)
        assert new.status_code == 403
        assert schedules.status_code == 403
        assert imported.status_code == 403
        assert m.SafetyMeeting.objects.count() == before
        assert not m.ActivitySchedule.objects.filter(employer=world.employer).exists()
