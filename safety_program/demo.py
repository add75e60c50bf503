"""Demo data for the safety program: 14 months of believable records for the hand-made demo employers, with
the gaps the product points out (called from ``secor.employers.demo.build_world``; idempotent).

The story per employer (``STORIES``): which activities slipped and when. Prairie Roofing keeps its program
going except that its vehicle inspections stopped two months ago (overdue) and one corrective action from a
site inspection is past due; its emergency response plan's annual review is overdue. Other employers get a
complete year, or a meeting gap a few months ago that restarts their documented history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from provinces.dates import add_months
from safety_program import models as m
from safety_program import services
from safety_program.defaults import apply_defaults
from secor.employers.models import Employer, Person

MONTHS = 14


@dataclass(frozen=True)
class Story:
    vehicle_stops_months_ago: int | None = None  # vehicle inspections stopped this many months ago
    meeting_gap_months_ago: int | None = None  # one month without a meeting this many months ago
    overdue_action: bool = False
    overdue_plan_review: bool = False


STORIES: dict[str, Story] = {
    "prairie-roofing": Story(vehicle_stops_months_ago=2, overdue_action=True, overdue_plan_review=True),
    "foothills-framing": Story(meeting_gap_months_ago=4),
    "prairie-sky": Story(),
    "tofino-tide": Story(overdue_action=True),
}


def _people_on(people: list[Person], on: dt.date) -> list[Person]:
    return [p for p in people if p.start_date <= on and (p.end_date is None or p.end_date >= on)]


def _lead(people: list[Person], on: dt.date) -> Person | None:
    present = _people_on(people, on)
    owners = [p for p in present if p.category == Person.Category.OWNER]
    return (owners or present or [None])[0]


def build_program(employer: Employer, story: Story, today: dt.date) -> int:
    """Create the employer's program records; returns how many records were made (0 if it had some)."""
    if m.ActivitySchedule.objects.filter(employer=employer).exists():
        return 0
    start = add_months(today, -MONTHS)
    apply_defaults(employer)
    m.ActivitySchedule.objects.filter(employer=employer).update(starts_on=start)
    people = list(
        Person.objects.filter(employer=employer, deleted_at__isnull=True).order_by("start_date", "pk")
    )
    made = 0

    policy = m.ProgramDocument.objects.create(
        employer=employer, kind="policy", title="Health and safety policy"
    )
    m.DocumentVersion.objects.create(
        document=policy, version="1", approved_on=start, approved_by=_lead(people, start)
    )
    renewed = add_months(today, -2)
    m.DocumentVersion.objects.create(
        document=policy,
        version="2",
        approved_on=renewed,
        approved_by=_lead(people, renewed),
        changes="Annual review",
    )
    plan = m.ProgramDocument.objects.create(
        employer=employer, kind="emergency_plan", title="Emergency response plan"
    )
    plan_on = start if story.overdue_plan_review else add_months(today, -3)
    m.DocumentVersion.objects.create(
        document=plan, version="1", approved_on=plan_on, approved_by=_lead(people, plan_on)
    )

    kinds = {k.name: k for k in m.InspectionKind.objects.filter(employer=employer)}
    templates = {t.inspection_kind.name: t for t in m.ChecklistTemplate.objects.filter(employer=employer)}
    for month in range(MONTHS):
        first = add_months(start, month) + dt.timedelta(days=3)
        if first > today:
            break
        months_ago = MONTHS - month
        lead = _lead(people, first)
        present = _people_on(people, first)
        if story.meeting_gap_months_ago != months_ago:
            meeting = m.SafetyMeeting.objects.create(
                employer=employer,
                occurred_on=first,
                kind="toolbox" if month % 2 else "meeting",
                topics=[
                    "Ladders and fall protection",
                    "Heat stress",
                    "Housekeeping",
                    "PPE",
                    "Spill response",
                ][month % 5],
                led_by=lead,
                signed_name=lead.full_name if lead else "",
            )
            meeting.participants.set(present)
            made += 1
        for name in ("Site", "Vehicle", "Fire extinguishers", "First aid kits"):
            if name == "First aid kits" and month % 3:
                continue
            if (
                name == "Vehicle"
                and story.vehicle_stops_months_ago
                and months_ago <= story.vehicle_stops_months_ago
            ):
                continue
            on = first + dt.timedelta(days=2)
            if on > today:
                continue
            items = templates[name].items
            deficient = name == "Site" and month % 4 == 1
            answers = [
                {
                    "result": "deficient" if deficient and i == 2 else "ok",
                    "note": "Ladder not secured at the top" if deficient and i == 2 else "",
                    "owner": lead,
                }
                for i in range(len(items))
            ]
            inspection = services.create_inspection(
                data={
                    "employer": employer,
                    "occurred_on": on,
                    "kind": kinds[name],
                    "template": templates[name],
                    "led_by": lead,
                    "signed_name": lead.full_name if lead else "",
                },
                answers=answers,
                user=None,
            )
            made += 1
            for action in inspection.actions.all():
                recent = months_ago <= 1
                if recent and story.overdue_action:
                    continue  # left open: overdue
                if not recent:
                    action.status = m.CorrectiveAction.Status.CLOSED
                    action.closed_on = on + dt.timedelta(days=5)
                    action.closure_evidence = "Ladder tied off; crew re-briefed at the next toolbox talk."
                    action.save()
        if month % 6 == 0:
            assessment = m.HazardAssessment.objects.create(
                employer=employer,
                occurred_on=first,
                kind="formal",
                job_task="Work at heights",
                led_by=lead,
                signed_name=lead.full_name if lead else "",
                hazards=[
                    {
                        "hazard": "Fall from the roof edge",
                        "severity": 5,
                        "likelihood": 3,
                        "controls": [
                            {"level": "engineering", "control": "Guardrails at open edges"},
                            {"level": "ppe", "control": "Harness tied off to an anchor"},
                        ],
                    }
                ],
            )
            assessment.participants.set(present)
            made += 1
    drill_on = add_months(today, -5)
    drill = m.EmergencyDrill.objects.create(
        employer=employer,
        occurred_on=drill_on,
        scenario="Fire in the shop: evacuate to the muster point",
        plan=plan,
        led_by=_lead(people, drill_on),
        findings="Two workers did not know the muster point; added to the orientation.",
    )
    drill.participants.set(_people_on(people, drill_on))
    incident_on = add_months(today, -7)
    m.Incident.objects.create(
        employer=employer,
        occurred_on=incident_on,
        kind="near_miss",
        description="A bundle of shingles slid off the roof edge; nobody below.",
        causes="Bundle not secured on the slope.",
        root_causes="No rule for staging material on steep roofs.",
        investigated_on=incident_on + dt.timedelta(days=1),
        led_by=_lead(people, incident_on),
        signed_off_name=_lead(people, incident_on).full_name if _lead(people, incident_on) else "",
    )
    for person in people:
        on = max(person.start_date, start)
        if on <= today:
            m.CompetencyVerification.objects.create(
                employer=employer,
                occurred_on=on,
                kind="orientation",
                worker=person,
                subject="Site orientation",
                led_by=_lead(people, on),
            )
    return made + 2


def build_demo_program(report, today: dt.date) -> None:
    """Called by ``seed_demo`` (``secor.employers.demo.build_world``)."""
    for slug, story in STORIES.items():
        employer = Employer.objects.filter(user_memberships__user__email=f"owner@{slug}.demo").first()
        if employer is None:
            continue
        made = build_program(employer, story, today)
        report.created["program records"] = report.created.get("program records", 0) + made


CITES = 3  # records cited on the demo question


def cite_demo_records(audit, user) -> int:
    """Cite program records as evidence on one documentation question of a demo audit (before it is
    submitted, so they are frozen into the revision): the first question whose evidence checklist names
    records the employer has inside the review window; up to three of them. Returns how many were cited."""
    from audits.models import Question
    from safety_program import audit_evidence

    questions = (
        Question.objects.filter(element__instrument=audit.instrument)
        .select_related("element")
        .order_by("element__number", "order")
    )
    for question in questions:
        if "documentation" not in question.methods:
            continue
        for line in audit_evidence.checklist(audit, question).lines:
            for row in line.needs:
                records = [record for record, cited in row.inside if not cited][:CITES]
                for record in records:
                    audit_evidence.cite(
                        audit=audit,
                        question=question,
                        user=user,
                        record_kind=row.need.kind,
                        record_id=record.pk,
                        checklist_item=line.line,
                    )
                if records:
                    return len(records)
    return 0
