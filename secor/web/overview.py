"""What the employer dashboard (and the readiness report PDF) show: read once from the stored status.

The rules engine's answer comes from the employer's stored status row (:mod:`secor.status`), not from a new
evaluation; the records the page draws (people, training, headcounts, audits, notices) are each fetched once,
and audit answers and notes are counted in SQL. ``tests/web/test_dashboard.py`` pins the query count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.utils import timezone

import provinces
from audits.key_dates import IN_PROGRESS_STATES
from provinces import base as rules
from provinces.dates import add_months
from secor.employers.models import Employer, Enrolment
from secor.status.compute import (  # noqa: F401 - re-exported: the dashboard's helpers live with the status
    DEADLINE_SOON_DAYS,
    EARLIEST_KINDS,
    hydrate_evaluation,
    is_overdue,
    next_open_deadline,
    trained_person_risk,
)
from secor.web.timeline import timeline_context

EXPIRING_DAYS = 90  # a course expiring within this many days is "expiring" (amber)


# ----------------------------------------------------------------------------------------------------------
# Training matrix
# ----------------------------------------------------------------------------------------------------------


@dataclass
class MatrixCell:
    state: str  # valid | expiring | expired | missing | not_required
    label: str
    record: Any = None
    expires_on: date | None = None
    reason: str = ""

    @property
    def rag(self) -> str:
        return {
            "valid": "green",
            "expiring": "amber",
            "expired": "red",
            "missing": "grey",
            "not_required": "none",
        }[self.state]


@dataclass
class TrainingMatrix:
    courses: list[dict[str, str]] = field(default_factory=list)  # [{"code", "name"}]
    rows: list[dict[str, Any]] = field(default_factory=list)  # [{"person", "cells": [MatrixCell]}]
    requirements: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.rows


def cell_for(records: list[Any], as_of: date) -> MatrixCell:
    """The state of one person × course: the record that lasts longest decides."""
    if not records:
        return MatrixCell("missing", "Missing")
    best = max(records, key=lambda r: (r.expires_on is None, r.expires_on or date.min, r.completed_on))
    if best.expires_on is None:
        return MatrixCell("valid", "Valid", best)
    if as_of > best.expires_on:
        return MatrixCell("expired", f"Expired {best.expires_on:%Y-%m-%d}", best, best.expires_on)
    if (best.expires_on - as_of).days <= EXPIRING_DAYS:
        return MatrixCell("expiring", f"Expires {best.expires_on:%Y-%m-%d}", best, best.expires_on)
    return MatrixCell("valid", f"Valid to {best.expires_on:%Y-%m-%d}", best, best.expires_on)


def training_matrix(
    employer: Employer,
    evaluation: rules.Evaluation,
    enrolment: Enrolment,
    as_of: date,
    *,
    people: list[Any] | None = None,
    records: list[Any] | None = None,
    names: dict[str, str] | None = None,
) -> TrainingMatrix:
    """People (current) × the courses the partner requires, plus each requirement with who holds it.
    ``people`` (alive), ``records`` (their training) and ``names`` (course names) may come prefetched."""
    from training.models import Course, TrainingRecord

    reqs = list(evaluation.training.requirements)
    codes = sorted({code for req in reqs for code in req.courses})
    if names is None:
        names = dict(
            Course.objects.filter(partner=enrolment.partner, code__in=codes).values_list("code", "name")
        )
    if people is None:
        people = list(employer.people.filter(deleted_at__isnull=True))
    everyone = people
    people = sorted(
        (p for p in people if p.is_active_on(as_of) or p.start_date > as_of),
        key=lambda p: (not p.is_assessor, not p.is_safety_champion, p.last_name, p.first_name),
    )
    if records is None:
        records = list(
            TrainingRecord.objects.filter(
                person__in=people,
                deleted_at__isnull=True,
                course__code__in=codes,
                course__partner=enrolment.partner,
            ).select_related("course")
        )
    by_key: dict[tuple[int, str], list[Any]] = {}
    for record in records:
        if record.course.code in codes and record.course.partner_id == enrolment.partner_id:
            by_key.setdefault((record.person_id, record.course.code), []).append(record)
    # One column per requirement: any one of its courses satisfies it ("PHSM or the older SEHSM").
    matrix = TrainingMatrix(
        courses=[
            {
                "code": "+".join(r.courses),
                "name": names.get(r.courses[0], r.courses[0]) + (" (or equivalent)" if r.courses[1:] else ""),
                "title": " or ".join(names.get(c, c) for c in r.courses),
            }
            for r in reqs
        ]
    )
    # Suppliers and visitors never need the program's training, nor do the categories the partner does not
    # count (e.g. subcontractors with ACSA): a row of "Missing" for them would be noise. They are listed
    # when they do hold one of the courses.
    counted = _counted_categories(enrolment, as_of)
    holders = {person_id for person_id, _code in by_key}
    people = [
        p
        for p in people
        if p.pk in holders
        or (
            p.category != "supplier_visitor"
            and (counted is None or rules.PersonCategory(p.category) in counted)
        )
    ]
    people_by_id = {str(p.pk): p for p in everyone}
    can_hold = _holder_check(enrolment)
    # A requirement nobody here can hold (no one is marked as assessor yet) stays "Missing" for everyone:
    # "Not required" would hide the gap.
    someone_can = [r.satisfied or any(can_hold(p, r)[0] for p in people) for r in reqs]
    for person in people:
        cells = []
        for r, possible in zip(reqs, someone_can, strict=True):
            cell = cell_for([rec for code in r.courses for rec in by_key.get((person.pk, code), [])], as_of)
            if cell.state == "missing" and possible:
                cell = _not_required(person, r, people_by_id, can_hold) or cell
            cells.append(cell)
        matrix.rows.append({"person": person, "cells": cells})
    for req in evaluation.training.requirements:
        holders = [people_by_id[pid] for pid in req.held_by if pid in people_by_id]
        if not req.satisfied:
            risk, risk_text = "red", "Nobody holds this: the program requirement is not met."
        elif len(holders) == 1:
            risk, risk_text = "amber", f"Only {holders[0].full_name} holds this. If they leave, you lose it."
        else:
            risk, risk_text = "green", f"{len(holders)} people hold this."
        matrix.requirements.append(
            {
                "requirement": req,
                "holders": holders,
                "risk": risk,
                "risk_text": risk_text,
                "course_names": [names.get(c, c) for c in req.courses],
            }
        )
    return matrix


def _holder_check(enrolment: Enrolment):
    """``check(person, requirement) -> (ok, why)``: whether a person may hold a requirement at all (the
    engine's own :meth:`PartnerProfile.holder_ok`: a family member is not "the full-time permanent employee",
    an employee not marked as assessor is not the assessor)."""
    from types import SimpleNamespace

    try:
        profile = provinces.get_partner(enrolment.partner.province, enrolment.partner.code)
    except Exception:  # noqa: BLE001 - no profile: everyone may hold everything (the old matrix)
        return lambda person, req: (True, "")

    def check(person: Any, req: rules.RequirementResult) -> tuple[bool, str]:
        roles = set()
        if person.is_assessor:
            roles |= {"assessor", "internal_auditor"}
        if person.is_safety_champion:
            roles.add("safety_champion")
        engine_person = rules.Person(
            id=str(person.pk),
            name=person.full_name,
            category=rules.PersonCategory(person.category),
            start=person.start_date,
            end=person.end_date,
            hours_per_week=float(person.hours_per_week) if person.hours_per_week is not None else None,
            province=person.province or None,
            roles=frozenset(roles),
        )
        spec = SimpleNamespace(holder=req.holder, province_employee=False, one_account=False)
        return profile.holder_ok(engine_person, spec, None)  # type: ignore[arg-type]

    return check


def _not_required(
    person: Any, req: rules.RequirementResult, people_by_id: dict, can_hold
) -> MatrixCell | None:
    """A person without the course whom the program does not need to take it: the requirement is already met
    by someone else, or this person cannot be its holder. ``None``: they are a candidate, it is missing."""
    if req.satisfied:
        names = [people_by_id[pid].full_name for pid in req.held_by if pid in people_by_id]
        return MatrixCell(
            "not_required",
            "Not required",
            reason=f"Held by {', '.join(names)}." if names else "Requirement met.",
        )
    ok, why = can_hold(person, req)
    if not ok:
        return MatrixCell("not_required", "Not required", reason=f"{person.full_name} {why}.")
    return None


# ----------------------------------------------------------------------------------------------------------
# Headcount chart (inline SVG, rendered on the server)
# ----------------------------------------------------------------------------------------------------------


def _counted_categories(enrolment: Enrolment, as_of: date) -> frozenset | None:
    try:
        profile = provinces.get_partner(enrolment.partner.province, enrolment.partner.code)
        return frozenset(profile.value("counted_categories", as_of))
    except Exception:  # noqa: BLE001 - the chart is a picture; the verdict next to it is the engine's own
        return None


def headcount_series(
    employer: Employer,
    enrolment: Enrolment,
    as_of: date,
    months: int = 24,
    *,
    people: list[Any] | None = None,
    snapshot_rows: list[Any] | None = None,
) -> list[dict[str, Any]]:
    """Counted workers per month for the last ``months`` months: people at work at any time in the month whose
    category the partner counts, or the month's entered snapshot when that is higher."""
    categories = _counted_categories(enrolment, as_of)
    if people is None:
        people = list(employer.people.filter(deleted_at__isnull=True))
    if snapshot_rows is None:
        snapshot_rows = list(employer.headcount_snapshots.all())
    snapshots = {s.month: s.workers for s in snapshot_rows}
    first = add_months(as_of.replace(day=1), -(months - 1))
    series = []
    for i in range(months):
        month = add_months(first, i)
        month_end = add_months(month, 1) - timedelta(days=1)
        count = 0
        for p in people:
            if p.category == "supplier_visitor":
                continue
            if categories is not None and rules.PersonCategory(p.category) not in categories:
                continue
            if p.start_date <= month_end and (p.end_date is None or p.end_date > month):
                count += 1
        count = max(count, snapshots.get(month, 0))
        series.append({"month": month, "count": count})
    return series


def headcount_chart(
    series: list[dict[str, Any]], limit: float | None, inclusive: bool = True
) -> dict[str, Any]:
    """Geometry for the SVG: bars per month and a dashed line at the limit. Pure data; the template draws."""
    width, height, left, bottom, top, right = 640, 240, 36, 28, 14, 10
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([s["count"] for s in series] + [0])
    y_max = max(peak, (limit or 0) + 2, 5)
    n = max(len(series), 1)
    slot = plot_w / n
    bar_w = max(slot * 0.7, 2)

    def y(value: float) -> float:
        return round(top + plot_h - (value / y_max) * plot_h, 1)

    bars = []
    for i, s in enumerate(series):
        over = limit is not None and (s["count"] > limit if inclusive else s["count"] >= limit)
        bars.append(
            {
                "x": round(left + i * slot + (slot - bar_w) / 2, 1),
                "y": y(s["count"]),
                "w": round(bar_w, 1),
                "h": round(top + plot_h - y(s["count"]), 1),
                "over": over,
                "label": f"{s['month']:%b %Y}: {s['count']}",
                "tick": s["month"].month in (1, 7) or (i == 0 and s["month"].month not in (6, 12)),
                "tick_label": f"{s['month']:%b %y}",
                "tick_x": round(left + i * slot + slot / 2, 1),
                "count": s["count"],
            }
        )
    ticks = sorted({0, round(y_max / 2), round(y_max)})
    return {
        "width": width,
        "height": height,
        "left": left,
        "plot_right": width - right,
        "baseline": top + plot_h,
        "bars": bars,
        "limit": limit,
        "limit_y": y(limit) if limit is not None else None,
        "y_ticks": [{"value": t, "y": y(t)} for t in ticks],
        "peak": peak,
        "any_over": any(b["over"] for b in bars),
        "summary": (
            f"Highest month: {peak} counted workers; the limit is {limit:g}."
            if limit is not None
            else f"Highest month: {peak} counted workers."
        ),
    }


# ----------------------------------------------------------------------------------------------------------
# Deadlines, certificate, other areas
# ----------------------------------------------------------------------------------------------------------


def split_deadlines(deadlines: tuple[rules.Deadline, ...], as_of: date) -> dict[str, list[dict[str, Any]]]:
    """Overdue, upcoming, open (an earliest date that has passed: allowed from then on) and done."""
    overdue, upcoming, open_, done = [], [], [], []
    for d in sorted(deadlines, key=lambda d: d.due):
        row = {"deadline": d, "days": (d.due - as_of).days}
        if d.met is True:
            done.append(row)
        elif is_overdue(d, as_of):
            overdue.append(row)
        elif d.due < as_of:
            open_.append(row)
        else:
            upcoming.append(row)
    return {"overdue": overdue, "upcoming": upcoming, "open": open_, "done": done}


def _with_pages(
    employer: Employer, split: dict[str, list[dict[str, Any]]]
) -> dict[str, list[dict[str, Any]]]:
    """Give each deadline row the id of its stored deadline (the page with its reminder schedule), matched by
    kind and due date (one query)."""
    try:
        Deadline = apps.get_model("reminders", "Deadline")
    except LookupError:
        return split
    pages = {
        (kind, due): pk
        for pk, kind, due in Deadline.objects.filter(employer=employer, resolved_at__isnull=True).values_list(
            "pk", "kind", "due"
        )
    }
    for rows in split.values():
        for row in rows:
            row["page"] = pages.get((row["deadline"].kind, row["deadline"].due))
    return split


LOST_STATES = ("cancelled", "lapsed", "expired", "removed", "moved_to_cor")
LOST_VERBS = {
    "cancelled": "was cancelled",
    "lapsed": "lapsed",
    "expired": "expired",
    "removed": "ended: you were removed from the program",
    "moved_to_cor": "ended: you moved to COR",
}


def certificate_status(
    enrolment: Enrolment | None, as_of: date, answer: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The certificate card. ``answer``: the engine's certificate answer stored on the status row (the same
    one every reader shows); when it says the certificate is no longer held, the card says since when, why
    and the way back, with the partner's sources, even before the daily job has recorded the decision."""
    if enrolment is None:
        return {
            "state": "none",
            "rag": "grey",
            "title": "Not enrolled",
            "text": "Choose a certifying partner.",
        }
    if answer and answer.get("state") in LOST_STATES:
        since = answer.get("not_held_since")
        rule = answer.get("rule") or {}
        return {
            "state": answer["state"],
            "rag": "grey" if answer["state"] == "moved_to_cor" else "red",
            "title": answer.get("label") or answer["state"],
            "enrolment": enrolment,
            "ended_on": date.fromisoformat(since) if since else None,
            "text": " ".join(
                t
                for t in (
                    f"Your SECOR {LOST_VERBS.get(answer['state'], 'ended')}"
                    + (f" on {_day(date.fromisoformat(since))}." if since else "."),
                    answer.get("reason"),
                )
                if t
            ),
            "way_back": answer.get("way_back", ""),
            "references": "; ".join(
                r for r in (rule.get("reference", ""), answer.get("way_back_reference", "")) if r
            ),
        }
    holds = enrolment.holds_certificate and enrolment.expires_on
    if holds and enrolment.expires_on < as_of:
        return {
            "state": "expired",
            "rag": "red",
            "title": "Certificate expired",
            "enrolment": enrolment,
            "days": (enrolment.expires_on - as_of).days,
        }
    if holds:
        days = (enrolment.expires_on - as_of).days
        return {
            "state": "certified",
            "rag": "amber" if days <= 120 else "green",
            "title": "Certified",
            "enrolment": enrolment,
            "days": days,
        }
    if enrolment.status in Enrolment.ACTIVE_STATUSES:
        return {
            "state": "working",
            "rag": "amber",
            "title": "Working toward your SECOR",
            "enrolment": enrolment,
        }
    ended_on = enrolment.removed_on or (enrolment.expires_on if enrolment.issued_on else None)
    partner = label_partner(enrolment.partner)
    texts = {
        "lapsed": (
            "Your SECOR lapsed"
            + (f" on {_day(ended_on)}" if ended_on else "")
            + f". To hold one again, plan a certification audit with {partner}: "
            "the deadlines and steps below start again from your records."
        ),
        "cancelled": (
            "Your SECOR was cancelled"
            + (f" on {_day(ended_on)}" if ended_on else "")
            + f". Ask {partner} what it takes to register again."
        ),
        "removed": (
            f"{partner} removed you from the program"
            + (f" on {_day(ended_on)}" if ended_on else "")
            + ". You may register again after the partner's waiting period."
        ),
        "moved_to_cor": "You moved to COR (more people than the SECOR limit).",
    }
    return {
        "state": enrolment.status,
        "rag": "red",
        "title": {"lapsed": "Lapsed", "cancelled": "Cancelled", "removed": "Removed"}.get(
            enrolment.status, enrolment.get_status_display()
        ),
        "enrolment": enrolment,
        "ended_on": ended_on,
        "text": texts.get(enrolment.status, ""),
    }


def label_partner(partner: Any) -> str:
    from secor.core.labels import partner_name

    return partner_name(partner.code)


def limit_note(eligibility: rules.EligibilityResult, enrolment: Enrolment, as_of: date) -> str:
    """A warning when an eligible employer is at (or within one hire of) its partner's limit: "10 of 10:
    one more hire ends eligibility". Empty when there is room or no count."""
    if not eligibility.eligible or eligibility.count is None:
        return ""
    inclusive = True
    try:
        profile = provinces.get_partner(enrolment.partner.province, enrolment.partner.code)
        inclusive = bool(profile.value("threshold", as_of).inclusive)
    except Exception:  # noqa: BLE001, S110 - unknown profile: read the limit as "or fewer"
        inclusive = True
    count, limit = float(eligibility.count), float(eligibility.limit)
    fte = eligibility.method == "fte_payroll"
    # Room left for whole new people (a full-time hire adds 1 to a headcount and about 1 FTE).
    room = (limit - count) if inclusive else (limit - count - (0.01 if fte else 1))
    shown = f"{count:g} {'FTE' if fte else ''}".strip()
    if room < 1:
        return (
            f"At the limit: {shown} of {eligibility.limit_text}. "
            "One more hire ends your eligibility for SECOR (the next step would be COR)."
        )
    if room < 2 and not fte:
        return (
            f"Close to the limit: {shown} counted, {eligibility.limit_text}. Two more hires end eligibility."
        )
    return ""


def audits_for(employer: Employer, user=None) -> list[Any]:
    """Audits in progress, from the audits app when it is installed and has its models."""
    try:
        Audit = apps.get_model("audits", "Audit")
    except LookupError:
        return []
    qs = Audit.objects.filter(employer=employer) if hasattr(Audit, "employer") else Audit.objects.none()
    if user is not None and hasattr(Audit, "tenant_path"):
        from secor import tenancy

        qs = tenancy.scope(qs, user)
    return list(qs.order_by("-pk")[:5])


def _day(day: date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def audit_step(audits: list[Any], as_of: date) -> dict[str, Any] | None:
    """What the employer has to do about its current audit, in plain words (None when nothing is pending)."""
    current = next(
        (
            a
            for a in sorted(audits, key=lambda a: (a.created_at, a.pk), reverse=True)
            if a.status in IN_PROGRESS_STATES
        ),
        None,
    )
    if current is None:
        return None
    what = f"{current.get_kind_display().lower()} audit"
    partner = current.partner.code
    if current.status == "corrections_requested":
        if hasattr(current, "open_notes_count"):  # counted in SQL by _employer_audits
            open_notes = current.open_notes_count
        else:
            open_notes = sum(
                1
                for n in current.notes.all()
                if n.kind == "actionable" and not n.response and n.revision.number == current.revision_count
            )
        return {
            "audit": current,
            "action": True,
            "text": f"{partner} sent your {what} back for corrections: answer the reviewer's "
            f"{open_notes} actionable note{'s' if open_notes != 1 else ''}, correct the answers, "
            "then resubmit.",
            "link": "Open the audit",
        }
    if current.status == "draft":
        if hasattr(current, "answered_count"):
            answered, total = current.answered_count, current.question_count
        else:
            answered = sum(1 for a in current.answers.all() if a.score is not None)
            total = sum(len(e.questions.all()) for e in current.instrument.elements.all())
        gathering = (
            f"data gathering ends {_day(current.ends_on)}"
            if current.ends_on
            else f"data gathering started {_day(current.starts_on)}"
            if current.starts_on <= as_of
            else f"data gathering starts {_day(current.starts_on)}"
        )
        return {
            "audit": current,
            "action": True,
            "text": f"Finish your {what}: {answered} of {total} questions answered; {gathering}. "
            f"Submit it to {partner} when every question has its answer and evidence.",
            "link": "Continue the audit",
        }
    due = f" (their target: {_day(current.review_due_on)})" if current.review_due_on else ""
    return {
        "audit": current,
        "action": False,
        "text": f"Your {what} was submitted on {_day(current.first_submitted_on)} and is with {partner} "
        f"for quality review{due}. Nothing to do until they answer.",
        "link": "View the submission",
    }


def _employer_audits(employer: Employer, user=None) -> list[Any]:
    """The employer's audits (those ``user`` may see), newest first, with their answered questions, open
    actionable notes and instrument size counted in SQL: one query."""
    try:
        Audit = apps.get_model("audits", "Audit")
        Answer = apps.get_model("audits", "Answer")
        ReviewNote = apps.get_model("audits", "ReviewNote")
        Question = apps.get_model("audits", "Question")
    except LookupError:
        return []
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    def counted(qs, group: str):
        grouped = qs.order_by().values(group).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(grouped, output_field=IntegerField()), 0)

    answered = Answer.objects.filter(audit=OuterRef("pk"), score__isnull=False)
    notes = ReviewNote.objects.filter(
        audit=OuterRef("pk"), kind="actionable", response="", revision__number=OuterRef("revision_count")
    )
    questions = Question.objects.filter(element__instrument=OuterRef("instrument_id"))
    qs = Audit.objects.filter(employer=employer)
    if user is not None:
        from secor import tenancy

        qs = tenancy.scope(qs, user)
    return list(
        qs.select_related("partner")
        .annotate(
            answered_count=counted(answered, "audit"),
            open_notes_count=counted(notes, "audit"),
            question_count=counted(questions, "element__instrument"),
        )
        .order_by("-pk")
    )


def notifications_for(user, employer: Employer) -> list[Any]:
    try:
        Notification = apps.get_model("reminders", "Notification")
    except LookupError:
        return []
    field_names = {f.name for f in Notification._meta.get_fields()}
    qs = Notification.objects.all()
    if "user" in field_names:
        qs = qs.filter(user=user)
    if "employer" in field_names:
        qs = qs.filter(employer=employer)
    order = "-created_at" if "created_at" in field_names else "-pk"
    if "read_at" in field_names and "user" in field_names:
        # The user's unread count (all employers) rides along for the navigation: one query, not two.
        from django.db.models import Count, IntegerField, Subquery

        unread = (
            Notification.objects.filter(user=user, read_at__isnull=True)
            .order_by()
            .values("user")
            .annotate(n=Count("pk"))
            .values("n")
        )
        qs = qs.annotate(unread_total=Subquery(unread, output_field=IntegerField()))
    return list(qs.order_by(order)[:5])


def employer_overview(
    employer: Employer, *, as_of: date | None = None, user=None, audits: list[Any] | None = None
) -> dict[str, Any]:
    """Everything the dashboard shows. ``evaluation`` is None when the employer has no enrolment yet.

    Reads: the stored status (with its enrolment and partner), the people, their training, the headcount
    snapshots, the course names, the audits (counts in SQL) and, with ``user``, the latest notices: each once.
    The stored status is brought up to date first when it does not answer for ``as_of`` (once a day, or
    after a change of records)."""
    from secor.status.models import EmployerStatus
    from secor.status.services import ensure_current

    as_of = as_of or timezone.localdate()
    status = (
        EmployerStatus.objects.select_related("enrolment__partner").filter(employer_id=employer.pk).first()
    )
    if status is None or not status.is_current(as_of) or status.as_of != as_of:
        ensure_current(employer, today=as_of)
        status = EmployerStatus.objects.select_related("enrolment__partner").get(employer_id=employer.pk)
    enrolment = status.enrolment
    if audits is None:  # the dashboard passes the list it already read
        audits = _employer_audits(employer, user)
    context: dict[str, Any] = {
        "employer": employer,
        "as_of": as_of,
        "status": status,
        "enrolment": enrolment,
        "certificate": certificate_status(enrolment, as_of, status.certificate),
        "evaluation": None,
        "audits": audits[:5],
        "notifications": notifications_for(user, employer) if user is not None else [],
    }
    if enrolment is None or not status.evaluation:
        return context
    evaluation = hydrate_evaluation(status.evaluation)
    eligibility = evaluation.eligibility
    from training.models import Course, TrainingRecord

    people = list(employer.people.filter(deleted_at__isnull=True))
    reqs = evaluation.training.requirements
    codes = sorted({code for req in reqs for code in req.courses})
    records = list(
        TrainingRecord.objects.filter(
            person__employer=employer,
            person__deleted_at__isnull=True,
            deleted_at__isnull=True,
            course__code__in=codes,
            course__partner_id=enrolment.partner_id,
        ).select_related("course")
    )
    names = (
        dict(
            Course.objects.filter(partner_id=enrolment.partner_id, code__in=codes).values_list("code", "name")
        )
        if codes
        else {}
    )
    series = headcount_series(
        employer, enrolment, as_of, people=people, snapshot_rows=list(employer.headcount_snapshots.all())
    )
    deadlines = _with_pages(employer, split_deadlines(evaluation.deadlines, as_of))
    next_deadline = next_open_deadline(evaluation, as_of)
    context.update(
        {
            "evaluation": evaluation,
            "eligibility": eligibility,
            "chart": headcount_chart(series, eligibility.limit),
            "limit_note": limit_note(eligibility, enrolment, as_of),
            "deadlines": deadlines,
            "next_deadline": next_deadline,
            # The next deadline's own page (its reminder schedule), like every row of the list.
            "next_deadline_page": next(
                (
                    r.get("page")
                    for rows in deadlines.values()
                    for r in rows
                    if r["deadline"] is next_deadline
                ),
                None,
            ),
            "matrix": training_matrix(
                employer, evaluation, enrolment, as_of, people=people, records=records, names=names
            ),
            "risk": status.risk,
            "current_step": next((s for s in evaluation.path if s.state != rules.StepState.DONE), None),
            "audit_step": audit_step(audits, as_of),
            "soon_days": DEADLINE_SOON_DAYS,
            "timeline": timeline_context(
                enrolment=enrolment, evaluation=evaluation, as_of=as_of, records=records, audits=audits
            ),
        }
    )
    return context


# ----------------------------------------------------------------------------------------------------------
# The dashboard page: the cards drawn from the stored status are rendered once per status version
# ----------------------------------------------------------------------------------------------------------

CARDS_CACHE_SECONDS = 24 * 3600


def stored_status_for(employer: Employer, as_of: date) -> Any:
    """The employer's status row (with its enrolment and partner, without the evaluation document), brought
    up to date first when it does not answer for ``as_of`` exactly. Uses the row joined onto the employer by
    :func:`secor.web.current.current_employer` when it is there (no query)."""
    from secor.status.models import EmployerStatus
    from secor.status.services import ensure_current

    try:
        status = employer.stored_status
    except EmployerStatus.DoesNotExist:
        status = None
    if status is None or not status.is_current(as_of) or status.as_of != as_of:
        ensure_current(employer, today=as_of)
        status = (
            EmployerStatus.objects.select_related("enrolment__partner")
            .defer("evaluation", "certificate")
            .filter(employer_id=employer.pk)
            .first()
        )
    return status


def dashboard_context(request, employer: Employer, *, can_write: bool) -> dict[str, Any]:
    """The dashboard's context. The cards that follow from the stored status and the employer's records
    (certificate, next deadline, eligibility, chart, path, deadlines, training matrix, source warnings) are
    rendered once per version of the status row and kept in the cache: any change of those records
    recomputes the row and so changes the key. Audits, their next step and the notices are read live."""
    from django.core.cache import cache
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from secor.status.compute import rules_version

    as_of = timezone.localdate()
    status = stored_status_for(employer, as_of)
    enrolment = status.enrolment if status is not None else None
    audits = _employer_audits(employer, request.user)
    notices = notifications_for(request.user, employer)
    if notices:  # the navigation's unread count came with them
        request._unread_notifications = notices[0].unread_total or 0
    context: dict[str, Any] = {
        "employer": employer,
        "as_of": as_of,
        "status": status,
        "enrolment": enrolment,
        "can_write": can_write,
        "audits": audits[:5],
        "notifications": notices,
        "audit_step": audit_step(audits, as_of),
        "has_evaluation": True,
    }
    if status is None or enrolment is None or status.error:
        context["has_evaluation"] = False
        return context
    version = f"{status.version}:{as_of}:{int(can_write)}:{rules_version()}"
    key = f"dashboard-cards:{employer.pk}:{version}"
    cached = cache.get(key)
    if cached is None:
        full = employer_overview(employer, as_of=as_of, audits=audits)
        if full.get("evaluation") is None:
            context["has_evaluation"] = False
            return context
        full["can_write"] = can_write
        cached = {
            "cards": render_to_string("dashboard/_cards.html", full, request),
            "warnings": render_to_string("dashboard/_warnings.html", full, request),
            "next_step": full["evaluation"].next_step,
        }
        cache.set(key, cached, CARDS_CACHE_SECONDS)
    context.update(
        {
            "cards": mark_safe(cached["cards"]),  # noqa: S308 - our own template's output
            "warnings": mark_safe(cached["warnings"]),  # noqa: S308
            "next_step": cached["next_step"],
        }
    )
    return context
