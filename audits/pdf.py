"""Context for the audit-submission-package PDF (rendered by the UI area): everything comes from the
immutable revision snapshot, so the PDF shows exactly what was submitted."""

from __future__ import annotations

from typing import Any

from audits.models import AuditRevision, AuditTransition


def submission_package_context(revision: AuditRevision) -> dict[str, Any]:
    snap = revision.snapshot
    evidence_by_q: dict[int, list[dict]] = {}
    for e in snap["evidence"]:
        evidence_by_q.setdefault(e["question_id"], []).append(e)
    answers_by_element: dict[int, list[dict]] = {}
    for a in snap["answers"]:
        answers_by_element.setdefault(a["element"], []).append(
            {**a, "evidence": evidence_by_q.get(a["question_id"], [])}
        )
    elements = [{**e, "answers": answers_by_element.get(e["number"], [])} for e in snap["scores"]["elements"]]
    notes = [
        {
            "kind": n.kind,
            "question": n.question.code if n.question_id else None,
            "text": n.text,
            "response": n.response,
        }
        for n in revision.notes.select_related("question").order_by("pk")
    ]
    history = [
        {"at": t.at, "action": t.get_action_display(), "actor": t.actor.display_name if t.actor else "system"}
        for t in AuditTransition.objects.filter(audit_id=revision.audit_id)
        .select_related("actor")
        .order_by("at", "pk")
    ]
    return {
        "revision": revision,
        "number": revision.number,
        "submitted_at": revision.submitted_at,
        "snapshot_sha256": revision.snapshot_sha256,
        "intact": revision.verify(),
        "audit": snap["audit"],
        "scores": snap["scores"],
        "elements": elements,
        "evidence": snap["evidence"],
        "notes": notes,
        "history": history,
    }
