"""The key dates an employer's audits give the rules engine.

Registered with :func:`secor.employers.evaluation.register_key_date_source`, so every evaluation (dashboard,
portfolio, API, PDFs, the reminder sweep) knows that a self-assessment was planned, noticed or submitted.
Without them the engine would still say "submit the self-assessment" after it was submitted.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch

from audits.models import Audit

SUBMITTED_STATES = ("submitted", "in_review", "corrections_requested", "accepted")
IN_PROGRESS_STATES = ("draft", "submitted", "in_review", "corrections_requested")


def audit_key_dates(audits: list[Audit], enrolment, as_of: date) -> dict[str, date]:
    """From the audits of ``enrolment``: the current audit's plan (start, BC notice, data gathering) and the
    first submission dates of the certification, maintenance and recertification audits."""
    if enrolment is None:
        return {}
    mine = sorted(
        (a for a in audits if a.enrolment_id == enrolment.pk and a.status != "rejected"),
        key=lambda a: (a.created_at, a.pk),
    )
    out: dict[str, date] = {}
    current = next((a for a in reversed(mine) if a.status in IN_PROGRESS_STATES), None)
    if current is not None:
        out["planned_audit_start"] = current.starts_on
        if current.notice_sent_on:
            out["notice_of_audit_sent_on"] = current.notice_sent_on
        if current.starts_on <= as_of:
            out["data_gathering_started_on"] = current.starts_on
        if current.ends_on and current.ends_on <= as_of:
            out["data_gathering_completed_on"] = current.ends_on
    submitted = [a for a in mine if a.status in SUBMITTED_STATES and a.first_submitted_on]
    issued = enrolment.issued_on
    for audit in submitted:
        on = audit.first_submitted_on
        if audit.kind == "certification" and (issued is None or on <= issued):
            out["audit_submitted_on"] = on
        elif audit.kind == "recertification" and issued and on > issued:
            out["recertification_submitted_on"] = on
    maintenance = sorted(
        a.first_submitted_on
        for a in submitted
        if a.kind == "maintenance" and issued and a.first_submitted_on > issued
    )
    for key, on in zip(
        ("maintenance_year2_submitted_on", "maintenance_year3_submitted_on"), maintenance, strict=False
    ):
        out[key] = on
    return out


def key_dates_for(employer, enrolment, as_of: date) -> dict[str, date]:
    """The key-date source: uses the audits prefetched by ``with_evaluation_data`` when present."""
    if hasattr(employer, "_eval_audits"):
        audits = employer._eval_audits
    else:
        audits = list(Audit.objects.filter(employer=employer, enrolment=enrolment).exclude(status="rejected"))
    return audit_key_dates(audits, enrolment, as_of)


def register() -> None:
    from secor.employers.evaluation import register_key_date_source

    register_key_date_source(
        "audits",
        key_dates_for,
        prefetch=[
            Prefetch("audits", queryset=Audit.objects.exclude(status="rejected"), to_attr="_eval_audits")
        ],
    )
