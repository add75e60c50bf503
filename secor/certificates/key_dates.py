"""The key dates the certificate ledger gives every rules-engine evaluation: the submission dates of the
maintenance audits accepted under the current certificate (year 2, year 3), so the engine's maintenance
schedule knows each year was met, not only the latest one. Registered with
:func:`secor.employers.evaluation.register_key_date_source` (after the audits app's, so a maintenance audit
the partner accepted by decision counts too)."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch

from secor.certificates.models import CertificateEvent


def ledger_key_dates(employer, enrolment, as_of: date) -> dict[str, date]:
    if enrolment is None or enrolment.issued_on is None:
        return {}
    rows = getattr(enrolment, "_ledger", None)
    if rows is None:
        rows = list(CertificateEvent.objects.filter(enrolment=enrolment).order_by("effective_on", "pk"))
    issued = enrolment.issued_on
    submitted = sorted(
        (r.submitted_on or r.effective_on)
        for r in rows
        if r.kind == "maintenance_accepted"
        and (r.submitted_on or r.effective_on) > issued
        and r.effective_on <= as_of
    )
    return dict(
        zip(("maintenance_year2_submitted_on", "maintenance_year3_submitted_on"), submitted, strict=False)
    )


def load_ledger(enrolment) -> list[CertificateEvent]:
    return list(
        CertificateEvent.objects.filter(enrolment=enrolment)
        .select_related("certificate", "decided_by")
        .order_by("effective_on", "pk")
    )


def register() -> None:
    from secor.certificates.services import scenario_events
    from secor.employers.evaluation import register_certificate_ledger, register_key_date_source

    register_certificate_ledger(load_ledger, scenario_events)

    register_key_date_source(
        "certificates",
        ledger_key_dates,
        prefetch=[
            Prefetch(
                "_eval_enrolments__certificate_events",
                queryset=CertificateEvent.objects.select_related("certificate", "decided_by").order_by(
                    "effective_on", "pk"
                ),
                to_attr="_ledger",
            )
        ],
    )
