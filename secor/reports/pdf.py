"""PDF reports rendered from ``templates/pdf/`` with WeasyPrint.

- readiness report (one employer): eligibility with reasons, training matrix, deadlines, audit readiness by
  element;
- certification status letter (one employer): certificate, partner, issued, expires, maintenance status;
- consultant portfolio summary (every client the user may see);
- audit submission package (one submitted revision): the context comes from the audits area
  (``audits.pdf.submission_package_context``), the rendering from here.

The contexts are built only from objects the caller fetched through :mod:`secor.tenancy`. CSS is inlined in
the templates (``pdf/_style.html``), so nothing is fetched over the network while rendering.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from secor.employers.models import Employer


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render ``template_name`` to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template_name, {"generated_at": timezone.now(), **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _audit_readiness(audits: list[Any]) -> dict[str, Any] | None:
    """The latest open audit's live score by element (audits area), or None when there is none. ``audits``:
    the employer's audits the user may see, newest first (the overview's list)."""
    try:
        from audits.models import AuditStatus
        from audits.services import live_score
    except ImportError:  # pragma: no cover - the audits area is optional for the report
        return None
    closed = {AuditStatus.ACCEPTED, AuditStatus.REJECTED}
    audit = next((a for a in audits if a.status not in closed), None)
    if audit is None:
        return None
    try:
        score = live_score(audit)
    except Exception:  # noqa: BLE001 - an audit without an instrument must not stop the report
        return {"audit": audit, "score": None}
    return {"audit": audit, "score": score}


def readiness_context(employer: Employer, *, user, as_of: date | None = None) -> dict[str, Any]:
    """The dashboard's context (one read of each record) and the latest open audit's live score, found in
    the same list of audits."""
    from secor.web.activity import _employer_audits
    from secor.web.overview import employer_overview

    audits = _employer_audits(employer, user)  # those the user may see
    # no user: the report shows no notices (the overview reads them only for a user)
    context = employer_overview(employer, as_of=as_of, user=None, audits=audits)
    context["audit_readiness"] = _audit_readiness(audits)
    return context


def status_letter_context(employer: Employer, *, user, as_of: date | None = None) -> dict[str, Any]:
    """The certificate facts and the maintenance deadlines (met, open, missed) for a bid attachment."""
    from secor.status.compute import hydrate_evaluation
    from secor.status.services import ensure_current

    as_of = as_of or timezone.localdate()
    status = ensure_current(employer, today=as_of)
    enrolment = status.enrolment if status is not None else None
    context: dict[str, Any] = {
        "employer": employer,
        "as_of": as_of,
        "enrolment": enrolment,
        "maintenance": [],
    }
    if enrolment is None:
        return context
    if status is None or not status.evaluation:
        return context
    evaluation = hydrate_evaluation(status.evaluation)
    maintenance = [d for d in evaluation.deadlines if "maintenance" in d.kind or "recert" in d.kind]
    missed = [d for d in maintenance if d.met is False]
    # the engine's certificate answer stored on the status row: the same one every page shows
    answer = evaluation.certificate
    if answer is not None:
        valid = answer.held
    else:
        valid = bool(enrolment.holds_certificate and enrolment.expires_on and enrolment.expires_on >= as_of)
    context.update(certificate_facts(enrolment, answer))
    if not valid and answer is not None and answer.lost:
        since = f" since {answer.not_held_since:%B %-d, %Y}" if answer.not_held_since else ""
        standing = f"not in good standing: {answer.label.lower()}{since}"
    elif not valid:
        standing = "not in good standing: no valid certificate on record"
    elif missed:
        standing = "at risk: a maintenance obligation was missed"
    else:
        standing = "in good standing"
    rows = maintenance_rows(employer, enrolment, sorted(maintenance, key=lambda d: d.due), as_of)
    if valid and not missed and any(r["state"] == "pending" for r in rows):
        standing = "in good standing; the latest maintenance audit is with the partner for review"
    context.update(
        {
            "evaluation": evaluation,
            "maintenance": [r["deadline"] for r in rows],
            "maintenance_rows": rows,
            "valid": valid,
            "standing": standing,
            # Good standing with a maintenance audit under review is still good standing (green, not red).
            "standing_ok": standing.startswith("in good standing"),
        }
    )
    return context


def certificate_facts(enrolment, answer) -> dict[str, Any]:
    """The certificate's number, dates and status as the engine answers them, and the public verification
    link for its number with a QR code (PNG data URI; segno) for the letter."""
    import segno

    from secor.certificates.models import Certificate
    from secor.certificates.public import verify_url

    number = (answer.number if answer is not None else "") or enrolment.certificate_number
    facts: dict[str, Any] = {
        "certificate_number": number,
        "issued_on": (answer.issued_on if answer is not None else None) or enrolment.issued_on,
        "expires_on": (answer.expires_on if answer is not None else None) or enrolment.expires_on,
        "certificate_label": answer.label if answer is not None else enrolment.get_status_display(),
        "certificate_answer": answer,
        "verify_url": "",
        "verify_qr": "",
    }
    certificate = (
        Certificate.objects.filter(enrolment=enrolment, number=number).order_by("-created_at", "-pk").first()
        if number
        else None
    )
    if certificate is not None:
        url = verify_url(certificate)
        facts["verify_url"] = url
        facts["verify_qr"] = segno.make(url, error="m").png_data_uri(scale=4, border=2)
    return facts


PENDING_REVIEW = ("submitted", "in_review")


def maintenance_rows(employer: Employer, enrolment, deadlines: list, as_of: date) -> list[dict[str, Any]]:
    """Each maintenance obligation with what is true of it: the engine counts a submitted audit as the
    obligation met (the employer did its part on time), but a letter for third parties must not say "done"
    while the partner has not decided. The audits of the obligation are matched in submission order."""
    from django.apps import apps

    try:
        Audit = apps.get_model("audits", "Audit")
        audits = list(
            Audit.objects.filter(
                employer=employer,
                kind__in=("maintenance", "recertification"),
                first_submitted_on__isnull=False,
            )
            .exclude(status="draft")
            .order_by("first_submitted_on", "pk")
        )
    except LookupError:
        audits = []
    if enrolment.issued_on:
        audits = [a for a in audits if a.first_submitted_on > enrolment.issued_on]
    pool = {"maintenance": [a for a in audits if a.kind == "maintenance"]}
    pool["recertification"] = [a for a in audits if a.kind == "recertification"]
    rows = []
    for d in deadlines:
        kind = "recertification" if "recert" in d.kind else "maintenance"
        audit = pool[kind].pop(0) if d.met is True and pool[kind] else None
        if d.met is False:
            state, text = "missed", "Missed"
        elif d.met is True and audit is not None and audit.status in PENDING_REVIEW:
            state, text = (
                "pending",
                f"Submitted on {audit.first_submitted_on:%Y-%m-%d}; partner review pending",
            )
        elif d.met is True and audit is not None and audit.status == "corrections_requested":
            state, text = (
                "pending",
                (f"Submitted on {audit.first_submitted_on:%Y-%m-%d}; the partner asked for corrections"),
            )
        elif d.met is True and audit is not None and audit.status == "rejected":
            state, text = "missed", f"Submitted on {audit.first_submitted_on:%Y-%m-%d}; not accepted"
        elif d.met is True:
            state, text = (
                "done",
                "Done on time"
                + (
                    f" (accepted, submitted {audit.first_submitted_on:%Y-%m-%d})" if audit is not None else ""
                ),
            )
        elif d.due < as_of:
            state, text = "missed", "Overdue"
        else:
            state, text = "upcoming", "Upcoming"
        rows.append({"deadline": d, "state": state, "text": text, "audit": audit})
    return rows


def portfolio_context(user, *, as_of: date | None = None, progress=None) -> dict[str, Any]:
    """Every employer the user may see, read from the stored status in chunks (no page limit, nothing
    evaluated), with ``progress(percent)`` called as the rows are read (10 → 60)."""
    from secor import tenancy
    from secor.status.services import recompute
    from secor.web.portfolio import _not_current, counts_by_mark, filtered, portfolio_rows, visible_statuses
    from secor.web.views_portfolio import list_title

    as_of = as_of or timezone.localdate()
    # In the job (not a request): bring every row the report shows up to date first (missing ones too).
    missing = tenancy.scope(Employer.objects.filter(stored_status__isnull=True), user)
    todo = list(missing.values_list("pk", flat=True))
    todo += list(visible_statuses(user).filter(_not_current(as_of)).values_list("employer_id", flat=True))
    for start in range(0, len(todo), 200):
        recompute(todo[start : start + 200], today=as_of)
        if progress:
            progress(10 + 30 * min(start + 200, len(todo)) // len(todo))
    _rows, everything = filtered(user, sort="rag")
    counts = counts_by_mark(everything, as_of)
    total = sum(counts[k] for k in ("red", "amber", "green", "grey"))
    rows = []
    step = max(total // 10, 500)
    for i, row in enumerate(portfolio_rows(user, as_of=as_of, sort="rag"), start=1):
        rows.append(row)
        if progress and i % step == 0:
            progress(40 + min(20, 20 * i // max(total, 1)))
    if progress:
        progress(60)
    return {
        "rows": rows,
        "user": user,
        "as_of": as_of,
        "total": total,
        "noun": "client" if list_title(user) == "Clients" else "employer",
        "counts": counts,
    }


def audit_package_context(revision) -> dict[str, Any]:
    """Cover, scores by element, answers, evidence index with checksums, one section per element: built from
    the revision's immutable snapshot (what was actually submitted). When the audits area offers
    ``audits.pdf.submission_package_context``, its values are added under ``extra``."""
    snap = revision.snapshot or {}
    scores = snap.get("scores", {})
    elements = []
    for element in scores.get("elements", []):
        number = element.get("number")
        answers = [a for a in snap.get("answers", []) if a.get("element") == number]
        question_ids = {a.get("question_id") for a in answers}
        evidence = [e for e in snap.get("evidence", []) if e.get("question_id") in question_ids]
        records = [r for r in snap.get("records", []) if r.get("question_id") in question_ids]
        elements.append({**element, "answers": answers, "evidence": evidence, "records": records})
    context: dict[str, Any] = {
        "revision": revision,
        "audit": revision.audit,
        "snapshot": snap,
        "meta": snap.get("audit", {}),
        "scores": scores,
        "elements": elements,
        "evidence": snap.get("evidence", []),
        "records": snap.get("records", []),  # program records cited, frozen with their checksums (issue 11)
        "verified": revision.verify() if hasattr(revision, "verify") else None,
    }
    try:
        from audits.pdf import submission_package_context
    except ImportError:
        return context
    try:
        context["extra"] = submission_package_context(revision)
    except Exception:  # noqa: BLE001 - the snapshot alone makes a complete package
        context["extra"] = None
    return context
