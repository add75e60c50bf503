"""Starting templates for an employer's program: inspection kinds with checklists, and schedules. These are
suggestions the employer changes (their program, their choices), not partner rules."""

from __future__ import annotations

from django.db import transaction

from safety_program.models import ActivitySchedule, ChecklistTemplate, InspectionKind
from safety_program.schedule_models import DEFAULT_SCHEDULES

DEFAULT_CHECKLISTS: dict[str, list[str]] = {
    "Site": [
        "Work area clean, walkways and exits clear",
        "Guardrails, covers and fall protection in place",
        "Ladders in good condition and secured",
        "Tools and cords undamaged",
        "Hazard assessment posted and signed for today's work",
        "Workers wearing the required personal protective equipment",
    ],
    "Vehicle": [
        "Lights, signals and horn work",
        "Tires and brakes in good condition",
        "Load secured",
        "First aid kit and fire extinguisher on board",
        "Registration and insurance current",
    ],
    "Fire extinguishers": [
        "In place, visible and unobstructed",
        "Pressure gauge in the green",
        "Pin and tamper seal intact",
        "Monthly inspection tag signed",
    ],
    "First aid kits": [
        "Kit present where posted",
        "Contents complete for the kit type",
        "Nothing expired",
        "First aider names posted",
    ],
}


@transaction.atomic
def apply_defaults(employer) -> list[ActivitySchedule]:
    """Give ``employer`` the starting kinds, checklists and schedules it does not have yet (idempotent)."""
    created: list[ActivitySchedule] = []
    for activity, kind_name, every, unit in DEFAULT_SCHEDULES:
        kind = None
        if kind_name:
            kind, _ = InspectionKind.objects.get_or_create(employer=employer, name=kind_name)
            if kind_name in DEFAULT_CHECKLISTS and not kind.templates.exists():
                ChecklistTemplate.objects.create(
                    employer=employer,
                    name=f"{kind_name} inspection checklist",
                    inspection_kind=kind,
                    items=DEFAULT_CHECKLISTS[kind_name],
                    copied_from="Starting template",
                )
        exists = ActivitySchedule.objects.filter(employer=employer, activity=activity, inspection_kind=kind)
        if not exists.exists():
            created.append(
                ActivitySchedule.objects.create(
                    employer=employer, activity=activity, inspection_kind=kind, every=every, unit=unit
                )
            )
    return created
