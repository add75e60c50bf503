"""The state of an employer's program on a day, from its records and schedules: what is due or overdue,
since when each scheduled activity is implemented (:mod:`safety_program.periods`), the open corrective
actions and the document reviews.

Reads what :func:`prefetch_program` loaded (the reminders sweep and the dashboard load it once per chunk or
page), else queries: a constant number of queries per employer either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet

from safety_program import periods
from safety_program.models import (
    Activity,
    ActivitySchedule,
    CorrectiveAction,
    EmergencyDrill,
    HazardAssessment,
    Inspection,
    ProgramDocument,
    SafetyMeeting,
)

_ATTR = "_program_%s"


def _records(model):
    return model.objects.filter(deleted_at__isnull=True).only("id", "employer_id", "occurred_on")


def _prefetches() -> dict[str, Prefetch]:
    return {
        "schedules": Prefetch(
            "program_schedules",
            queryset=ActivitySchedule.objects.filter(active=True).select_related("inspection_kind"),
            to_attr=_ATTR % "schedules",
        ),
        "inspections": Prefetch(
            "inspection_records",
            queryset=_records(Inspection).only("id", "employer_id", "occurred_on", "kind_id"),
            to_attr=_ATTR % "inspections",
        ),
        "hazards": Prefetch(
            "hazardassessment_records", queryset=_records(HazardAssessment), to_attr=_ATTR % "hazards"
        ),
        "meetings": Prefetch(
            "safetymeeting_records", queryset=_records(SafetyMeeting), to_attr=_ATTR % "meetings"
        ),
        "drills": Prefetch(
            "emergencydrill_records", queryset=_records(EmergencyDrill), to_attr=_ATTR % "drills"
        ),
        "actions": Prefetch(
            "corrective_actions",
            queryset=CorrectiveAction.objects.filter(deleted_at__isnull=True).select_related("owner"),
            to_attr=_ATTR % "actions",
        ),
        "documents": Prefetch(
            "program_documents",
            queryset=ProgramDocument.objects.filter(deleted_at__isnull=True).prefetch_related("versions"),
            to_attr=_ATTR % "documents",
        ),
    }


def prefetch_program(queryset: QuerySet) -> QuerySet:
    """Load everything :func:`program_state` reads for a queryset of employers."""
    return queryset.prefetch_related(*_prefetches().values())


def _loaded(employer, name: str) -> list:
    attr = _ATTR % name
    if not hasattr(employer, attr):
        from secor.employers.models import Employer

        fresh = prefetch_program(Employer.objects.filter(pk=employer.pk)).get()
        for key in _prefetches():
            setattr(employer, _ATTR % key, getattr(fresh, _ATTR % key))
    return getattr(employer, attr)


@dataclass(frozen=True)
class ScheduleState:
    schedule_id: int
    activity: str
    label: str
    every: int
    unit: str
    last_done: date | None
    due: date
    overdue: bool
    since: date | None


@dataclass(frozen=True)
class DueItem:
    pk: int
    title: str
    due: date
    overdue: bool


@dataclass
class ProgramState:
    as_of: date
    schedules: list[ScheduleState] = field(default_factory=list)
    actions: list[DueItem] = field(default_factory=list)
    reviews: list[DueItem] = field(default_factory=list)

    @property
    def implemented_since(self) -> date | None:
        """Since when every scheduled activity has been done on time (None: not yet, or no schedules)."""
        return periods.latest_start(s.since for s in self.schedules)

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in [*self.schedules, *self.actions, *self.reviews] if item.overdue)


def activity_dates(employer, schedule: ActivitySchedule) -> list[date]:
    if schedule.activity == Activity.INSPECTION:
        return [
            r.occurred_on
            for r in _loaded(employer, "inspections")
            if r.kind_id == schedule.inspection_kind_id
        ]
    name = {
        Activity.HAZARD_ASSESSMENT: "hazards",
        Activity.MEETING: "meetings",
        Activity.DRILL: "drills",
    }[Activity(schedule.activity)]
    return [r.occurred_on for r in _loaded(employer, name)]


def program_state(employer, as_of: date) -> ProgramState:
    state = ProgramState(as_of=as_of)
    for schedule in _loaded(employer, "schedules"):
        done = [d for d in activity_dates(employer, schedule) if d <= as_of]
        last = max(done, default=None)
        due = periods.next_due(last, schedule.starts_on, schedule.every, schedule.unit)
        state.schedules.append(
            ScheduleState(
                schedule_id=schedule.pk,
                activity=schedule.activity,
                label=schedule.label,
                every=schedule.every,
                unit=schedule.unit,
                last_done=last,
                due=due,
                overdue=periods.is_overdue(due, as_of),
                since=periods.implemented_since(done, schedule.every, schedule.unit, as_of),
            )
        )
    for action in _loaded(employer, "actions"):
        if action.status != CorrectiveAction.Status.CLOSED:
            state.actions.append(
                DueItem(pk=action.pk, title=action.title, due=action.due_on, overdue=action.is_overdue(as_of))
            )
    for document in _loaded(employer, "documents"):
        version = document.current_version
        if version is not None and version.review_due_on is not None:
            state.reviews.append(
                DueItem(
                    pk=document.pk,
                    title=document.title,
                    due=version.review_due_on,
                    overdue=periods.is_overdue(version.review_due_on, as_of),
                )
            )
    return state
