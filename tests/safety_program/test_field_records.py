"""Phone field pages for meetings (attendance), field-level hazard assessments and incident reports, and the
schedule page: bad input refused next to the fields with nothing written (future dates, attendance by people
who had left, hazards without controls, no crew signature, bad photos, schedules out of range), good input
saved, another tenant's record a 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safety_program import models as m
from tests import factories as f

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TODAY = timezone.localdate


@pytest.fixture
def crew(client):
    employer = f.EmployerFactory()
    client.force_login(f.employer_admin(employer))
    dana = f.PersonFactory(
        employer=employer, first_name="Dana", last_name="Lead", start_date=dt.date(2020, 1, 1)
    )
    sam = f.PersonFactory(
        employer=employer,
        first_name="Sam",
        last_name="Gone",
        start_date=dt.date(2020, 1, 1),
        end_date=TODAY() - dt.timedelta(days=10),
    )
    return employer, dana, sam


def html_of(r) -> str:
    return r.content.decode()


def test_meeting_attendance(client, crew):
    employer, dana, sam = crew
    assert client.get("/program/meetings/new/").status_code == 200
    base = {
        "occurred_on": TODAY().isoformat(),
        "kind": "toolbox",
        "topics": "Heat stress",
        "led_by": dana.pk,
        "signed_name": "Dana Lead",
    }
    # attendance by someone who had left: refused next to the attendance, nothing written, typed values kept
    r = client.post("/program/meetings/new/", {**base, "participants": [dana.pk, sam.pk]})
    assert r.status_code == 400
    assert f"Sam Gone had left on {sam.end_date.isoformat()}" in html_of(r)
    assert 'id="field-participants"' in html_of(r)
    assert "Heat stress" in html_of(r)
    # a future date; nobody ticked
    tomorrow = (TODAY() + dt.timedelta(days=1)).isoformat()
    r = client.post("/program/meetings/new/", {**base, "occurred_on": tomorrow})
    assert r.status_code == 400
    assert "cannot be in the future" in html_of(r)
    assert "Tick the people who attended." in html_of(r)
    assert not m.SafetyMeeting.objects.exists()
    r = client.post("/program/meetings/new/", {**base, "participants": [dana.pk]})
    meeting = m.SafetyMeeting.objects.get()
    assert r.status_code == 302
    assert r.url == f"/program/meetings/{meeting.pk}/"
    assert list(meeting.participants.all()) == [dana]
    assert meeting.kind == "toolbox"
    assert meeting.signed_at is not None
    page = html_of(client.get(r.url))
    assert 'data-clear-draft="meeting-new"' in page  # the phone's draft is dropped once saved
    assert "Heat stress" in page


def hazard_body(dana, **extra):
    data = {
        "occurred_on": TODAY().isoformat(),
        "job_task": "Roof tear-off",
        "location": "12 Main St",
        "led_by": dana.pk,
        "participants": [dana.pk],
        "signed_name": "Dana Lead",
        "hazard-0": "Fall from roof edge",
        "severity-0": "5",
        "likelihood-0": "3",
        "level-0": "engineering",
        "control-0": "Guardrails",
    }
    data.update(extra)
    return data


def test_field_level_hazard_assessment(client, crew):
    employer, dana, _ = crew
    r = client.post("/program/hazards/new/", hazard_body(dana, **{"control-0": "", "severity-0": "9"}))
    assert r.status_code == 400
    assert "Say how the hazard is controlled." in html_of(r)
    assert "Severity: choose 1 to 5." in html_of(r)
    assert 'value="Fall from roof edge"' in html_of(r)  # typed values kept
    r = client.post("/program/hazards/new/", hazard_body(dana, signed_name="", **{"hazard-0": ""}))
    assert r.status_code == 400
    assert "Name the hazard." in html_of(r)
    r = client.post("/program/hazards/new/", {**hazard_body(dana), "signed_name": ""})
    assert r.status_code == 400
    assert 'id="field-signed_name"' in html_of(r)
    assert not m.HazardAssessment.objects.exists()
    r = client.post("/program/hazards/new/", hazard_body(dana))
    assert r.status_code == 302
    ha = m.HazardAssessment.objects.get()
    assert ha.kind == "field"
    assert ha.hazards == [
        {
            "hazard": "Fall from roof edge",
            "severity": 5,
            "likelihood": 3,
            "controls": [{"level": "engineering", "control": "Guardrails"}],
        }
    ]
    assert "Guardrails" in html_of(client.get(r.url))


def test_incident_report_with_a_photo(client, crew):
    employer, dana, _ = crew
    base = {
        "occurred_on": TODAY().isoformat(),
        "kind": "near_miss",
        "description": "Hammer dropped from the roof",
        "led_by": dana.pk,
        "signed_name": "Dana Lead",
    }
    exe = SimpleUploadedFile("photo.png", b"MZ\x90\x00" + b"\x00" * 64, content_type="image/png")
    r = client.post("/program/incidents/new/", {**base, "photo": exe})
    assert r.status_code == 400
    assert 'id="field-photo"' in html_of(r)
    assert not m.Incident.objects.exists()
    assert not m.Attachment.objects.exists()
    r = client.post("/program/incidents/new/", {**base, "led_by": ""})
    assert r.status_code == 400
    r = client.post(
        "/program/incidents/new/",
        {**base, "photo": SimpleUploadedFile("drop.png", PNG, content_type="image/png")},
    )
    assert r.status_code == 302
    incident = m.Incident.objects.get()
    assert incident.attachments.get().original_name == "drop.png"
    # another tenant: the record does not exist for them
    client.force_login(f.employer_admin(f.EmployerFactory()))
    assert client.get(f"/program/incidents/{incident.pk}/").status_code == 404
    assert client.get("/program/payroll/new/").status_code == 404


def test_schedule_page(client, crew):
    employer, _, _ = crew
    kind = m.InspectionKind.objects.create(employer=employer, name="Vehicle")
    schedule = m.ActivitySchedule.objects.create(
        employer=employer, activity="meeting", every=1, unit="month", starts_on=dt.date(2025, 1, 1)
    )
    assert "Safety meeting" in html_of(client.get("/program/schedules/")) or "meeting" in html_of(
        client.get("/program/schedules/")
    )
    prefix = f"s{schedule.pk}"
    r = client.post(
        "/program/schedules/",
        {"schedule": schedule.pk, f"{prefix}-activity": "meeting", f"{prefix}-every": "40",
         f"{prefix}-unit": "month", f"{prefix}-starts_on": "2025-01-01", f"{prefix}-active": "on"},
    )  # fmt: skip
    assert r.status_code == 400
    assert "Every 36 months at most." in html_of(r)
    schedule.refresh_from_db()
    assert schedule.every == 1
    r = client.post(
        "/program/schedules/",
        {"schedule": schedule.pk, f"{prefix}-activity": "meeting", f"{prefix}-every": "2",
         f"{prefix}-unit": "month", f"{prefix}-starts_on": "2025-01-01", f"{prefix}-active": "on"},
    )  # fmt: skip
    assert r.status_code == 302
    schedule.refresh_from_db()
    assert schedule.every == 2
    r = client.post(
        "/program/schedules/",
        {"schedule": "new", "new-activity": "inspection", "new-every": "1", "new-unit": "month",
         "new-starts_on": "2025-02-01", "new-active": "on"},
    )  # fmt: skip
    assert r.status_code == 400
    assert "Say which kind of inspection" in html_of(r)
    r = client.post(
        "/program/schedules/",
        {"schedule": "new", "new-activity": "inspection", "new-inspection_kind": kind.pk, "new-every": "1",
         "new-unit": "month", "new-starts_on": "2025-02-01", "new-active": "on"},
    )  # fmt: skip
    assert r.status_code == 302
    assert m.ActivitySchedule.objects.filter(employer=employer, inspection_kind=kind).exists()


def test_incident_kinds_have_no_blank_choice(client, crew):
    html = html_of(client.get("/program/incidents/new/"))
    assert 'value="near_miss"' in html
    assert 'name="kind" value=""' not in html
    r = client.post("/program/incidents/new/", {"occurred_on": TODAY().isoformat(), "description": "x"})
    assert r.status_code == 400
    assert 'id="field-kind"' in html_of(r)


def test_emergency_drill_on_the_phone_page(client, crew):
    employer, dana, sam = crew
    plan = m.ProgramDocument.objects.create(employer=employer, kind="emergency_plan", title="Yard ERP")
    other = m.ProgramDocument.objects.create(
        employer=f.EmployerFactory(), kind="emergency_plan", title="Someone else's ERP"
    )
    page = html_of(client.get("/program/drills/new/"))
    assert 'data-draft="drill-new"' in page
    assert "Yard ERP" in page
    assert "Someone else" not in page
    base = {
        "occurred_on": TODAY().isoformat(),
        "scenario": "Fire in the shop",
        "plan": plan.pk,
        "led_by": dana.pk,
        "findings": "Muster point unclear",
        "signed_name": "Dana Lead",
    }
    # nobody ticked; another employer's plan; someone who had left: refused, nothing written, values kept
    r = client.post("/program/drills/new/", {**base, "plan": other.pk})
    assert r.status_code == 400
    assert "Tick the people who took part." in html_of(r)
    assert "Select a valid choice" in html_of(r)
    assert "Fire in the shop" in html_of(r)
    r = client.post("/program/drills/new/", {**base, "participants": [dana.pk, sam.pk]})
    assert r.status_code == 400
    assert f"Sam Gone had left on {sam.end_date.isoformat()}" in html_of(r)
    assert not m.EmergencyDrill.objects.exists()
    r = client.post("/program/drills/new/", {**base, "participants": [dana.pk]})
    drill = m.EmergencyDrill.objects.get()
    assert r.url == f"/program/drills/{drill.pk}/"
    assert drill.plan == plan
    assert list(drill.participants.all()) == [dana]
    page = html_of(client.get(r.url))
    assert 'data-clear-draft="drill-new"' in page
    assert "Yard ERP" in page
    assert "Muster point unclear" in page


@pytest.mark.parametrize(("days_after_leaving", "ok"), [(-1, True), (0, True), (1, False)])
def test_verification_of_a_worker_dated_around_their_last_day(client, crew, days_after_leaving, ok):
    employer, dana, sam = crew
    on = sam.end_date + dt.timedelta(days=days_after_leaving)
    r = client.post(
        "/program/verifications/new/",
        {
            "occurred_on": on.isoformat(),
            "kind": "competency",
            "worker": sam.pk,
            "subject": "Skid steer",
            "led_by": dana.pk,
            "signed_name": "Dana Lead",
        },
    )
    if ok:
        record = m.CompetencyVerification.objects.get()
        assert r.status_code == 302
        assert r.url == f"/program/verifications/{record.pk}/"
        assert (record.worker, record.led_by, record.occurred_on) == (sam, dana, on)
        page = html_of(client.get(r.url))
        assert "Skid steer" in page
        assert "verified by Dana Lead" in page
    else:
        assert r.status_code == 400
        assert f"Sam Gone had left on {sam.end_date.isoformat()}" in html_of(r)
        assert "Skid steer" in html_of(r)
        assert not m.CompetencyVerification.objects.exists()


def test_verification_needs_a_verifier_and_kinds_have_no_blank(client, crew):
    _, dana, _ = crew
    page = html_of(client.get("/program/verifications/new/"))
    assert 'data-draft="verification-new"' in page
    assert page.count('name="kind"') == 2  # orientation, competency verification; no blank button
    r = client.post(
        "/program/verifications/new/",
        {"occurred_on": TODAY().isoformat(), "kind": "orientation", "worker": dana.pk, "subject": "Site"},
    )
    assert r.status_code == 400
    assert not m.CompetencyVerification.objects.exists()


def test_another_tenants_drill_or_verification_is_a_404(client, crew):
    other = f.EmployerFactory()
    person = f.PersonFactory(employer=other, start_date=dt.date(2020, 1, 1))
    drill = m.EmergencyDrill.objects.create(employer=other, occurred_on=TODAY(), scenario="Spill")
    check = m.CompetencyVerification.objects.create(
        employer=other, occurred_on=TODAY(), kind="orientation", worker=person, subject="Site"
    )
    assert client.get(f"/program/drills/{drill.pk}/").status_code == 404
    assert client.get(f"/program/verifications/{check.pk}/").status_code == 404
