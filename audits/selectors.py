"""Reads of the audits area. Every queryset goes through ``secor.tenancy.scope``."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from audits.models import (
    PENDING_REVIEW_STATUSES,
    Audit,
    AuditRevision,
    AuditStatus,
    Evidence,
    Instrument,
    MaintenanceDue,
)
from secor import tenancy

QUEUE_STATUSES = (*PENDING_REVIEW_STATUSES, AuditStatus.CORRECTIONS_REQUESTED)


def audit_list_for(*, user, employer_id: int | None = None) -> QuerySet[Audit]:
    qs = Audit.objects.select_related(
        "employer", "partner", "instrument", "assigned_reviewer", "auditor_person"
    )
    qs = tenancy.scope(qs, user)
    if employer_id is not None:
        qs = qs.filter(employer_id=employer_id)
    return qs.order_by("-created_at")


def audit_get(*, user, pk: int, write: bool = False) -> Audit:
    qs = Audit.objects.select_related(
        "employer", "partner", "instrument", "enrolment", "auditor_person", "assigned_reviewer"
    )
    return tenancy.get_for_user(qs, user, write=write, pk=pk)


def review_queue_for(*, user, status: str | None = None, assigned_to=None) -> QuerySet[Audit]:
    """Submissions to the reviewer's partner that still need the partner: pending, in review, or waiting
    for the employer's corrections; oldest due first. Site staff see every partner's queue."""
    qs = tenancy.scope(Audit.objects.all(), user).filter(status__in=QUEUE_STATUSES)
    if not user.is_staff:
        qs = qs.filter(partner_id=user.reviewer_partner_id) if user.reviewer_partner_id else qs.none()
    if status:
        qs = qs.filter(status=status)
    if assigned_to is not None:
        qs = qs.filter(assigned_reviewer=assigned_to)
    return (
        qs.select_related("employer", "partner", "assigned_reviewer", "instrument")
        .annotate(open_actionable=Count("notes", filter=Q(notes__kind="actionable", notes__response="")))
        .order_by("review_due_on", "last_submitted_at")
    )


def revision_get(*, user, audit: Audit, number: int) -> AuditRevision:
    return tenancy.get_for_user(
        AuditRevision.objects.select_related("audit"), user, audit=audit, number=number
    )


def evidence_get(*, user, pk: int) -> Evidence:
    return tenancy.get_for_user(Evidence.objects.select_related("audit", "question"), user, pk=pk)


def instruments_list() -> QuerySet[Instrument]:
    return Instrument.objects.select_related("partner").order_by("partner__province", "partner__code", "code")


def schedule_for(*, user, enrolment_id: int | None = None) -> QuerySet[MaintenanceDue]:
    qs = tenancy.scope(MaintenanceDue.objects.select_related("enrolment", "source_audit"), user)
    if enrolment_id is not None:
        qs = qs.filter(enrolment_id=enrolment_id)
    return qs
