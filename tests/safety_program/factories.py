"""Program records for tests: one of every kind for an employer (used by the tenancy world too)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Model

from safety_program import models as m
from safety_program import services
from tests import factories as f

ON = dt.date(2025, 3, 10)
ITEMS = ["Guardrails in place", "Ladders tied off", "Fire extinguisher charged"]


def inspection_kind(employer, name: str = "Site") -> m.InspectionKind:
    return m.InspectionKind.objects.get_or_create(employer=employer, name=name)[0]


def template(employer, *, name: str = "Site checklist", items=None, archived: bool = False, kind="Site"):
    return m.ChecklistTemplate.objects.create(
        employer=employer,
        name=name,
        inspection_kind=inspection_kind(employer, kind),
        items=list(items or ITEMS),
        archived=archived,
    )


def inspection(employer, *, on=ON, results=("ok", "deficient", "na"), person=None, tpl=None):
    tpl = tpl or template(employer)
    answers = [
        {"result": r, "note": "Missing" if r == "deficient" else "", "owner": person}
        for r in results[: len(tpl.items)]
    ]
    return services.create_inspection(
        data={"employer": employer, "occurred_on": on, "kind": tpl.inspection_kind, "template": tpl},
        answers=answers,
        user=None,
    )


def program_records(employer, person=None) -> dict[str, Model]:
    person = person or f.PersonFactory(employer=employer)
    document = m.ProgramDocument.objects.create(employer=employer, kind="policy", title="Safety policy")
    version = m.DocumentVersion.objects.create(document=document, version="1", approved_on=ON)
    tpl = template(employer)
    used = template(employer, name="Office checklist", kind="Office")  # the inspection's (protected)
    return {
        "program_document": document,
        "document_version": version,
        "inspection_kind": tpl.inspection_kind,
        "checklist_template": tpl,
        "inspection": inspection(employer, person=person, tpl=used),
        "hazard_assessment": m.HazardAssessment.objects.create(
            employer=employer,
            occurred_on=ON,
            kind="formal",
            job_task="Roof tear-off",
            hazards=[
                {
                    "hazard": "Fall",
                    "severity": 5,
                    "likelihood": 3,
                    "controls": [{"level": "engineering", "control": "Guardrails"}],
                }
            ],
        ),
        "safety_meeting": m.SafetyMeeting.objects.create(employer=employer, occurred_on=ON, topics="Ladders"),
        "emergency_drill": m.EmergencyDrill.objects.create(
            employer=employer, occurred_on=ON, scenario="Fire"
        ),
        "incident": m.Incident.objects.create(
            employer=employer, occurred_on=ON, kind="near_miss", description="Dropped hammer"
        ),
        "competency_verification": m.CompetencyVerification.objects.create(
            employer=employer, occurred_on=ON, kind="orientation", worker=person, subject="Site orientation"
        ),
        "program_schedule": m.ActivitySchedule.objects.create(
            employer=employer, activity="meeting", every=1, unit="month", starts_on=ON
        ),
        "corrective_action": m.CorrectiveAction.objects.create(
            employer=employer, title="Replace ladder", opened_on=ON, due_on=ON + dt.timedelta(days=14)
        ),
    }


ENDPOINTS = {
    "program_document": "/api/program-documents/",
    "document_version": "/api/program-document-versions/",
    "inspection_kind": "/api/inspection-kinds/",
    "checklist_template": "/api/checklist-templates/",
    "inspection": "/api/inspections/",
    "hazard_assessment": "/api/hazard-assessments/",
    "safety_meeting": "/api/safety-meetings/",
    "emergency_drill": "/api/emergency-drills/",
    "incident": "/api/incidents/",
    "competency_verification": "/api/competency-verifications/",
    "corrective_action": "/api/corrective-actions/",
    "program_schedule": "/api/program-schedules/",
}

CHANGES = {
    "program_document": {"title": "Health and safety policy"},
    "document_version": {"changes": "Typo fixed"},
    "inspection_kind": {"name": "Vehicle"},
    "checklist_template": {"name": "Roof checklist"},
    "inspection": {"location": "Yard"},
    "hazard_assessment": {"job_task": "Shingling"},
    "safety_meeting": {"topics": "Heat stress"},
    "emergency_drill": {"scenario": "Chemical spill"},
    "incident": {"root_causes": "No tool lanyard"},
    "competency_verification": {"subject": "Nail gun"},
    "corrective_action": {"title": "Replace both ladders"},
    "program_schedule": {"every": 2},
}

# kind -> the field holding the record's parent (the employer, unless said here)
PARENTS = {"document_version": "document"}


def create_body(world, kind: str) -> dict:
    e = world.employer.pk
    records = world.records
    return {
        "program_document": {"employer": e, "kind": "emergency_plan", "title": "Emergency response plan"},
        "document_version": {
            "document": records["program_document"].pk,
            "version": "2",
            "approved_on": "2025-04-01",
        },
        "inspection_kind": {"employer": e, "name": "Fire extinguishers"},
        "checklist_template": {"employer": e, "name": "Office", "items": ["Exits clear"]},
        "inspection": {
            "employer": e,
            "occurred_on": "2025-03-12",
            "kind": records["inspection_kind"].pk,
            "template": records["checklist_template"].pk,
            "answers": [{"result": "ok"}, {"result": "ok"}, {"result": "na"}],
        },
        "hazard_assessment": {
            "employer": e,
            "occurred_on": "2025-03-12",
            "kind": "formal",
            "job_task": "Loading",
            "hazards": [
                {
                    "hazard": "Pinch",
                    "severity": 2,
                    "likelihood": 2,
                    "controls": [{"level": "ppe", "control": "Gloves"}],
                }
            ],
        },
        "safety_meeting": {"employer": e, "occurred_on": "2025-03-12", "topics": "Housekeeping"},
        "emergency_drill": {"employer": e, "occurred_on": "2025-03-12", "scenario": "Evacuation"},
        "incident": {"employer": e, "occurred_on": "2025-03-12", "kind": "near_miss", "description": "Slip"},
        "competency_verification": {
            "employer": e,
            "occurred_on": "2025-03-12",
            "kind": "competency",
            "worker": records["person"].pk,
            "subject": "Skid steer",
        },
        "corrective_action": {
            "employer": e,
            "title": "Fix the rail",
            "opened_on": "2025-03-12",
            "due_on": "2025-03-20",
        },
        "program_schedule": {"employer": e, "activity": "drill", "every": 12, "unit": "month"},
    }[kind]
