"""Audit services: every write of the audits area goes through here.

Employer side: plan (:func:`audit_create`, :func:`audit_update_plan`), answer (:func:`answer_save`), attach
evidence (:func:`evidence_add`, :func:`evidence_remove`), submit (:func:`audit_submit`), withdraw
(:func:`audit_withdraw`), answer reviewer notes (:func:`note_respond`).

Partner side (reviewers of the audit's partner, or site staff): :func:`review_assign`, :func:`review_start`,
:func:`review_add_note`, :func:`review_request_corrections`, :func:`review_accept`, :func:`review_reject`.
Accepting applies the outcome to the enrolment (:func:`apply_outcome`).

Every state change writes an :class:`AuditTransition`. Callers fetch the audit through ``secor.tenancy``
first; the services check the role again (employer writer vs the partner's reviewer) so a caller cannot
skip it.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audits import carryover, notices, rules, scoring
from audits.models import (
    EDITABLE_STATUSES,
    Answer,
    Audit,
    AuditKind,
    AuditRevision,
    AuditStatus,
    AuditTransition,
    Evidence,
    Instrument,
    MaintenanceDue,
    Question,
    ReviewNote,
    VerificationMethod,
)
from audits.snapshots import canonical_sha256
from provinces import dates
from secor import tenancy
from secor.core.citations import sources_text
from secor.core.exceptions import ApplicationError
from secor.core.uploads import validate_upload

logger = logging.getLogger(__name__)

# QA review target: ESC says QA review takes 2–4 weeks (program-rules.md §3.5); we use the upper bound as the
# due date shown in the reviewers' queue. A product choice, documented in docs/audits.md.
REVIEW_TARGET_DAYS = 28

A = AuditTransition.Action


def _today() -> date:
    return timezone.localdate()


def _log(
    audit: Audit, action: str, actor, *, from_status: str = "", revision=None, **detail: Any
) -> AuditTransition:
    return AuditTransition.objects.create(
        audit=audit,
        revision=revision,
        action=action,
        from_status=from_status,
        to_status=audit.status,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        detail={k: (v.isoformat() if isinstance(v, date) else v) for k, v in detail.items()},
    )


def _require_employer_writer(user, audit: Audit) -> None:
    if not tenancy.can_write_employer(user, audit.employer_id):
        raise ApplicationError("Only the employer's members and consultants can change this audit.")


def _require_reviewer(user, audit: Audit) -> None:
    if not (user.is_staff or (user.reviewer_partner_id and user.reviewer_partner_id == audit.partner_id)):
        raise ApplicationError("Only reviewers of the audit's certifying partner can review it.")


def _require_editable(audit: Audit) -> None:
    if audit.status not in EDITABLE_STATUSES:
        raise ApplicationError(
            f"The audit is {audit.get_status_display().lower()}; it can be changed only as a draft or when "
            "corrections were requested."
        )


def _locked(audit: Audit) -> Audit:
    # select_for_update: two requests (two reviewers, or a reviewer and the employer withdrawing) must not
    # both move the audit from the same state.
    return Audit.objects.select_for_update().get(pk=audit.pk)


# ----------------------------------------------------------------------------------------------------
# Planning
# ----------------------------------------------------------------------------------------------------


def current_instrument(partner, kind: str, on: date | None = None) -> Instrument | None:
    on = on or _today()
    candidates = Instrument.objects.filter(partner=partner, effective_from__lte=on).order_by(
        "-effective_from", "-pk"
    )
    for instrument in candidates:
        if kind in (instrument.kinds or [kind]):
            return instrument
    return Instrument.objects.filter(partner=partner, is_current=True).first()


def auditor_qualification(audit: Audit) -> dict[str, Any]:
    """Whether the auditor holds the partner's valid auditor training on the audit's start date.

    Internal auditors: a training record of one of the partner's auditor courses (or a course that renews
    it), completed on or before the start and not expired on it, and not voided by a missed follow-up (SK:
    internal auditor certification within 8 months). External auditors are outside the employer's records:
    their certificate number is recorded as declared and flagged for the reviewer."""
    from training.models import TrainingRecord

    partner, start = audit.partner, audit.starts_on
    info = rules.auditor_courses(partner, start)
    names = " or ".join(sorted(info["names"][c] for c in info["courses"])) or "the partner's auditor training"
    result: dict[str, Any] = {
        "qualified": False,
        "courses": sorted(info["courses"]),
        "required": names,
        "reference": info["reference"],
        "record": None,
        "reason": "",
    }
    if audit.auditor_type == Audit.AuditorType.EXTERNAL:
        if not audit.external_auditor_certificate:
            result["reason"] = "Give the external auditor's certificate number."
            return result
        result.update(
            qualified=True,
            declared=True,
            reason=f"External auditor certificate {audit.external_auditor_certificate} (declared; "
            "the partner "
            "verifies it).",
        )
        return result
    if audit.auditor_person_id is None:
        result["reason"] = "Choose the auditor."
        return result
    person = audit.auditor_person
    if not person.is_active_on(start):
        result["reason"] = f"{person.full_name} does not work for the employer on {start.isoformat()}."
        return result
    records = list(
        TrainingRecord.objects.filter(
            person=person,
            deleted_at__isnull=True,
            course__partner=partner,
            course__code__in=info["courses"] | info["renewals"] | {fu.course for fu in info["follow_ups"]},
            completed_on__lte=start,
        ).select_related("course")
    )
    by_code: dict[str, list] = {}
    for r in records:
        by_code.setdefault(r.course.code, []).append(r)
    reasons = []
    for r in sorted(records, key=lambda r: r.completed_on, reverse=True):
        if r.course.code not in info["courses"]:
            continue
        voided = None
        for fu in info["follow_ups"]:
            if fu.after_course != r.course.code or not fu.voids_training:
                continue
            due = fu.due(r.completed_on)
            done = any(r.completed_on <= f.completed_on <= due for f in by_code.get(fu.course, []))
            if due < start and not done:
                voided = fu
        if voided is not None:
            reasons.append(f"{r.course.name} of {r.completed_on.isoformat()} is void: {voided.title} missed")
            continue
        expiry = r.expires_on
        for renewal in (x for code in info["renewals"] for x in by_code.get(code, [])):
            if renewal.completed_on >= r.completed_on and (
                renewal.expires_on is None or expiry is None or renewal.expires_on > expiry
            ):
                expiry = renewal.expires_on
        if expiry is not None and expiry < start:
            reasons.append(f"{r.course.name} expired on {expiry.isoformat()}")
            continue
        result.update(
            qualified=True,
            record={
                "course": r.course.code,
                "name": r.course.name,
                "completed_on": r.completed_on.isoformat(),
                "expires_on": expiry.isoformat() if expiry else None,
            },
            reason=f"{person.full_name} holds {r.course.name} (completed {r.completed_on.isoformat()}"
            + (f", valid to {expiry.isoformat()})." if expiry else ")."),
        )
        return result
    detail = "; ".join(reasons) if reasons else "no record of it"
    result["reason"] = (
        f"{person.full_name} must hold valid {names} on the audit start ({start.isoformat()}): {detail}."
    )
    return result


def plan_errors(audit: Audit) -> dict[str, str]:
    """The partner's planning rules that the audit's plan breaks, as field → message."""
    errors: dict[str, str] = {}
    partner, enrolment = audit.partner, audit.enrolment
    # 1. kind against the enrolment
    if audit.kind == AuditKind.CERTIFICATION and enrolment.holds_certificate:
        errors["kind"] = (
            "The employer already holds a certificate: plan a maintenance or recertification audit."
        )
    if audit.kind in (AuditKind.MAINTENANCE, AuditKind.RECERTIFICATION) and not enrolment.holds_certificate:
        errors["kind"] = f"A {audit.get_kind_display().lower()} audit needs a certificate in force."
    # 2. Notice of Audit Activity (BC: at least 14 days before the start)
    notice = rules.notice_rule(partner, audit.starts_on)
    if notice is not None:
        if audit.notice_sent_on is None:
            errors["notice_sent_on"] = (
                f"Send the Notice of Audit Activity at least {notice.value} days before the audit "
                "starts, and "
                f"enter the date it was sent ({sources_text(notice.reference)})."
            )
        else:
            earliest = rules.earliest_start(partner, audit.notice_sent_on)
            if earliest is not None and audit.starts_on < earliest:
                errors["starts_on"] = (
                    f"With the notice sent on {audit.notice_sent_on.isoformat()}, the audit can start on "
                    f"{earliest.isoformat()} at the earliest ({notice.value} days' notice; "
                    f"{sources_text(notice.reference)})."
                )
    # 3. documented history before the certification audit
    if audit.kind == AuditKind.CERTIFICATION:
        history = rules.history_rule(partner, audit.starts_on)
        if history is not None:
            since = enrolment.history_documented_since
            if since is None:
                errors["starts_on"] = (
                    f"Record since when the health & safety system is documented: {history.value} months are "
                    f"needed before the certification audit ({sources_text(history.reference)})."
                )
            else:
                earliest = dates.add_months(since, history.value)
                if audit.starts_on < earliest:
                    errors.setdefault(
                        "starts_on",
                        f"{history.value} months of documented history are needed (documented since "
                        f"{since.isoformat()}): the certification audit can start on {earliest.isoformat()} "
                        f"at the earliest ({sources_text(history.reference)}).",
                    )
    # 4. data-gathering window (AASP: 15 days, start to completion)
    if audit.ends_on is not None:
        window = rules.data_gathering_last_day(partner, audit.starts_on)
        if window is not None and audit.ends_on > window[0]:
            errors["ends_on"] = (
                f"Data gathering must not exceed {window[1].value.data_gathering_days} days: it must end by "
                f"{window[0].isoformat()} ({sources_text(window[1].reference)})."
            )
    # 5. the auditor's training on the start date
    qualification = auditor_qualification(audit)
    if not qualification["qualified"]:
        field = (
            "external_auditor_certificate"
            if audit.auditor_type == Audit.AuditorType.EXTERNAL
            else "auditor_person"
        )
        errors[field] = qualification["reason"]
    return errors


def _validate_plan(audit: Audit) -> None:
    try:
        audit.full_clean(exclude=["status"])
    except ValidationError as exc:
        raise ApplicationError("The audit plan is not valid.", exc.message_dict) from exc
    errors = plan_errors(audit)
    if errors:
        raise ApplicationError("The audit plan breaks the partner's rules.", errors)


@transaction.atomic
def audit_create(
    *,
    user,
    employer,
    kind: str,
    starts_on: date,
    auditor_type: str = Audit.AuditorType.INTERNAL,
    auditor_person=None,
    external_auditor_name: str = "",
    external_auditor_certificate: str = "",
    notice_sent_on: date | None = None,
    ends_on: date | None = None,
    scope: str = "",
    enrolment=None,
) -> Audit:
    """Plan an audit for the employer's current enrolment with the partner's current instrument."""
    from secor.employers.evaluation import current_enrolment

    if not tenancy.can_write_employer(user, employer.pk):
        raise ApplicationError("You cannot plan audits for this employer.")
    enrolment = enrolment or current_enrolment(employer)
    if enrolment is None:
        raise ApplicationError(
            "The employer is not enrolled with a certifying partner.", {"employer": "Not enrolled."}
        )
    if enrolment.employer_id != employer.pk:
        raise ApplicationError(
            "That enrolment belongs to another employer.", {"enrolment": "Not this employer's."}
        )
    instrument = current_instrument(enrolment.partner, kind, starts_on)
    if instrument is None:
        raise ApplicationError(
            f"No audit instrument is available for {enrolment.partner.name} yet.", {"kind": "No instrument."}
        )
    if Audit.objects.filter(
        enrolment=enrolment, status__in=[*EDITABLE_STATUSES, AuditStatus.SUBMITTED, AuditStatus.IN_REVIEW]
    ).exists():
        raise ApplicationError(
            "This enrolment already has an audit in progress; finish or withdraw it first."
        )
    audit = Audit(
        employer=employer,
        enrolment=enrolment,
        partner=enrolment.partner,
        instrument=instrument,
        kind=kind,
        auditor_type=auditor_type,
        auditor_person=auditor_person,
        external_auditor_name=external_auditor_name,
        external_auditor_certificate=external_auditor_certificate,
        notice_sent_on=notice_sent_on,
        starts_on=starts_on,
        ends_on=ends_on,
        scope=scope,
        created_by=user,
    )
    _validate_plan(audit)
    audit.save()
    _log(
        audit,
        A.CREATED,
        user,
        instrument=f"{instrument.code} v{instrument.version}",
        kind=kind,
        starts_on=starts_on,
    )
    return audit


PLAN_FIELDS = (
    "auditor_type",
    "auditor_person",
    "external_auditor_name",
    "external_auditor_certificate",
    "notice_sent_on",
    "starts_on",
    "ends_on",
    "scope",
)


@transaction.atomic
def audit_update_plan(*, audit: Audit, user, **changes: Any) -> Audit:
    """Change the plan of a draft (or an audit sent back for corrections)."""
    _require_employer_writer(user, audit)
    audit = _locked(audit)
    _require_editable(audit)
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise ApplicationError("These fields cannot be changed here.", {f: "Not editable." for f in unknown})
    before = {f: str(getattr(audit, f)) for f in changes}
    for key, value in changes.items():
        setattr(audit, key, value)
    _validate_plan(audit)
    audit.save()
    changed = {f: str(getattr(audit, f)) for f in changes if str(getattr(audit, f)) != before[f]}
    if changed:
        _log(audit, A.PLAN_UPDATED, user, from_status=audit.status, changed=changed)
    return audit


# ----------------------------------------------------------------------------------------------------
# Answers and evidence
# ----------------------------------------------------------------------------------------------------


def _question_of(audit: Audit, question) -> Question:
    q = question if isinstance(question, Question) else Question.objects.filter(pk=question).first()
    if q is None or q.element.instrument_id != audit.instrument_id:
        raise ApplicationError(
            "That question is not part of this audit's instrument.", {"question": "Unknown."}
        )
    return q


@transaction.atomic
def answer_save(
    *,
    audit: Audit,
    question,
    user,
    score: Decimal | None = None,
    notes: str = "",
    interviews_positive: int | None = None,
    interviews_total: int | None = None,
) -> Answer:
    """Record the answer to one question (score computed for interview-percentage questions)."""
    _require_employer_writer(user, audit)
    audit = _locked(audit)
    _require_editable(audit)
    q = _question_of(audit, question)
    try:
        value = scoring.compute_score(q, score, interviews_positive, interviews_total)
    except ValidationError as exc:
        raise ApplicationError("The answer is not valid.", exc.message_dict) from exc
    answer, _ = Answer.objects.get_or_create(audit=audit, question=q)
    before = {
        "score": answer.score,
        "notes": answer.notes,
        "interviews_positive": answer.interviews_positive,
        "interviews_total": answer.interviews_total,
    }
    answer.score = value
    answer.notes = notes or ""
    answer.interviews_positive = interviews_positive
    answer.interviews_total = interviews_total
    answer.updated_by = user
    carryover.on_answer_saved(answer, before)  # a carried answer: confirmed or updated
    try:
        answer.full_clean()
    except ValidationError as exc:
        raise ApplicationError("The answer is not valid.", exc.message_dict) from exc
    answer.save()
    return answer


@transaction.atomic
def evidence_add(
    *,
    audit: Audit,
    question,
    user,
    file,
    method: str = VerificationMethod.DOCUMENTATION,
    checklist_item: str = "",
    description: str = "",
) -> Evidence:
    """Attach a file to a question. The upload rules of ``secor.core.uploads`` apply; the file is stored under
    a generated name and its SHA-256 kept."""
    _require_employer_writer(user, audit)
    audit = _locked(audit)
    _require_editable(audit)
    q = _question_of(audit, question)
    errors = {}
    if method not in q.methods:
        errors["method"] = f"Question {q.code} is verified by {', '.join(q.method_labels())}."
    if checklist_item and checklist_item not in (q.evidence_checklist or []):
        errors["checklist_item"] = "Choose an item of the question's evidence checklist."
    try:
        digest = validate_upload(file)
    except ValidationError as exc:
        errors["file"] = " ".join(exc.messages)
    if errors:
        raise ApplicationError("The evidence cannot be attached.", errors)
    evidence = Evidence(
        audit=audit,
        question=q,
        method=method,
        checklist_item=checklist_item,
        description=description[:300],
        original_name=(getattr(file, "name", "") or "file")[:255],
        size=file.size,
        sha256=digest,
        uploaded_by=user,
    )
    evidence.file.save(evidence.original_name, file, save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, user) -> None:
    """Remove a file from the working copy: deleted if never submitted, else kept for earlier revisions."""
    audit = evidence.audit
    _require_employer_writer(user, audit)
    _require_editable(_locked(audit))
    if evidence.first_revision is None:
        evidence.delete()
    else:
        evidence.removed_at = timezone.now()
        evidence.save(update_fields=["removed_at"])


# ----------------------------------------------------------------------------------------------------
# Live score, readiness, snapshot
# ----------------------------------------------------------------------------------------------------


def _program_records():
    """Program records cited as evidence (``safety_program.audit_evidence``; imported late: that app builds on
    this one)."""
    from safety_program import audit_evidence

    return audit_evidence


def _instrument_prefetched(audit: Audit) -> Instrument:
    return Instrument.objects.prefetch_related("elements__questions").get(pk=audit.instrument_id)


def live_score(audit: Audit, *, as_of: date | None = None) -> scoring.LiveScore:
    instrument = _instrument_prefetched(audit)
    answers = dict(audit.answers.values_list("question_id", "score"))
    tallies = scoring.tally(instrument, answers)
    return scoring.score_tallies(
        audit.partner, audit.kind, tallies, as_of or _today(), qa_score=audit.qa_score
    )


def readiness(audit: Audit, *, as_of: date | None = None) -> dict[str, Any]:
    """What stands between the audit and a passing submission today: elements that would fail and why,
    unanswered questions, interview counts and evidence missing, and the partner's date rules."""
    as_of = as_of or _today()
    instrument = _instrument_prefetched(audit)
    answers = {a.question_id: a for a in audit.answers.all()}
    evidence_by_q: dict[int, list[Evidence]] = {}
    for e in audit.evidence.filter(removed_at__isnull=True):
        evidence_by_q.setdefault(e.question_id, []).append(e)
    records_by_q = _program_records().cited_by_question(audit)  # program records cited as evidence
    records_window = _program_records().window_for(audit) if records_by_q else None
    tallies = scoring.tally(instrument, {k: a.score for k, a in answers.items()})
    score = scoring.score_tallies(audit.partner, audit.kind, tallies, as_of, qa_score=audit.qa_score)
    problems: list[dict[str, Any]] = []
    pending = carryover.pending_problems(audit)
    elements = []
    for element, tally in zip(instrument.elements.all(), tallies, strict=True):
        items = []
        for q in element.questions.all():
            a = answers.get(q.pk)
            ev = evidence_by_q.get(q.pk, [])
            cited = records_by_q.get(q.pk, [])
            missing = []
            if a is None or a.score is None:
                missing.append("not answered")
            if (
                "interview" in q.methods
                and q.scoring_rule == "interview_percentage"
                and (a is None or not a.interviews_total)
            ):
                missing.append("interview counts missing")
            has_docs = bool(ev or cited)
            if (
                "documentation" in q.methods
                and (a is None or a.score is None or a.score > 0)
                and not has_docs
            ):
                missing.append("no documentation attached")
            if q.pk in pending:
                missing.append(pending[q.pk])
            for c in cited:  # the audit's dates changed after it was cited
                if records_window is not None and not records_window.contains(c.record_date):
                    missing.append(
                        f"cited record {c.label} ({c.record_date.isoformat()}) is outside the review window "
                        f"({records_window.describe()}): remove it"
                    )
            covered = {e.checklist_item for e in [*ev, *cited] if e.checklist_item}
            unchecked = [c for c in q.evidence_checklist if c not in covered]
            items.append(
                {
                    "question": q,
                    "answer": a,
                    "evidence": ev,
                    "records": cited,
                    "missing": missing,
                    "checklist_open": unchecked,
                }
            )
            for m in missing:
                problems.append({"question": q.code, "problem": m})
        why = ""
        if tally.passed is False:
            pm = score.result.element_minimum
            why = f"{tally.percent}% is below the {pm}% element minimum"
        elements.append({"tally": tally, "items": items, "fails": tally.passed is False, "why": why})
    submission = None
    if audit.ends_on:
        sub = rules.submission_last_day(audit.partner, audit.starts_on, audit.ends_on)
        if sub:
            submission = {"last_day": sub[0], "reference": sub[1].reference, "late": as_of > sub[0]}
    return {
        "score": score,
        "elements": elements,
        "problems": problems,
        "ready": not problems and audit.ends_on is not None and audit.ends_on <= as_of,
        "records_cited": sum(len(v) for v in records_by_q.values()),
        "would_pass": score.passed,
        "submission": submission,
        "plan_errors": plan_errors(audit),
    }


def build_snapshot(
    audit: Audit, *, number: int, submitted_on: date
) -> tuple[dict[str, Any], scoring.LiveScore]:
    instrument = _instrument_prefetched(audit)
    answers = {a.question_id: a for a in audit.answers.all()}
    evidence = list(audit.evidence.filter(removed_at__isnull=True).order_by("pk"))
    tallies = scoring.tally(instrument, {k: a.score for k, a in answers.items()})
    score = scoring.score_tallies(audit.partner, audit.kind, tallies, submitted_on)
    qualification = auditor_qualification(audit)
    questions = []
    for element in instrument.elements.all():
        for q in element.questions.all():
            a = answers.get(q.pk)
            questions.append(
                {
                    "question_id": q.pk,
                    "code": q.code,
                    "element": element.number,
                    "text": q.text,
                    "methods": q.methods,
                    "scoring_rule": q.scoring_rule,
                    "points": str(q.points),
                    "score": None if a is None or a.score is None else str(a.score),
                    "notes": a.notes if a else "",
                    "interviews_positive": a.interviews_positive if a else None,
                    "interviews_total": a.interviews_total if a else None,
                }
            )
    result = score.result
    snapshot = {
        "revision": number,
        "submitted_on": submitted_on.isoformat(),
        "audit": {
            "id": audit.pk,
            "kind": audit.kind,
            "employer": {"id": audit.employer_id, "name": audit.employer.display_name},
            "partner": {
                "province": audit.partner.province,
                "code": audit.partner.code,
                "name": audit.partner.name,
            },
            "instrument": {
                "code": instrument.code,
                "version": instrument.version,
                "checksum": instrument.checksum,
            },
            "auditor": {
                "type": audit.auditor_type,
                "name": audit.auditor_name,
                "person_id": audit.auditor_person_id,
                "certificate": audit.external_auditor_certificate,
                "qualification": qualification["reason"],
            },
            "notice_sent_on": audit.notice_sent_on.isoformat() if audit.notice_sent_on else None,
            "starts_on": audit.starts_on.isoformat(),
            "ends_on": audit.ends_on.isoformat() if audit.ends_on else None,
            "scope": audit.scope,
        },
        "answers": questions,
        "records": _program_records().frozen_records(audit),
        "evidence": [
            {
                "id": e.pk,
                "question_id": e.question_id,
                "name": e.original_name,
                "sha256": e.sha256,
                "size": e.size,
                "method": e.method,
                "checklist_item": e.checklist_item,
            }
            for e in evidence
        ],
        "scores": {
            "elements": [
                {
                    "number": t.number,
                    "name": t.name,
                    "awarded": str(t.awarded),
                    "available": str(t.available),
                    "percent": None if t.percent is None else str(t.percent),
                    "passed": t.passed,
                }
                for t in score.elements
            ],
            "overall_percent": None if result.overall_percent is None else str(result.overall_percent),
            "passed": result.passed,
            "verdict": result.verdict,
            "pass_mark": score.pass_mark_text,
            "rules": [{"code": r.code, "text": r.text, "reference": r.reference} for r in result.rules],
        },
    }
    return snapshot, score


# ----------------------------------------------------------------------------------------------------
# Submission
# ----------------------------------------------------------------------------------------------------


@transaction.atomic
def audit_submit(*, audit: Audit, user) -> AuditRevision:
    """Freeze the working copy as a new revision and send it to the partner.

    1. The audit must be a draft or sent back for corrections; data gathering must be over.
    2. The plan must still meet the partner's rules; every question answered with its interview counts and
       documentation; actionable notes of the previous revision answered.
    3. The AASP submission window (21 days after data gathering) is checked.
    4. The snapshot (answers, scores with the pass marks in force today, evidence checksums) is stored as an
       immutable :class:`AuditRevision`; evidence files in it are locked."""
    _require_employer_writer(user, audit)
    audit = _locked(audit)
    _require_editable(audit)
    today = _today()
    errors: dict[str, str] = {}
    if audit.ends_on is None:
        errors["ends_on"] = "Enter the last day of data gathering before submitting."
    elif audit.ends_on > today:
        errors["ends_on"] = "Data gathering has not ended yet."
    errors.update(plan_errors(audit))
    if audit.ends_on is not None:
        sub = rules.submission_last_day(audit.partner, audit.starts_on, audit.ends_on)
        if sub is not None and today > sub[0] and audit.revision_count == 0:
            errors["ends_on"] = (
                f"The submission window closed on {sub[0].isoformat()} "
                f"({sub[1].value.submission_days} days after "
                f"the last day of data gathering; {sources_text(sub[1].reference)})."
            )
    state = readiness(audit, as_of=today)
    if state["problems"]:
        errors["answers"] = "; ".join(f"{p['question']}: {p['problem']}" for p in state["problems"][:20])
    if audit.status == AuditStatus.CORRECTIONS_REQUESTED:
        open_notes = audit.notes.filter(
            kind=ReviewNote.Kind.ACTIONABLE, revision__number=audit.revision_count, response=""
        )
        if open_notes.exists():
            codes = ", ".join(n.question.code if n.question_id else "general" for n in open_notes)
            errors["notes"] = f"Answer the reviewer's actionable notes first ({codes})."
    if errors:
        raise ApplicationError("The audit cannot be submitted yet.", errors)
    number = audit.revision_count + 1
    snapshot, score = build_snapshot(audit, number=number, submitted_on=today)
    revision = AuditRevision.objects.create(
        audit=audit,
        number=number,
        submitted_by=user,
        snapshot=snapshot,
        snapshot_sha256=canonical_sha256(snapshot),
        overall_percent=score.result.overall_percent,
        passed=score.result.passed,
    )
    audit.evidence.filter(removed_at__isnull=True, first_revision__isnull=True).update(first_revision=number)
    _program_records().mark_submitted(audit, number)
    previous = audit.status
    audit.status = AuditStatus.SUBMITTED
    audit.revision_count = number
    audit.first_submitted_on = audit.first_submitted_on or today
    audit.last_submitted_at = timezone.now()
    audit.review_due_on = dates.add_days(today, REVIEW_TARGET_DAYS)
    audit.save()
    t = _log(
        audit,
        A.RESUBMITTED if number > 1 else A.SUBMITTED,
        user,
        from_status=previous,
        revision=revision,
        revision_number=number,
        overall_percent=snapshot["scores"]["overall_percent"],
        snapshot_sha256=revision.snapshot_sha256,
    )
    notices.submitted(audit, t)
    return revision


@transaction.atomic
def audit_withdraw(*, audit: Audit, user, reason: str = "") -> Audit:
    """Take a submission back while it is pending review (not yet in review). The revision stays on record;
    the audit is a draft again."""
    _require_employer_writer(user, audit)
    audit = _locked(audit)
    if audit.status != AuditStatus.SUBMITTED:
        raise ApplicationError("A submission can be withdrawn only while it is pending review.")
    previous = audit.status
    audit.status = AuditStatus.DRAFT
    audit.review_due_on = None
    audit.save()
    t = _log(audit, A.WITHDRAWN, user, from_status=previous, revision=audit.latest_revision, reason=reason)
    notices.withdrawn(audit, t)
    return audit


RESPONSE_MAX = 4000  # characters in an employer's response to a reviewer note


@transaction.atomic
def note_respond(*, note: ReviewNote, user, response: str) -> ReviewNote:
    audit = note.audit
    _require_employer_writer(user, audit)
    if audit.status != AuditStatus.CORRECTIONS_REQUESTED or note.revision.number != audit.revision_count:
        raise ApplicationError("Notes can be answered only while corrections are requested.")
    if not response.strip():
        raise ApplicationError("Write a response.", {"response": "Write your response to this note."})
    if (length := len(response.strip())) > RESPONSE_MAX:
        raise ApplicationError(
            "The response is too long.",
            {"response": f"Keep the response to {RESPONSE_MAX:,} characters (this one has {length:,})."},
        )
    note.response = response.strip()
    note.responded_at = timezone.now()
    note.save(update_fields=["response", "responded_at"])
    return note


# ----------------------------------------------------------------------------------------------------
# Review
# ----------------------------------------------------------------------------------------------------


@transaction.atomic
def review_assign(*, audit: Audit, reviewer, by) -> Audit:
    """Assign (or reassign) the audit to a reviewer of its partner."""
    _require_reviewer(by, audit)
    audit = _locked(audit)
    if audit.status not in (AuditStatus.SUBMITTED, AuditStatus.IN_REVIEW, AuditStatus.CORRECTIONS_REQUESTED):
        raise ApplicationError("Only submissions under review can be assigned.")
    if reviewer is None or not reviewer.is_active or reviewer.reviewer_partner_id != audit.partner_id:
        raise ApplicationError(
            "Choose a reviewer of this partner.", {"reviewer": "Not a reviewer of this partner."}
        )
    previous = audit.assigned_reviewer
    if previous and previous.pk == reviewer.pk:
        return audit
    audit.assigned_reviewer = reviewer
    audit.save(update_fields=["assigned_reviewer", "updated_at"])
    t = _log(
        audit,
        A.REASSIGNED if previous else A.ASSIGNED,
        by,
        from_status=audit.status,
        reviewer=reviewer.email,
        previous_reviewer=previous.email if previous else None,
    )
    notices.assigned(audit, t, reviewer)
    return audit


@transaction.atomic
def review_start(*, audit: Audit, by) -> Audit:
    _require_reviewer(by, audit)
    audit = _locked(audit)
    if audit.status == AuditStatus.IN_REVIEW:
        return audit
    if audit.status != AuditStatus.SUBMITTED:
        raise ApplicationError("Only a submission pending review can be taken into review.")
    if audit.assigned_reviewer_id is None:
        audit.assigned_reviewer = by
        _log(audit, A.ASSIGNED, by, from_status=audit.status, reviewer=by.email, previous_reviewer=None)
    audit.status = AuditStatus.IN_REVIEW
    audit.save()
    _log(audit, A.REVIEW_STARTED, by, from_status=AuditStatus.SUBMITTED, revision=audit.latest_revision)
    return audit


@transaction.atomic
def review_add_note(*, audit: Audit, by, kind: str, text: str, question=None) -> ReviewNote:
    """A note on the revision under review, about one question or the whole audit."""
    _require_reviewer(by, audit)
    audit = review_start(audit=audit, by=by) if audit.status == AuditStatus.SUBMITTED else _locked(audit)
    if audit.status != AuditStatus.IN_REVIEW:
        raise ApplicationError("Notes are written while the audit is in review.")
    errors = {}
    if kind not in ReviewNote.Kind.values:
        errors["kind"] = "Choose actionable or informational."
    if not (text or "").strip():
        errors["text"] = "Write the note."
    q = None
    if question not in (None, ""):
        try:
            q = _question_of(audit, question)
        except ApplicationError as exc:
            errors.update(exc.extra)
    if errors:
        raise ApplicationError("The note is not valid.", errors)
    revision = audit.latest_revision
    note = ReviewNote.objects.create(
        audit=audit, revision=revision, question=q, kind=kind, text=text.strip(), author=by
    )
    _log(
        audit,
        A.NOTE_ADDED,
        by,
        from_status=audit.status,
        revision=revision,
        note_id=note.pk,
        kind=kind,
        question=q.code if q else None,
    )
    return note


@transaction.atomic
def review_request_corrections(
    *, audit: Audit, by, message: str = "", answer_by: date | None = None
) -> Audit:
    """Send the audit back to the employer. Needs at least one actionable note on the current revision.

    ``message`` is shown to the employer (audit page, notice and e-mail); ``answer_by`` (optional, after
    today) is the date the reviewer expects the resubmission by: it becomes the employer's
    ``corrections_due`` deadline with its reminders (docs/audits.md)."""
    _require_reviewer(by, audit)
    audit = _locked(audit)
    if audit.status != AuditStatus.IN_REVIEW:
        raise ApplicationError("Corrections can be requested while the audit is in review.")
    if answer_by is not None and answer_by <= _today():
        raise ApplicationError(
            "The date to answer by must be after today.", {"answer_by": "Choose a date after today."}
        )
    revision = audit.latest_revision
    actionable = audit.notes.filter(revision=revision, kind=ReviewNote.Kind.ACTIONABLE).count()
    if not actionable:
        raise ApplicationError(
            "Write at least one actionable note saying what to correct.",
            {"notes": "Add an actionable note on a question (or on the whole audit) first."},
        )
    audit.status = AuditStatus.CORRECTIONS_REQUESTED
    audit.review_due_on = None
    audit.corrections_due_on = answer_by
    audit.save()
    t = _log(
        audit,
        A.CORRECTIONS_REQUESTED,
        by,
        from_status=AuditStatus.IN_REVIEW,
        revision=revision,
        message=message,
        answer_by=answer_by,
    )
    notices.corrections_requested(audit, t, actionable=actionable)
    return audit


@transaction.atomic
def review_reject(*, audit: Audit, by, reason: str) -> Audit:
    """Reject the submission (not a valid audit: wrong instrument, auditor not qualified, records missing…).
    Rejection is not a fail: it says nothing about the score, and changes no certificate."""
    _require_reviewer(by, audit)
    audit = _locked(audit)
    if audit.status != AuditStatus.IN_REVIEW:
        raise ApplicationError("Only an audit in review can be rejected.")
    if not (reason or "").strip():
        raise ApplicationError("Give the reason for rejecting.", {"reason": "Required."})
    audit.status = AuditStatus.REJECTED
    audit.decided_at = timezone.now()
    audit.decided_by = by
    audit.review_due_on = None
    audit.save()
    t = _log(
        audit,
        A.REJECTED,
        by,
        from_status=AuditStatus.IN_REVIEW,
        revision=audit.latest_revision,
        reason=reason,
    )
    notices.rejected(audit, t)
    return audit


@transaction.atomic
def review_accept(*, audit: Audit, by, qa_score: Decimal | None = None) -> Audit:
    """Accept the current revision. Acceptance is separate from pass/fail: the score of the accepted revision
    (with the QA score where the partner requires one) decides the outcome, which is applied to the
    enrolment (:func:`apply_outcome`)."""
    _require_reviewer(by, audit)
    audit = _locked(audit)
    if audit.status != AuditStatus.IN_REVIEW:
        raise ApplicationError("Only an audit in review can be accepted.")
    revision = audit.latest_revision
    submitted_on = date.fromisoformat(revision.snapshot["submitted_on"])
    pm = rules.pass_mark(audit.partner, audit.kind, submitted_on).value
    if qa_score is not None and not (0 <= Decimal(qa_score) <= 100):
        raise ApplicationError("The QA score is a percentage.", {"qa_score": "Between 0 and 100."})
    if pm.qa_minimum is not None and qa_score is None:
        raise ApplicationError(
            f"{audit.partner.name} also requires a quality-assurance score (at least {pm.qa_minimum}%).",
            {"qa_score": "Required by this partner."},
        )
    tallies = [
        scoring.ElementTally(e["number"], e["name"], Decimal(e["awarded"]), Decimal(e["available"]))
        for e in revision.snapshot["scores"]["elements"]
    ]
    score = scoring.score_tallies(audit.partner, audit.kind, tallies, submitted_on, qa_score=qa_score)
    audit.status = AuditStatus.ACCEPTED
    audit.decided_at = timezone.now()
    audit.decided_by = by
    audit.review_due_on = None
    audit.qa_score = qa_score
    audit.outcome_passed = score.result.passed
    audit.outcome_percent = score.result.overall_percent
    audit.outcome_verdict = score.result.verdict
    audit.save()
    t = _log(
        audit,
        A.ACCEPTED,
        by,
        from_status=AuditStatus.IN_REVIEW,
        revision=revision,
        passed=score.result.passed,
        overall_percent=str(score.result.overall_percent),
        qa_score=None if qa_score is None else str(qa_score),
        verdict=score.result.verdict,
    )
    apply_outcome(audit=audit, by=by)
    certificate = (
        audit.transitions.filter(pk__gt=t.pk, action__in=(A.CERTIFICATE_ISSUED, A.CERTIFICATE_RENEWED))
        .order_by("-pk")
        .first()
    )
    notices.accepted(audit, t, certificate)
    return audit


# ----------------------------------------------------------------------------------------------------
# Outcome on the enrolment
# ----------------------------------------------------------------------------------------------------


def _save_enrolment(enrolment, by, reason: str) -> None:
    # The records area owns Enrolment; we change it through the ORM and leave the reason in its history.
    enrolment._change_reason = reason[:100]
    if getattr(by, "is_authenticated", False):
        enrolment._history_user = by
    enrolment.full_clean()
    enrolment.save()


def certificate_number_for(audit: Audit, issued_on: date) -> str:
    return f"{audit.partner.code}-{audit.partner.province}-{issued_on:%Y}-{audit.employer_id:05d}"


def _store_schedule(
    audit: Audit, enrolment, issued_on: date, expires_on: date | None
) -> list[MaintenanceDue]:
    rows: list[MaintenanceDue] = []
    for d in rules.schedule(audit.partner, issued_on, expires_on):
        if d.kind == "maintenance_audit_final" and rows and rows[-1].kind == "maintenance_audit":
            rows[-1].final_due_on = d.due
            continue
        rows.append(
            MaintenanceDue(
                enrolment=enrolment,
                source_audit=audit,
                certificate_issued_on=issued_on,
                kind=d.kind,
                title=d.title[:300],
                due_on=d.due,
                consequence=d.consequence,
                reference=d.reference[:500],
            )
        )
    MaintenanceDue.objects.bulk_create(rows)
    return rows


@transaction.atomic
def apply_outcome(*, audit: Audit, by) -> None:
    """Apply an accepted audit to the enrolment.

    - certification / recertification that passes: issue (or renew) the certificate: number, issued on the
      acceptance date, expiry and maintenance schedule from the rules engine; earlier open schedule rows are
      superseded;
    - maintenance that passes (or where no pass is required): the certificate stays in force; the enrolment's
      last maintenance audit is the first submission date; the schedule row is met;
    - maintenance that fails where a pass is required: the enrolment is cancelled (the partners' rule for a
      missing satisfactory annual audit; docs/audits.md);
    - certification / recertification that fails: nothing changes on the certificate (a recertification that
      fails leaves the current certificate to its expiry)."""
    from secor.employers.models import Enrolment

    enrolment = Enrolment.objects.select_for_update().get(pk=audit.enrolment_id)
    today = _today()
    passed = audit.outcome_passed
    if audit.kind in (AuditKind.CERTIFICATION, AuditKind.RECERTIFICATION):
        if not passed:
            _log(
                audit,
                A.STATUS_CHANGED,
                by,
                from_status=audit.status,
                enrolment_status=enrolment.status,
                note="The audit did not pass: no certificate was issued or renewed.",
            )
            return
        renewing = audit.kind == AuditKind.RECERTIFICATION and bool(enrolment.certificate_number)
        issued_on = today
        expires_on = next(
            d.due for d in rules.schedule(audit.partner, issued_on) if d.kind == "certificate_expiry"
        )
        open_rows = MaintenanceDue.objects.filter(enrolment=enrolment, state=MaintenanceDue.State.OPEN)
        open_rows.filter(kind="recertification").update(
            state=MaintenanceDue.State.MET, met_by=audit, resolved_on=today
        )
        open_rows.exclude(kind="recertification").update(
            state=MaintenanceDue.State.SUPERSEDED, resolved_on=today
        )
        from secor.certificates import services as ledger

        previous_status = enrolment.status
        ledger.issue(
            enrolment=enrolment,
            number=ledger.free_number(audit.partner_id, certificate_number_for(audit, issued_on)),
            issued_on=issued_on,
            expires_on=expires_on,
            term_months=ledger.months_between(issued_on, expires_on),
            reason=f"{'Renewed' if renewing else 'Issued'} by accepted {audit.kind} audit #{audit.pk}",
            decided_as=ledger.Decider.AUDIT,
            by=by,
            audit=audit,
            renewal=renewing,
        )
        rows = _store_schedule(audit, enrolment, issued_on, expires_on)
        _log(
            audit,
            A.CERTIFICATE_RENEWED if renewing else A.CERTIFICATE_ISSUED,
            by,
            from_status=audit.status,
            certificate_number=enrolment.certificate_number,
            issued_on=issued_on,
            expires_on=expires_on,
            enrolment_status_before=previous_status,
            schedule=[
                {
                    "kind": r.kind,
                    "due_on": r.due_on.isoformat(),
                    "final_due_on": r.final_due_on.isoformat() if r.final_due_on else None,
                }
                for r in rows
            ],
        )
        return
    # maintenance
    due = (
        MaintenanceDue.objects.select_for_update()
        .filter(enrolment=enrolment, kind="maintenance_audit", state=MaintenanceDue.State.OPEN)
        .order_by("due_on")
        .first()
    )
    from provinces.certificates import EventKind, missed_maintenance_rule
    from secor.certificates import services as ledger

    previous_status = enrolment.status
    held = ledger.current_status(enrolment, as_of=today).held
    if passed and held:
        ledger.record_event(
            enrolment=enrolment,
            kind=EventKind.MAINTENANCE_ACCEPTED,
            effective_on=today,
            submitted_on=audit.first_submitted_on,
            reason=f"Maintenance audit #{audit.pk} accepted and passed",
            decided_as=ledger.Decider.AUDIT,
            by=by,
            audit=audit,
        )
        if due is not None:
            due.state, due.met_by, due.resolved_on = MaintenanceDue.State.MET, audit, today
            due.save(update_fields=["state", "met_by", "resolved_on"])
        _log(
            audit,
            A.MAINTENANCE_RECORDED,
            by,
            from_status=audit.status,
            enrolment_status_before=previous_status,
            enrolment_status=enrolment.status,
            last_maintenance_audit_on=enrolment.last_maintenance_audit_on,
            due_on=due.due_on if due else None,
        )
        return
    if not held:
        _log(
            audit,
            A.STATUS_CHANGED,
            by,
            from_status=audit.status,
            enrolment_status=enrolment.status,
            note="No certificate is held: the maintenance audit changes nothing on the certificate.",
        )
        return
    rule = missed_maintenance_rule(audit.partner.province, audit.partner.code)
    ledger.record_event(
        enrolment=enrolment,
        kind=rule.outcome,
        effective_on=today,
        reason=f"Maintenance audit #{audit.pk} accepted but failed. {rule.text}",
        decided_as=ledger.Decider.AUDIT,
        by=by,
        audit=audit,
    )
    if due is not None:
        due.state, due.met_by, due.resolved_on = MaintenanceDue.State.MISSED, audit, today
        due.save(update_fields=["state", "met_by", "resolved_on"])
    _log(
        audit,
        A.STATUS_CHANGED,
        by,
        from_status=audit.status,
        enrolment_status_before=previous_status,
        enrolment_status=enrolment.status,
        reason=(due.consequence if due else "Failed maintenance audit."),
    )


@transaction.atomic
def sweep_overdue(*, today: date | None = None) -> dict[str, int]:
    """Mark schedule rows whose last day has passed and change the enrolment as the partner's rules say.

    - a maintenance audit not submitted by its last day (due date, or the slip date where allowed): the row
      is missed and the SECOR cancelled ("Failure to submit an audit every year will result in cancellation",
      ASC; the engine's consequence text is recorded);
    - a certificate past its expiry without an accepted recertification: the row is missed and the enrolment
      lapses.
    Idempotent: each row is claimed with a conditional UPDATE (``state=open``), so a second run (or a
    concurrent worker) does nothing."""
    from secor.employers.models import Enrolment

    today = today or _today()
    counts = {"maintenance_missed": 0, "expired": 0}
    pending = [
        AuditStatus.SUBMITTED,
        AuditStatus.IN_REVIEW,
        AuditStatus.CORRECTIONS_REQUESTED,
        AuditStatus.ACCEPTED,
    ]
    overdue = MaintenanceDue.objects.filter(state=MaintenanceDue.State.OPEN, due_on__lt=today).select_related(
        "enrolment"
    )
    for row in overdue:
        if row.last_day >= today:
            continue
        if row.kind == "maintenance_audit":
            submitted = Audit.objects.filter(
                enrolment_id=row.enrolment_id,
                kind=AuditKind.MAINTENANCE,
                status__in=pending,
                first_submitted_on__gt=row.certificate_issued_on,
                first_submitted_on__lte=row.last_day,
            ).exists()
            if submitted:
                continue
            key = "maintenance_missed"
        elif row.kind == "certificate_expiry":
            key = "expired"
        else:
            continue
        claimed = MaintenanceDue.objects.filter(pk=row.pk, state=MaintenanceDue.State.OPEN).update(
            state=MaintenanceDue.State.MISSED, resolved_on=today
        )
        if claimed != 1:
            continue
        from secor.certificates import services as ledger

        enrolment = Enrolment.objects.get(pk=row.enrolment_id)
        before = enrolment.status
        recorded = ledger.record_rule_decision(
            enrolment=enrolment, due_on=row.last_day, title=row.title, expiry=row.kind == "certificate_expiry"
        )
        if recorded:
            _log(
                row.source_audit,
                A.STATUS_CHANGED,
                None,
                from_status=row.source_audit.status,
                enrolment_status_before=before,
                enrolment_status=recorded[-1].enrolment.status,
                due_on=row.last_day,
                reason=row.consequence,
            )
        counts[key] += 1
    return counts
