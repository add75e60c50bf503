"""Program records as audit evidence: the review window, the question's record checklist, citing, and the
records frozen into a submitted revision.

1. **Review window** (:func:`window_for`): the partner's period an audit looks at
   (:func:`provinces.review_window.review_window`: the 12 months before data gathering through its last day;
   since the last accepted audit for maintenance and recertification audits).
2. **Record checklist** (:func:`checklist`): per line of the question's evidence checklist, the record kinds
   it needs (:mod:`safety_program.evidence_needs`), the records of each kind inside the window (cited or not),
   how many fall outside, and which are missing.
3. **Citing** (:func:`cite`, :func:`uncite`): a record of the audit's employer, of a citable kind, dated
   inside the window; anything else is refused with a field-level message (outside: with the window's
   dates). Only while the audit can be edited, by the employer's members and consultants.
4. **Freezing** (:func:`frozen_records`): on submit, each cited record's content (:func:`record_content`) goes
   into the revision's snapshot with its SHA-256; later edits of the record never change it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from audits.models import Audit, AuditStatus, Question
from audits.snapshots import canonical_sha256
from provinces.review_window import ReviewWindow, review_window
from safety_program import models as m
from safety_program.citation_models import CitedRecord
from safety_program.evidence_needs import CITABLE_KINDS, Need, needs_for
from secor.core.exceptions import ApplicationError

# kind -> (model, date field, employer lookup, soft-delete lookup)
KINDS: dict[str, tuple[type[Model], str, str, str]] = {
    "inspection": (m.Inspection, "occurred_on", "employer_id", "deleted_at"),
    "hazard_assessment": (m.HazardAssessment, "occurred_on", "employer_id", "deleted_at"),
    "safety_meeting": (m.SafetyMeeting, "occurred_on", "employer_id", "deleted_at"),
    "emergency_drill": (m.EmergencyDrill, "occurred_on", "employer_id", "deleted_at"),
    "incident": (m.Incident, "occurred_on", "employer_id", "deleted_at"),
    "competency_verification": (m.CompetencyVerification, "occurred_on", "employer_id", "deleted_at"),
    "corrective_action": (m.CorrectiveAction, "opened_on", "employer_id", "deleted_at"),
    "document_version": (m.DocumentVersion, "approved_on", "document__employer_id", "document__deleted_at"),
}
LIST_LIMIT = 12  # records listed per need on the question page (newest first); the rest are counted


def last_audit_ended_on(audit: Audit) -> date | None:
    """The last day of data gathering of the latest accepted audit of the same enrolment before this one."""
    return (
        Audit.objects.filter(
            enrolment_id=audit.enrolment_id, status=AuditStatus.ACCEPTED, ends_on__lt=audit.starts_on
        )
        .exclude(pk=audit.pk)
        .order_by("-ends_on")
        .values_list("ends_on", flat=True)
        .first()
    )


def window_for(audit: Audit) -> ReviewWindow:
    return review_window(
        audit.partner.province,
        kind=audit.kind,
        data_gathering_starts=audit.starts_on,
        data_gathering_ends=audit.ends_on,
        last_audit_ended_on=last_audit_ended_on(audit) if audit.kind != "certification" else None,
    )


def records_of(kind: str, employer_id: int, filters: dict[str, str] | None = None) -> QuerySet:
    """The employer's live records of ``kind`` (optionally narrowed, e.g. field-level hazard assessments)."""
    model, _date, employer, deleted = KINDS[kind]
    qs = model._default_manager.filter(**{employer: employer_id, f"{deleted}__isnull": True})
    for key, value in (filters or {}).items():
        if key == "document_kind":
            if value:
                qs = qs.filter(document__kind=value)
        else:
            qs = qs.filter(**{key: value})
    if kind == "document_version":
        qs = qs.select_related("document")
    elif kind == "inspection":
        qs = qs.select_related("kind")
    return qs


def record_date(kind: str, record: Model) -> date:
    return getattr(record, KINDS[kind][1])


def record_label(kind: str, record: Model) -> str:
    return str(record)[:300]


def _person(p) -> str:
    return p.full_name if p is not None else ""


def record_content(kind: str, record: Model) -> dict[str, Any]:
    """What the partner reviews of a record: its dated content, people, signature and attachment checksums."""
    model = KINDS[kind][0]
    out: dict[str, Any] = {"kind": kind, "id": record.pk, "label": record_label(kind, record)}
    for f in model._meta.concrete_fields:
        if f.name in ("id", "employer", "created_at", "created_by", "deleted_at", "file", "document"):
            continue
        if f.is_relation:
            target = getattr(record, f.name)
            if target is None:
                out[f.name] = None
            elif hasattr(target, "full_name"):
                out[f.name] = target.full_name
            else:
                out[f.name] = str(target)
        else:
            value = getattr(record, f.attname)
            out[f.name] = value.isoformat() if hasattr(value, "isoformat") else value
    if kind == "document_version":
        out["document"] = record.document.title
        out["document_kind"] = record.document.get_kind_display()
    if hasattr(record, "participants"):
        out["participants"] = sorted(_person(p) for p in record.participants.all())
    if kind == "inspection":
        out["items"] = [
            {"text": i.text, "result": i.result, "note": i.note} for i in record.items.order_by("position")
        ]
    if hasattr(record, "attachments"):
        out["attachments"] = [
            {"name": a.original_name, "sha256": a.sha256, "size": a.size}
            for a in record.attachments.order_by("pk")
        ]
    return out


# ---- the question's record checklist -------------------------------------------------------------------


@dataclass
class NeedRow:
    need: Need
    inside: list[tuple[Model, bool]] = field(default_factory=list)  # (record, cited)
    inside_count: int = 0
    outside_count: int = 0
    cited_count: int = 0

    @property
    def missing(self) -> bool:
        return self.inside_count == 0


@dataclass
class LineRow:
    line: str
    needs: list[NeedRow]


@dataclass
class RecordChecklist:
    window: ReviewWindow
    lines: list[LineRow]
    cited: list[CitedRecord]

    @property
    def missing(self) -> list[NeedRow]:
        return [n for line in self.lines for n in line.needs if n.missing]


def checklist(audit: Audit, question: Question) -> RecordChecklist:
    window = window_for(audit)
    cited = list(
        CitedRecord.objects.filter(audit=audit, question=question, removed_at__isnull=True).order_by(
            "record_date", "pk"
        )
    )
    cited_keys = {(c.record_kind, c.record_id) for c in cited}
    lines = []
    for line in question.evidence_checklist or []:
        rows = []
        for need in needs_for(line):
            date_field = KINDS[need.kind][1]
            qs = records_of(need.kind, audit.employer_id, need.filters)
            inside_qs = qs.filter(
                **{f"{date_field}__gte": window.starts_on, f"{date_field}__lte": window.ends_on}
            )
            row = NeedRow(need)
            row.inside_count = inside_qs.count()
            row.outside_count = qs.count() - row.inside_count
            for rec in inside_qs.order_by(f"-{date_field}", "-pk")[:LIST_LIMIT]:
                row.inside.append((rec, (need.kind, rec.pk) in cited_keys))
            row.cited_count = sum(1 for c in cited if c.record_kind == need.kind)
            rows.append(row)
        if rows:
            lines.append(LineRow(line, rows))
    return RecordChecklist(window, lines, cited)


# ---- citing ----------------------------------------------------------------------------------------------


def _check_writer(audit: Audit, user) -> Audit:
    from audits.services import _locked, _require_editable, _require_employer_writer

    _require_employer_writer(user, audit)
    audit = _locked(audit)
    _require_editable(audit)
    return audit


@transaction.atomic
def cite(
    *,
    audit: Audit,
    question: Question | int,
    user,
    record_kind: str,
    record_id: int,
    checklist_item: str = "",
) -> CitedRecord:
    """Cite one program record for a question; refused per field (nothing written) when it cannot be."""
    audit = _check_writer(audit, user)
    q = question if isinstance(question, Question) else Question.objects.filter(pk=question).first()
    errors: dict[str, list[str]] = {}
    if q is None or q.element.instrument_id != audit.instrument_id:
        raise ApplicationError(
            "That question is not part of this audit's instrument.", {"question": ["Unknown."]}
        )
    if "documentation" not in q.methods:
        methods = ", ".join(q.method_labels())
        errors["question"] = [f"Question {q.code} is verified by {methods}, not by records."]
    if checklist_item and checklist_item not in (q.evidence_checklist or []):
        errors["checklist_item"] = ["Choose an item of the question's evidence checklist."]
    if record_kind not in KINDS:
        errors["record_kind"] = [f"Choose one of: {', '.join(CITABLE_KINDS.values())}."]
    if errors:
        raise ApplicationError("The record cannot be cited.", errors)
    record = records_of(record_kind, audit.employer_id).filter(pk=record_id).first()
    if record is None:
        raise ApplicationError(
            "The record cannot be cited.", {"record_id": ["No such record of this employer."]}
        )
    on = record_date(record_kind, record)
    window = window_for(audit)
    if not window.contains(on):
        raise ApplicationError(
            "The record cannot be cited.",
            {
                "record_id": [
                    f"This record is dated {on.isoformat()}, outside the audit's review window "
                    f"({window.describe()}); cite records from that period."
                ]
            },
        )
    if CitedRecord.objects.filter(
        audit=audit, question=q, record_kind=record_kind, record_id=record.pk, removed_at__isnull=True
    ).exists():
        raise ApplicationError(
            "The record cannot be cited.", {"record_id": ["This record is already cited for this question."]}
        )
    return CitedRecord.objects.create(
        audit=audit,
        question=q,
        checklist_item=checklist_item,
        record_kind=record_kind,
        record_id=record.pk,
        record_date=on,
        label=record_label(record_kind, record),
        cited_by=user if getattr(user, "is_authenticated", False) else None,
    )


@transaction.atomic
def uncite(*, cited: CitedRecord, user) -> None:
    """Take a record off the working copy: deleted if never submitted, else kept for earlier revisions."""
    _check_writer(cited.audit, user)
    if cited.first_revision is None:
        cited.delete()
    else:
        cited.removed_at = timezone.now()
        cited.save(update_fields=["removed_at"])


# ---- readiness and submission hooks (called by audits.services) ------------------------------------------


def cited_by_question(audit: Audit) -> dict[int, list[CitedRecord]]:
    out: dict[int, list[CitedRecord]] = {}
    for c in CitedRecord.objects.filter(audit=audit, removed_at__isnull=True).order_by("pk"):
        out.setdefault(c.question_id, []).append(c)
    return out


def frozen_records(audit: Audit) -> list[dict[str, Any]]:
    """The cited records as the revision keeps them: content and checksum, as they are now."""
    out = []
    for c in CitedRecord.objects.filter(audit=audit, removed_at__isnull=True).order_by("pk"):
        record = KINDS[c.record_kind][0]._default_manager.filter(pk=c.record_id).first()
        content = record_content(c.record_kind, record) if record is not None else {"deleted": True}
        out.append(
            {
                "id": c.pk,
                "question_id": c.question_id,
                "record_kind": c.record_kind,
                "record_id": c.record_id,
                "record_date": c.record_date.isoformat(),
                "label": c.label,
                "checklist_item": c.checklist_item,
                "content": content,
                "sha256": canonical_sha256(content),
            }
        )
    return out


def mark_submitted(audit: Audit, number: int) -> None:
    CitedRecord.objects.filter(audit=audit, removed_at__isnull=True, first_revision__isnull=True).update(
        first_revision=number
    )


def current_checksum(kind: str, record_id: int) -> str | None:
    record = KINDS[kind][0]._default_manager.filter(pk=record_id).first()
    return None if record is None else canonical_sha256(record_content(kind, record))
