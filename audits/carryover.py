"""Carry-over: a maintenance or recertification audit starts from the last accepted audit of the same
enrolment.

For each question of the new audit's instrument, the answer (score, notes, interview counts) and the evidence
of the question with the same **stable key** (``Question.stable_key``: the instrument's ``key``, else its
code) in the accepted audit are copied into the draft, marked "carried over from <year>, confirm or update"
(``Answer.carry_state = pending``). The audit cannot be submitted while one carried answer is pending
(:func:`pending_problems`, read by ``audits.services.readiness``); saving the answer confirms it (unchanged)
or records it as updated.

Not carried, and listed on the audit (``Audit.carry_report``) with the reason:

- a question of the accepted audit whose key is not in the new instrument version (removed or re-keyed);
- a question whose scoring changed between the versions (points or scoring rule): last year's score does not
  fit the new question;
- evidence older than the partner's review window (the 12 months before data gathering through its last day,
  :func:`provinces.review_window.review_window`, with its source), or whose verification method the new
  question no longer uses. The evidence date is the day the file was first uploaded (a copy keeps it).

Carried evidence shares last year's stored file (same checksum); deleting the copy keeps the file.
Docs: docs/audits.md "Carry-over"; choices in docs/rule-choices.md.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from audits.models import Answer, Audit, AuditKind, AuditStatus, Evidence
from provinces.review_window import review_window
from secor.core.citations import sources_text
from secor.core.exceptions import ApplicationError

CARRY_KINDS = (AuditKind.MAINTENANCE, AuditKind.RECERTIFICATION)


def source_audit(audit: Audit) -> Audit | None:
    """The last accepted audit of the same enrolment, the one a maintenance/recertification draft may start
    from."""
    if audit.kind not in CARRY_KINDS:
        return None
    return (
        Audit.objects.filter(enrolment_id=audit.enrolment_id, status=AuditStatus.ACCEPTED)
        .exclude(pk=audit.pk)
        .select_related("instrument")
        .order_by("-decided_at", "-pk")
        .first()
    )


def year_of(audit: Audit) -> int:
    return (audit.ends_on or audit.starts_on).year


def can_carry(audit: Audit) -> bool:
    """A draft maintenance/recertification audit with nothing answered yet, and an accepted audit to start
    from."""
    return (
        audit.status == AuditStatus.DRAFT
        and audit.revision_count == 0
        and audit.carried_from_id is None
        and audit.kind in CARRY_KINDS
        and not audit.answers.exists()
        and source_audit(audit) is not None
    )


def offer(audit: Audit) -> dict[str, Any] | None:
    """What the audit page shows: the offer to carry over, or the report of what was carried."""
    if audit.carried_from_id:
        pending = audit.answers.filter(carry_state=Answer.Carry.PENDING).count()
        return {"report": audit.carry_report, "pending": pending}
    if audit.status != AuditStatus.DRAFT or audit.kind not in CARRY_KINDS or audit.revision_count:
        return None
    source = source_audit(audit)
    if source is None or audit.answers.exists():
        return None
    return {"source": source, "year": year_of(source), "window": window_for(audit)}


def window_for(audit: Audit):
    """The partner's review window the carried evidence must fall in (the 12-month window; the narrowing to
    "since the last audit" is for cited program records, not for documents confirmed with an answer)."""
    return review_window(
        audit.partner.province,
        kind=audit.kind,
        data_gathering_starts=audit.starts_on,
        data_gathering_ends=audit.ends_on,
        last_audit_ended_on=None,
    )


def _same_scoring(old, new) -> bool:
    return old.points == new.points and old.scoring_rule == new.scoring_rule


@transaction.atomic
def carry_over(*, audit: Audit, user) -> dict[str, Any]:
    """Copy the last accepted audit's answers, notes and evidence into this draft. Returns the report (also
    stored on the audit). Raises :class:`ApplicationError` when there is nothing to carry from."""
    from secor import tenancy

    if not tenancy.can_write_employer(user, audit.employer_id):
        raise ApplicationError("You cannot change this audit.")
    audit = Audit.objects.select_for_update().select_related("partner", "instrument").get(pk=audit.pk)
    if not can_carry(audit):
        raise ApplicationError(
            "Answers can be carried over only into a new maintenance or recertification draft with nothing "
            "answered yet, when an earlier audit of this enrolment was accepted."
        )
    source = source_audit(audit)
    assert source is not None  # noqa: S101 - can_carry checked it
    year = year_of(source)
    window = window_for(audit)
    window_text = (
        f"{window.starts_on:%B} {window.starts_on.day}, {window.starts_on.year} to "
        f"{window.ends_on:%B} {window.ends_on.day}, {window.ends_on.year}"
    )
    targets = {
        q.stable_key: q
        for q in audit.instrument.elements.prefetch_related("questions").all()
        for q in q.questions.all()
    }
    old_answers = list(source.answers.select_related("question"))
    old_evidence: dict[int, list[Evidence]] = {}
    for e in source.evidence.filter(removed_at__isnull=True, first_revision__isnull=False).order_by("pk"):
        old_evidence.setdefault(e.question_id, []).append(e)

    carried: list[str] = []
    carried_keys: set[str] = set()
    not_carried: list[dict[str, str]] = []
    refused: list[dict[str, str]] = []
    versions_differ = source.instrument_id != audit.instrument_id
    for old in old_answers:
        oq = old.question
        q = targets.get(oq.stable_key)
        if q is None:
            not_carried.append(
                {
                    "question": oq.code,
                    "text": oq.text[:160],
                    "reason": f"Not in version {audit.instrument.version} of the instrument.",
                }
            )
            continue
        if not _same_scoring(oq, q):
            not_carried.append(
                {
                    "question": q.code,
                    "text": q.text[:160],
                    "reason": (
                        f"Scored differently now ({oq.points:g} points, "
                        f"{oq.get_scoring_rule_display().lower()} → {q.points:g} points, "
                        f"{q.get_scoring_rule_display().lower()}): answer it again."
                    ),
                }
            )
            continue
        Answer.objects.create(
            audit=audit,
            question=q,
            score=old.score,
            notes=old.notes,
            interviews_positive=old.interviews_positive,
            interviews_total=old.interviews_total,
            carry_state=Answer.Carry.PENDING,
            carried_from_year=year,
            updated_by=user,
        )
        carried_keys.add(q.stable_key)
        carried.append(q.code if not versions_differ or q.code == oq.code else f"{oq.code} → {q.code}")
        for e in old_evidence.get(oq.pk, []):
            day: date = timezone.localdate(e.uploaded_at)
            if day < window.starts_on:
                refused.append(
                    {
                        "question": q.code,
                        "file": e.original_name,
                        "dated": day.isoformat(),
                        "reason": (
                            f"Dated {day:%B} {day.day}, {day.year}: older than the review window "
                            f"({window_text}). {window.text}"
                        ),
                    }
                )
                continue
            if e.method not in q.methods:
                refused.append(
                    {
                        "question": q.code,
                        "file": e.original_name,
                        "dated": day.isoformat(),
                        "reason": (
                            f"Question {q.code} is no longer verified by {e.get_method_display().lower()}."
                        ),
                    }
                )
                continue
            Evidence.objects.create(
                audit=audit,
                question=q,
                method=e.method,
                checklist_item=e.checklist_item if e.checklist_item in (q.evidence_checklist or []) else "",
                description=e.description,
                file=e.file.name,
                original_name=e.original_name,
                size=e.size,
                sha256=e.sha256,
                uploaded_by=e.uploaded_by,
                uploaded_at=e.uploaded_at,
                carried_from=e,
            )
    refused_records = _carry_records(source, audit, targets, carried_keys, year)
    report = {
        "from_audit": source.pk,
        "from_year": year,
        "from_version": source.instrument.version,
        "to_version": audit.instrument.version,
        "carried": carried,
        "not_carried": not_carried,
        "refused_evidence": refused,
        "refused_records": refused_records,
        "window": {
            "starts_on": window.starts_on.isoformat(),
            "ends_on": window.ends_on.isoformat(),
            "text": window.text,
            "sources": sources_text(window.reference),
        },
    }
    audit.carried_from = source
    audit.carry_report = report
    audit.save(update_fields=["carried_from", "carry_report", "updated_at"])
    from audits.models import AuditTransition
    from audits.services import _log

    _log(
        audit,
        AuditTransition.Action.PLAN_UPDATED,
        user,
        from_status=audit.status,
        carried_over_from=source.pk,
        year=year,
        carried=len(carried),
        not_carried=len(not_carried),
        refused_evidence=len(refused),
        refused_records=len(refused_records),
    )
    return report


def _carry_records(source: Audit, audit: Audit, targets: dict, carried_keys: set[str], year: int) -> list:
    """Program records cited with last year's audit (issue 11): carried when still inside this audit's
    record window (``safety_program.audit_evidence.window_for``: since the last audit), else listed."""
    try:
        from safety_program.audit_evidence import records_of
        from safety_program.audit_evidence import window_for as records_window
        from safety_program.citation_models import CitedRecord
    except ImportError:  # pragma: no cover - the program app is part of the project
        return []
    window = records_window(audit)
    shown = f"{window.starts_on:%B} {window.starts_on.day}, {window.starts_on.year} to " + (
        f"{window.ends_on:%B} {window.ends_on.day}, {window.ends_on.year}"
    )
    refused: list[dict[str, str]] = []
    old = CitedRecord.objects.filter(audit=source, removed_at__isnull=True, first_revision__isnull=False)
    for c in old.select_related("question").order_by("pk"):
        key = c.question.stable_key
        q = targets.get(key)
        if q is None or key not in carried_keys:
            continue
        alive = records_of(c.record_kind, audit.employer_id).filter(pk=c.record_id).exists()
        if alive and window.contains(c.record_date):
            CitedRecord.objects.create(
                audit=audit,
                question=q,
                checklist_item=c.checklist_item if c.checklist_item in (q.evidence_checklist or []) else "",
                record_kind=c.record_kind,
                record_id=c.record_id,
                record_date=c.record_date,
                label=c.label,
            )
            continue
        reason = (
            f"Cited with the {year} audit; dated {c.record_date:%B} {c.record_date.day}, "
            f"{c.record_date.year}, outside this audit's record window ({shown}). {window.text}"
            if alive
            else f"Cited with the {year} audit; the record no longer exists."
        )
        refused.append(
            {"question": q.code, "record": c.label, "dated": c.record_date.isoformat(), "reason": reason}
        )
    return refused


def on_answer_saved(answer: Answer, before: dict[str, Any]) -> None:
    """A carried answer saved again: confirmed when nothing changed, updated otherwise."""
    if answer.carry_state != Answer.Carry.PENDING:
        return
    now = {
        "score": answer.score,
        "notes": answer.notes,
        "interviews_positive": answer.interviews_positive,
        "interviews_total": answer.interviews_total,
    }
    answer.carry_state = Answer.Carry.CONFIRMED if now == before else Answer.Carry.CHANGED


def pending_problems(audit: Audit) -> dict[int, str]:
    """question id → the problem, for every carried answer not yet confirmed or updated."""
    return {
        qid: f"carried over from {year}: confirm or update"
        for qid, year in audit.answers.filter(carry_state=Answer.Carry.PENDING).values_list(
            "question_id", "carried_from_year"
        )
    }
