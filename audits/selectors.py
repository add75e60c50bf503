"""Reads of the audits area. Every queryset goes through ``secor.tenancy.scope``."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q, QuerySet

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
DECIDED_STATUSES = (AuditStatus.ACCEPTED, AuditStatus.REJECTED)
REVIEW_STATUSES = (*QUEUE_STATUSES, *DECIDED_STATUSES)
# The reviewer workspace's three lists: what still needs the partner, what was decided, everything submitted.
QUEUE_VIEWS: dict[str, tuple[str, ...]] = {
    "open": QUEUE_STATUSES,
    "decided": DECIDED_STATUSES,
    "all": REVIEW_STATUSES,
}


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


def review_queue_for(
    *,
    user,
    status: str | None = None,
    assigned_to=None,
    view: str = "open",
    q: str = "",
    submitted_from: date | None = None,
    submitted_to: date | None = None,
    decided_from: date | None = None,
    decided_to: date | None = None,
    outcome: str = "",
    unassigned: bool = False,
) -> QuerySet[Audit]:
    """The reviewer's submissions to their partner (site staff: every partner's).

    ``view``: ``open`` (pending, in review, waiting for the employer's corrections; oldest due first),
    ``decided`` (accepted or rejected; latest decision first) or ``all`` (latest submission first). A
    ``status`` narrows to one state (any of the workspace's states, whatever the view). ``q`` finds an
    employer by legal or operating name, an audit by its number, or a certificate number. Dates are local
    days, both ends included. ``outcome``: ``passed`` / ``failed`` (accepted audits) or ``rejected``."""
    statuses = QUEUE_VIEWS.get(view, QUEUE_STATUSES)
    if status in REVIEW_STATUSES:
        statuses = (status,)
    qs = tenancy.scope(Audit.objects.all(), user).filter(status__in=statuses)
    if not user.is_staff:
        qs = qs.filter(partner_id=user.reviewer_partner_id) if user.reviewer_partner_id else qs.none()
    if assigned_to is not None:
        qs = qs.filter(assigned_reviewer=assigned_to)
    elif unassigned:
        qs = qs.filter(assigned_reviewer__isnull=True)
    term = (q or "").strip().lstrip("#")
    if term:
        match = (
            Q(employer__legal_name__icontains=term)
            | Q(employer__operating_name__icontains=term)
            | Q(enrolment__certificate_number__icontains=term)
        )
        if term.isdigit():
            match |= Q(pk=int(term))
        qs = qs.filter(match)
    if submitted_from:
        qs = qs.filter(last_submitted_at__date__gte=submitted_from)
    if submitted_to:
        qs = qs.filter(last_submitted_at__date__lte=submitted_to)
    if decided_from:
        qs = qs.filter(decided_at__date__gte=decided_from)
    if decided_to:
        qs = qs.filter(decided_at__date__lte=decided_to)
    if outcome == "passed":
        qs = qs.filter(status=AuditStatus.ACCEPTED, outcome_passed=True)
    elif outcome == "failed":
        qs = qs.filter(status=AuditStatus.ACCEPTED, outcome_passed=False)
    elif outcome == "rejected":
        qs = qs.filter(status=AuditStatus.REJECTED)
    order = {
        "open": (F("review_due_on").asc(nulls_last=True), "last_submitted_at", "pk"),
        "decided": (F("decided_at").desc(nulls_last=True), "-pk"),
        "all": (F("last_submitted_at").desc(nulls_last=True), "-pk"),
    }[view if view in QUEUE_VIEWS else "open"]
    return (
        qs.select_related("employer", "partner", "assigned_reviewer", "instrument", "enrolment")
        .annotate(open_actionable=Count("notes", filter=Q(notes__kind="actionable", notes__response="")))
        .order_by(*order)
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
