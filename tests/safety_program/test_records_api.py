"""Program records through the API: an inspection's deficient line becomes a corrective action; bad input is
refused per field and writes nothing (future dates, people who had left, archived checklists, actions closed
before they were opened, bad attachments); signatures are timed; history is kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from safety_program import models as m
from tests import factories as f
from tests.safety_program import factories as pf

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def employer():
    return f.EmployerFactory()


@pytest.fixture
def client(employer):
    c = APIClient()
    c.force_authenticate(f.employer_admin(employer))
    return c


def counts() -> tuple[int, ...]:
    return (
        m.Inspection.objects.count(),
        m.InspectionItem.objects.count(),
        m.CorrectiveAction.objects.count(),
        m.SafetyMeeting.objects.count(),
        m.Attachment.objects.count(),
    )


def inspection_body(employer, tpl, **extra):
    body = {
        "employer": employer.pk,
        "occurred_on": "2025-03-12",
        "kind": tpl.inspection_kind_id,
        "template": tpl.pk,
        "answers": [
            {"result": "ok"},
            {"result": "deficient", "note": "Ladder not tied off", "due_on": "2025-03-19"},
            {"result": "na"},
        ],
    }
    body.update(extra)
    return body


def test_a_deficient_line_becomes_a_corrective_action_that_can_be_closed(client, employer):
    tpl = pf.template(employer)
    response = client.post("/api/inspections/", inspection_body(employer, tpl), format="json")
    assert response.status_code == 201, response.content
    items = response.json()["items"]
    assert [i["result"] for i in items] == ["ok", "deficient", "na"]
    assert [i["text"] for i in items] == pf.ITEMS
    action = m.CorrectiveAction.objects.get(pk=items[1]["corrective_action"])
    assert action.inspection_id == response.json()["id"]
    assert action.opened_on == dt.date(2025, 3, 12)
    assert action.due_on == dt.date(2025, 3, 19)
    assert "Ladder not tied off" in action.title
    assert items[0]["corrective_action"] is None

    closed = client.patch(
        f"/api/corrective-actions/{action.pk}/",
        {"status": "closed", "closed_on": "2025-03-18", "closure_evidence": "Tied off, photo attached"},
        format="json",
    )
    assert closed.status_code == 200, closed.content
    action.refresh_from_db()
    assert action.status == "closed"
    assert action.history.count() == 2  # created, closed


def test_default_due_date_for_a_deficiency_is_two_weeks(client, employer):
    tpl = pf.template(employer, items=["Exits clear"])
    body = inspection_body(employer, tpl, answers=[{"result": "deficient", "note": "Boxes in the exit"}])
    assert client.post("/api/inspections/", body, format="json").status_code == 201
    assert m.CorrectiveAction.objects.get().due_on == dt.date(2025, 3, 26)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"answers": [{"result": "ok"}]}, "answers", "has 3 lines"),
        ({"occurred_on": "2999-01-01"}, "occurred_on", "cannot be in the future"),
        (
            {"answers": [{"result": "ok"}, {"result": "deficient"}, {"result": "ok"}]},
            "answers",
            "Describe the deficiency",
        ),
    ],
)
def test_bad_inspection_writes_nothing(client, employer, change, field, message):
    tpl = pf.template(employer)
    before = counts()
    response = client.post("/api/inspections/", inspection_body(employer, tpl, **change), format="json")
    assert response.status_code == 400
    assert message in str(response.json()[field])
    assert counts() == before


def test_an_archived_checklist_cannot_be_answered(client, employer):
    tpl = pf.template(employer, archived=True)
    before = counts()
    response = client.post("/api/inspections/", inspection_body(employer, tpl), format="json")
    assert response.status_code == 400
    assert "archived" in str(response.json()["template"])
    assert counts() == before


def test_the_answers_of_a_recorded_inspection_are_fixed(client, employer):
    insp = pf.inspection(employer)
    response = client.patch(f"/api/inspections/{insp.pk}/", {"answers": [{"result": "ok"}]}, format="json")
    assert response.status_code == 400
    assert "cannot be changed" in str(response.json()["answers"])


def test_activity_date_boundary_today_is_fine_tomorrow_is_refused(client, employer):
    today = timezone.localdate()
    body = {"employer": employer.pk, "topics": "Heat"}
    ok = client.post("/api/safety-meetings/", {**body, "occurred_on": today.isoformat()}, format="json")
    assert ok.status_code == 201, ok.content
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    bad = client.post("/api/safety-meetings/", {**body, "occurred_on": tomorrow}, format="json")
    assert bad.status_code == 400
    assert "future" in str(bad.json()["occurred_on"])
    assert m.SafetyMeeting.objects.count() == 1


def test_attendance_by_someone_who_had_left_is_refused(client, employer):
    stays = f.PersonFactory(employer=employer, end_date=dt.date(2025, 3, 12))
    left = f.PersonFactory(
        employer=employer, first_name="Gone", last_name="Away", end_date=dt.date(2025, 3, 11)
    )
    body = {"employer": employer.pk, "occurred_on": "2025-03-12", "topics": "Ladders"}
    # leaving on the meeting day: still there
    assert (
        client.post("/api/safety-meetings/", {**body, "participants": [stays.pk]}, format="json").status_code
        == 201
    )
    before = counts()
    response = client.post(
        "/api/safety-meetings/", {**body, "participants": [stays.pk, left.pk]}, format="json"
    )
    assert response.status_code == 400
    assert "Gone Away had left on 2025-03-11" in str(response.json()["participants"])
    assert counts() == before


def test_someone_from_another_employer_cannot_attend(client, employer):
    stranger = f.PersonFactory()  # another tenant: unknown to this user
    response = client.post(
        "/api/safety-meetings/",
        {"employer": employer.pk, "occurred_on": "2025-03-12", "topics": "x", "participants": [stranger.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert "does not exist" in str(response.json()["participants"])


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {"status": "closed", "closed_on": "2025-03-11", "closure_evidence": "x"},
            "closed_on",
            "before it was opened",
        ),
        ({"status": "closed", "closed_on": "2025-03-12"}, "closure_evidence", "how it was fixed"),
        ({"status": "open", "closed_on": "2025-03-13"}, "status", "set the status to Closed"),
        ({"due_on": "2025-03-11"}, "due_on", "cannot come before"),
    ],
)
def test_corrective_action_rules(client, employer, body, field, message):
    action = m.CorrectiveAction.objects.create(
        employer=employer, title="Fix", opened_on=dt.date(2025, 3, 12), due_on=dt.date(2025, 3, 20)
    )
    response = client.patch(f"/api/corrective-actions/{action.pk}/", body, format="json")
    assert response.status_code == 400
    assert message in str(response.json()[field])
    action.refresh_from_db()
    assert (action.status, action.closed_on, action.due_on) == ("open", None, dt.date(2025, 3, 20))


def test_closing_on_the_opening_day_is_allowed(client, employer):
    action = m.CorrectiveAction.objects.create(
        employer=employer, title="Fix", opened_on=dt.date(2025, 3, 12), due_on=dt.date(2025, 3, 12)
    )
    body = {"status": "closed", "closed_on": "2025-03-12", "closure_evidence": "Done"}
    assert client.patch(f"/api/corrective-actions/{action.pk}/", body, format="json").status_code == 200


def test_typed_signature_is_timed_and_management_is_shown(client, employer):
    owner = f.PersonFactory(employer=employer, first_name="Olga", last_name="Owner", category="owner")
    worker = f.PersonFactory(employer=employer)
    response = client.post(
        "/api/hazard-assessments/",
        {
            "employer": employer.pk,
            "occurred_on": "2025-03-12",
            "kind": "field",
            "job_task": "Shingling",
            "participants": [owner.pk, worker.pk],
            "signed_name": "Crew of three",
            "hazards": [
                {
                    "hazard": "Fall",
                    "severity": 5,
                    "likelihood": 2,
                    "controls": [{"level": "ppe", "control": "Harness"}],
                }
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["signed_at"] is not None
    assert data["management"] == ["Olga Owner"]


def test_field_level_hazard_assessment_needs_the_crew_signature_and_valid_ratings(client, employer):
    response = client.post(
        "/api/hazard-assessments/",
        {
            "employer": employer.pk,
            "occurred_on": "2025-03-12",
            "kind": "field",
            "job_task": "Shingling",
            "hazards": [{"hazard": "Fall", "severity": 9, "likelihood": 2, "controls": []}],
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["hazards"]["0"]
    assert "less than or equal to 5" in str(errors["severity"])
    assert "controls" in errors
    good_hazards = [
        {"hazard": "Fall", "severity": 5, "likelihood": 2, "controls": [{"level": "ppe", "control": "x"}]}
    ]
    unsigned = client.post(
        "/api/hazard-assessments/",
        {
            "employer": employer.pk,
            "occurred_on": "2025-03-12",
            "kind": "field",
            "job_task": "x",
            "hazards": good_hazards,
        },
        format="json",
    )
    assert unsigned.status_code == 400
    assert "crew signs" in str(unsigned.json()["signed_name"])
    assert m.HazardAssessment.objects.count() == 0


def test_attachments_follow_the_upload_rules(client, employer):
    meeting = m.SafetyMeeting.objects.create(employer=employer, occurred_on=dt.date(2025, 3, 12), topics="x")
    url = f"/api/safety-meetings/{meeting.pk}/attachments/"
    bad = client.post(
        url, {"file": SimpleUploadedFile("photo.png", b"MZ\x90\x00 not a png")}, format="multipart"
    )
    assert bad.status_code == 400
    assert "does not look like a PNG" in str(bad.json()["file"])
    assert m.Attachment.objects.count() == 0
    good = client.post(url, {"file": SimpleUploadedFile("photo.png", PNG)}, format="multipart")
    assert good.status_code == 201, good.content
    assert len(good.json()["sha256"]) == 64
    listed = client.get(f"/api/safety-meetings/{meeting.pk}/").json()["attachments"]
    assert [a["original_name"] for a in listed] == ["photo.png"]


def test_a_reviewer_cannot_attach_files(employer):
    meeting = m.SafetyMeeting.objects.create(employer=employer, occurred_on=dt.date(2025, 3, 12), topics="x")
    f.EnrolmentFactory(employer=employer)
    c = APIClient()
    c.force_authenticate(f.reviewer_of("AB", "ACSA"))
    response = c.post(
        f"/api/safety-meetings/{meeting.pk}/attachments/",
        {"file": SimpleUploadedFile("photo.png", PNG)},
        format="multipart",
    )
    assert response.status_code == 403
    assert m.Attachment.objects.count() == 0


def test_document_versions_default_to_an_annual_review(client, employer):
    doc = m.ProgramDocument.objects.create(employer=employer, kind="policy", title="Policy")
    response = client.post(
        "/api/program-document-versions/",
        {"document": doc.pk, "version": "1", "approved_on": "2024-02-29"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["review_due_on"] == "2025-02-28"  # leap day + 12 months: month end


def test_attachment_download_is_scoped(client, employer):
    meeting = m.SafetyMeeting.objects.create(employer=employer, occurred_on=dt.date(2025, 3, 12), topics="x")
    upload = client.post(
        f"/api/safety-meetings/{meeting.pk}/attachments/",
        {"file": SimpleUploadedFile("Sign-in sheet.png", PNG)},
        format="multipart",
    )
    url = f"/program/attachments/{upload.json()['id']}/"
    page = Client()
    page.force_login(f.employer_member(employer))
    own = page.get(url)
    assert own.status_code == 200
    assert 'filename="sign-in-sheet.png"' in own["Content-Disposition"]
    assert b"".join(own.streaming_content) == PNG
    outsider = Client()
    outsider.force_login(f.employer_admin(f.EmployerFactory()))
    assert outsider.get(url).status_code == 404
