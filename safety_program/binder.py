"""The evidence binder of an audit: per element of the instrument, its questions and the records and files
that back each one inside the review window, with an index and checksums — what a partner's quality
reviewer asks for, and no more (issue 11).

- A draft (or an audit sent back for corrections) is bound from its working copy: the records cited now,
  with their checksums as they are now, and the files attached.
- An audit with the partner is bound from its latest submitted revision: the records and files exactly as
  frozen there (:func:`safety_program.audit_evidence.frozen_records`), so the binder shows what was reviewed.
- Only records dated inside the review window are bound; a cited record that fell outside (the audit's dates
  changed after it was cited) is left out and counted.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from audits.models import Audit, Instrument
from safety_program.audit_evidence import frozen_records, window_for
from safety_program.evidence_needs import CITABLE_KINDS

# content key -> what the binder calls it (in this order); the rest of a record's content is not printed
DETAIL_LABELS: tuple[tuple[str, str], ...] = (
    ("occurred_on", "Date"),
    ("approved_on", "Approved on"),
    ("opened_on", "Opened on"),
    ("document", "Document"),
    ("version", "Version"),
    ("approved_by", "Approved by"),
    ("review_due_on", "Review due"),
    ("kind", "Kind"),
    ("location", "Location"),
    ("job_task", "Job or task"),
    ("topics", "Topics"),
    ("scenario", "Scenario"),
    ("description", "What happened"),
    ("causes", "Immediate causes"),
    ("root_causes", "Root causes"),
    ("investigated_on", "Investigated on"),
    ("worker", "Worker"),
    ("subject", "Task, equipment or topic"),
    ("title", "What to fix"),
    ("owner", "Owner"),
    ("due_on", "Due"),
    ("status", "Status"),
    ("closed_on", "Closed on"),
    ("closure_evidence", "How it was fixed"),
    ("led_by", "Done by"),
    ("participants", "Took part"),
    ("findings", "Findings"),
    ("signed_name", "Signed by"),
    ("signed_at", "Signed at"),
    ("signed_off_name", "Signed off by"),
    ("changes", "What changed"),
)


def record_details(content: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for key, label in DETAIL_LABELS:
        value = content.get(key)
        if key == "kind" and isinstance(value, str) and value in ("formal", "field"):
            value = "Field-level" if value == "field" else "Formal"
        elif key == "kind":
            continue
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if value not in (None, "", []):
            out.append((label, str(value)))
    items = content.get("items") or []
    if items:
        deficient = sum(1 for i in items if i.get("result") == "deficient")
        out.append(("Checklist", f"{len(items)} lines, {deficient} deficient"))
    return out


def _record_date(r: dict[str, Any]) -> date:
    return date.fromisoformat(r["record_date"])


def binder_context(audit: Audit, *, element_number: int | None = None) -> dict[str, Any]:
    window = window_for(audit)
    revision = None if audit.is_editable else audit.revisions.order_by("-number").first()
    if revision is not None:
        records, files = revision.snapshot.get("records", []), revision.snapshot.get("evidence", [])
        answers = {a["question_id"]: a.get("score") for a in revision.snapshot.get("answers", [])}
    else:
        records = frozen_records(audit)
        files = [
            {"id": e.pk, "question_id": e.question_id, "name": e.original_name, "sha256": e.sha256,
             "size": e.size, "method": e.method, "checklist_item": e.checklist_item}
            for e in audit.evidence.filter(removed_at__isnull=True).order_by("pk")
        ]  # fmt: skip
        answers = {a.question_id: a.score for a in audit.answers.all()}
    inside = [r for r in records if window.contains(_record_date(r))]
    left_out = len(records) - len(inside)
    instrument = Instrument.objects.prefetch_related("elements__questions").get(pk=audit.instrument_id)
    elements = []
    n = 0
    for element in instrument.elements.all():
        if element_number is not None and element.number != element_number:
            continue
        questions = []
        for q in element.questions.all():
            q_records = sorted((r for r in inside if r["question_id"] == q.pk), key=_record_date)
            q_files = [f for f in files if f["question_id"] == q.pk]
            entries = []
            for r in q_records:
                n += 1
                entries.append(
                    {
                        "n": n,
                        "question": q.code,
                        "type": "record",
                        "kind": CITABLE_KINDS.get(r["record_kind"], r["record_kind"]),
                        "label": r["label"],
                        "date": r["record_date"],
                        "sha256": r["sha256"],
                        "details": record_details(r["content"]),
                        "attachments": r["content"].get("attachments", []),
                        "checklist_item": r.get("checklist_item", ""),
                    }
                )
            for f in q_files:
                n += 1
                entries.append(
                    {
                        "n": n,
                        "question": q.code,
                        "type": "file",
                        "kind": "Uploaded file",
                        "label": f["name"],
                        "date": "",
                        "sha256": f["sha256"],
                        "details": [],
                        "attachments": [],
                        "checklist_item": f.get("checklist_item", ""),
                    }
                )
            questions.append(
                {
                    "code": q.code,
                    "text": q.text,
                    "methods": q.method_labels(),
                    "checklist": q.evidence_checklist or [],
                    "score": answers.get(q.pk),
                    "points": q.points,
                    "entries": entries,
                }
            )
        elements.append(
            {
                "number": element.number,
                "name": element.name,
                "questions": questions,
                "records": sum(1 for q in questions for e in q["entries"] if e["type"] == "record"),
                "files": sum(1 for q in questions for e in q["entries"] if e["type"] == "file"),
            }
        )
    return {
        "audit": audit,
        "employer": audit.employer,
        "partner": audit.partner,
        "instrument": instrument,
        "window": window,
        "revision": revision,
        "elements": elements,
        "index": [e for el in elements for q in el["questions"] for e in q["entries"]],
        "left_out": left_out,
        "element_number": element_number,
        "as_of": timezone.localdate(),
    }
