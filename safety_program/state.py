"""The state of an employer's program: stored when records change, read (with today's date) by pages, the
reminders sweep and the rules engine.

:func:`refresh_status` recomputes an employer's :class:`~safety_program.models.ProgramStatus` summary from its
records (a constant number of queries); it runs on every save or delete of a program record (signals below).
The summary holds no "today": :func:`program_state` decides what is overdue and since when each scheduled
activity is implemented (:mod:`safety_program.periods`) for the day asked about, without queries when the
status row was prefetched (:data:`STATUS_PREFETCH`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from safety_program import models as m
from safety_program import periods

STATUS_ATTR = "_program_status_row"
STATUS_PREFETCH = Prefetch("program_status", queryset=m.ProgramStatus.objects.all(), to_attr=STATUS_ATTR)

_ACTIVITY_MODELS = {
    m.Activity.HAZARD_ASSESSMENT: m.HazardAssessment,
    m.Activity.MEETING: m.SafetyMeeting,
    m.Activity.DRILL: m.EmergencyDrill,
}


def _dates(model, employer_id: int, **filters) -> list[date]:
    return list(
        model.objects.filter(employer_id=employer_id, deleted_at__isnull=True, **filters)
        .order_by("occurred_on")
        .values_list("occurred_on", flat=True)
        .distinct()
    )


def compute_summary(employer_id: int) -> dict:
    """The date-independent summary of an employer's program (JSON-ready)."""
    schedules = []
    for s in m.ActivitySchedule.objects.filter(employer_id=employer_id, active=True).select_related(
        "inspection_kind"
    ):
        if s.activity == m.Activity.INSPECTION:
            done = _dates(m.Inspection, employer_id, kind_id=s.inspection_kind_id)
        else:
            done = _dates(_ACTIVITY_MODELS[m.Activity(s.activity)], employer_id)
        schedules.append(
            {
                "id": s.pk,
                "activity": s.activity,
                "label": s.label,
                "every": s.every,
                "unit": s.unit,
                "starts_on": s.starts_on.isoformat(),
                "done": [d.isoformat() for d in done],
            }
        )
    actions = [
        {"id": a.pk, "title": a.title, "due": a.due_on.isoformat()}
        for a in m.CorrectiveAction.objects.filter(employer_id=employer_id, deleted_at__isnull=True)
        .exclude(status=m.CorrectiveAction.Status.CLOSED)
        .order_by("due_on", "pk")
    ]
    reviews = []
    for document in m.ProgramDocument.objects.filter(
        employer_id=employer_id, deleted_at__isnull=True
    ).prefetch_related("versions"):
        version = document.current_version
        if version is not None and version.review_due_on is not None:
            reviews.append(
                {"id": document.pk, "title": document.title, "due": version.review_due_on.isoformat()}
            )
    return {"schedules": schedules, "actions": actions, "reviews": reviews}


def refresh_status(employer_id: int) -> m.ProgramStatus:
    status, _ = m.ProgramStatus.objects.update_or_create(
        employer_id=employer_id,
        defaults={"summary": compute_summary(employer_id), "updated_at": timezone.now()},
    )
    return status


def stored_summary(employer) -> dict:
    if hasattr(employer, STATUS_ATTR):
        row = getattr(employer, STATUS_ATTR)
        if isinstance(row, list):  # defensive: a to_attr prefetch of a reverse one-to-one
            row = row[0] if row else None
    else:
        row = m.ProgramStatus.objects.filter(employer_id=employer.pk).first()
    return row.summary if row is not None else {}


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


def program_state(employer, as_of: date) -> ProgramState:
    """The program on ``as_of`` from the stored summary (no queries when the status row was prefetched)."""
    summary = stored_summary(employer)
    state = ProgramState(as_of=as_of)
    for s in summary.get("schedules", []):
        done = [d for d in map(date.fromisoformat, s["done"]) if d <= as_of]
        last = max(done, default=None)
        due = periods.next_due(last, date.fromisoformat(s["starts_on"]), s["every"], s["unit"])
        state.schedules.append(
            ScheduleState(
                schedule_id=s["id"],
                activity=s["activity"],
                label=s["label"],
                every=s["every"],
                unit=s["unit"],
                last_done=last,
                due=due,
                overdue=periods.is_overdue(due, as_of),
                since=periods.implemented_since(done, s["every"], s["unit"], as_of),
            )
        )
    for key, target in (("actions", state.actions), ("reviews", state.reviews)):
        for item in summary.get(key, []):
            due = date.fromisoformat(item["due"])
            target.append(
                DueItem(pk=item["id"], title=item["title"], due=due, overdue=periods.is_overdue(due, as_of))
            )
    return state


# --- keeping the stored status current ---------------------------------------------------------------------

_EMPLOYER_OF = {
    m.Inspection: "employer_id",
    m.HazardAssessment: "employer_id",
    m.SafetyMeeting: "employer_id",
    m.EmergencyDrill: "employer_id",
    m.CorrectiveAction: "employer_id",
    m.ProgramDocument: "employer_id",
    m.ActivitySchedule: "employer_id",
    m.InspectionKind: "employer_id",
}


def _on_change(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if sender is m.DocumentVersion:
        employer_id = (
            m.ProgramDocument.objects.filter(pk=instance.document_id)
            .values_list("employer_id", flat=True)
            .first()
        )
    else:
        employer_id = getattr(instance, _EMPLOYER_OF[sender])
    if employer_id:
        from secor.employers.models import Employer

        if Employer.objects.filter(pk=employer_id).exists():  # not while the employer itself is deleted
            refresh_status(employer_id)
            # The employer's stored status reads the program (overdue activities, documented history).
            from secor.status.services import request_recompute

            request_recompute(employer_id)


def connect() -> None:
    for model in [*_EMPLOYER_OF, m.DocumentVersion]:
        uid = f"safety_program.status.{model.__name__}"
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}.delete")
